#include "experiments/sweep.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>


#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "core/format_number.h"
#include "core/errors.h"
#include "experiments/spec_keys.h"
#include "core/metrics.h"
#include "core/rng.h"
#include "core/scenario_json.h"
#include "experiments/results.h"
#include "experiments/parallel.h"
#include "experiments/runner.h"
#include "experiments/atomic_file.h"
#include "experiments/cell_store.h"
#include "experiments/input_file.h"
#include "experiments/output_dir.h"
#include "experiments/pool_columns.h"
#include "experiments/sweep_params.h"
#include "experiments/sweep_paired.h"

namespace mutualab {

namespace fs = std::filesystem;

namespace {

std::string dumpValue(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string fmt(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_number()) return shortestNumber(v.get<double>());  // reads back exactly: a random cell's value too
  std::string s = dumpValue(v);
  if (s.find_first_of(",\"\n") != std::string::npos) {  // CSV-quote
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  }
  return s;
}

}  // namespace

namespace {

std::vector<std::string> stringList(const nlohmann::json& j, const std::string& at) {
  if (!j.is_array()) throw InputError(at, "expected an array of \"path=value\" strings, got " + j.dump().substr(0, 60));
  std::vector<std::string> out;
  for (size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string()) throw InputError(at + "/" + std::to_string(i), "expected a \"path=value\" string, got " + j[i].dump().substr(0, 60));
    out.push_back(j[i]);
  }
  return out;
}

// The random sweep's definition of one parameter, checked: {"choices": [...]}
// or {"min": a, "max": b[, "integer": true]} with an integer in [a, b].
void checkRandomParam(const nlohmann::json& d, const std::string& at) {
  if (!d.is_object()) throw InputError(at, "expected {\"min\": a, \"max\": b} or {\"choices\": [...]}");
  checkSpecKeys(d, at, {"min", "max", "integer", "choices"});
  if (d.contains("choices")) {
    if (!d["choices"].is_array() || d["choices"].empty()) throw InputError(at + "/choices", "expected a non-empty array");
    if (d.contains("min") || d.contains("max") || d.contains("integer"))
      throw InputError(at, "give either choices or min/max, not both");
    return;
  }
  if (!d.contains("min") || !d["min"].is_number()) throw InputError(at + "/min", "expected a number");
  if (!d.contains("max") || !d["max"].is_number()) throw InputError(at + "/max", "expected a number");
  const double lo = d["min"], hi = d["max"];
  if (lo > hi) throw InputError(at, "min must be <= max, got min " + d["min"].dump() + " and max " + d["max"].dump());
  if (!d.contains("integer")) return;
  if (!d["integer"].is_boolean()) throw InputError(at + "/integer", "expected true or false, got " + d["integer"].dump());
  if (!d["integer"].get<bool>()) return;
  constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53: every integer up to here is a double
  if (std::fabs(lo) > kMaxExactInteger || std::fabs(hi) > kMaxExactInteger)
    throw InputError(at, "integer ranges must lie within +-2^53, got [" + d["min"].dump() + ", " + d["max"].dump() + "]");
  if (std::ceil(lo) > std::floor(hi))
    throw InputError(at, "no integer lies in [" + d["min"].dump() + ", " + d["max"].dump() + "]; widen the range or drop \"integer\"");
}

// "cells": [{"label": "...", "set": {"path": value, ...}}, ...], checked:
// labels non-empty, printable and unique (plots and pandas group by them).
std::vector<SweepDesign> parseSweepDesigns(const nlohmann::json& c) {
  if (!c.is_array() || c.empty())
    throw InputError("/cells", "expected a non-empty array of {\"label\": \"...\", \"set\": {\"path\": value, ...}}, got " +
                                   c.dump().substr(0, 60));
  if (c.size() > static_cast<size_t>(kMaxSweepCells))
    throw InputError("/cells", "more than the " + std::to_string(kMaxSweepCells) + " cells a sweep may have");
  std::vector<SweepDesign> out;
  for (size_t i = 0; i < c.size(); ++i) {
    const std::string at = "/cells/" + std::to_string(i);
    const auto& e = c[i];
    if (!e.is_object()) throw InputError(at, "expected {\"label\": \"...\", \"set\": {\"path\": value, ...}}, got " + e.dump().substr(0, 60));
    checkSpecKeys(e, at, {"label", "set"});
    if (!e.contains("label") || !e["label"].is_string() || e["label"].get<std::string>().empty())
      throw InputError(at + "/label", "missing required field (a non-empty label naming the cell in sweep.csv and figures)" +
                                          (e.contains("label") ? ", got " + e["label"].dump().substr(0, 60) : std::string()));
    SweepDesign d;
    d.label = e["label"];
    if (d.label.size() > 100) throw InputError(at + "/label", "at most 100 characters, got " + std::to_string(d.label.size()));
    for (unsigned char ch : d.label)
      if (ch < 0x20 || ch == 0x7f) throw InputError(at + "/label", "control characters are not allowed in a label");
    for (size_t k = 0; k < out.size(); ++k)
      if (out[k].label == d.label)
        throw InputError(at + "/label", "'" + d.label + "' is already the label of /cells/" + std::to_string(k) + "; labels must be unique");
    d.set = e.contains("set") ? e["set"] : nlohmann::json::object();
    if (!d.set.is_object())
      throw InputError(at + "/set", "expected an object {\"path\": value, ...} (a tournament design's \"path=value\" strings are "
                                    "written here as {\"path\": value}), got " + d.set.dump().substr(0, 60));
    for (auto it = d.set.begin(); it != d.set.end(); ++it) {
      const std::string key = it.key();
      if (key.empty() || key == "/") throw InputError(at + "/set/" + escapeToken(key), "expected a scenario path such as pool/feeRule/name");
      if (key.front() == '/')
        throw InputError(at + "/set/" + escapeToken(key), "write the path without the leading '/': '" + key.substr(1) + "'");
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::string overrideText(const std::string& path, const nlohmann::json& v) {
  return path + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
}

}  // namespace

struct SweepCells::Impl {
  Engine rng;
  explicit Impl(std::uint64_t seed) : rng(makeEngine(seed, 0, AgentKind::Pool, 0, Purpose::SweepSampling)) {}
};

SweepCells::SweepCells(const SweepSpec& spec) : spec_(spec) {
  if (!spec.random.is_null()) impl_ = std::make_unique<Impl>(spec.seed);
}
SweepCells::~SweepCells() = default;

bool SweepCells::next(SweepCell& out) {
  if (k_ >= spec_.cellCount) return false;
  out.index = static_cast<int>(k_);
  out.overrides.clear();
  out.values = nlohmann::json::object();
  out.design = -1;
  out.label.clear();
  auto add = [&](const std::string& path, const nlohmann::json& v) {
    out.overrides.push_back(overrideText(path, v));
    out.values[path] = v;
  };
  if (impl_) {
    // Each sample's values come from the sweep's own stream, in cell order.
    boost::random::uniform_01<double> u01;
    for (auto it = spec_.random.begin(); it != spec_.random.end(); ++it) {
      const auto& d = it.value();
      if (d.contains("choices")) {
        boost::random::uniform_int_distribution<size_t> pick(0, d["choices"].size() - 1);
        add(it.key(), d["choices"][pick(impl_->rng)]);
      } else if (d.value("integer", false)) {
        boost::random::uniform_int_distribution<long long> pick(static_cast<long long>(std::ceil(d["min"].get<double>())),
                                                                static_cast<long long>(std::floor(d["max"].get<double>())));
        add(it.key(), pick(impl_->rng));
      } else {
        const double lo = d["min"], hi = d["max"];
        add(it.key(), lo + (hi - lo) * u01(impl_->rng));
      }
    }
  } else {
    // Explicit cells are the slowest digit: each cell's set, then the grid's
    // values (mixed radix, the first parameter slowest).
    long long rest = k_, stride = spec_.cellCount;
    if (!spec_.designs.empty()) {
      stride /= static_cast<long long>(spec_.designs.size());
      const SweepDesign& d = spec_.designs[static_cast<size_t>(rest / stride)];
      out.design = static_cast<int>(rest / stride);
      out.label = d.label;
      for (auto it = d.set.begin(); it != d.set.end(); ++it) add(it.key(), it.value());
      rest %= stride;
    }
    for (size_t p = 0; p < spec_.gridParams.size(); ++p) {
      const long long n = static_cast<long long>(spec_.grid[p].size());
      stride /= n;
      add(spec_.gridParams[p], spec_.grid[p][static_cast<size_t>(rest / stride)]);
      rest %= stride;
    }
  }
  ++k_;
  return true;
}

SweepCell sweepCell(const SweepSpec& spec, long long k) {
  if (k < 0 || k >= spec.cellCount)
    throw std::out_of_range("sweep cell " + std::to_string(k) + " of " + std::to_string(spec.cellCount));
  SweepCells cells(spec);
  SweepCell c;
  if (spec.random.is_null()) {
    cells.k_ = k;  // a grid's or explicit cell's values follow from its index alone
    cells.next(c);
    return c;
  }
  for (long long i = 0; i <= k; ++i) cells.next(c);  // a random sample is the stream's k-th
  return c;
}

namespace {
// `j` with every number a double: 1, 1.0 and "1e0" applied to a number
// read back as the same value, but as integer or float JSON they dump apart.
nlohmann::json numbersAsDoubles(const nlohmann::json& j) {
  if (j.is_number()) return j.get<double>();
  if (!j.is_structured()) return j;
  nlohmann::json out = j;
  for (auto it = out.begin(); it != out.end(); ++it) *it = numbersAsDoubles(*it);
  return out;
}

// A random sweep's values at their edges: each parameter's every choice and
// the ends of its range (the largest below `max`, which a draw from [min,
// max) can come as near as it likes), the other parameters at their first
// choice or min. Each is loaded as a cell would be; a refusal names the
// value and the parameter it belongs to.
void validateRandomValues(const SweepSpec& s) {
  auto first = [](const nlohmann::json& d) -> nlohmann::json {
    if (d.contains("choices")) return d["choices"][0];
    if (d.value("integer", false)) return static_cast<long long>(std::ceil(d["min"].get<double>()));
    return d["min"].get<double>();
  };
  for (auto p = s.random.begin(); p != s.random.end(); ++p) {
    std::vector<nlohmann::json> values;
    const nlohmann::json& d = p.value();
    if (d.contains("choices")) {
      for (const auto& c : d["choices"]) values.push_back(c);
    } else if (d.value("integer", false)) {
      values = {static_cast<long long>(std::ceil(d["min"].get<double>())), static_cast<long long>(std::floor(d["max"].get<double>()))};
    } else {
      const double lo = d["min"], hi = d["max"];
      values = {lo, hi > lo ? std::nextafter(hi, lo) : hi};
    }
    for (const nlohmann::json& v : values) {
      std::vector<std::string> overrides;
      nlohmann::json shown = nlohmann::json::object();
      for (auto q = s.random.begin(); q != s.random.end(); ++q) {
        const nlohmann::json x = q.key() == p.key() ? v : first(q.value());
        overrides.push_back(overrideText(q.key(), x));
        shown[q.key()] = x;
      }
      try {
        (void)loadScenarioJson(s.base, overrides, s.baseSource);
      } catch (const InputError& e) {
        throw InputError(e.path(), e.message() + " (a value the random sweep's /random/params/" + p.key() +
                                       " can take: " + shown.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                                       ")");
      }
    }
  }
}
}  // namespace

SweepSpec parseSweepSpec(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw InputError("", source + ": a sweep spec must be a JSON object");
  checkSpecKeys(j, "", {"name", "scenario", "set", "seed", "reps", "grid", "random", "cells", "baseline"});
  SweepSpec s;
  s.raw = j;
  if (!j.contains("name") || !j["name"].is_string() || j["name"].get<std::string>().empty())
    throw InputError("/name", "missing required field (a non-empty name for the sweep)");
  s.name = j["name"];
  if (auto p = pathNameProblem(s.name)) throw InputError("/name", *p);
  if (!j.contains("scenario")) throw InputError("/scenario", "missing required field (preset:NAME, a file path, or an inline scenario object)");
  if (j.contains("seed")) {
    const auto& v = j["seed"];
    if (!v.is_number_integer() || (v.is_number_integer() && !v.is_number_unsigned() && v.get<long long>() < 0))
      throw InputError("/seed", "expected a non-negative integer, got " + v.dump());
    s.seed = v.is_number_unsigned() ? v.get<std::uint64_t>() : static_cast<std::uint64_t>(v.get<long long>());
  }
  if (j.contains("reps")) {
    const auto& v = j["reps"];
    // JSON reads 0 as unsigned: both kinds are checked at both ends.
    if (!v.is_number_integer() ||
        (v.is_number_unsigned() && (v.get<std::uint64_t>() < 1 || v.get<std::uint64_t>() > 1000000)) ||
        (!v.is_number_unsigned() && (v.get<long long>() < 1 || v.get<long long>() > 1000000)))
      throw InputError("/reps", "must be an integer in [1, 1000000], got " + v.dump());
    s.reps = v.get<int>();
  }
  const std::vector<std::string> base = j.contains("set") ? stringList(j["set"], "/set") : std::vector<std::string>{};
  const bool grid = j.contains("grid"), random = j.contains("random"), cells = j.contains("cells");
  if (random && (grid || cells))
    throw InputError("/random", std::string("a random sweep stands alone; remove ") + (grid ? "grid" : "cells") +
                                    " or random (explicit cells may be crossed with a grid, not with random samples)");
  if (!grid && !random && !cells) throw InputError("/grid", "give one of grid, random or cells (cells may be crossed with a grid)");

  if (grid || cells) {
    // Count the cells before making any (a 10^7-cell grid is refused at once).
    double count = 1;  // in double: 10^4 values x 10^4 values x ... must not overflow
    std::string factors;
    if (cells) {
      s.designs = parseSweepDesigns(j["cells"]);
      count = static_cast<double>(s.designs.size());
      factors = std::to_string(s.designs.size()) + " cells";
    }
    if (grid) {
      const auto& g = j["grid"];
      if (!g.is_object() || g.empty()) throw InputError("/grid", "expected a non-empty object {\"path\": [values...]}");
      for (auto it = g.begin(); it != g.end(); ++it) {
        const std::string at = "/grid/" + it.key();
        if (!it.value().is_array() || it.value().empty()) throw InputError(at, "expected a non-empty array of values");
        const size_t n = it.value().size();
        factors += (factors.empty() ? "" : " x ") + std::to_string(n);
        count *= static_cast<double>(n);
        // The parameter as batch.md writes it, without a leading '/' (its column's name).
        s.gridParams.push_back(!it.key().empty() && it.key()[0] == '/' ? it.key().substr(1) : it.key());
        s.grid.push_back(it.value());
      }
    }
    // One place per parameter: a cell's value and a grid's would fight over it.
    for (size_t d = 0; d < s.designs.size(); ++d)
      for (auto it = s.designs[d].set.begin(); it != s.designs[d].set.end(); ++it)
        if (j.contains("grid") && j["grid"].contains(it.key()))
          throw InputError("/cells/" + std::to_string(d) + "/set/" + escapeToken(it.key()),
                           "'" + it.key() + "' is also swept by the grid (/grid/" + escapeToken(it.key()) +
                               "); give it either in the cells or in the grid");
    if (count > static_cast<double>(kMaxSweepCells)) {
      char shown[32];
      std::snprintf(shown, sizeof shown, count < 1e15 ? "%.0f" : "%.3g", count);
      throw InputError(grid ? "/grid" : "/cells", std::string(cells ? "the sweep has " : "the grid has ") + shown + " cells (" + factors + "), more than the " +
                                    std::to_string(kMaxSweepCells) + " a sweep may have; use fewer values or a random sweep");
    }
    s.cellCount = static_cast<long long>(count);
    // Columns: every path some cell sets (alphabetical), then the grid's.
    std::set<std::string> designPaths;
    for (const auto& d : s.designs)
      for (auto it = d.set.begin(); it != d.set.end(); ++it) designPaths.insert(it.key());
    s.params.assign(designPaths.begin(), designPaths.end());
    s.params.insert(s.params.end(), s.gridParams.begin(), s.gridParams.end());
  } else {
    const auto& r = j["random"];
    if (!r.is_object()) throw InputError("/random", "expected {\"samples\": N, \"params\": {...}}");
    checkSpecKeys(r, "/random", {"samples", "params"});
    if (!r.contains("samples") || !r["samples"].is_number_integer() || r["samples"].get<double>() < 1 ||
        r["samples"].get<double>() > static_cast<double>(kMaxSweepCells))
      throw InputError("/random/samples", "must be an integer in [1, " + std::to_string(kMaxSweepCells) + "]" +
                                              (r.contains("samples") ? ", got " + r["samples"].dump() : std::string()));
    if (!r.contains("params") || !r["params"].is_object() || r["params"].empty())
      throw InputError("/random/params", "expected a non-empty object {\"path\": {\"min\": a, \"max\": b} or {\"choices\": [...]}}");
    for (auto it = r["params"].begin(); it != r["params"].end(); ++it) {
      checkRandomParam(it.value(), "/random/params/" + it.key());
      s.params.push_back(it.key());
    }
    s.random = r["params"];
    s.cellCount = r["samples"].get<long long>();
  }
  if (j.contains("baseline")) parseSweepBaseline(j["baseline"], s);

  // The base scenario, then the cells validated before anything runs.
  const auto& sc = j["scenario"];
  if (sc.is_string()) {
    const LoadedScenario b = loadScenario(sc.get<std::string>(), base, "/scenario", /*allowStdin=*/false);
    s.base = b.resolved;
    s.baseSource = sc.get<std::string>();
  } else if (sc.is_object()) {
    s.baseSource = source + "#/scenario";
    s.base = loadInlineScenario(sc, base, s.baseSource).resolved;
  } else {
    throw InputError("/scenario", "expected preset:NAME, a file path, or an inline scenario object");
  }
  SweepCells cellsMade(s);
  SweepCell cell;
  std::size_t largest = 0;
  // Two grid or explicit cells that resolve to the same scenario give the
  // same numbers (common random numbers): a value written twice (0.5 and
  // "0.5", 1 and "1e0"), or a copy on purpose (an A/A check of the pairing).
  // Said, not refused. (Random samples may draw the same value.)
  std::map<std::string, std::string> seen;  // the scenario's hash -> the first cell that ran it, in words
  auto cellText = [](const SweepCell& c) {
    return "cell " + std::to_string(c.index) + (c.label.empty() ? "" : " \"" + c.label + "\"") + " " +
           c.values.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  // Validated now, rebuilt when it runs.
  auto validate = [&](const SweepCell& c) {
    const LoadedScenario sc = sweepCellScenario(s, c);
    const std::size_t bytes = estimateMemoryBytes(sc.def, 1);
    if (bytes > largest) {
      largest = bytes;
      s.largestCell = c.index;
    }
    if (!s.random.is_null()) return;
    const auto [at, fresh] = seen.emplace(contentHash(numbersAsDoubles(sc.resolved)), cellText(c));
    if (!fresh)
      s.sameScenario.push_back(at->second + " and " + cellText(c) +
                               " run the same scenario, so they give the same numbers (a value or cell repeated?)");
  };
  for (long long k = 0; k < std::min(s.cellCount, kValidateEveryCellUpTo) && cellsMade.next(cell); ++k) validate(cell);
  // Beyond those, every value a later cell can take, once: a grid
  // parameter's each value (the other parameters at their first), a random
  // one's each choice and the ends of its range. Otherwise a bad value of the
  // slowest parameter was found only when its first cell came to run (an
  // audit's 11 x 1,000 grid ran 10,000 cells, then stopped with exit 2).
  if (s.cellCount > kValidateEveryCellUpTo) {
    if (s.random.is_null()) {
      long long stride = s.cellCount / static_cast<long long>(std::max<size_t>(1, s.designs.size())), extra = 0;
      for (size_t p = 0; p < s.gridParams.size(); ++p) {
        stride /= static_cast<long long>(s.grid[p].size());
        for (long long v = 1; v < static_cast<long long>(s.grid[p].size()) && extra < kValidateValuesUpTo; ++v)
          if (v * stride >= kValidateEveryCellUpTo) {
            validate(sweepCell(s, v * stride));
            ++extra;
          }
      }
    } else {
      validateRandomValues(s);
    }
  }
  // Every explicit cell at least once (with the grid's first values), however
  // large the sweep: a parameter its rule does not take is refused up front.
  if (!s.designs.empty()) {
    const long long perDesign = s.cellCount / static_cast<long long>(s.designs.size());
    for (size_t d = 0; d < s.designs.size(); ++d)
      if (static_cast<long long>(d) * perDesign >= kValidateEveryCellUpTo)
        validate(sweepCell(s, static_cast<long long>(d) * perDesign));
  }
  return s;
}

namespace {
// Where in the spec an explicit cell's error belongs: the cell's own entry
// ("/cells/1/set/pool~1feeRule~1params~1k") when the scenario path it names
// is one the cell sets (or lies under or above one); "" otherwise.
std::string specPathOfDesignError(const SweepSpec& spec, const SweepCell& cell, const std::string& scenarioPath) {
  if (cell.design < 0) return "";
  const std::string at = scenarioPath.empty() || scenarioPath[0] != '/' ? scenarioPath : scenarioPath.substr(1);
  if (at.empty()) return "";
  const auto& set = spec.designs[static_cast<size_t>(cell.design)].set;
  for (auto it = set.begin(); it != set.end(); ++it) {
    const std::string& key = it.key();
    const bool same = key == at, keyUnder = key.rfind(at + "/", 0) == 0, atUnder = at.rfind(key + "/", 0) == 0;
    if (same || keyUnder || atUnder) return "/cells/" + std::to_string(cell.design) + "/set/" + escapeToken(key);
  }
  return "";
}
}  // namespace

LoadedScenario sweepCellScenario(const SweepSpec& spec, const SweepCell& cell) {
  try {
    return loadScenarioJson(spec.base, cell.overrides, spec.baseSource);
  } catch (const InputError& e) {
    const std::string& message = e.message();
    const std::string values = cell.values.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (cell.design < 0)
      throw InputError(e.path(), message + " (in sweep cell " + std::to_string(cell.index) + ": " + values + ")");
    // An explicit cell: name it by index and label, and point into the spec where it can.
    const std::string specPath = specPathOfDesignError(spec, cell, e.path());
    const std::string where = "in sweep cell " + std::to_string(cell.index) + ", /cells/" + std::to_string(cell.design) +
                              " labelled \"" + cell.label + "\"";
    if (specPath.empty()) throw InputError(e.path(), message + " (" + where + ": " + values + ")");
    throw InputError(specPath, message + " (" + where + "; scenario path " + e.path() + "; the cell's values: " + values + ")");
  }
}

SweepSpec loadSweepSpec(const std::string& path, bool allowStdin) {
  return parseSweepSpec(parseJsonText(readInputFile(path, "sweep spec", "SPEC", allowStdin), path), path);
}

namespace {
std::vector<std::string> metricKeys() {
  std::vector<std::string> keys;
  for (const auto& m : kSummaryMetricInfo) {
    const std::string k = m.name;
    if (k == "capital_efficiency_siloed" || k == "capital_efficiency_pooled") continue;
    keys.push_back(k);
  }
  return keys;
}

// The base scenario's column groups, worked out once per CSV (admission's
// reads the scenario's governance), not once per row.
struct ColumnGroups {
  std::vector<std::string> pools;                              // a group each (none without `pools`)
  std::vector<std::pair<std::string, std::string>> contracts;  // the menus' contracts (none without one)
  std::vector<std::pair<std::string, std::string>> admissions; // pools that admit by VaR in the base or a swept cell
  explicit ColumnGroups(const SweepSpec& spec)
      : pools(poolNamesOfJson(spec.base)),
        contracts(menuContractsOfJson(spec.base)),
        admissions(admissionPoolsOfJson(spec.base, spec.params)) {}
};

// The columns that name a cell, first in sweep.csv and paired.csv.
std::string cellColumnsHeader(const SweepSpec& spec) {
  std::string o = "cell";
  if (!spec.designs.empty()) o += ",label";  // explicit cells only: grid and random CSVs keep their columns
  for (const auto& p : spec.params) o += ',' + p;
  return o;
}

std::string cellColumns(const SweepSpec& spec, const SweepCell& cell) {
  std::string o = std::to_string(cell.index);
  if (!spec.designs.empty()) o += ',' + fmt(cell.label);
  // A path that this explicit cell does not set is empty (the base's or its rule's default holds).
  for (const auto& p : spec.params) o += ',' + (cell.values.contains(p) ? fmt(cell.values[p]) : std::string());
  return o;
}

// "label, path=value, ..." for the terminal: an explicit cell's label
// stands for the values it sets, so only the grid's follow it.
std::string cellName(const SweepSpec& spec, const SweepCell& cell) {
  std::string o = cell.label;
  for (const auto& p : cell.design >= 0 ? spec.gridParams : spec.params)
    if (cell.values.contains(p)) o += (o.empty() ? "" : ", ") + p + "=" + dumpValue(cell.values[p]);
  return o;
}

void writeCsvHeader(std::ostream& o, const SweepSpec& spec, const ColumnGroups& groups) {
  o << cellColumnsHeader(spec);
  for (const auto& k : metricKeys()) o << ',' << k << ',' << k << "_lo," << k << "_hi";
  o << ",capital_efficiency_siloed,capital_efficiency_siloed_lo,capital_efficiency_siloed_hi"
       ",capital_efficiency_pooled,capital_efficiency_pooled_lo,capital_efficiency_pooled_hi,unraveled_share";
  for (int d = 1; d <= 10; ++d) o << ",participation_d" << d;
  writePoolColumnsHeader(o, groups.pools);
  writeMenuColumnsHeader(o, groups.contracts);
  writeAdmissionColumnsHeader(o, groups.admissions);
  o << '\n';
}

void writeCsvRow(std::ostream& o, const SweepSpec& spec, const ColumnGroups& groups, const SweepCell& cell,
                 const nlohmann::json& r) {
  auto ci = [](const nlohmann::json& c, int i) { return c.is_array() ? c[static_cast<size_t>(i)] : nlohmann::json(nullptr); };
  o << cellColumns(spec, cell);
  for (const auto& key : metricKeys()) o << ',' << fmt(r[key]) << ',' << fmt(ci(r["ci95"][key], 0)) << ',' << fmt(ci(r["ci95"][key], 1));
  for (const char* side : {"siloed", "pooled"})
    o << ',' << fmt(r["capital_efficiency"][side]) << ',' << fmt(ci(r["ci95"]["capital_efficiency"][side], 0)) << ','
      << fmt(ci(r["ci95"]["capital_efficiency"][side], 1));
  o << ',' << fmt(r["unraveled_share"]);
  for (size_t d = 0; d < 10; ++d) o << ',' << fmt(r["participation_by_theta_decile"][d]);
  // Per pool, matched by name (a cell that changed the pools leaves others empty).
  writePoolColumns(o, groups.pools, r);
  writeMenuColumns(o, groups.contracts, r);
  writeAdmissionColumns(o, groups.admissions, r);
  o << '\n';
}
}  // namespace

std::string sweepCsv(const SweepSpec& spec, const std::vector<nlohmann::json>& results) {
  std::ostringstream o;
  const ColumnGroups groups(spec);
  writeCsvHeader(o, spec, groups);
  SweepCell c;
  for (SweepCells cells(spec); cells.next(c);) writeCsvRow(o, spec, groups, c, results[static_cast<size_t>(c.index)]);
  return o.str();
}

bool validSweepResult(const nlohmann::json& r) {
  auto numberOrNull = [](const nlohmann::json& v) { return v.is_number() || v.is_null(); };
  auto interval = [&](const nlohmann::json& v) {
    return v.is_null() || (v.is_array() && v.size() == 2 && numberOrNull(v[0]) && numberOrNull(v[1]));
  };
  if (!r.is_object() || !r.contains("ci95") || !r["ci95"].is_object()) return false;
  const auto& ci = r["ci95"];
  for (const auto& key : metricKeys())
    if (!r.contains(key) || !numberOrNull(r[key]) || !ci.contains(key) || !interval(ci[key])) return false;
  if (!r.contains("capital_efficiency") || !r["capital_efficiency"].is_object() || !ci.contains("capital_efficiency") ||
      !ci["capital_efficiency"].is_object())
    return false;
  for (const char* side : {"siloed", "pooled"})
    if (!r["capital_efficiency"].contains(side) || !numberOrNull(r["capital_efficiency"][side]) ||
        !ci["capital_efficiency"].contains(side) || !interval(ci["capital_efficiency"][side]))
      return false;
  if (!r.contains("unraveled_share") || !numberOrNull(r["unraveled_share"])) return false;
  const auto& d = r.contains("participation_by_theta_decile") ? r["participation_by_theta_decile"] : nlohmann::json();
  if (!d.is_array() || d.size() != 10) return false;
  for (const auto& x : d)
    if (!numberOrNull(x)) return false;
  return true;
}

namespace {
// DIR/paired.csv from the cell files, streamed (a cell and its baseline in
// memory at a time), under a temporary name until it is whole.
void writePairedCsv(const SweepSpec& spec, const fs::path& dir,
                    const std::function<nlohmann::json(const SweepCell&)>& load, std::vector<PairedHeadline>* headlines) {
  const fs::path tmp = (dir / "paired.csv").string() + ".tmp";
  std::error_code ec;
  std::ofstream csv(tmp, std::ios::binary);
  writePairedCsvHeader(csv, cellColumnsHeader(spec));
  SweepCell c, base;
  long long loadedBase = -1;
  nlohmann::json baseResult;
  for (SweepCells cells(spec); cells.next(c);) {
    const long long b = sweepBaselineCell(spec, c.index);
    if (b == c.index) continue;
    if (b != loadedBase) {
      base = sweepCell(spec, b);
      baseResult = load(base);
      loadedBase = b;
    }
    const nlohmann::json r = load(c);
    if (r.is_null() || baseResult.is_null()) {
      csv.close();
      fs::remove(tmp, ec);
      throw std::runtime_error("a cell file of cells " + std::to_string(c.index) + " and " + std::to_string(b) +
                               " is missing or damaged after all cells finished");
    }
    const std::vector<PairedDifference> diffs = pairedDifferences(r, baseResult);
    writePairedCsvRows(csv, cellColumns(spec, c), b, diffs);
    if (headlines && static_cast<int>(headlines->size()) < kPairedHeadlineCells)
      headlines->push_back(pairedHeadline(cellName(spec, c), cellName(spec, base), diffs));
  }
  csv.close();
  if (!csv) throw std::runtime_error("cannot write '" + tmp.string() + "'");
  fs::rename(tmp, dir / "paired.csv", ec);
  if (ec) throw std::runtime_error("cannot write '" + (dir / "paired.csv").string() + "': " + ec.message());
}

// The notes a sweep gives at its start, through SweepOptions::warn (the
// CLI's stderr, the Python package's warnings): the first pairs of
// sameScenario and how many more.
std::vector<std::string> sweepStartNotes(const SweepSpec& spec) {
  constexpr size_t kShown = 3;
  const std::vector<std::string>& same = spec.sameScenario;
  std::vector<std::string> notes(same.begin(), same.begin() + static_cast<std::ptrdiff_t>(std::min(same.size(), kShown)));
  if (same.size() > kShown) notes.push_back(std::to_string(same.size() - kShown) + " more pairs of cells run the same scenario");
  return notes;
}
}  // namespace

int runSweep(const SweepSpec& spec, const SweepOptions& opt) {
  const fs::path dir = fs::path(opt.outDir);
  const bool paired = spec.paired();
  const CellStore store(dir / "cells");
  // Memory for the replications run at once, before the folder is touched:
  // a refusal must not cost an earlier run's summaries (each cell is
  // checked again as it runs, those not validated up front included).
  checkRunSize(sweepCellScenario(spec, sweepCell(spec, spec.largestCell)).def, spec.reps,
               opt.threads > 0 ? opt.threads : defaultThreadCount());
  if (opt.rank == 0 && opt.warn)
    for (const std::string& note : sweepStartNotes(spec)) opt.warn(note);
  if (opt.rank == 0) {
    claimOutputDir(dir, "sweep");  // refuses a folder holding files mutualab did not write
    store.prepare(opt.resume);     // our old cell files (or, resuming, only a killed run's temporaries)
  }
  const std::string seriesDir = (dir / "series").string();
  if (opt.rank == 0 && opt.series != SeriesFormat::None) prepareSeriesDir(seriesDir, opt.resume);
  // No series this time: an earlier run's would read as this one's.
  if (opt.rank == 0 && opt.series == SeriesFormat::None && !opt.resume) clearSeriesDir(seriesDir);
  // The summaries of an earlier run go now, and come back from the cells
  // when this one ends: a run killed on the way must not leave another
  // spec's (or baseline's) sweep.csv and paired.csv beside its cells.
  // Without a baseline, paired.csv does not come back. (plot_batch.py draws
  // the figures.)
  std::error_code ec;
  if (opt.rank == 0)
    for (const char* f : {"sweep.csv", "spec.json", "params.json", "paired.csv", "paired.png", "paired.svg", "paired.pdf",
                          "figure.png", "figure.svg", "figure.pdf"})
      fs::remove(dir / f, ec);
  if (opt.ranks > 1) opt.barrier();  // nobody writes a cell before rank 0 has cleared old ones

  // A cell file names its cell's overrides, seed and reps and the resolved
  // base scenario (by hash: file contents and the spec's "set" included), so
  // a changed spec never reuses a stale cell.
  const std::string baseHash = contentHash(spec.base);
  // A paired sweep's cells keep every replication's values (a cell file
  // without them is another sweep's, and runs again).
  // (The baseline is not part of a cell's identity: a paired sweep's cells
  // hold what an unpaired one needs and more, so either resumes the other's.)
  auto identity = [&](const SweepCell& c) {
    return nlohmann::json{{"base_hash", baseHash}, {"overrides", c.overrides}, {"seed", spec.seed}, {"reps", spec.reps}, {"sweep", spec.name}};
  };
  auto valid = [paired](const nlohmann::json& r) { return validSweepResult(r) && (!paired || validPerReplication(r)); };
  auto stored = [&](const SweepCell& c, bool report) {
    std::string why;
    nlohmann::json r = store.load(c.index, identity(c), valid, &why);
    if (report && !why.empty() && opt.warn) opt.warn(why);
    return r;
  };
  // Only one flag per cell is kept in memory: results stream to and from disk.
  std::vector<std::uint8_t> done(static_cast<size_t>(spec.cellCount), 0);
  int skipped = 0;
  SweepCell c;
  if (opt.resume) {
    for (SweepCells cells(spec); cells.next(c);)
      if (!stored(c, c.index % opt.ranks == opt.rank).is_null() &&
          (opt.series == SeriesFormat::None || cellSeriesExists(seriesDir, c.index))) {
        done[static_cast<size_t>(c.index)] = 1;
        ++skipped;
      }
  }

  int ran = 0;
  const int total = static_cast<int>(spec.cellCount);
  for (SweepCells cells(spec); cells.next(c);) {
    const size_t k = static_cast<size_t>(c.index);
    if (done[k] || c.index % opt.ranks != opt.rank) continue;
    RunOptions ro;
    ro.seed = spec.seed;
    ro.reps = spec.reps;
    ro.threads = opt.threads;
    ro.cancel = opt.cancel;
    const LoadedScenario sc = sweepCellScenario(spec, c);
    checkRunSize(sc.def, ro.reps, ro.threads > 0 ? ro.threads : defaultThreadCount());
    std::unique_ptr<SeriesWriter> series;
    if (opt.series != SeriesFormat::None) {
      const bool gz = seriesFileName(opt.series, sc.def, static_cast<double>(spec.cellCount) * spec.reps) == "series.csv.gz";
      series = std::make_unique<SeriesWriter>((fs::path(seriesDir) / cellSeriesName(c.index, gz)).string(), sc.def);
      ro.onSeries = [&series](int rep, const std::vector<double>& x) { series->add(rep, x); };
    }
    const RunResult r = runReplications(sc.def, ro);
    if (series) series->close();  // before the cell file: a finished cell has its series
    nlohmann::json summary = summaryJson(r, sc.resolved, spec.seed);
    summary.erase("scenario");  // the cell's overrides identify it; the spec holds the base
    if (paired) summary["per_replication"] = perReplicationJson(r);
    store.save(c.index, identity(c), summary);
    ++ran;
    if (opt.progress) opt.progress(skipped + ran * opt.ranks, total, skipped);
  }
  if (opt.ranks > 1) {
    // Every rank's count, summed: rank 0 reports the job's.
    ran = opt.sumOverRanks ? opt.sumOverRanks(ran) : (opt.barrier(), ran);
    if (opt.rank != 0) return ran;
  }
  // Gather: the CSV is written row by row from the cell files.
  const fs::path csvTmp = (dir / "sweep.csv").string() + ".tmp";
  {
    std::ofstream csv(csvTmp, std::ios::binary);
    const ColumnGroups groups(spec);
    writeCsvHeader(csv, spec, groups);
    for (SweepCells cells(spec); cells.next(c);) {
      const nlohmann::json r = stored(c, false);
      if (r.is_null()) {
        csv.close();
        fs::remove(csvTmp, ec);
        throw std::runtime_error("cell file '" + store.file(c.index).string() + "' is missing or damaged after all cells finished");
      }
      writeCsvRow(csv, spec, groups, c, r);
    }
    csv.close();
    if (!csv) throw std::runtime_error("cannot write '" + csvTmp.string() + "'");
  }
  fs::rename(csvTmp, dir / "sweep.csv", ec);
  if (ec) throw std::runtime_error("cannot write '" + (dir / "sweep.csv").string() + "': " + ec.message());
  if (paired) writePairedCsv(spec, dir, [&](const SweepCell& cell) { return stored(cell, false); }, opt.pairedHeadlines);
  writeAtomically(dir / "spec.json", spec.raw.dump(2) + "\n");
  writeAtomically(dir / "params.json", sweepParamsJson(spec).dump(2) + "\n");  // names and units, for figures
  return ran;
}

}  // namespace mutualab
