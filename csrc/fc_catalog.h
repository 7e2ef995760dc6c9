/* fc_catalog.h -- placeholder; the module's declarations go here. */
#ifndef FC_CATALOG_H
#define FC_CATALOG_H
#endif
