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

TEST_CASE("with pools, pool/FIELD=V sets the field of every pool; pools/K/... one pool's, whatever the order", "[load_scenario][pools]") {
  // tiered-pools: three pools (eth, btc, sol), each with writerCollateralRatio 0.2 and ratio admission.
  const LoadedScenario all = loadScenario("preset:tiered-pools", {"pool/writerCollateralRatio=0.5", "pool/admission/rule=var"});
  REQUIRE(all.def.pools.size() == 3);
  for (const auto& p : all.def.pools) {
    CHECK(p.terms.writerCollateralRatio == 0.5);
    CHECK(p.terms.admission.rule == "var");
  }
  CHECK(all.def.pool.writerCollateralRatio == 0.5);
  // One pool's wins over every pool's, after it or before it (a sweep's cell
  // and grid come in no order its user sees: before 2026-12-04 a grid's
  // pool/... after a cell's pools/2/... overwrote it, and sweep.csv showed the cell's).
  const LoadedScenario after = loadScenario("preset:tiered-pools", {"pool/exitFee=0.1", "pools/1/exitFee=0.02"});
  CHECK(after.def.pools[0].terms.exitFee == 0.1);
  CHECK(after.def.pools[1].terms.exitFee == 0.02);
  const LoadedScenario before = loadScenario("preset:tiered-pools", {"pools/1/exitFee=0.02", "pool/exitFee=0.1"});
  CHECK(before.def.pools[1].terms.exitFee == 0.02);
  CHECK(before.def.pools[2].terms.exitFee == 0.1);
  // A new rule for every pool starts from its defaults in each (sol's risk-based params would not fit flat).
  const LoadedScenario flat = loadScenario("preset:tiered-pools", {"pool/feeRule/name=flat", "pool/feeRule/params/loading=0.3"});
  for (const auto& p : flat.def.pools) {
    CHECK(p.terms.feeRule.name == "flat");
    CHECK(p.terms.feeRule.params == nlohmann::json{{"loading", 0.3}});
  }
  // The silo's terms stay the scenario's own.
  const LoadedScenario silo = loadScenario("preset:tiered-pools", {"pool/siloCollateralRatio=0.9"});
  CHECK(silo.def.pool.siloCollateralRatio == 0.9);
  // `pool` set whole would reach no pool: refused, saying what to set.
  try {
    (void)loadScenario("preset:tiered-pools", {"pool={\"exitFee\":0.1}"});
    FAIL("pool set whole was accepted in a scenario with pools");
  } catch (const InputError& e) {
    CHECK(e.path() == "/pool");
    CHECK_THAT(std::string(e.what()), Catch::Contains("pools/K/FIELD"));
  }
  // A scenario without pools is unchanged: pool/... sets the one pool.
  CHECK(loadScenario("preset:akerlof-flat-fee", {"pool/exitFee=0.1"}).def.pool.exitFee == 0.1);
}
