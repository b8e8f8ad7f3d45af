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
// Accuracy, checked against the C library in tests/core/pricing_kernel_test.cpp:
//   exp, log: within 1 ulp (they follow fdlibm's reductions);
//   erfc:     relative error below 1e-15 on [0, 26.5] (9.2e-16 measured
//             against long double);
//   normCdf:  relative error below 1e-15 on both tails down to where
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

// Clamp bounds: exp's domain and where erfc's fit ends. In WebAssembly they
// are defined in core/kernel_math.cpp, out of the kernel's sight. With 27
// in sight, `y > 27 ? 27 : y` equals IEEE minimum, and clang emits
// f64x2.min, which V8 expands into about seven x86 instructions for min's
// NaN and signed-zero rules; with a bound it cannot see, the same select
// becomes f64x2.pmin (c < y ? c : y), one instruction. The numbers are the
// same for every input, NaN included. (Together with the staged Φ loop of
// core/pricing_kernel.cpp: a quarter off a lane there, docs/performance.md §6.)
#if defined(__EMSCRIPTEN__)
extern const double kExpLow, kExpHigh, kErfcHigh;
#else
inline constexpr double kExpLow = -708.0, kExpHigh = 709.0, kErfcHigh = 27.0;
#endif

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
//
// The series is summed as 1 + (r + r²·h(r)), h by Estrin's scheme (pairs,
// then pairs of pairs in r², r⁴, r⁸) rather than Horner's: a chain of five
// dependent multiply-adds instead of thirteen. A loop over lanes is bound by
// that chain's latency, not by the number of operations, so this is what
// makes it fast; the one rounding of the final 1 + ... keeps it within 1 ulp.
MUTUALAB_KMATH double exp(double x) {
  constexpr double kLog2e = 1.4426950408889634074;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln2's leading 32 bits: k·kLn2Hi is exact
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kShift = 0x1.8p52;  // adding it rounds to an integer held in the low mantissa bits
  const double xc = x < kExpLow ? kExpLow : (x > kExpHigh ? kExpHigh : x);  // -708, 709: k in [-1022, 1023]
  const double kShifted = xc * kLog2e + kShift;
  const double k = kShifted - kShift;
  const double r = (xc - k * kLn2Hi) - k * kLn2Lo;
  const double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
  // h(r) = 1/2! + r/3! + ... + r^11/13!
  const double a0 = 1.0 / 2.0 + r * (1.0 / 6.0);
  const double a1 = 1.0 / 24.0 + r * (1.0 / 120.0);
  const double a2 = 1.0 / 720.0 + r * (1.0 / 5040.0);
  const double a3 = 1.0 / 40320.0 + r * (1.0 / 362880.0);
  const double a4 = 1.0 / 3628800.0 + r * (1.0 / 39916800.0);
  const double a5 = 1.0 / 479001600.0 + r * (1.0 / 6227020800.0);
  const double b0 = a0 + r2 * a1, b1 = a2 + r2 * a3, b2 = a4 + r2 * a5;
  const double h = (b0 + r4 * b1) + r8 * b2;
  const double p = 1.0 + (r + r2 * h);
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

// e^{-y²}, accurate to a few ulp relative even where y² is large: y² is
// split into an exact head (Veltkamp: y's top 26 bits squared) and a tiny
// tail, so the rounding of y·y does not cost relative accuracy far out in
// the tail.
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

// erfc(y)·e^{y²} for 0 <= y <= 27, as t·g(u): t = 4/(4+y) carries the
// 1/y decay, and g is a smooth function (1 at y = 0, 0.16 at y = 27) of
// u = (108 - 35y)/(108 + 27y), which is t mapped linearly from [4/31, 1]
// onto [-1, 1]. u is computed as t·(1 - 35y/108), the same number, so that
// t's is the only division here (divisions are the slowest operations a
// lane has: this makes the kernel about 5 % faster). As (62t - 35)/27, the
// same map again, it would lose accuracy near y = 0, where the two terms
// cancel (1.3e-15 relative error instead of 9e-16). g is a polynomial of
// degree 23 in u: its Chebyshev series truncated where the terms fall below
// 2e-19, in powers of u (scripts/fit_erfcx.py computes them with mpmath at
// 50 digits). One formula for every y, so a loop over lanes needs no branch
// and no region, and by Estrin's scheme the polynomial is five
// multiply-adds deep.
MUTUALAB_KMATH double erfcxPoly(double y) {
  const double t = 4.0 / (4.0 + y);
  const double u = t * (1.0 - (35.0 / 108.0) * y);
  const double u2 = u * u, u4 = u2 * u2, u8 = u4 * u4, u16 = u8 * u8;
  // Pairs c_{2j} + c_{2j+1}·u, then pairs of pairs in u², u⁴, u⁸ and u^16.
  const double p0 = 0.3090338928613287122 + u * 0.26264087477936011129;
  const double p1 = 0.19338198151112754421 + u * 0.12291345905906450535;
  const double p2 = 0.066794656343010557756 + u * 0.030461078348594567867;
  const double p3 = 0.01124827035613130677 + u * 0.0031095057689218681995;
  const double p4 = 0.0004996255158256584936 + u * -0.000033585832393249433024;
  const double p5 = -0.000043790510115087877256 + u * -8.474813245616605192e-6;
  const double p6 = 1.5875049587134375146e-6 + u * 9.9251753100202432156e-7;
  const double p7 = 1.6565222684012016952e-8 + u * -8.790002280702838548e-8;
  const double p8 = -1.0512801498412305262e-8 + u * 7.7917813534766504351e-9;
  const double p9 = 1.4718493212500244064e-9 + u * -7.5061656472020360953e-10;
  const double p10 = -1.5381738148326373935e-10 + u * 7.3142243208838633851e-11;
  const double p11 = 1.0160614874714607669e-11 + u * -4.9985587838233737647e-12;
  const double q0 = p0 + u2 * p1, q1 = p2 + u2 * p3, q2 = p4 + u2 * p5, q3 = p6 + u2 * p7, q4 = p8 + u2 * p9,
               q5 = p10 + u2 * p11;
  const double r0 = q0 + u4 * q1, r1 = q2 + u4 * q3, r2 = q4 + u4 * q5;
  return t * ((r0 + u8 * r1) + u16 * r2);
}

// Beyond 27 erfc is 0 in doubles (e^{-729}), and the fit ends there.
MUTUALAB_KMATH double erfcClamp(double y) { return y > kErfcHigh ? kErfcHigh : y; }

MUTUALAB_KMATH double erfcNonNegative(double yIn) {
  const double y = erfcClamp(yIn);
  return gaussDecay(y) * erfcxPoly(y);
}

// Standard normal distribution function Φ(x) = erfc(-x/√2)/2, each half
// from its own side so that both tails keep their relative accuracy.
MUTUALAB_KMATH double normCdfFromErfc(double x, double e) {
  // erfc(-y) = 2 - erfc(y) for the side away from the tail.
  return x < 0.0 ? 0.5 * e : 1.0 - 0.5 * e;
}
MUTUALAB_KMATH double normCdf(double x) {
  constexpr double kInvSqrt2 = 0.70710678118654752440;
  return normCdfFromErfc(x, erfcNonNegative((x < 0.0 ? -x : x) * kInvSqrt2));
}

// Standard normal density.
MUTUALAB_KMATH double normPdf(double x) { return 0.39894228040143267794 * exp(-0.5 * x * x); }

}  // namespace mutualab::kmath
