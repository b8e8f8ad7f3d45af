// Legends name the sides of a comparison by what prices them (web/side_names.h).
#include <catch2/catch.hpp>

#include "experiments/load_scenario.h"
#include "web/session.h"
#include "web/side_names.h"

using namespace mutualab;
using namespace mutualab::web;

TEST_CASE("a comparison's sides are named by their fee rules", "[web][format]") {
  const LoadedScenario sc = loadScenario("preset:akerlof-flat-fee");
  const Session one({sc.resolved, 1, ""});
  CHECK(sideLabel(one, 0) == "flat");
  CHECK(sideQuantity(one, 0, "pool") == "pool");
  const Session two({sc.resolved, 1, "risk-based"});
  CHECK(sideLabel(two, 0) == "A: flat");
  CHECK(sideLabel(two, 1) == "B: risk-based");
  CHECK(sideQuantity(two, 0, "pool") == "pool (A: flat)");
  CHECK(sideQuantity(two, 1, "silo") == "silo (B: risk-based)");
}

TEST_CASE("several pools, and a menu, are named as such; side B by its rule", "[web][format]") {
  const Session pools({loadScenario("preset:tiered-pools").resolved, 1, "risk-based"});
  CHECK(sideLabel(pools, 0) == "A: 3 pools");
  CHECK(sideLabel(pools, 1) == "B: risk-based");
  const Session menu({loadScenario("preset:screening-menu").resolved, 1, ""});
  CHECK(sidePricing(menu, 0) == "menu");
}
