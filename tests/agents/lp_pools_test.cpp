// LP strategies across pools: each LP decides for every pool it reaches (its
// home pool and any it holds shares in; with migration.reach "all", every
// pool), so a rule leaves the pool that crashed and keeps the one that did
// not, a deposit into several pools is split, and a learning LP learns each
// pool apart.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "agents/registry.h"
#include "core/scenario_json.h"
#include "core/world.h"

using namespace mutualab;
using json = nlohmann::json;

namespace {

constexpr int kEth = 0, kSol = 1, kCrash = 60;

// Two pools on two assets; SOL crashes on step 60. Every LP reaches both.
ScenarioDef twoPools(const json& lpStrategies, const std::string& reach = "all") {
  json j = {
      {"name", "lps-across-pools"},
      {"sim", {{"steps", 140}}},
      {"writers", {{"count", 200}, {"strategies", {{{"name", "always-pool"}, {"share", 1.0}}}}}},
      {"lps", {{"count", 20}, {"capital", {{"mean", 20000}, {"sd", 0}}}, {"strategies", lpStrategies}}},
      {"market",
       {{"assets",
         {{{"name", "ETH"}, {"spot", 2000}, {"volAnnual", 0.5}}, {{"name", "SOL"}, {"spot", 100}, {"volAnnual", 0.9}}}},
        {"correlation", {{1, 0.3}, {0.3, 1}}}}},
      {"pool", {{"feeRule", {{"name", "risk-based"}}}}},
      {"pools", {{{"name", "eth"}, {"assets", {"ETH"}}}, {{"name", "sol"}, {"assets", {"SOL"}}}}},
      {"migration", {{"reach", reach}}},
      {"shock", {{"step", kCrash}, {"logJump", -0.5}, {"asset", "SOL"}}},
  };
  return scenarioFromJson(j);
}

json only(const std::string& name, const json& params = json::object()) {
  return json::array({{{"name", name}, {"share", 1.0}, {"params", params}}});
}

// How many LPs hold shares in pool k that they have not asked to withdraw.
int holders(const World& w, int k) {
  const Pool& p = w.pool(k);
  int n = 0;
  for (size_t l = 0; l < p.shares.size(); ++l) n += p.shares[l] > p.queued[l];
  return n;
}

double deposited(const World& w, int k) { return toCurrency(w.pool(k).lpDeposits); }

// Steps `w` to step t, checking the ledger after each step.
void stepTo(World& w, int t) {
  while (w.currentStep() < t && !w.done()) {
    w.step();
    REQUIRE(w.ledger().total() == 0);
    REQUIRE(w.ledger().mostNegative() >= 0);
  }
}

}  // namespace

TEST_CASE("an LP reaching every pool splits its deposit between them, one reaching its home pool stays there",
          "[lp][pools]") {
  World all(twoPools(only("passive")), 3, 0, makeStrategies(twoPools(only("passive"))));
  stepTo(all, 1);
  CHECK(holders(all, kEth) == 20);
  CHECK(holders(all, kSol) == 20);
  // 20 LPs x 20,000 x 0.8 (initialDepositFraction), half in each pool.
  CHECK(deposited(all, kEth) == Approx(160000.0).margin(1e-4));
  CHECK(deposited(all, kSol) == Approx(160000.0).margin(1e-4));

  const ScenarioDef homeOnly = twoPools(only("passive"), "home");
  World home(homeOnly, 3, 0, makeStrategies(homeOnly));
  stepTo(home, 1);
  CHECK(holders(home, kEth) == 10);
  CHECK(holders(home, kSol) == 10);
  for (int l = 0; l < 20; ++l) CHECK((home.pool(kEth).shares[static_cast<size_t>(l)] > 0) != (home.pool(kSol).shares[static_cast<size_t>(l)] > 0));
  CHECK(deposited(home, kEth) == Approx(10 * 20000 * 0.8).margin(1e-4));
}

TEST_CASE("a loss-averse LP leaves the pool that crashed and keeps the one that did not", "[lp][pools]") {
  const ScenarioDef def = twoPools(only("loss-averse", {{"tolerance", 0.2}}));
  World w(def, 3, 0, makeStrategies(def));
  stepTo(w, kCrash - 1);
  REQUIRE(holders(w, kEth) == 20);
  REQUIRE(holders(w, kSol) == 20);
  stepTo(w, def.sim.steps);
  INFO("holders at the end: eth " << holders(w, kEth) << ", sol " << holders(w, kSol));
  CHECK(holders(w, kSol) == 0);
  CHECK(holders(w, kEth) == 20);
}

TEST_CASE("a yield chaser leaves the pool whose yield collapsed and stays where it holds up", "[lp][pools]") {
  const ScenarioDef def = twoPools(only("yield-chaser"));
  World w(def, 3, 0, makeStrategies(def));
  stepTo(w, kCrash - 1);
  const int ethBefore = holders(w, kEth), solBefore = holders(w, kSol);
  stepTo(w, def.sim.steps);
  INFO("holders before the crash: eth " << ethBefore << ", sol " << solBefore << "; at the end: eth "
                                        << holders(w, kEth) << ", sol " << holders(w, kSol));
  CHECK(solBefore > 0);
  CHECK(holders(w, kSol) < solBefore);
  CHECK(holders(w, kEth) > holders(w, kSol));
}

TEST_CASE("an informed runner runs from every pool it holds when warned", "[lp][pools]") {
  ScenarioDef def = twoPools(only("informed-runner"));
  def.lps.earlyWarningShare = 1.0;
  def.lps.earlyWarningAccuracy = 1.0;
  def.lps.earlyWarningLeadSteps = 5;
  World w(def, 3, 0, makeStrategies(def));
  stepTo(w, kCrash - 7);
  const int ethBefore = holders(w, kEth), solBefore = holders(w, kSol);
  stepTo(w, kCrash - 1);
  INFO("holders 7 steps before the crash: eth " << ethBefore << ", sol " << solBefore);
  CHECK(ethBefore == 20);
  CHECK(solBefore == 20);
  CHECK(holders(w, kEth) == 0);
  CHECK(holders(w, kSol) == 0);
}

TEST_CASE("a learning LP decides each pool apart, and its run is reproducible", "[lp][pools][learning]") {
  const ScenarioDef def = twoPools(only("learning"));
  // Steps on which an LP is in one pool and out of the other, summed over LPs.
  auto splitSteps = [&](std::vector<double>& finalShares) {
    World w(def, 3, 0, makeStrategies(def));
    long split = 0;
    while (!w.done()) {
      w.step();
      REQUIRE(w.ledger().total() == 0);
      for (size_t l = 0; l < 20; ++l) split += (w.pool(kEth).shares[l] > 0) != (w.pool(kSol).shares[l] > 0);
    }
    for (int k = 0; k < 2; ++k)
      finalShares.insert(finalShares.end(), w.pool(k).shares.begin(), w.pool(k).shares.end());
    return split;
  };
  std::vector<double> a, b;
  const long split = splitSteps(a);
  INFO("LP-steps in one pool only: " << split << " of " << 20 * def.sim.steps);
  CHECK(split > 20 * def.sim.steps / 10);
  CHECK(splitSteps(b) == split);
  CHECK(a == b);
}
