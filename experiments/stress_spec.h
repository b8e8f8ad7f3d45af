// User-given stress scenarios (mutualab risk --stress FILE): a JSON array of
// {"name": "...", "spotMove": -0.5 | {"ETH": -0.5, "BTC": -0.3}, "volMultiplier": 2}.
// A number moves every asset; an object moves the assets it names (others 0).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/scenario.h"
#include "core/stress.h"

namespace mutualab {

std::vector<StressScenario> parseStressScenarios(const nlohmann::json& j, const MarketDef& market);
std::vector<StressScenario> readStressScenarios(const std::string& path, const MarketDef& market);

}  // namespace mutualab
