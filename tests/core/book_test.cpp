#include "core/book.h"

#include <catch2/catch.hpp>

#include "agents/registry.h"
#include "core/risk_engine.h"
#include "core/scenario_json.h"
#include "core/world.h"

using namespace mutualab;

TEST_CASE("book: a world's pooled book is valued as the pool marks it to model", "[risk]") {
  // Puts only: their cover needs no cap, so the risk engine's value now and
  // Pool::markToModel's liability are the same sum of the same prices.
  ScenarioDef def = makeDefaultScenario();
  def.name = "book";
  def.positions.putShare = 1.0;
  def.sim.steps = 120;
  World world(def, 3, 0, makeStrategies(def));
  for (int t = 0; t < 90; ++t) world.step();
  const RiskBook book = pooledBookOf(world);
  REQUIRE(book.size() > 10);
  CHECK(book.step == 90);
  int pooled = 0;
  const PositionBook& pb = world.positions();
  for (int s = 0; s < pb.capacity(); ++s) pooled += pb.isOpen(s) && pb.pool[static_cast<size_t>(s)] != kSilo;
  CHECK(book.size() == pooled);
  for (int i = 0; i < book.size(); ++i) {
    CHECK(book.expiryDays[static_cast<size_t>(i)] >= 1);
    CHECK(book.coverStrike[static_cast<size_t>(i)] < book.strike[static_cast<size_t>(i)]);
    CHECK(book.spot[static_cast<size_t>(i)] == world.market().price(0, 90));
  }
  RiskDef rd;
  rd.horizonDays = 1;
  const RiskEngine engine(book, def.market, rd);
  REQUIRE(world.poolLiability() > 0);
  CHECK(engine.valueNow() == Approx(world.poolLiability()).epsilon(1e-12));
  CHECK(book.capital.poolCapital > 0);
}

TEST_CASE("book: with several pools, each pool's book holds its positions and its own capital", "[risk]") {
  const ScenarioDef def = scenarioFromJson(nlohmann::json::parse(R"({
      "name": "two pools", "sim": {"steps": 80},
      "market": {"assets": [{"name": "ETH", "spot": 2000, "volAnnual": 0.7}, {"name": "BTC", "spot": 40000, "volAnnual": 0.5}]},
      "pools": [{"name": "eth", "assets": ["ETH"]}, {"name": "btc", "assets": ["BTC"]}]})"));
  World world(def, 5, 0, makeStrategies(def));
  for (int t = 0; t < 60; ++t) world.step();
  const RiskBook book = pooledBookOf(world);
  REQUIRE(book.pools.size() == 2);
  CHECK(book.pools[0].name == "eth");
  CHECK(book.pools[1].name == "btc");
  const RiskBook eth = book.onlyPool(0), btc = book.onlyPool(1);
  CHECK(eth.size() > 0);
  CHECK(btc.size() > 0);
  CHECK(eth.size() + btc.size() == book.size());
  for (int a : eth.asset) CHECK(a == 0);
  for (int a : btc.asset) CHECK(a == 1);
  CHECK(eth.capital.poolCapital == book.pools[0].poolCapital);
  CHECK(btc.capital.insuranceFund == book.pools[1].insuranceFund);
  CHECK(book.capital.poolCapital == Approx(book.pools[0].poolCapital + book.pools[1].poolCapital));
  CHECK(eth.capital.backstop == book.capital.backstop);
}
