// Screening menus (Rothschild–Stiglitz): a pool offers several contracts and
// writers sort themselves into them. On common random numbers, a separating
// menu keeps the pool where the flat contract unravels; the per-contract
// results name who took what; a menu's structure is refused at load with its
// JSON path; a pool without a menu is byte-for-byte what it was (golden files).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "agents/registry.h"
#include "core/errors.h"
#include "core/scenario_json.h"
#include "core/world.h"
#include "experiments/load_scenario.h"
#include "experiments/menu_check.h"
#include "experiments/results.h"
#include "experiments/runner.h"
#include "support/input_error.h"
#include "support/series.h"

using namespace mutualab;
using json = nlohmann::json;

namespace {

void requireRefused(const json& j, const std::string& path, const std::string& part) {
  testing::requireInputError([&] { (void)loadScenarioJson(j, {}, "test"); }, path, part);
}

json menuScenario() { return scenarioToJson(loadScenario("preset:screening-menu").def); }

// Share of the writers in theta deciles [d0, d1] whose latest pooled
// position took contract c, among those that pooled.
double contractShare(const World& w, int c, int d0, int d1) {
  int in = 0, pooled = 0;
  for (int i = 0; i < w.writerCount(); ++i) {
    const WriterState s = w.writer(i);
    if (s.thetaDecile < d0 || s.thetaDecile > d1 || s.status != WriterStatus::Pool) continue;
    ++pooled;
    in += w.writerContract()[static_cast<size_t>(i)] == c ? 1 : 0;
  }
  return pooled > 0 ? static_cast<double>(in) / pooled : std::nan("");
}

}  // namespace

TEST_CASE("a menu turns into one offer per contract, each priced and collateralized on its own terms", "[menu]") {
  const ScenarioDef def = loadScenario("preset:screening-menu").def;
  World w(def, 3, 0, makeStrategies(def));
  REQUIRE(w.offerCount() == 2);
  CHECK(w.offer(0).pool == 0);
  CHECK(w.offer(0).contract == 0);
  CHECK(w.offer(1).contract == 1);
  const Pool& p = w.pool(0);
  CHECK(p.contractCollateral(0, 1000.0) == Approx(150.0));
  CHECK(p.contractCollateral(1, 1000.0) == Approx(500.0));
  CHECK(p.contractRetained(0) == 0.0);
  CHECK(p.contractRetained(1) == Approx(0.5));
  FeeQuoteInput q;
  q.notional = 1000.0;
  CHECK(p.contractRule(0).quote(q, w.feeContext(0)) == Approx(23.0));
  CHECK(p.contractRule(1).quote(q, w.feeContext(0)) == Approx(2.0));
  // A first-loss deductible: the writer posts min(first loss, max loss).
  ScenarioDef fl = def;
  fl.pool.menu[1].firstLoss = 300.0;
  World wf(fl, 3, 0, makeStrategies(fl));
  CHECK(wf.pool(0).contractCollateral(1, 1000.0) == 300.0);
  CHECK(wf.pool(0).contractCollateral(1, 200.0) == 200.0);
  w.run();
  CHECK(w.ledgerMaxImbalance() == 0);
}

TEST_CASE("a separating menu keeps the pool the flat contract loses, on common random numbers", "[menu][akerlof]") {
  RunOptions opt;
  opt.seed = 2026;
  opt.reps = 12;
  opt.threads = 2;
  const RunResult menu = runReplications(loadScenario("preset:screening-menu").def, opt);
  const RunResult flat = runReplications(loadScenario("preset:akerlof-flat-fee").def, opt);
  const double partMenu = testing::windowMean(menu, StepMetric::Participation, 274, 365);
  const double partFlat = testing::windowMean(flat, StepMetric::Participation, 274, 365);
  const double lowMenu = testing::windowMean(menu, StepMetric::D1, 274, 365);
  const double lowFlat = testing::windowMean(flat, StepMetric::D1, 274, 365);
  int unraveledMenu = 0, unraveledFlat = 0;
  for (const auto& s : menu.reps) unraveledMenu += std::isnan(s[SummaryMetric::UnravelingStep]) ? 0 : 1;
  for (const auto& s : flat.reps) unraveledFlat += std::isnan(s[SummaryMetric::UnravelingStep]) ? 0 : 1;
  INFO("late participation: menu " << partMenu << ", flat " << partFlat << "; safest decile: menu " << lowMenu
                                   << ", flat " << lowFlat << "; unraveled: menu " << unraveledMenu << ", flat "
                                   << unraveledFlat);
  CHECK(partMenu > 0.8);
  CHECK(partMenu > partFlat + 0.2);
  CHECK(lowMenu > 0.8);  // the safest writers stay, in the deductible contract
  CHECK(lowMenu > lowFlat + 0.3);
  CHECK(unraveledMenu == 0);

  // Self-selection, named in the results: the deductible's takers are safe,
  // full cover's risky.
  REQUIRE(menu.contracts.size() == 2);
  CHECK(menu.contracts[0].second == "full");
  double thetaFull = 0, thetaDed = 0, lrFull = 0, lrDed = 0, shareFull = 0, shareDed = 0;
  for (const auto& s : menu.reps) {
    thetaFull += s.contract(0, ContractSummaryMetric::MeanTheta) / 12;
    thetaDed += s.contract(1, ContractSummaryMetric::MeanTheta) / 12;
    lrFull += s.contract(0, ContractSummaryMetric::LossRatio) / 12;
    lrDed += s.contract(1, ContractSummaryMetric::LossRatio) / 12;
    shareFull += s.contract(0, ContractSummaryMetric::Share) / 12;
    shareDed += s.contract(1, ContractSummaryMetric::Share) / 12;
  }
  INFO("takers' mean theta: full " << thetaFull << ", deductible " << thetaDed << "; loss ratio: full " << lrFull
                                   << ", deductible " << lrDed << "; share: full " << shareFull << ", deductible "
                                   << shareDed);
  CHECK(thetaDed < 0.5);
  CHECK(thetaFull > 0.7);
  CHECK(thetaFull > thetaDed + 0.25);
  CHECK(lrFull < 1.3);  // full cover about breaks even on its takers; the deductible earns its margin
  CHECK(lrDed < 0.1);
  // The pool as a whole earns more than it pays out.
  double lossMenu = 0;
  for (const auto& s : menu.reps) lossMenu += s[SummaryMetric::LossRatio] / 12;
  INFO("pool loss ratio: menu " << lossMenu);
  CHECK(lossMenu < 1.0);
  CHECK(shareFull + shareDed > 0.8);
  CHECK(shareFull > 0.2);
  CHECK(shareDed > 0.2);
  const json summary = summaryJson(menu, menuScenario(), 2026);
  REQUIRE(summary.contains("menu"));
  CHECK(summary["menu"][1]["contract"] == "deductible");
  CHECK(summary["menu"][1]["takers_mean_theta"].get<double>() == Approx(thetaDed));
}

TEST_CASE("low-theta writers take the deductible and high-theta writers full cover", "[menu]") {
  const ScenarioDef def = loadScenario("preset:screening-menu").def;
  World w(def, 2026, 0, makeStrategies(def));
  w.run();
  const double dedLow = contractShare(w, 1, 0, 4), fullHigh = contractShare(w, 0, 9, 9);
  INFO("deciles 1-5 in the deductible: " << dedLow << "; decile 10 in full cover: " << fullHigh);
  CHECK(dedLow > 0.95);
  CHECK(fullHigh > 0.6);
  CHECK(w.ledgerMaxImbalance() == 0);
}

TEST_CASE("menu-check names the bands' choices and the constraints a menu breaks", "[menu][menu-check]") {
  const ScenarioDef menu = loadScenario("preset:screening-menu").def;
  const auto checks = checkMenus(menu, MenuCheckOptions{});
  REQUIRE(checks.size() == 1);
  const PoolMenuCheck& c = checks[0];
  REQUIRE(c.bands.size() == 10);
  CHECK(c.bands.front().takes == 1);  // the safest band: the deductible
  CHECK(c.bands.back().takes == 0);   // the riskiest: full cover
  CHECK_THAT(c.verdict, Catch::StartsWith("separating: 2 contracts"));
  for (size_t b = 1; b < c.bands.size(); ++b) CHECK(c.bands[b].thetaLow >= c.bands[b - 1].thetaHigh);
  for (const BandCheck& b : c.bands) {
    CHECK(b.participationMargin == Approx(std::max(b.contracts[0], b.contracts[1]) - std::max(b.silo, 0.0)));
    CHECK(b.participationMargin > 0);  // every band joins
    CHECK(b.fee[0] == Approx(23.0));  // fixed rates x notional 1000
    CHECK(b.fee[1] == Approx(2.0));
  }
  CHECK(c.contracts[0].expectedLossRatio < 1.0);
  CHECK(c.contracts[1].expectedLossRatio < 0.2);
  CHECK(c.contracts[0].takersMeanTheta > 0.7);
  CHECK(c.contracts[1].takersMeanTheta < 0.5);

  // The flat contract: one contract, so it pools, and the safest stay out.
  const auto flat = checkMenus(loadScenario("preset:akerlof-flat-fee").def, MenuCheckOptions{});
  CHECK_THAT(flat[0].verdict, Catch::StartsWith("pooling"));
  CHECK(flat[0].bands.front().takes == -1);  // silo
  bool pcViolated = false;
  for (const auto& v : flat[0].violations) pcViolated = pcViolated || v.rfind("participation: ", 0) == 0;
  CHECK(pcViolated);

  // Full cover priced like the deductible: everyone takes it, and it loses.
  ScenarioDef cheap = menu;
  cheap.pool.menu[0].feeRule.params = {{"rate", 0.001}};
  const auto bad = checkMenus(cheap, MenuCheckOptions{});
  CHECK(bad[0].contracts[0].expectedLossRatio > 1.0);
  bool icViolated = false, breakEven = false;
  for (const auto& v : bad[0].violations) {
    icViolated = icViolated || v.rfind("incentive compatibility: ", 0) == 0;
    breakEven = breakEven || v.rfind("break-even: 'full'", 0) == 0;
  }
  CHECK(icViolated);
  CHECK(breakEven);
}

TEST_CASE("menus are refused at load with their JSON path", "[menu][scenario_json][bad-input]") {
  const json j = menuScenario();
  {
    json x = j;
    x["pool"]["menu"] = json::array();
    requireRefused(x, "/pool/menu", "number of entries must be");
  }
  {
    json x = j;
    x["pool"]["menu"][1]["coverage"] = 1.5;
    requireRefused(x, "/pool/menu/1/coverage", "must be");
  }
  {
    json x = j;
    x["pool"]["menu"][1]["coverage"] = -0.1;
    requireRefused(x, "/pool/menu/1/coverage", "must be");
  }
  {
    json x = j;
    x["pool"]["menu"][1]["name"] = "full";
    requireRefused(x, "/pool/menu/1/name", "duplicate contract name 'full'");
  }
  {
    json x = j;
    x["pool"]["menu"][0]["firstLoss"] = 200;
    requireRefused(x, "/pool/menu/0/firstLoss", "not both");
  }
  {
    json x = j;
    x["pool"]["menu"][0]["feeRule"]["name"] = "fixed_rate";
    requireRefused(x, "/pool/menu/0/feeRule/name", "unknown fee rule 'fixed_rate'");
  }
  {
    json x = j;
    x["pool"]["menu"][0]["feeRule"]["params"]["rate"] = 2;
    requireRefused(x, "/pool/menu/0/feeRule/params/rate", "must be");
  }
  {
    json x = j;
    x["pool"]["menu"][0]["deductible"] = 0.2;
    requireRefused(x, "/pool/menu/0/deductible", "unknown key");
  }
  {
    json x = j;
    x["governance"] = {{"schedule", {{{"step", 10}, {"set", {"pool/menu=[{\"name\":\"x\"}]"}}}}}};
    requireRefused(x, "/governance/schedule/0/set", "cannot gain or lose contracts");
  }
}

TEST_CASE("a menu round-trips, and a contract starts from its pool's terms", "[menu][scenario_json]") {
  json j = menuScenario();
  j["pool"]["writerCollateralRatio"] = 0.3;
  j["pool"]["menu"][1] = {{"name", "plain"}};
  const ScenarioDef d = scenarioFromJson(j);
  CHECK(d.pool.menu[1].collateralRatio == 0.3);
  CHECK(d.pool.menu[1].coverage == 1.0);
  CHECK(d.pool.menu[1].feeRule.name == "flat");
  CHECK(scenarioToJson(scenarioFromJson(scenarioToJson(d))) == scenarioToJson(d));
  // A one-pool scenario without a menu writes none.
  CHECK_FALSE(scenarioToJson(loadScenario("preset:akerlof-flat-fee").def)["pool"].contains("menu"));
  // Governance may reprice a contract mid-run.
  json g = menuScenario();
  g["governance"] = {{"schedule", {{{"step", 100}, {"set", {"pool/menu/0/feeRule/params/rate=0.03"}}}}}};
  const ScenarioDef gd = loadScenarioJson(g, {}, "test").def;
  World w(gd, 1, 0, makeStrategies(gd));
  FeeQuoteInput q;
  q.notional = 1000.0;
  for (int t = 0; t < 100; ++t) w.step();
  CHECK(w.pool(0).contractRule(0).quote(q, w.feeContext(0)) == Approx(30.0));
  CHECK(w.pool(0).contractRule(1).quote(q, w.feeContext(0)) == Approx(2.0));
  CHECK(w.scenario().pool.menu[0].feeRule.params["rate"] == 0.03);

  // And a rule may: when step 40 ends, with a 2-step timelock, the
  // deductible's rate doubles at step 43, and full cover keeps its own.
  json r = menuScenario();
  r["governance"] = {{"rules", {{{"name", "reprice"}, {"when", "step >= 40"}, {"delay", 2},
                                 {"set", {"pool/menu/1/feeRule/params/rate=0.004"}}}}}};
  const ScenarioDef rd = loadScenarioJson(r, {}, "test").def;
  World wr(rd, 1, 0, makeStrategies(rd));
  for (int t = 0; t < 42; ++t) wr.step();
  CHECK(wr.pool(0).contractRule(1).quote(q, wr.feeContext(0)) == Approx(2.0));
  wr.step();
  CHECK(wr.pool(0).contractRule(1).quote(q, wr.feeContext(0)) == Approx(4.0));
  CHECK(wr.pool(0).contractRule(0).quote(q, wr.feeContext(0)) == Approx(23.0));
  wr.run();
  CHECK(wr.ledgerMaxImbalance() == 0);
}

TEST_CASE("a contract's experience-priced fee reads its own terms and takers, not the pool's", "[menu]") {
  // Both contracts flat at the members' average expected loss: before 2026-12-05 each was quoted the pool's
  // one rate (at the pool's own collateral), so the half-cover deductible cost as much as full cover and
  // nobody took it.
  ScenarioDef def = loadScenario("preset:screening-menu").def;
  for (ContractDef& c : def.pool.menu) c.feeRule = FeeRuleDef{"flat", {{"loading", 0.0}}};
  // A third contract on the pool's own terms: its starting rate is the pool's, to the bit.
  ContractDef own;
  own.name = "own";
  own.coverage = 1.0 - def.pool.retainedShare;
  own.collateralRatio = def.pool.writerCollateralRatio;
  own.feeRule = def.pool.menu[0].feeRule;
  def.pool.menu.push_back(own);
  World w(def, 3, 0, makeStrategies(def));
  const Pool& p = w.pool(0);
  REQUIRE(p.menuExperience.size() == 3);
  CHECK(p.menuExperience[2].initialLossRate == p.initialLossRate);
  // Half the cover beyond a larger collateral: far less expected cover per notional than full cover.
  const double full = p.menuExperience[0].initialLossRate, deductible = p.menuExperience[1].initialLossRate;
  CHECK(deductible > 0);
  CHECK(deductible < 0.5 * full);
  FeeQuoteInput q;
  q.notional = 1000.0;
  const FeeContext ctx = w.feeContext(0);
  CHECK(p.contractQuote(0, q, ctx) == Approx(1000.0 * full));
  CHECK(p.contractQuote(1, q, ctx) == Approx(1000.0 * deductible));
  // Run: each contract learns from its own takers, and both are taken.
  for (int t = 0; t < 120; ++t) w.step();
  CHECK(p.menuExperience[0].pooledExpectedRate != p.menuExperience[1].pooledExpectedRate);
  CHECK(p.menuExperience[0].pooledExpectedRate != p.pooledExpectedRate);
  CHECK(p.menuRecords[0].positions > 100);
  CHECK(p.menuRecords[1].positions > 100);
  CHECK(w.ledgerMaxImbalance() == 0);
}
