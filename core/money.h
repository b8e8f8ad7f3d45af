// Cash is counted in integer micro-units (1e-6 of the currency), so transfers
// conserve value exactly: the ledger sums to the same integer after every
// step, not merely to within rounding. Model quantities (prices, rates,
// greeks) stay in double; they become Money only when cash moves.
#pragma once

#include <cmath>
#include <cstdint>

namespace mutualab {

using Money = std::int64_t;

inline constexpr double kMicrosPerUnit = 1e6;

// std::llround (to nearest, halves away from zero), inline: the C library's
// is a call per conversion (0.7 % of a native step, 1.6 % in WebAssembly).
// x - t is exact (t is x truncated: the two are within a factor of 2, or t
// is 0), so the comparisons with one half decide as llround does; beyond
// 2^53 every double is an integer and d is 0. For |x| < 2^63, like llround.
inline std::int64_t roundHalfAway(double x) {
  const std::int64_t t = static_cast<std::int64_t>(x);
  const double d = x - static_cast<double>(t);
  return t + (d >= 0.5 ? 1 : 0) - (d <= -0.5 ? 1 : 0);
}

// The ledger's reach: |amount| below 2^63 micro-units, about 9.2e12 currency.
inline constexpr double kMaxMicros = 0x1p63;

// Refuses (InputError) an amount the ledger cannot count: beyond kMaxMicros,
// or not a number. Out of line: it never runs in a sound scenario.
[[noreturn]] void refuseAmount(double currency);

// Rounds to the nearest micro-unit. The scenario validator bounds capital
// sizes and the market its prices (core/market.h's kPriceRange), so amounts
// stay far below 9e12 currency units; one beyond them (a converted double
// would be undefined behaviour, INT64_MIN in practice, and the ledger's
// conservation check would pass on nonsense) is refused instead.
inline Money toMoney(double currency) {
  const double micros = currency * kMicrosPerUnit;
  if (!(micros > -kMaxMicros && micros < kMaxMicros)) [[unlikely]]
    refuseAmount(currency);
  return roundHalfAway(micros);
}
inline double toCurrency(Money m) { return static_cast<double>(m) / kMicrosPerUnit; }

}  // namespace mutualab
