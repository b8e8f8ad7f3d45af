#include "web/session.h"

#include "agents/registry.h"
#include "experiments/results.h"
#include "web/governance_marks.h"

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
  std::vector<int> positions;
  auto add = [&](const nlohmann::json& j, const std::string& source) {
    LoadedScenario sc = loadScenarioJson(j, {}, source);
    const int steps = sc.def.sim.steps;
    const BookRiskDef riskDef = bookRiskDefOf(sc.def);
    Side s{std::move(sc), nullptr, BookRiskTrack(steps, spec_.seed, riskDef)};
    s.world = std::make_unique<World>(s.scenario.def, spec_.seed, 0, makeStrategies(s.scenario.def));
    nameInterventions(*s.world, positions);  // their marks say "intervention"
    sides_.push_back(std::move(s));
  };
  add(scenarioWith(0, spec_.interventions, &positions), "playground");
  baseA_ = spec_.interventions.empty() ? sides_.front().scenario.resolved
                                       : loadScenarioJson(spec_.scenario, {}, "playground").resolved;
  if (!spec_.compareFeeRule.empty()) {
    const nlohmann::json b = scenarioWith(1, spec_.interventions, &positions);
    add(b, "playground (B)");
  }
}

Session::~Session() {
  for (const Side& s : sides_)
    if (s.world) nameInterventions(*s.world, {});
}

nlohmann::json Session::scenarioWith(int side, const std::vector<Intervention>& list, std::vector<int>* positions) const {
  if (side == 0) return withInterventions(spec_.scenario, list, positions);
  std::vector<Intervention> b;
  for (const Intervention& i : list)
    if (appliesToSideB(i.path)) b.push_back(i);
  return withInterventions(withFeeRule(baseA_, spec_.compareFeeRule), b, positions);
}

std::string Session::intervene(const std::string& path, const std::string& value) {
  if (done()) return "the run has reached its horizon";
  const int at = currentStep() + 1;
  std::vector<Intervention> next;
  for (const Intervention& i : spec_.interventions)
    if (i.step != at || i.path != path) next.push_back(i);
  next.push_back({at, path, value});
  // Every side's scenario first: a refusal leaves the run as it was.
  std::vector<LoadedScenario> loaded(sides_.size());
  std::vector<std::vector<int>> positions(sides_.size());
  std::vector<bool> changes(sides_.size(), false);
  try {
    for (size_t k = 0; k < sides_.size(); ++k) {
      changes[k] = k == 0 || appliesToSideB(path);
      if (changes[k])
        loaded[k] = loadScenarioJson(scenarioWith(static_cast<int>(k), next, &positions[k]), {},
                                     k == 0 ? "playground" : "playground (B)");
    }
  } catch (const std::exception& e) {
    return e.what();
  }
  for (size_t k = 0; k < sides_.size(); ++k) {
    if (!changes[k] || sides_[k].world->amendGovernance(loaded[k].def)) continue;
    for (size_t j = 0; j < k; ++j)  // undo: the old schedule is still valid, nothing of it has applied since
      if (changes[j]) sides_[j].world->amendGovernance(sides_[j].scenario.def);
    return "the run cannot take this change mid-run (it would need a part the run did not start with)";
  }
  for (size_t k = 0; k < sides_.size(); ++k) {
    if (!changes[k]) continue;
    sides_[k].scenario = std::move(loaded[k]);
    nameInterventions(*sides_[k].world, positions[k]);
  }
  spec_.interventions = std::move(next);
  return "";
}

void Session::step(int n) {
  for (int k = 0; k < n && !done(); ++k)
    for (auto& s : sides_) {
      s.world->step();
      s.risk.observe(*s.world);
    }
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
