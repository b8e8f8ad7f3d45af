#include "experiments/sweep_params.h"

#include <algorithm>
#include <set>

#include "agents/registry.h"
#include "core/fee_rules.h"
#include "core/scenario_json.h"

namespace mutualab {

namespace {

// "pools/2/feeRule/params/k" -> {"pools/2/feeRule", "k"}; false if no "/params/".
bool splitRegistryParam(const std::string& path, std::string& owner, std::string& key) {
  const auto at = path.rfind("/params/");
  if (at == std::string::npos || path.find('/', at + 8) != std::string::npos) return false;
  owner = path.substr(0, at);
  key = path.substr(at + 8);
  return !owner.empty() && !key.empty();
}

// The base scenario's string at "/" + path, or "" (none there, or not a string).
std::string baseString(const SweepSpec& spec, const std::string& path) {
  try {
    const nlohmann::json::json_pointer ptr("/" + path);
    return spec.base.contains(ptr) && spec.base.at(ptr).is_string() ? spec.base.at(ptr).get<std::string>() : "";
  } catch (const nlohmann::json::exception&) {
    return "";  // a path that is no JSON pointer names nothing in the base
  }
}

// Every name the spec may give `owner/name`: the base's, then the explicit cells' and the grid's.
std::vector<std::string> namesAt(const SweepSpec& spec, const std::string& owner) {
  std::vector<std::string> names;
  auto add = [&](const nlohmann::json& v) {
    if (v.is_string() && std::find(names.begin(), names.end(), v.get<std::string>()) == names.end()) names.push_back(v);
  };
  if (const std::string base = baseString(spec, owner + "/name"); !base.empty()) add(base);
  const std::string namePath = owner + "/name";
  for (const auto& d : spec.designs)
    if (d.set.contains(namePath)) add(d.set[namePath]);
  for (size_t p = 0; p < spec.gridParams.size(); ++p)
    if (spec.gridParams[p] == namePath)
      for (const auto& v : spec.grid[p]) add(v);
  if (spec.random.is_object() && spec.random.contains(namePath) && spec.random[namePath].contains("choices"))
    for (const auto& v : spec.random[namePath]["choices"]) add(v);
  return names;
}

const ParamSpec* findParam(const ParamTable& table, const std::string& key) {
  for (const auto& s : table)
    if (s.key == key) return &s;
  return nullptr;
}

// The registry's row for a param: fee rules under ".../feeRule", writer and
// LP strategies under "writers/strategies/i" and "lps/strategies/i".
const ParamSpec* registryParam(const SweepSpec& spec, const std::string& owner, const std::string& key, std::string& what) {
  const bool feeRule = owner.size() >= 7 && owner.compare(owner.size() - 7, 7, "feeRule") == 0;
  const bool writer = owner.rfind("writers/strategies/", 0) == 0, lp = owner.rfind("lps/strategies/", 0) == 0;
  for (const auto& name : namesAt(spec, owner)) {
    if (feeRule)
      if (const FeeRuleInfo* r = findFeeRule(name))
        if (const ParamSpec* s = findParam(r->params, key)) { what = "fee rule"; return s; }
    if (writer)
      for (const auto& r : writerStrategies())
        if (name == r.name)
          if (const ParamSpec* s = findParam(r.params, key)) { what = "writer strategy"; return s; }
    if (lp)
      for (const auto& r : lpStrategies())
        if (name == r.name)
          if (const ParamSpec* s = findParam(r.params, key)) { what = "LP strategy"; return s; }
  }
  return nullptr;
}

// "pools/2/feeRule/params/k" -> "sol " (the pool's name in the base), or
// "pool 2 " where the entry has no name: which of several pools, menu
// contracts, strategies or assets a field belongs to.
std::string ownerPrefix(const SweepSpec& spec, const std::string& path) {
  std::string prefix;
  for (const char* list : {"pools/", "menu/", "strategies/", "assets/"}) {
    const auto at = path.find(list);
    if (at == std::string::npos) continue;
    const auto start = at + std::string(list).size(), end = path.find('/', start);
    const std::string entry = path.substr(0, end);
    if (const std::string name = baseString(spec, entry + "/name"); !name.empty()) {
      prefix += name + " ";
      continue;
    }
    std::string word(list);
    word.pop_back();
    prefix += (word == "pools" ? "pool" : word == "strategies" ? "strategy" : word == "assets" ? "asset" : word) + " " +
              path.substr(start, end == std::string::npos ? std::string::npos : end - start) + " ";
  }
  return prefix;
}

}  // namespace

SweptParamInfo sweptParamInfo(const SweepSpec& spec, const std::string& path) {
  std::string owner, key, what;
  if (splitRegistryParam(path, owner, key)) {
    if (const ParamSpec* s = registryParam(spec, owner, key, what))
      return {ownerPrefix(spec, path) + what + " " + key, s->unit, s->description};
    return {ownerPrefix(spec, path) + key, "", ""};
  }
  if (const FieldInfo* f = findScenarioField(path)) {
    // Fields of one of several pools or assets say which ("pool 2 fee rule"), unless the name already does.
    const std::string prefix = ownerPrefix(spec, path);
    return {prefix + f->name, f->unit, f->text};
  }
  // A whole object ("pool/feeRule") is no row of the table; its name field says what it is.
  if (const FieldInfo* f = findScenarioField(path + "/name")) return {ownerPrefix(spec, path) + f->name, "", f->text};
  return {path, "", ""};
}

nlohmann::json sweepParamsJson(const SweepSpec& spec) {
  const std::set<std::string> grid(spec.gridParams.begin(), spec.gridParams.end());
  nlohmann::json params = nlohmann::json::array();
  for (const auto& p : spec.params) {
    const SweptParamInfo info = sweptParamInfo(spec, p);
    const char* from = !spec.random.is_null() ? "random" : grid.count(p) ? "grid" : "cells";
    params.push_back({{"path", p}, {"name", info.name}, {"unit", info.unit}, {"description", info.description}, {"from", from}});
  }
  const char* kind = !spec.random.is_null()        ? "random"
                     : spec.designs.empty()         ? "grid"
                     : spec.gridParams.empty()      ? "cells"
                                                    : "cells x grid";
  nlohmann::json out = {{"name", spec.name}, {"kind", kind}, {"label_column", !spec.designs.empty()}, {"params", params}};
  if (!spec.designs.empty()) {
    nlohmann::json labels = nlohmann::json::array();
    for (const auto& d : spec.designs) labels.push_back(d.label);
    out["cells"] = labels;
  }
  return out;
}

}  // namespace mutualab
