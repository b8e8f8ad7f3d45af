#include "core/book.h"

#include <catch2/catch.hpp>

#include "agents/registry.h"
#include "core/risk_engine.h"
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
  for (int s = 0; s < pb.capacity(); ++s) pooled += pb.active[static_cast<size_t>(s)] && pb.pool[static_cast<size_t>(s)] != kSilo;
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
