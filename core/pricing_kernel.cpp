#include "core/pricing_kernel.h"

namespace mutualab {

// Compiled with -O3 -fno-trapping-math (see CMakeLists.txt) so the loop runs
// over SIMD lanes (a select on a comparison is then not a branch);
// core's -ffp-contract=off keeps every lane's operations those of bsPriceLane.
// On x86-64 the loop is also compiled for AVX2 and AVX-512 and the widest the
// CPU has is chosen when the program loads (GCC's function multiversioning).
// Wider lanes do the same IEEE operations in the same order (no fused
// multiply-add: core builds with -ffp-contract=off), so every clone gives the
// same bits; the kernel test checks the one this machine runs.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define MUTUALAB_KERNEL_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define MUTUALAB_KERNEL_CLONES
#endif

MUTUALAB_KERNEL_CLONES
void bsPriceBatch(std::size_t n, const std::uint8_t* kind, const double* spot, const double* strike, double rate,
                  const double* vol, const double* years, double* out) {
  // In chunks, the kinds first turned into signs: a loop that mixes byte and
  // double lanes does not vectorize.
  constexpr std::size_t kChunk = 64;
  double sign[kChunk];
  for (std::size_t from = 0; from < n; from += kChunk) {
    const std::size_t m = n - from < kChunk ? n - from : kChunk;
    for (std::size_t i = 0; i < m; ++i) sign[i] = kind[from + i] == 0 ? 1.0 : -1.0;
    const double* s = spot + from;
    const double* k = strike + from;
    const double* v = vol + from;
    const double* y = years + from;
    double* o = out + from;
    for (std::size_t i = 0; i < m; ++i) o[i] = bsPriceLane(sign[i], s[i], k[i], rate, v[i], y[i]);
  }
}

void PriceBatch::reserve(std::size_t n) {
  if (n <= kind.size()) return;
  kind.resize(n);
  spot.resize(n);
  strike.resize(n);
  vol.resize(n);
  years.resize(n);
  price.resize(n);
  owner.resize(n);
}

}  // namespace mutualab
