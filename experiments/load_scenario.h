// Turns what a user names (a JSON file or preset:NAME, plus --set overrides)
// into a validated scenario, or an InputError naming the JSON path. Nothing
// runs before this has succeeded.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/scenario.h"

namespace mutualab {

struct LoadedScenario {
  ScenarioDef def;
  nlohmann::json resolved;  // the full scenario with defaults filled in (written to summary.json)
  std::string source;       // file path or preset:NAME
};

// spec: a path to a JSON file, "-" (standard input, when allowStdin) or
// "preset:NAME". overrides: "path=value" each. A data file the scenario file
// names (market.pricePath.file) is read from the scenario file's folder. errorPath names the source in
// messages: "SCENARIO" on the command line, "/scenario" inside a spec.
LoadedScenario loadScenario(const std::string& spec, const std::vector<std::string>& overrides = {},
                            const std::string& errorPath = "SCENARIO", bool allowStdin = true);

// Validates a scenario already in JSON form (from a preset, a file, a browser URL).
// A market.pricePath data file not yet read is read here
// (experiments/price_path_csv.h): a relative path from scenarioDir when the
// scenario names it, from the working folder when an override does (or
// scenarioDir is "": presets, standard input, specs' inline scenarios).
LoadedScenario loadScenarioJson(const nlohmann::json& j, const std::vector<std::string>& overrides,
                                const std::string& source, const std::string& scenarioDir = "");
// A batch spec's inline "scenario" object: its own errors named under
// /scenario (/scenario/writers/count), then the spec's overrides' as theirs.
LoadedScenario loadInlineScenario(const nlohmann::json& j, const std::vector<std::string>& overrides,
                                  const std::string& source);

// Registry checks the core validator cannot make: fee rule and strategy names and params.
void validateRegistries(const ScenarioDef& def);

}  // namespace mutualab
