// The scenario door of every command: registries checked with their paths,
// and a renamed rule's old params dropped (experiments/load_scenario.cpp).
#include <catch2/catch.hpp>

#include "core/errors.h"
#include "experiments/load_scenario.h"

using namespace mutualab;

TEST_CASE("each pool's fee rule is checked at the door, with its own path", "[load_scenario][pools][bad-input]") {
  try {
    (void)loadScenario("preset:tiered-pools", {"pools/2/feeRule/params/loadng=0.1"});
    FAIL("a misspelt fee-rule parameter in pools/2 was accepted");
  } catch (const InputError& e) {
    CHECK(e.path() == "/pools/2/feeRule/params/loadng");
    CHECK_THAT(std::string(e.what()), Catch::Contains("unknown parameter 'loadng'"));
  }
  try {
    (void)loadScenario("preset:tiered-pools", {"pools/0/feeRule/name=flatt"});
    FAIL("an unknown fee rule in pools/0 was accepted");
  } catch (const InputError& e) {
    CHECK(e.path() == "/pools/0/feeRule/name");
  }
}

TEST_CASE("setting pools/k/feeRule/name=R starts rule R from its defaults, as pool/feeRule/name does", "[load_scenario][pools]") {
  // sol's risk-based rule has loading and capitalChargeAnnual; flat has no capitalChargeAnnual.
  const LoadedScenario flat = loadScenario("preset:tiered-pools", {"pools/2/feeRule/name=flat"});
  CHECK(flat.def.pools[2].terms.feeRule.name == "flat");
  CHECK(flat.def.pools[2].terms.feeRule.params == nlohmann::json::object());
  // Params set together with the new name are kept.
  const LoadedScenario loaded =
      loadScenario("preset:tiered-pools", {"pools/2/feeRule/name=flat", "pools/2/feeRule/params/loading=0.4"});
  CHECK(loaded.def.pools[2].terms.feeRule.params["loading"] == 0.4);
  // The other pools keep theirs.
  CHECK(loaded.def.pools[0].terms.feeRule.name == "risk-based");
}
