// Fuzz target: sweep spec files (parseSweepSpec), as `mutualab sweep SPEC` reads them.
//
// Up to the point where cells would run: parseSweepSpec validates the base
// scenario and every cell. A spec may name a scenario file; relative paths
// resolve from the working directory (scripts/fuzz.sh runs from the repo
// root). InputError is the expected refusal; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/errors.h"
#include "core/scenario_json.h"
#include "experiments/sweep.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    mutualab::parseSweepSpec(mutualab::parseJsonText(text, "fuzz"), "fuzz");
  } catch (const mutualab::InputError&) {
  }
  return 0;
}
