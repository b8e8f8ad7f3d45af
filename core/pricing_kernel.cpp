#include "core/pricing_kernel.h"

#include "core/simd_clones.h"

namespace mutualab {

// Compiled with -O3 -fno-trapping-math (see CMakeLists.txt) so the loop runs
// over SIMD lanes (a select on a comparison is then not a branch);
// core's -ffp-contract=off keeps every lane's operations those of bsPriceLane.
// On x86-64 the loop is also compiled for AVX2 and AVX-512 and the widest the
// CPU has is chosen when the program loads (MUTUALAB_SIMD_CLONES,
// core/simd_clones.h): every clone gives the same bits; the kernel test
// checks the one this machine runs.

const char* bsKernelIsa() {
#if defined(__EMSCRIPTEN__)
  return "simd128";  // two double lanes
#elif defined(MUTUALAB_X86_CLONES)
  // The clone GCC's resolver picks: the first of the list the CPU supports.
  __builtin_cpu_init();
#if !defined(MUTUALAB_KERNEL_ISA_AVX2)
  if (__builtin_cpu_supports("avx512f")) return "avx512f";  // eight double lanes
#endif
  if (__builtin_cpu_supports("avx2")) return "avx2";  // four
  return "sse2";
#elif defined(__x86_64__)
  return "sse2";  // two
#else
  return "baseline";  // the target's own vectors, if any
#endif
}

namespace {
constexpr std::size_t kChunk = 128;  // lanes at a time: the scratch below stays in L1

// One chunk's lanes between the loops of a batch: each lane's setup, its two
// Φ values, then its price, each a loop of its own.
struct Chunk {
  double sign[kChunk], discounted[kChunk], degenerate[kChunk];
  double x1[kChunk], x2[kChunk], farRatio[kChunk], firstNearer[kChunk], n1[kChunk], n2[kChunk];
  double spot[kChunk];  // bsRepriceMovedBatch's and bsMarkCohort's spots, which finish reads again

#if defined(__EMSCRIPTEN__)
  // The staged loops' values between them: the general setup's, then Φ's.
  double sdSafe[kChunk], ratioSafe[kChunk], logRatio[kChunk];
  double y1[kChunk], y2[kChunk], nearDecay[kChunk], poly1[kChunk], poly2[kChunk];
#endif

  // The lane's setup, less its sign and K' (which finish takes as arrays).
  void store(std::size_t i, const BsLane& lane) {
    x1[i] = lane.x1;
    x2[i] = lane.x2;
    farRatio[i] = lane.farRatio;
    firstNearer[i] = lane.firstNearer;
    degenerate[i] = lane.degenerate;
  }
#if defined(__EMSCRIPTEN__)
  // WebAssembly: the Φ loop in stages, a loop each, the same operations on
  // the same numbers (bsNormPair's parts). V8 gives the vector code 16
  // registers and spills what does not fit to the stack; one loop body
  // with e^{-y²} and both polynomials spilled about half of its
  // instructions. Staged like this, and with the clamps of
  // core/kernel_math.h, a lane of the fixed-option path takes about a
  // quarter less (docs/performance.md §6); natively the one body is faster.
  __attribute__((always_inline)) void normPairs(std::size_t m) {
#pragma clang loop vectorize(enable)
    for (std::size_t i = 0; i < m; ++i) {
      y1[i] = bsErfcArg(x1[i]);
      y2[i] = bsErfcArg(x2[i]);
      nearDecay[i] = bsNearDecay(y1[i], y2[i], firstNearer[i]);
    }
#pragma clang loop vectorize(enable)
    for (std::size_t i = 0; i < m; ++i) poly1[i] = bsErfcxAt(y1[i]);
#pragma clang loop vectorize(enable)
    for (std::size_t i = 0; i < m; ++i) poly2[i] = bsErfcxAt(y2[i]);
#pragma clang loop vectorize(enable)
    for (std::size_t i = 0; i < m; ++i) {
      const NormPair p =
          bsNormPairFrom(x1[i], x2[i], y1[i], y2[i], nearDecay[i], farRatio[i], firstNearer[i], poly1[i], poly2[i]);
      n1[i] = p.n1;
      n2[i] = p.n2;
    }
  }
#else
  // The Φ loop, the longest, runs the two halves of the chunk in one body:
  // two independent chains of operations, which the scheduler interleaves
  // (see CMakeLists.txt), so one lane's long chain of dependent operations
  // does not leave the vector units waiting (GCC 12 does not vectorize the
  // loop with four). An odd chunk is padded with a harmless stand-in lane
  // whose result is not used.
  __attribute__((always_inline)) void normPairs(std::size_t m) {
    const std::size_t padded = (m + 1) / 2 * 2, q = padded / 2;
    for (std::size_t i = m; i < padded; ++i) {
      x1[i] = x2[i] = 0.0;
      farRatio[i] = 1.0;
      firstNearer[i] = 0.0;
    }
    // Clang's cost model declines to vectorize this two-lane body on its
    // own (it left the WebAssembly build's kernel about 1.4 times slower
    // before that build had its own loop, above); asked to, it runs the
    // loop over vector lanes like the others (docs/performance.md §6). GCC
    // vectorizes it unasked.
#if defined(__clang__)
#pragma clang loop vectorize(enable)
#endif
    for (std::size_t j = 0; j < q; ++j) {
      const NormPair a = bsNormPair(x1[j], x2[j], farRatio[j], firstNearer[j]);
      const NormPair b = bsNormPair(x1[q + j], x2[q + j], farRatio[q + j], firstNearer[q + j]);
      n1[j] = a.n1, n2[j] = a.n2;
      n1[q + j] = b.n1, n2[q + j] = b.n2;
    }
  }
#endif
  // sg and kd: the lanes' signs and K' (the caller's own arrays where it has
  // them: copying them here would cost a memcpy per chunk).
  __attribute__((always_inline)) void finish(std::size_t m, const double* sg, const double* kd, const double* s,
                                             const double* k, double* o) const {
    for (std::size_t i = 0; i < m; ++i) {
      const BsLane lane{kd[i], x1[i], x2[i], farRatio[i], firstNearer[i], degenerate[i]};
      o[i] = bsLaneFinish(sg[i], s[i], k[i], lane, NormPair{n1[i], n2[i]});
    }
  }
};
}  // namespace

MUTUALAB_SIMD_CLONES
void bsPriceBatch(std::size_t n, const std::uint8_t* kind, const double* spot, const double* strike, double rate,
                  const double* vol, const double* years, double* out) {
  // In chunks: the kinds first turned into signs (a loop that mixes byte and
  // double lanes does not vectorize), then the chunk's loops.
  Chunk c;
  for (std::size_t from = 0; from < n; from += kChunk) {
    const std::size_t m = n - from < kChunk ? n - from : kChunk;
    for (std::size_t i = 0; i < m; ++i) c.sign[i] = kind[from + i] == 0 ? 1.0 : -1.0;
    const double* s = spot + from;
    const double* k = strike + from;
    const double* v = vol + from;
    const double* y = years + from;
    // At a zero rate (the default market) and finite times every discount
    // factor is e^{-0} = 1 exactly: the setup skips its exp.
    bool finite = true;
    for (std::size_t i = 0; i < m; ++i) finite = finite && y[i] <= std::numeric_limits<double>::max();
    auto setup = [&]<bool kNoDiscount>() {
#if defined(__EMSCRIPTEN__)
      // WebAssembly: the setup in three loops around its log (bsLaneSetup's
      // parts, the same operations), for the reason of the staged Φ loop:
      // a general lane about a seventh faster under node.
      for (std::size_t i = 0; i < m; ++i) {
        const BsLaneInputs in = bsLaneInputs<kNoDiscount>(s[i], k[i], rate, v[i], y[i]);
        c.discounted[i] = in.discountedStrike;
        c.sdSafe[i] = in.sdSafe;
        c.ratioSafe[i] = in.ratioSafe;
        c.degenerate[i] = in.degenerate;
      }
      for (std::size_t i = 0; i < m; ++i) c.logRatio[i] = kmath::log(c.ratioSafe[i]);
      for (std::size_t i = 0; i < m; ++i) {
        const BsLaneInputs in{c.discounted[i], c.sdSafe[i], c.ratioSafe[i], c.degenerate[i]};
        c.store(i, bsLaneFromLog(c.sign[i], in, c.logRatio[i]));
      }
#else
      for (std::size_t i = 0; i < m; ++i) {
        const BsLane lane = bsLaneSetup<kNoDiscount>(c.sign[i], s[i], k[i], rate, v[i], y[i]);
        c.store(i, lane);
        c.discounted[i] = lane.discountedStrike;
      }
#endif
    };
    if (rate == 0.0 && finite) setup.template operator()<true>();
    else setup.template operator()<false>();
    c.normPairs(m);
    c.finish(m, c.sign, c.discounted, s, k, out + from);
  }
}

MUTUALAB_SIMD_CLONES
void bsRepriceBatch(std::size_t n, const RepriceLanes& lanes, double* out) {
  Chunk c;
  for (std::size_t from = 0; from < n; from += kChunk) {
    const std::size_t m = n - from < kChunk ? n - from : kChunk;
    const double* sg = lanes.sign + from;
    const double* s = lanes.spot + from;
    const double* kd = lanes.discountedStrike + from;
    const double* lm = lanes.logMoneyness + from;
    const double* r = lanes.farRatio + from;
    const double* sd = lanes.sd + from;
    const double* isd = lanes.invSd + from;
    for (std::size_t i = 0; i < m; ++i) c.store(i, bsLaneSetupFixed(sg[i], s[i], kd[i], lm[i], r[i], sd[i], isd[i]));
    c.normPairs(m);
    c.finish(m, sg, kd, s, lanes.strike + from, out + from);
  }
}

MUTUALAB_SIMD_CLONES
void bsRepriceMovedBatch(std::size_t n, const MovedLanes& lanes, double* out) {
  Chunk c;
  for (std::size_t from = 0; from < n; from += kChunk) {
    const std::size_t m = n - from < kChunk ? n - from : kChunk;
    const double* sg = lanes.sign + from;
    const double* kd = lanes.discountedStrike + from;
    const double* sd = lanes.sd + from;
    const double* isd = lanes.invSd + from;
    const double* s0 = lanes.spot0 + from;
    const double* lm0 = lanes.logMoneyness0 + from;
    const double* r0 = lanes.ratio0 + from;
    const double* ir0 = lanes.invRatio0 + from;
    const int* mv = lanes.move + from;
    if (lanes.groupVol) {
      const int* gr = lanes.group + from;
      const double* sl = lanes.sqrtLife + from;
      const double* isl = lanes.invSqrtLife + from;
      for (std::size_t i = 0; i < m; ++i) {
        const std::size_t k = static_cast<std::size_t>(mv[i]), g = static_cast<std::size_t>(gr[i]);
        const MovedSpot ms = bsMovedSpot(s0[i], lm0[i], r0[i], ir0[i], lanes.growth[k], lanes.logGrowth[k], lanes.invGrowth[k]);
        c.spot[i] = ms.spot;
        c.store(i, bsLaneSetupFixed(sg[i], ms.spot, kd[i], ms.logMoneyness, ms.farRatio, lanes.groupVol[g] * sl[i],
                                    lanes.groupInvVol[g] * isl[i]));
      }
    } else {
      for (std::size_t i = 0; i < m; ++i) {
        const std::size_t k = static_cast<std::size_t>(mv[i]);
        const MovedSpot ms = bsMovedSpot(s0[i], lm0[i], r0[i], ir0[i], lanes.growth[k], lanes.logGrowth[k], lanes.invGrowth[k]);
        c.spot[i] = ms.spot;
        c.store(i, bsLaneSetupFixed(sg[i], ms.spot, kd[i], ms.logMoneyness, ms.farRatio, sd[i], isd[i]));
      }
    }
    c.normPairs(m);
    c.finish(m, sg, kd, c.spot, lanes.strike + from, out + from);
  }
}

MUTUALAB_SIMD_CLONES
void bsMarkCohort(std::size_t n, const MarkTerms& t, const CohortLanes& lanes, double* out) {
  Chunk c;
  for (std::size_t from = 0; from < n; from += kChunk) {
    const std::size_t m = n - from < kChunk ? n - from : kChunk;
    // The kinds first turned into signs (a loop that mixes byte and double
    // lanes does not vectorize), then each lane staged and set up as
    // bsRepriceBatch's: contiguous reads and one set of terms, so one loop
    // over SIMD lanes.
    for (std::size_t i = 0; i < m; ++i) c.sign[i] = 1.0 - 2.0 * lanes.kind[from + i];
    const double* K = lanes.coverStrike + from;
    const double* lm = lanes.logMoneyness + from;
    const double* ik = lanes.invStrike + from;
    for (std::size_t i = 0; i < m; ++i) {
      const MarkLane l = bsMarkLane(t, c.sign[i], K[i], lm[i], ik[i]);
      c.discounted[i] = l.discountedStrike;
      c.spot[i] = l.spot;
      c.store(i, bsLaneSetupFixed(l.sign, l.spot, l.discountedStrike, l.logMoneyness, l.farRatio, l.sd, l.invSd));
    }
    c.normPairs(m);
    c.finish(m, c.sign, c.discounted, c.spot, K, out + from);
  }
}

MUTUALAB_SIMD_CLONES
void bsCoverTermsBatch(std::size_t n, double spot0, const double* strike, double* logMoneyness, double* invStrike) {
  for (std::size_t i = 0; i < n; ++i) {
    const CoverTerms c = bsCoverTermsLane(spot0, strike[i]);
    logMoneyness[i] = c.logMoneyness;
    invStrike[i] = c.invStrike;
  }
}

FixedLeg bsFixedLeg(double sign, double spot0, double strike, double rate, double vol, double years) {
  // The same quantities, in the same operations, as bsLaneSetup's.
  const double t = years > 0.0 ? years : 0.0;
  const double discountedStrike = rate == 0.0 && t <= std::numeric_limits<double>::max() ? strike : strike * kmath::exp(-rate * t);
  const double sd = vol > 0.0 ? vol * std::sqrt(t) : 0.0;
  const double ratio = spot0 / discountedStrike;
  const bool usable = spot0 > 0.0 && ratio >= std::numeric_limits<double>::min() && ratio <= std::numeric_limits<double>::max();
  // An unusable ratio stays unusable at every spot: a ratio of 0 makes every
  // lane the deterministic limit, as bsLaneSetup makes it.
  FixedLeg leg{sign, discountedStrike, sd, sd > 0.0 ? 1.0 / sd : 0.0, 0.0, 0.0, 0.0};
  if (usable) {
    leg.logMoneyness0 = kmath::log(ratio);
    leg.ratio0 = ratio;
    leg.invRatio0 = discountedStrike / spot0;
  }
  return leg;
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
