#include "experiments/registry_defaults.h"

#include <string>

#include "agents/learning/learner.h"
#include "agents/registry.h"
#include "core/fee_rules.h"

namespace mutualab {
namespace {

using json = nlohmann::json;

// Top-level keys only, as Params reads them: a given object (the learner)
// replaces the default whole.
json merged(const json& defaults, const json& given) {
  json out = defaults;
  for (const auto& [key, value] : given.items()) out[key] = value;
  return out;
}

// The named entry, or null (an unknown name is the validator's to report).
template <class Table>
const typename Table::value_type* entryOf(const Table& table, const json& name) {
  if (!name.is_string()) return nullptr;
  for (const auto& entry : table)
    if (name.get<std::string>() == entry.name) return &entry;
  return nullptr;
}

// {name, params} objects: params become the named entry's defaults merged with them.
template <class Table>
void fill(json& entry, const Table& table) {
  if (!entry.is_object()) return;
  const auto* named = entryOf(table, entry.value("name", json()));
  if (!named) return;
  json params = merged(named->defaults(), entry.value("params", json::object()));
  if (params.contains("learner")) fill(params["learner"], learners());
  entry["params"] = std::move(params);
}

void fillFeeRules(json& pool) {
  if (!pool.is_object()) return;
  if (pool.contains("feeRule")) fill(pool["feeRule"], feeRules());
  if (pool.contains("menu"))
    for (auto& contract : pool["menu"])
      if (contract.contains("feeRule")) fill(contract["feeRule"], feeRules());
}

}  // namespace

json withRegistryDefaults(json resolved) {
  if (resolved.contains("pool")) fillFeeRules(resolved["pool"]);
  if (resolved.contains("pools"))
    for (auto& pool : resolved["pools"]) fillFeeRules(pool);
  if (resolved.contains("writers") && resolved["writers"].contains("strategies"))
    for (auto& s : resolved["writers"]["strategies"]) fill(s, writerStrategies());
  if (resolved.contains("lps") && resolved["lps"].contains("strategies"))
    for (auto& s : resolved["lps"]["strategies"]) fill(s, lpStrategies());
  return resolved;
}

}  // namespace mutualab
