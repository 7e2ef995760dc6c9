/* fc_yield.h -- placeholder; the module's declarations go here. */
#ifndef FC_YIELD_H
#define FC_YIELD_H
#endif
