#include "experiments/load_scenario.h"

#include <fstream>
#include <sstream>

#include "agents/registry.h"
#include "core/errors.h"
#include "core/fee_rules.h"
#include "core/scenario_json.h"
#include "experiments/presets.h"

namespace mutualab {

void validateRegistries(const ScenarioDef& def) {
  makeFeeRule(def.pool.feeRule);  // throws on unknown name or bad params
  makeStrategies(def);
}

LoadedScenario loadScenarioJson(const nlohmann::json& j, const std::vector<std::string>& overrides,
                                const std::string& source) {
  LoadedScenario out;
  out.source = source;
  ScenarioDef def = scenarioFromJson(j);
  if (!overrides.empty()) {
    nlohmann::json resolved = scenarioToJson(def);
    for (const auto& o : overrides) applyOverride(resolved, o);
    def = scenarioFromJson(resolved);
  }
  validateRegistries(def);
  out.def = def;
  out.resolved = scenarioToJson(def);
  return out;
}

LoadedScenario loadScenario(const std::string& spec, const std::vector<std::string>& overrides) {
  static const std::string kPreset = "preset:";
  std::string text;
  if (spec.rfind(kPreset, 0) == 0) {
    const std::string name = spec.substr(kPreset.size());
    const char* p = findPreset(name);
    if (!p) {
      std::string valid;
      for (const auto& e : embeddedPresets()) valid += (valid.empty() ? "" : ", ") + std::string(e.name);
      throw InputError("SCENARIO", "no preset named '" + name + "'; available: " + valid);
    }
    text = p;
  } else {
    std::ifstream in(spec, std::ios::binary);
    if (!in) throw InputError("SCENARIO", "cannot read scenario file '" + spec + "' (use a JSON file path or preset:NAME; `mutualab presets` lists presets)");
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  return loadScenarioJson(parseJsonText(text, spec), overrides, spec);
}

}  // namespace mutualab
