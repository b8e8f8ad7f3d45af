// Fuzz target: `--set path=value` overrides of a preset (applyOverride, loadScenarioJson).
//
// Input layout: the first byte picks the preset (modulo the number of
// presets); the rest is split at '\n' into up to 4 assignments "path=value",
// as in `mutualab run preset:NAME --set A --set B`. Each assignment is first
// applied alone to the preset's resolved JSON with applyOverride, then all go
// through loadScenarioJson like the CLI's list. InputError is the expected
// refusal; any other exception, crash or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/scenario_json.h"
#include "experiments/load_scenario.h"
#include "experiments/presets.h"

namespace {

struct Preset {
  nlohmann::json raw;       // the preset file as written
  nlohmann::json resolved;  // every field present: what --set applies to
};

const std::vector<Preset>& presets() {
  static const std::vector<Preset> all = [] {
    std::vector<Preset> v;
    for (const auto& e : mutualab::embeddedPresets()) {
      nlohmann::json raw = mutualab::parseJsonText(e.json, e.name);
      nlohmann::json resolved = mutualab::loadScenarioJson(raw, {}, e.name).resolved;
      v.push_back({std::move(raw), std::move(resolved)});
    }
    return v;
  }();
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Preset& preset = presets()[data[0] % presets().size()];
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<std::string> overrides;
  for (std::size_t start = 0; start <= text.size() && overrides.size() < 4;) {
    const std::size_t nl = text.find('\n', start);
    overrides.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  for (const auto& o : overrides) {
    nlohmann::json j = preset.resolved;
    try {
      mutualab::applyOverride(j, o);
    } catch (const mutualab::InputError&) {
    }
  }
  try {
    mutualab::loadScenarioJson(preset.raw, overrides, "fuzz");
  } catch (const mutualab::InputError&) {
  }
  return 0;
}
