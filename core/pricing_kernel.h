// The one pricing kernel: Black–Scholes prices of many European options at
// once, over structure-of-arrays inputs. Quoting, mark-to-model, expected
// payoffs and the risk engine all price through it (bsPrice is its one-lane
// form), so its numbers are the model's numbers, native and in the browser
// alike: the math is core/kernel_math.h's, with no libm call and no branch
// on the data, and a batch lane gives the one-lane result bit for bit.
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

void bsPriceBatch(std::size_t n, const std::uint8_t* kind, const double* spot, const double* strike, double rate,
                  const double* vol, const double* years, double* out);

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
// works on harmless stand-in values whose result is discarded. In two
// halves around the two normal distribution values, so the batch can take
// those by region of their argument (same operations, same bits).
struct BsLane {
  double discountedStrike;
  double x1, x2;      // the arguments of Φ: sign·d1 and sign·d2
  double degenerate;  // 1 when the price is the deterministic limit (a double, so lanes stay doubles)
};

// kNoDiscount: the caller knows e^{-rate·t} is exactly 1 (a zero rate and a
// finite time: kmath::exp(-0.0) is 1), so the exp is skipped.
template <bool kNoDiscount = false>
__attribute__((always_inline)) inline BsLane bsLaneSetup(double sign, double spot, double strike, double rate, double vol,
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
  const double sdSafe = degenerate ? 1.0 : sd;
  const double d1 = kmath::log(degenerate ? 1.0 : ratio) / sdSafe + 0.5 * sdSafe;
  const double d2 = d1 - sdSafe;
  // sign: +1 for a call, -1 for a put (a number, not a flag, so lanes stay
  // doubles). A call is S·Φ(d1) - K'·Φ(d2); a put -(S·Φ(-d1) - K'·Φ(-d2)).
  return {discountedStrike, sign * d1, sign * d2, bad};
}

// n1 = Φ(lane.x1), n2 = Φ(lane.x2).
__attribute__((always_inline)) inline double bsLaneFinish(double sign, double spot, double strike, const BsLane& lane,
                                                          double n1, double n2) {
  const double priced = sign * (spot * n1 - lane.discountedStrike * n2);
  const double intrinsic = sign * (spot - lane.discountedStrike);
  const double value = lane.degenerate != 0.0 ? intrinsic : priced;
  const double positive = value > 0.0 ? value : 0.0;  // rounding can dip a far-out-of-the-money value below zero
  return strike <= 0.0 ? (sign > 0.0 ? spot : 0.0) : positive;
}

__attribute__((always_inline)) inline double bsPriceLane(double sign, double spot, double strike, double rate, double vol, double years) {
  const BsLane lane = bsLaneSetup(sign, spot, strike, rate, vol, years);
  return bsLaneFinish(sign, spot, strike, lane, kmath::normCdf(lane.x1), kmath::normCdf(lane.x2));
}

}  // namespace mutualab
