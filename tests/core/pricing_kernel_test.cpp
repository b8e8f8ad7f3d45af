// The pricing kernel's own math against the C library (musl's, the same in
// both builds), and the batched kernel against its one-lane form, bit for bit.
#include "core/pricing_kernel.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <boost/random/uniform_01.hpp>
#include <catch2/catch.hpp>

#include "core/black_scholes.h"
#include "core/rng.h"

using namespace mutualab;

namespace {

double relativeError(double got, double want) { return std::fabs(got - want) / std::fabs(want); }

// Units in the last place between two finite doubles of the same sign.
std::int64_t ulpDistance(double a, double b) {
  const auto ia = std::bit_cast<std::int64_t>(a), ib = std::bit_cast<std::int64_t>(b);
  return ia > ib ? ia - ib : ib - ia;
}

// The textbook formula on the C library's exp, log and erfc: what bsPrice was before the kernel.
double libmPrice(bool call, double S, double K, double r, double vol, double T) {
  const double dk = K * std::exp(-r * T);
  const double sd = vol * std::sqrt(T);
  const double d1 = std::log(S / dk) / sd + 0.5 * sd, d2 = d1 - sd;
  auto N = [](double x) { return 0.5 * std::erfc(-x * 0.70710678118654752440); };
  return call ? S * N(d1) - dk * N(d2) : dk * N(-d2) - S * N(-d1);
}

}  // namespace

TEST_CASE("kernel exp and log are within 1 ulp of the C library's", "[kernel]") {
  Engine rng = makeEngine(7, 0, AgentKind::Pool, 0, Purpose::Sizing);
  boost::random::uniform_01<double> u;
  std::int64_t worstExp = 0, worstLog = 0;
  for (int i = 0; i < 200000; ++i) {
    const double x = -708.0 + 1417.0 * u(rng);
    worstExp = std::max(worstExp, ulpDistance(kmath::exp(x), std::exp(x)));
    const double y = std::exp(-700.0 + 1400.0 * u(rng));
    worstLog = std::max(worstLog, ulpDistance(kmath::log(y), std::log(y)));
    const double near1 = 0.7 + 0.6 * u(rng);  // log's hardest region, where log(x) is small
    worstLog = std::max(worstLog, ulpDistance(kmath::log(near1), std::log(near1)));
  }
  CHECK(worstExp <= 1);
  CHECK(worstLog <= 1);
  CHECK(kmath::exp(0.0) == 1.0);
  CHECK(kmath::log(1.0) == 0.0);
  CHECK(kmath::exp(-800.0) == 0.0);
  CHECK(std::isinf(kmath::exp(800.0)));
  CHECK(std::isfinite(kmath::exp(709.0)));
  CHECK(std::isinf(kmath::exp(709.5)));  // its documented domain ends at 709
}

TEST_CASE("kernel normCdf keeps 1e-15 relative accuracy in both tails", "[kernel]") {
  Engine rng = makeEngine(7, 1, AgentKind::Pool, 0, Purpose::Sizing);
  boost::random::uniform_01<double> u;
  double worst = 0;
  for (int i = 0; i < 400000; ++i) {
    const double x = -37.5 + 45.5 * u(rng);  // Φ(-37.5) = 5e-309, the smallest normal double
    const double want = 0.5 * std::erfc(-x * 0.70710678118654752440);
    worst = std::max(worst, relativeError(kmath::normCdf(x), want));
  }
  INFO("worst relative error " << worst);
  CHECK(worst < 1e-15);
  CHECK(kmath::normCdf(0.0) == 0.5);
  CHECK(kmath::normCdf(-40.0) == 0.0);
  CHECK(kmath::normCdf(40.0) == 1.0);
  CHECK(kmath::normCdf(-1.959963984540054) == Approx(0.025).epsilon(1e-14));
  CHECK(normCdf(1.0) == kmath::normCdf(1.0));  // the public function is the kernel's
}

TEST_CASE("bsPrice by the kernel agrees with the libm formula", "[kernel]") {
  // Two measures: the error per unit of spot everywhere (the formula
  // subtracts two terms of the spot's size, so that is what rounding moves),
  // and the relative error where the price is at least 1% of the spot.
  Engine rng = makeEngine(7, 2, AgentKind::Pool, 0, Purpose::Sizing);
  boost::random::uniform_01<double> u;
  double worstPerSpot = 0, worstRelative = 0;
  for (int i = 0; i < 200000; ++i) {
    const bool call = u(rng) < 0.5;
    const double S = 100.0, K = S * (0.5 + u(rng)), vol = 0.05 + 1.5 * u(rng), T = 1.0 / 365 + 2.0 * u(rng);
    const double r = 0.1 * u(rng);
    const double want = std::max(libmPrice(call, S, K, r, vol, T), 0.0);
    const double got = bsPrice(call ? OptionKind::Call : OptionKind::Put, S, K, r, vol, T);
    worstPerSpot = std::max(worstPerSpot, std::fabs(got - want) / S);
    if (want >= 0.01 * S) worstRelative = std::max(worstRelative, relativeError(got, want));
  }
  INFO("worst error per unit of spot " << worstPerSpot << ", worst relative (price >= 1% of spot) " << worstRelative);
  CHECK(worstPerSpot < 1e-15);
  CHECK(worstRelative < 1e-13);
  // Hull's textbook example (Options, Futures and Other Derivatives, 15.9): 4.76 and 0.81.
  CHECK(bsPrice(OptionKind::Call, 42, 40, 0.1, 0.2, 0.5) == Approx(4.7594).margin(5e-5));
  CHECK(bsPrice(OptionKind::Put, 42, 40, 0.1, 0.2, 0.5) == Approx(0.8086).margin(5e-5));
}

TEST_CASE("bsPriceBatch gives bsPrice's bits in every lane, degenerate lanes included", "[kernel]") {
  Engine rng = makeEngine(7, 3, AgentKind::Pool, 0, Purpose::Sizing);
  boost::random::uniform_01<double> u;
  const std::size_t n = 1001;  // not a multiple of the lane count or the chunk
  std::vector<std::uint8_t> kind(n);
  std::vector<double> spot(n), strike(n), vol(n), years(n), out(n);
  for (std::size_t i = 0; i < n; ++i) {
    kind[i] = u(rng) < 0.5 ? 0 : 1;
    spot[i] = 50.0 + 100.0 * u(rng);
    strike[i] = spot[i] * (0.3 + 1.4 * u(rng));
    vol[i] = 2.0 * u(rng);
    years[i] = 3.0 * u(rng);
    switch (i % 11) {  // the edge cases bsPrice documents
      case 1: years[i] = 0.0; break;
      case 2: vol[i] = 0.0; break;
      case 3: strike[i] = 0.0; break;
      case 4: spot[i] = 0.0; break;
      case 5: years[i] = -1.0; break;
      case 6: strike[i] = 1e-300; break;  // ratio overflows: the deterministic limit
      default: break;
    }
  }
  // At a positive rate, and at a zero rate (where the batch skips the
  // discount factor's exp, e^{-0} being 1): with finite times, and with a
  // chunk holding an infinite time, where it may not.
  for (const double rate : {0.03, 0.0, -0.0}) {
    for (const bool infinite : {false, true}) {
      if (infinite) years[700] = std::numeric_limits<double>::infinity();
      bsPriceBatch(n, kind.data(), spot.data(), strike.data(), rate, vol.data(), years.data(), out.data());
      for (std::size_t i = 0; i < n; ++i) {
        const double one = bsPrice(static_cast<OptionKind>(kind[i]), spot[i], strike[i], rate, vol[i], years[i]);
        INFO("rate " << rate << ", lane " << i);
        CHECK(std::bit_cast<std::uint64_t>(out[i]) == std::bit_cast<std::uint64_t>(one));
        CHECK((std::isfinite(out[i]) || i == 700));
        CHECK(!(out[i] < 0.0));
      }
      years[700] = 1.0;
    }
  }
  CHECK(kmath::exp(-0.0) == 1.0);
  // The degenerate limits themselves.
  CHECK(bsPrice(OptionKind::Call, 100, 90, 0.0, 0.2, 0.0) == 10.0);
  CHECK(bsPrice(OptionKind::Put, 100, 90, 0.0, 0.0, 1.0) == 0.0);
  CHECK(bsPrice(OptionKind::Call, 100, 0, 0.0, 0.2, 1.0) == 100.0);
  CHECK(bsPrice(OptionKind::Put, 100, 0, 0.0, 0.2, 1.0) == 0.0);
}

TEST_CASE("bsCoverTermsBatch gives the cover terms' bits in every lane, edge cases included", "[kernel]") {
  // What a position's cover terms were, one branchy call at a time, before
  // the batch: no terms for a strike at or below zero, no log for a spot at
  // or below zero.
  auto reference = [](double S0, double K) {
    CoverTerms c;
    if (K <= 0.0) return c;
    c.invStrike = 1.0 / K;
    if (S0 > 0.0) c.logMoneyness = kmath::log(S0 / K);
    return c;
  };
  auto bits = [](double x) { return std::bit_cast<std::uint64_t>(x); };
  Engine rng = makeEngine(7, 4, AgentKind::Pool, 0, Purpose::Sizing);
  boost::random::uniform_01<double> u;
  const std::size_t n = 1003;  // not a multiple of any lane count
  // Lanes in batches of 17 (a step's positions on one asset) at one spot
  // each: some spots zero or negative, and one lane of most batches struck
  // at its spot.
  const std::size_t batch = 17;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> spot(n), strike(n), logM(n), inv(n);
  for (std::size_t from = 0; from < n; from += batch) {
    const std::size_t b = from / batch;
    double S = 50.0 + 100.0 * u(rng);
    if (b % 9 == 3) S = 0.0;
    if (b % 9 == 4) S = -1.0;
    for (std::size_t i = from; i < std::min(n, from + batch); ++i) {
      spot[i] = S;
      strike[i] = (S > 0.0 ? S : 100.0) * (0.05 + 1.9 * u(rng));
      switch (i % 9) {
        case 1: strike[i] = 0.0; break;
        case 2: strike[i] = -strike[i]; break;
        case 5: strike[i] = nan; break;
        case 6: if (S > 0.0) strike[i] = S; break;  // at the money: ln 1 = 0
        default: break;
      }
    }
    const std::size_t m = std::min(batch, n - from);
    bsCoverTermsBatch(m, S, strike.data() + from, logM.data() + from, inv.data() + from);
  }
  std::size_t nanStrikes = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const CoverTerms want = reference(spot[i], strike[i]), one = bsCoverTermsLane(spot[i], strike[i]);
    INFO("lane " << i << ": S0 " << spot[i] << ", K " << strike[i]);
    // NaN strikes: 1/K is NaN in all three (the payload aside).
    if (std::isnan(strike[i])) {
      ++nanStrikes;
      CHECK((std::isnan(inv[i]) && std::isnan(one.invStrike) && std::isnan(want.invStrike)));
      continue;
    }
    CHECK(bits(logM[i]) == bits(want.logMoneyness));
    CHECK(bits(inv[i]) == bits(want.invStrike));
    CHECK(bits(one.logMoneyness) == bits(want.logMoneyness));
    CHECK(bits(one.invStrike) == bits(want.invStrike));
  }
  CHECK(nanStrikes == 111);
  // Known values: ln(100/80) and 1/80; nothing for a zero strike or spot.
  CHECK(bsCoverTermsLane(100.0, 80.0).logMoneyness == Approx(std::log(1.25)).epsilon(1e-15));
  CHECK(bsCoverTermsLane(100.0, 80.0).invStrike == 0.0125);
  CHECK(bsCoverTermsLane(100.0, 0.0).invStrike == 0.0);
  CHECK(bsCoverTermsLane(0.0, 80.0).logMoneyness == 0.0);
  CHECK(bsCoverTermsLane(0.0, 80.0).invStrike == 0.0125);
}

TEST_CASE("bsRepriceBatch: fixed options repriced at moved spots agree with bsPrice to rounding, and bsRepriceMovedBatch with it bit for bit", "[kernel]") {
  // The risk engine's path (core/risk_engine.cpp): each option's spot-free
  // constants once (bsFixedLeg at the spot of today), then the spot moved by
  // a log-return x, entering as ln(S/K') = ln(S0/K') + x, S/K' = (S0/K')·e^x
  // and K'/S = (K'/S0)·e^{-x}. d1 then differs from bsPrice's in its last
  // bits only, so the price does too; degenerate lanes are bsPrice's exactly.
  Engine rng = makeEngine(7, 4, AgentKind::Pool, 0, Purpose::Sizing);
  boost::random::uniform_01<double> u;
  const std::size_t n = 20001;  // not a multiple of the lane count or the chunk
  for (const double rate : {0.0, 0.03}) {
    std::vector<double> sign(n), strike(n), discounted(n), sd(n), invSd(n), spot(n), logMoneyness(n), farRatio(n), out(n);
    std::vector<double> spot0(n), vol(n), years(n);
    std::vector<int> kind(n);
    std::vector<bool> degenerate(n, false);
    // The same moves as a table (a path), each lane reading its own entry
    // from the far end, for bsRepriceMovedBatch.
    std::vector<double> growth(n), logGrowth(n), invGrowth(n), leg0(n), ratio0(n), invRatio0(n);
    std::vector<int> move(n);
    for (std::size_t i = 0; i < n; ++i) {
      kind[i] = u(rng) < 0.5 ? 0 : 1;
      spot0[i] = 50.0 + 100.0 * u(rng);
      strike[i] = spot0[i] * (0.3 + 1.4 * u(rng));
      vol[i] = 0.05 + 2.0 * u(rng);
      years[i] = 1.0 / 365 + 2.0 * u(rng);
      switch (i % 13) {  // the edge cases bsPrice documents
        case 1: years[i] = 0.0; break;
        case 2: vol[i] = 0.0; break;
        case 3: strike[i] = 0.0; break;
        case 4: spot0[i] = 0.0; break;
        case 5: strike[i] = 1e-300; break;  // S/K' overflows: the deterministic limit
        default: break;
      }
      degenerate[i] = i % 13 >= 1 && i % 13 <= 5;
      const FixedLeg leg = bsFixedLeg(kind[i] == 0 ? 1.0 : -1.0, spot0[i], strike[i], rate, vol[i], years[i]);
      const double x = i % 17 == 0 ? 0.0 : -1.5 + 3.0 * u(rng);  // the sample's log-return
      const double g = std::exp(x);
      sign[i] = leg.sign;
      discounted[i] = leg.discountedStrike;
      sd[i] = leg.sd;
      invSd[i] = leg.invSd;
      spot[i] = spot0[i] * g;
      logMoneyness[i] = leg.logMoneyness0 + x;
      farRatio[i] = std::min(leg.ratio0 * g, leg.invRatio0 * (1.0 / g));
      move[i] = static_cast<int>(n - 1 - i);
      growth[n - 1 - i] = g;
      logGrowth[n - 1 - i] = x;
      invGrowth[n - 1 - i] = 1.0 / g;
      leg0[i] = leg.logMoneyness0;
      ratio0[i] = leg.ratio0;
      invRatio0[i] = leg.invRatio0;
    }
    const RepriceLanes lanes{sign.data(), strike.data(), discounted.data(), sd.data(), invSd.data(),
                             spot.data(), logMoneyness.data(), farRatio.data()};
    bsRepriceBatch(n, lanes, out.data());
    double worstPerScale = 0, worstRelative = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double want = bsPrice(static_cast<OptionKind>(kind[i]), spot[i], strike[i], rate, vol[i], years[i]);
      INFO("rate " << rate << ", lane " << i << ": " << out[i] << " vs " << want);
      if (degenerate[i]) {
        CHECK(std::bit_cast<std::uint64_t>(out[i]) == std::bit_cast<std::uint64_t>(want));
        continue;
      }
      CHECK(out[i] >= 0.0);
      // Per unit of the larger of S and K (the price is a difference of
      // terms of their size, so that is what rounding moves).
      worstPerScale = std::max(worstPerScale, std::fabs(out[i] - want) / std::max(spot[i], strike[i]));
      if (want >= 0.01 * spot[i]) worstRelative = std::max(worstRelative, relativeError(out[i], want));
    }
    INFO("rate " << rate << ": worst difference per unit of max(S, K) " << worstPerScale
                 << ", worst relative (price >= 1% of spot) " << worstRelative);
    CHECK(worstPerScale < 1e-15);
    CHECK(worstRelative < 1e-13);
    CHECK(worstPerScale > 0.0);  // the two paths do round differently: this compares them, not one with itself

    // Staged inside the kernel from the table: the same operations, so every lane's bits.
    std::vector<double> moved(n);
    const MovedLanes movedLanes{sign.data(),   strike.data(),    discounted.data(), sd.data(),
                                invSd.data(),  spot0.data(),     leg0.data(),       ratio0.data(),
                                invRatio0.data(), move.data(),   growth.data(),     logGrowth.data(),
                                invGrowth.data()};
    bsRepriceMovedBatch(n, movedLanes, moved.data());
    std::size_t differing = 0;
    for (std::size_t i = 0; i < n; ++i) differing += std::bit_cast<std::uint64_t>(moved[i]) != std::bit_cast<std::uint64_t>(out[i]);
    CHECK(differing == 0);
  }
}

TEST_CASE("kernel erfc is one formula, within 1e-15 relative from 0 to 26.5 and 0 beyond 27", "[kernel]") {
  // e^{-y²}·t·g(u) with g a fitted polynomial (scripts/fit_erfcx.py); the
  // bound holds where erfc is a normal double, which ends near 26.5.
  double worst = 0;
  for (double y = 0.0; y < 26.5; y += 1.0 / 4096.0) {
    worst = std::max(worst, relativeError(kmath::erfcNonNegative(y), std::erfc(y)));
  }
  INFO("worst relative error " << worst);
  CHECK(worst < 1e-15);
  CHECK(std::fabs(kmath::erfcNonNegative(0.0) - 1.0) <= 0x1p-52);
  CHECK(kmath::erfcNonNegative(27.0) == 0.0);
  CHECK(kmath::erfcNonNegative(1e300) == 0.0);
  CHECK(kmath::erfcNonNegative(std::numeric_limits<double>::infinity()) == 0.0);
  // Values from Abramowitz and Stegun, Table 7.1 (erf to 15 digits).
  CHECK(kmath::erfcNonNegative(0.5) == Approx(1.0 - 0.520499877813047).epsilon(1e-14));
  CHECK(kmath::erfcNonNegative(1.0) == Approx(1.0 - 0.842700792949715).epsilon(1e-14));
  CHECK(kmath::erfcNonNegative(2.0) == Approx(1.0 - 0.995322265018953).epsilon(1e-12));
}

TEST_CASE("bsKernelIsa names the clone this machine runs", "[kernel]") {
  const std::string isa = bsKernelIsa();
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
  // The build carries clones up to AVX-512 (or AVX2, or none: MUTUALAB_KERNEL_ISA):
  // the widest of them the CPU has runs.
  __builtin_cpu_init();
  std::string widest = "sse2";
#if !defined(MUTUALAB_KERNEL_ISA_SSE2)
  if (__builtin_cpu_supports("avx2")) widest = "avx2";
#if !defined(MUTUALAB_KERNEL_ISA_AVX2)
  if (__builtin_cpu_supports("avx512f")) widest = "avx512f";
#endif
#endif
  CHECK(isa == widest);
#else
  CHECK((isa == "sse2" || isa == "simd128" || isa == "baseline"));
#endif
}
