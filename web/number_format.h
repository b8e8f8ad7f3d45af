// Numbers as a class reads them in the playground: money as "177 k" or
// "1.2 M" (the unit, "currency", beside it, as `mutualab run` prints it),
// shares as "41.2 %", three significant digits, "n/a" for NaN. Plain
// functions of a double, no UI, so every panel, chart and tooltip prints a
// number the same way and the tests check the exact strings.
#pragma once

#include <string>

#include "core/metric_labels.h"

namespace mutualab::web {

using mutualab::kCurrencyUnit;

// Three significant digits with a thousands suffix: 177000 -> "177 k",
// 1.2e6 -> "1.2 M", 1.2e9 -> "1.2 bn", 999.5 -> "1 k", 0.0123 -> "0.0123",
// -2500 -> "-2.5 k", 0 -> "0", NaN -> "n/a". Below 0.001 or from 1e12 up:
// scientific ("1.5e-07"), which only a conservation check's rounding error
// or a runaway run reaches.
std::string compactNumber(double v);

// Money: compactNumber, read in currency units (kCurrencyUnit beside it).
inline std::string money(double v) { return compactNumber(v); }

// A share (a fraction of 1) as a percentage: 0.4123 -> "41.2 %",
// 1 -> "100 %", -0.0296 -> "-2.96 %", NaN -> "n/a".
std::string percentOfShare(double share);

// A value already in percent (a chart scaled by 100): 41.23 -> "41.2 %".
std::string percentValue(double percent);

// A pool's NAV per share (a share starts at 1) to three decimals: 1.2431 ->
// "1.243", 0.9 -> "0.900", NaN -> "n/a". Three significant digits would
// print 1.243 and 1.238 both as "1.24", and a lesson compares just those.
std::string navPerShare(double nav);

}  // namespace mutualab::web
