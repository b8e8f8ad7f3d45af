#include "experiments/tournament_pools.h"

#include <cmath>
#include <sstream>

#include "experiments/pool_columns.h"
#include "experiments/results.h"

namespace mutualab {

namespace {

constexpr size_t kContagionValues = 4;  // pools_defaulted, joint_default, backstop_final, backstop_lowest

nlohmann::json num(double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); }
double value(const nlohmann::json& v) { return v.is_number() ? v.get<double>() : std::nan(""); }

std::vector<double> contagionValues(const ContagionSummary& c) {
  return {c.poolsDefaulted, c.jointDefault, c.backstopFinal, c.backstopLowest};
}

void setContagion(ContagionSummary& c, const std::vector<double>& v) {
  c.poolsDefaulted = v[0];
  c.jointDefault = v[1];
  c.backstopFinal = v[2];
  c.backstopLowest = v[3];
}

bool rowOf(const nlohmann::json& row, size_t width) {
  if (!row.is_array() || row.size() != width) return false;
  for (const auto& x : row)
    if (!x.is_number() && !x.is_null()) return false;
  return true;
}

}  // namespace

nlohmann::json tournamentPoolsJson(const std::vector<std::string>& poolNames, const std::vector<RepSummary>& reps) {
  nlohmann::json values = nlohmann::json::array(), contagion = nlohmann::json::array();
  for (const auto& r : reps) {
    nlohmann::json row = nlohmann::json::array(), c = nlohmann::json::array();
    for (double x : r.pools) row.push_back(num(x));
    for (double x : contagionValues(r.contagion)) c.push_back(num(x));
    values.push_back(std::move(row));
    contagion.push_back(std::move(c));
  }
  return {{"names", poolNames}, {"reps", values}, {"contagion", contagion}};
}

bool validTournamentPools(const nlohmann::json& p, const std::vector<std::string>& poolNames, size_t reps) {
  if (!p.is_object() || !p.contains("names") || !p.contains("reps") || !p.contains("contagion")) return false;
  if (p["names"] != nlohmann::json(poolNames)) return false;
  const auto& values = p["reps"];
  const auto& contagion = p["contagion"];
  if (!values.is_array() || values.size() != reps || !contagion.is_array() || contagion.size() != reps) return false;
  for (size_t r = 0; r < reps; ++r)
    if (!rowOf(values[r], poolNames.size() * kPoolSummaryMetricCount) || !rowOf(contagion[r], kContagionValues)) return false;
  return true;
}

std::vector<RepSummary> tournamentPoolReps(const nlohmann::json& p) {
  std::vector<RepSummary> out(p["reps"].size());
  for (size_t r = 0; r < out.size(); ++r) {
    for (const auto& x : p["reps"][r]) out[r].pools.push_back(value(x));
    std::vector<double> c;
    for (const auto& x : p["contagion"][r]) c.push_back(value(x));
    setContagion(out[r].contagion, c);
  }
  return out;
}

std::string tournamentPoolColumns(const std::vector<std::string>& columns, const std::vector<std::string>& poolNames,
                                  const std::vector<RepSummary>& reps) {
  const nlohmann::json summary = {{"pools", poolsSummaryJson(poolNames, reps)}, {"contagion", contagionHeadlineJson(reps)}};
  std::ostringstream o;
  writePoolColumns(o, columns, summary);
  return o.str();
}

nlohmann::json tournamentAdmissionJson(const std::vector<std::string>& prefixes, const std::vector<RepSummary>& reps) {
  nlohmann::json values = nlohmann::json::array();
  for (const auto& r : reps) {
    nlohmann::json row = nlohmann::json::array();
    for (double x : r.admissions) row.push_back(num(x));
    values.push_back(std::move(row));
  }
  return {{"prefixes", prefixes}, {"reps", values}};
}

bool validTournamentAdmission(const nlohmann::json& a, const std::vector<std::string>& prefixes, size_t reps) {
  if (!a.is_object() || !a.contains("prefixes") || !a.contains("reps") || a["prefixes"] != nlohmann::json(prefixes)) return false;
  const auto& values = a["reps"];
  if (!values.is_array() || values.size() != reps) return false;
  for (size_t r = 0; r < reps; ++r)
    if (!rowOf(values[r], prefixes.size() * kAdmissionSummaryMetricCount)) return false;
  return true;
}

void addTournamentAdmissionReps(const nlohmann::json& a, std::vector<RepSummary>& reps) {
  if (reps.empty()) reps.resize(a["reps"].size());
  for (size_t r = 0; r < reps.size(); ++r) {
    reps[r].admissions.clear();
    for (const auto& x : a["reps"][r]) reps[r].admissions.push_back(value(x));
  }
}

std::string tournamentAdmissionColumns(const std::vector<std::pair<std::string, std::string>>& columns,
                                       const std::vector<std::string>& prefixes, const std::vector<RepSummary>& reps) {
  std::ostringstream o;
  writeAdmissionColumns(o, columns, {{"admission", admissionsJson(prefixes, reps)}});
  return o.str();
}

void DesignPoolMeans::add(const std::vector<RepSummary>& cell) {
  if (sum_.size() < cell.size()) sum_.resize(cell.size()), count_.resize(cell.size());
  for (size_t r = 0; r < cell.size(); ++r) {
    std::vector<double> xs = cell[r].pools;
    pools_ = xs.size() / kPoolSummaryMetricCount;
    for (double x : contagionValues(cell[r].contagion)) xs.push_back(x);
    admissions_ = cell[r].admissions.size();
    xs.insert(xs.end(), cell[r].admissions.begin(), cell[r].admissions.end());
    sum_[r].resize(xs.size(), 0.0);
    count_[r].resize(xs.size(), 0);
    for (size_t i = 0; i < xs.size(); ++i)
      if (!std::isnan(xs[i])) sum_[r][i] = count_[r][i]++ ? sum_[r][i] + xs[i] : xs[i];  // one cell: its value, bit for bit
  }
}

std::vector<RepSummary> DesignPoolMeans::means() const {
  std::vector<RepSummary> out(sum_.size());
  const size_t width = pools_ * kPoolSummaryMetricCount;
  for (size_t r = 0; r < sum_.size(); ++r) {
    std::vector<double> xs(width + kContagionValues + admissions_, std::nan(""));
    for (size_t i = 0; i < sum_[r].size() && i < xs.size(); ++i)
      if (count_[r][i] > 0) xs[i] = sum_[r][i] / count_[r][i];
    out[r].pools.assign(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(width));
    out[r].admissions.assign(xs.end() - static_cast<std::ptrdiff_t>(admissions_), xs.end());
    setContagion(out[r].contagion, std::vector<double>(xs.begin() + static_cast<std::ptrdiff_t>(width),
                                                       xs.begin() + static_cast<std::ptrdiff_t>(width + kContagionValues)));
  }
  return out;
}

}  // namespace mutualab
