#include "experiments/load_scenario.h"

#include "core/governance.h"

#include "agents/registry.h"
#include "core/errors.h"
#include "core/fee_rules.h"
#include "core/scenario_json.h"
#include "experiments/input_file.h"
#include "experiments/presets.h"

namespace mutualab {

namespace {
std::string trimSlash(const std::string& p) { return p.empty() || p[0] != '/' ? p : p.substr(1); }

// `--set pool/feeRule/name=credibility` means "use that rule": the old rule's
// params would not fit it, so they are dropped unless params are also set.
void resetParamsOfRenamed(const nlohmann::json& original, nlohmann::json& resolved,
                          const std::vector<std::string>& overrides) {
  auto touched = [&](const std::string& path) {
    for (const auto& o : overrides)
      if (trimSlash(o.substr(0, o.find('='))).rfind(path, 0) == 0) return true;
    return false;
  };
  auto reset = [&](const nlohmann::json::json_pointer& at) {
    const auto name = at / "name";
    const auto params = at / "params";
    if (!resolved.contains(name) || !touched(name.to_string().substr(1))) return;
    const bool renamed = !original.contains(name) || original.at(name) != resolved.at(name);
    if (!renamed) return;
    // Start the new rule's params afresh, keeping only what was set explicitly.
    resolved[params] = nlohmann::json::object();
    const std::string prefix = params.to_string().substr(1);
    for (const auto& o : overrides)
      if (trimSlash(o.substr(0, o.find('='))).rfind(prefix, 0) == 0) applyOverride(resolved, o);
  };
  reset(nlohmann::json::json_pointer("/pool/feeRule"));
  const nlohmann::json::json_pointer pools("/pools");
  if (resolved.contains(pools) && resolved.at(pools).is_array())
    for (size_t i = 0; i < resolved.at(pools).size(); ++i) reset(pools / i / "feeRule");
  for (const char* pop : {"/writers/strategies", "/lps/strategies"}) {
    const nlohmann::json::json_pointer list(pop);
    if (!resolved.contains(list)) continue;
    for (size_t i = 0; i < resolved.at(list).size(); ++i) reset(list / i);
  }
}
}  // namespace

void validateRegistries(const ScenarioDef& def) {
  makeFeeRule(def.pool.feeRule);  // throws on unknown name or bad params
  for (size_t i = 0; i < def.pools.size(); ++i)
    makeFeeRule(def.pools[i].terms.feeRule, "/pools/" + std::to_string(i) + "/feeRule");
  makeStrategies(def);
  // The fee rules each governance change brings in, at the change's path.
  const std::vector<GovernedStep> governed = governedScenarios(def);
  for (size_t g = 0; g < governed.size(); ++g) {
    try {
      makeFeeRule(governed[g].def.pool.feeRule);
      for (size_t i = 0; i < governed[g].def.pools.size(); ++i)
        makeFeeRule(governed[g].def.pools[i].terms.feeRule, "/pools/" + std::to_string(i) + "/feeRule");
    } catch (const InputError& e) {
      throw InputError("/governance/schedule/" + std::to_string(g) + "/set",
                       std::string("after this change: ") + e.what());
    }
  }
  // The fee rules each rule's change brings in, in every segment of the schedule.
  const std::vector<GovernedRule> rules = governedRules(def, governed);
  for (size_t r = 0; r < rules.size(); ++r)
    for (size_t s = 0; s < rules[r].feeRules.size(); ++s)
      for (const GovernedWrite& w : rules[r].writes) {
        if (w.term != GovernedTerm::FeeRule) continue;
        const std::string pool = def.pools.empty() ? "/pool/feeRule" : "/pools/" + std::to_string(w.pool) + "/feeRule";
        try {
          makeFeeRule(rules[r].feeRules[s][static_cast<size_t>(w.feeRule)], pool);
        } catch (const InputError& e) {
          const std::string when = s == 0 ? "" : " after /governance/schedule/" + std::to_string(s - 1);
          throw InputError("/governance/rules/" + std::to_string(r) + "/set",
                           "after this change" + when + ": " + e.what());
        }
      }
}

LoadedScenario loadScenarioJson(const nlohmann::json& j, const std::vector<std::string>& overrides,
                                const std::string& source) {
  LoadedScenario out;
  out.source = source;
  ScenarioDef def = scenarioFromJson(j);
  if (!overrides.empty()) {
    nlohmann::json resolved = scenarioToJson(def);
    for (const auto& o : overrides) applyOverride(resolved, o);
    resetParamsOfRenamed(j, resolved, overrides);
    def = scenarioFromJson(resolved);
  }
  validateRegistries(def);
  out.def = def;
  out.resolved = scenarioToJson(def);
  return out;
}

LoadedScenario loadScenario(const std::string& spec, const std::vector<std::string>& overrides,
                            const std::string& errorPath, bool allowStdin) {
  static const std::string kPreset = "preset:";
  std::string text;
  if (spec.rfind(kPreset, 0) == 0) {
    const std::string name = spec.substr(kPreset.size());
    const char* p = findPreset(name);
    if (!p) {
      std::string valid;
      for (const auto& e : embeddedPresets()) valid += (valid.empty() ? "" : ", ") + std::string(e.name);
      throw InputError(errorPath, "no preset named '" + name + "'; available: " + valid);
    }
    text = p;
  } else {
    try {
      text = readInputFile(spec, "scenario file", errorPath, allowStdin);
    } catch (const InputError& e) {
      throw InputError(e.path(), std::string(e.what()).substr(e.path().size() + 2) +
                                     " (use a JSON file path or preset:NAME; `mutualab presets` lists presets)");
    }
  }
  return loadScenarioJson(parseJsonText(text, spec), overrides, spec);
}

}  // namespace mutualab
