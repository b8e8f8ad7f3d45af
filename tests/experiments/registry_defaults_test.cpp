// validate --print's scenario (experiments/registry_defaults.cpp): every
// registry param written out, nothing else changed, and it runs the same.
#include <catch2/catch.hpp>

#include <string>

#include "core/scenario_json.h"
#include "experiments/load_scenario.h"
#include "experiments/presets.h"
#include "experiments/registry_defaults.h"
#include "experiments/results.h"
#include "experiments/runner.h"

using namespace mutualab;
using json = nlohmann::json;

namespace {

// The scenario with every fee rule's and strategy's params emptied.
json withoutParams(json j) {
  auto clear = [](json& pool) {
    if (pool.contains("feeRule")) pool["feeRule"]["params"] = json::object();
    if (pool.contains("menu"))
      for (auto& c : pool["menu"]) c["feeRule"]["params"] = json::object();
  };
  clear(j["pool"]);
  if (j.contains("pools"))
    for (auto& p : j["pools"]) clear(p);
  for (const char* group : {"writers", "lps"})
    for (auto& s : j[group]["strategies"]) s["params"] = json::object();
  return j;
}

}  // namespace

TEST_CASE("registry defaults fill every params object and change nothing else", "[registry_defaults][presets]") {
  for (const auto& p : embeddedPresets()) {
    INFO("preset:" << p.name);
    const LoadedScenario sc = loadScenario(std::string("preset:") + p.name);
    const json filled = withRegistryDefaults(sc.resolved);
    // It loads, and it is its own resolved form (nothing the reader would drop or add).
    const LoadedScenario again = loadScenarioJson(filled, {}, "filled");
    CHECK(again.resolved == filled);
    CHECK(withoutParams(filled) == withoutParams(sc.resolved));
    // Filling twice adds nothing.
    CHECK(withRegistryDefaults(filled) == filled);
  }
}

TEST_CASE("given params win and a learning strategy's learner gets its own defaults", "[registry_defaults]") {
  const json j = withRegistryDefaults(loadScenario("preset:akerlof-flat-fee", {
      "pool/feeRule/name=flat", "pool/feeRule/params={\"loading\":0.3}",
      "writers/strategies/0/name=learning", "writers/strategies/0/params={\"learner\":{\"name\":\"exp3\"}}"}).resolved);
  CHECK(j["pool"]["feeRule"]["params"]["loading"] == 0.3);
  CHECK(j["pool"]["feeRule"]["params"]["basis"] == "expected");
  const json& learner = j["writers"]["strategies"][0]["params"]["learner"];
  CHECK(learner["name"] == "exp3");
  CHECK(learner["params"].contains("gamma"));
  CHECK(j["writers"]["strategies"][0]["params"]["mode"] == "choice");
}

TEST_CASE("a scenario with its registry defaults written out runs to the same results", "[registry_defaults][presets][runner]") {
  RunOptions one;
  one.reps = 1;
  one.threads = 1;
  for (const auto& p : embeddedPresets()) {
    INFO("preset:" << p.name);
    const LoadedScenario sc = loadScenario(std::string("preset:") + p.name);
    const LoadedScenario filled = loadScenarioJson(withRegistryDefaults(sc.resolved), {}, "filled");
    json a = summaryJson(runReplications(sc.def, one), sc.resolved, 7);
    json b = summaryJson(runReplications(filled.def, one), filled.resolved, 7);
    // summary.json repeats the scenario it ran, params included; all else is byte-identical.
    CHECK(withoutParams(b["scenario"]) == withoutParams(a["scenario"]));
    a.erase("scenario");
    b.erase("scenario");
    CHECK(a.dump() == b.dump());
  }
}
