#include "core/black_scholes.h"

#include "core/errors.h"
#include "core/format_number.h"
#include "core/pricing_kernel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mutualab {

namespace {

constexpr double kSqrt2Pi = 2.50662827463100050242;
constexpr double kInf = std::numeric_limits<double>::infinity();

// Acklam's approximation for p in (0, 0.5], relative error < 1.15e-9, then
// one Halley step on the exact normCdf, which brings it to rounding level.
// Working on the lower half only keeps the tail accurate: for p > 0.5 the
// caller passes 1 - p, which is exact in floating point.
double lowerQuantile(double p) {
  constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                          1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                          6.680131188771972e+01, -1.328068155288572e+01};
  constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                          -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                          3.754408661907416e+00};
  constexpr double kLowRegion = 0.02425;

  double x;
  if (p < kLowRegion) {
    const double q = std::sqrt(-2.0 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  } else {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  }
  const double e = normCdf(x) - p;
  const double u = e * kSqrt2Pi * std::exp(0.5 * x * x);
  // exp overflows only for p near the smallest subnormal; keep Acklam's value there.
  if (std::isfinite(u)) x -= u / (1.0 + 0.5 * x * u);
  return x;
}

// Weight of the exercise branch when there is no uncertainty left: 1 in the
// money, 0 out, 1/2 exactly at the money so call delta - put delta stays 1.
double exerciseWeight(double spot, double discountedStrike) {
  if (spot > discountedStrike) return 1.0;
  if (spot < discountedStrike) return 0.0;
  return 0.5;
}

}  // namespace

double normCdf(double x) { return kmath::normCdf(x); }

double normPdf(double x) { return kmath::normPdf(x); }

double normQuantile(double p) {
  if (!(p > 0.0)) return std::isnan(p) ? p : -kInf;
  if (p >= 1.0) return kInf;
  return p > 0.5 ? -lowerQuantile(1.0 - p) : lowerQuantile(p);
}

double bsPrice(OptionKind kind, double spot, double strike, double rate, double vol, double years) {
  return bsPriceLane(kind == OptionKind::Call ? 1.0 : -1.0, spot, strike, rate, vol, years);
}

BsGreeks blackScholes(const BsInputs& in) {
  const bool call = in.kind == OptionKind::Call;
  BsGreeks g;
  if (in.strike <= 0.0) {
    if (call) {
      g.price = in.spot;
      g.delta = 1.0;
    }
    return g;
  }
  const double t = in.years > 0.0 ? in.years : 0.0;
  const double discountedStrike = in.strike * std::exp(-in.rate * t);
  const double sqrtT = std::sqrt(t);
  const double sd = in.vol > 0.0 ? in.vol * sqrtT : 0.0;

  if (sd <= 0.0 || in.spot <= 0.0) {
    // Deterministic forward: the option is a forward contract or nothing.
    const double w = exerciseWeight(in.spot, discountedStrike);
    const double sign = call ? 1.0 : -1.0;
    const double weight = call ? w : 1.0 - w;
    g.price = std::max(sign * (in.spot - discountedStrike), 0.0);
    g.delta = sign * weight;
    g.theta = -sign * in.rate * discountedStrike * weight;
    g.rho = sign * t * discountedStrike * weight;
    return g;
  }

  const double d1 = std::log(in.spot / discountedStrike) / sd + 0.5 * sd;
  const double d2 = d1 - sd;
  const double pdf1 = normPdf(d1);
  const double decay = -in.spot * pdf1 * in.vol / (2.0 * sqrtT);  // the time value's share of theta
  g.gamma = pdf1 / (in.spot * sd);
  g.vega = in.spot * pdf1 * sqrtT;
  if (call) {
    const double nd1 = normCdf(d1);
    const double nd2 = normCdf(d2);
    g.price = std::max(in.spot * nd1 - discountedStrike * nd2, 0.0);
    g.delta = nd1;
    g.theta = decay - in.rate * discountedStrike * nd2;
    g.rho = t * discountedStrike * nd2;
  } else {
    const double nmd1 = normCdf(-d1);
    const double nmd2 = normCdf(-d2);
    g.price = std::max(discountedStrike * nmd2 - in.spot * nmd1, 0.0);
    g.delta = -nmd1;
    g.theta = decay + in.rate * discountedStrike * nmd2;
    g.rho = -t * discountedStrike * nmd2;
  }
  return g;
}

double coverTailMean(OptionKind kind, double spot, double strike, double drift, double vol, double years,
                     double alpha) {
  constexpr double kMinAlpha = 1e-12;  // below this the tail mean of a call runs off to infinity
  alpha = alpha >= kMinAlpha ? std::min(alpha, 1.0) : kMinAlpha;  // NaN lands on kMinAlpha
  const bool call = kind == OptionKind::Call;
  const double t = years > 0.0 ? years : 0.0;
  const double k = strike > 0.0 ? strike : 0.0;
  const double forward = spot > 0.0 ? spot * std::exp(drift * t) : 0.0;  // E[S_T]
  const double sd = vol > 0.0 ? vol * std::sqrt(t) : 0.0;
  if (sd <= 0.0 || forward <= 0.0) {
    return call ? std::max(forward - k, 0.0) : std::max(k - forward, 0.0);
  }

  // S_T = exp(m + sd·Z), Z standard normal. For a threshold c,
  //   E[S_T; Z <= c] = forward·Φ(c - sd)  and  E[S_T; Z >= c] = forward·Φ(sd - c).
  const double m = std::log(forward) - 0.5 * sd * sd;
  const double zStrike = k > 0.0 ? (std::log(k) - m) / sd : -kInf;  // S_T = strike
  const double zAlpha = normQuantile(alpha);                          // -inf < zAlpha <= +inf
  double tailPayoff;
  if (call) {
    // Tail Z >= -zAlpha, paying when Z > zStrike.
    const double c = std::max(-zAlpha, zStrike);
    tailPayoff = forward * normCdf(sd - c) - k * normCdf(-c);
  } else {
    // Tail Z <= zAlpha, paying when Z < zStrike.
    const double c = std::min(zAlpha, zStrike);
    tailPayoff = k * normCdf(c) - forward * normCdf(c - sd);
  }
  return std::max(tailPayoff, 0.0) / alpha;
}

namespace {
void requireIn(const std::string& field, double v, double lo, bool loOpen, double hi, const char* unit) {
  const std::string shown = shortestNumber(v);
  if (!std::isfinite(v)) throw InputError(field, "must be a finite number, got " + shown);
  const bool aboveLo = loOpen ? v > lo : v >= lo;
  if (!aboveLo || !(v <= hi))
    throw InputError(field, std::string("must be in ") + (loOpen ? "(" : "[") + shortestNumber(lo) + ", " + shortestNumber(hi) +
                                "] " + unit + ", got " + shown);
}
}  // namespace

void requireBsDomain(const BsInputs& in, const std::string& prefix, const std::string& suffix) {
  auto name = [&](const char* field) { return prefix + field + suffix; };
  requireIn(name("spot"), in.spot, 0.0, true, 1e12, "(currency)");
  requireIn(name("strike"), in.strike, 0.0, true, 1e12, "(currency)");
  requireIn(name("rate"), in.rate, -1.0, false, 1.0, "(annual, continuous)");
  requireIn(name("vol"), in.vol, 0.0, false, 10.0, "(annual; 10 = 1000%)");
  requireIn(name("years"), in.years, 0.0, false, 100.0, "(years)");
  if (in.spot / in.strike > 1e12 || in.strike / in.spot > 1e12)
    throw InputError(name("strike"), "spot and strike more than 10^12 apart leave nothing to price; got spot " +
                                         shortestNumber(in.spot) + ", strike " + shortestNumber(in.strike));
}

}  // namespace mutualab
