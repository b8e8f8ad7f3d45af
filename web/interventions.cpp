#include "web/interventions.h"

#include <cstddef>
#include <exception>

#include "core/governance.h"
#include "core/scenario_json.h"
#include "web/controls.h"

namespace mutualab::web {

bool governablePath(std::string_view path) {
  if (!isShareablePath(path)) return false;
  if (path == "backstop/feeShare") return true;
  // The pool's controls are all terms governance may change (none of
  // core/governance.cpp's fixed fields), and so are its and its menu's fee rules.
  return path.substr(0, 5) == "pool/";
}

bool appliesNow(std::string_view path, bool pools) {
  if (!governablePath(path)) return false;
  // With `pools`, `pool` is only what the pools start from: governance changes
  // each pool's own terms, which the playground has no controls for.
  return pools ? path == "backstop/feeShare" : path.substr(0, 5) == "pool/";
}

bool appliesToSideB(std::string_view path) { return path.find("feeRule/") == std::string_view::npos; }

nlohmann::json withInterventions(nlohmann::json scenario, const std::vector<Intervention>& list,
                                 std::vector<int>* positions) {
  if (positions) positions->clear();
  if (list.empty()) return scenario;
  nlohmann::json& governance = scenario["governance"];
  if (!governance.is_object()) governance = nlohmann::json::object();
  nlohmann::json& schedule = governance["schedule"];
  if (!schedule.is_array()) schedule = nlohmann::json::array();
  std::vector<bool> mine(schedule.size(), false);  // parallel to schedule
  for (const Intervention& i : list) {
    size_t at = 0;
    while (at < schedule.size() && schedule[at].is_object() && schedule[at].value("step", 0) <= i.step) ++at;
    schedule.insert(schedule.begin() + static_cast<std::ptrdiff_t>(at),
                    nlohmann::json{{"step", i.step}, {"set", {i.path + "=" + i.value}}});
    mine.insert(mine.begin() + static_cast<std::ptrdiff_t>(at), true);
  }
  if (positions)
    for (size_t k = 0; k < mine.size(); ++k)
      if (mine[k]) positions->push_back(static_cast<int>(k));
  return scenario;
}

nlohmann::json termsAfter(const nlohmann::json& scenario, const std::vector<Intervention>& list) {
  if (list.empty()) return scenario;
  try {
    nlohmann::json j = scenario;
    j["governance"] = nlohmann::json::object();  // the interventions alone
    const ScenarioDef def = scenarioFromJson(withInterventions(std::move(j), list));
    const std::vector<GovernedStep> governed = governedScenarios(def);
    return governed.empty() ? scenario : scenarioToJson(governed.back().def);
  } catch (const std::exception&) {
    return scenario;
  }
}

std::string interventionKey(int step, const std::string& path) {
  return std::string(kInterventionPrefix) + std::to_string(step) + "/" + path;
}

bool isInterventionKey(std::string_view key) { return key.substr(0, kInterventionPrefix.size()) == kInterventionPrefix; }

}  // namespace mutualab::web
