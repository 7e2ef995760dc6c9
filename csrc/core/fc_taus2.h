/*
** fc_taus2.h -- internal: one step of taus2, L'Ecuyer's maximally
** equidistributed combined Tausworthe generator (L'Ecuyer 1996, Math. Comp.
** 65(213), table 4 and the code of sec. 5), the one definition of the step
** for fc_dist.c (on a GSL taus2 state) and fc_mc_lanes.c (lanes side by side).
** Not installed, not part of the API.
*/
#ifndef FC_TAUS2_H
#define FC_TAUS2_H

#include <stdint.h>

/* Steps the three words and returns the output s1 ^ s2 ^ s3 (GSL's taus2
   get(): a uniform on [0, 1) times 2^32). */
static inline uint32_t fc_taus2_step(uint32_t *s1, uint32_t *s2, uint32_t *s3) {
  *s1 = ((*s1 & 0xFFFFFFFEu) << 12) ^ (((*s1 << 13) ^ *s1) >> 19);
  *s2 = ((*s2 & 0xFFFFFFF8u) << 4) ^ (((*s2 << 2) ^ *s2) >> 25);
  *s3 = ((*s3 & 0xFFFFFFF0u) << 17) ^ (((*s3 << 3) ^ *s3) >> 11);
  return *s1 ^ *s2 ^ *s3;
}

#endif
