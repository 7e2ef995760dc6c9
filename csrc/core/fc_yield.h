/*
** fc_yield.h -- dies per wafer, defect-limited yield, cost per good die,
** HBM stacks and 2.5D packages, chiplet vs monolithic.
** Areas in mm^2 at the API; the yield formulas take A in cm^2 (A_mm2 / 100)
** because defect densities are quoted per cm^2.
*/
#ifndef FC_YIELD_H
#define FC_YIELD_H

#include <stddef.h>

/* The 300 mm wafer of every leading-edge logic process (SEMI M1 standard
   diameter; CSET 2020 prices 300 mm wafers, FIGURES.md) [S]. */
#define FC_WAFER_DIAMETER_MM 300.0
/* Clustering alpha of silicon-interposer defects: chiplet-actuary
   parameter.ini [SI] critical_level = 6 (FIGURES.md "Packaging") [S]. */
#define FC_INTERPOSER_ALPHA 6.0

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

/*
** Chiplet vs monolithic (the comparison of chiplet-actuary, Feng & Ma, DAC
** 2022, section 4): the same logic area as one die, or as `chiplets` dies of
** area total / chiplets x (1 + d2d_overhead) each (the die-to-die interface
** is extra area on every chiplet), both packaged the same way (fc_yield_package:
** the same HBM, substrate, assembly, bonding and test) and, when
** interposer_usd_per_mm2 > 0, on a silicon interposer of interposer_area_factor
** x the logic area they carry.  ratio = chiplet package / monolithic package.
** spec.package.dies[0] is the logic process (its die_area_mm2 and count are
** set here); n_dies and interposer_area_mm2 are ignored.
** fc_yield_chiplet_defaults fills a spec with the defaults below (each with
** its source and range in fc_yield.c; fc_yield_chiplet_default lists them).
** Errors: FC_EDOM with *bad_field ("total_area_mm2", "chiplets",
** "d2d_overhead", "interposer_area_factor" or a package field), FC_ERANGE.
*/
typedef struct {
  fc_package_spec package;
  double total_area_mm2;           /* logic area of the design */
  double chiplets;                 /* integer >= 2 */
  double d2d_overhead;             /* extra area per chiplet for die-to-die links, >= 0 */
  double interposer_area_factor;   /* interposer area / logic area carried, >= 1 */
} fc_chiplet_spec;

typedef struct {
  fc_package_result monolithic, chiplet;
  double chiplet_area_mm2;         /* each chiplet */
  double ratio;                    /* chiplet total / monolithic total */
} fc_chiplet_result;

void fc_yield_chiplet_defaults(fc_chiplet_spec *s);
int fc_yield_chiplet_compare(const fc_chiplet_spec *s, fc_chiplet_result *r, const char **bad_field);
/* The comparison's own four fields alone (before a caller reads the package). */
int fc_yield_chiplet_check(const fc_chiplet_spec *s, const char **bad_field);
/* Default i of the comparison: its field name, value, plausible range and
   source. Errors: FC_EINVAL (i out of range). */
size_t fc_yield_chiplet_default_count(void);
int fc_yield_chiplet_default(size_t i, const char **name, double *value, double *lo, double *hi,
                             const char **source);

/* Yield of an HBM stack of `dies` DRAM dies of yield y_die each, with a
   stacking (TSV bonding) yield per layer:  y_die^dies x y_bond^(dies - 1). */
int fc_yield_hbm_stack(double die_yield, double dies, double bond_yield, double *yield);

#endif
