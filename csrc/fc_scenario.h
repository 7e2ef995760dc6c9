/* fc_scenario.h -- placeholder; the module's declarations go here. */
#ifndef FC_SCENARIO_H
#define FC_SCENARIO_H
#endif
