// Fuzz target: risk books (parseBookCsv / parseBookJson), as `mutualab risk BOOK` reads them, then the engine on what is accepted.
//
// The first byte picks the syntax (even: CSV, odd: JSON); the rest is the
// book, read against a two-asset market (ETH, BTC). A book that is accepted
// must also value and stress without a non-finite number: its bounds exist
// so that no sum over a book can overflow. InputError is the expected
// refusal; anything else is a finding.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/errors.h"
#include "core/risk_engine.h"
#include "core/scenario_json.h"
#include "core/stress.h"
#include "experiments/book_io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool json = data[0] % 2 == 1;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  mutualab::MarketDef market;
  market.assets = {mutualab::AssetDef{"ETH", 2000, 0, 0.7, 0, -0.15, 0.1}, mutualab::AssetDef{"BTC", 40000, 0, 0.5, 0, -0.15, 0.1}};
  try {
    const mutualab::RiskBook book = json ? mutualab::parseBookJson(mutualab::parseJsonText(text, "fuzz"), market)
                                         : mutualab::parseBookCsv(text, "fuzz", market);
    if (book.size() == 0 || book.size() > 2000) return 0;  // the engine's cost grows with the book
    mutualab::RiskDef def;
    def.samples = 200;
    def.levels = {0.9};
    def.horizonDays = 1;
    mutualab::validateRiskDef(def, book);
    const mutualab::RiskEngine engine(book, market, def);
    const auto stress = mutualab::runStress(engine, mutualab::defaultStressScenarios(2), book.capital);
    if (!std::isfinite(engine.valueNow())) std::abort();
    for (const auto& row : stress.rows)
      if (!std::isfinite(row.poolLoss) || !std::isfinite(row.cover2.requirement)) std::abort();
  } catch (const mutualab::InputError&) {
  }
  return 0;
}
