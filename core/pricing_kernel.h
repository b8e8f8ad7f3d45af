// The one pricing kernel: Black–Scholes prices of many European options at
// once, over structure-of-arrays inputs. Quoting, mark-to-model, expected
// payoffs and the risk engine all price through it (bsPrice is its one-lane
// form), so its numbers are the model's numbers, native and in the browser
// alike: the math is core/kernel_math.h's, with no libm call and no branch
// on the data, and a batch lane gives the one-lane result bit for bit. (The
// risk engine and mark-to-model enter through bsRepriceBatch, below: the
// same Φ and price after a setup of its own, so bsPrice's result to
// rounding.)
//
// Inputs are parallel arrays of n entries (kind as OptionKind's underlying
// value: 0 call, 1 put); the rate is one number, as the market has one.
// out[i] equals bsPrice(kind[i], spot[i], strike[i], rate, vol[i], years[i]),
// including its degenerate cases. out may not alias an input.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/kernel_math.h"

namespace mutualab {

// The instruction set the kernel runs on this machine: "avx512f" (eight
// double lanes), "avx2" (four), "sse2" (two), "simd128" (WebAssembly's two)
// or "baseline" (another target's default). Every one gives the same bits;
// benchmarks report it, since speed ratios depend on it.
const char* bsKernelIsa();

void bsPriceBatch(std::size_t n, const std::uint8_t* kind, const double* spot, const double* strike, double rate,
                  const double* vol, const double* years, double* out);

// Options whose strike, remaining life and volatility stay fixed while the
// spot moves: the risk engine's book, repriced on every Monte Carlo sample.
// What does not depend on the spot is computed once per option (bsFixedLeg),
// and each lane's spot comes with its log-moneyness ln(S/K'), which the
// caller gets by adding the sample's log-return to the option's
// log-moneyness today; so a lane's setup needs no log, square root or
// division (the general kernel's lane has all three). The two Φ values and
// the price are the general kernel's own (bsNormPair, bsLaneFinish): the
// result is bsPrice's to rounding in d1 and d2, bounded in
// tests/core/pricing_kernel_test.cpp. Arrays of n lanes; out may not alias
// an input.
struct RepriceLanes {
  const double* sign;              // +1 call, -1 put
  const double* strike;            // K (only its sign is read: K <= 0 is the degenerate strike)
  const double* discountedStrike;  // K' = K e^{-rate·t}
  const double* sd;                // σ√t (0: the deterministic limit)
  const double* invSd;             // 1/(σ√t)
  const double* spot;              // S
  const double* logMoneyness;      // ln(S/K')
  const double* farRatio;          // min(S/K', K'/S)
};
void bsRepriceBatch(std::size_t n, const RepriceLanes& lanes, double* out);

// The risk engine's lanes, staged inside the kernel: each option's spot is
// S0·g for a growth g = S/S0 read from a small table (a simulated path, one
// entry per asset and day), so the caller writes no spot, log-moneyness or
// far ratio per lane. Each lane's inputs are bsMovedSpot's, then the lane is
// bsRepriceBatch's: the same operations, the same bits.
struct MovedLanes {
  const double* sign;              // +1 call, -1 put
  const double* strike;            // K
  const double* discountedStrike;  // K'
  const double* sd;                // σ√t
  const double* invSd;             // 1/(σ√t)
  const double* spot0;             // S0
  const double* logMoneyness0;     // ln(S0/K')
  const double* ratio0;            // S0/K'
  const double* invRatio0;         // K'/S0
  const int* move;                 // each lane's entry in the three tables below
  const double* growth;            // g
  const double* logGrowth;         // ln g
  const double* invGrowth;         // 1/g
  // Or, where groupVol is set, σ√t = groupVol[group[i]] × sqrtLife[i] and
  // 1/(σ√t) = groupInvVol[group[i]] × invSqrtLife[i] (sd and invSd unread):
  // the risk engine's volatility estimate of each group of lanes on the
  // path, staged with the rest of the lane.
  const double* groupVol = nullptr;
  const double* groupInvVol = nullptr;
  const int* group = nullptr;
  const double* sqrtLife = nullptr;
  const double* invSqrtLife = nullptr;
};
void bsRepriceMovedBatch(std::size_t n, const MovedLanes& lanes, double* out);

// Mark-to-model's lanes (core/mark_to_model.h), one cohort at a time
// (core/mark_book.h): open pooled positions on one asset with the same
// steps left, which share one MarkTerms (a MarkTable entry); each lane's own
// terms are read from the cohort's arrays in order, staged inside the
// kernel a chunk at a time. The operations are those of staging the lanes
// for bsRepriceBatch (MarkWorkspace::stage) and pricing them there, so the
// bits are the same; the staged lanes stay in the kernel's chunk, in the
// first level of cache.
struct MarkTerms {
  double spot = 0;
  double sd = 0, invSd = 0;          // σ√t, 1/(σ√t) (0 and 0 with no time or volatility left)
  double discount = 1;               // e^{-rt}
  double logMove = 0;                // ln(S/S0) + rt: ln(S/K') is this plus ln(S0/K)
  double spotGrowth = 0;             // S·e^{rt}: S/K' is this times 1/K
  double discountOverSpot = 0;       // e^{-rt}/S: K'/S is K times this
};
struct CohortLanes {
  const std::uint8_t* kind;     // OptionKind
  const double* coverStrike;    // K
  const double* logMoneyness;   // ln(S0/K)
  const double* invStrike;      // 1/K
};
void bsMarkCohort(std::size_t n, const MarkTerms& terms, const CohortLanes& lanes, double* out);

// One staged lane of mark-to-model: bsRepriceBatch's inputs for a position
// of sign `sign` (+1 call, -1 put: 1 - 2·kind, with no branch, the kinds
// being mixed) and cover strike K, with its cohort's terms `t`
// (MarkWorkspace::stage and bsMarkCohort both stage with it).
struct MarkLane {
  double sign, strike, discountedStrike, spot, logMoneyness, farRatio, sd, invSd;
};
__attribute__((always_inline)) inline MarkLane bsMarkLane(const MarkTerms& t, double sign, double K, double logMoneyness,
                                                          double invStrike) {
  // min(S/K', K'/S): a cover strike at or below zero gives 0 or less here
  // (1/K is then 0), which makes the lane the degenerate one, as bsPrice has it.
  const double up = t.spotGrowth * invStrike, down = K * t.discountOverSpot;
  return {sign, K, K * t.discount, t.spot, t.logMove + logMoneyness, up < down ? up : down, t.sd, t.invSd};
}

// A moved option's spot, ln(S/K') and min(S/K', K'/S): S = S0·g,
// ln(S/K') = ln(S0/K') + ln g, S/K' = (S0/K')·g and K'/S = (K'/S0)/g, with
// no log or division per option (the path's 1/g comes once per asset and day).
struct MovedSpot {
  double spot, logMoneyness, farRatio;
};
__attribute__((always_inline)) inline MovedSpot bsMovedSpot(double spot0, double logMoneyness0, double ratio0,
                                                            double invRatio0, double g, double logG, double invG) {
  const double up = ratio0 * g, down = invRatio0 * invG;
  return {spot0 * g, logMoneyness0 + logG, up < down ? up : down};
}

// One option's spot-free constants, for bsRepriceBatch: sign, K', σ√t and
// 1/(σ√t) (0 and 0 when t <= 0 or σ <= 0), and ln(S0/K'), S0/K' and K'/S0
// at a reference spot S0 (0, 0 and 0 where S0/K' is not a positive normal
// number: every lane is then the deterministic limit).
struct FixedLeg {
  double sign, discountedStrike, sd, invSd, logMoneyness0, ratio0, invRatio0;
};
FixedLeg bsFixedLeg(double sign, double spot0, double strike, double rate, double vol, double years);

// What a fixed-option lane needs of its strike K, fixed at a spot S0:
// ln(S0/K) and 1/K (0 and 0 where K <= 0; 0 for the log where S0 <= 0,
// such a lane being the degenerate one whatever these are). With no branch,
// so bsCoverTermsBatch runs it over lanes; a NaN strike gives 1/K = NaN, as
// a division would.
struct CoverTerms {
  double logMoneyness = 0, invStrike = 0;
};
__attribute__((always_inline)) inline CoverTerms bsCoverTermsLane(double spot0, double strike) {
  const bool usable = !(strike <= 0.0);
  const bool logUsable = usable && spot0 > 0.0;
  const double ratio = logUsable ? spot0 / strike : 1.0;
  const double inv = 1.0 / (usable ? strike : 1.0);
  return {logUsable ? kmath::log(ratio) : 0.0, usable ? inv : 0.0};
}
// bsCoverTermsLane of n strikes at one spot0, bit for bit: the positions a
// step opens on one asset get theirs in one loop over SIMD lanes (a log and
// a division each), not one call at a time. Outputs may not alias inputs.
void bsCoverTermsBatch(std::size_t n, double spot0, const double* strike, double* logMoneyness, double* invStrike);


// A reusable batch: lanes added one by one (each with the caller's own
// index, to find its owner afterwards), then priced at once. It keeps its
// arrays between uses, so a step that prices no more lanes than before
// allocates nothing.
struct PriceBatch {
  std::vector<std::uint8_t> kind;
  std::vector<double> spot, strike, vol, years, price;
  std::vector<int> owner;
  std::size_t size = 0;

  void clear() { size = 0; }
  void add(std::uint8_t k, double s, double K, double v, double t, int who) {
    if (size == kind.size()) grow();
    kind[size] = k;
    spot[size] = s;
    strike[size] = K;
    vol[size] = v;
    years[size] = t;
    owner[size] = who;
    ++size;
  }
  // Prices lanes [0, size) into price.
  void run(double rate) { bsPriceBatch(size, kind.data(), spot.data(), strike.data(), rate, vol.data(), years.data(), price.data()); }
  void reserve(std::size_t n);

 private:
  void grow() { reserve(kind.size() < 64 ? 64 : 2 * kind.size()); }
};

// One lane of the kernel (see bsPrice in core/black_scholes.h for the
// conventions and degenerate cases). Every quantity is computed and the
// answer selected, so a loop over lanes has no branch; a degenerate lane
// works on harmless stand-in values whose result is discarded. In three
// parts, so the batch can run each as a loop of its own over a chunk of
// lanes (same operations, same bits): the setup, the two normal
// distribution values, the price.
struct BsLane {
  double discountedStrike;
  double x1, x2;      // the arguments of Φ: sign·d1 and sign·d2
  double farRatio;     // min(S/K', K'/S) (1 for a degenerate lane): e^{-|d1² - d2²|/2}
  double firstNearer;  // 1 when |d1| < |d2|, that is S < K' (a double, so lanes stay doubles)
  double degenerate;  // 1 when the price is the deterministic limit (a double, so lanes stay doubles)
};

// sign: +1 for a call, -1 for a put (a number, not a flag, so lanes stay
// doubles). kNoDiscount: the caller knows e^{-rate·t} is exactly 1 (a zero
// rate and a finite time: kmath::exp(-0.0) is 1), so the exp is skipped.
// In two parts around the log, which bsLaneSetup runs in turn and the
// WebAssembly build's setup loop runs as loops of their own
// (core/pricing_kernel.cpp): what the log's argument needs, then d1 and d2
// from the log of S/K'.
struct BsLaneInputs {
  double discountedStrike;
  double sdSafe;     // σ√t (1 for a degenerate lane)
  double ratioSafe;  // S/K' (1 for a degenerate lane)
  double degenerate;
};
template <bool kNoDiscount = false>
__attribute__((always_inline)) inline BsLaneInputs bsLaneInputs(double spot, double strike, double rate, double vol,
                                                               double years) {
  const double t = years > 0.0 ? years : 0.0;
  const double discountedStrike = kNoDiscount ? strike : strike * kmath::exp(-rate * t);
  const double sd = vol > 0.0 ? vol * std::sqrt(t) : 0.0;
  const double ratio = spot / discountedStrike;
  // No uncertainty left, or a ratio the log cannot take: the deterministic limit.
  // (Counted as a double, not combined as flags: selects on doubles are what vectorizes.)
  double bad = sd > 0.0 ? 0.0 : 1.0;
  bad = spot > 0.0 ? bad : 1.0;
  bad = ratio >= std::numeric_limits<double>::min() ? bad : 1.0;
  bad = ratio <= std::numeric_limits<double>::max() ? bad : 1.0;
  const bool degenerate = bad != 0.0;
  return {discountedStrike, degenerate ? 1.0 : sd, degenerate ? 1.0 : ratio, bad};
}
__attribute__((always_inline)) inline BsLane bsLaneFromLog(double sign, const BsLaneInputs& in, double logRatio) {
  const double d1 = logRatio / in.sdSafe + 0.5 * in.sdSafe;
  const double d2 = d1 - in.sdSafe;
  // ratio < 1 is ln(S/K') < 0: |d1| < |d2|.
  const bool firstNearer = in.ratioSafe < 1.0;
  // A call is S·Φ(d1) - K'·Φ(d2); a put -(S·Φ(-d1) - K'·Φ(-d2)).
  return {in.discountedStrike, sign * d1, sign * d2, firstNearer ? in.ratioSafe : 1.0 / in.ratioSafe,
          firstNearer ? 1.0 : 0.0, in.degenerate};
}
template <bool kNoDiscount = false>
__attribute__((always_inline)) inline BsLane bsLaneSetup(double sign, double spot, double strike, double rate, double vol,
                                                         double years) {
  const BsLaneInputs in = bsLaneInputs<kNoDiscount>(spot, strike, rate, vol, years);
  return bsLaneFromLog(sign, in, kmath::log(in.ratioSafe));
}

// Φ(x1) and Φ(x2) with one e^{-y²} between them (farRatio and
// firstNearer as in BsLane). With
// d1 = ln(S/K')/σ√t + σ√t/2 and d2 = d1 - σ√t, d1² - d2² = 2·ln(S/K'), so
// e^{-d2²/2} = e^{-d1²/2}·S/K': the factor of the argument nearer zero is
// computed (kmath::gaussDecay) and the farther one's is that times
// min(S/K', K'/S), which cannot overflow and underflows only where the true
// value does. What this adds to the error is of the order of the rounding
// already in d1 and d2 (tests/core/pricing_kernel_test.cpp bounds the price
// against the textbook formula on the C library).
struct NormPair {
  double n1, n2;
};
// In three parts, which bsNormPair runs in turn and the WebAssembly build's
// Φ loop runs as loops of their own (core/pricing_kernel.cpp): erfc's
// argument |x|/√2 of each, the factor e^{-y²} of the nearer, and the two Φ
// from those and the two polynomials (bsErfcxAt).
__attribute__((always_inline)) inline double bsErfcArg(double x) {
  constexpr double kInvSqrt2 = 0.70710678118654752440;
  return (x < 0.0 ? -x : x) * kInvSqrt2;
}
__attribute__((always_inline)) inline double bsErfcxAt(double y) { return kmath::erfcxPoly(kmath::erfcClamp(y)); }
__attribute__((always_inline)) inline double bsNearDecay(double y1, double y2, double firstNearerFlag) {
  return kmath::gaussDecay(kmath::erfcClamp(firstNearerFlag != 0.0 ? y1 : y2));
}
__attribute__((always_inline)) inline NormPair bsNormPairFrom(double x1, double x2, double y1, double y2, double nearDecay,
                                                              double farRatio, double firstNearerFlag, double poly1,
                                                              double poly2) {
  const bool firstNearer = firstNearerFlag != 0.0;
  const double farDecay = nearDecay * farRatio;
  const double e1 = (firstNearer ? nearDecay : farDecay) * poly1;
  const double e2 = (firstNearer ? farDecay : nearDecay) * poly2;
  // Beyond 27 erfc is 0 (kmath::erfcNonNegative), however small the far factor.
  return {kmath::normCdfFromErfc(x1, y1 > 27.0 ? 0.0 : e1), kmath::normCdfFromErfc(x2, y2 > 27.0 ? 0.0 : e2)};
}
__attribute__((always_inline)) inline NormPair bsNormPair(double x1, double x2, double farRatio, double firstNearerFlag) {
  const double y1 = bsErfcArg(x1), y2 = bsErfcArg(x2);
  return bsNormPairFrom(x1, x2, y1, y2, bsNearDecay(y1, y2, firstNearerFlag), farRatio, firstNearerFlag,
                        bsErfcxAt(y1), bsErfcxAt(y2));
}

__attribute__((always_inline)) inline double bsLaneFinish(double sign, double spot, double strike, const BsLane& lane,
                                                          const NormPair& n) {
  const double priced = sign * (spot * n.n1 - lane.discountedStrike * n.n2);
  const double intrinsic = sign * (spot - lane.discountedStrike);
  const double value = lane.degenerate != 0.0 ? intrinsic : priced;
  const double positive = value > 0.0 ? value : 0.0;  // rounding can dip a far-out-of-the-money value below zero
  return strike <= 0.0 ? (sign > 0.0 ? spot : 0.0) : positive;
}

// bsLaneSetup for a lane of bsRepriceBatch: the same degenerate cases (no
// uncertainty left; S/K' or K'/S below the smallest normal double, where
// the log could not take the ratio), d1 from the given log-moneyness and
// 1/(σ√t), and no division.
__attribute__((always_inline)) inline BsLane bsLaneSetupFixed(double sign, double spot, double discountedStrike,
                                                              double logMoneyness, double farRatio, double sd,
                                                              double invSd) {
  double bad = sd > 0.0 ? 0.0 : 1.0;
  bad = spot > 0.0 ? bad : 1.0;
  bad = farRatio >= std::numeric_limits<double>::min() ? bad : 1.0;
  const bool degenerate = bad != 0.0;
  const double sdSafe = degenerate ? 1.0 : sd;
  const double invSdSafe = degenerate ? 1.0 : invSd;
  const double logSafe = degenerate ? 0.0 : logMoneyness;
  const double d1 = logSafe * invSdSafe + 0.5 * sdSafe;
  const double d2 = d1 - sdSafe;
  return {discountedStrike, sign * d1, sign * d2, degenerate ? 1.0 : farRatio, logSafe < 0.0 ? 1.0 : 0.0, bad};
}

__attribute__((always_inline)) inline double bsPriceLane(double sign, double spot, double strike, double rate, double vol, double years) {
  const BsLane lane = bsLaneSetup(sign, spot, strike, rate, vol, years);
  return bsLaneFinish(sign, spot, strike, lane, bsNormPair(lane.x1, lane.x2, lane.farRatio, lane.firstNearer));
}

}  // namespace mutualab
