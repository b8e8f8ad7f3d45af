// Governance rules: a rule fires at the end of the first step its condition
// holds, its change applies delay steps after the next step starts, the
// cooldown skips exactly its steps, a combination that breaks a rule across
// fields is refused as an event (never an exception), runs stay
// deterministic and balanced, sweeps can vary a rule, and bad rules are
// refused at load with their path.
#include <catch2/catch.hpp>

#include <cmath>

#include "agents/registry.h"
#include "core/governance.h"
#include "core/scenario_json.h"
#include "core/world.h"
#include "experiments/load_scenario.h"
#include "experiments/results.h"
#include "experiments/runner.h"
#include "experiments/sweep.h"
#include "support/input_error.h"

using namespace mutualab;
using json = nlohmann::json;

namespace {

json akerlof(const json& governance = nullptr, int steps = 365) {
  json j = {{"name", "ruled"},
            {"sim", {{"steps", steps}}},
            {"writers", {{"count", 200}, {"theta", {{"mean", 0.5}, {"sd", 0.25}}}, {"strategies", {{{"name", "expected-utility"}}}}}},
            {"lps", {{"strategies", {{{"name", "passive"}}}}}},
            {"pool", {{"feeRule", {{"name", "flat"}, {"params", {{"loading", 0.0}}}}}}}};
  if (!governance.is_null()) j["governance"] = governance;
  return j;
}

json twoPools(const json& governance) {
  json j = json::parse(R"({
    "name": "two", "sim": {"steps": 60},
    "market": {"assets": [{"name": "A", "spot": 100, "volAnnual": 0.6}, {"name": "B", "spot": 50, "volAnnual": 0.8}]},
    "pools": [{"name": "a", "assets": ["A"]}, {"name": "b", "assets": ["B"]}],
    "backstop": {"capital": 1000, "feeShare": 0.05}})");
  j["governance"] = governance;
  return j;
}

ScenarioDef load(const json& j) {
  ScenarioDef d = scenarioFromJson(j);
  validateRegistries(d);
  return d;
}

std::vector<GovernanceEvent> eventsOf(const World& w, int rule, GovernanceEventKind kind) {
  std::vector<GovernanceEvent> out;
  for (const GovernanceEvent& e : w.governanceEvents())
    if (e.rule == rule && e.kind == kind) out.push_back(e);
  return out;
}

}  // namespace

TEST_CASE("a rule fires at the end of the first step its condition holds and applies 1 + delay steps later",
          "[governance][rules]") {
  const double m = 1.5;
  const ScenarioDef plain = load(akerlof());
  // The first step at whose end the pool's loss-rate EWMA exceeds m times
  // its start, from a run without the rule (the same run until it applies).
  World a(plain, 4, 0, makeStrategies(plain));
  auto holds = [&] { return a.pool(0).lossRate > m * a.pool(0).initialLossRate; };
  int first = holds() ? 0 : -1;
  while (first < 0 && !a.done()) {
    a.step();
    if (holds()) first = a.currentStep();
  }
  INFO("first step with pool_loss_rate > " << m << " * initial_loss_rate: " << first);
  REQUIRE(first > 0);
  REQUIRE(first < 300);
  for (const int delay : {0, 7}) {
    const ScenarioDef def = load(akerlof({{"rules", {{{"name", "brake"},
                                                      {"when", "pool_loss_rate > m * initial_loss_rate"},
                                                      {"params", {{"m", m}}},
                                                      {"set", {"pool/exitFee=0.05", "pool/feeRule/params/loading=0.5"}},
                                                      {"delay", delay}}}}}));
    World b(def, 4, 0, makeStrategies(def));
    while (!b.done()) {
      b.step();
      REQUIRE(b.ledger().total() == 0);
      REQUIRE(b.ledger().mostNegative() >= 0);
      const bool after = b.currentStep() >= first + 1 + delay;
      REQUIRE(b.pool(0).def.exitFee == (after ? 0.05 : 0.0));
      REQUIRE(b.pool(0).def.feeRule.params.value("loading", -1.0) == (after ? 0.5 : 0.0));
    }
    const auto queued = eventsOf(b, 0, GovernanceEventKind::Queued);
    const auto applied = eventsOf(b, 0, GovernanceEventKind::Applied);
    REQUIRE(queued.size() == 1);  // maxFirings defaults to 1
    CHECK(queued[0].step == first);
    CHECK(queued[0].dueStep == first + 1 + delay);
    REQUIRE(applied.size() == 1);
    CHECK(applied[0].step == first + 1 + delay);
    CHECK(b.scenario().pool.exitFee == 0.05);
  }
}

TEST_CASE("a rule's cooldown skips exactly its steps, and the last firing still applies within the horizon",
          "[governance][rules]") {
  // Always true from step 10: fires at 10, due at 13 (delay 2), may fire
  // again from the end of 13 + 3 = 16; so every 6 steps while due <= 40.
  const ScenarioDef def = load(akerlof({{"rules", {{{"name", "tick"}, {"when", "step >= 10"}, {"set", {"pool/exitFee=0.01"}},
                                                    {"delay", 2}, {"cooldown", 3}, {"maxFirings", 0}}}}}, 40));
  World w(def, 1, 0, makeStrategies(def));
  w.run();
  std::vector<int> queued, due, applied;
  for (const auto& e : eventsOf(w, 0, GovernanceEventKind::Queued)) queued.push_back(e.step), due.push_back(e.dueStep);
  for (const auto& e : eventsOf(w, 0, GovernanceEventKind::Applied)) applied.push_back(e.step);
  CHECK(queued == std::vector<int>{10, 16, 22, 28, 34});
  CHECK(due == std::vector<int>{13, 19, 25, 31, 37});
  CHECK(applied == due);  // fired at 40 it would be due at 43 > 40: not fired at all
  CHECK(w.ledger().total() == 0);
}

TEST_CASE("a rule's change survives a later scheduled change of other terms, and fee rule changes resolve against the schedule",
          "[governance][rules]") {
  const ScenarioDef def = load(akerlof(
      {{"schedule", {{{"step", 20}, {"set", {"pool/lockupSteps=5"}}}, {{"step", 30}, {"set", {"pool/feeRule/name=credibility"}}}}},
       {"rules", {{{"name", "early"}, {"when", "step == 5"}, {"set", {"pool/exitFee=0.03"}}},
                  {{"name", "late"}, {"when", "step == 40"}, {"set", {"pool/feeRule/params/loading=0.7"}}}}}},
      60));
  World w(def, 2, 0, makeStrategies(def));
  w.run();
  CHECK(w.pool(0).def.exitFee == 0.03);  // set by the rule at step 6, kept through the schedule's steps 20 and 30
  CHECK(w.pool(0).def.lockupSteps == 5);
  // At step 41 the schedule's rule is credibility: the rule's change is that rule with loading 0.7.
  CHECK(w.pool(0).def.feeRule.name == "credibility");
  CHECK(w.pool(0).def.feeRule.params == json{{"loading", 0.7}});
  REQUIRE(eventsOf(w, 1, GovernanceEventKind::Applied).size() == 1);
  CHECK(eventsOf(w, 1, GovernanceEventKind::Applied)[0].step == 41);
  // The schedule's changes are logged too, as applied at their steps.
  std::vector<int> scheduled;
  for (const auto& e : eventsOf(w, -1, GovernanceEventKind::Applied)) scheduled.push_back(e.step);
  CHECK(scheduled == std::vector<int>{20, 30});
}

TEST_CASE("changes that together break the fee-share rule are refused as an event, not an exception", "[governance][rules][pools]") {
  // Each change is valid alone (0.1 + 0.5 and 0.6 + 0.05 are <= 1); together 0.6 + 0.5 is not.
  const ScenarioDef def = load(twoPools({{"rules", {{{"name", "backstop-up"}, {"when", "step >= 5"}, {"set", {"backstop/feeShare=0.5"}}},
                                                     {{"name", "fund-up"}, {"pool", "b"}, {"when", "step >= 10"},
                                                      {"set", {"pools/0/insuranceFeeShare=0.6"}}}}}}));
  World w(def, 3, 0, makeStrategies(def));
  while (!w.done()) {
    w.step();
    REQUIRE(w.ledger().total() == 0);
  }
  REQUIRE(eventsOf(w, 0, GovernanceEventKind::Applied).size() == 1);
  CHECK(eventsOf(w, 0, GovernanceEventKind::Applied)[0].step == 6);
  const auto refused = eventsOf(w, 1, GovernanceEventKind::Refused);
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].step == 11);
  CHECK(refused[0].why == GovernanceRefusal::FeeSharesAboveOne);
  CHECK(refused[0].whyPool == 0);
  CHECK(eventsOf(w, 1, GovernanceEventKind::Applied).empty());
  CHECK(w.pool(0).def.insuranceFeeShare == 0.1);  // refused whole: nothing written
  CHECK(w.pool(1).backstopFeeShare == 0.5);
  const std::string csv = eventsCsv(def, {w.summarize()});
  CHECK_THAT(csv, Catch::Contains("0,11,11,fund-up,refused,b,,pools/0/insuranceFeeShare,0.6,"));
  CHECK_THAT(csv, Catch::Contains("would exceed 1"));
}

TEST_CASE("rule events are the same whatever the thread count", "[governance][rules][determinism]") {
  const ScenarioDef def = load(akerlof({{"rules", {{{"name", "brake"}, {"when", "pool_loss_rate > 1.5 * initial_loss_rate"},
                                                    {"set", {"pool/exitFee=0.05"}}, {"delay", 3}, {"cooldown", 5},
                                                    {"maxFirings", 0}}}}},
                                       120));
  RunOptions one, three;
  one.reps = three.reps = 6;
  one.seed = three.seed = 9;
  one.threads = 1;
  three.threads = 3;
  const RunResult a = runReplications(def, one), b = runReplications(def, three);
  int events = 0;
  for (size_t r = 0; r < a.reps.size(); ++r) {
    REQUIRE(a.reps[r].governance.size() == b.reps[r].governance.size());
    for (size_t i = 0; i < a.reps[r].governance.size(); ++i) {
      CHECK(a.reps[r].governance[i].step == b.reps[r].governance[i].step);
      CHECK(a.reps[r].governance[i].kind == b.reps[r].governance[i].kind);
      ++events;
    }
  }
  CHECK(events > 0);
  CHECK(eventsCsv(def, a.reps) == eventsCsv(def, b.reps));
  const json s = summaryJson(a, scenarioToJson(def), 9);
  REQUIRE(s.contains("governance_rules"));
  CHECK(s["governance_rules"][0]["name"] == "brake");
  CHECK(s["governance_rules"][0]["fired_share"].get<double>() > 0);
}

TEST_CASE("a sweep varies a rule's delay and its params", "[governance][rules][sweep]") {
  json spec = {{"name", "rule-sweep"},
               {"scenario", akerlof({{"rules", {{{"name", "brake"}, {"when", "pool_loss_rate > t"}, {"params", {{"t", 0.01}}},
                                                 {"set", {"pool/exitFee=0.05"}}}}}})},
               {"reps", 1},
               {"grid", {{"governance/rules/0/delay", {0, 5}}, {"governance/rules/0/params/t", {0.002, 0.02}}}}};
  const SweepSpec s = parseSweepSpec(spec, "inline");
  REQUIRE(s.cellCount == 4);
  const LoadedScenario last = sweepCellScenario(s, sweepCell(s, 3));
  CHECK(last.def.governance.rules.at(0).delay == 5);
  CHECK(last.def.governance.rules.at(0).params == json{{"t", 0.02}});
  // The first firing (same path) then applies 5 steps later than with no delay.
  const ScenarioDef d0 = sweepCellScenario(s, sweepCell(s, 0)).def, d5 = sweepCellScenario(s, sweepCell(s, 2)).def;
  World w0(d0, 1, 0, makeStrategies(d0)), w5(d5, 1, 0, makeStrategies(d5));
  w0.run();
  w5.run();
  REQUIRE(eventsOf(w0, 0, GovernanceEventKind::Applied).size() == 1);
  REQUIRE(eventsOf(w5, 0, GovernanceEventKind::Applied).size() == 1);
  CHECK(eventsOf(w5, 0, GovernanceEventKind::Applied)[0].step == eventsOf(w0, 0, GovernanceEventKind::Applied)[0].step + 5);
  json bad = spec;
  bad["grid"] = {{"governance/rules/0/delay", {400}}};
  testing::requireInputError(  // every cell is checked when the spec loads
      [&] {
        const SweepSpec sb = parseSweepSpec(bad, "inline");
        (void)sweepCellScenario(sb, sweepCell(sb, 0));
      },
      "/governance/rules/0/delay", "could never apply within the horizon");
}

TEST_CASE("a ruled scenario round-trips, a schedule-only one writes no rules key", "[governance][rules][scenario_json]") {
  const json ruled = scenarioToJson(scenarioFromJson(
      akerlof({{"rules", {{{"name", "r"}, {"pool", 0}, {"when", "nav < 0.9"}, {"set", {"pool/gateShare=0.2"}}}}}})));
  REQUIRE(ruled["governance"].contains("rules"));
  CHECK_FALSE(ruled["governance"].contains("schedule"));
  CHECK(ruled["governance"]["rules"][0]["pool"] == "0");
  CHECK(scenarioToJson(scenarioFromJson(ruled)) == ruled);
  const json scheduled = scenarioToJson(scenarioFromJson(akerlof({{"schedule", {{{"step", 9}, {"set", {"pool/exitFee=0.1"}}}}}})));
  CHECK(scheduled["governance"] == json{{"schedule", {{{"step", 9}, {"set", {"pool/exitFee=0.1"}}}}}});
}

TEST_CASE("a bad rule is refused at load with its path", "[governance][rules][bad-input]") {
  using testing::requireInputError;
  auto rule = [](json patch) {
    json r = {{"name", "r"}, {"when", "utilization > 0.5"}, {"set", {"pool/exitFee=0.01"}}};
    if (patch.is_object()) r.merge_patch(patch);  // rule({}) is null: no change
    return r;
  };
  auto loadRules = [](const json& rules, const json& schedule = nullptr) {
    json g = {{"rules", rules.is_array() ? rules : json::array({rules})}};  // {one} is that one, not a list
    if (!schedule.is_null()) g["schedule"] = schedule;
    (void)load(akerlof(g));
  };
  requireInputError([&] { loadRules({rule({{"when", "pool_los_rate > 0.1"}})}); }, "/governance/rules/0/when",
                    "unknown name 'pool_los_rate' (did you mean 'pool_loss_rate'?) at character 1 of \"pool_los_rate > 0.1\"; variables: utilization, pool_loss_rate");
  requireInputError([&] { loadRules({rule({}), rule({{"name", "s"}, {"when", "nav < (0.9"}})}); }, "/governance/rules/1/when",
                    "at the end of \"nav < (0.9\"");
  requireInputError([&] { loadRules({rule({{"when", "lps = 3"}})}); }, "/governance/rules/0/when",
                    "an assignment ('=') at character 5");
  requireInputError([&] { loadRules({rule({{"pool", "poool"}})}); }, "/governance/rules/0/pool",
                    "unknown pool 'poool' (did you mean 'pool'?)");
  requireInputError([&] { loadRules({rule({{"pool", 3}})}); }, "/governance/rules/0/pool", "index, 0 to 0");
  requireInputError([&] { loadRules({rule({{"delay", 365}})}); }, "/governance/rules/0/delay",
                    "expected 0 to sim.steps - 1 (364), got 365");
  requireInputError([&] { loadRules({rule({{"delay", -1}})}); }, "/governance/rules/0/delay", "must be");
  requireInputError([&] { loadRules({rule({{"cooldown", -2}})}); }, "/governance/rules/0/cooldown", "must be");
  requireInputError([&] { loadRules({rule({}), rule({})}); }, "/governance/rules/1/name", "rule 0 is named 'r' too");
  requireInputError([&] { loadRules({rule({{"set", {"writers/count=5"}}})}); }, "/governance/rules/0/set/0",
                    "cannot change 'writers/count' mid-run");
  requireInputError([&] { loadRules({rule({{"set", {"pool/exitFee=1.5"}}})}); }, "/governance/rules/0/set",
                    "/pool/exitFee: must be in [0, 1)");
  requireInputError([&] { loadRules({rule({{"set", json::array()}})}); }, "/governance/rules/0/set", "at least one assignment");
  requireInputError([&] { loadRules({rule({{"params", {{"nav", 1}}}})}); }, "/governance/rules/0/params/nav",
                    "is a variable already");
  requireInputError([&] { loadRules({rule({{"params", {{"t", "high"}}}})}); }, "/governance/rules/0/params/t",
                    "expected a number");
  requireInputError([&] { loadRules({rule({{"wen", "x"}})}); }, "/governance/rules/0/wen", "did you mean 'when'");
  // Valid before the schedule renames the fee rule, not after: flat's `basis` is no credibility param.
  requireInputError(
      [&] {
        loadRules({rule({{"set", {"pool/feeRule/params/basis=experience"}}})},
                  {{{"step", 50}, {"set", {"pool/feeRule/name=credibility"}}}});
      },
      "/governance/rules/0/set", "after /governance/schedule/0");
  // With pools: valid with the base backstop share, not after the schedule raises it.
  requireInputError(
      [&] {
        (void)load(twoPools({{"schedule", {{{"step", 30}, {"set", {"backstop/feeShare=0.5"}}}}},
                             {"rules", {rule({{"set", {"pools/0/insuranceFeeShare=0.6"}}})}}}));
      },
      "/governance/rules/0/set", "after /governance/schedule/0 (step 30), the scenario is invalid");
}
