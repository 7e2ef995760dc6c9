/* fc_mc.h -- placeholder; the module's declarations go here. */
#ifndef FC_MC_H
#define FC_MC_H
#endif
