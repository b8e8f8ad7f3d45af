#include "experiments/load_scenario.h"

#include <filesystem>

#include "core/governance.h"

#include "agents/registry.h"
#include "core/errors.h"
#include "core/fee_rules.h"
#include "core/scenario_json.h"
#include "experiments/input_file.h"
#include "experiments/price_path_csv.h"
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
  // A pool's rule and each of its menu's contracts' rules.
  auto resetPool = [&](const nlohmann::json::json_pointer& pool) {
    reset(pool / "feeRule");
    const auto menu = pool / "menu";
    if (resolved.contains(menu) && resolved.at(menu).is_array())
      for (size_t c = 0; c < resolved.at(menu).size(); ++c) reset(menu / c / "feeRule");
  };
  resetPool(nlohmann::json::json_pointer("/pool"));
  const nlohmann::json::json_pointer pools("/pools");
  if (resolved.contains(pools) && resolved.at(pools).is_array())
    for (size_t i = 0; i < resolved.at(pools).size(); ++i) resetPool(pools / i);
  for (const char* pop : {"/writers/strategies", "/lps/strategies"}) {
    const nlohmann::json::json_pointer list(pop);
    if (!resolved.contains(list)) continue;
    for (size_t i = 0; i < resolved.at(list).size(); ++i) reset(list / i);
  }
}

// `--set pool/FIELD=V` in a scenario with `pools`. Every pool was resolved
// from `pool` before overrides apply (each lists every field), so a change
// of `pool` alone would reach none of them: it goes to `pool` and to each
// pool, in that order (a pools/K/... still sets one pool's). The
// silo's terms and the one-pool backstop live in `pool` only; `pool` set
// whole would leave the pools as they were, so it is refused.
bool isPoolPath(const std::string& o) {
  const std::string path = trimSlash(o.substr(0, o.find('=')));
  return path == "pool" || path.rfind("pool/", 0) == 0;
}

std::vector<std::string> everyPoolOf(const nlohmann::json& resolved, const std::string& o) {
  const auto eq = o.find('=');
  const std::string path = trimSlash(o.substr(0, eq));
  const bool pools = resolved.contains("pools") && resolved["pools"].is_array() && !resolved["pools"].empty();
  if (!pools || eq == std::string::npos || (path != "pool" && path.rfind("pool/", 0) != 0)) return {o};
  if (path == "pool")
    throw InputError("/pool", "this scenario has `pools`: set a field of every pool (pool/FIELD=...) or of one "
                              "(pools/K/FIELD=...), not `pool` whole");
  const std::string rest = path.substr(5);
  const std::string field = rest.substr(0, rest.find('/'));
  if (field == "siloCollateralRatio" || field == "backstopCapital") return {o};
  std::vector<std::string> out{o};
  for (size_t k = 0; k < resolved["pools"].size(); ++k)
    out.push_back("pools/" + std::to_string(k) + "/" + rest + o.substr(eq));
  return out;
}

// Every fee rule of the scenario, menus' included; throws on an unknown
// name or bad params, at the rule's path.
void validateFeeRules(const ScenarioDef& def) {
  auto pool = [](const PoolDef& p, const std::string& at) {
    makeFeeRule(p.feeRule, at + "/feeRule");
    for (size_t c = 0; c < p.menu.size(); ++c) makeFeeRule(p.menu[c].feeRule, at + "/menu/" + std::to_string(c) + "/feeRule");
  };
  pool(def.pool, "/pool");
  for (size_t i = 0; i < def.pools.size(); ++i) pool(def.pools[i].terms, "/pools/" + std::to_string(i));
}
}  // namespace

void validateRegistries(const ScenarioDef& def) {
  validateFeeRules(def);
  makeStrategies(def);
  // The fee rules each governance change brings in, at the change's path.
  const std::vector<GovernedStep> governed = governedScenarios(def);
  for (size_t g = 0; g < governed.size(); ++g) {
    try {
      validateFeeRules(governed[g].def);
    } catch (const InputError& e) {
      throw InputError("/governance/schedule/" + std::to_string(g) + "/set",
                       std::string("after this change: ") + e.what());
    }
  }
  // The fee rules each rule's change brings in, in every segment of the schedule.
  const std::vector<GovernedRule> rules = governedRules(def, governed);
  for (size_t r = 0; r < rules.size(); ++r)
    for (size_t s = 0; s < rules[r].objects.size(); ++s)
      for (const GovernedWrite& w : rules[r].writes) {
        if (w.term != GovernedTerm::FeeRule && w.term != GovernedTerm::Menu) continue;
        const std::string pool = def.pools.empty() ? "/pool" : "/pools/" + std::to_string(w.pool);
        const GovernedObjects& o = rules[r].objects[s];
        try {
          if (w.term == GovernedTerm::FeeRule) makeFeeRule(o.feeRules[static_cast<size_t>(w.object)], pool + "/feeRule");
          else
            for (size_t c = 0; c < o.menus[static_cast<size_t>(w.object)].size(); ++c)
              makeFeeRule(o.menus[static_cast<size_t>(w.object)][c].feeRule, pool + "/menu/" + std::to_string(c) + "/feeRule");
        } catch (const InputError& e) {
          const std::string when = s == 0 ? "" : " after /governance/schedule/" + std::to_string(s - 1);
          throw InputError("/governance/rules/" + std::to_string(r) + "/set",
                           "after this change" + when + ": " + e.what());
        }
      }
}

LoadedScenario loadScenarioJson(const nlohmann::json& j, const std::vector<std::string>& overrides,
                                const std::string& source, const std::string& scenarioDir) {
  LoadedScenario out;
  out.source = source;
  ScenarioDef def = scenarioFromJson(j);
  if (!overrides.empty()) {
    nlohmann::json resolved = scenarioToJson(def);
    const nlohmann::json::json_pointer dataFile("/market/pricePath/file");
    const nlohmann::json before = resolved.contains(dataFile) ? resolved.at(dataFile) : nlohmann::json();
    // `pool/...` first, then the rest in their order: with `pools`, one
    // pool's pools/K/... wins over every pool's pool/..., whatever their
    // order (a sweep's cell and grid come in no order its user sees).
    std::vector<std::string> ordered;
    for (const auto& o : overrides)
      if (isPoolPath(o)) ordered.push_back(o);
    for (const auto& o : overrides)
      if (!isPoolPath(o)) ordered.push_back(o);
    std::vector<std::string> applied;
    for (const auto& o : ordered)
      for (const auto& each : everyPoolOf(resolved, o)) {
        applyOverride(resolved, each);
        applied.push_back(each);
      }
    resetParamsOfRenamed(j, resolved, applied);
    // Another data file is other data: the observations carried for the old one (a resolved scenario's, a
    // sweep's base) must not stay under the new name, so they are dropped and the new file is read.
    if (resolved.contains(dataFile) && resolved.at(dataFile) != before)
      for (const char* k : {"days", "prices", "rows", "fnv1a64"}) resolved["market"]["pricePath"].erase(k);
    def = scenarioFromJson(resolved);
  }
  // A data file named by --set is where the user stands; one in the file, beside the file.
  bool dataFromSet = false;
  for (const auto& o : overrides)
    dataFromSet = dataFromSet || trimSlash(o.substr(0, o.find('='))).rfind("market/pricePath", 0) == 0;
  loadPricePathFile(def, dataFromSet ? "" : scenarioDir);
  validateRegistries(def);
  out.def = def;
  out.resolved = scenarioToJson(def);
  return out;
}

LoadedScenario loadInlineScenario(const nlohmann::json& j, const std::vector<std::string>& overrides,
                                  const std::string& source) {
  try {
    (void)loadScenarioJson(j, {}, source);
  } catch (const InputError& e) {
    // Its own error, at its place in the spec (a path inside it, or the object itself).
    const std::string& message = e.message();
    throw InputError("/scenario" + (e.path().rfind('/', 0) == 0 ? e.path() : std::string()), message);
  }
  return loadScenarioJson(j, overrides, source);
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
      throw InputError(e.path(), e.message() +
                                     " (use a JSON file path or preset:NAME; `mutualab presets` lists presets)");
    }
  }
  const bool file = spec.rfind(kPreset, 0) != 0 && spec != "-";
  nlohmann::json j = parseJsonText(text, spec);
  // Named by its file, as a sweep spec or a book is ("expected an object, got
  // number 1" named neither the file nor a path).
  if (!j.is_object())
    throw InputError(errorPath, (spec == "-" ? std::string("standard input") : "'" + spec + "'") +
                                    ": a scenario must be a JSON object {...}, got " +
                                    (j.is_array() ? "an array" : j.is_string() ? "a string" : j.is_null() ? "null" :
                                     j.is_boolean() ? "a boolean" : "a number"));
  return loadScenarioJson(std::move(j), overrides, spec,
                          file ? std::filesystem::path(spec).parent_path().string() : std::string());
}

}  // namespace mutualab
