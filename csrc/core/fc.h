/*
** fc.h -- flopcost's public C API: the umbrella header of the pure-C core.
** The core never includes lua.h; the Lua binding lives in lfc*.c.
** Conventions (GSL's): fc_<module>_<verb>, FC_ macros, int status returns,
** results through pointers, caller-allocated outputs, _alloc/_free pairs.
*/
#ifndef FC_H
#define FC_H

#include "fc_status.h"
#include "fc_finance.h"
#include "fc_energy.h"
#include "fc_yield.h"
#include "fc_training.h"
#include "fc_export.h"
#include "fc_catalog.h"
#include "fc_text.h"
#include "fc_scenario.h"
#include "fc_mc.h"
#include "fc_solve.h"
#include "fc_fleet.h"
#include "fc_inference.h"
#include "fc_serve.h"
#include "fc_serve_fleet.h"
#include "fc_file.h"
#include "fc_price.h"
#include "fc_convention.h"
#include "fc_rental.h"
#include "fc_compose.h"

#endif
