/* fc_energy.h -- placeholder; the module's declarations go here. */
#ifndef FC_ENERGY_H
#define FC_ENERGY_H
#endif
