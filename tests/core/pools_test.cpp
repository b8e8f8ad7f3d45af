// Many pools: the shared backstop and its coverage policies, the contagion
// it records, and the structures validate refuses. The one-pool numbers are
// guarded by tests/native/golden_test.sh.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "agents/registry.h"
#include "core/errors.h"
#include "core/scenario_json.h"
#include "core/world.h"
#include "experiments/presets.h"
#include "support/input_error.h"

using namespace mutualab;
using json = nlohmann::json;

namespace {

// Three pools by asset on correlated assets; SOL crashes on step 100.
json threePools(bool shared) {
  json j = {
      {"name", shared ? "shared" : "isolated"},
      {"sim", {{"steps", 200}}},
      {"writers", {{"count", 300}}},
      {"market",
       {{"assets",
         {{{"name", "ETH"}, {"spot", 2000}, {"volAnnual", 0.7}},
          {{"name", "BTC"}, {"spot", 40000}, {"volAnnual", 0.6}},
          {{"name", "SOL"}, {"spot", 100}, {"volAnnual", 0.9}}}},
        {"correlation", {{1, 0.6, 0.5}, {0.6, 1, 0.5}, {0.5, 0.5, 1}}}}},
      {"pools",
       {{{"name", "eth"}, {"assets", {"ETH"}}},
        {{"name", "btc"}, {"assets", {"BTC"}}},
        {{"name", "sol"}, {"assets", {"SOL"}}, {"feeRule", {{"name", "risk-based"}}}}}},
      {"shock", {{"step", 100}, {"logJump", -1.2}, {"asset", "SOL"}}},
  };
  if (shared) j["backstop"] = {{"capital", 20000}, {"feeShare", 0.1}, {"coverage", "pro-rata"}};
  return j;
}

struct Totals {
  double unpaidSol = 0, othersPaidSol = 0, backstopPaidSol = 0;
  Money worstLedger = 0;
};

// Runs `reps` replications (seed 11), checking the ledger after every
// step; returns the worst |sum| or negative balance, and hands each
// replication's summary to `each`.
template <class F>
Money runChecked(const ScenarioDef& def, int reps, F&& each) {
  Money worst = 0;
  for (int r = 0; r < reps; ++r) {
    World w(def, 11, static_cast<std::uint64_t>(r), makeStrategies(def));
    while (!w.done()) {
      w.step();
      const Money total = w.ledger().total();
      worst = std::max({worst, total < 0 ? -total : total, -w.ledger().mostNegative()});
    }
    each(w.summarize());
  }
  return worst;
}

Totals runAll(const ScenarioDef& def, int reps) {
  Totals t;
  t.worstLedger = runChecked(def, reps, [&](const RepSummary& s) {
    t.unpaidSol += s.pool(2, PoolSummaryMetric::Unpaid);
    t.backstopPaidSol += s.pool(2, PoolSummaryMetric::LossBackstop);
    // backstopPaid[c * 3 + 2]: contributor c's stake toward sol's claims (c = 0 eth, 1 btc).
    t.othersPaidSol += s.contagion.backstopPaid[0 * 3 + 2] + s.contagion.backstopPaid[1 * 3 + 2];
  });
  return t;
}

// `--set` works on the resolved scenario, where every pool lists every field.
ScenarioDef withSet(const json& j, const std::string& assignment) {
  json resolved = scenarioToJson(scenarioFromJson(j));
  applyOverride(resolved, assignment);
  return scenarioFromJson(resolved);
}

void requireRefused(const json& j, const std::string& path, const std::string& part) {
  testing::requireInputError([&] { (void)scenarioFromJson(j); }, path, part);
}

}  // namespace

TEST_CASE("a shared backstop lowers the crashed pool's unpaid claims, and the other pools pay for it", "[pools][backstop]") {
  const Totals isolated = runAll(scenarioFromJson(threePools(false)), 8);
  const Totals shared = runAll(scenarioFromJson(threePools(true)), 8);
  INFO("unpaid on sol: isolated " << isolated.unpaidSol << ", shared " << shared.unpaidSol);
  CHECK(isolated.unpaidSol > 0);                       // the crash is beyond sol's own waterfall
  CHECK(shared.unpaidSol < 0.5 * isolated.unpaidSol);  // the backstop pays most of it
  CHECK(shared.backstopPaidSol > 0);
  CHECK(isolated.backstopPaidSol == 0);
  CHECK(shared.othersPaidSol > 0);  // eth's and btc's fee shares paid for sol's crash: contagion
  CHECK(isolated.worstLedger == 0);
  CHECK(shared.worstLedger == 0);
}

TEST_CASE("every coverage policy keeps the ledger exact and pays the crashed pool", "[pools][backstop]") {
  for (const char* coverage : {"pro-rata", "first-come", "cap-per-step"}) {
    json j = threePools(true);
    j["backstop"]["coverage"] = coverage;
    j["backstop"]["capPerPoolPerStep"] = 500;
    const Totals t = runAll(scenarioFromJson(j), 4);
    INFO(coverage);
    CHECK(t.worstLedger == 0);
    CHECK(t.backstopPaidSol > 0);
  }
}

TEST_CASE("a pools scenario round-trips, and a one-pool scenario's JSON has no pools keys", "[pools][scenario_json]") {
  const ScenarioDef def = scenarioFromJson(threePools(true));
  REQUIRE(def.pools.size() == 3);
  CHECK(def.pools[2].terms.feeRule.name == "risk-based");
  CHECK(def.pools[0].terms.feeRule.name == "flat");  // from `pool`
  const json again = scenarioToJson(scenarioFromJson(scenarioToJson(def)));
  CHECK(again.dump() == scenarioToJson(def).dump());
  const json one = scenarioToJson(makeDefaultScenario());
  CHECK(!one.contains("pools"));
  CHECK(!one.contains("backstop"));
  CHECK(!one.contains("chains"));
  CHECK(!one["shock"].contains("asset"));
}

TEST_CASE("pools entries start from `pool` and take what they set", "[pools][scenario_json]") {
  json j = threePools(false);
  j["pool"] = {{"writerCollateralRatio", 0.3}, {"siloCollateralRatio", 0.9}};
  j["pools"][1]["writerCollateralRatio"] = 0.5;
  const ScenarioDef def = scenarioFromJson(j);
  CHECK(def.pools[0].terms.writerCollateralRatio == 0.3);
  CHECK(def.pools[1].terms.writerCollateralRatio == 0.5);
  // The silo's terms are not a pool's: an entry may not set them.
  j["pools"][1]["siloCollateralRatio"] = 0.5;
  requireRefused(j, "/pools/1/siloCollateralRatio", "unknown key");
}

TEST_CASE("validate refuses bad pool structures with their JSON path", "[pools][scenario_json][bad-input]") {
  json j = threePools(true);
  {
    json x = j;
    x["pools"][1]["assets"] = {"DOGE"};
    requireRefused(x, "/pools/1/assets/0", "unknown asset 'DOGE'");
  }
  {
    json x = j;
    x["pools"][2]["name"] = "eth";
    requireRefused(x, "/pools/2/name", "duplicate pool name 'eth'");
  }
  {
    json x = j;
    x["pools"][0]["chain"] = "solana";
    requireRefused(x, "/pools/0/chain", "no `chains`");
    x["chains"] = {{{"name", "ethereum"}}, {{"name", "arbitrum"}}};
    requireRefused(x, "/pools/0/chain", "unknown chain 'solana'");
  }
  {
    json x = j;
    x["pools"][0]["insuranceFeeShare"] = 0.95;
    requireRefused(x, "/pools/0/insuranceFeeShare", "must be <= 1");
  }
  {
    json x = j;
    x.erase("pools");
    requireRefused(x, "/backstop", "needs pools");
  }
  {
    json x = j;
    x["pool"] = {{"backstopCapital", 100}};
    requireRefused(x, "/pool/backstopCapital", "backstop.capital");
  }
  {
    json x = j;
    x["pools"][0]["lpShare"] = 0.5;
    requireRefused(x, "/pools", "lpShare must sum to 1");
  }
  {
    json x = j;
    x["pools"][0]["name"] = "e.th";
    requireRefused(x, "/pools/0/name", "letters, digits");
  }
  {
    json x = j;
    x["backstop"]["coverage"] = "cap-per-step";
    requireRefused(x, "/backstop/capPerPoolPerStep", "must be > 0");
  }
  {
    json x = j;
    x["shock"]["asset"] = "XRP";
    requireRefused(x, "/shock/asset", "unknown asset 'XRP'");
  }
  {
    json x = j;
    x["pools"] = json::array();
    requireRefused(x, "/pools", "number of entries");
  }
  CHECK(withSet(j, "pools/1/feeRule/name=risk-based").pools[1].terms.feeRule.name == "risk-based");
  CHECK(withSet(j, "backstop/capital=5").backstop.capital == 5);
}

TEST_CASE("a pool underwrites only its assets", "[pools]") {
  const ScenarioDef def = scenarioFromJson(threePools(true));
  World w(def, 3, 0, makeStrategies(def));
  w.run();
  const PositionBook& book = w.positions();
  // Every open pooled position is on an asset its pool underwrites
  // (asset a is pool a's here); every pool took some.
  for (int s = 0; s < book.capacity(); ++s) {
    const size_t S = static_cast<size_t>(s);
    if (!book.isOpen(s) || book.pool[S] == kSilo) continue;
    CHECK(book.asset[S] == book.pool[S]);
  }
  for (int k = 0; k < 3; ++k) CHECK(w.pool(k).pooledTotal > 0);
}

namespace {
ScenarioDef crossChain(int delaySteps, double failure) {
  json j = threePools(true);
  j["chains"] = {{{"name", "ethereum"}},
                 {{"name", "solana"}, {"bridgeDelaySteps", delaySteps}, {"bridgeFailureProbability", failure}}};
  j["pools"][2]["chain"] = "solana";
  j["backstop"]["chain"] = "ethereum";
  return scenarioFromJson(j);
}

struct Bridged {
  double unpaidAtSettlement = 0, paidLate = 0, lost = 0, delay = 0;
  Money worstLedger = 0;
};

Bridged runBridged(const ScenarioDef& def, int reps) {
  Bridged b;
  b.worstLedger = runChecked(def, reps, [&](const RepSummary& s) {
    b.unpaidAtSettlement += s.pool(2, PoolSummaryMetric::UnpaidAtSettlement);
    b.paidLate += s.pool(2, PoolSummaryMetric::PaidLate);
    b.lost += s.pool(2, PoolSummaryMetric::LostInTransit);
    const double d = s.pool(2, PoolSummaryMetric::BridgeDelay);
    if (!std::isnan(d)) b.delay = std::max(b.delay, d);
  });
  return b;
}
}  // namespace

TEST_CASE("unpaid-at-settlement rises with the bridge delay, and the late payments wait that long", "[pools][bridge]") {
  const Bridged none = runBridged(crossChain(0, 0.0), 8);
  const Bridged one = runBridged(crossChain(1, 0.0), 8);
  const Bridged week = runBridged(crossChain(7, 0.0), 8);
  INFO("unpaid at settlement: delay 0 " << none.unpaidAtSettlement << ", 1 " << one.unpaidAtSettlement << ", 7 "
                                        << week.unpaidAtSettlement);
  CHECK(none.paidLate == 0);  // no delay, no capacity limit: paid as the claims settle
  CHECK(one.unpaidAtSettlement > none.unpaidAtSettlement);
  CHECK(week.unpaidAtSettlement >= one.unpaidAtSettlement);
  CHECK(week.paidLate > 0);
  CHECK(week.delay >= 7);
  for (const Bridged* b : {&none, &one, &week}) {
    CHECK(b->lost == 0);
    CHECK(b->worstLedger == 0);
  }
}

TEST_CASE("bridge failures show up as lost transfers, and the ledger still balances", "[pools][bridge][ledger]") {
  const Bridged always = runBridged(crossChain(2, 1.0), 8);
  const Bridged some = runBridged(crossChain(2, 0.3), 8);
  CHECK(always.lost > 0);
  CHECK(always.paidLate == 0);  // every transfer failed
  CHECK(some.lost > 0);
  CHECK(some.paidLate > 0);
  CHECK(always.worstLedger == 0);
  CHECK(some.worstLedger == 0);
}

TEST_CASE("after a crash, migration drains the crashed pool toward the others", "[pools][migration]") {
  const ScenarioDef moving = scenarioFromJson(parseJsonText(findPreset("capital-migration"), "capital-migration"));
  REQUIRE(moving.migration.speed > 0);
  ScenarioDef staying = moving;
  staying.migration.speed = 0;
  const int crash = moving.shock.step, sol = 2;
  double capitalMoving = 0, capitalStaying = 0, outAfter = 0, inAfter = 0;
  Money worstLedger = 0;
  for (int r = 0; r < 8; ++r) {
    World a(moving, 5, static_cast<std::uint64_t>(r), makeStrategies(moving));
    World b(staying, 5, static_cast<std::uint64_t>(r), makeStrategies(staying));
    while (!a.done()) {
      a.step();
      b.step();
      worstLedger = std::max({worstLedger, a.ledger().total() < 0 ? -a.ledger().total() : a.ledger().total(),
                              -a.ledger().mostNegative()});
    }
    for (int t = crash + 1; t <= crash + 60; ++t) {
      capitalMoving += a.poolMetric(t, sol, PoolStepMetric::LpCapital);
      capitalStaying += b.poolMetric(t, sol, PoolStepMetric::LpCapital);
    }
    const int T = a.steps();
    outAfter += a.poolMetric(T, sol, PoolStepMetric::MigratedOut) - a.poolMetric(crash, sol, PoolStepMetric::MigratedOut);
    inAfter += a.poolMetric(T, sol, PoolStepMetric::MigratedIn) - a.poolMetric(crash, sol, PoolStepMetric::MigratedIn);
    CHECK(b.summarize().contagion.lpMoved == std::vector<double>(9, 0.0));  // speed 0: nobody moves
  }
  INFO("sol LP capital, 60 steps after the crash: with migration " << capitalMoving << ", without " << capitalStaying
                                                                   << "; moved out after the crash " << outAfter
                                                                   << ", in " << inAfter);
  CHECK(outAfter > 0);
  CHECK(outAfter > inAfter);
  CHECK(capitalMoving < capitalStaying);
  CHECK(worstLedger == 0);
}
