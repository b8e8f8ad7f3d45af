// A resolved scenario with every registry entry's params written out: each
// fee rule's (pool, pools, menus), each writer and LP strategy's, and a
// learning strategy's learner's. Given values win; what is added is what the
// registry would use anyway, so the scenario runs the same. `mutualab
// validate --print` shows this, so a reader sees every default in one place.
#pragma once

#include <nlohmann/json.hpp>

namespace mutualab {

// `resolved` as written by scenarioToJson (names already checked by
// validateRegistries); an unknown name is left as it is.
nlohmann::json withRegistryDefaults(nlohmann::json resolved);

}  // namespace mutualab
