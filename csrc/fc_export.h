/* fc_export.h -- placeholder; the module's declarations go here. */
#ifndef FC_EXPORT_H
#define FC_EXPORT_H
#endif
