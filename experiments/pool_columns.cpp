#include "experiments/pool_columns.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "core/format_number.h"
#include "core/metrics.h"
#include "core/scenario_json.h"
#include "core/world.h"

namespace mutualab {

namespace {

const char* const kContagionKeys[] = {"pools_defaulted", "joint_default_probability", "backstop_final", "backstop_lowest"};

// As every batch CSV writes a number: the shortest text that reads back exactly; null is empty.
std::string fmt(const nlohmann::json& v) { return v.is_number() ? shortestNumber(v.get<double>()) : std::string(); }

nlohmann::json bound(const nlohmann::json& ci, size_t i) { return ci.is_array() && ci.size() == 2 ? ci[i] : nlohmann::json(); }

// ",PREFIX NAME,PREFIX NAME_lo,PREFIX NAME_hi" per metric.
template <size_t N>
void writeTripleHeader(std::ostream& o, const std::string& prefix, const std::array<MetricInfo, N>& metrics) {
  for (const auto& m : metrics) {
    const std::string k = prefix + m.name;
    o << ',' << k << ',' << k << "_lo," << k << "_hi";
  }
}

// Under that header: an entry's mean and ci95 per metric; empty columns without one.
template <size_t N>
void writeTriples(std::ostream& o, const nlohmann::json* entry, const std::array<MetricInfo, N>& metrics) {
  for (const auto& m : metrics) {
    if (!entry) {
      o << ",,,";
      continue;
    }
    const nlohmann::json c = entry->contains("ci95") ? (*entry)["ci95"].value(m.name, nlohmann::json()) : nlohmann::json();
    o << ',' << fmt(entry->value(m.name, nlohmann::json())) << ',' << fmt(bound(c, 0)) << ',' << fmt(bound(c, 1));
  }
}

// The entry of summary array `array` whose `key` is `name` (the last, if several); null if none.
const nlohmann::json* entryNamed(const nlohmann::json& r, const char* array, const char* key, const std::string& name) {
  const nlohmann::json* found = nullptr;
  if (r.contains(array) && r[array].is_array())
    for (const auto& e : r[array])
      if (e.is_object() && e.value(key, "") == name) found = &e;
  return found;
}

void addMenu(const nlohmann::json& pool, const std::string& name, std::vector<std::pair<std::string, std::string>>& out) {
  if (!pool.is_object() || !pool.contains("menu") || !pool["menu"].is_array()) return;
  for (const auto& c : pool["menu"])
    if (c.is_object() && c.contains("name") && c["name"].is_string()) out.emplace_back(name, c["name"].get<std::string>());
}

}  // namespace

std::vector<std::string> poolNamesOfJson(const nlohmann::json& scenario) {
  std::vector<std::string> names;
  if (scenario.is_object() && scenario.contains("pools") && scenario["pools"].is_array())
    for (const auto& p : scenario["pools"])
      if (p.is_object() && p.contains("name") && p["name"].is_string()) names.push_back(p["name"].get<std::string>());
  return names;
}

void writePoolColumnsHeader(std::ostream& o, const std::vector<std::string>& pools) {
  for (const auto& pool : pools) writeTripleHeader(o, pool + ".", kPoolSummaryMetricInfo);
  if (!pools.empty())
    for (const char* k : kContagionKeys) o << ',' << k << ',' << k << "_lo," << k << "_hi";
}

void writePoolColumns(std::ostream& o, const std::vector<std::string>& pools, const nlohmann::json& r) {
  for (const auto& pool : pools) writeTriples(o, entryNamed(r, "pools", "name", pool), kPoolSummaryMetricInfo);
  if (!pools.empty())
    for (const char* k : kContagionKeys) {
      const nlohmann::json c = r.contains("contagion") && r["contagion"].is_object() ? r["contagion"].value(k, nlohmann::json()) : nlohmann::json();
      if (!c.is_object()) { o << ",,,"; continue; }
      const nlohmann::json ci = c.value("ci95", nlohmann::json());
      o << ',' << fmt(c.value("mean", nlohmann::json())) << ',' << fmt(bound(ci, 0)) << ',' << fmt(bound(ci, 1));
    }
}

std::vector<std::pair<std::string, std::string>> menuContractsOfJson(const nlohmann::json& scenario) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!scenario.is_object()) return out;
  if (scenario.contains("pools") && scenario["pools"].is_array()) {
    for (const auto& p : scenario["pools"])
      if (p.is_object() && p.contains("name") && p["name"].is_string()) addMenu(p, p["name"].get<std::string>(), out);
  } else if (scenario.contains("pool")) {
    addMenu(scenario["pool"], "pool", out);
  }
  return out;
}

void writeMenuColumnsHeader(std::ostream& o, const std::vector<std::pair<std::string, std::string>>& contracts) {
  for (const auto& [pool, contract] : contracts) writeTripleHeader(o, pool + "." + contract + ".", kContractSummaryMetricInfo);
}

void writeMenuColumns(std::ostream& o, const std::vector<std::pair<std::string, std::string>>& contracts,
                      const nlohmann::json& r) {
  for (const auto& [pool, contract] : contracts) {
    const nlohmann::json* found = nullptr;
    if (r.contains("menu") && r["menu"].is_array())
      for (const auto& c : r["menu"])
        if (c.is_object() && c.value("pool", "") == pool && c.value("contract", "") == contract) found = &c;
    writeTriples(o, found, kContractSummaryMetricInfo);
  }
}

namespace {
}  // namespace

std::vector<std::pair<std::string, std::string>> admissionPoolsOfJson(const nlohmann::json& scenario,
                                                                       const std::vector<std::string>& sweptPaths) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!scenario.is_object()) return out;
  // As run's files have them: the pools that admit by VaR at start or after
  // any governance change (a schedule's or a rule's set), core/world.h.
  const std::vector<int> admitting = admissionPoolsOf(scenarioFromJson(scenario));
  auto admits = [&](size_t k) { return std::find(admitting.begin(), admitting.end(), static_cast<int>(k)) != admitting.end(); };
  auto swept = [&](const std::string& prefix) {
    for (const auto& p : sweptPaths) {
      const std::string path = !p.empty() && p[0] == '/' ? p.substr(1) : p;
      if (path.rfind(prefix + "admission", 0) == 0) return true;
    }
    return false;
  };
  if (scenario.contains("pools") && scenario["pools"].is_array() && !scenario["pools"].empty()) {
    const nlohmann::json& pools = scenario["pools"];
    for (size_t k = 0; k < pools.size(); ++k) {
      if (!pools[k].is_object() || !pools[k].contains("name") || !pools[k]["name"].is_string()) continue;
      const std::string name = pools[k]["name"].get<std::string>();
      // pool/admission/... reaches every pool (experiments/load_scenario.cpp's everyPoolOf).
      if (admits(k) || swept("pools/" + std::to_string(k) + "/") || swept("pool/")) out.emplace_back(name + ".", name);
    }
  } else if (admits(0) || swept("pool/")) {
    out.emplace_back("", "pool");
  }
  return out;
}

void writeAdmissionColumnsHeader(std::ostream& o, const std::vector<std::pair<std::string, std::string>>& pools) {
  for (const auto& [prefix, name] : pools) writeTripleHeader(o, prefix, kAdmissionSummaryMetricInfo);
}

void writeAdmissionColumns(std::ostream& o, const std::vector<std::pair<std::string, std::string>>& pools,
                           const nlohmann::json& r) {
  for (const auto& [prefix, name] : pools) writeTriples(o, entryNamed(r, "admission", "pool", name), kAdmissionSummaryMetricInfo);
}

}  // namespace mutualab
