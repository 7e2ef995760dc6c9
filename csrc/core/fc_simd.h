/*
** fc_simd.h -- internal: the instruction sets the vectorised kernels are
** compiled for (fc_mc_lanes.c, the block chain of fc_scenario.c). Each kernel
** is plain C compiled once for the baseline ISA and once each for AVX2 and
** AVX-512 (function target attributes), chosen at run time; no FMA
** contraction (-std=c99 sets -ffp-contract=off, and each kernel file says so
** itself for builds without it: luarocks, clang), so every ISA gives the same
** bits (csrc/test/test_mc_lanes.c compares them). Not installed.
*/
#ifndef FC_SIMD_H
#define FC_SIMD_H

#if defined(__GNUC__) && defined(__x86_64__)
#define FC_SIMD_X86 1
#define FC_TARGET_AVX2 __attribute__((target("avx2")))
#define FC_TARGET_AVX512 __attribute__((target("avx512f,avx512vl,avx512dq")))
#endif

/* FC_SIMD_BEST: the widest the CPU has; the others force one, which must not
   be wider than fc_simd_best() (tests). */
enum { FC_SIMD_BEST = -1, FC_SIMD_BASE = 0, FC_SIMD_AVX2 = 1, FC_SIMD_AVX512 = 2 };

static inline int fc_simd_best(void) {
#ifdef FC_SIMD_X86
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
    return FC_SIMD_AVX512;
  if (__builtin_cpu_supports("avx2")) return FC_SIMD_AVX2;
#endif
  return FC_SIMD_BASE;
}

/* isa itself, or for FC_SIMD_BEST what the CPU has. */
static inline int fc_simd_resolve(int isa) { return isa == FC_SIMD_BEST ? fc_simd_best() : isa; }

#endif
