// Black–Scholes prices and greeks of European calls and puts (no dividends),
// the standard normal functions they rest on, and the closed-form expected
// shortfall of a short option used by risk-based fees.
//
// These run inside the step loop (quotes, marks, fees), so they never
// allocate, never throw and never return NaN for finite inputs: degenerate
// inputs (no time left, no volatility, no strike) fall back to the
// deterministic limit instead of dividing by zero.
//
// Conventions: rates and volatilities are annual with continuous
// compounding, time is in years, vega is per 1.00 of volatility (not per
// vol point), theta is the change of value per year of calendar time passing
// (dV/dt = -dV/dyears), rho is per 1.00 of rate.
#pragma once

#include <cmath>
#include <string>

namespace mutualab {

enum class OptionKind { Call, Put };

// Standard normal distribution function, accurate in both tails (via erfc).
double normCdf(double x);
// Standard normal density.
double normPdf(double x);
// Inverse of normCdf to ~1e-15 relative (Acklam's rational approximation plus
// one Halley step). p <= 0 gives -inf, p >= 1 gives +inf.
double normQuantile(double p);

struct BsInputs {
  OptionKind kind = OptionKind::Call;
  double spot = 100;    // underlying price now, currency units
  double strike = 100;  // strike, currency units
  double rate = 0;      // risk-free rate, annual, continuously compounded
  double vol = 0.2;     // volatility of the log price, annual
  double years = 1;     // time to expiry, years
};

struct BsGreeks {
  double price = 0;  // option value, currency units
  double delta = 0;  // dV/dspot
  double gamma = 0;  // d2V/dspot2, per currency unit
  double vega = 0;   // dV/dvol, per 1.00 of annual volatility
  double theta = 0;  // dV/dt as calendar time passes, per year (usually < 0)
  double rho = 0;    // dV/drate, per 1.00 of annual rate
};

// Price and greeks. years <= 0 or vol <= 0: the discounted forward intrinsic
// value max(±(spot - strike·e^{-rate·years}), 0) with its (step) delta and
// zero gamma and vega. strike <= 0: the call is worth the spot (delta 1),
// the put nothing.
BsGreeks blackScholes(const BsInputs& in);

// The inputs a user may ask blackScholes for: where it stays finite and
// meaningful in doubles (beyond, d1 and d2 overflow or the price
// underflows): spot and strike in (0, 1e12] and within 10^12 of each
// other, rate in [-1, 1], vol in [0, 10], years in [0, 100]. Throws
// InputError naming the field as `prefix` + "spot" + `suffix` (the CLI's
// "--spot", the Python package's "spot[3]"). The simulation's own inputs
// are checked where its scenario is.
void requireBsDomain(const BsInputs& in, const std::string& prefix = "", const std::string& suffix = "");

// Price only: the hot-loop version of blackScholes(...).price (same edge cases).
double bsPrice(OptionKind kind, double spot, double strike, double rate, double vol, double years);

// E[payoff] per unit, undiscounted (drift = rate), with a hidden adverse jump
// of size `jump` (a fraction of the price) that happens with probability q.
// A jump scales the settlement price, so the jumped case is the same option
// on a scaled spot. What a writer who knows its own tail expects to pay.
// Inline: it runs three times per quote in the step loop.
// The same from the two prices: `plain` = bsPrice(k, spot, ...) and `jumped`
// = bsPrice(k, the jumped spot, ...) (any value when q = 0), as the step
// prices them in one batch.
// growth = std::exp(rate * years), for a caller with many at one horizon.
inline double expectedPayoffFromGrowth(double growth, double q, double plain, double jumped) {
  return growth * ((1.0 - q) * plain + q * (q > 0 ? jumped : 0.0));
}
inline double expectedPayoffFromPrices(double rate, double years, double q, double plain, double jumped) {
  return expectedPayoffFromGrowth(std::exp(rate * years), q, plain, jumped);
}
inline double expectedPayoffWithJump(OptionKind k, double spot, double strike, double rate, double vol, double years,
                                     double q, double jump) {
  const double jumpedSpot = k == OptionKind::Put ? spot * (1.0 - jump) : spot * (1.0 + jump);
  const double plain = bsPrice(k, spot, strike, rate, vol, years);
  const double jumped = q > 0 ? bsPrice(k, jumpedSpot, strike, rate, vol, years) : 0.0;
  return expectedPayoffFromPrices(rate, years, q, plain, jumped);
}

// Expected payoff (undiscounted) of the option given that the underlying ends
// in the writer's worst `alpha` tail: the lowest prices for a put, the highest
// for a call. The terminal price is lognormal with annual volatility `vol` and
// E[S_T] = spot·e^{drift·years}. This is the expected shortfall of one short
// option at level alpha, the charge of a risk-based fee. Closed form from the
// partial expectations of the lognormal. alpha is clamped to [1e-12, 1]; at
// alpha = 1 it is the plain expected payoff e^{drift·years}·bsPrice(kind,
// spot, strike, drift, vol, years). Degenerate inputs as in bsPrice.
double coverTailMean(OptionKind kind, double spot, double strike, double drift, double vol, double years,
                     double alpha);

}  // namespace mutualab
