/*
** fc_text.h -- names: the one edit distance and the one "did you mean" rule
** of flopcost (the catalog validator, every binding check and, through
** core.catalog.suggest, the Lua layer's flopcost.suggest use these).
**
** Distance: optimal string alignment (Damerau 1964; Levenshtein 1966 plus
** transpositions of adjacent characters, each edit costing 1), case-
** insensitive (ASCII), over the first 64 characters of each string.
**
** Suggestion rule for a typed name s among candidates:
**   score = 1 when one of the two starts with the other and the shorter has
**           3+ characters ("die_area" / "die_area_mm2"), else the distance;
**   the candidate with the lowest score wins, ties going to the first by
**   strcmp (so the answer never depends on the order of a Lua table);
**   it is suggested only when score <= max(2, strlen(s) / 3), or 1 when s
**   has 3 characters or fewer (2 edits of "cn" reach "us": not a misspelling).
*/
#ifndef FC_TEXT_H
#define FC_TEXT_H

#include <stddef.h>

int fc_text_edit_distance(const char *a, const char *b);

/* The rule over a stream of candidates (for lists the caller cannot turn
   into an array, e.g. a Lua table). Candidates must outlive the search. */
typedef struct {
  const char *s;    /* what was typed */
  const char *best; /* the best candidate so far, or NULL */
  int best_score;
} fc_text_closest;

void fc_text_closest_init(fc_text_closest *c, const char *s);
void fc_text_closest_add(fc_text_closest *c, const char *name);
/* The suggestion, or NULL when no candidate is close enough. */
const char *fc_text_closest_get(const fc_text_closest *c);

/* After every candidate was added: 1 when name ties with the suggestion
   (same score, and the suggestion is close enough), for "did you mean one
   of ..." lists; 0 otherwise (and always when nothing is suggested). */
int fc_text_closest_ties(const fc_text_closest *c, const char *name);

/* The rule over a NULL-terminated list: the suggestion or NULL. */
const char *fc_text_suggest(const char *s, const char *const *names);

/*
** The one progress line of flopcost (Monte Carlo in C, compare and the rest
** through core.text.progress_line): into buf (snprintf's contract, no \r or
** \n), e.g.  "compare [#############.................]  45%  21 of 46 cells, 12 s left"
** 30 marks; the time left is elapsed_s extrapolated linearly over what is
** left ("time left: estimating" before 1 s or before the first unit;
** "done in 12.3 s" at the end; minutes and seconds from 90 s).
** Returns what snprintf returns (negative on bad arguments).
*/
int fc_text_progress_line(char *buf, size_t n, const char *label, const char *unit, double done, double total,
                          double elapsed_s);

/* Fits a progress line to a terminal of `columns` (at least 20) so it never wraps: the
   bar shrinks (to 5 marks at least, keeping its share of '#'), then the end is cut; the
   line keeps fewer than `columns` characters. Returns its new length (-1: no line). */
int fc_text_progress_fit(char *line, int columns);

#endif
