#include "experiments/risk_run.h"

#include <catch2/catch.hpp>

#include "core/book.h"

using namespace mutualab;

TEST_CASE("risk run: the thread count never changes a bit", "[risk]") {
  MarketDef m;
  m.assets = {AssetDef{"ETH", 2000, 0.05, 0.8, 6.0, -0.15, 0.1}, AssetDef{"BTC", 40000, 0.0, 0.6, 2.0, -0.1, 0.1}};
  m.correlation = {{1.0, 0.5}, {0.5, 1.0}};
  m.regime.enabled = true;
  const RiskBook book = syntheticBook(300, {"ETH", "BTC"}, {2000, 40000}, {0.8, 0.6});
  RiskDef def;
  def.horizonDays = 5;
  def.samples = 3 * kRiskBlockSamples + 123;  // a partial last block
  def.levels = {0.99, 0.975, 0.9};
  validateRiskDef(def, book);
  const RiskEngine engine(book, m, def);
  const BookCapital cap{1000, 50000, 0};
  const auto scenarios = defaultStressScenarios(2);
  RiskRunOptions one, four;
  one.threads = 1;
  four.threads = 4;
  const RiskReport a = runRisk(engine, scenarios, cap, one);
  const RiskReport b = runRisk(engine, scenarios, cap, four);
  CHECK(a.losses == b.losses);
  const auto fa = riskFiles(engine, a, cap, book.assetNames, {{"seed", 1}});
  const auto fb = riskFiles(engine, b, cap, book.assetNames, {{"seed", 1}});
  CHECK(fa == fb);
  // And it is not a constant: a different seed gives a different sample.
  RiskDef other = def;
  other.seed = 2;
  const RiskEngine engine2(book, m, other);
  const RiskReport c = runRisk(engine2, scenarios, cap, one);
  CHECK(c.losses != a.losses);
  CHECK(a.summary.levels[0].valueAtRisk > a.summary.levels[2].valueAtRisk);
}
