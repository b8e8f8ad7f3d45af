// Fuzz target: scenario files (parseJsonText, loadScenarioJson), as `mutualab run FILE` reads them.
//
// The project's rule is that bad input is refused with an InputError naming
// the JSON path, so InputError is the expected outcome and is swallowed.
// Anything else is a finding: a crash, a sanitizer report, or any other
// exception escaping (libstdc++'s terminate handler prints its type and
// what(); the abort keeps the throw site's stack).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/errors.h"
#include "core/scenario_json.h"
#include "experiments/load_scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  mutualab::LoadedScenario loaded;
  try {
    loaded = mutualab::loadScenarioJson(mutualab::parseJsonText(text, "fuzz"), {}, "fuzz");
  } catch (const mutualab::InputError&) {
    return 0;
  }
  // An accepted scenario must read back from its own resolved dump unchanged
  // (scenario_json.h promises this round trip; summary.json relies on it).
  const nlohmann::json again = mutualab::scenarioToJson(mutualab::scenarioFromJson(loaded.resolved));
  if (again != loaded.resolved) {
    std::fprintf(stderr, "scenario_reader: the resolved scenario does not survive scenarioFromJson(scenarioToJson)\n");
    std::abort();
  }
  return 0;
}
