// The tables of writer and LP strategies, by name. Scenarios, the CLI's
// listings and the playground's menus are built from them, so a new
// strategy is one new file plus one line in agents/registry.cpp.
// To add a writer strategy, copy agents/writer_threshold.cpp; for an LP
// strategy, agents/lp_loss_averse.cpp.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/param_spec.h"
#include "core/scenario.h"
#include "core/strategy.h"
#include "core/world.h"

namespace mutualab {

struct WriterStrategyInfo {
  const char* name;
  const char* description;
  ParamTable params;  // every parameter, declared once (core/param_spec.h)
  std::unique_ptr<WriterStrategy> (*make)(const nlohmann::json& params, const std::string& path);

  nlohmann::json defaults() const { return paramDefaults(params); }  // every parameter with its default
};

struct LpStrategyInfo {
  const char* name;
  const char* description;
  ParamTable params;
  std::unique_ptr<LpStrategy> (*make)(const nlohmann::json& params, const std::string& path);

  nlohmann::json defaults() const { return paramDefaults(params); }
};

const std::vector<WriterStrategyInfo>& writerStrategies();
const std::vector<LpStrategyInfo>& lpStrategies();

// Builds every group's strategy for a scenario; throws InputError naming
// e.g. /writers/strategies/1/name (listing the valid names) or a bad param.
WorldStrategies makeStrategies(const ScenarioDef& def);

// One entry per strategy file.
WriterStrategyInfo alwaysSiloStrategy();
WriterStrategyInfo alwaysPoolStrategy();
WriterStrategyInfo thresholdDumpingStrategy();
WriterStrategyInfo expectedUtilityStrategy();
WriterStrategyInfo learningWriterStrategy();
LpStrategyInfo passiveLpStrategy();
LpStrategyInfo yieldChaserStrategy();
LpStrategyInfo lossAverseStrategy();
LpStrategyInfo informedRunnerStrategy();
LpStrategyInfo learningLpStrategy();

}  // namespace mutualab
