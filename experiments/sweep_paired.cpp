#include "experiments/sweep_paired.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "core/errors.h"
#include "core/format_number.h"
#include "core/scenario_json.h"
#include "experiments/metric_intervals.h"
#include "experiments/results.h"
#include "experiments/sweep.h"

namespace mutualab {

namespace {

std::string shown(const nlohmann::json& v) { return v.is_string() ? "\"" + v.get<std::string>() + "\"" : v.dump(); }

std::string listOf(const nlohmann::json& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + shown(values[i]);
  return out;
}

}  // namespace

bool SweepSpec::paired() const {
  return baselineDesign >= 0 || std::any_of(baselineGrid.begin(), baselineGrid.end(), [](int i) { return i >= 0; });
}

namespace {
// A baseline every cell is: a grid of one value, or a label with no other cells.
void checkSomethingPaired(const SweepSpec& s) {
  if (s.paired() && sweepPairedCellCount(s) == 0)
    throw InputError("/baseline", "every cell is its own baseline, so nothing is paired (the baseline fixes every "
                                  "parameter the sweep varies); name one design of several");
}
}  // namespace

namespace {
void readBaseline(const nlohmann::json& b, SweepSpec& s) {
  s.baselineGrid.assign(s.gridParams.size(), -1);
  // Each cell file keeps every replication's row (some tens of values): a
  // million replications would make a file of gigabytes per cell.
  if (s.reps > kMaxPairedReps)
    throw InputError("/baseline", "a paired sweep keeps every replication's values in its cell files, so it runs at most " +
                                      std::to_string(kMaxPairedReps) + " replications a cell; /reps is " +
                                      std::to_string(s.reps));
  if (!s.random.is_null())
    throw InputError("/baseline", "a random sweep has no two cells that differ in one design only; pair designs in a grid or in cells");
  if (b.is_string()) {
    if (s.designs.empty())
      throw InputError("/baseline", "a label names one of the spec's cells, and this sweep has none; for a grid, give "
                                    "{\"path\": value}, e.g. {\"" + (s.gridParams.empty() ? std::string("path") : s.gridParams[0]) + "\": " +
                                        (s.grid.empty() ? std::string("value") : shown(s.grid[0][0])) + "}");
    std::string labels;
    for (size_t d = 0; d < s.designs.size(); ++d) {
      if (s.designs[d].label == b.get<std::string>()) s.baselineDesign = static_cast<int>(d);
      labels += (d ? ", \"" : "\"") + s.designs[d].label + "\"";
    }
    if (s.baselineDesign < 0)
      throw InputError("/baseline", "expected the label of one of the cells (" + labels + "), got " + shown(b));
    return;
  }
  if (!b.is_object() || b.empty())
    throw InputError("/baseline", "expected a cell's label, or {\"path\": value} naming grid values, got " + b.dump().substr(0, 60));
  for (auto it = b.begin(); it != b.end(); ++it) {
    const std::string at = "/baseline/" + escapeToken(it.key());
    // {"label": L, "path": v}: cell L at grid value v, for every cell to meet.
    if (it.key() == "label" && !s.designs.empty()) {
      for (size_t d = 0; d < s.designs.size(); ++d)
        if (it.value().is_string() && s.designs[d].label == it.value().get<std::string>()) s.baselineDesign = static_cast<int>(d);
      if (s.baselineDesign < 0) throw InputError(at, "expected the label of one of the cells, got " + shown(it.value()));
      continue;
    }
    const std::string key = !it.key().empty() && it.key()[0] == '/' ? it.key().substr(1) : it.key();
    const auto p = std::find(s.gridParams.begin(), s.gridParams.end(), key);
    if (p == s.gridParams.end()) {
      std::string swept;
      for (size_t i = 0; i < s.gridParams.size(); ++i) swept += (i ? ", " : "") + s.gridParams[i];
      throw InputError(at, "'" + key + "' is not swept by the grid" +
                               (swept.empty() ? std::string(" (this sweep has no grid; name a cell's label instead)")
                                              : " (it sweeps " + swept + ")"));
    }
    const size_t pi = static_cast<size_t>(p - s.gridParams.begin());
    const auto& values = s.grid[pi];
    for (size_t v = 0; v < values.size() && s.baselineGrid[pi] < 0; ++v)
      if (values[v] == it.value()) s.baselineGrid[pi] = static_cast<int>(v);  // the first, where a value repeats
    if (s.baselineGrid[pi] < 0)
      throw InputError(at, "expected one of the grid's values for " + key + " (" + listOf(values) + "), got " + shown(it.value()));
  }
}
}  // namespace

void parseSweepBaseline(const nlohmann::json& b, SweepSpec& s) {
  readBaseline(b, s);
  checkSomethingPaired(s);
}

long long sweepBaselineCell(const SweepSpec& s, long long k) {
  // The cell's digits (explicit cells slowest, then the grid's params, the
  // first slowest), the baseline's where it fixes them.
  long long stride = s.cellCount, rest = k, out = 0;
  if (!s.designs.empty()) {
    stride /= static_cast<long long>(s.designs.size());
    const long long d = rest / stride;
    rest %= stride;
    out += (s.baselineDesign >= 0 ? s.baselineDesign : d) * stride;
  }
  for (size_t p = 0; p < s.gridParams.size(); ++p) {
    stride /= static_cast<long long>(s.grid[p].size());
    const long long v = rest / stride;
    rest %= stride;
    out += (p < s.baselineGrid.size() && s.baselineGrid[p] >= 0 ? s.baselineGrid[p] : v) * stride;
  }
  return out;
}

long long sweepPairedCellCount(const SweepSpec& s) {
  if (!s.paired()) return 0;
  // Cells are their own baseline when every digit the baseline fixes is the baseline's.
  long long fixed = 1;
  if (s.baselineDesign >= 0) fixed *= static_cast<long long>(s.designs.size());
  for (size_t p = 0; p < s.baselineGrid.size(); ++p)
    if (s.baselineGrid[p] >= 0) fixed *= static_cast<long long>(s.grid[p].size());
  return s.cellCount - s.cellCount / fixed;
}

nlohmann::json perReplicationJson(const RunResult& r) {
  nlohmann::json values = nlohmann::json::array();
  for (size_t i = 0; i < r.reps.size(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (double v : replicationRow(r, i)) row.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr));
    values.push_back(std::move(row));
  }
  return {{"columns", replicationColumns(r)}, {"values", std::move(values)}};
}

bool validPerReplication(const nlohmann::json& result) {
  if (!result.is_object() || !result.contains("per_replication")) return false;
  const auto& p = result["per_replication"];
  if (!p.is_object() || !p.contains("columns") || !p.contains("values") || !p["columns"].is_array() || !p["values"].is_array())
    return false;
  for (const auto& c : p["columns"])
    if (!c.is_string()) return false;
  for (const auto& row : p["values"]) {
    if (!row.is_array() || row.size() != p["columns"].size()) return false;
    for (const auto& v : row)
      if (!v.is_number() && !v.is_null()) return false;
  }
  return true;
}

namespace {

// Column c of every replication (null as NaN).
std::vector<double> columnOf(const nlohmann::json& values, size_t c) {
  std::vector<double> out;
  out.reserve(values.size());
  for (const auto& row : values) out.push_back(row[c].is_number() ? row[c].get<double>() : std::numeric_limits<double>::quiet_NaN());
  return out;
}

// The metric name a column's interval is chosen by: the part after its
// pool's, contract's or market's prefix ("eth.default_probability").
std::string metricOfColumn(const std::string& column) {
  const size_t dot = column.rfind('.');
  return dot == std::string::npos ? column : column.substr(dot + 1);
}

}  // namespace

std::vector<PairedDifference> pairedDifferences(const nlohmann::json& cellResult, const nlohmann::json& baselineResult) {
  const auto& a = cellResult["per_replication"];
  const auto& b = baselineResult["per_replication"];
  std::unordered_map<std::string, size_t> inBaseline;
  for (size_t c = 0; c < b["columns"].size(); ++c) inBaseline.emplace(b["columns"][c].get<std::string>(), c);
  std::vector<PairedDifference> out;
  for (size_t c = 0; c < a["columns"].size(); ++c) {
    const std::string column = a["columns"][c];
    const auto other = inBaseline.find(column);
    if (other == inBaseline.end()) continue;  // e.g. a pool or contract only one design has
    std::vector<double> x = columnOf(a["values"], c), y = columnOf(b["values"], other->second);
    PairedDifference d;
    d.metric = column;
    const std::string metric = metricOfColumn(column);
    d.method = pairedMethodOf(metric);
    if (intervalOf(metric) == Interval::EventTime) {
      // No time where the event did not come: compare how often it came.
      d.metric = column == "unraveling_step" ? "unraveled_share" : column + "_share";
      x = eventIndicators(x);
      y = eventIndicators(y);
    }
    d.ci = d.method == PairedMethod::Tango ? pairedProportionCi95(x, y) : pairedMeanCi95(x, y);
    // A difference of two shares lies in [-1, 1]: t's ends are cut there,
    // as an amount's are at 0 (the true difference is inside, so the
    // coverage is t's).
    if (intervalOf(metric) == Interval::Share && !std::isnan(d.ci.lo)) {
      d.ci.lo = std::max(d.ci.lo, -1.0);
      d.ci.hi = std::min(d.ci.hi, 1.0);
    }
    out.push_back(std::move(d));
  }
  return out;
}

void writePairedCsvHeader(std::ostream& o, const std::string& cellHeader) {
  o << cellHeader << ",baseline_cell,metric,difference,lo,hi,n,method\n";
}

void writePairedCsvRows(std::ostream& o, const std::string& cellColumns, long long baselineCell,
                        const std::vector<PairedDifference>& diffs) {
  auto num = [](double v) { return std::isnan(v) ? std::string() : shortestNumber(v); };
  for (const auto& d : diffs)
    o << cellColumns << ',' << baselineCell << ',' << d.metric << ',' << num(d.ci.mean) << ',' << num(d.ci.lo) << ','
      << num(d.ci.hi) << ',' << d.ci.n << ',' << pairedMethodText(d.method) << '\n';
}

PairedHeadline pairedHeadline(const std::string& cell, const std::string& baseline,
                              const std::vector<PairedDifference>& diffs) {
  PairedHeadline h{cell, baseline, {}};
  for (const char* m : kPairedHeadlines)
    for (const auto& d : diffs)
      if (d.metric == m) h.diffs.push_back(d);
  return h;
}

}  // namespace mutualab
