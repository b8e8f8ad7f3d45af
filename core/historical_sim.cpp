#include "core/historical_sim.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <utility>

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

// Filters one asset's daily prices (core/historical_sim.h): the path whose
// day-to-day log returns are r_t x σ_end / σ_t, from the same first price.
// Returns σ_end and the root mean square return (daily).
std::pair<double, double> filterPrices(std::vector<double>& prices, double lambda) {
  const size_t n = prices.size();
  if (n < 2) return {0.0, 0.0};
  std::vector<double> r(n - 1);
  double meanSquare = 0;
  for (size_t t = 1; t < n; ++t) {
    r[t - 1] = std::log(prices[t] / prices[t - 1]);
    meanSquare += r[t - 1] * r[t - 1];
  }
  meanSquare /= static_cast<double>(n - 1);
  // σ_t² for each return, then σ_end² after the last.
  std::vector<double> variance(n - 1);
  double v = meanSquare;
  for (size_t t = 0; t + 1 < n; ++t) {
    variance[t] = v;
    v = lambda * v + (1.0 - lambda) * r[t] * r[t];
  }
  const double end = std::sqrt(v);
  // A flat history (every return 0) has nothing to scale: its path stays flat.
  double logPrice = std::log(prices[0]);
  for (size_t t = 1; t < n; ++t) {
    const double sd = std::sqrt(variance[t - 1]);
    logPrice += sd > 0.0 ? r[t - 1] * (end / sd) : 0.0;
    prices[t] = std::exp(logPrice);
  }
  return {end, std::sqrt(meanSquare)};
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

HistoricalResult runHistorical(const RiskEngine& engine, const PricePathDef& history, const std::vector<double>& levels,
                               const HistoricalScaling& scaling) {
  HistoricalResult r;
  r.lastDay = historicalLastDay(history);
  const int H = engine.def().horizonDays;
  const size_t A = history.days.size(), days = static_cast<size_t>(H) + 1;
  const int n = historicalWindowCount(history, H);
  assert(n >= 2);
  std::vector<std::vector<double>> daily(A);
  for (size_t a = 0; a < A; ++a) daily[a] = dailyPrices(history.days[a], history.prices[a], r.lastDay);
  if (scaling.ewma) {
    const double perYear = std::sqrt(engine.def().daysPerYear);
    for (size_t a = 0; a < A; ++a) {
      const auto [end, rms] = filterPrices(daily[a], scaling.lambda);
      r.volEnd.push_back(end * perYear);
      r.volHistory.push_back(rms * perYear);
    }
  }
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
