#include "experiments/risk_run.h"

#include <catch2/catch.hpp>

#include "core/book.h"
#include "experiments/runner.h"

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

TEST_CASE("risk run: sampleLosses puts each block's losses in its slice, at any thread count", "[risk]") {
  MarketDef m;
  m.assets = {AssetDef{"ETH", 2000, 0.05, 0.8, 6.0, -0.15, 0.1}};
  const RiskBook book = syntheticBook(60, {"ETH"}, {2000}, {0.8});
  RiskDef def;
  def.horizonDays = 3;
  def.samples = 3 * kRiskBlockSamples + 17;  // a short last block
  def.levels = {0.99};
  const RiskEngine engine(book, m, def);
  // One block at a time, by hand, in sample order.
  std::vector<double> expected;
  RiskWorkspace ws = engine.workspace();
  for (int b = 0; b < engine.blocks(); ++b) {
    std::vector<double> block(static_cast<size_t>(engine.blockSize(b)));
    engine.blockLosses(b, ws, block.data());
    expected.insert(expected.end(), block.begin(), block.end());
  }
  REQUIRE(expected.size() == static_cast<size_t>(def.samples));
  int ticks = 0, last = 0;
  CHECK(sampleLosses(engine, 1) == expected);
  CHECK(sampleLosses(engine, 3, nullptr, [&](int done, int total) {
          ++ticks;
          last = done;
          CHECK(total == 4);
        }) == expected);
  CHECK(ticks == 4);
  CHECK(last == 4);
  std::atomic<bool> stop{true};
  CHECK_THROWS_AS(sampleLosses(engine, 2, &stop), Cancelled);
}
