// MUTUALAB_SIMD_CLONES: on x86-64 (GCC), a function marked with it is also
// compiled for AVX2 and AVX-512, and the widest the CPU has is chosen when
// the program loads (GCC's function multiversioning); elsewhere it is
// empty. For loops over flat arrays whose lanes are independent: wider
// lanes do the same IEEE operations in the same order (core builds with
// -ffp-contract=off: no fused multiply-add), so every clone gives the same
// bits. The files that use it are compiled with MUTUALAB_KERNEL_OPTIONS
// (CMakeLists.txt: -O3, and WebAssembly's 128-bit SIMD there).
// MUTUALAB_KERNEL_ISA (CMakeLists.txt) builds fewer clones, to measure what
// the width is worth (bench/kernel_width.sh).
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(MUTUALAB_KERNEL_ISA_SSE2)
#define MUTUALAB_X86_CLONES 1
#if defined(MUTUALAB_KERNEL_ISA_AVX2)
#define MUTUALAB_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define MUTUALAB_SIMD_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
#else
#define MUTUALAB_SIMD_CLONES
#endif
