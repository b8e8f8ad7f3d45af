#include "web/session.h"

#include <cmath>

#include "agents/registry.h"
#include "experiments/results.h"

namespace mutualab::web {

nlohmann::json withFeeRule(const nlohmann::json& scenario, const std::string& rule, const nlohmann::json& params) {
  nlohmann::json j = scenario;
  j["pool"]["feeRule"] = {{"name", rule}, {"params", params.is_object() ? params : nlohmann::json::object()}};
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
    add(withFeeRule(sides_.front().scenario.resolved, spec_.compareFeeRule, spec_.compareParams), "playground (B)");
}

void Session::step(int n) {
  for (int k = 0; k < n && !done(); ++k)
    for (auto& s : sides_) s.world->step();
}

RunResult Session::result(int side) const {
  const World& w = world(side);
  RunResult r;
  r.steps = w.currentStep();
  r.reps.push_back(w.summarize());
  const size_t rows = static_cast<size_t>(r.steps + 1);
  r.meanSeries.reserve(rows * kStepMetricCount);
  for (int t = 0; t <= r.steps; ++t) {
    const auto row = w.metricsRow(t);
    r.meanSeries.insert(r.meanSeries.end(), row.begin(), row.end());
  }
  for (int i = 0; i < w.writerCount(); ++i) r.writersRep0.push_back(w.writer(i));
  for (int i = 0; i < w.lpCount(); ++i) r.lpsRep0.push_back(w.lp(i));
  for (const auto& g : w.scenario().writers.strategies) r.writerGroupNames.push_back(g.name);
  for (const auto& g : w.scenario().lps.strategies) r.lpGroupNames.push_back(g.name);
  return r;
}

nlohmann::json Session::summaryJson(int side) const {
  return mutualab::summaryJson(result(side), scenario(side).resolved, spec_.seed);
}

std::string Session::timeseriesCsv(int side) const {
  return mutualab::timeseriesCsv(result(side), scenario(side).def.sim.stepDays);
}

std::string Session::agentsCsv(int side) const { return mutualab::agentsCsv(result(side)); }

}  // namespace mutualab::web
