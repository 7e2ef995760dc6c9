/* fc_stock.c -- supply-limited chips per year and national stock; the model
** and its sources are in fc_stock.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "fc_status.h"
#include "fc_fleet.h"
#include "fc_mc.h"
#include "fc_stock.h"

static const char *const input_names[FC_STOCK_NINPUTS] = {
  "wafers_per_month", "dies_per_wafer", "die_yield", "dies_per_chip", "packages_per_month",
  "hbm_stacks_per_year", "hbm_stacks_per_chip", "licence_cap", "share"};
static const char *const bind_names[FC_STOCK_NBINDS] = {"wafers", "packaging", "hbm", "licence"};

const char *fc_stock_input_name(int i) {
  return i >= 0 && i < FC_STOCK_NINPUTS ? input_names[i] : NULL;
}
const char *fc_stock_bind_name(int b) { return b >= 0 && b < FC_STOCK_NBINDS ? bind_names[b] : NULL; }

/* Domain of input i (fc_stock.h): 1 if x is allowed. */
static int input_ok(int i, double x) {
  if (!isfinite(x)) return 0;
  switch (i) {
    case FC_STOCK_DIE_YIELD: case FC_STOCK_SHARE: return x >= 0.0 && x <= 1.0;
    case FC_STOCK_DIES_PER_CHIP: return x >= 1.0;
    case FC_STOCK_HBM_STACKS_PER_CHIP: return x > 0.0;
    default: return x >= 0.0;
  }
}

int fc_stock_supply_year(const double in[FC_STOCK_NINPUTS], const int present[FC_STOCK_NINPUTS],
                         double bank_draw, fc_stock_year *out, int *bad) {
  double wpm, dpw, y, dpc, share, best = INFINITY;
  int i, b, count = 0, wafer_link;
  if (!in || !present || !out || !bad) return FC_EINVAL;
  *bad = 0;
  wafer_link = present[FC_STOCK_WAFERS_PER_MONTH] && present[FC_STOCK_DIES_PER_WAFER] && present[FC_STOCK_DIE_YIELD];
  for (i = 0; i < FC_STOCK_NINPUTS; i++)
    if (present[i] && !input_ok(i, in[i])) { *bad = i; return FC_EDOM; }
  if (!(isfinite(bank_draw) && bank_draw >= 0.0)) { *bad = -1; return FC_EDOM; }
  wpm = in[FC_STOCK_WAFERS_PER_MONTH];
  dpw = in[FC_STOCK_DIES_PER_WAFER];
  y = in[FC_STOCK_DIE_YIELD];
  dpc = present[FC_STOCK_DIES_PER_CHIP] ? in[FC_STOCK_DIES_PER_CHIP] : 1.0;
  share = present[FC_STOCK_SHARE] ? in[FC_STOCK_SHARE] : 1.0;
  memset(out, 0, sizeof *out);
  out->limit[FC_STOCK_BIND_WAFERS] = wafer_link ? (wpm * 12.0 * dpw * y + bank_draw) / dpc : INFINITY;
  out->limit[FC_STOCK_BIND_PACKAGING] =
    present[FC_STOCK_PACKAGES_PER_MONTH] ? in[FC_STOCK_PACKAGES_PER_MONTH] * 12.0 : INFINITY;
  out->limit[FC_STOCK_BIND_HBM] = present[FC_STOCK_HBM_STACKS_PER_YEAR] && present[FC_STOCK_HBM_STACKS_PER_CHIP]
    ? in[FC_STOCK_HBM_STACKS_PER_YEAR] / in[FC_STOCK_HBM_STACKS_PER_CHIP] : INFINITY;
  out->limit[FC_STOCK_BIND_LICENCE] = present[FC_STOCK_LICENCE_CAP] ? in[FC_STOCK_LICENCE_CAP] : INFINITY;
  for (b = 0; b < FC_STOCK_NBINDS; b++)
    if (out->limit[b] < best) { best = out->limit[b]; out->binding = b; }
  for (b = 0; b < FC_STOCK_NBINDS; b++) count += out->limit[b] == best;
  if (!isfinite(best)) return FC_EINVAL; /* no link at all */
  out->tied = count > 1;
  out->chips = best * share;
  if (present[FC_STOCK_SHARE]) out->shadow[FC_STOCK_SHARE] = best;
  if (out->tied) return FC_OK;
  switch (out->binding) {   /* partial derivatives of the binding link, times share */
    case FC_STOCK_BIND_WAFERS:
      out->shadow[FC_STOCK_WAFERS_PER_MONTH] = share * 12.0 * dpw * y / dpc;
      out->shadow[FC_STOCK_DIES_PER_WAFER] = share * 12.0 * wpm * y / dpc;
      out->shadow[FC_STOCK_DIE_YIELD] = share * 12.0 * wpm * dpw / dpc;
      if (present[FC_STOCK_DIES_PER_CHIP]) out->shadow[FC_STOCK_DIES_PER_CHIP] = -share * best / dpc;
      out->shadow_bank_draw = share / dpc;
      break;
    case FC_STOCK_BIND_PACKAGING: out->shadow[FC_STOCK_PACKAGES_PER_MONTH] = share * 12.0; break;
    case FC_STOCK_BIND_HBM:
      out->shadow[FC_STOCK_HBM_STACKS_PER_YEAR] = share / in[FC_STOCK_HBM_STACKS_PER_CHIP];
      out->shadow[FC_STOCK_HBM_STACKS_PER_CHIP] = -share * best / in[FC_STOCK_HBM_STACKS_PER_CHIP];
      break;
    default: out->shadow[FC_STOCK_LICENCE_CAP] = share; break;
  }
  return FC_OK;
}

int fc_stock_bank_draws(double dies, double per_year, size_t n, double *draw) {
  size_t t;
  if (!draw) return FC_EINVAL;
  if (!(isfinite(dies) && dies >= 0.0 && isfinite(per_year) && per_year >= 0.0)) return FC_EDOM;
  for (t = 0; t < n; t++) {
    draw[t] = per_year < dies ? per_year : dies;
    dies -= draw[t];
  }
  return FC_OK;
}

int fc_stock_result_alloc(fc_stock_result *r, size_t n_lines, size_t n_years, size_t n_countries) {
  size_t ly = n_lines * n_years, cy = n_countries * n_years;
  if (!r) return FC_EINVAL;
  memset(r, 0, sizeof *r);
  if (n_lines == 0 || n_lines > FC_STOCK_MAX_LINES || n_years == 0 || n_years > FC_STOCK_MAX_YEARS ||
      n_countries == 0 || n_countries > FC_STOCK_MAX_COUNTRIES)
    return FC_EINVAL;
  r->n_lines = n_lines; r->n_years = n_years; r->n_countries = n_countries;
  r->chips = (double *)calloc(ly, sizeof *r->chips);
  r->binding = (int *)calloc(ly, sizeof *r->binding);
  r->tied = (int *)calloc(ly, sizeof *r->tied);
  r->shadow = (double *)calloc(ly * FC_STOCK_NINPUTS, sizeof *r->shadow);
  r->h100e = (double *)calloc(cy * 5, sizeof *r->h100e); /* one block for the five country series */
  if (!r->chips || !r->binding || !r->tied || !r->shadow || !r->h100e) {
    fc_stock_result_free(r);
    return FC_ENOMEM;
  }
  r->produced_h100e = r->h100e + cy;
  r->it_gw = r->h100e + 2 * cy;
  r->facility_gw = r->h100e + 3 * cy;
  r->capex_usd = r->h100e + 4 * cy;
  return FC_OK;
}

void fc_stock_result_free(fc_stock_result *r) {
  if (!r) return;
  free(r->chips); free(r->binding); free(r->tied); free(r->shadow); free(r->h100e);
  memset(r, 0, sizeof *r);
}

static int spec_ok(const fc_stock_spec *s, const fc_stock_result *r) {
  size_t l;
  if (!s || !r || !s->lines || !s->pue) return 0;
  if (r->n_lines != s->n_lines || r->n_years != s->n_years || r->n_countries != s->n_countries) return 0;
  for (l = 0; l < s->n_lines; l++) {
    const fc_stock_line *ln = &s->lines[l];
    if (!ln->present || ln->country < 0 || (size_t)ln->country >= s->n_countries) return 0;
  }
  return 1;
}

static int line_ok(const fc_stock_line *ln) {
  return isfinite(ln->dense16_tflops) && ln->dense16_tflops > 0.0 && isfinite(ln->life_years) &&
         ln->life_years > 0.0 && isfinite(ln->tdp_w) && ln->tdp_w >= 0.0 &&
         isfinite(ln->server_power_multiple) && ln->server_power_multiple >= 1.0 &&
         isfinite(ln->price_usd) && ln->price_usd >= 0.0;
}

/* One line over the years: its chips and links into r, its surviving stock
   (chips and H100e) added to the country's series. */
static int eval_line(const fc_stock_spec *s, size_t l, const double *x, const double *bank,
                     fc_stock_result *r, double *units, double *alive, int *bad_year, int *bad_input) {
  const fc_stock_line *ln = &s->lines[l];
  size_t t, n = s->n_years, c = (size_t)ln->country;
  double draw[FC_STOCK_MAX_YEARS], one[FC_STOCK_MAX_YEARS], h100e, it_gw;
  int st;
  if (!line_ok(ln)) { *bad_input = -3; return FC_EDOM; }
  h100e = ln->dense16_tflops * 1e12 / FC_STOCK_H100_FLOPS;
  it_gw = ln->tdp_w * ln->server_power_multiple * 1e-9;
  memset(draw, 0, sizeof draw);
  if (ln->bank_start > n) { *bad_input = -2; return FC_EDOM; }
  if (fc_stock_bank_draws(bank[0], bank[1], n - ln->bank_start, &draw[ln->bank_start])) {
    *bad_input = isfinite(bank[0]) && bank[0] >= 0.0 ? -2 : -1;
    return FC_EDOM;
  }
  for (t = 0; t < n; t++) {
    fc_stock_year yr;
    int bad;
    st = fc_stock_supply_year(&x[(l * n + t) * FC_STOCK_NINPUTS], ln->present, draw[t], &yr, &bad);
    if (st) { *bad_year = (int)t; *bad_input = bad; return st; }
    r->chips[l * n + t] = units[t] = yr.chips;
    r->binding[l * n + t] = yr.binding;
    r->tied[l * n + t] = yr.tied;
    memcpy(&r->shadow[(l * n + t) * FC_STOCK_NINPUTS], yr.shadow, sizeof yr.shadow);
    r->produced_h100e[c * n + t] += yr.chips * h100e;
    r->capex_usd[c * n + t] += yr.chips * ln->price_usd;
    one[t] = 1.0;
  }
  if ((st = fc_fleet_stock(units, one, n, FC_SURVIVAL_STEP, ln->life_years, 1.0, alive))) {
    *bad_input = -3;
    return st;
  }
  for (t = 0; t < n; t++) {
    r->h100e[c * n + t] += alive[t] * h100e;
    r->it_gw[c * n + t] += alive[t] * it_gw;
  }
  return FC_OK;
}

int fc_stock_eval(const fc_stock_spec *s, const double *x, const double *bank, fc_stock_result *r,
                  int *bad_line, int *bad_year, int *bad_input) {
  size_t l, c, t, cy;
  double units[FC_STOCK_MAX_YEARS], alive[FC_STOCK_MAX_YEARS];
  int st;
  if (!x || !bank || !bad_line || !bad_year || !bad_input || !spec_ok(s, r)) return FC_EINVAL;
  *bad_line = *bad_year = -1; *bad_input = 0;
  cy = s->n_countries * s->n_years;
  memset(r->h100e, 0, 5 * cy * sizeof *r->h100e);
  for (l = 0; l < s->n_lines; l++)
    if ((st = eval_line(s, l, x, &bank[2 * l], r, units, alive, bad_year, bad_input))) {
      *bad_line = (int)l;
      return st;
    }
  for (c = 0; c < s->n_countries; c++) {
    if (!(isfinite(s->pue[c]) && s->pue[c] >= 1.0)) { *bad_input = -4; return FC_EDOM; }
    for (t = 0; t < s->n_years; t++)
      r->facility_gw[c * s->n_years + t] = r->it_gw[c * s->n_years + t] * s->pue[c];
  }
  return FC_OK;
}

/* The point figures of every line, laid out as fc_stock_eval reads them. */
static int point_inputs(const fc_stock_spec *s, double **x, double **bank) {
  size_t l, per = s->n_years * FC_STOCK_NINPUTS;
  *x = (double *)malloc(s->n_lines * per * sizeof **x);
  *bank = (double *)malloc(2 * s->n_lines * sizeof **bank);
  if (!*x || !*bank) { free(*x); free(*bank); return FC_ENOMEM; }
  for (l = 0; l < s->n_lines; l++) {
    if (!s->lines[l].value) { free(*x); free(*bank); return FC_EINVAL; }
    memcpy(&(*x)[l * per], s->lines[l].value, per * sizeof **x);
    (*bank)[2 * l] = s->lines[l].bank_dies;
    (*bank)[2 * l + 1] = s->lines[l].bank_per_year;
  }
  return FC_OK;
}

int fc_stock_eval_point(const fc_stock_spec *s, fc_stock_result *r, int *bad_line, int *bad_year,
                        int *bad_input) {
  double *x, *bank;
  int st;
  if (!s || !s->lines || s->n_lines == 0) return FC_EINVAL;
  if ((st = point_inputs(s, &x, &bank))) return st;
  st = fc_stock_eval(s, x, bank, r, bad_line, bad_year, bad_input);
  free(x); free(bank);
  return st;
}

static int has_ratio(const fc_stock_spec *s) { return s->ratio_num >= 0; }

static int ratio_ok(const fc_stock_spec *s) {
  return !has_ratio(s) || ((size_t)s->ratio_num < s->n_countries && s->ratio_den >= 0 &&
                           (size_t)s->ratio_den < s->n_countries && s->ratio_den != s->ratio_num);
}

size_t fc_stock_mc_outputs(const fc_stock_spec *s) {
  return s ? (s->n_countries + s->n_lines + (has_ratio(s) ? 1u : 0u)) * s->n_years : 0;
}

/* Stock ratio num/den in year t: +inf when den is 0 and num is not, NaN for 0/0. */
static double stock_ratio(const fc_stock_spec *s, const fc_stock_result *r, size_t t) {
  return r->h100e[(size_t)s->ratio_num * s->n_years + t] / r->h100e[(size_t)s->ratio_den * s->n_years + t];
}

/* Samplers of every distribution a draw reads: [line][year][input], then
   the two bank figures of each line. */
typedef struct {
  fc_dist_sampler *smp;
  size_t n_smp;
  double *chol;                      /* FC_STOCK_NINPUTS^2 lower factor, or NULL */
} mc_tables;

static void tables_free(mc_tables *t) {
  size_t i;
  for (i = 0; t->smp && i < t->n_smp; i++) fc_dist_sampler_free(&t->smp[i]);
  free(t->smp);
  free(t->chol);
}

static int tables_init(const fc_stock_spec *s, mc_tables *t) {
  size_t l, j, per = s->n_years * FC_STOCK_NINPUTS, base = s->n_lines * per;
  int st;
  memset(t, 0, sizeof *t);
  t->n_smp = base + 2 * s->n_lines;
  if (!(t->smp = (fc_dist_sampler *)calloc(t->n_smp, sizeof *t->smp))) return FC_ENOMEM;
  for (l = 0; l < s->n_lines; l++) {
    if (!s->lines[l].dist) return FC_EINVAL;
    for (j = 0; j < per; j++)
      if ((st = fc_dist_sampler_init(&t->smp[l * per + j], &s->lines[l].dist[j]))) return st;
    if ((st = fc_dist_sampler_init(&t->smp[base + 2 * l], &s->lines[l].bank_dies_dist))) return st;
    if ((st = fc_dist_sampler_init(&t->smp[base + 2 * l + 1], &s->lines[l].bank_per_year_dist))) return st;
  }
  if (s->rank_corr) return fc_mc_copula_factor(s->rank_corr, FC_STOCK_NINPUTS, &t->chol);
  return FC_OK;
}

/* One joint draw of every input into x and bank. With a correlation the
   FC_STOCK_NINPUTS inputs of each line-year share one correlated normal
   vector (Gaussian copula, fc_mc.h); the banks are drawn independently. */
static void draw_inputs(const fc_stock_spec *s, const mc_tables *t, gsl_rng *rng, double *x, double *bank) {
  size_t ly, i, k, nly = s->n_lines * s->n_years, base = nly * FC_STOCK_NINPUTS;
  double z[FC_STOCK_NINPUTS], w[FC_STOCK_NINPUTS];
  for (ly = 0; ly < nly; ly++) {
    for (i = 0; i < FC_STOCK_NINPUTS; i++) z[i] = gsl_ran_gaussian_ziggurat(rng, 1.0);
    for (i = 0; i < FC_STOCK_NINPUTS; i++) {
      w[i] = z[i];
      if (t->chol) {
        w[i] = 0.0;
        for (k = 0; k <= i; k++) w[i] += t->chol[i * FC_STOCK_NINPUTS + k] * z[k];
      }
      x[ly * FC_STOCK_NINPUTS + i] = fc_dist_sampler_from_normal(&t->smp[ly * FC_STOCK_NINPUTS + i], w[i]);
    }
  }
  for (i = 0; i < 2 * s->n_lines; i++)
    bank[i] = fc_dist_sampler_from_normal(&t->smp[base + i], gsl_ran_gaussian_ziggurat(rng, 1.0));
}

int fc_stock_mc_run(const fc_stock_spec *s, uint64_t samples, uint64_t seed, double *out,
                    uint64_t *bind_count, volatile const int *stop, int *bad_line, int *bad_year,
                    int *bad_input) {
  mc_tables tb;
  fc_stock_result r;
  gsl_rng *rng = NULL;
  double *x = NULL, *bank = NULL;
  size_t nly, ncy, o;
  uint64_t k;
  int st;
  if (!s || !out || !bind_count || !bad_line || !bad_year || !bad_input || samples == 0 || !ratio_ok(s))
    return FC_EINVAL;
  nly = s->n_lines * s->n_years;
  ncy = s->n_countries * s->n_years;
  if ((st = fc_stock_result_alloc(&r, s->n_lines, s->n_years, s->n_countries))) return st;
  if (!spec_ok(s, &r)) { fc_stock_result_free(&r); return FC_EINVAL; }
  st = tables_init(s, &tb);
  x = (double *)malloc(nly * FC_STOCK_NINPUTS * sizeof *x);
  bank = (double *)malloc(2 * s->n_lines * sizeof *bank);
  rng = gsl_rng_alloc(gsl_rng_taus2);
  if (!st && (!x || !bank || !rng)) st = FC_ENOMEM;
  if (!st) {
    gsl_rng_set(rng, fc_mc_chunk_seed(seed, 0));
    memset(bind_count, 0, nly * FC_STOCK_NBINDS * sizeof *bind_count);
  }
  for (k = 0; !st && k < samples; k++) {
    if (stop && (k & 1023u) == 0 && *stop) { st = FC_EINTR; break; }
    draw_inputs(s, &tb, rng, x, bank);
    if ((st = fc_stock_eval(s, x, bank, &r, bad_line, bad_year, bad_input))) break;
    for (o = 0; o < ncy; o++) out[o * samples + k] = r.h100e[o];
    for (o = 0; o < nly; o++) {
      out[(ncy + o) * samples + k] = r.chips[o];
      bind_count[o * FC_STOCK_NBINDS + (size_t)r.binding[o]]++;
    }
    for (o = 0; has_ratio(s) && o < s->n_years; o++) {
      double q = stock_ratio(s, &r, o);
      if (!isfinite(q)) { st = FC_ERANGE; *bad_year = (int)o; break; }
      out[(ncy + nly + o) * samples + k] = q;
    }
  }
  if (rng) gsl_rng_free(rng);
  free(x); free(bank);
  tables_free(&tb);
  fc_stock_result_free(&r);
  return st;
}

int fc_stock_sobol_model(void *ctx, const double *x, size_t n, size_t k, double *y, size_t *bad_row,
                         const char **bad_field) {
  const fc_stock_sobol_ctx *c = (const fc_stock_sobol_ctx *)ctx;
  const fc_stock_spec *s;
  fc_stock_result r;
  double *px = NULL, *pb = NULL;
  size_t row, j, nx;
  int st, bl, by, bi;
  if (!c || !c->spec || !x || !y || !bad_row || !bad_field || k != c->k) return FC_EINVAL;
  s = c->spec;
  if (c->year < 0 || (size_t)c->year >= s->n_years || !ratio_ok(s) ||
      (!has_ratio(s) && (c->country < 0 || (size_t)c->country >= s->n_countries)))
    return FC_EINVAL;
  nx = s->n_lines * s->n_years * FC_STOCK_NINPUTS;
  if ((st = fc_stock_result_alloc(&r, s->n_lines, s->n_years, s->n_countries))) return st;
  if ((st = point_inputs(s, &px, &pb))) { fc_stock_result_free(&r); return st; }
  for (row = 0; row < n && !st; row++) {
    for (j = 0; j < k; j++) {
      size_t at = c->slot[j];
      if (at < nx) px[at] = x[row * k + j];
      else pb[at - nx] = x[row * k + j];
    }
    st = fc_stock_eval(s, px, pb, &r, &bl, &by, &bi);
    if (!st) {
      y[row] = has_ratio(s) ? stock_ratio(s, &r, (size_t)c->year)
                            : r.h100e[(size_t)c->country * s->n_years + (size_t)c->year];
      if (!isfinite(y[row])) st = FC_ERANGE;
    }
    if (st) {
      *bad_row = row;
      *bad_field = bi >= 0 ? fc_stock_input_name(bi) : bi == -1 ? "bank.dies" : "bank.per_year";
    }
  }
  free(px); free(pb);
  fc_stock_result_free(&r);
  return st;
}
