/* fc_training.h -- placeholder; the module's declarations go here. */
#ifndef FC_TRAINING_H
#define FC_TRAINING_H
#endif
