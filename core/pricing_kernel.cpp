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

// The two erfc arguments of a chunk's lanes, by region: each region's values
// packed (with where they came from), its formula run over them alone, and
// the results put back. A lane's erfc is then the region formula it would
// have selected, with the same operations (core/kernel_math.h), but no lane
// pays for the other two regions' polynomials and divisions.
struct ErfcScratch {
  double y[2 * kChunk], e[2 * kChunk];
  double packed[3][2 * kChunk], result[2 * kChunk];
  std::uint16_t from[3][2 * kChunk];
};

template <double (*Region)(double)>
inline __attribute__((always_inline)) void erfcRegion(std::size_t n, const double* packed, const std::uint16_t* from,
                                                      double* result, double* e) {
  for (std::size_t j = 0; j < n; ++j) result[j] = Region(packed[j]);
  for (std::size_t j = 0; j < n; ++j) e[from[j]] = result[j];
}

inline __attribute__((always_inline)) void erfcByRegion(std::size_t n, ErfcScratch& s) {
  std::size_t count[3] = {0, 0, 0};
  for (std::size_t j = 0; j < n; ++j) {
    const double y = s.y[j];
    // The regions as erfcNonNegative tells them apart (a NaN goes to the last, as there).
    const int r = y <= kmath::kErfcSmallEnd ? 0 : (y <= kmath::kErfcMiddleEnd ? 1 : 2);
    s.packed[r][count[r]] = y;
    s.from[r][count[r]] = static_cast<std::uint16_t>(j);
    ++count[r];
  }
  erfcRegion<kmath::erfcSmall>(count[0], s.packed[0], s.from[0], s.result, s.e);
  erfcRegion<kmath::erfcMiddle>(count[1], s.packed[1], s.from[1], s.result, s.e);
  erfcRegion<kmath::erfcTail>(count[2], s.packed[2], s.from[2], s.result, s.e);
}
}  // namespace

MUTUALAB_KERNEL_CLONES
void bsPriceBatch(std::size_t n, const std::uint8_t* kind, const double* spot, const double* strike, double rate,
                  const double* vol, const double* years, double* out) {
  // In chunks: the kinds first turned into signs (a loop that mixes byte and
  // double lanes does not vectorize), each lane's setup, its two Φ values by
  // region of their argument, then each lane's price.
  double sign[kChunk], discounted[kChunk], x1[kChunk], x2[kChunk], degenerate[kChunk];
  ErfcScratch scratch;
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
        degenerate[i] = lane.degenerate;
        scratch.y[i] = kmath::normCdfArg(lane.x1);
        scratch.y[m + i] = kmath::normCdfArg(lane.x2);
      }
    };
    if (rate == 0.0 && finite) setup.template operator()<true>();
    else setup.template operator()<false>();
    erfcByRegion(2 * m, scratch);
    for (std::size_t i = 0; i < m; ++i) {
      const BsLane lane{discounted[i], x1[i], x2[i], degenerate[i]};
      o[i] = bsLaneFinish(sign[i], s[i], k[i], lane, kmath::normCdfFromErfc(x1[i], scratch.e[i]),
                          kmath::normCdfFromErfc(x2[i], scratch.e[m + i]));
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
