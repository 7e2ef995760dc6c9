/* fc_text.c -- see fc_text.h. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "fc_text.h"

#define MAXLEN 64

int fc_text_edit_distance(const char *a, const char *b) {
  /* Damerau (1964) / Levenshtein (1966), optimal string alignment variant:
     d[i][j] = min(d[i-1][j] + 1, d[i][j-1] + 1, d[i-1][j-1] + (a_i != b_j),
                   d[i-2][j-2] + 1 when a_i a_{i-1} = b_{j-1} b_j swapped) */
  int d[MAXLEN + 1][MAXLEN + 1];
  int la = (int)strlen(a), lb = (int)strlen(b), i, j;
  if (la > MAXLEN) la = MAXLEN;
  if (lb > MAXLEN) lb = MAXLEN;
  for (i = 0; i <= la; i++) d[i][0] = i;
  for (j = 0; j <= lb; j++) d[0][j] = j;
  for (i = 1; i <= la; i++) {
    for (j = 1; j <= lb; j++) {
      int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
      int v = d[i - 1][j - 1] + (ca != cb);
      if (d[i - 1][j] + 1 < v) v = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
      if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
          tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < v)
        v = d[i - 2][j - 2] + 1;
      d[i][j] = v;
    }
  }
  return d[la][lb];
}

/* 1 when the first n characters of a and b agree, ignoring case */
static int same_start(const char *a, const char *b, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) return 0;
  return 1;
}

static int score(const char *s, const char *name) {
  size_t ls = strlen(s), ln = strlen(name), shorter = ls < ln ? ls : ln;
  if (shorter >= 3 && shorter < (ls > ln ? ls : ln) && same_start(s, name, shorter)) return 1;
  return fc_text_edit_distance(s, name);
}

void fc_text_closest_init(fc_text_closest *c, const char *s) {
  c->s = s;
  c->best = NULL;
  c->best_score = 0;
}

void fc_text_closest_add(fc_text_closest *c, const char *name) {
  int d;
  if (!name) return;
  d = score(c->s, name);
  if (!c->best || d < c->best_score || (d == c->best_score && strcmp(name, c->best) < 0)) {
    c->best = name;
    c->best_score = d;
  }
}

const char *fc_text_closest_get(const fc_text_closest *c) {
  /* max(2, len / 3) edits; 1 for names of 3 characters or fewer, where 2
     edits keep at most one letter ("cn" is not a misspelt "us") */
  size_t ls = strlen(c->s);
  int limit = ls <= 3 ? 1 : ls / 3 > 2 ? (int)(ls / 3) : 2;
  return c->best && c->best_score <= limit ? c->best : NULL;
}

int fc_text_closest_ties(const fc_text_closest *c, const char *name) {
  return name && fc_text_closest_get(c) && score(c->s, name) == c->best_score;
}

const char *fc_text_suggest(const char *s, const char *const *names) {
  fc_text_closest c;
  size_t k;
  fc_text_closest_init(&c, s);
  for (k = 0; names && names[k]; k++) fc_text_closest_add(&c, names[k]);
  return fc_text_closest_get(&c);
}

int fc_text_progress_line(char *buf, size_t n, const char *label, const char *unit, double done, double total,
                          double elapsed_s) {
  char bar[31], eta[48];
  double frac, left;
  int i, pct;
  if (!buf || !label || !unit || !(done >= 0.0) || !(total >= 0.0) || isnan(elapsed_s)) return -1;
  frac = total > 0.0 ? (done < total ? done / total : 1.0) : 1.0;
  pct = (int)(100.0 * frac);
  for (i = 0; i < 30; i++) bar[i] = i < (int)(30.0 * frac) ? '#' : '.';
  bar[30] = '\0';
  left = done > 0.0 && done < total ? elapsed_s * (total - done) / done : 0.0;
  if (done >= total) snprintf(eta, sizeof eta, "done in %.1f s", elapsed_s);
  else if (done <= 0.0 || elapsed_s < 1.0) snprintf(eta, sizeof eta, "time left: estimating");
  else if (left < 90.0) snprintf(eta, sizeof eta, "%.0f s left", ceil(left));
  else snprintf(eta, sizeof eta, "%.0f min %02.0f s left", floor(ceil(left) / 60.0), fmod(ceil(left), 60.0));
  return snprintf(buf, n, "%s [%s] %3d%%  %.0f of %.0f %s, %s", label, bar, pct, done, total, unit, eta);
}

int fc_text_progress_fit(char *line, int columns) {
  char *open, *close;
  size_t len, bar, marks, want, i, hashes = 0;
  if (!line) return -1;
  len = strlen(line);
  if (columns < 20) columns = 20;
  open = strchr(line, '[');
  close = open ? strchr(open, ']') : NULL;
  if (open && close && len >= (size_t)columns) {
    bar = (size_t)(close - open - 1);
    for (i = 0; i < bar; i++) hashes += open[1 + i] == '#';
    /* the bar takes what the text leaves of columns - 1, between 5 and its 30 marks */
    want = len - bar < (size_t)columns - 1 ? (size_t)columns - 1 - (len - bar) : 0;
    if (want < 5) want = 5;
    if (want < bar) {
      marks = bar ? hashes * want / bar : 0;
      for (i = 0; i < want; i++) open[1 + i] = i < marks ? '#' : '.';
      memmove(open + 1 + want, close, strlen(close) + 1);
      len = strlen(line);
    }
  }
  if (len >= (size_t)columns) { line[columns - 1] = '\0'; len = (size_t)columns - 1; } /* still too wide: cut */
  return (int)len;
}
