// mutualab run SCENARIO: replications -> result files -> headline table.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/book.h"
#include "core/errors.h"
#include "core/metric_labels.h"
#include "core/world.h"
#include "core/scenario_json.h"
#include "experiments/load_scenario.h"
#include "experiments/parallel.h"
#include "experiments/registry_defaults.h"
#include "experiments/results.h"
#include "experiments/run_book.h"
#include "experiments/runner.h"
#include "experiments/series_file.h"
#include "experiments/metric_intervals.h"
#include "experiments/stats.h"
#include "native/cli_validators.h"
#include "native/commands.h"
#include "native/interrupt.h"
#include "native/peak_memory.h"

namespace mutualab::cli {

namespace {

// A run writes events.csv when the scenario has governance of either kind.
bool governed(const ScenarioDef& def) { return !def.governance.schedule.empty() || !def.governance.rules.empty(); }

struct RunArgs {
  std::string scenario;
  std::uint64_t seed = 1;
  int reps = 10;
  int threads = 0;
  std::string out;
  std::vector<std::string> set;
  bool quiet = false;
  std::optional<int> bookAt;  // --book-at: the step after which replication 0's pooled book is written
  std::string series = "auto";  // --series: none | auto | csv | gz
};

std::string cell(const MeanCi& c, const char* f = "%.4g", double scale = 1.0) {
  char buf[160];
  if (std::isnan(c.mean)) return "n/a";
  // A value beyond a billion (a formula's 1e300 fee) in significant digits:
  // "%.3f" would print 300 of them.
  if (std::fabs(c.mean * scale) >= 1e9 || std::fabs(c.hi * scale) >= 1e9) f = "%.4g";
  if (std::isnan(c.lo)) {
    std::snprintf(buf, sizeof buf, f, c.mean * scale);
    return buf;
  }
  char m[32], lo[32], hi[32];
  std::snprintf(m, sizeof m, f, c.mean * scale);
  std::snprintf(lo, sizeof lo, f, c.lo * scale);
  std::snprintf(hi, sizeof hi, f, c.hi * scale);
  std::snprintf(buf, sizeof buf, "%-12s [%s, %s]", m, lo, hi);
  return buf;
}

MeanCi of(const RunResult& r, SummaryMetric m) {
  std::vector<double> xs;
  for (const auto& s : r.reps) xs.push_back(s[m]);
  return metricCi95(kSummaryMetricInfo[static_cast<size_t>(m)].name, xs);
}

MeanCi decile(const RunResult& r, size_t d) {
  std::vector<double> xs;
  for (const auto& s : r.reps) xs.push_back(s.participationByDecile[d]);
  return shareMeanCi95(xs);
}

MeanCi ofPool(const RunResult& r, int k, PoolSummaryMetric m) {
  std::vector<double> xs;
  for (const auto& s : r.reps) xs.push_back(s.pool(k, m));
  return metricCi95(kPoolSummaryMetricInfo[static_cast<size_t>(m)].name, xs);
}

// A row per pool (means; the CIs are in summary.json), then how far failure spread.
void printPools(const RunResult& r) {
  auto mean = [](const MeanCi& c, const char* f, double scale = 1.0) {
    char buf[32];
    if (std::isnan(c.mean)) return std::string("n/a");
    std::snprintf(buf, sizeof buf, f, c.mean * scale);
    return std::string(buf);
  };
  std::printf("\n  %-16s %9s %7s %7s %12s %12s %12s %9s\n", "pool (means)", "particip.", "ASI", "fee %", "LP capital",
              "backstop in", "unpaid", "default");
  std::printf("  %-16s %9s %7s %7s %12s %12s %12s %9s\n", "", "% writers", "sd", "notional", "end", "paid for it",
              "claims", "prob.");
  for (size_t k = 0; k < r.poolNames.size(); ++k) {
    const int K = static_cast<int>(k);
    std::printf("  %-16s %9s %7s %7s %12s %12s %12s %9s\n", r.poolNames[k].c_str(),
                mean(ofPool(r, K, PoolSummaryMetric::Participation), "%.1f", 100).c_str(),
                mean(ofPool(r, K, PoolSummaryMetric::Asi), "%.3f").c_str(),
                mean(ofPool(r, K, PoolSummaryMetric::FeeRate), "%.3f", 100).c_str(),
                mean(ofPool(r, K, PoolSummaryMetric::LpCapitalFinal), "%.0f").c_str(),
                mean(ofPool(r, K, PoolSummaryMetric::LossBackstop), "%.0f").c_str(),
                mean(ofPool(r, K, PoolSummaryMetric::Unpaid), "%.0f").c_str(),
                mean(ofPool(r, K, PoolSummaryMetric::Default), "%.3f").c_str());
  }
  auto contagion = [&](auto get, bool proportion) {
    std::vector<double> xs;
    for (const auto& s : r.reps) xs.push_back(get(s.contagion));
    return proportion ? proportionCi95(xs) : nonNegativeMeanCi95(xs);
  };
  std::printf("\n");
  auto row = [](const char* name, const std::string& value, const char* unit) {
    std::printf("  %-34s %-40s %s\n", name, value.c_str(), unit);
  };
  row("pools defaulted", cell(contagion([](const ContagionSummary& c) { return c.poolsDefaulted; }, false), "%.2f"),
      "pools per replication");
  row("joint default (2+ pools)", cell(contagion([](const ContagionSummary& c) { return c.jointDefault; }, true), "%.3f"),
      "share of reps (Wilson CI)");
  row("shared backstop at end", cell(contagion([](const ContagionSummary& c) { return c.backstopFinal; }, false), "%.0f"),
      "currency");
  row("LP capital migrated", cell(contagion([](const ContagionSummary& c) {
        double s = 0;
        const size_t P = static_cast<size_t>(std::llround(std::sqrt(static_cast<double>(c.lpMoved.size()))));
        for (size_t i = 0; i < P; ++i)
          for (size_t j = 0; j < P; ++j) s += i == j ? 0.0 : c.lpMoved[i * P + j];
        return s;
      }, false), "%.0f"),
      "currency (between pools)");
  row("shared backstop, lowest", cell(contagion([](const ContagionSummary& c) { return c.backstopLowest; }, false), "%.0f"),
      "currency (who paid whom: summary.json contagion)");
}

// What prices the pool(s), in a few words: its fee rule, its menu, or the
// number of pools (each has its own rule or menu).
std::string pricingOf(const ScenarioDef& d) {
  if (!d.pools.empty()) return std::to_string(d.pools.size()) + " pools";
  if (d.pool.menu.empty()) return "fee rule " + d.pool.feeRule.name;
  std::string names;
  for (const ContractDef& c : d.pool.menu) names += (names.empty() ? "" : ", ") + c.name;
  return "menu of " + std::to_string(d.pool.menu.size()) + " contracts (" + names + ")";
}

// A block per contract of every menu (the CIs are in summary.json's menu).
void printMenus(const RunResult& r) {
  auto row = [](const std::string& name, const std::string& value, const char* unit) {
    std::printf("  %-34s %-40s %s\n", name.c_str(), value.c_str(), unit);
  };
  for (size_t c = 0; c < r.contracts.size(); ++c) {
    auto of = [&](ContractSummaryMetric m) {
      std::vector<double> xs;
      for (const auto& s : r.reps) xs.push_back(s.contract(static_cast<int>(c), m));
      return metricCi95(kContractSummaryMetricInfo[static_cast<size_t>(m)].name, xs);
    };
    const std::string p = (r.poolNames.empty() ? "" : r.contracts[c].first + ".") + r.contracts[c].second + ": ";
    std::printf("\n");
    row(p + "share of positions", cell(of(ContractSummaryMetric::Share), "%.1f", 100), "% of all positions written");
    row(p + "takers' mean theta", cell(of(ContractSummaryMetric::MeanTheta), "%.3f"), "notional-weighted");
    row(p + "loss ratio", cell(of(ContractSummaryMetric::LossRatio), "%.3f"), "claims / fees");
  }
}

// A block per pool whose shares trade (the CIs are in summary.json's share_market).
void printShareMarkets(const RunResult& r) {
  auto row = [](const std::string& name, const std::string& value, const char* unit) {
    std::printf("  %-34s %-40s %s\n", name.c_str(), value.c_str(), unit);
  };
  for (size_t j = 0; j < r.shareMarketPrefixes.size(); ++j) {
    auto of = [&](ShareMarketSummaryMetric m) {
      std::vector<double> xs;
      for (const auto& s : r.reps) xs.push_back(s.shareMarket(static_cast<int>(j), m));
      return metricCi95(kShareMarketSummaryMetricInfo[static_cast<size_t>(m)].name, xs);
    };
    const std::string p = r.shareMarketPrefixes[j];
    std::printf("\n");
    row(p + "share discount to NAV, mean", cell(of(ShareMarketSummaryMetric::DiscountMean), "%.2f", 100), "% (steps with a trade)");
    row(p + "share discount to NAV, max", cell(of(ShareMarketSummaryMetric::DiscountMax), "%.2f", 100), "%");
    row(p + "shares traded", cell(of(ShareMarketSummaryMetric::VolumeValue), "%.0f"), "currency");
    row(p + "exits by sale", cell(of(ShareMarketSummaryMetric::SaleExitShare), "%.1f", 100), "% of currency out");
    row(p + "steps to exit, by sale", cell(of(ShareMarketSummaryMetric::SaleExitSteps), "%.1f"), "steps from deciding");
    row(p + "steps to exit, by the queue", cell(of(ShareMarketSummaryMetric::QueueExitSteps), "%.1f"), "steps from the request");
  }
}

// A block per pool that admits by VaR, under a line naming the pool and its
// measure (the CIs are in summary.json's admission).
void printAdmissions(const RunResult& r, const ScenarioDef& def) {
  auto row = [](const char* name, const std::string& value, const char* unit) {
    std::printf("  %-34s %-40s %s\n", name, value.c_str(), unit);
  };
  const std::vector<int> pools = admissionPoolsOf(def);
  for (size_t j = 0; j < r.admissionPrefixes.size() && j < pools.size(); ++j) {
    const size_t k = static_cast<size_t>(pools[j]);
    const AdmissionDef& a = def.pools.empty() ? def.pool.admission : def.pools[k].terms.admission;
    // Its terms at start; a pool that admits by ratio then does by VaR only
    // once governance has it so, on the terms the change gives, and a change
    // may alter a var pool's terms or switch it to ratio (events.csv says when).
    const bool governed = admissionGoverned(def, static_cast<int>(k));
    const char* startMeasure = a.measure == "es" ? "ES" : "VaR";
    const char* measure = !a.byRisk() || governed ? "VaR or ES" : startMeasure;
    char terms[128];
    if (!a.byRisk())
      std::snprintf(terms, sizeof terms, "by VaR or ES, from a governance change");
    else if (governed)
      std::snprintf(terms, sizeof terms, "by %s %g%% over %d days at start, then as governance sets it", startMeasure,
                    a.level * 100, a.horizonDays);
    else
      std::snprintf(terms, sizeof terms, "by %s %g%% over %d days", measure, a.level * 100, a.horizonDays);
    int with = 0;
    for (const auto& s : r.reps) with += std::isnan(s.admission(static_cast<int>(j), AdmissionSummaryMetric::Declined)) ? 0 : 1;
    std::printf("\n  %s admission %s", def.pools.empty() ? "pool's" : ("pool " + def.pools[k].name + ":").c_str(), terms);
    if (with < static_cast<int>(r.reps.size())) std::printf(", in %d of %zu replications", with, r.reps.size());
    std::printf("\n");
    auto of = [&](AdmissionSummaryMetric m) {
      std::vector<double> xs;
      for (const auto& s : r.reps) xs.push_back(s.admission(static_cast<int>(j), m));
      return metricCi95(kAdmissionSummaryMetricInfo[static_cast<size_t>(m)].name, xs);
    };
    char unit[64];
    std::snprintf(unit, sizeof unit, "(V(0) + %s) / (LP capital + fund)", measure);
    row("quotes its test declined", cell(of(AdmissionSummaryMetric::Declined), "%.1f"), "quotes a replication");
    row("peak liability / capital", cell(of(AdmissionSummaryMetric::UtilizationMax), "%.3f"), unit);
    row("steps ending over capital", cell(of(AdmissionSummaryMetric::OverSteps), "%.1f"), "steps");
  }
}

// bookPositions: the open pooled positions book.csv holds (with --book-at).
void printTable(const RunResult& r, const LoadedScenario& sc, const RunArgs& a, double seconds, int threads,
                const std::string& outDir, const std::string& seriesFile, int bookPositions) {
  auto row = [](const char* name, const std::string& value, const char* unit = "") {
    std::printf("  %-34s %-40s %s\n", name, value.c_str(), unit);
  };
  std::printf("\nmutualab run %s  (%s)\n", sc.def.name.c_str(), sc.source.c_str());
  // Replications are the unit of work: no more threads run than there are.
  const int used = std::min(threads, a.reps);
  const std::string threadNote =
      used < threads ? " (one per replication; --threads " + std::to_string(threads) + " asked)" : "";
  std::printf("  %s | %d writers, %d LPs, %d steps of %g day(s) | seed %llu, %d replications, %d thread(s)%s, %.2f s, "
              "peak memory %s\n\n",
              pricingOf(sc.def).c_str(), sc.def.writers.count, sc.def.lps.count, sc.def.sim.steps,
              sc.def.sim.stepDays, static_cast<unsigned long long>(a.seed), a.reps, used, threadNote.c_str(), seconds,
              formatBytes(peakMemoryBytes()).c_str());
  // A headline metric's row in the words of core/metric_labels.h (the playground's too): a
  // share prints in %, its unit after "%".
  // A value some replications leave undefined (no pooled position to take
  // an ASI of) says from how many it comes.
  auto metric = [&](SummaryMetric m, const char* format) {
    const MetricLabel l = summaryMetricLabel(m);
    const bool share = l.kind == ValueKind::Share;
    const MeanCi c = of(r, m);
    std::string value = cell(c, format, share ? 100 : 1);
    if (c.n < static_cast<int>(r.reps.size()))
      value += "  (" + std::to_string(c.n) + " of " + std::to_string(r.reps.size()) + " reps)";
    row(l.label, value, share ? ("% " + std::string(l.unit)).c_str() : l.unit);
  };
  std::printf("  %-34s %-40s %s\n", "metric (mean over replications)", "mean         [95% CI]", "unit");
  metric(SummaryMetric::Asi, "%.3f");
  metric(SummaryMetric::Participation, "%.1f");
  row("  safest theta decile", cell(decile(r, 0), "%.1f", 100), "% of writers");
  row("  middle (5th) decile", cell(decile(r, 4), "%.1f", 100), "% of writers");
  row("  riskiest theta decile", cell(decile(r, 9), "%.1f", 100), "% of writers");
  // Censored at the horizon: the median step (not reached until half unraveled) and the share that did.
  std::vector<double> unrSteps;
  for (const auto& s : r.reps) unrSteps.push_back(s[SummaryMetric::UnravelingStep]);
  const EventTimeCi unr = censoredMedianCi95(unrSteps);
  auto bound = [](double v, bool beyond) {
    char b[24];
    if (beyond) return std::string("after end");
    if (std::isnan(v)) return std::string("n/a");
    std::snprintf(b, sizeof b, "%.0f", v);
    return std::string(b);
  };
  char ubuf[128];
  if (std::isnan(unr.median))
    std::snprintf(ubuf, sizeof ubuf, "not reached  (%d of %d reps)", unr.events, unr.n);
  else
    std::snprintf(ubuf, sizeof ubuf, "%-12.0f [%s, %s]  (%d of %d reps)", unr.median, bound(unr.lo, unr.loBeyond).c_str(),
                  bound(unr.hi, unr.hiBeyond).c_str(), unr.events, unr.n);
  row((std::string(summaryMetricLabel(SummaryMetric::UnravelingStep).label) + ", median").c_str(), ubuf,
      "step (censored at the end)");
  if (r.contracts.empty())
    metric(SummaryMetric::FeeRate, "%.3f");
  else
    row(summaryMetricLabel(SummaryMetric::FeeRate).label, cell(of(r, SummaryMetric::FeeRate), "%.3f", 100),
        "% of notional (mean quote, every contract)");
  metric(SummaryMetric::LossRatio, "%.3f");
  // A fee rule that gave no valid fee (a formula's NaN, infinity or
  // negative result) offered those writers no pool: say so, not only in summary.json.
  if (const MeanCi refused = of(r, SummaryMetric::FeeQuotesRefused); refused.mean > 0)
    row(summaryMetricLabel(SummaryMetric::FeeQuotesRefused).label, cell(refused, "%.0f"),
        "quotes a replication with no finite fee >= 0 (no pool offered; check the fee rule)");
  {
    std::vector<double> xs;
    for (const auto& s : r.reps) xs.push_back(s[SummaryMetric::PoolDefault]);
    row(summaryMetricLabel(SummaryMetric::PoolDefault).label, cell(proportionCi95(xs), "%.3f"), "share of reps (Wilson CI)");
  }
  metric(SummaryMetric::LpReturnMean, "%.2f");
  metric(SummaryMetric::LpCountFinal, "%.1f");
  metric(SummaryMetric::LpCvar5, "%.3f");
  metric(SummaryMetric::InsuranceFundFinal, "%.0f");
  metric(SummaryMetric::BuyerShortfall, "%.0f");
  metric(SummaryMetric::CapEffSiloed, "%.2f");
  metric(SummaryMetric::CapEffPooled, "%.2f");
  metric(SummaryMetric::LedgerMaxImbalance, "%.6g");
  if (!r.poolNames.empty()) printPools(r);
  if (!r.contracts.empty()) printMenus(r);
  if (!r.shareMarketPrefixes.empty()) printShareMarkets(r);
  if (!r.admissionPrefixes.empty()) printAdmissions(r, sc.def);
  std::printf("\n  files: %s/summary.json  %s/timeseries.csv  %s/agents.csv  %s/replications.csv%s%s\n\n", outDir.c_str(),
              outDir.c_str(), outDir.c_str(), outDir.c_str(),
              seriesFile.empty() ? "" : ("  " + outDir + "/" + seriesFile).c_str(),
              governed(sc.def) ? ("  " + outDir + "/events.csv").c_str() : "");
  if (a.bookAt && bookPositions > 0)
    std::printf("  book after step %d: %s/book.csv  %s/book.json  (%d positions; measure it: mutualab risk %s/book.json)\n\n",
                *a.bookAt, outDir.c_str(), outDir.c_str(), bookPositions, outDir.c_str());
  else if (a.bookAt)
    std::printf("  book after step %d: %s/book.csv  %s/book.json  (no open pooled positions then: nothing for risk to "
                "measure)\n\n",
                *a.bookAt, outDir.c_str(), outDir.c_str());
}

int runCommand(const RunArgs& a) {
  const LoadedScenario sc = loadScenario(a.scenario, a.set);  // throws InputError before anything runs
  checkThreads(a.threads);
  const int threads = a.threads > 0 ? a.threads : defaultThreadCount();
  checkRunSize(sc.def, a.reps, threads);  // --reps in range, memory of the replications run at once
  const std::string outDir = a.out.empty() ? "out/" + sc.def.name : a.out;
  if (a.bookAt) checkBookAt(sc.def, *a.bookAt, "--book-at");

  const SeriesFormat seriesFormat = parseSeriesFormat(a.series, "--series");
  // The output folder is checked (and its fresh sibling made) before anything
  // runs: a refused --out costs nothing, and series.csv streams into it.
  std::unique_ptr<ResultsDirWriter> dir;
  try {
    dir = std::make_unique<ResultsDirWriter>(outDir);
  } catch (const std::exception& e) {
    throw InputError("--out", e.what());
  }
  const std::string seriesFile = seriesFileName(seriesFormat, sc.def, a.reps);
  std::unique_ptr<SeriesWriter> series;
  RunOptions opt;
  try {
    if (!seriesFile.empty()) {
      series = std::make_unique<SeriesWriter>(dir->pathOf(seriesFile), sc.def);
      opt.onSeries = [&series](int rep, const std::vector<double>& x) { series->add(rep, x); };
    }
  } catch (const std::exception& e) {
    throw InputError("--out", e.what());
  }
  opt.seed = a.seed;
  opt.reps = a.reps;
  opt.threads = threads;
  opt.cancel = interruptFlag();  // Ctrl-C: stop, and leave no output folder
  const bool tty = !a.quiet && ::isatty(2);
  const auto start = std::chrono::steady_clock::now();
  if (tty) {
    // One line, redrawn: replications finished, and the share of all their
    // steps done (so one large replication shows its progress too).
    auto shown = std::make_shared<std::pair<int, double>>(0, 0.0);  // replications done, share of steps done
    auto draw = [start, shown, total = a.reps] {
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const double share = shown->second;
      std::fprintf(stderr, "\r  replications %d/%d  steps %3.0f%%  elapsed %.1fs  eta %.1fs   ", shown->first, total,
                   100.0 * share, el, share > 0 ? el / share * (1.0 - share) : 0.0);
    };
    opt.progress = [shown, draw](int done, int total) {
      shown->first = done;
      draw();
      if (done == total) std::fprintf(stderr, "\n");
    };
    opt.stepProgress = [shown, draw](double share) {
      shown->second = share;
      draw();
    };
  }
  RunResult r;
  try {
    r = runReplications(sc.def, opt);
  } catch (const SeriesWriteError& e) {
    // Not an internal error: the folder's disk is full (until 2026-12-05 said "internal error", exit 1).
    throw InputError("--out", std::string(e.what()) + "; no results were written, and an earlier run's in '" + outDir +
                                  "' stay as they were");
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const nlohmann::json summary = summaryJson(r, sc.resolved, a.seed);
  int bookPositions = 0;
  try {
    if (series) series->close();
    // Each file written as it is made, so only one file's text is held at
    // once (agents.csv of 10 million writers is about 900 MB).
    dir->add("summary.json", summary.dump(2) + "\n");
    dir->add("timeseries.csv", timeseriesCsv(r, sc.def.sim.stepDays));
    dir->add("agents.csv", [&r](std::ostream& o) { writeAgentsCsv(o, r); });
    dir->add("replications.csv", replicationsCsv(r));
    if (governed(sc.def)) dir->add("events.csv", eventsCsv(sc.def, r.reps));
    if (a.bookAt) {
      const RunBookFiles book = runBookFiles(sc, a.seed, *a.bookAt);
      bookPositions = book.positions;
      dir->add("book.csv", book.csv);
      dir->add("book.json", book.json);
    }
    dir->commit();
  } catch (const std::exception& e) {
    throw InputError("--out", e.what());
  }
  if (!a.quiet) printTable(r, sc, a, seconds, threads, outDir, seriesFile, bookPositions);
  return 0;
}

}  // namespace

void addRun(CLI::App& app, int& exitCode) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario's replications and write summary.json, timeseries.csv, "
                                            "series.csv, agents.csv and replications.csv");
  cmd->footer(
      "SCENARIO is a JSON file or preset:NAME (see `mutualab presets`). Missing fields take their defaults\n"
      "(docs/scenario-reference.md). Results depend on the seed alone, not on --threads.\n"
      "Prices from data: --set market/pricePath/file=crash.csv (a CSV with header time,asset,price; time in days\n"
      "from the start; each step takes the last price at or before its day). Every replication then sees those\n"
      "prices and differs only in agents and demand; summary.json cites the file, its rows and FNV-1a hash.\n\n"
      "Examples:\n"
      "  mutualab run preset:akerlof-flat-fee\n"
      "  mutualab run preset:akerlof-flat-fee --set pool/feeRule/name=credibility --out out/cred\n"
      "  mutualab run preset:black-swan --set market/pricePath/file=experiments/examples/crash.csv --reps 20\n"
      "  mutualab run my.json --reps 50 --seed 7 --set writers/theta/sd=0.3 --set market/assets/0/volAnnual=0.9");
  cmd->add_option("SCENARIO", args->scenario, "scenario JSON file or preset:NAME")->required();
  cmd->add_option("--seed", args->seed, "master seed; every random stream derives from (seed, replication, agent, purpose)")
      ->check(kSeedValidator)
      ->capture_default_str();
  cmd->add_option("--reps", args->reps, "replications, 1 to 1000000; means and 95% CIs are over these")->capture_default_str();
  cmd->add_option("--threads", args->threads, "worker threads (0 = all cores); results do not depend on it")
      ->capture_default_str();
  cmd->add_option("--out", args->out,
                  "output directory (default out/<scenario name>); replaced atomically. It must be new, empty, or an "
                  "earlier run's results with nothing added: a folder holding other files is refused, never emptied")
      ->check(kNonEmpty);
  cmd->add_option("--set", args->set, "override a scenario value: path=value (JSON pointer path, JSON value); repeatable; `mutualab fields` lists every path with its range, unit and meaning");
  cmd->add_option("--book-at", args->bookAt,
                  "also write the pool's open book after step STEP of replication 0: book.csv (one row per pooled "
                  "position) and book.json (the same, with the capital behind it, the market and its shock), for `mutualab risk`")
      ->check(kNonEmpty);
  cmd->add_option("--series", args->series,
                  "per-replication, per-step series in long form (replication, step, day, then timeseries.csv's "
                  "columns; `mutualab metrics` lists them): auto writes series.csv, or series.csv.gz above 2 million "
                  "values; csv, gz or none force it")
      ->capture_default_str();
  cmd->add_flag("--quiet", args->quiet, "print nothing on success");
  cmd->callback([args, &exitCode] { exitCode = runCommand(*args); });
}

void addValidate(CLI::App& app, int& exitCode) {
  auto spec = std::make_shared<std::string>();
  auto sets = std::make_shared<std::vector<std::string>>();
  auto print = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("validate", "Check a scenario (types, ranges, names) without running it");
  cmd->add_option("SCENARIO", *spec, "scenario JSON file or preset:NAME")->required();
  cmd->add_option("--set", *sets, "override a scenario value: path=value; repeatable (paths: `mutualab fields`)");
  cmd->add_flag("--print", *print,
                "print the resolved scenario as JSON with every default filled in, the fee rules', strategies' and "
                "learners' params included; it runs the same as the scenario given");
  cmd->callback([spec, sets, print, &exitCode] {
    const LoadedScenario sc = loadScenario(*spec, *sets);
    if (*print) {
      std::cout << withRegistryDefaults(sc.resolved).dump(2) << '\n';
    } else {
      std::cout << "ok: " << sc.def.name << " - " << sc.def.writers.count << " writers, " << sc.def.lps.count
                << " LPs, " << sc.def.market.assets.size() << " asset(s), " << sc.def.sim.steps << " steps, "
                << pricingOf(sc.def) << (sc.def.pool.enabled ? "" : " (pool disabled)") << '\n';
      const PricePathDef& data = sc.def.market.pricePath;
      if (data.fromData())
        std::cout << "    prices from " << data.file << ": " << data.rows << " rows, FNV-1a " << data.fnv1a64
                  << " (the same in every replication)\n";
    }
    exitCode = 0;
  });
}

}  // namespace mutualab::cli
