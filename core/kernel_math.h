// The pricing kernel's own exp, log and standard normal distribution
// function: plain IEEE double arithmetic in a fixed order, with no branches
// on the data (a select instead of an if), so that
//   - the compiler can run them over several lanes at once (the batched
//     Black–Scholes kernel in core/pricing_kernel.cpp), and a lane's result
//     is the scalar result bit for bit;
//   - native x86-64 and WebAssembly get the same bits without relying on
//     either platform's libm (core compiles with -ffp-contract=off, so no
//     multiply-add is fused on one platform and not the other).
//
// Accuracy, checked against the C library in tests/core/kernel_math_test.cpp:
//   exp, log: within 1 ulp (they follow fdlibm's reductions);
//   normCdf:  relative error below 1.2e-15 on both tails down to where
//             it underflows (x < -37.5 gives 0, as e^{-x²/2} is below the
//             smallest normal double there).
//
// Domains: exp is for [-708, 709]: 0 below, +inf above (e^709 = 8e307; the
// kernel never comes near either end); log is for positive normal numbers (callers handle
// zero, negative and subnormal arguments before calling it).
#pragma once

#include <cstdint>
#include <limits>

// Always inlined: a batch loop vectorizes only when no call is left in its
// body (clang would otherwise keep erfc, the largest, out of line).
#define MUTUALAB_KMATH inline __attribute__((always_inline))

namespace mutualab::kmath {

MUTUALAB_KMATH double select(bool c, double a, double b) { return c ? a : b; }

// std::bit_cast, which Emscripten's libc++ does not have yet: the compilers'
// builtin behind it (GCC 11+, clang 9+).
template <class To, class From>
constexpr To bitCast(const From& from) {
  static_assert(sizeof(To) == sizeof(From));
  return __builtin_bit_cast(To, from);
}

// e^x. x = k·ln2 + r with |r| <= ln2/2, k found by the round-to-nearest
// "magic number" trick (no conversion to an integer register, so it
// vectorizes with plain SSE2), e^r by its Taylor series to r^13 (truncation
// error below 4e-18 relative), then scaled by 2^k built from bits.
MUTUALAB_KMATH double exp(double x) {
  constexpr double kLog2e = 1.4426950408889634074;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln2's leading 32 bits: k·kLn2Hi is exact
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kShift = 0x1.8p52;  // adding it rounds to an integer held in the low mantissa bits
  const double xc = x < -708.0 ? -708.0 : (x > 709.0 ? 709.0 : x);  // k in [-1022, 1023]
  const double kShifted = xc * kLog2e + kShift;
  const double k = kShifted - kShift;
  const double r = (xc - k * kLn2Hi) - k * kLn2Lo;
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  const std::int64_t ki = bitCast<std::int64_t>(kShifted) - bitCast<std::int64_t>(kShift);
  const double scale = bitCast<double>((ki + 1023) << 52);
  const double y = p * scale;
  return x < -708.0 ? 0.0 : (x > 709.0 ? std::numeric_limits<double>::infinity() : y);
}

// Natural log of a positive normal number: x = m·2^e with m in
// [sqrt(2)/2, sqrt(2)), then log(m) = log(1+f) by fdlibm's series in
// s = f/(2+f).
MUTUALAB_KMATH double log(double x) {
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kSqrt2 = 1.41421356237309504880;
  constexpr double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
                   Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
                   Lg7 = 1.479819860511658591e-01;
  const std::uint64_t bits = bitCast<std::uint64_t>(x);
  // The biased exponent as a double without an integer conversion: 2^52 + e exactly, minus 2^52.
  const double biased = bitCast<double>((bits >> 52) | 0x4330000000000000ULL) - 0x1p52;
  const double m1 = bitCast<double>((bits & 0x000FFFFFFFFFFFFFULL) | 0x3FF0000000000000ULL);  // [1, 2)
  const bool high = m1 > kSqrt2;
  const double m = select(high, 0.5 * m1, m1);
  const double e = biased - select(high, 1022.0, 1023.0);
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const double R = t2 + t1;
  const double hfsq = 0.5 * f * f;
  return e * kLn2Hi - ((hfsq - (s * (hfsq + R) + e * kLn2Lo)) - f);
}

// erfc(y) for y >= 0 by W. J. Cody's rational Chebyshev approximations
// ("Rational Chebyshev approximations for the error function", Math. Comp.
// 23, 1969): erf's on [0, 0.46875], erfc·e^{y²} on (0.46875, 4] and an
// asymptotic one in 1/y² beyond. e^{-y²} is taken with y² split into an
// exact head (Veltkamp: y's top 26 bits squared) and a tiny tail, so the
// rounding of y·y does not cost relative accuracy far out in the tail.
//
// Each region's numerator and denominator come from its own function, so
// erfcNonNegative (all three evaluated and one selected: no branch, for a
// loop over lanes) and the region-by-region erfcSmall/erfcMiddle/erfcTail
// (one region each, for a batch that sorts its arguments by region first)
// do the same operations on a given y and give the same bits.
struct ErfcTerms {
  double num, den;
};
constexpr double kErfcSmallEnd = 0.46875, kErfcMiddleEnd = 4.0;

// [0, 0.46875]: erfc = 1 - y·A(t)/B(t), t = y².
MUTUALAB_KMATH ErfcTerms erfcSmallTerms(double y, double t) {
  double sa = 1.85777706184603153e-1;
  sa = sa * t + 3.16112374387056560e0;
  sa = sa * t + 1.13864154151050156e2;
  sa = sa * t + 3.77485237685302021e2;
  sa = sa * t + 3.20937758913846947e3;
  double sb = t + 2.36012909523441209e1;
  sb = sb * t + 2.44024637934444173e2;
  sb = sb * t + 1.28261652607737228e3;
  sb = sb * t + 2.84423683343917062e3;
  return {y * sa, sb};
}

// (0.46875, 4]: erfc = e^{-t}·C(y)/D(y).
MUTUALAB_KMATH ErfcTerms erfcMiddleTerms(double y) {
  double sc = 2.15311535474403846e-8;
  sc = sc * y + 5.64188496988670089e-1;
  sc = sc * y + 8.88314979438837594e0;
  sc = sc * y + 6.61191906371416295e1;
  sc = sc * y + 2.98635138197400131e2;
  sc = sc * y + 8.81952221241769090e2;
  sc = sc * y + 1.71204761263407058e3;
  sc = sc * y + 2.05107837782607147e3;
  sc = sc * y + 1.23033935479799725e3;
  double sd = y + 1.57449261107098347e1;
  sd = sd * y + 1.17693950891312499e2;
  sd = sd * y + 5.37181101862009858e2;
  sd = sd * y + 1.62138957456669019e3;
  sd = sd * y + 3.29079923573345963e3;
  sd = sd * y + 4.36261909014324716e3;
  sd = sd * y + 3.43936767414372164e3;
  sd = sd * y + 1.23033935480374942e3;
  return {sc, sd};
}

// (4, inf): erfc = e^{-t}·(1/√π - z·P(z)/Q(z))/y with z = 1/t. Multiplied
// through by t^5, P and Q become polynomials P', Q' in t (all terms
// positive, so no cancellation): erfc = e^{-t}·(t·Q'/√π - P')/(t·Q'·y).
MUTUALAB_KMATH ErfcTerms erfcTailTerms(double y, double t) {
  double sp = 6.58749161529837803e-4;
  sp = sp * t + 1.60837851487422766e-2;
  sp = sp * t + 1.25781726111229246e-1;
  sp = sp * t + 3.60344899949804439e-1;
  sp = sp * t + 3.05326634961232344e-1;
  sp = sp * t + 1.63153871373020978e-2;
  double sq = 2.33520497626869185e-3;
  sq = sq * t + 6.05183413124413191e-2;
  sq = sq * t + 5.27905102951428412e-1;
  sq = sq * t + 1.87295284992346047e0;
  sq = sq * t + 2.56852019228982242e0;
  sq = sq * t + 1.0;  // Q'(t) = t^5·Q(1/t)
  sq = sq * t;        // t·Q'(t), the denominator of z·P(z)/Q(z) = P'(t)/(t·Q'(t))
  return {5.6418958354775628695e-1 * sq - sp, sq * y};
}

// e^{-y²}, accurate to a few ulp relative even where y² is large.
MUTUALAB_KMATH double gaussDecay(double y) {
  const double c = 134217729.0 * y;  // 2^27 + 1
  const double hi = c - (c - y);
  const double lo = y - hi;
  const double sqHi = hi * hi;  // exact: hi has at most 26 significant bits
  const double sqLo = (2.0 * hi + lo) * lo;
  // |sqLo| < 2^-25·y² < 3e-5 where e^{-y²} is not 0, so three terms of
  // e^{-sqLo}'s series leave an error below 1e-19.
  const double eLo = 1.0 - sqLo * (1.0 - sqLo * (0.5 - sqLo * (1.0 / 6.0)));
  return exp(-sqHi) * eLo;
}

// Beyond 27 erfc is 0 in doubles (e^{-729}); clamping keeps t^6 below overflow.
MUTUALAB_KMATH double erfcClamp(double y) { return y > 27.0 ? 27.0 : y; }

MUTUALAB_KMATH double erfcNonNegative(double yIn) {
  const double y = erfcClamp(yIn);
  const double t = y * y;
  const ErfcTerms a = erfcSmallTerms(y, t), b = erfcMiddleTerms(y), c = erfcTailTerms(y, t);
  // One division for whichever region y is in.
  const bool first = y <= kErfcSmallEnd, middle = y <= kErfcMiddleEnd;
  const double num = first ? a.num : (middle ? b.num : c.num);
  const double den = first ? a.den : (middle ? b.den : c.den);
  const double ratio = num / den;
  const double decay = gaussDecay(y);
  return first ? 1.0 - ratio : decay * ratio;
}

// erfcNonNegative for y in one region only (the same bits there).
MUTUALAB_KMATH double erfcSmall(double y) {
  const ErfcTerms a = erfcSmallTerms(y, y * y);
  return 1.0 - a.num / a.den;
}
MUTUALAB_KMATH double erfcMiddle(double y) {
  const ErfcTerms b = erfcMiddleTerms(y);
  const double ratio = b.num / b.den;
  return gaussDecay(y) * ratio;
}
MUTUALAB_KMATH double erfcTail(double yIn) {
  const double y = erfcClamp(yIn);
  const ErfcTerms c = erfcTailTerms(y, y * y);
  const double ratio = c.num / c.den;
  return gaussDecay(y) * ratio;
}

// Standard normal distribution function Φ(x) = erfc(-x/√2)/2, each half
// from its own side so that both tails keep their relative accuracy.
// normCdfArg gives the y whose erfc normCdfFromErfc turns into Φ(x).
MUTUALAB_KMATH double normCdfArg(double x) {
  constexpr double kInvSqrt2 = 0.70710678118654752440;
  return (x < 0.0 ? -x : x) * kInvSqrt2;
}
MUTUALAB_KMATH double normCdfFromErfc(double x, double e) {
  // erfc(-y) = 2 - erfc(y) for the side away from the tail.
  return x < 0.0 ? 0.5 * e : 1.0 - 0.5 * e;
}
MUTUALAB_KMATH double normCdf(double x) { return normCdfFromErfc(x, erfcNonNegative(normCdfArg(x))); }

// Standard normal density.
MUTUALAB_KMATH double normPdf(double x) { return 0.39894228040143267794 * exp(-0.5 * x * x); }

}  // namespace mutualab::kmath
