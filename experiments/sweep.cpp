#include "experiments/sweep.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>


#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "core/errors.h"
#include "experiments/spec_keys.h"
#include "core/metrics.h"
#include "core/rng.h"
#include "core/scenario_json.h"
#include "experiments/results.h"
#include "experiments/runner.h"
#include "experiments/atomic_file.h"

namespace mutualab {

namespace fs = std::filesystem;

namespace {

std::string dumpValue(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string fmt(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_number()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v.get<double>());
    return buf;
  }
  std::string s = dumpValue(v);
  if (s.find_first_of(",\"\n") != std::string::npos) {  // CSV-quote
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  }
  return s;
}

}  // namespace

SweepSpec parseSweepSpec(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw InputError("", source + ": a sweep spec must be a JSON object");
  checkSpecKeys(j, "", {"name", "scenario", "set", "seed", "reps", "grid", "random"});
  SweepSpec s;
  s.raw = j;
  if (!j.contains("name") || !j["name"].is_string() || j["name"].get<std::string>().empty())
    throw InputError("/name", "missing required field (a non-empty name for the sweep)");
  s.name = j["name"];
  if (!j.contains("scenario")) throw InputError("/scenario", "missing required field (preset:NAME, a file path, or an inline scenario object)");
  if (j.contains("seed")) {
    const auto& v = j["seed"];
    if (!v.is_number_integer() || (v.is_number_integer() && !v.is_number_unsigned() && v.get<long long>() < 0))
      throw InputError("/seed", "expected a non-negative integer, got " + v.dump());
    s.seed = v.is_number_unsigned() ? v.get<std::uint64_t>() : static_cast<std::uint64_t>(v.get<long long>());
  }
  if (j.contains("reps")) {
    if (!j["reps"].is_number_integer() || j["reps"].get<long long>() < 1 || j["reps"].get<long long>() > 1000000)
      throw InputError("/reps", "must be an integer in [1, 1000000], got " + j["reps"].dump());
    s.reps = j["reps"];
  }
  std::vector<std::string> base;
  if (j.contains("set")) {
    if (!j["set"].is_array()) throw InputError("/set", "expected an array of \"path=value\" strings");
    for (size_t i = 0; i < j["set"].size(); ++i) {
      if (!j["set"][i].is_string()) throw InputError("/set/" + std::to_string(i), "expected a \"path=value\" string");
      base.push_back(j["set"][i]);
    }
  }
  const bool grid = j.contains("grid"), random = j.contains("random");
  if (grid == random) throw InputError(grid ? "/random" : "/grid", "give exactly one of grid or random");

  // Cells as lists of (path, value).
  std::vector<std::vector<std::pair<std::string, nlohmann::json>>> cells;
  if (grid) {
    const auto& g = j["grid"];
    if (!g.is_object() || g.empty()) throw InputError("/grid", "expected a non-empty object {\"path\": [values...]}");
    cells.push_back({});
    for (auto it = g.begin(); it != g.end(); ++it) {
      const std::string at = "/grid/" + it.key();
      if (!it.value().is_array() || it.value().empty()) throw InputError(at, "expected a non-empty array of values");
      s.params.push_back(it.key());
      std::vector<std::vector<std::pair<std::string, nlohmann::json>>> next;
      for (const auto& c : cells)
        for (const auto& v : it.value()) {
          auto d = c;
          d.emplace_back(it.key(), v);
          next.push_back(std::move(d));
        }
      cells = std::move(next);
      if (cells.size() > 1000000) throw InputError("/grid", "more than 1,000,000 cells");
    }
  } else {
    const auto& r = j["random"];
    if (!r.is_object()) throw InputError("/random", "expected {\"samples\": N, \"params\": {...}}");
    checkSpecKeys(r, "/random", {"samples", "params"});
    if (!r.contains("samples") || !r["samples"].is_number_integer() || r["samples"].get<long long>() < 1 ||
        r["samples"].get<long long>() > 1000000)
      throw InputError("/random/samples", "must be an integer in [1, 1000000]");
    if (!r.contains("params") || !r["params"].is_object() || r["params"].empty())
      throw InputError("/random/params", "expected a non-empty object {\"path\": {\"min\": a, \"max\": b} or {\"choices\": [...]}}");
    for (auto it = r["params"].begin(); it != r["params"].end(); ++it) {
      const std::string at = "/random/params/" + it.key();
      const auto& d = it.value();
      if (!d.is_object()) throw InputError(at, "expected {\"min\": a, \"max\": b} or {\"choices\": [...]}");
      checkSpecKeys(d, at, {"min", "max", "integer", "choices"});
      if (d.contains("choices")) {
        if (!d["choices"].is_array() || d["choices"].empty()) throw InputError(at + "/choices", "expected a non-empty array");
      } else {
        if (!d.contains("min") || !d["min"].is_number()) throw InputError(at + "/min", "expected a number");
        if (!d.contains("max") || !d["max"].is_number()) throw InputError(at + "/max", "expected a number");
        if (d["min"].get<double>() > d["max"].get<double>()) throw InputError(at, "min must be <= max");
      }
      s.params.push_back(it.key());
    }
    // Each sample's values come from the sweep's own stream, so cell k is the same whatever runs first.
    Engine rng = makeEngine(s.seed, 0, AgentKind::Pool, 0, Purpose::SweepSampling);
    boost::random::uniform_01<double> u01;
    for (long long k = 0; k < r["samples"].get<long long>(); ++k) {
      std::vector<std::pair<std::string, nlohmann::json>> c;
      for (auto it = r["params"].begin(); it != r["params"].end(); ++it) {
        const auto& d = it.value();
        if (d.contains("choices")) {
          boost::random::uniform_int_distribution<size_t> pick(0, d["choices"].size() - 1);
          c.emplace_back(it.key(), d["choices"][pick(rng)]);
        } else if (d.value("integer", false)) {
          boost::random::uniform_int_distribution<long long> pick(static_cast<long long>(std::ceil(d["min"].get<double>())),
                                                                  static_cast<long long>(std::floor(d["max"].get<double>())));
          c.emplace_back(it.key(), pick(rng));
        } else {
          const double lo = d["min"], hi = d["max"];
          c.emplace_back(it.key(), lo + (hi - lo) * u01(rng));
        }
      }
      cells.push_back(std::move(c));
    }
  }

  // The base scenario, then every cell validated before anything runs.
  nlohmann::json baseJson;
  std::string baseSource = source + "#/scenario";
  const auto& sc = j["scenario"];
  if (sc.is_string()) {
    const LoadedScenario b = loadScenario(sc.get<std::string>(), base);
    baseJson = b.resolved;
    baseSource = sc.get<std::string>();
  } else if (sc.is_object()) {
    baseJson = loadScenarioJson(sc, base, baseSource).resolved;
  } else {
    throw InputError("/scenario", "expected preset:NAME, a file path, or an inline scenario object");
  }
  for (size_t k = 0; k < cells.size(); ++k) {
    SweepCell cell;
    cell.index = static_cast<int>(k);
    cell.values = nlohmann::json::object();
    for (const auto& [path, v] : cells[k]) {
      cell.overrides.push_back(path + "=" + (v.is_string() ? v.get<std::string>() : v.dump()));
      cell.values[path] = v;
    }
    try {
      loadScenarioJson(baseJson, cell.overrides, baseSource);  // validated now, rebuilt when it runs
    } catch (const InputError& e) {
      const std::string what = e.what();
      const std::string message = what.rfind(e.path() + ": ", 0) == 0 ? what.substr(e.path().size() + 2) : what;
      throw InputError(e.path(), message + " (in sweep cell " + std::to_string(k) + ": " + nlohmann::json(cell.values).dump() + ")");
    }
    s.cells.push_back(std::move(cell));
  }
  s.base = std::move(baseJson);
  s.baseSource = baseSource;
  return s;
}

LoadedScenario sweepCellScenario(const SweepSpec& spec, const SweepCell& cell) {
  return loadScenarioJson(spec.base, cell.overrides, spec.baseSource);
}

SweepSpec loadSweepSpec(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("SPEC", "cannot read sweep spec '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parseSweepSpec(parseJsonText(ss.str(), path), path);
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

void writeCsvHeader(std::ostream& o, const SweepSpec& spec) {
  o << "cell";
  for (const auto& p : spec.params) o << ',' << p;
  for (const auto& k : metricKeys()) o << ',' << k << ',' << k << "_lo," << k << "_hi";
  o << ",capital_efficiency_siloed,capital_efficiency_siloed_lo,capital_efficiency_siloed_hi"
       ",capital_efficiency_pooled,capital_efficiency_pooled_lo,capital_efficiency_pooled_hi,unraveled_share";
  for (int d = 1; d <= 10; ++d) o << ",participation_d" << d;
  o << '\n';
}

void writeCsvRow(std::ostream& o, const SweepSpec& spec, size_t k, const nlohmann::json& r) {
  auto ci = [](const nlohmann::json& c, int i) { return c.is_array() ? c[static_cast<size_t>(i)] : nlohmann::json(nullptr); };
  o << k;
  for (const auto& p : spec.params) o << ',' << fmt(spec.cells[k].values[p]);
  for (const auto& key : metricKeys()) o << ',' << fmt(r[key]) << ',' << fmt(ci(r["ci95"][key], 0)) << ',' << fmt(ci(r["ci95"][key], 1));
  for (const char* side : {"siloed", "pooled"})
    o << ',' << fmt(r["capital_efficiency"][side]) << ',' << fmt(ci(r["ci95"]["capital_efficiency"][side], 0)) << ','
      << fmt(ci(r["ci95"]["capital_efficiency"][side], 1));
  o << ',' << fmt(r["unraveled_share"]);
  for (size_t d = 0; d < 10; ++d) o << ',' << fmt(r["participation_by_theta_decile"][d]);
  o << '\n';
}
}  // namespace

std::string sweepCsv(const SweepSpec& spec, const std::vector<nlohmann::json>& results) {
  std::ostringstream o;
  writeCsvHeader(o, spec);
  for (size_t k = 0; k < spec.cells.size(); ++k) writeCsvRow(o, spec, k, results[k]);
  return o.str();
}

int runSweep(const SweepSpec& spec, const SweepOptions& opt) {
  const fs::path dir = fs::path(opt.outDir);
  const fs::path cellsDir = dir / "cells";
  std::error_code ec;
  fs::create_directories(cellsDir, ec);
  if (ec) throw std::runtime_error("cannot create '" + cellsDir.string() + "': " + ec.message());

  // A cell file names its cell's overrides, seed and reps; resume keeps only exact matches.
  // The identity covers the resolved base scenario (file contents and the
  // spec's "set" included), so a changed spec never reuses a stale cell.
  auto identity = [&](const SweepCell& c) {
    return nlohmann::json{{"base", spec.base}, {"overrides", c.overrides}, {"seed", spec.seed}, {"reps", spec.reps}, {"sweep", spec.name}};
  };
  // The cell's stored result, or null if its file is missing, damaged or another spec's.
  auto stored = [&](const SweepCell& c) {
    std::ifstream in(cellsDir / cellFile(c.index));
    if (!in) return nlohmann::json();
    const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);  // damaged: discarded, run again
    if (!j.is_object() || j.value("identity", nlohmann::json()) != identity(c)) return nlohmann::json();
    return j["result"];
  };
  // Only one flag per cell is kept in memory: results stream to and from disk.
  std::vector<std::uint8_t> done(spec.cells.size(), 0);
  int skipped = 0;
  if (opt.resume) {
    for (const auto& c : spec.cells)
      if (!stored(c).is_null()) { done[static_cast<size_t>(c.index)] = 1; ++skipped; }
  } else if (opt.rank == 0) {
    for (const auto& e : fs::directory_iterator(cellsDir)) fs::remove(e.path(), ec);
  }
  if (opt.ranks > 1) opt.barrier();  // nobody writes a cell before rank 0 has cleared old ones

  int ran = 0;
  const int total = static_cast<int>(spec.cells.size());
  for (const auto& c : spec.cells) {
    const size_t k = static_cast<size_t>(c.index);
    if (done[k] || c.index % opt.ranks != opt.rank) continue;
    RunOptions ro;
    ro.seed = spec.seed;
    ro.reps = spec.reps;
    ro.threads = opt.threads;
    const LoadedScenario sc = sweepCellScenario(spec, c);
    const RunResult r = runReplications(sc.def, ro);
    nlohmann::json summary = summaryJson(r, sc.resolved, spec.seed);
    summary.erase("scenario");  // the cell's overrides identify it; the spec holds the base
    writeAtomically(cellsDir / cellFile(c.index), nlohmann::json{{"identity", identity(c)}, {"result", summary}}.dump(1) + "\n");
    ++ran;
    if (opt.progress) opt.progress(skipped + ran * opt.ranks, total, skipped);
  }
  if (opt.ranks > 1) {
    opt.barrier();
    if (opt.rank != 0) return ran;
  }
  // Gather: the CSV is written row by row from the cell files.
  const fs::path csvTmp = (dir / "sweep.csv").string() + ".tmp";
  {
    std::ofstream csv(csvTmp, std::ios::binary);
    writeCsvHeader(csv, spec);
    for (const auto& c : spec.cells) {
      const nlohmann::json r = stored(c);
      if (r.is_null())
        throw std::runtime_error("cell file '" + (cellsDir / cellFile(c.index)).string() + "' is missing after all cells finished");
      writeCsvRow(csv, spec, static_cast<size_t>(c.index), r);
    }
    csv.close();
    if (!csv) throw std::runtime_error("cannot write '" + csvTmp.string() + "'");
  }
  fs::rename(csvTmp, dir / "sweep.csv", ec);
  if (ec) throw std::runtime_error("cannot write '" + (dir / "sweep.csv").string() + "': " + ec.message());
  writeAtomically(dir / "spec.json", spec.raw.dump(2) + "\n");
  return ran;
}

}  // namespace mutualab
