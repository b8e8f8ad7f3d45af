// A scenario path as the playground shows it to a person (web/path_labels.h):
// the field's human name and unit from the parameter tables; the path itself
// only when no table knows it.
#include <catch2/catch.hpp>

#include "core/scenario_json.h"
#include "experiments/load_scenario.h"
#include "web/path_labels.h"

using namespace mutualab;
using namespace mutualab::web;

TEST_CASE("a scenario field reads as its human name and unit", "[web][format]") {
  CHECK(pathLabelText("pool/exitFee") == "exit fee (of withdrawal)");
  CHECK(pathLabelText("pool/noticeSteps") == "withdrawal notice (steps)");
  CHECK(pathLabelText("backstop/feeShare") == "backstop fee share (of every fee)");
  CHECK(pathLabelText("pool/feeRule/name") == "fee rule");
  CHECK(assignmentText("pool/exitFee", "0.05") == "exit fee = 0.05 of withdrawal");
  CHECK(assignmentText("pool/feeRule/name=risk-based") == "fee rule = risk-based");
  const PathLabel l = pathLabel("pool/exitFee");
  CHECK(l.known);
  CHECK(l.detail == "fraction of every withdrawal kept by the pool (for the LPs who stay)");
}

TEST_CASE("a fee rule's param reads as its key in words, with the unit of the rule's table", "[web][format]") {
  const ScenarioDef flat = scenarioFromJson(loadScenario("preset:akerlof-flat-fee").resolved);
  CHECK(pathLabelText("pool/feeRule/params/loading", &flat) == "fee rule: loading");
  CHECK(pathLabelText("pool/feeRule/params/minRate", &flat) == "fee rule: min rate (per notional)");
  CHECK(assignmentText("pool/feeRule/params/loading=0.8", &flat) == "fee rule: loading = 0.8");
  // Without a scenario: the first rule that declares the key gives the unit.
  CHECK(pathLabelText("pool/feeRule/params/capitalChargeAnnual") == "fee rule: capital charge annual (per year)");
  const ScenarioDef menu = scenarioFromJson(loadScenario("preset:screening-menu").resolved);
  CHECK(assignmentText("pool/menu/0/feeRule/params/rate", "0.002", &menu) == "contract full, fee rule: rate = 0.002 per notional");
  CHECK(pathLabelText("pool/menu/1/feeRule/name") == "contract 2: fee rule");
}

TEST_CASE("a governance rule's number and condition read under the rule's name", "[web][format]") {
  const ScenarioDef g = scenarioFromJson(loadScenario("preset:governance-responds").resolved);
  CHECK(pathLabelText("governance/rules/0/params/trigger", &g) == "rule circuit-breaker: trigger");
  CHECK(assignmentText("governance/rules/0/when", "0", &g) == "rule circuit-breaker: condition = 0");
  CHECK(pathLabelText("governance/rules/3/params/maxLoss") == "rule 4: max loss");
  CHECK(pathLabel("governance/rules/0/params/trigger", &g).detail == "a named number the rule's condition reads");
}

TEST_CASE("several pools: a pool's field under the pool's name", "[web][format]") {
  const ScenarioDef t = scenarioFromJson(loadScenario("preset:tiered-pools").resolved);
  CHECK(pathLabelText("pools/2/exitFee", &t) == "pool sol: exit fee (of withdrawal)");
}

TEST_CASE("an unknown path falls back to the path itself", "[web][format]") {
  CHECK(pathLabelText("nonsense/path") == "nonsense/path");
  CHECK_FALSE(pathLabel("nonsense/path").known);
  CHECK(assignmentText("nonsense/path", "1") == "nonsense/path = 1");
  CHECK(pathLabelText("governance/rules/x/when") == "governance/rules/x/when");
  CHECK(pathLabelText("pool/feeRule/params/") == "pool/feeRule/params/");
}

// As the Scenario tab's Admission field shows it; a value that is not a
// level in (0, 1) is shown as written.
TEST_CASE("an admission's confidence level reads in percent", "[web][format]") {
  CHECK(assignmentText("pool/admission/level", "0.995") == "admission level = 99.5%");
  CHECK(assignmentText("pool/admission/level=0.975") == "admission level = 97.5%");
  CHECK(assignmentText("pool/admission/level", "1.5") == "admission level = 1.5 confidence");
  CHECK(assignmentText("pool/admission/level", "0.99x") == "admission level = 0.99x confidence");
  CHECK(assignmentText("pools/1/admission/level", "0.9") == "pool 2: admission level = 90%");
}
