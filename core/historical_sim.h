// Historical simulation: today's book under each H-day move a price history
// went through, the way a venue's risk function sets a Monte Carlo VaR
// beside the one history gives (MODEL.md §5 "Sizing"; docs/risk.md §13).
//
// The history is a price path per asset (PricePathDef, the format of
// market/pricePath/file): asset a's price on whole day t is its last
// observation at or before t, as a run samples it. The window starting on
// day d is the path P_a(d + k) / P_a(d), k = 0..H, applied to today's
// prices; every position is repriced in full on it at its pricing
// volatility (held, as a stress holds it: the history's moves, not its
// volatility), a position expiring inside the window at its payoff on its
// expiry day's price. Windows start on every whole day d = 0 .. D - H, D
// the last day every asset has reached, so consecutive windows overlap by
// H - 1 days: their losses are not independent, and no CI is given.
//
// Filtered (Hull and White 1998; the filtered historical simulation of
// clearing houses' margin models): each day's log return r_t is first
// rescaled to the volatility at the history's end, r_t x σ_end / σ_t, where
// σ_t² is an EWMA forecast of day t's variance made the day before,
// σ_{t+1}² = λ σ_t² + (1 - λ) r_t², started from the mean of r² over the
// history (σ_1²), and σ_end² the forecast after its last day. A calm
// history is scaled up to a turbulent present and a crash scaled down to a
// calm one; the windows are then read on the rescaled path.
#pragma once

#include <vector>

#include "core/risk_engine.h"
#include "core/scenario.h"

namespace mutualab {

struct HistoricalWindow {
  int startDay = 0;               // d: the window runs from day d to day d + H of the history
  std::vector<double> spotMove;   // per market asset: P(d + H) / P(d) - 1
  double loss = 0;                // the pool's loss L = V(H) - V(0) on this window, currency
};

// How a history's returns are taken: as they are, or filtered by EWMA.
struct HistoricalScaling {
  bool ewma = false;
  double lambda = 0.94;  // the EWMA's decay, in (0, 1): the market's own (market/ewmaLambda)
};

struct HistoricalResult {
  int lastDay = 0;                          // D: the last whole day every asset's history reaches
  // Filtered only, per asset, annualized at the engine's days a year: the
  // volatility the returns were scaled to (σ_end) and the history's own
  // (the root mean square daily return, annualized).
  std::vector<double> volEnd, volHistory;
  std::vector<HistoricalWindow> windows;    // by start day
  RiskSummary summary;                      // VaR and ES of the windows' losses (their CIs not meaningful)
  int worst = -1;                           // the window of the largest loss (the earliest of equal ones)
};

// D for `history` (every asset observed by day 0, as its reader checks):
// the windows of an H-day horizon are D - H + 1 (none when D < H).
int historicalLastDay(const PricePathDef& history);
inline int historicalWindowCount(const PricePathDef& history, int horizonDays) {
  const int n = historicalLastDay(history) - horizonDays + 1;
  return n > 0 ? n : 0;
}

// Every window's loss on the engine's book and horizon, and their VaR and ES
// at `levels` (the ranks the Monte Carlo's summary reads). The caller checks
// that there are at least two windows and a tail at every level.
HistoricalResult runHistorical(const RiskEngine& engine, const PricePathDef& history, const std::vector<double>& levels,
                               const HistoricalScaling& scaling = {});

}  // namespace mutualab
