#include "agents/registry.h"

#include "core/errors.h"

namespace mutualab {

const std::vector<WriterStrategyInfo>& writerStrategies() {
  static const std::vector<WriterStrategyInfo> table = {
      alwaysSiloStrategy(),
      alwaysPoolStrategy(),
      thresholdDumpingStrategy(),
      expectedUtilityStrategy(),
      learningWriterStrategy(),
  };
  return table;
}

const std::vector<LpStrategyInfo>& lpStrategies() {
  static const std::vector<LpStrategyInfo> table = {
      passiveLpStrategy(),
      yieldChaserStrategy(),
      lossAverseStrategy(),
      informedRunnerStrategy(),
      learningLpStrategy(),
  };
  return table;
}

namespace {
template <typename Info, typename Out>
void build(const std::vector<Info>& table, const std::vector<StrategyShareDef>& groups, const std::string& path,
           std::vector<Out>& out) {
  for (size_t g = 0; g < groups.size(); ++g) {
    const std::string at = path + "/" + std::to_string(g);
    const Info* found = nullptr;
    for (const auto& i : table)
      if (groups[g].name == i.name) found = &i;
    if (!found) {
      std::string valid;
      for (const auto& i : table) valid += (valid.empty() ? "" : ", ") + std::string(i.name);
      throw InputError(at + "/name", "unknown strategy '" + groups[g].name + "'; valid: " + valid);
    }
    out.push_back(found->make(groups[g].params, at + "/params"));
  }
}
}  // namespace

WorldStrategies makeStrategies(const ScenarioDef& def) {
  WorldStrategies s;
  build(writerStrategies(), def.writers.strategies, "/writers/strategies", s.writers);
  build(lpStrategies(), def.lps.strategies, "/lps/strategies", s.lps);
  return s;
}

}  // namespace mutualab
