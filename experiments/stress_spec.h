// User-given stress scenarios (mutualab risk --stress FILE): a JSON array of
// {"name": "...", "spotMove": -0.5 | {"ETH": -0.5, "BTC": -0.3},
//  "volMultiplier": 2 | {"ETH": 2}, "volShift": 0.2 | {"BTC": 0.3}}.
// A number applies to every asset; an object to the assets it names (the
// others unmoved: spot +0, volatility x1 +0).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/book.h"
#include "core/scenario.h"
#include "core/stress.h"

namespace mutualab {

std::vector<StressScenario> parseStressScenarios(const nlohmann::json& j, const MarketDef& market);
// Refuses a scenario that takes some position's pricing volatility below
// zero (σ × volMultiplier + volShift < 0: a negative shift larger than the
// lowest volatility of an asset's positions), rather than clamp it to 0.
void checkStressVolatility(const std::vector<StressScenario>& scenarios, const RiskBook& book, const MarketDef& market);
// The file at `path`, parsed, and checked against `book` where given; errors
// name the file and the JSON path.
std::vector<StressScenario> readStressScenarios(const std::string& path, const MarketDef& market,
                                                const RiskBook* book = nullptr);

}  // namespace mutualab
