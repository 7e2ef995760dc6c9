/* fc_solve.h -- placeholder; the module's declarations go here. */
#ifndef FC_SOLVE_H
#define FC_SOLVE_H
#endif
