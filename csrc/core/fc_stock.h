/*
** fc_stock.h -- accelerators a supply chain can make in a year, the
** constraint that binds, and the national compute stock they add up to.
**
** Supply of one chip in one year (the minimum over the links of the chain;
** the Leontief, fixed-proportions form of production with no substitution
** between inputs: W. Leontief, "The Structure of American Economy", 1941,
** and the min-of-capacities accounting of CSIS (G. Allen, "DeepSeek, Huawei,
** Export Controls, and the Future of the U.S.-China AI Race", 2025-03) and
** SemiAnalysis ("Huawei Ascend Production Ramp: Die Banks, TSMC Continued
** Production, HBM is The Bottleneck", 2025-09-08)):
**
**   wafers    = (wafers_per_month x 12 x dies_per_wafer x die_yield + bank_draw) / dies_per_chip
**   packaging = packages_per_month x 12
**   hbm       = hbm_stacks_per_year / hbm_stacks_per_chip
**   licence   = licence_cap
**   chips     = min(wafers, packaging, hbm, licence) x share
**
** `share` is the fraction of those chips installed in the line's country
** (1 for a domestic line). A link with no figure is absent (no limit); the
** wafer link needs all three of wafers_per_month, dies_per_wafer and
** die_yield, and at least one link must be present. The die bank (dies made before a rule took
** effect) is drawn down at `per_year` from its first year until it is
** empty: draw[t] = min(per_year, what is left), whether or not the other
** links use it.
**
** Shadow price of an input: the chips one more unit of it would give, the
** partial derivative of `chips` at the point (per die of yield 1.0, so a
** percentage point is 1/100 of it). Only the inputs of the unique binding
** link have one; with a tie between links every shadow price is 0, since
** raising one input alone leaves the minimum where it is.
**
** Stock: the cohort (perpetual-inventory) model of fc_fleet.h, each cohort
** counted at mid-year, in H100-equivalents: a chip's dense 16-bit FLOP/s
** over the H100 SXM's 989.5 TFLOP/s (Epoch AI's unit, "H100e", in its
** compute-stock estimates, e.g. "Trends in AI Supercomputers", Pilz et al.
** 2025). IT power = surviving chips x board power x the server power
** multiple; facility power x PUE.
*/
#ifndef FC_STOCK_H
#define FC_STOCK_H

#include <stddef.h>
#include <stdint.h>
#include "fc_dist.h"

/* The inputs of one chip-year, in this order everywhere (the Lua names). */
enum {
  FC_STOCK_WAFERS_PER_MONTH = 0,
  FC_STOCK_DIES_PER_WAFER,
  FC_STOCK_DIE_YIELD,
  FC_STOCK_DIES_PER_CHIP,
  FC_STOCK_PACKAGES_PER_MONTH,
  FC_STOCK_HBM_STACKS_PER_YEAR,
  FC_STOCK_HBM_STACKS_PER_CHIP,
  FC_STOCK_LICENCE_CAP,
  FC_STOCK_SHARE,
  FC_STOCK_NINPUTS
};
/* The links (binding constraints), in tie-break order. */
enum { FC_STOCK_BIND_WAFERS = 0, FC_STOCK_BIND_PACKAGING, FC_STOCK_BIND_HBM, FC_STOCK_BIND_LICENCE,
       FC_STOCK_NBINDS };

/* Largest span of a run (years) and number of lines and countries. */
#define FC_STOCK_MAX_YEARS 64u
#define FC_STOCK_MAX_LINES 64u
#define FC_STOCK_MAX_COUNTRIES 16u
/* Dense 16-bit FLOP/s of one H100 SXM: NVIDIA's H100 datasheet gives 1,979
   TFLOPS BF16 with sparsity, dense is half (models/chips.json: 989.5). */
#define FC_STOCK_H100_FLOPS 989.5e12

const char *fc_stock_input_name(int i);   /* "wafers_per_month", ...; NULL out of range */
const char *fc_stock_bind_name(int b);    /* "wafers", "packaging", "hbm", "licence" */

/* One chip-year at fixed inputs. present[i] = 0 leaves input i out (its link
   has no limit; dies_per_chip then 1, share 1; the wafer link is present when
   its three inputs are, and some link must be; FC_EINVAL otherwise).
   Domains: wafers_per_month, packages_per_month, hbm_stacks_per_year,
   licence_cap, bank_draw >= 0; dies_per_wafer >= 0; die_yield in [0, 1];
   dies_per_chip >= 1; hbm_stacks_per_chip > 0; share in [0, 1]; all finite.
   Errors: FC_EINVAL (NULL), FC_EDOM with the input's index in *bad (-1: bank_draw). */
typedef struct {
  double chips;                      /* after share */
  double limit[FC_STOCK_NBINDS];     /* chips each link alone allows (before share), INFINITY if absent */
  int binding;                       /* FC_STOCK_BIND_*, the first smallest */
  int tied;                          /* 1 if another link allows exactly as many */
  double shadow[FC_STOCK_NINPUTS];   /* chips per unit of each input (after share) */
  double shadow_bank_draw;           /* chips per banked die drawn */
} fc_stock_year;

int fc_stock_supply_year(const double in[FC_STOCK_NINPUTS], const int present[FC_STOCK_NINPUTS],
                         double bank_draw, fc_stock_year *out, int *bad);

/* Draws of a die bank of `dies` at `per_year` over n years (both >= 0, finite). */
int fc_stock_bank_draws(double dies, double per_year, size_t n, double *draw);

/*
** A national model: lines (a chip made for, or shipped to, one country) over
** years y0 .. y0 + n_years - 1, every input a distribution (fc_dist_fixed for
** a number). dist[(t * FC_STOCK_NINPUTS) + i] is input i in year t.
*/
typedef struct {
  const double *value;               /* n_years x FC_STOCK_NINPUTS: the point figures */
  const fc_dist *dist;               /* the same shape: their distributions (Monte Carlo) */
  const int *present;                /* FC_STOCK_NINPUTS flags, the same every year */
  double bank_dies, bank_per_year;   /* point figures, 0 for no bank */
  size_t bank_start;                 /* the year index the bank is first drawn in */
  fc_dist bank_dies_dist, bank_per_year_dist;
  int country;                       /* 0 .. n_countries - 1 */
  double dense16_tflops;             /* dense 16-bit peak, TFLOP/s, > 0 (H100e = / 989.5) */
  double life_years;                 /* step survival (fc_fleet.h), > 0 */
  double tdp_w;                      /* board power, >= 0 */
  double server_power_multiple;      /* server wall power / board power, >= 1 */
  double price_usd;                  /* per chip, >= 0 (capex) */
} fc_stock_line;

typedef struct {
  const fc_stock_line *lines;
  size_t n_lines, n_years, n_countries;
  const double *pue;                 /* per country, >= 1 */
  const double *rank_corr;           /* NULL, or FC_STOCK_NINPUTS^2 Spearman matrix between the
                                        input kinds (the same in every line and year; fc_mc.h's copula) */
  int ratio_num, ratio_den;          /* countries of a stock ratio kept by Monte Carlo, or -1 */
} fc_stock_spec;

/* The point outputs of one evaluation (fixed inputs, or one draw). */
typedef struct {
  size_t n_lines, n_years, n_countries;
  double *chips;        /* [line][year] */
  int *binding;         /* [line][year], FC_STOCK_BIND_* */
  int *tied;            /* [line][year] */
  double *shadow;       /* [line][year][FC_STOCK_NINPUTS] */
  double *h100e;        /* [country][year]: stock at the end of the year */
  double *produced_h100e; /* [country][year]: added that year */
  double *it_gw;        /* [country][year]: IT power of the surviving stock */
  double *facility_gw;  /* [country][year]: x PUE */
  double *capex_usd;    /* [country][year]: chips added x price */
} fc_stock_result;

int fc_stock_result_alloc(fc_stock_result *r, size_t n_lines, size_t n_years, size_t n_countries);
void fc_stock_result_free(fc_stock_result *r);

/* Evaluates the spec with every input at x: x[(l * n_years + t) * FC_STOCK_NINPUTS + i],
   bank[l * 2 + 0/1] = dies, per_year. Errors: FC_EINVAL, FC_EDOM (*bad_line,
   *bad_year, *bad_input: -1 bank dies, -2 bank per year, -3 the line itself). */
int fc_stock_eval(const fc_stock_spec *s, const double *x, const double *bank, fc_stock_result *r,
                  int *bad_line, int *bad_year, int *bad_input);
/* The same at every line's point figures (value, bank_dies, bank_per_year). */
int fc_stock_eval_point(const fc_stock_spec *s, fc_stock_result *r, int *bad_line, int *bad_year,
                        int *bad_input);

/*
** Monte Carlo: `samples` joint draws (taus2 seeded with fc_mc_chunk_seed(seed,
** 0), one stream, input after input in line, year, input order, then the
** banks), each evaluated as above. Outputs kept per draw:
**   out[o * samples + k] for o < n_countries * n_years: the H100e stock of
**   country o / n_years at year o % n_years; then the chips of each line-year
**   (n_lines * n_years); then, with ratio_num >= 0, the ratio of the two
**   countries' H100e stocks in each year (n_years). bind_count[(l * n_years + t) * FC_STOCK_NBINDS + b]
**   counts the draws where link b binds. `stop`, if not NULL, is polled every
**   1024 draws: non-zero stops the run with FC_EINTR.
** Errors: FC_EINVAL, FC_EDOM (as fc_stock_eval, for the draw), FC_ENOMEM, FC_EINTR.
*/
size_t fc_stock_mc_outputs(const fc_stock_spec *s);
/*
** Sobol indices of one output over the inputs that vary (fc_sensitivity.h):
** input j of a row replaces slot[j] of the point figures, where slot < L =
** n_lines * n_years * FC_STOCK_NINPUTS is x's index and L + 2 l (+1) a line's
** bank dies (per year). The output is the H100e stock of `country` in `year`,
** or with spec->ratio_num >= 0 the ratio of the two countries in `year`.
*/
typedef struct {
  const fc_stock_spec *spec;
  const size_t *slot;
  size_t k;
  int country, year;
} fc_stock_sobol_ctx;
int fc_stock_sobol_model(void *ctx, const double *x, size_t n, size_t k, double *y, size_t *bad_row,
                         const char **bad_field);

int fc_stock_mc_run(const fc_stock_spec *s, uint64_t samples, uint64_t seed, double *out,
                    uint64_t *bind_count, volatile const int *stop, int *bad_line, int *bad_year,
                    int *bad_input);

#endif
