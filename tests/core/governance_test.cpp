// Governance: a scheduled change applies at the start of its step (a flat
// fee switched to a risk-based one stops the spiral from then on, on the same
// random numbers), a change to what a term already is changes nothing, the
// ledger stays exact, and bad schedules are refused at load with their path.
#include <catch2/catch.hpp>

#include <cmath>

#include "agents/registry.h"
#include "core/governance.h"
#include "core/scenario_json.h"
#include "core/world.h"
#include "experiments/load_scenario.h"
#include "support/input_error.h"

using namespace mutualab;
using json = nlohmann::json;

namespace {

json akerlof(const json& governance = nullptr) {
  json j = {{"name", "governed"},
            {"writers", {{"count", 200}, {"theta", {{"mean", 0.5}, {"sd", 0.25}}}, {"strategies", {{{"name", "expected-utility"}}}}}},
            {"lps", {{"strategies", {{{"name", "passive"}}}}}},
            {"pool", {{"feeRule", {{"name", "flat"}, {"params", {{"loading", 0.0}}}}}}}};
  if (!governance.is_null()) j["governance"] = governance;
  return j;
}

// Mean of a step metric over steps [from, to] of one replication, NaN steps skipped.
double window(const World& w, StepMetric m, int from, int to) {
  double s = 0;
  int n = 0;
  for (int t = from; t <= to; ++t)
    if (const double x = w.metric(t, m); !std::isnan(x)) s += x, ++n;
  return n ? s / n : std::nan("");
}

}  // namespace

TEST_CASE("a governed switch from a flat to a risk-based fee stops the spiral from its step on", "[governance]") {
  const ScenarioDef plain = scenarioFromJson(akerlof());
  const ScenarioDef governed = scenarioFromJson(
      akerlof({{"schedule", {{{"step", 150}, {"set", {"pool/feeRule/name=risk-based", "pool/exitFee=0.02"}}}}}}));
  validateRegistries(governed);
  World a(plain, 3, 0, makeStrategies(plain)), b(governed, 3, 0, makeStrategies(governed));
  while (!a.done()) {
    a.step();
    b.step();
    REQUIRE(b.ledger().total() == 0);
    REQUIRE(b.ledger().mostNegative() >= 0);
    if (a.currentStep() < 150) {  // the same run until the change
      REQUIRE(a.metric(a.currentStep(), StepMetric::Asi) == b.metric(b.currentStep(), StepMetric::Asi));
      REQUIRE(b.pool(0).def.feeRule.name == "flat");
    }
  }
  CHECK(b.pool(0).def.feeRule.name == "risk-based");
  CHECK(b.pool(0).def.exitFee == 0.02);
  CHECK(b.scenario().pool.exitFee == 0.02);
  const double asiFlat = window(a, StepMetric::Asi, 274, 365), asiGoverned = window(b, StepMetric::Asi, 274, 365);
  INFO("late ASI: flat throughout " << asiFlat << ", risk-based from step 150 " << asiGoverned);
  CHECK(asiFlat > 0.4);
  CHECK(std::abs(asiGoverned) < 0.2);
}

TEST_CASE("a change to what a term already is leaves the run bit for bit", "[governance]") {
  const ScenarioDef plain = scenarioFromJson(akerlof());
  const ScenarioDef same = scenarioFromJson(akerlof({{"schedule", {{{"step", 40}, {"set", {"pool/exitFee=0"}}}}}}));
  World a(plain, 5, 1, makeStrategies(plain)), b(same, 5, 1, makeStrategies(same));
  a.run();
  b.run();
  for (int t = 0; t <= a.steps(); ++t)
    for (int m = 0; m < kStepMetricCount; ++m) {
      const double x = a.metric(t, static_cast<StepMetric>(m)), y = b.metric(t, static_cast<StepMetric>(m));
      if (!(std::isnan(x) && std::isnan(y))) REQUIRE(x == y);
    }
}

TEST_CASE("with pools, governance changes one pool's terms and the backstop's fee share", "[governance][pools]") {
  const json j = json::parse(R"({
    "name": "two", "sim": {"steps": 80},
    "market": {"assets": [{"name": "A", "spot": 100, "volAnnual": 0.6}, {"name": "B", "spot": 50, "volAnnual": 0.8}], "correlation": [[1, 0.2], [0.2, 1]]},
    "pools": [{"name": "a", "assets": ["A"]}, {"name": "b", "assets": ["B"]}],
    "backstop": {"capital": 1000, "feeShare": 0.05},
    "governance": {"schedule": [{"step": 20, "set": ["pools/1/feeRule/name=credibility", "backstop/feeShare=0.2"]}]}})");
  const ScenarioDef def = scenarioFromJson(j);
  validateRegistries(def);
  World w(def, 2, 0, makeStrategies(def));
  while (!w.done()) {
    w.step();
    REQUIRE(w.ledger().total() == 0);
  }
  CHECK(w.pool(0).def.feeRule.name == "flat");
  CHECK(w.pool(1).def.feeRule.name == "credibility");
  CHECK(w.pool(0).backstopFeeShare == 0.2);
  CHECK(w.pool(1).backstopFeeShare == 0.2);
}

TEST_CASE("a bad schedule is refused at load with its path", "[governance][bad-input]") {
  using testing::requireInputError;
  auto load = [](const json& schedule) { validateRegistries(scenarioFromJson(akerlof({{"schedule", schedule}}))); };
  requireInputError([&] { load({{{"step", 400}, {"set", {"pool/exitFee=0.01"}}}}); }, "/governance/schedule/0/step",
                    "a change past the horizon never happens");
  requireInputError([&] { load({{{"step", 50}, {"set", {"pool/exitFee=0.01"}}}, {{"step", 10}, {"set", {"pool/exitFee=0"}}}}); },
                    "/governance/schedule/1/step", "step order");
  requireInputError([&] { load({{{"step", 50}, {"set", {"writers/count=5"}}}}); }, "/governance/schedule/0/set/0",
                    "cannot change 'writers/count' mid-run");
  requireInputError([&] { load({{{"step", 50}, {"set", {"pool/markToModel=false"}}}}); }, "/governance/schedule/0/set/0",
                    "cannot change 'pool/markToModel'");
  requireInputError([&] { load({{{"step", 50}, {"set", {"pool/exitFee=1.5"}}}}); }, "/governance/schedule/0/set",
                    "/pool/exitFee");
  requireInputError([&] { load({{{"step", 50}, {"set", {"pool/exitFe=0.1"}}}}); }, "/governance/schedule/0/set/0",
                    "did you mean 'exitFee'");
  requireInputError([&] { load({{{"step", 50}, {"set", {"pool/feeRule/name=magic"}}}}); }, "/governance/schedule/0/set",
                    "unknown fee rule 'magic'");
  requireInputError([&] { load({{{"step", 50}, {"set", json::array()}}}); }, "/governance/schedule/0/set",
                    "at least one assignment");
  requireInputError([&] { load({{{"step", 50}, {"set", {"pool/exitFee"}}}}); }, "/governance/schedule/0/set/0",
                    "expected PATH=VALUE");
}

TEST_CASE("a governed scenario round-trips, and one without governance writes no governance key", "[governance][scenario_json]") {
  const ScenarioDef plain = scenarioFromJson(akerlof());
  CHECK_FALSE(scenarioToJson(plain).contains("governance"));
  const json governed = scenarioToJson(scenarioFromJson(akerlof({{"schedule", {{{"step", 9}, {"set", {"pool/exitFee=0.1"}}}}}})));
  REQUIRE(governed.contains("governance"));
  CHECK(scenarioToJson(scenarioFromJson(governed)) == governed);
  CHECK(governedScenarios(scenarioFromJson(governed)).at(0).def.pool.exitFee == 0.1);
}

TEST_CASE("a fee rule renamed by governance starts from its defaults plus the params the change sets", "[governance]") {
  const ScenarioDef def = scenarioFromJson(akerlof({{"schedule",
      {{{"step", 10}, {"set", {"pool/feeRule/name=formula", "pool/feeRule/params/fee=expected_cover * 1.5"}}},
       {{"step", 20}, {"set", {"pool/feeRule/name=credibility"}}}}}}));
  validateRegistries(def);
  const auto g = governedScenarios(def);
  REQUIRE(g.size() == 2);
  CHECK(g[0].def.pool.feeRule.params == json{{"fee", "expected_cover * 1.5"}});
  CHECK(g[1].def.pool.feeRule.name == "credibility");
  CHECK(g[1].def.pool.feeRule.params == json::object());
  World w(def, 1, 0, makeStrategies(def));
  w.run();
  CHECK(w.pool(0).def.feeRule.name == "credibility");
  CHECK(w.ledger().total() == 0);
}
