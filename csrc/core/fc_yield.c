/* fc_yield.c -- see fc_yield.h for formulas and sources. */
#include <math.h>
#include <string.h>
#include "fc_status.h"
#include "fc_yield.h"

#define PI 3.14159265358979323846

int fc_yield_dies_per_wafer(double d_mm, double area_mm2, double w_mm, double h_mm,
                            double edge_mm, double scribe_mm, double *dies) {
  double d, a, n;
  if (!dies) return FC_EINVAL;
  if (!(isfinite(d_mm) && d_mm > 0.0)) return FC_EDOM;
  if (!(isfinite(edge_mm) && edge_mm >= 0.0 && isfinite(scribe_mm) && scribe_mm >= 0.0)) return FC_EDOM;
  if (w_mm > 0.0 || h_mm > 0.0) {
    if (!(isfinite(w_mm) && w_mm > 0.0 && isfinite(h_mm) && h_mm > 0.0)) return FC_EDOM;
    a = (w_mm + scribe_mm) * (h_mm + scribe_mm);
  } else {
    if (!(isfinite(area_mm2) && area_mm2 > 0.0)) return FC_EDOM;
    a = (sqrt(area_mm2) + scribe_mm) * (sqrt(area_mm2) + scribe_mm);
  }
  d = d_mm - 2.0 * edge_mm;
  if (!(d > 0.0)) return FC_EDOM;
  n = PI * (d / 2.0) * (d / 2.0) / a - PI * d / sqrt(2.0 * a);
  if (!isfinite(n)) return FC_ERANGE; /* a vanishing die: more dies than a double holds */
  *dies = n > 0.0 ? n : 0.0;
  return FC_OK;
}

int fc_yield_die_yield(fc_yield_model model, double area_mm2, double d0, double param, double *y) {
  double ad;
  if (!y) return FC_EINVAL;
  if (!(isfinite(area_mm2) && area_mm2 > 0.0 && isfinite(d0) && d0 >= 0.0)) return FC_EDOM;
  ad = area_mm2 / 100.0 * d0; /* mm^2 -> cm^2 */
  switch (model) {
    case FC_YIELD_POISSON: *y = exp(-ad); break;
    case FC_YIELD_MURPHY: {
      double f = ad > 1e-12 ? -expm1(-ad) / ad : 1.0 - ad / 2.0;
      *y = f * f;
      break;
    }
    case FC_YIELD_SEEDS: *y = 1.0 / (1.0 + ad); break;
    case FC_YIELD_MOORE: *y = exp(-sqrt(ad)); break;
    case FC_YIELD_BOSE_EINSTEIN:
      if (!(isfinite(param) && param >= 1.0)) return FC_EDOM;
      *y = pow(1.0 + ad, -param);
      break;
    case FC_YIELD_NEGATIVE_BINOMIAL:
      if (!(isfinite(param) && param > 0.0)) return FC_EDOM;
      *y = pow(1.0 + ad / param, -param);
      break;
    default: return FC_EINVAL;
  }
  return FC_OK;
}

int fc_yield_cost_per_good_die(double wafer_cost_usd, double dpw, double yield, double *usd) {
  if (!usd) return FC_EINVAL;
  if (!(isfinite(wafer_cost_usd) && wafer_cost_usd >= 0.0)) return FC_EDOM;
  if (!(isfinite(dpw) && dpw >= 1.0)) return FC_EDOM;
  if (!(yield > 0.0 && yield <= 1.0)) return FC_EDOM;
  *usd = wafer_cost_usd / (dpw * yield);
  return FC_OK;
}

int fc_yield_hbm_stack(double die_yield, double dies, double bond_yield, double *yield) {
  if (!yield) return FC_EINVAL;
  if (!(die_yield > 0.0 && die_yield <= 1.0 && bond_yield > 0.0 && bond_yield <= 1.0)) return FC_EDOM;
  if (!(isfinite(dies) && dies >= 1.0)) return FC_EDOM;
  *yield = pow(die_yield, dies) * pow(bond_yield, dies - 1.0);
  return FC_OK;
}

#define REQUIRE(cond, field) \
  do { if (!(cond)) { if (bad) *bad = field; return FC_EDOM; } } while (0)

int fc_yield_package(const fc_package_spec *p, fc_package_result *r, const char **bad) {
  size_t i;
  double parts, attached = 0.0, ip_yield = 1.0;
  if (bad) *bad = NULL;
  if (!p || !r) return FC_EINVAL;
  REQUIRE(p->n_dies >= 1 && p->n_dies <= 8, "dies");
  REQUIRE(isfinite(p->hbm_stacks) && p->hbm_stacks >= 0.0, "hbm_stacks");
  REQUIRE(isfinite(p->hbm_stack_cost_usd) && p->hbm_stack_cost_usd >= 0.0, "hbm_stack_cost_usd");
  REQUIRE(isfinite(p->interposer_area_mm2) && p->interposer_area_mm2 >= 0.0, "interposer_area_mm2");
  REQUIRE(isfinite(p->interposer_usd_per_mm2) && p->interposer_usd_per_mm2 >= 0.0, "interposer_usd_per_mm2");
  REQUIRE(isfinite(p->interposer_defect_density_per_cm2) && p->interposer_defect_density_per_cm2 >= 0.0,
          "interposer_defect_density_per_cm2");
  REQUIRE(isfinite(p->substrate_usd) && p->substrate_usd >= 0.0, "substrate_usd");
  REQUIRE(isfinite(p->assembly_usd) && p->assembly_usd >= 0.0, "assembly_usd");
  REQUIRE(p->bonding_yield > 0.0 && p->bonding_yield <= 1.0, "bonding_yield");
  REQUIRE(isfinite(p->test_usd) && p->test_usd >= 0.0, "test_usd");
  r->logic_usd = 0.0;
  for (i = 0; i < p->n_dies; i++) {
    const fc_yield_die_spec *d = &p->dies[i];
    double dpw, y, usd;
    int st;
    REQUIRE(isfinite(d->count) && d->count >= 1.0, "count");
    REQUIRE(isfinite(d->wafer_cost_usd) && d->wafer_cost_usd >= 0.0, "wafer_cost_usd");
    st = fc_yield_dies_per_wafer(d->wafer_diameter_mm, d->die_area_mm2, 0, 0, d->edge_exclusion_mm,
                                 d->scribe_mm, &dpw);
    if (st) { if (bad) *bad = "die_area_mm2"; return st; }
    dpw = floor(dpw); /* whole dies only */
    if (dpw < 1.0) { if (bad) *bad = "die_area_mm2"; return FC_EDOM; }
    if (d->yield_override > 0.0) {
      REQUIRE(d->yield_override <= 1.0, "yield");
      y = d->yield_override;
    } else {
      st = fc_yield_die_yield(d->model, d->die_area_mm2, d->defect_density_per_cm2, d->model_param, &y);
      if (st) { if (bad) *bad = "defect_density_per_cm2"; return st; }
    }
    if (!(y > 0.0)) { if (bad) *bad = "defect_density_per_cm2"; return FC_EDOM; }
    usd = d->wafer_cost_usd / (dpw * y);
    r->dies_per_wafer[i] = dpw;
    r->die_yield[i] = y;
    r->usd_per_good_die[i] = usd;
    r->logic_usd += usd * d->count;
    attached += d->count;
  }
  attached += p->hbm_stacks;
  r->hbm_usd = p->hbm_stacks * p->hbm_stack_cost_usd;
  if (p->interposer_area_mm2 > 0.0) {
    REQUIRE(isfinite(p->interposer_alpha) && p->interposer_alpha > 0.0, "interposer_alpha");
    fc_yield_die_yield(FC_YIELD_NEGATIVE_BINOMIAL, p->interposer_area_mm2,
                       p->interposer_defect_density_per_cm2, p->interposer_alpha, &ip_yield);
  }
  /* a bad interposer is caught before bonding: its cost is spread over the good ones */
  r->interposer_usd = p->interposer_area_mm2 * p->interposer_usd_per_mm2 / ip_yield;
  r->substrate_usd = p->substrate_usd;
  r->assembly_usd = p->assembly_usd;
  r->test_usd = p->test_usd;
  r->bonding_yield = pow(p->bonding_yield, attached);
  parts = r->logic_usd + r->hbm_usd + r->interposer_usd + r->substrate_usd + r->assembly_usd;
  r->scrap_usd = parts / r->bonding_yield - parts;
  r->total_usd = parts / r->bonding_yield + r->test_usd;
  return isfinite(r->total_usd) ? FC_OK : FC_ERANGE;
}

/* ---- chiplet vs monolithic ------------------------------------------------ */

/* name, value, plausible range, source */
static const struct { const char *name; double value, lo, hi; const char *source; } chiplet_defaults[] = {
  {"chiplets", 2.0, 2.0, 8.0,
   "NVIDIA B200: two reticle-limited dies in one package (NVIDIA Blackwell architecture brief, 2024) [S]; "
   "AMD MI300X: 8 compute dies (AMD, Dec 2023) [S]"},
  {"d2d_overhead", 0.1, 0.05, 0.2,
   "chiplet-actuary exploration.py: each chiplet's D2D interface = 0.1 x its module area [S]; range [U]"},
  {"interposer_area_factor", 3.0, 1.1, 3.5,
   "H100 on CoWoS-S: an interposer of about 2,500 mm2 for 814 mm2 of logic, 3.1x [D]; "
   "chiplet-actuary [SI] area_scale_factor 1.1 over the dies alone; 3.3 reticles (TheElec, 2023) = 3.5x [S/U]"},
};
#define NCHIPLET_DEFAULTS (sizeof chiplet_defaults / sizeof chiplet_defaults[0])

size_t fc_yield_chiplet_default_count(void) { return NCHIPLET_DEFAULTS; }

int fc_yield_chiplet_default(size_t i, const char **name, double *value, double *lo, double *hi,
                             const char **source) {
  if (i >= NCHIPLET_DEFAULTS) return FC_EINVAL;
  if (name) *name = chiplet_defaults[i].name;
  if (value) *value = chiplet_defaults[i].value;
  if (lo) *lo = chiplet_defaults[i].lo;
  if (hi) *hi = chiplet_defaults[i].hi;
  if (source) *source = chiplet_defaults[i].source;
  return FC_OK;
}

void fc_yield_chiplet_defaults(fc_chiplet_spec *s) {
  memset(s, 0, sizeof *s);
  s->package.n_dies = 1;
  s->package.dies[0].wafer_diameter_mm = FC_WAFER_DIAMETER_MM;
  s->package.dies[0].model = FC_YIELD_MURPHY;
  s->package.interposer_alpha = FC_INTERPOSER_ALPHA;
  s->package.bonding_yield = 1.0; /* no bonding loss unless given */
  s->chiplets = chiplet_defaults[0].value;
  s->d2d_overhead = chiplet_defaults[1].value;
  s->interposer_area_factor = chiplet_defaults[2].value;
}

/* One package of `count` dies of `area` each, on an interposer when priced. */
static int package_of(const fc_chiplet_spec *s, double area, double count, fc_package_result *r, const char **bad) {
  fc_package_spec p = s->package;
  p.n_dies = 1;
  p.dies[0].die_area_mm2 = area;
  p.dies[0].count = count;
  p.interposer_area_mm2 = p.interposer_usd_per_mm2 > 0.0 ? area * count * s->interposer_area_factor : 0.0;
  return fc_yield_package(&p, r, bad);
}

int fc_yield_chiplet_check(const fc_chiplet_spec *s, const char **bad) {
  if (bad) *bad = NULL;
  if (!s) return FC_EINVAL;
  REQUIRE(isfinite(s->total_area_mm2) && s->total_area_mm2 > 0.0, "total_area_mm2");
  REQUIRE(s->chiplets >= 2.0 && s->chiplets <= 1024.0 && s->chiplets == floor(s->chiplets), "chiplets");
  REQUIRE(isfinite(s->d2d_overhead) && s->d2d_overhead >= 0.0, "d2d_overhead");
  REQUIRE(isfinite(s->interposer_area_factor) && s->interposer_area_factor >= 1.0, "interposer_area_factor");
  return FC_OK;
}

int fc_yield_chiplet_compare(const fc_chiplet_spec *s, fc_chiplet_result *r, const char **bad) {
  int st;
  if (!r) return FC_EINVAL;
  if ((st = fc_yield_chiplet_check(s, bad)) != FC_OK) return st;
  r->chiplet_area_mm2 = s->total_area_mm2 / s->chiplets * (1.0 + s->d2d_overhead);
  if ((st = package_of(s, s->total_area_mm2, 1.0, &r->monolithic, bad)) != FC_OK) return st;
  if ((st = package_of(s, r->chiplet_area_mm2, s->chiplets, &r->chiplet, bad)) != FC_OK) return st;
  r->ratio = r->chiplet.total_usd / r->monolithic.total_usd;
  return isfinite(r->ratio) ? FC_OK : FC_ERANGE;
}
