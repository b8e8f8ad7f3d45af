// A book's realized V(H) on a world's own path, read as the risk engine
// reads a simulated one: against the engine's own repricing at the moves
// and marks that happened, and positions expiring inside the horizon at
// their payoff on the expiry day's price.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "agents/registry.h"
#include "core/book.h"
#include "core/book_realized.h"
#include "core/risk_engine.h"
#include "core/world.h"
#include "experiments/load_scenario.h"

using namespace mutualab;

namespace {
std::unique_ptr<World> worldAt(const ScenarioDef& def, int step) {
  auto w = std::make_unique<World>(def, 1, 0, makeStrategies(def));
  while (w->currentStep() < step) w->step();
  return w;
}
}  // namespace

TEST_CASE("realized V(H): the engine's repricing at the spot move and mark that happened", "[backtest][risk]") {
  // One asset, so the world's move and mark over the horizon are one stress scenario of the engine's.
  const ScenarioDef def = loadScenario("preset:akerlof-flat-fee").def;
  for (int H : {1, 3}) {
    const int t = 120;
    const auto w = worldAt(def, t);
    RiskBook book = pooledBookOf(*w);
    // Positions alive on day H only: the stress reads every position at H.
    RiskBook alive;
    alive.assetNames = book.assetNames;
    alive.stressed = book.stressed;
    for (int i = 0; i < book.size(); ++i)
      if (book.expiryDays[static_cast<size_t>(i)] >= H) alive.add(book.position(i));
    REQUIRE(alive.size() > 20);
    const Market& m = w->market();
    RiskDef rd;
    rd.horizonDays = H;
    rd.samples = 1000;
    rd.daysPerYear = def.sim.daysPerYear;
    const RiskEngine engine(alive, def.market, rd);
    RiskWorkspace ws = engine.workspace();
    std::vector<double> obligations;
    const double move = m.price(0, t + H) / m.price(0, t) - 1.0;
    const double volRatio = m.pricingVol(0, t + H) / m.pricingVol(0, t);
    const double stressedLoss = engine.stressed(StressScenario::uniform("", 1, move, volRatio), ws, obligations);
    const double realized = realizedHorizonValue(alive, m, t, H, def.market.rateAnnual, def.sim.daysPerYear);
    CHECK(realized - engine.valueNow() == Approx(stressedLoss).epsilon(1e-9).margin(1e-9 * engine.valueNow()));
    CHECK(std::fabs(realized - engine.valueNow()) > 1e-3 * engine.valueNow());  // the path moved the book
  }
}

TEST_CASE("realized V(H): a position expiring inside the horizon is its payoff at the expiry day's price", "[backtest][risk]") {
  const ScenarioDef def = loadScenario("preset:akerlof-flat-fee").def;
  const int t = 200, H = 10;
  const auto w = worldAt(def, t);
  const RiskBook book = pooledBookOf(*w);
  const Market& m = w->market();
  int inside = 0;
  for (int i = 0; i < book.size(); ++i) {
    const BookPosition p = book.position(i);
    if (p.expiryDays >= H) continue;
    ++inside;
    RiskBook one;
    one.assetNames = book.assetNames;
    one.add(p);
    const int day = static_cast<int>(p.expiryDays);
    const double S = m.price(p.asset, t + day);
    const double payoff = p.kind == OptionKind::Put ? std::max(p.coverStrike - S, 0.0) : std::max(S - p.coverStrike, 0.0);
    const double capped = p.maxCover > 0 ? std::min(p.coverShare * p.units * payoff, p.maxCover) : p.coverShare * p.units * payoff;
    CHECK(realizedHorizonValue(one, m, t, H, def.market.rateAnnual, def.sim.daysPerYear) == Approx(capped).margin(1e-9));
  }
  CHECK(inside > 5);
}
