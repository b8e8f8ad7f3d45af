#include "core/historical_sim.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>

#include "core/market.h"

namespace mutualab {

namespace {
// Asset a's price on whole days 0..D: its last observation at or before each.
std::vector<double> dailyPrices(const std::vector<double>& days, const std::vector<double>& prices, int lastDay) {
  std::vector<double> out(static_cast<size_t>(lastDay) + 1);
  size_t i = 0;
  for (int t = 0; t <= lastDay; ++t) {
    const double day = static_cast<double>(t);
    while (i + 1 < days.size() && days[i + 1] <= day + pricePathDayTolerance(day)) ++i;
    out[static_cast<size_t>(t)] = prices[i];
  }
  return out;
}
}  // namespace

int historicalLastDay(const PricePathDef& history) {
  if (history.days.empty()) return -1;
  double last = HUGE_VAL;
  for (const std::vector<double>& days : history.days) {
    if (days.empty()) return -1;
    last = std::min(last, days.back());
  }
  return static_cast<int>(std::floor(last + pricePathDayTolerance(last)));
}

HistoricalResult runHistorical(const RiskEngine& engine, const PricePathDef& history, const std::vector<double>& levels) {
  HistoricalResult r;
  r.lastDay = historicalLastDay(history);
  const int H = engine.def().horizonDays;
  const size_t A = history.days.size(), days = static_cast<size_t>(H) + 1;
  const int n = historicalWindowCount(history, H);
  assert(n >= 2);
  std::vector<std::vector<double>> daily(A);
  for (size_t a = 0; a < A; ++a) daily[a] = dailyPrices(history.days[a], history.prices[a], r.lastDay);
  RiskWorkspace ws = engine.workspace();
  std::vector<double> growth(days * A), obligations, losses(static_cast<size_t>(n));
  r.windows.resize(static_cast<size_t>(n));
  for (int d = 0; d < n; ++d) {
    HistoricalWindow& w = r.windows[static_cast<size_t>(d)];
    w.startDay = d;
    for (size_t k = 0; k < days; ++k)
      for (size_t a = 0; a < A; ++a)
        growth[k * A + a] = daily[a][static_cast<size_t>(d) + k] / daily[a][static_cast<size_t>(d)];
    for (size_t a = 0; a < A; ++a) w.spotMove.push_back(growth[(days - 1) * A + a] - 1.0);
    w.loss = losses[static_cast<size_t>(d)] = engine.onPath(growth, ws, obligations);
    if (r.worst < 0 || w.loss > r.windows[static_cast<size_t>(r.worst)].loss) r.worst = d;
  }
  std::vector<std::uint32_t> masks;
  r.summary = summarizeLosses(losses, levels, masks);
  r.summary.valueNow = engine.valueNow();
  return r;
}

}  // namespace mutualab
