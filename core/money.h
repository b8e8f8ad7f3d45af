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

// Rounds to the nearest micro-unit. Callers keep amounts far below 9e12
// currency units (the scenario validator bounds capital sizes).
inline Money toMoney(double currency) { return static_cast<Money>(std::llround(currency * kMicrosPerUnit)); }
inline double toCurrency(Money m) { return static_cast<double>(m) / kMicrosPerUnit; }

}  // namespace mutualab
