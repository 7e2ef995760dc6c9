/*
** fc_yield.h -- dies per wafer, defect-limited yield, cost per good die,
** HBM stacks and 2.5D packages, chiplet vs monolithic.
** Areas in mm^2 at the API; the yield formulas take A in cm^2 (A_mm2 / 100)
** because defect densities are quoted per cm^2.
*/
#ifndef FC_YIELD_H
#define FC_YIELD_H

#include <stddef.h>

/*
** Gross dies per wafer (de Vries 2005, "Investigation of gross die per wafer
** formulas", IEEE Trans. Semicond. Manuf. 18(1), the standard first-order form):
**   DPW = pi (d/2)^2 / A - pi d / sqrt(2 A)
** with d = wafer diameter - 2 x edge exclusion and A the die area grown by the
** scribe line: (w + s)(h + s), or (sqrt(A) + s)^2 for a square die of area A.
** The result is not rounded (callers floor it for whole dies). 0 when the
** formula gives a negative count.  Errors: FC_EDOM.
*/
int fc_yield_dies_per_wafer(double wafer_diameter_mm, double die_area_mm2, double die_width_mm,
                            double die_height_mm, double edge_exclusion_mm, double scribe_mm,
                            double *dies);

typedef enum {
  FC_YIELD_POISSON = 0,      /* exp(-A D)                       Poisson */
  FC_YIELD_MURPHY,           /* ((1 - exp(-A D)) / (A D))^2     Murphy (1964), Proc. IEEE 52(12) */
  FC_YIELD_SEEDS,            /* 1 / (1 + A D)                   Seeds (1967), IEEE Int. Electron Devices Meeting */
  FC_YIELD_MOORE,            /* exp(-sqrt(A D))                 Moore (1970), IEEE Spectrum 7(5) */
  FC_YIELD_BOSE_EINSTEIN,    /* 1 / (1 + A D)^n, n critical layers  Price (1970), Proc. IEEE 58(8) */
  FC_YIELD_NEGATIVE_BINOMIAL /* (1 + A D / alpha)^-alpha        Stapper (1983), IBM J. Res. Dev. 27(6) */
} fc_yield_model;

/* Yield of a die of area A (mm^2) at defect density D (per cm^2).
   param: critical layers n (Bose-Einstein, >= 1) or clustering alpha
   (negative binomial, > 0); ignored otherwise.  Errors: FC_EDOM, FC_EINVAL. */
int fc_yield_die_yield(fc_yield_model model, double die_area_mm2, double defect_density_per_cm2,
                       double param, double *yield);

/* Cost per good die = wafer cost / (dies per wafer x yield).  Errors: FC_EDOM
   (no whole die fits, yield 0, bad inputs). */
int fc_yield_cost_per_good_die(double wafer_cost_usd, double dies_per_wafer, double yield,
                               double *usd);

/*
** A 2.5D package (the structure of chiplet-actuary, Feng & Ma, DAC 2022,
** "Chiplet Actuary: a quantitative cost model and multi-chiplet architecture
** exploration"): known-good logic dies and HBM stacks bonded onto an
** interposer (or substrate), then tested.
**   cost of parts  = sum(logic KGD) + HBM stacks + interposer + substrate
**   bonding yield  = b^(number of dies and stacks attached)
**   good package   = (parts + assembly) / (bonding yield x interposer yield) + test
** A failed bond scraps the whole package with its known-good dies, which is
** why large multi-die packages pay for bonding yield.
*/
typedef struct {
  double wafer_cost_usd;           /* of the logic process */
  double wafer_diameter_mm;
  double edge_exclusion_mm, scribe_mm;
  double die_area_mm2;             /* each logic die */
  double defect_density_per_cm2;
  fc_yield_model model;
  double model_param;              /* alpha or critical layers */
  double yield_override;           /* in (0, 1] to use a reported yield; 0 = model */
  double count;                    /* number of such dies in the package, >= 1 */
} fc_yield_die_spec;

typedef struct {
  size_t n_dies;                   /* logic die kinds, 1..8 */
  fc_yield_die_spec dies[8];
  double hbm_stacks;               /* >= 0 */
  double hbm_stack_cost_usd;       /* per good stack */
  double interposer_area_mm2;      /* 0 = none (organic substrate) */
  double interposer_usd_per_mm2;
  double interposer_defect_density_per_cm2;
  double interposer_alpha;
  double substrate_usd;
  double assembly_usd;
  double bonding_yield;            /* per attached die or stack, (0, 1] */
  double test_usd;                 /* final test per package */
} fc_package_spec;

typedef struct {
  double logic_usd;                /* known-good logic dies */
  double hbm_usd;
  double interposer_usd;           /* interposer cost per good interposer */
  double substrate_usd, assembly_usd, test_usd;
  double bonding_yield;            /* of the whole package */
  double scrap_usd;                /* parts lost to failed bonds, per good package */
  double total_usd;                /* per good package */
  double dies_per_wafer[8], die_yield[8], usd_per_good_die[8];
} fc_package_result;

int fc_yield_package(const fc_package_spec *p, fc_package_result *r, const char **bad_field);

/* Yield of an HBM stack of `dies` DRAM dies of yield y_die each, with a
   stacking (TSV bonding) yield per layer:  y_die^dies x y_bond^(dies - 1). */
int fc_yield_hbm_stack(double die_yield, double dies, double bond_yield, double *yield);

#endif
