/* fc_fp_contract_off.h -- include first in a file whose results must be the same bits on
   every ISA and compiler (fc_simd.h): no FMA contraction in that file, also where -std=c99
   does not turn it off (luarocks' flags, clang). First, so that every function of the file,
   headers' included, has the same options. No include guard: a pragma per file. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif
