// Fuzz target: price paths from data (parsePricePathCsv), as market/pricePath/file and the playground's file picker read them.
//
// The bytes are the CSV, read against a two-asset market (ETH, BTC) over a
// 10-day horizon. A file that is accepted must hold what the market then
// samples without another check: per asset at least one observation, times
// increasing, the first at or before day 0 and the last at or after the
// horizon, every price finite and > 0, and the row count the rows kept.
// InputError is the expected refusal; anything else is a finding.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/errors.h"
#include "core/scenario.h"
#include "experiments/price_path_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  mutualab::ScenarioDef s;
  s.sim.steps = 10;
  s.sim.stepDays = 1.0;
  s.market.assets = {mutualab::AssetDef{"ETH", 2000, 0, 0.7, 0, -0.15, 0.1}, mutualab::AssetDef{"BTC", 40000, 0, 0.5, 0, -0.15, 0.1}};
  try {
    const mutualab::PricePathDef p =
        mutualab::parsePricePathCsv(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.csv", s);
    if (p.days.size() != 2 || p.prices.size() != 2) std::abort();
    std::size_t rows = 0;
    for (std::size_t a = 0; a < 2; ++a) {
      const auto& days = p.days[a];
      const auto& prices = p.prices[a];
      if (days.empty() || days.size() != prices.size() || days.front() > 0 || days.back() < 10) std::abort();
      for (std::size_t i = 0; i < days.size(); ++i) {
        if (!std::isfinite(days[i]) || !std::isfinite(prices[i]) || !(prices[i] > 0)) std::abort();
        if (i > 0 && !(days[i] > days[i - 1])) std::abort();
      }
      rows += days.size();
    }
    if (static_cast<std::size_t>(p.rows) != rows) std::abort();
  } catch (const mutualab::InputError&) {
  }
  return 0;
}
