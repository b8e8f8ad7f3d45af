#include "experiments/price_history.h"

#include <algorithm>
#include <cmath>

#include "core/errors.h"
#include "core/format_number.h"
#include "core/historical_sim.h"
#include "core/risk_engine.h"
#include "experiments/input_file.h"
#include "experiments/price_path_csv.h"

namespace mutualab {

namespace {
std::string daysText(int n) { return std::to_string(n) + (n == 1 ? " day" : " days"); }
}  // namespace

void checkPriceHistory(const PricePathDef& history, const std::string& file, int horizonDays,
                       const std::vector<double>& levels) {
  const int last = historicalLastDay(history);
  const int windows = historicalWindowCount(history, horizonDays);
  if (windows < 2)
    throw InputError("--history", file + ": every asset's prices reach day " + std::to_string(last) + ", which gives " +
                                      std::to_string(windows) + " window" + (windows == 1 ? "" : "s") + " of " +
                                      daysText(horizonDays) + " (days d to d + " +
                                      std::to_string(horizonDays) + ", d = 0, 1, ...); expected at least 2, so day " +
                                      std::to_string(horizonDays + 1) +
                                      " or later: give a longer history or a shorter --horizon-days");
  for (const double q : levels) {
    if (tailCount(q, windows) >= 1) continue;
    // From the quotient 1 / (1 - q), stepped to the exact count as tailCount rounds.
    long long need = std::max<long long>(windows, static_cast<long long>(std::floor(1.0 / (1.0 - q))) - 2);
    while (tailCount(q, need) < 1) ++need;
    throw InputError("--history", file + ": its " + std::to_string(windows) + " windows of " +
                                      daysText(horizonDays) + " leave none beyond level " + shortestNumber(q) +
                                      ", where ES averages the windows beyond VaR; that needs at least " +
                                      std::to_string(need) + " windows: give a longer history or lower --levels");
  }
}

PricePathDef readPriceHistory(const std::string& path, const MarketDef& market, int horizonDays,
                              const std::vector<double>& levels) {
  const std::string text = readInputFile(path, "price history", "--history", /*allowStdin=*/false);
  // The reader's checks but the horizon's, which checkPriceHistory makes in windows.
  ScenarioDef s;
  s.market = market;
  s.sim.steps = 0;
  PricePathDef history;
  try {
    history = parsePricePathCsv(text, path, s);
  } catch (const InputError& e) {
    throw InputError("--history", e.message());
  }
  checkPriceHistory(history, path, horizonDays, levels);
  return history;
}

}  // namespace mutualab
