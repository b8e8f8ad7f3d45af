#include "experiments/pool_columns.h"

#include <cstdio>

#include "core/metrics.h"

namespace mutualab {

namespace {

const char* const kContagionKeys[] = {"pools_defaulted", "joint_default_probability", "backstop_final", "backstop_lowest"};

// As every batch CSV writes a number: 10 significant digits; null is empty.
std::string fmt(const nlohmann::json& v) {
  if (!v.is_number()) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v.get<double>());
  return buf;
}

nlohmann::json bound(const nlohmann::json& ci, size_t i) { return ci.is_array() && ci.size() == 2 ? ci[i] : nlohmann::json(); }

}  // namespace

std::vector<std::string> poolNamesOfJson(const nlohmann::json& scenario) {
  std::vector<std::string> names;
  if (scenario.is_object() && scenario.contains("pools") && scenario["pools"].is_array())
    for (const auto& p : scenario["pools"])
      if (p.is_object() && p.contains("name") && p["name"].is_string()) names.push_back(p["name"].get<std::string>());
  return names;
}

void writePoolColumnsHeader(std::ostream& o, const std::vector<std::string>& pools) {
  for (const auto& pool : pools)
    for (const auto& m : kPoolSummaryMetricInfo) {
      const std::string k = pool + "." + m.name;
      o << ',' << k << ',' << k << "_lo," << k << "_hi";
    }
  if (!pools.empty())
    for (const char* k : kContagionKeys) o << ',' << k << ',' << k << "_lo," << k << "_hi";
}

void writePoolColumns(std::ostream& o, const std::vector<std::string>& pools, const nlohmann::json& r) {
  for (const auto& pool : pools) {
    const nlohmann::json* found = nullptr;
    if (r.contains("pools") && r["pools"].is_array())
      for (const auto& p : r["pools"])
        if (p.is_object() && p.value("name", "") == pool) found = &p;
    for (const auto& m : kPoolSummaryMetricInfo) {
      if (!found) { o << ",,,"; continue; }
      const nlohmann::json c = (*found).contains("ci95") ? (*found)["ci95"].value(m.name, nlohmann::json()) : nlohmann::json();
      o << ',' << fmt((*found).value(m.name, nlohmann::json())) << ',' << fmt(bound(c, 0)) << ',' << fmt(bound(c, 1));
    }
  }
  if (!pools.empty())
    for (const char* k : kContagionKeys) {
      const nlohmann::json c = r.contains("contagion") && r["contagion"].is_object() ? r["contagion"].value(k, nlohmann::json()) : nlohmann::json();
      if (!c.is_object()) { o << ",,,"; continue; }
      const nlohmann::json ci = c.value("ci95", nlohmann::json());
      o << ',' << fmt(c.value("mean", nlohmann::json())) << ',' << fmt(bound(ci, 0)) << ',' << fmt(bound(ci, 1));
    }
}

}  // namespace mutualab
