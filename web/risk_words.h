// The risk engine's numbers in words a class reads on the Pool view: a
// confidence level as a percent, and what a negative VaR or ES means. Plain
// functions, no UI, so the tests check the exact text.
#pragma once

#include <string>

namespace mutualab::web {

// A confidence level as a percent with its digits: 0.99 -> "99", 0.975 ->
// "97.5" (not "98"), 0.999 -> "99.9".
std::string levelPercent(double level);

// What a negative VaR (and ES) of the loss over the horizon means, as one
// sentence; "" when VaR >= 0. The loss is V(H) - V(0) (docs/risk.md §3), so
// below 0 the cover is worth less at the horizon than now: a gain for the
// pool, most often because its volatility mark, raised by a crash, falls
// back on the simulated paths. ES >= VaR, so a negative ES comes with a
// negative VaR. `var` and `es` are the measures (not V(0) + them).
std::string negativeRiskNote(double var, double es, double level, int horizonDays);

}  // namespace mutualab::web
