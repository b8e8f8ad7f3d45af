// Fuzz target: tournament spec files (parseTournamentSpec), as `mutualab tournament SPEC` reads them.
//
// Up to the point where cells would run: parseTournamentSpec validates the
// strategies, the designs and their scenarios. InputError is the expected
// refusal; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/errors.h"
#include "core/scenario_json.h"
#include "experiments/tournament.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    mutualab::parseTournamentSpec(mutualab::parseJsonText(text, "fuzz"), "fuzz");
  } catch (const mutualab::InputError&) {
  }
  return 0;
}
