/*
** fc_price.h -- what a price includes (its basis), and the price in force at
** a date, from dated observations.
**
** A purchase price is quoted on one of four bases:
**   chip                    one accelerator, bare (a card or module; single-unit list price)
**   board                   per accelerator of a multi-accelerator baseboard (HGX):
**                           the GPUs and NVSwitch, no CPU, memory, chassis, NICs
**   server_per_accelerator  a whole server (DGX, HGX server) / its accelerators:
**                           the server is in the price, the cluster network is not
**   system_per_accelerator  a cluster system (server plus scale-out network, e.g. a
**                           SuperPOD quote) / its accelerators: nothing more to add
** Capex per accelerator (DESIGN.md: chip x S / (1 - network share)) then adds
** only what the price does not already contain:
**   chip, board:  capex = P x S / (1 - n)      chip P, server P (S - 1), network capex x n
**   server:       capex = P / (1 - n)          chip P / S, server P (1 - 1/S), network capex x n
**   system:       capex = P                    chip P (1 - n) / S, server P (1 - n)(1 - 1/S), network P n
** S = server cost / accelerator price (Epoch AI: 1.64, A100 1.66, V100 1.69),
** n = the interconnect share of cluster capex (Epoch AI: 0.19). A board is
** given S as a chip is: the baseboard's NVSwitch is then counted in S as well,
** an overstatement of at most the baseboard's share, for which no source
** gives a figure. Epoch AI applies S to single-unit prices only and takes a
** DGX price per GPU as a server price (cost_analysis_standalone.py,
** find_hardware_acquisition_price): the server basis is that rule.
**
** Prices at a date: each observation has a date (days since 1970-01-01) and
** a basis. The price in force at day t is the nearest observation's, moved
** along a decline of d orders of magnitude per year:
**   P(t) = P_obs x 10^(-d (t - t_obs) / 365.25)
** (before an observation the price is higher). d = 0.14 is Epoch AI's
** ML GPU price-performance trend (ML_GPU_PRICE_PERFORMANCE_OOMS_PER_YEAR,
** cost_analysis_standalone.py; epochai.org "Trends in machine learning
** hardware"); fc_price_decline_fit gives a chip's own trend instead.
** Every function returns FC_OK or an error status; nothing prints.
*/
#ifndef FC_PRICE_H
#define FC_PRICE_H

#include <stddef.h>

typedef enum {
  FC_BASIS_CHIP = 0,
  FC_BASIS_BOARD,
  FC_BASIS_SERVER,  /* "server_per_accelerator" */
  FC_BASIS_SYSTEM,  /* "system_per_accelerator" */
  FC_BASIS_COUNT
} fc_price_basis;

#define FC_DAYS_PER_YEAR 365.25 /* Epoch AI's DAYS_PER_YEAR */

/* "chip", "board", "server_per_accelerator", "system_per_accelerator" -> *basis.
   Errors: FC_EINVAL (NULL), FC_ENOTFOUND (unknown name). */
int fc_price_basis_parse(const char *name, int *basis);
/* The name of a basis; NULL when out of range. */
const char *fc_price_basis_name(int basis);
/* "'chip', 'board', 'server_per_accelerator' or 'system_per_accelerator'", for messages. */
const char *fc_price_basis_list(void);

/* Capex per accelerator per unit of price, split as the cost chain splits it. */
typedef struct {
  double chip, server, network; /* shares; total capex / price = chip + server + network */
} fc_price_shares;

/*
** The shares for a basis (formulas above). Domain: server_multiple >= 1,
** network_fraction in [0, 1). Errors: FC_EINVAL (bad basis, NULL), FC_EDOM.
*/
int fc_price_capex_shares(int basis, double server_multiple, double network_fraction,
                          fc_price_shares *s);

/*
** An ISO date "YYYY", "YYYY-MM" or "YYYY-MM-DD" (years 1900..2199) as days
** since 1970-01-01 (a missing month or day is the first). Errors: FC_EINVAL
** (NULL), FC_EDOM (not such a date, e.g. "2023-02-29").
** Days from civil: H. Hinnant, "chrono-compatible low-level date algorithms".
*/
int fc_price_date_days(const char *iso, double *days);

/* One dated price: day (fc_price_date_days), price (> 0), basis (fc_price_basis). */
typedef struct {
  double day;
  double price;
  int basis;
} fc_price_obs;

/*
** The price in force at `day`: the nearest observation (the later one on a
** tie), moved by `decline_oom_per_year` (any finite number; negative = a
** rising price) over the years between. *index receives the observation used
** (may be NULL); its basis is the price's basis.
** Errors: FC_EINVAL (NULL, n = 0), FC_EDOM (a non-finite day or rate, a price <= 0).
*/
int fc_price_at(const fc_price_obs *obs, size_t n, double day, double decline_oom_per_year,
                double *price, size_t *index);

/* How a dated price was obtained. */
enum { FC_PRICE_OBSERVED = 0, FC_PRICE_INTERPOLATED, FC_PRICE_NEAREST, FC_PRICE_EXTRAPOLATED };
/* "observed", "interpolated", "nearest" (the bracketing observations are of
   different bases), "extrapolated"; NULL when out of range. */
const char *fc_price_how_name(int how);

typedef struct {
  double price, lo, hi;  /* the price and its range (same basis) */
  size_t index;          /* the observation whose basis the price has */
  int how;               /* FC_PRICE_* */
  double first_day, last_day; /* the span of the observations */
} fc_price_quote;

/*
** The purchase price at `day` from the chip's own observations, without a
** trend unless asked (issue 21: a chip's price does not follow the
** cross-generation price-performance trend between its own quotes):
**   - before the release day (release_day; NAN when unknown): FC_ERANGE, always;
**   - on an observed day: that observation (the earliest listed of that day);
**   - between observed days a < t < b with the same basis: log-linear
**       P(t) = P(a)^(1-w) P(b)^w, w = (t - a) / (b - a), range [min, max];
**     of different bases: the nearer observation (a tie: the earlier), labelled;
**   - outside [first, last]: FC_ERANGE unless extrapolate: then the nearest
**     observation held flat, with the range it would have moved to along
**     `decline_oom_per_year` (P x 10^(-d years) after, x 10^(d years) before).
** Errors: FC_EINVAL, FC_EDOM (non-finite day or rate, a price <= 0), FC_ERANGE.
*/
int fc_price_dated(const fc_price_obs *obs, size_t n, double release_day, double day, int extrapolate,
                   double decline_oom_per_year, fc_price_quote *q);

/*
** A chip's own price trend: the least-squares slope of log10(price) against
** years over the observations of `basis`, as a decline (OOM per year; negative
** when prices rose). Errors: FC_EINVAL, FC_EDOM (fewer than two observations
** of that basis at distinct dates, or a price <= 0).
*/
int fc_price_decline_fit(const fc_price_obs *obs, size_t n, int basis, double *decline_oom_per_year);

/*
** Epoch AI's hardware value at the start of training
** (get_hardware_value_at_training_start, find_gpu_acquisition_price):
** the earliest observation quoted with its server (server or system basis;
** Epoch's "DGX" rows), else the earliest of all; acquired no earlier than
** release + 90 days; used no earlier than acquired; worth
**   P x 10^(-d x (start - acquired) / 365.25)
** at `start_day`. Outputs: *price, *index (may be NULL), *acquired_day (may be NULL).
** Errors: FC_EINVAL, FC_EDOM (non-finite days or rate, a price <= 0).
*/
int fc_price_epoch_value(const fc_price_obs *obs, size_t n, double release_day, double start_day,
                         double decline_oom_per_year, double *price, size_t *index,
                         double *acquired_day);

/*
** Epoch AI's TPU value at the start of training (find_hardware_acquisition_price,
** TPU branch): the TPU-equivalent price (the earliest observation) acquired at
** its date (Epoch: the public release), worth P x 10^(-d x (start - acquired)
** / 365.25) at `start_day`; training may start before the release (then the
** value is higher). Errors: FC_EINVAL, FC_EDOM.
*/
int fc_price_epoch_tpu_value(const fc_price_obs *obs, size_t n, double start_day, double decline_oom_per_year,
                             double *price, size_t *index);

#endif
