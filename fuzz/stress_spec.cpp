// Fuzz target: stress scenario files (parseStressScenarios, checkStressVolatility), as `mutualab risk --stress FILE` reads them, then Cover-1/Cover-2 on a book.
//
// The bytes are the file, read against a two-asset market (ETH, BTC). The
// scenarios it accepts are run on a small book with a position on each
// asset: every stressed loss and Cover-2 requirement must be finite (a
// move's, a multiplier's and a shift's bounds, and the check that no shift
// takes a volatility below zero, exist for that). InputError is the
// expected refusal; anything else is a finding.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "core/errors.h"
#include "core/risk_engine.h"
#include "core/scenario_json.h"
#include "core/stress.h"
#include "experiments/book_io.h"
#include "experiments/stress_spec.h"

namespace {
mutualab::MarketDef twoAssets() {
  mutualab::MarketDef market;
  market.assets = {mutualab::AssetDef{"ETH", 2000, 0, 0.7, 0, -0.15, 0.1}, mutualab::AssetDef{"BTC", 40000, 0, 0.5, 0, -0.15, 0.1}};
  return market;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mutualab::MarketDef market = twoAssets();
  static const mutualab::RiskBook book = mutualab::parseBookCsv(
      "kind,asset,strike,expiry_days,units,collateral,writer\n"
      "put,ETH,1800,10,0.5,90,3\nput,ETH,1500,30,2,200,4\ncall,BTC,44000,3,0.02,88,5\n",
      "fuzz", market);
  static const std::unique_ptr<mutualab::RiskEngine> engine = [] {
    mutualab::RiskDef def;
    def.samples = 200;
    def.levels = {0.9};
    def.horizonDays = 1;
    mutualab::validateRiskDef(def, book);
    return std::make_unique<mutualab::RiskEngine>(book, market, def);
  }();
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto scenarios = mutualab::parseStressScenarios(mutualab::parseJsonText(text, "fuzz"), market);
    mutualab::checkStressVolatility(scenarios, book, market);  // as the command does: no negative volatility
    const auto stress = mutualab::runStress(*engine, scenarios, book.capital);
    for (const auto& row : stress.rows)
      if (!std::isfinite(row.poolLoss) || !std::isfinite(row.cover1.requirement) || !std::isfinite(row.cover2.requirement))
        std::abort();
  } catch (const mutualab::InputError&) {
  }
  return 0;
}
