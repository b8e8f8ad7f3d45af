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

namespace {
constexpr std::size_t kChunk = 128;  // lanes at a time: the scratch below stays in L1
}  // namespace

MUTUALAB_KERNEL_CLONES
void bsPriceBatch(std::size_t n, const std::uint8_t* kind, const double* spot, const double* strike, double rate,
                  const double* vol, const double* years, double* out) {
  // In chunks: the kinds first turned into signs (a loop that mixes byte and
  // double lanes does not vectorize), each lane's setup, its two Φ values,
  // then each lane's price, each a loop of its own. The Φ loop, the longest,
  // runs the two halves of the chunk in one body: two independent chains of
  // operations, which the scheduler interleaves (see CMakeLists.txt), so one
  // lane's long chain of dependent operations does not leave the vector
  // units waiting (GCC 12 does not vectorize the loop with four). An odd
  // chunk is padded with a harmless stand-in lane whose result is not used.
  double sign[kChunk], discounted[kChunk], degenerate[kChunk];
  double x1[kChunk], x2[kChunk], ratio[kChunk], n1[kChunk], n2[kChunk];
  for (std::size_t from = 0; from < n; from += kChunk) {
    const std::size_t m = n - from < kChunk ? n - from : kChunk;
    for (std::size_t i = 0; i < m; ++i) sign[i] = kind[from + i] == 0 ? 1.0 : -1.0;
    const double* s = spot + from;
    const double* k = strike + from;
    const double* v = vol + from;
    const double* y = years + from;
    double* o = out + from;
    // At a zero rate (the default market) and finite times every discount
    // factor is e^{-0} = 1 exactly: the setup skips its exp.
    bool finite = true;
    for (std::size_t i = 0; i < m; ++i) finite = finite && y[i] <= std::numeric_limits<double>::max();
    auto setup = [&]<bool kNoDiscount>() {
      for (std::size_t i = 0; i < m; ++i) {
        const BsLane lane = bsLaneSetup<kNoDiscount>(sign[i], s[i], k[i], rate, v[i], y[i]);
        discounted[i] = lane.discountedStrike;
        x1[i] = lane.x1;
        x2[i] = lane.x2;
        ratio[i] = lane.ratio;
        degenerate[i] = lane.degenerate;
      }
    };
    if (rate == 0.0 && finite) setup.template operator()<true>();
    else setup.template operator()<false>();
    const std::size_t padded = (m + 1) / 2 * 2, q = padded / 2;
    for (std::size_t i = m; i < padded; ++i) {
      x1[i] = x2[i] = 0.0;
      ratio[i] = 1.0;
    }
    for (std::size_t j = 0; j < q; ++j) {
      const NormPair a = bsNormPair(x1[j], x2[j], ratio[j]);
      const NormPair b = bsNormPair(x1[q + j], x2[q + j], ratio[q + j]);
      n1[j] = a.n1, n2[j] = a.n2;
      n1[q + j] = b.n1, n2[q + j] = b.n2;
    }
    for (std::size_t i = 0; i < m; ++i) {
      const BsLane lane{discounted[i], x1[i], x2[i], ratio[i], degenerate[i]};
      o[i] = bsLaneFinish(sign[i], s[i], k[i], lane, NormPair{n1[i], n2[i]});
    }
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
