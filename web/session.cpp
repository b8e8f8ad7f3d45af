#include "web/session.h"

#include "agents/registry.h"
#include "experiments/results.h"

namespace mutualab::web {

nlohmann::json withFeeRule(const nlohmann::json& scenario, const std::string& rule) {
  nlohmann::json j = scenario;
  j["pool"]["feeRule"] = {{"name", rule}, {"params", nlohmann::json::object()}};
  // Every pool of a `pools` scenario is priced by the rule too (the entries
  // of a resolved scenario carry their own fee rules, so `pool` alone would
  // change nothing).
  if (j.contains("pools") && j["pools"].is_array())
    for (auto& p : j["pools"]) p["feeRule"] = j["pool"]["feeRule"];
  if (j.contains("name") && j["name"].is_string()) j["name"] = j["name"].get<std::string>() + " [" + rule + "]";
  return j;
}

Session::Session(const SessionSpec& spec) : spec_(spec) {
  auto add = [&](const nlohmann::json& j, const std::string& source) {
    Side s;
    s.scenario = loadScenarioJson(j, {}, source);
    s.world = std::make_unique<World>(s.scenario.def, spec_.seed, 0, makeStrategies(s.scenario.def));
    sides_.push_back(std::move(s));
  };
  add(spec_.scenario, "playground");
  if (!spec_.compareFeeRule.empty())
    add(withFeeRule(sides_.front().scenario.resolved, spec_.compareFeeRule), "playground (B)");
}

void Session::step(int n) {
  for (int k = 0; k < n && !done(); ++k)
    for (auto& s : sides_) s.world->step();
}

RunResult Session::result(int side) const { return resultOf(world(side)); }

nlohmann::json Session::summaryJson(int side) const {
  return mutualab::summaryJson(result(side), scenario(side).resolved, spec_.seed);
}

std::string Session::timeseriesCsv(int side) const {
  return mutualab::timeseriesCsv(result(side), scenario(side).def.sim.stepDays);
}

std::string Session::agentsCsv(int side) const { return mutualab::agentsCsv(result(side)); }

}  // namespace mutualab::web
