/* test_text.c -- the one edit distance and "did you mean" rule (fc_text.h).
   Every expected value is worked out by hand in the comment beside it. */
#include <math.h>
#include <string.h>
#include "fc.h"
#include "fc_test.h"

static void test_str(const char *got, const char *want, const char *desc) {
  int ok = (got == NULL && want == NULL) || (got && want && strcmp(got, want) == 0);
  fc_test_int(ok, 1, desc);
  if (!ok) printf("  got '%s', expected '%s'\n", got ? got : "(null)", want ? want : "(null)");
}

static void test_distance(void) {
  char a[80], b[80];
  /* kitten -> sitten (k/s) -> sittin (e/i) -> sitting (+g): 3, Levenshtein 1966's example */
  fc_test_int(fc_text_edit_distance("kitten", "sitting"), 3, "kitten/sitting");
  /* ab -> ba: one adjacent transposition (Levenshtein alone would need 2) */
  fc_test_int(fc_text_edit_distance("ab", "ba"), 1, "ab/ba transposition");
  fc_test_int(fc_text_edit_distance("tpd_w", "tdp_w"), 1, "tpd_w/tdp_w transposition");
  /* optimal string alignment edits no substring twice: ca -> a (delete c)
     -> ab (+b) -> abc (+c) = 3, where unrestricted Damerau gives 2 */
  fc_test_int(fc_text_edit_distance("ca", "abc"), 3, "ca/abc is 3 (OSA, not Damerau's 2)");
  /* case is ignored: H100 and h100 are the same name */
  fc_test_int(fc_text_edit_distance("H100", "h100"), 0, "case-insensitive");
  fc_test_int(fc_text_edit_distance("", "abc"), 3, "empty string: 3 insertions");
  /* die_area -> die_area_mm2: 4 insertions (_ m m 2) */
  fc_test_int(fc_text_edit_distance("die_area", "die_area_mm2"), 4, "die_area/die_area_mm2");
  /* capped at 64 characters each: 70 a's against 70 b's = 64 substitutions */
  memset(a, 'a', 70); a[70] = '\0';
  memset(b, 'b', 70); b[70] = '\0';
  fc_test_int(fc_text_edit_distance(a, b), 64, "capped at 64 characters");
}

static void test_suggest(void) {
  static const char *const fields[] = {"tdp_w", "idle_w", "die_area_mm2", NULL};
  static const char *const ties[] = {"ac", "aa", NULL};
  static const char *const none[] = {NULL};
  static const char *const nine[] = {"abcxyzghi", NULL};
  static const char *const eight[] = {"abcxyzgh", NULL};
  fc_text_closest c;
  test_str(fc_text_suggest("tpd_w", fields), "tdp_w", "tpd_w -> tdp_w (1 edit)");
  /* die_area is 4 edits from die_area_mm2, over max(2, 8/3 = 2); a name it
     starts (3+ characters) counts as 1 */
  test_str(fc_text_suggest("die_area", fields), "die_area_mm2", "die_area -> die_area_mm2 (prefix)");
  test_str(fc_text_suggest("tdp_w_max", fields), "tdp_w", "tdp_w_max -> tdp_w (the name starts with it)");
  /* "di" is a prefix too short to count (2 < 3): distances 10 to die_area_mm2
     (10 insertions), 5 to idle_w (swap di -> id, 4 insertions), 4 to tdp_w
     (+t, i -> p, +_, +w); none within 1 (a 2-letter name) */
  test_str(fc_text_suggest("di", fields), NULL, "di: too short a prefix, nothing close");
  /* limit max(2, len / 3): 9 characters allow 3 edits, 8 allow 2;
     abcdefghi -> abcxyzghi and abcdefgh -> abcxyzgh are 3 substitutions each */
  test_str(fc_text_suggest("abcdefghi", nine), "abcxyzghi", "9 characters: 3 edits suggested");
  test_str(fc_text_suggest("abcdefgh", eight), NULL, "8 characters: 3 edits too many");
  /* 3 characters or fewer allow 1 edit: cn -> us is 2 substitutions */
  {
    static const char *const dests[] = {"us", "china", "allied", "other", NULL};
    test_str(fc_text_suggest("cn", dests), NULL, "cn: 2 edits of a 2-letter name are not suggested");
    test_str(fc_text_suggest("uk", dests), "us", "uk -> us: 1 edit");
  }
  /* ab is 1 edit from both ac and aa: the tie goes to the first by name, aa,
     whatever the list's order */
  test_str(fc_text_suggest("ab", ties), "aa", "ties go to the first by name");
  test_str(fc_text_suggest("ab", none), NULL, "no candidates");
  test_str(fc_text_suggest("ab", NULL), NULL, "NULL list");
  /* the streaming form gives the same answer as the list form */
  fc_text_closest_init(&c, "tpd_w");
  fc_text_closest_add(&c, "idle_w");
  fc_text_closest_add(&c, "tdp_w");
  fc_text_closest_add(&c, NULL);
  test_str(fc_text_closest_get(&c), "tdp_w", "streaming form");
  /* ties: 3A090 starts 3A090-2022 and 3A090-2023 (score 1 each) and is one
     substitution from 4A090 (score 1); 3A090X is 1 insertion too; xyz is far */
  fc_text_closest_init(&c, "3A090");
  fc_text_closest_add(&c, "3A090-2023");
  fc_text_closest_add(&c, "3A090-2022");
  fc_text_closest_add(&c, "xyz");
  test_str(fc_text_closest_get(&c), "3A090-2022", "ties: the first by name");
  fc_test_int(fc_text_closest_ties(&c, "3A090-2023"), 1, "3A090-2023 ties");
  fc_test_int(fc_text_closest_ties(&c, "4A090"), 1, "4A090 ties (1 substitution)");
  fc_test_int(fc_text_closest_ties(&c, "xyz"), 0, "xyz does not tie");
  fc_test_int(fc_text_closest_ties(&c, NULL), 0, "NULL does not tie");
  fc_text_closest_init(&c, "cn");
  fc_text_closest_add(&c, "us");
  fc_test_int(fc_text_closest_ties(&c, "us"), 0, "nothing ties when nothing is close");
}

static void test_progress_line(void) {
  char b[256];
  /* half done after 30 s: 15 of 30 marks, 30 s left (30 x 1e6 / 1e6) */
  fc_text_progress_line(b, sizeof b, "monte carlo", "samples", 1e6, 2e6, 30.0);
  test_str(b, "monte carlo [###############...............]  50%  1000000 of 2000000 samples, 30 s left",
           "half way");
  /* 21 of 46 cells after 60 s: floor(30 x 21/46) = 13 marks, 45 %; left 60 x 25/21 = 71.4 -> 72 s */
  fc_text_progress_line(b, sizeof b, "compare", "cells", 21, 46, 60.0);
  test_str(b, "compare [#############.................]  45%  21 of 46 cells, 72 s left", "compare");
  /* 1 of 10 after 20 s: 180 s left = 3 min 00 s */
  fc_text_progress_line(b, sizeof b, "x", "u", 1, 10, 20.0);
  test_str(b, "x [###...........................]  10%  1 of 10 u, 3 min 00 s left", "minutes");
  fc_text_progress_line(b, sizeof b, "x", "u", 1, 10, 0.5);
  test_str(b, "x [###...........................]  10%  1 of 10 u, time left: estimating", "before 1 s");
  fc_text_progress_line(b, sizeof b, "x", "u", 10, 10, 12.34);
  test_str(b, "x [##############################] 100%  10 of 10 u, done in 12.3 s", "done");
  fc_test_int(fc_text_progress_line(b, sizeof b, NULL, "u", 1, 2, 1) < 0, 1, "no label");
  fc_test_int(fc_text_progress_line(b, sizeof b, "x", "u", NAN, 2, 1) < 0, 1, "NaN done");
}

static void test_progress_fit(void) {
  char b[256];
  /* 86 characters on a 60-column terminal: the text around the bar is 56, so the bar keeps
     60 - 1 - 56 = 3 -> the minimum 5 marks, 15 of 30 '#' -> 2; then the line is cut to 59 */
  fc_text_progress_line(b, sizeof b, "monte carlo", "samples", 1e6, 2e6, 30.0);
  fc_test_int(fc_text_progress_fit(b, 60), 59, "cut to 59 on 60 columns");
  test_str(b, "monte carlo [##...]  50%  1000000 of 2000000 samples, 30 s ", "bar of 5, end cut");
  /* 72 characters (42 around the bar) on 70 columns: the bar keeps 69 - 42 = 27 marks, and
     floor(15 x 27 / 30) = 13 of them '#'; nothing is cut */
  fc_text_progress_line(b, sizeof b, "compare", "cells", 23, 46, 60.0);
  fc_test_int((int)strlen(b), 72, "compare line 72 wide");
  fc_test_int(fc_text_progress_fit(b, 70), 69, "69 on 70 columns");
  test_str(b, "compare [#############..............]  50%  23 of 46 cells, 60 s left", "bar of 27");
  /* a line that fits is left alone */
  fc_text_progress_line(b, sizeof b, "x", "u", 10, 10, 12.34);
  fc_test_int(fc_text_progress_fit(b, 100), 67, "fits 100 columns as it is (67)");
  fc_test_int(fc_text_progress_fit(NULL, 80), -1, "no line");
}

int main(void) {
  test_distance();
  test_suggest();
  test_progress_line();
  test_progress_fit();
  return fc_test_summary("text");
}
