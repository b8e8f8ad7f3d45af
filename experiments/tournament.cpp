#include "experiments/tournament.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "agents/registry.h"
#include "core/errors.h"
#include "core/format_number.h"
#include "experiments/spec_keys.h"
#include "core/metrics.h"
#include "core/scenario_json.h"
#include "core/world.h"
#include "experiments/atomic_file.h"
#include "experiments/cell_store.h"
#include "experiments/input_file.h"
#include "experiments/output_dir.h"
#include "experiments/load_scenario.h"
#include "experiments/parallel.h"
#include "experiments/pool_columns.h"
#include "experiments/runner.h"
#include "experiments/stats.h"
#include "experiments/tournament_pools.h"

namespace mutualab {

namespace fs = std::filesystem;

namespace {

// As every batch CSV writes a number: the shortest text that reads back exactly; NaN is empty.
std::string fmt(double v) { return std::isnan(v) ? std::string() : shortestNumber(v); }

// One market: the given strategies at the given shares; returns, per
// replication, each strategy's score (NaN if it had no writers), in
// `series` the replication-mean ASI and participation per step, and for a
// scenario with `pools` or a pool that admits by VaR each replication's
// summary in `pools` (its per-pool metrics, contagion numbers and
// admission's figures are what the tables read).
// A market's scenario: `base` with the strategies `who` at `shares`.
ScenarioDef marketScenario(const TournamentSpec& spec, const ScenarioDef& base, const std::vector<int>& who,
                           const std::vector<double>& shares) {
  ScenarioDef d = base;
  d.writers.strategies.clear();
  for (size_t k = 0; k < who.size(); ++k) {
    StrategyShareDef s = spec.strategies[static_cast<size_t>(who[k])].strategy;
    s.share = shares[k];
    d.writers.strategies.push_back(s);
  }
  return d;
}

std::vector<std::vector<double>> playMarket(const TournamentSpec& spec, const ScenarioDef& base,
                                            const std::vector<int>& who, const std::vector<double>& shares, int threads,
                                            nlohmann::json& series, std::vector<RepSummary>& pools,
                                            std::vector<std::vector<double>>* repSeries, const std::atomic<bool>* cancel) {
  const ScenarioDef d = marketScenario(spec, base, who, shares);
  checkRunSize(d, spec.reps, threads);
  std::vector<std::vector<double>> scores(static_cast<size_t>(spec.reps), std::vector<double>(who.size(), std::nan("")));
  const double years = d.sim.steps * d.sim.stepDays / d.sim.daysPerYear;
  const size_t T = static_cast<size_t>(d.sim.steps) + 1;
  std::vector<std::vector<double>> asi(static_cast<size_t>(spec.reps)), part(static_cast<size_t>(spec.reps));
  const bool keep = !d.pools.empty() || !admissionPoolsOf(d).empty();
  pools.assign(keep ? static_cast<size_t>(spec.reps) : 0, RepSummary{});
  if (repSeries) repSeries->assign(static_cast<size_t>(spec.reps), {});
  parallelFor(spec.reps, threads, [&](int r) {
    World w(d, spec.seed, static_cast<std::uint64_t>(r), makeStrategies(d));
    runToEnd(w, cancel);
    if (repSeries) seriesOf(w, (*repSeries)[static_cast<size_t>(r)]);
    if (keep) {
      pools[static_cast<size_t>(r)] = w.summarize();
      pools[static_cast<size_t>(r)].contagion.backstopPaid = {};  // the tables read only the headline numbers
      pools[static_cast<size_t>(r)].contagion.lpMoved = {};
    }
    asi[static_cast<size_t>(r)].clear();  // may run again after std::bad_alloc (parallel.h)
    part[static_cast<size_t>(r)].clear();
    for (size_t t = 0; t < T; ++t) {
      asi[static_cast<size_t>(r)].push_back(w.metric(static_cast<int>(t), StepMetric::Asi));
      part[static_cast<size_t>(r)].push_back(w.metric(static_cast<int>(t), StepMetric::Participation));
    }
    std::vector<double> sum(who.size(), 0.0);
    std::vector<int> n(who.size(), 0);
    for (int i = 0; i < w.writerCount(); ++i) {
      const WriterState s = w.writer(i);
      sum[static_cast<size_t>(s.group)] += 100.0 * s.profit / s.initialCash / years;
      ++n[static_cast<size_t>(s.group)];
    }
    for (size_t k = 0; k < who.size(); ++k)
      if (n[k] > 0) scores[static_cast<size_t>(r)][k] = sum[k] / n[k];
  });
  // Means over replications in replication order (NaN skipped; null if none).
  auto mean = [&](const std::vector<std::vector<double>>& xs) {
    nlohmann::json out = nlohmann::json::array();
    for (size_t t = 0; t < T; ++t) {
      double sum = 0;
      int n = 0;
      for (const auto& x : xs)
        if (!std::isnan(x[t])) { sum += x[t]; ++n; }
      out.push_back(n ? nlohmann::json(sum / n) : nlohmann::json(nullptr));
    }
    return out;
  };
  series = {{"asi", mean(asi)}, {"pool_participation", mean(part)}};
  return scores;
}

}  // namespace

std::vector<double> replicatorStep(const std::vector<double>& shares, const nlohmann::json& means, double selection) {
  // Fitness exp(selection x score / 100), normalized in log space: with a
  // strong selection or extreme scores every exp() would underflow to 0 (or
  // overflow) and the shares would be 0/0. A strategy with no score (no
  // writers) or no share left is extinct.
  std::vector<double> logWeight(shares.size(), -std::numeric_limits<double>::infinity());
  double top = -std::numeric_limits<double>::infinity();
  for (size_t k = 0; k < shares.size(); ++k) {
    const bool scored = k < means.size() && means[k].is_number();
    if (!scored || !(shares[k] > 0)) continue;
    logWeight[k] = std::log(shares[k]) + selection * means[k].get<double>() / 100.0;
    top = std::max(top, logWeight[k]);
  }
  if (!std::isfinite(top)) return shares;  // nobody scored: no selection this generation
  std::vector<double> out(shares.size(), 0.0);
  double total = 0;
  for (size_t k = 0; k < shares.size(); ++k) total += out[k] = std::exp(logWeight[k] - top);  // the fittest gets exp(0) = 1
  for (double& x : out) x /= total;
  return out;
}

bool validTournamentResult(const nlohmann::json& r, size_t reps, const std::vector<std::string>& poolNames) {
  auto numberOrNull = [](const nlohmann::json& v) { return v.is_number() || v.is_null(); };
  if (!r.is_object()) return false;
  for (const char* key : {"design", "generation", "strategies", "shares", "mean", "reps", "series"})
    if (!r.contains(key)) return false;
  if (!r["design"].is_string() || !r["generation"].is_number_integer() || !r["strategies"].is_array()) return false;
  const size_t n = r["strategies"].size();
  if (n == 0 || !r["shares"].is_array() || r["shares"].size() != n || !r["mean"].is_array() || r["mean"].size() != n ||
      !r["reps"].is_array() || r["reps"].size() != n)
    return false;
  for (size_t i = 0; i < n; ++i) {
    if (!r["strategies"][i].is_string() || !r["shares"][i].is_number() || !numberOrNull(r["mean"][i]) || !r["reps"][i].is_array() ||
        r["reps"][i].size() > reps)
      return false;
    for (const auto& x : r["reps"][i])
      if (!numberOrNull(x)) return false;
  }
  const auto& sr = r["series"];
  if (!sr.is_object() || !sr.contains("asi") || !sr.contains("pool_participation") || !sr["asi"].is_array() ||
      !sr["pool_participation"].is_array() || sr["asi"].size() != sr["pool_participation"].size())
    return false;
  for (const char* key : {"asi", "pool_participation"})
    for (const auto& x : sr[key])
      if (!numberOrNull(x)) return false;
  return poolNames.empty() || (r.contains("pools") && validTournamentPools(r["pools"], poolNames, reps));
}

TournamentSpec parseTournamentSpec(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw InputError("", source + ": a tournament spec must be a JSON object");
  checkSpecKeys(j, "", {"name", "scenario", "set", "format", "seed", "reps", "generations", "selection", "strategies", "designs"});
  TournamentSpec s;
  s.raw = j;
  if (!j.contains("name") || !j["name"].is_string() || j["name"].get<std::string>().empty())
    throw InputError("/name", "missing required field (a non-empty name)");
  s.name = j["name"];
  if (auto p = pathNameProblem(s.name)) throw InputError("/name", *p);
  if (j.contains("format")) {
    if (!j["format"].is_string()) throw InputError("/format", "expected all-in-one, round-robin or ecological");
    s.format = j["format"];
    if (s.format != "all-in-one" && s.format != "round-robin" && s.format != "ecological")
      throw InputError("/format", "expected all-in-one, round-robin or ecological, got '" + s.format + "'");
  }
  auto intIn = [&](const char* key, long long lo, long long hi, auto& out) {
    if (!j.contains(key)) return;
    const auto& v = j[key];
    if (!v.is_number_integer() || v.template get<long long>() < lo || v.template get<long long>() > hi)
      throw InputError(std::string("/") + key, "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + v.dump());
    out = static_cast<std::remove_reference_t<decltype(out)>>(v.template get<long long>());
  };
  intIn("seed", 0, (1LL << 62), s.seed);
  intIn("reps", 1, 1000000, s.reps);
  intIn("generations", 1, 10000, s.generations);
  if (j.contains("selection")) {
    if (!j["selection"].is_number() || j["selection"].get<double>() < 0 || j["selection"].get<double>() > 100)
      throw InputError("/selection", "must be a number in [0, 100], got " + j["selection"].dump());
    s.selection = j["selection"];
  }

  if (!j.contains("strategies") || !j["strategies"].is_array() || j["strategies"].size() < 2)
    throw InputError("/strategies", "expected an array of at least 2 strategies {\"label\", \"name\", \"params\"}");
  std::set<std::string> labels;
  for (size_t i = 0; i < j["strategies"].size(); ++i) {
    const auto& e = j["strategies"][i];
    const std::string at = "/strategies/" + std::to_string(i);
    if (!e.is_object()) throw InputError(at, "expected {\"label\", \"name\", \"params\"}");
    checkSpecKeys(e, at, {"label", "name", "params"});
    if (!e.contains("name") || !e["name"].is_string()) throw InputError(at + "/name", "missing required field (a writer strategy name)");
    if (e.contains("label") && (!e["label"].is_string() || e["label"].get<std::string>().empty()))
      throw InputError(at + "/label", "expected a non-empty string, got " + e["label"].dump().substr(0, 60));
    if (e.contains("params") && !e["params"].is_object())
      throw InputError(at + "/params", "expected an object of the strategy's parameters, got " + e["params"].dump().substr(0, 60));
    TournamentEntry t;
    t.strategy.name = e["name"];
    t.strategy.params = e.value("params", nlohmann::json::object());
    t.label = e.value("label", t.strategy.name);
    if (!labels.insert(t.label).second) throw InputError(at + "/label", "duplicate label '" + t.label + "' (give each entry its own label)");
    s.strategies.push_back(t);
  }
  if (s.format == "round-robin" && s.strategies.size() > 64) throw InputError("/strategies", "round-robin takes at most 64 strategies");

  std::vector<std::string> base;
  if (j.contains("set")) {
    if (!j["set"].is_array()) throw InputError("/set", "expected an array of \"path=value\" strings");
    for (size_t i = 0; i < j["set"].size(); ++i) {
      if (!j["set"][i].is_string()) throw InputError("/set/" + std::to_string(i), "expected a \"path=value\" string, got " + j["set"][i].dump());
      base.push_back(j["set"][i]);
    }
  }
  if (!j.contains("scenario")) throw InputError("/scenario", "missing required field (preset:NAME, a file path, or an inline scenario)");
  nlohmann::json baseJson;
  if (j["scenario"].is_string())
    baseJson = loadScenario(j["scenario"].get<std::string>(), base, "/scenario", /*allowStdin=*/false).resolved;
  else if (j["scenario"].is_object()) baseJson = loadInlineScenario(j["scenario"], base, source + "#/scenario").resolved;
  else throw InputError("/scenario", "expected preset:NAME, a file path, or an inline scenario object");

  if (!j.contains("designs") || !j["designs"].is_array() || j["designs"].empty())
    throw InputError("/designs", "expected a non-empty array of {\"label\", \"set\": [\"path=value\", ...]}");
  labels.clear();
  for (size_t i = 0; i < j["designs"].size(); ++i) {
    const auto& e = j["designs"][i];
    const std::string at = "/designs/" + std::to_string(i);
    if (!e.is_object() || !e.contains("label") || !e["label"].is_string()) throw InputError(at + "/label", "missing required field (a label)");
    checkSpecKeys(e, at, {"label", "set"});
    TournamentDesign d;
    d.label = e["label"];
    if (!labels.insert(d.label).second) throw InputError(at + "/label", "duplicate label '" + d.label + "'");
    if (e.contains("set")) {
      if (!e["set"].is_array()) throw InputError(at + "/set", "expected an array of \"path=value\" strings");
      for (const auto& v : e["set"]) {
        if (!v.is_string()) throw InputError(at + "/set", "expected \"path=value\" strings, got " + v.dump());
        d.set.push_back(v);
      }
    }
    try {
      d.scenario = loadScenarioJson(baseJson, d.set, source + at).def;
    } catch (const InputError& e2) {
      throw InputError(e2.path(), e2.message() + " (in " + at.substr(1) + ", '" + d.label + "')");
    }
    // Every strategy must build in this design (names and params checked before anything runs).
    for (size_t k = 0; k < s.strategies.size(); ++k) {
      ScenarioDef probe = d.scenario;
      probe.writers.strategies = {s.strategies[k].strategy};
      probe.writers.strategies[0].share = 1.0;
      try {
        makeStrategies(probe);
      } catch (const InputError& e2) {
        std::string p = e2.path();
        const std::string prefix = "/writers/strategies/0";
        if (p.rfind(prefix, 0) == 0) p = "/strategies/" + std::to_string(k) + p.substr(prefix.size());
        throw InputError(p, e2.message());
      }
    }
    s.designs.push_back(std::move(d));
  }
  return s;
}

int cellCount(const TournamentSpec& spec) {
  const int S = static_cast<int>(spec.strategies.size()), D = static_cast<int>(spec.designs.size());
  if (spec.format == "round-robin") return D * S * (S - 1) / 2;
  if (spec.format == "ecological") return D * spec.generations;
  return D;
}

TournamentSpec loadTournamentSpec(const std::string& path, bool allowStdin) {
  return parseTournamentSpec(parseJsonText(readInputFile(path, "tournament spec", "SPEC", allowStdin), path), path);
}

std::vector<TournamentScore> runTournament(const TournamentSpec& spec, const TournamentOptions& opt, int* cellsRun) {
  const fs::path dir(opt.outDir);
  const CellStore store(dir / "cells");
  const int threads = opt.threads > 0 ? opt.threads : defaultThreadCount();
  const int S = static_cast<int>(spec.strategies.size());
  // Memory for the replications run at once, before the folder is touched
  // (a refusal must not cost an earlier run's tables): every design with
  // every strategy in its market, the most any cell holds.
  {
    std::vector<int> all(static_cast<size_t>(S));
    for (int k = 0; k < S; ++k) all[static_cast<size_t>(k)] = k;
    const std::vector<double> equal(static_cast<size_t>(S), 1.0 / S);
    for (const TournamentDesign& d : spec.designs) checkRunSize(marketScenario(spec, d.scenario, all, equal), spec.reps, threads);
  }
  if (opt.rank == 0) {
    claimOutputDir(dir, "tournament");  // refuses a folder holding files mutualab did not write
    store.prepare(opt.resume);          // our old cell files (or, resuming, only a killed run's temporaries)
    // An earlier run's tables go now and come back from the cells when this
    // one ends: a run killed on the way leaves none of another spec's.
    std::error_code gone;
    for (const char* f : {"scores.csv", "cells.csv", "series.csv", "shares.csv", "figure.png", "figure.svg", "figure.pdf"})
      fs::remove(dir / f, gone);
    writeAtomically(dir / "spec.json", spec.raw.dump(2) + "\n");  // the spec once; cells name it by hash
  }
  const std::string seriesDir = (dir / "series").string();
  if (opt.rank == 0 && opt.series != SeriesFormat::None) prepareSeriesDir(seriesDir, opt.resume);
  // No series this time: an earlier run's would read as this one's.
  if (opt.rank == 0 && opt.series == SeriesFormat::None && !opt.resume) clearSeriesDir(seriesDir);
  if (opt.ranks > 1) opt.barrier();

  // Cells: (design, match) for all-in-one and round-robin; (design, generation) for ecological.
  struct Cell {
    int design = 0;
    std::vector<int> who;  // strategies in the market
    int generation = -1;
  };
  std::vector<Cell> cells;
  for (int d = 0; d < static_cast<int>(spec.designs.size()); ++d) {
    if (spec.format == "round-robin") {
      for (int a = 0; a < S; ++a)
        for (int b = a + 1; b < S; ++b) cells.push_back({d, {a, b}, -1});
    } else {
      std::vector<int> all(static_cast<size_t>(S));
      for (int k = 0; k < S; ++k) all[static_cast<size_t>(k)] = k;
      if (spec.format == "all-in-one") cells.push_back({d, all, -1});
      else
        for (int g = 0; g < spec.generations; ++g) cells.push_back({d, all, g});
    }
  }

  // Results stream to disk, one file per cell; in memory there is only the
  // previous cell of an ecological chain (its shares and scores seed the next).
  int ran = 0, skipped = 0;
  nlohmann::json lastResult;
  // The identity covers the spec and the designs' resolved scenarios (so an
  // edited scenario file is never mistaken for the old one), by hash: the
  // spec itself is stored once, in DIR/spec.json.
  nlohmann::json resolvedDesigns = nlohmann::json::array();
  for (const auto& d : spec.designs) resolvedDesigns.push_back(scenarioToJson(d.scenario));
  const std::string specHash = contentHash(nlohmann::json{{"spec", spec.raw}, {"designs", resolvedDesigns}});
  auto identityOf = [&](size_t c) { return nlohmann::json{{"spec_hash", specHash}, {"cell", c}}; };
  std::set<std::string> knownLabels;
  for (const auto& e : spec.strategies) knownLabels.insert(e.label);
  const size_t perCell = spec.format == "round-robin" ? 2 : static_cast<size_t>(S);
  // Each design's pools (scenarios with `pools`), and the pools' column
  // groups of the tables: every design's pools by name, in order of first
  // appearance, so designs that rename or replace pools still line up (a
  // design without a pool leaves its columns empty).
  std::vector<std::vector<std::string>> designPools;
  std::vector<std::string> poolColumns;
  for (const auto& d : spec.designs) {
    designPools.push_back(poolNamesOf(d.scenario));
    for (const auto& name : designPools.back())
      if (std::find(poolColumns.begin(), poolColumns.end(), name) == poolColumns.end()) poolColumns.push_back(name);
  }
  // Each design's pools that admit by VaR (at start or by governance), and
  // their column groups, by {prefix, pool} in order of first appearance.
  std::vector<std::vector<std::string>> designAdmits;
  std::vector<std::pair<std::string, std::string>> admissionColumns;
  for (const auto& d : spec.designs) {
    designAdmits.emplace_back();
    for (const auto& col : admissionPoolsOfJson(scenarioToJson(d.scenario), {})) {
      designAdmits.back().push_back(col.first);
      if (std::find(admissionColumns.begin(), admissionColumns.end(), col) == admissionColumns.end())
        admissionColumns.push_back(col);
    }
  }
  // A cell's (or a design's) pool and admission columns from its replications.
  auto columnsOf = [&](size_t d, const std::vector<RepSummary>& reps) {
    std::string out;
    if (!poolColumns.empty())
      out += designPools[d].empty() ? tournamentPoolColumns(poolColumns, {}, {}) : tournamentPoolColumns(poolColumns, designPools[d], reps);
    if (!admissionColumns.empty())
      out += designAdmits[d].empty() ? tournamentAdmissionColumns(admissionColumns, {}, {})
                                     : tournamentAdmissionColumns(admissionColumns, designAdmits[d], reps);
    return out;
  };
  std::map<std::string, size_t> designIndex;
  for (size_t d = 0; d < spec.designs.size(); ++d) designIndex[spec.designs[d].label] = d;
  auto valid = [&](const nlohmann::json& r) {
    const bool named = r.is_object() && r.contains("design") && r["design"].is_string();
    const auto d = named ? designIndex.find(r["design"].get<std::string>()) : designIndex.end();
    if (d == designIndex.end() || !validTournamentResult(r, static_cast<size_t>(spec.reps), designPools[d->second]) ||
        r["strategies"].size() != perCell)
      return false;
    if (!designAdmits[d->second].empty() &&
        !(r.contains("admission") && validTournamentAdmission(r["admission"], designAdmits[d->second], static_cast<size_t>(spec.reps))))
      return false;
    for (const auto& label : r["strategies"])
      if (!knownLabels.count(label.get<std::string>())) return false;
    return true;
  };
  auto stored = [&](size_t c, bool report) {
    std::string why;
    nlohmann::json r = store.load(static_cast<int>(c), identityOf(c), valid, &why);
    if (report && !why.empty() && opt.warn) opt.warn(why);
    return r;
  };
  for (size_t c = 0; c < cells.size(); ++c) {
    const Cell& cell = cells[c];
    const int chain = cell.generation >= 0 ? cell.design : static_cast<int>(c);
    if (chain % opt.ranks != opt.rank) continue;
    const nlohmann::json identity = identityOf(c);
    if (opt.resume) {
      nlohmann::json r = stored(c, true);
      if (!r.is_null() && (opt.series == SeriesFormat::None || cellSeriesExists(seriesDir, static_cast<int>(c)))) {
        lastResult = std::move(r);
        ++skipped;
        if (opt.progress) opt.progress(ran + skipped, static_cast<int>(cells.size()), skipped);
        continue;
      }
    }
    std::vector<double> sh;
    if (cell.generation < 0) {
      sh.assign(cell.who.size(), 1.0 / static_cast<double>(cell.who.size()));
    } else if (cell.generation == 0) {
      sh.assign(cell.who.size(), 1.0 / static_cast<double>(cell.who.size()));
    } else {
      // Replicator step from the previous generation's shares and scores (read back from its result).
      sh = replicatorStep(lastResult["shares"].get<std::vector<double>>(), lastResult["mean"], spec.selection);
    }
    // Strategies with (numerically) no share left are extinct: not in the market.
    std::vector<int> who;
    std::vector<double> whoShares;
    double kept = 0;
    for (size_t k = 0; k < cell.who.size(); ++k)
      if (sh[k] >= 1e-6) { who.push_back(cell.who[k]); whoShares.push_back(sh[k]); kept += sh[k]; }
    if (who.empty()) {  // cannot happen after replicatorStep (its largest share is >= 1/S), but never play an empty market
      const size_t best = static_cast<size_t>(std::max_element(sh.begin(), sh.end()) - sh.begin());
      who.push_back(cell.who[best]);
      whoShares.push_back(1.0);
      kept = 1.0;
    }
    for (double& x : whoShares) x /= kept;
    // Shares must sum to 1 exactly enough for the validator: give the rounding to the last.
    double acc = 0;
    for (size_t k = 0; k + 1 < whoShares.size(); ++k) acc += whoShares[k];
    whoShares.back() = 1.0 - acc;
    nlohmann::json series;
    std::vector<RepSummary> pools;
    const ScenarioDef& design = spec.designs[static_cast<size_t>(cell.design)].scenario;
    std::vector<std::vector<double>> repSeries;
    const auto scores = playMarket(spec, design, who, whoShares, threads, series, pools,
                                   opt.series == SeriesFormat::None ? nullptr : &repSeries, opt.cancel);
    if (opt.series != SeriesFormat::None) {  // before the cell file: a finished cell has its series
      const bool gz = seriesFileName(opt.series, design, static_cast<double>(cells.size()) * spec.reps) == "series.csv.gz";
      SeriesWriter w((fs::path(seriesDir) / cellSeriesName(static_cast<int>(c), gz)).string(), design);
      for (size_t r = 0; r < repSeries.size(); ++r) w.add(static_cast<int>(r), repSeries[r]);
      w.close();
    }

    nlohmann::json res = {{"design", spec.designs[static_cast<size_t>(cell.design)].label}, {"generation", cell.generation}};
    nlohmann::json labels = nlohmann::json::array(), means = nlohmann::json::array(), perRep = nlohmann::json::array();
    for (size_t k = 0; k < cell.who.size(); ++k) {
      labels.push_back(spec.strategies[static_cast<size_t>(cell.who[k])].label);
      const auto pos = std::find(who.begin(), who.end(), cell.who[k]);
      std::vector<double> xs;
      if (pos != who.end())
        for (const auto& r : scores) xs.push_back(r[static_cast<size_t>(pos - who.begin())]);
      const MeanCi m = meanCi95(xs);
      means.push_back(std::isnan(m.mean) ? nlohmann::json(nullptr) : nlohmann::json(m.mean));
      nlohmann::json reps = nlohmann::json::array();
      for (double x : xs) reps.push_back(std::isnan(x) ? nlohmann::json(nullptr) : nlohmann::json(x));
      perRep.push_back(reps);
    }
    res["strategies"] = labels;
    res["shares"] = sh;
    res["mean"] = means;
    res["reps"] = perRep;
    res["series"] = series;
    if (!designPools[static_cast<size_t>(cell.design)].empty())
      res["pools"] = tournamentPoolsJson(designPools[static_cast<size_t>(cell.design)], pools);
    if (!designAdmits[static_cast<size_t>(cell.design)].empty())
      res["admission"] = tournamentAdmissionJson(designAdmits[static_cast<size_t>(cell.design)], pools);
    store.save(static_cast<int>(c), identity, res);
    lastResult = std::move(res);
    ++ran;
    if (opt.progress) opt.progress(ran * opt.ranks + skipped, static_cast<int>(cells.size()), skipped);
  }
  if (opt.ranks > 1) {
    // Every rank's count, summed: rank 0 reports the job's.
    ran = opt.sumOverRanks ? opt.sumOverRanks(ran) : (opt.barrier(), ran);
    if (cellsRun) *cellsRun = ran;
    if (opt.rank != 0) return {};
  }

  // One pass over the cell files, in cell order: per design and strategy the
  // replication-level sum of its scores over the cells it played in (all
  // generations count equally in ecological runs), the designs' ASI and
  // participation paths, and the per-cell rows, written as they come.
  const size_t D = spec.designs.size(), R = static_cast<size_t>(spec.reps);
  std::vector<double> repSum(D * static_cast<size_t>(S) * R, 0.0);
  std::vector<int> repCount(repSum.size(), 0);
  std::vector<std::vector<double>> aSum(D), pSum(D);
  std::vector<std::vector<int>> aN(D), pN(D);
  const fs::path cellsTmp = (dir / "cells.csv").string() + ".tmp", sharesTmp = (dir / "shares.csv").string() + ".tmp";
  std::ofstream cellsCsv(cellsTmp, std::ios::binary), sharesCsv;
  if (spec.format == "ecological") sharesCsv.open(sharesTmp, std::ios::binary);
  cellsCsv << "cell,design,generation,strategy,share,score,score_lo,score_hi";
  writePoolColumnsHeader(cellsCsv, poolColumns);
  writeAdmissionColumnsHeader(cellsCsv, admissionColumns);
  cellsCsv << '\n';
  if (sharesCsv.is_open()) sharesCsv << "design,generation,strategy,share,score\n";
  std::map<std::string, int> strategyIndex;
  for (int k = 0; k < S; ++k) strategyIndex[spec.strategies[static_cast<size_t>(k)].label] = k;
  DesignPoolMeans designMeans;          // the current design's pools, replication by replication
  std::vector<std::string> designCols(D);  // each design's pools' columns in scores.csv
  for (size_t c = 0; c < cells.size(); ++c) {
    const nlohmann::json res = stored(c, false);
    if (res.is_null())
      throw std::runtime_error("cell file '" + store.file(static_cast<int>(c)).string() + "' is missing or damaged after all cells finished");
    const size_t d = static_cast<size_t>(cells[c].design);
    // The cell's pools and admission: one market, so the same columns on each of its strategy rows.
    std::vector<RepSummary> reps;
    if (!designPools[d].empty()) reps = tournamentPoolReps(res["pools"]);
    if (!designAdmits[d].empty()) addTournamentAdmissionReps(res["admission"], reps);
    const std::string cellPools = columnsOf(d, reps);
    if (!reps.empty()) designMeans.add(reps);
    if (c + 1 == cells.size() || static_cast<size_t>(cells[c + 1].design) != d) {  // cells come design by design
      designCols[d] = reps.empty() ? cellPools : columnsOf(d, designMeans.means());
      designMeans.clear();
    }
    for (size_t i = 0; i < res["strategies"].size(); ++i) {
      const size_t k = static_cast<size_t>(strategyIndex.at(res["strategies"][i].get<std::string>()));
      std::vector<double> xs;
      const auto& reps = res["reps"][i];
      for (size_t r = 0; r < reps.size() && r < R; ++r) {
        if (reps[r].is_null()) continue;
        const size_t at = (d * static_cast<size_t>(S) + k) * R + r;
        repSum[at] += reps[r].get<double>();
        ++repCount[at];
        xs.push_back(reps[r].get<double>());
      }
      const MeanCi m = meanCi95(xs);
      cellsCsv << c << ',' << res["design"].get<std::string>() << ',' << res["generation"].get<int>() << ','
               << res["strategies"][i].get<std::string>() << ',' << fmt(res["shares"][i].get<double>()) << ',' << fmt(m.mean)
               << ',' << fmt(m.lo) << ',' << fmt(m.hi) << cellPools << '\n';
      if (sharesCsv.is_open() && res["generation"].get<int>() >= 0)
        sharesCsv << res["design"].get<std::string>() << ',' << res["generation"].get<int>() << ','
                  << res["strategies"][i].get<std::string>() << ',' << fmt(res["shares"][i].get<double>()) << ','
                  << fmt(m.mean) << '\n';
    }
    const auto& sr = res["series"];
    const size_t T = sr["asi"].size();
    aSum[d].resize(T, 0.0), pSum[d].resize(T, 0.0), aN[d].resize(T, 0), pN[d].resize(T, 0);
    for (size_t t = 0; t < T; ++t) {
      if (!sr["asi"][t].is_null()) { aSum[d][t] += sr["asi"][t].get<double>(); ++aN[d][t]; }
      if (!sr["pool_participation"][t].is_null()) { pSum[d][t] += sr["pool_participation"][t].get<double>(); ++pN[d][t]; }
    }
  }
  cellsCsv.close();
  if (!cellsCsv) throw std::runtime_error("cannot write '" + cellsTmp.string() + "'");
  std::vector<TournamentScore> out;
  for (size_t d = 0; d < D; ++d)
    for (int k = 0; k < S; ++k) {
      std::vector<double> xs;
      for (size_t r = 0; r < R; ++r) {
        const size_t at = (d * static_cast<size_t>(S) + static_cast<size_t>(k)) * R + r;
        xs.push_back(repCount[at] ? repSum[at] / repCount[at] : std::nan(""));
      }
      const MeanCi m = meanCi95(xs);
      TournamentScore ts;
      ts.design = spec.designs[d].label;
      ts.strategy = spec.strategies[static_cast<size_t>(k)].label;
      ts.mean = m.mean;
      ts.lo = m.lo;
      ts.hi = m.hi;
      ts.perRep = xs;
      out.push_back(std::move(ts));
    }
  // Rank within each design, best first (undefined scores last).
  for (const auto& design : spec.designs) {
    std::vector<TournamentScore*> ds;
    for (auto& s : out)
      if (s.design == design.label) ds.push_back(&s);
    std::stable_sort(ds.begin(), ds.end(), [](const TournamentScore* a, const TournamentScore* b) {
      if (std::isnan(a->mean)) return false;
      if (std::isnan(b->mean)) return true;
      return a->mean > b->mean;
    });
    for (size_t i = 0; i < ds.size(); ++i) ds[i]->rank = static_cast<int>(i) + 1;
    for (size_t i = 0; i < ds.size() && !ds.empty(); ++i) {
      std::vector<double> diff;
      for (size_t r = 0; r < ds[i]->perRep.size(); ++r) {
        const double a = ds[0]->perRep[r], b = ds[i]->perRep[r];
        diff.push_back(std::isnan(a) || std::isnan(b) ? std::nan("") : a - b);
      }
      const MeanCi g = meanCi95(diff);
      ds[i]->gap = g.mean;
      ds[i]->gapLo = g.lo;
      ds[i]->gapHi = g.hi;
    }
  }
  std::stable_sort(out.begin(), out.end(), [&](const TournamentScore& a, const TournamentScore& b) {
    if (a.design != b.design) {
      size_t ia = 0, ib = 0;
      for (size_t i = 0; i < spec.designs.size(); ++i) {
        if (spec.designs[i].label == a.design) ia = i;
        if (spec.designs[i].label == b.design) ib = i;
      }
      return ia < ib;
    }
    return a.rank < b.rank;
  });
  std::ostringstream scores;
  scores << "design,rank,strategy,score,score_lo,score_hi,gap_to_leader,gap_lo,gap_hi";
  writePoolColumnsHeader(scores, poolColumns);
  writeAdmissionColumnsHeader(scores, admissionColumns);
  scores << '\n';
  for (const auto& s : out)
    scores << s.design << ',' << s.rank << ',' << s.strategy << ',' << fmt(s.mean) << ',' << fmt(s.lo) << ',' << fmt(s.hi)
           << ',' << fmt(s.gap) << ',' << fmt(s.gapLo) << ',' << fmt(s.gapHi) << designCols[designIndex.at(s.design)] << '\n';
  // Per design, the ASI and participation paths, averaged over the design's cells.
  std::ostringstream seriesCsv;
  seriesCsv << "design,step,asi,pool_participation\n";
  for (size_t d = 0; d < D; ++d)
    for (size_t t = 0; t < aSum[d].size(); ++t)
      seriesCsv << spec.designs[d].label << ',' << t << ',' << (aN[d][t] ? fmt(aSum[d][t] / aN[d][t]) : "") << ','
                << (pN[d][t] ? fmt(pSum[d][t] / pN[d][t]) : "") << '\n';
  writeAtomically(dir / "series.csv", seriesCsv.str());
  writeAtomically(dir / "scores.csv", scores.str());
  std::error_code mv;
  fs::rename(cellsTmp, dir / "cells.csv", mv);
  if (mv) throw std::runtime_error("cannot write '" + (dir / "cells.csv").string() + "': " + mv.message());
  if (sharesCsv.is_open()) {
    sharesCsv.close();
    if (!sharesCsv) throw std::runtime_error("cannot write '" + sharesTmp.string() + "'");
    fs::rename(sharesTmp, dir / "shares.csv", mv);
    if (mv) throw std::runtime_error("cannot write '" + (dir / "shares.csv").string() + "': " + mv.message());
  }
  if (cellsRun) *cellsRun = ran;
  return out;
}

}  // namespace mutualab
