// summary.json's citation fields (experiments/results.cpp).
#include <catch2/catch.hpp>

#include <cmath>

#include "experiments/load_scenario.h"
#include "experiments/registry_defaults.h"
#include "experiments/results.h"
#include "experiments/runner.h"

using namespace mutualab;

namespace {
std::string hashOf(const nlohmann::json& scenario, const std::vector<std::string>& sets = {}) {
  const LoadedScenario sc = loadScenarioJson(scenario, sets, "test");
  RunOptions o;
  o.reps = 1;
  o.threads = 1;
  const ScenarioDef small = [&] {
    ScenarioDef d = sc.def;
    d.sim.steps = 5;
    return d;
  }();
  return summaryJson(runReplications(small, o), sc.resolved, 1)["scenario_hash"].get<std::string>();
}

// Integer-valued doubles written as integers, as JavaScript's JSON.stringify does.
nlohmann::json integersAsInts(nlohmann::json j) {
  if (j.is_number_float() && j.get<double>() == static_cast<double>(static_cast<long long>(j.get<double>())))
    return static_cast<long long>(j.get<double>());
  if (j.is_structured())
    for (auto& v : j) v = integersAsInts(std::move(v));
  return j;
}
}  // namespace

TEST_CASE("scenario_hash names what runs: the same for a spelled-out, renamed or re-serialized copy", "[results][cite]") {
  const nlohmann::json preset = loadScenario("preset:akerlof-flat-fee").resolved;
  const std::string h = hashOf(preset);
  REQUIRE(h.size() == 16);
  CHECK(h.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(hashOf(withRegistryDefaults(preset)) == h);  // every default written out
  nlohmann::json renamed = preset;
  renamed["name"] = "my-copy";
  renamed["description"] = "the same scenario under another name";
  CHECK(hashOf(renamed) == h);
  const nlohmann::json ints = integersAsInts(withRegistryDefaults(preset));
  REQUIRE(ints.dump() != withRegistryDefaults(preset).dump());  // the text differs...
  CHECK(hashOf(ints) == h);                                      // ...the scenario does not
  // Anything that changes the run changes the hash.
  CHECK(hashOf(preset, {"writers/theta/sd=0.31"}) != h);
  CHECK(hashOf(preset, {"pool/feeRule/params/loading=0.01"}) != h);
  CHECK(hashOf(preset, {"pool/feeRule/name=risk-based"}) != h);
}

TEST_CASE("summary.json's admission entry counts the replications it is over", "[results][admission]") {
  // Three replications; the pool admitted by VaR in two (a governance rule
  // fired in those only): the means are over those two, and it says so.
  std::vector<RepSummary> reps(3);
  const double n = std::nan("");
  reps[0].admissions = {10, 0.5, 2};
  reps[1].admissions = {n, n, n};
  reps[2].admissions = {30, 1.5, 4};
  const nlohmann::json j = admissionsJson({""}, reps);
  REQUIRE(j.size() == 1);
  CHECK(j[0]["pool"] == "pool");
  CHECK(j[0]["replications"] == 2);
  CHECK(j[0]["admission_declined"] == 20.0);
  CHECK(j[0]["admission_over_steps"] == 3.0);
}

TEST_CASE("events.csv shows a value written as a JSON string as its text", "[results][governance]") {
  // "ratio" in JSON quotes (as --set takes it) and ratio bare are the same
  // change, and read the same (before 2026-12-04 the first kept its quotes).
  const LoadedScenario sc = loadScenario(
      "preset:var-admission",
      {R"(governance/schedule=[{"step": 10, "set": ["pool/admission/rule=\"ratio\""]}, {"step": 20, "set": ["pool/admission/rule=var", "pool/exitFee=0.01"]}])"});
  CHECK(eventsCsv(sc.def, {}) ==
        "step,day,path,value\n10,10,pool/admission/rule,ratio\n20,20,pool/admission/rule,var\n20,20,pool/exitFee,0.01\n");
}
