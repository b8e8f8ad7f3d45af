// mutualab backtest SCENARIO: the risk engine's VaR and ES forecasts held
// against the losses a run's own books realized (experiments/backtest.h,
// docs/risk.md section 12): exceptions, Kupiec, the exact binomial,
// Basel's traffic light, Christoffersen's independence and an ES ratio.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/errors.h"
#include "core/format_number.h"
#include "core/risk_engine.h"
#include "experiments/backtest.h"
#include "experiments/load_scenario.h"
#include "experiments/output_dir.h"
#include "experiments/results.h"
#include "experiments/parallel.h"
#include "experiments/runner.h"
#include "native/cli_validators.h"
#include "native/commands.h"
#include "native/interrupt.h"
#include "native/plot.h"

namespace mutualab::cli {

namespace {

struct BacktestArgs {
  std::string scenario;
  std::vector<std::string> set;
  int horizonDays = 1;
  std::vector<std::string> levels;
  double samples = 20000;
  int from = 1;
  int every = 0;
  int reps = 1;
  std::uint64_t seed = 1;
  int threads = 0;
  std::string pool;
  std::string out;
  bool noPlot = false;
  bool quiet = false;
};

std::string pValue(double p) {
  if (std::isnan(p)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, p < 0.001 ? "%.1e" : "%.3f", p);
  return buf;
}

int backtestCommand(const BacktestArgs& a) {
  // 1. Everything is checked before anything runs or is written.
  checkThreads(a.threads);
  const LoadedScenario sc = loadScenario(a.scenario, a.set);
  BacktestDef b;
  b.horizonDays = a.horizonDays;
  b.levels = parseLevels(a.levels);
  b.samples = wholeCount(a.samples, "--samples", 1, 1e15);
  b.from = a.from;
  b.every = a.every;
  b.reps = a.reps;
  b.seed = a.seed;
  b.pool = a.pool.empty() ? -1 : backtestPool(sc.def, a.pool, "--pool");
  const std::string outDir = a.out.empty() ? "out/backtest" : a.out;
  std::unique_ptr<ResultsDirWriter> dir;
  const int threads = a.threads > 0 ? a.threads : defaultThreadCount();
  BacktestOptions opt;
  opt.threads = threads;
  opt.cancel = interruptFlag();  // Ctrl-C: stop, and leave no output folder
  const auto start = std::chrono::steady_clock::now();
  if (!a.quiet && ::isatty(2)) {
    opt.progress = [start](int done, int total) {
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "\r  forecasts: date %d/%d  %3.0f%%  elapsed %.1fs  eta %.1fs   ", done, total,
                   100.0 * done / total, el, el / done * (total - done));
      if (done == total) std::fprintf(stderr, "\n");
    };
  }
  // The terms, then the output folder (its fresh sibling made), before anything runs.
  validateBacktest(sc.def, b);
  try {
    dir = std::make_unique<ResultsDirWriter>(outDir, "backtest");
  } catch (const std::exception& e) {
    throw InputError("--out", e.what());
  }
  const BacktestResult r = runBacktest(sc.def, b, opt);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // 2. Files, whole or not at all; then the figure.
  const int every = b.everySteps();
  const nlohmann::json context = backtestContext(sc.def, sc.source, b, a.set);
  try {
    for (const auto& [name, text] : backtestFiles(b, r, context)) dir->add(name, text);
    dir->commit();
  } catch (const std::exception& e) {
    throw InputError("--out", e.what());
  }
  if (a.quiet) {
    if (!a.noPlot) drawBacktestFigure(outDir, true);
    return 0;
  }

  // 3. The table.
  std::printf("\nmutualab backtest %s  (%s)\n", sc.def.name.c_str(), sc.source.c_str());
  std::printf("  %d replication(s); a date every %d step(s) from step %d; horizon %d day(s)%s\n", b.reps, every, b.from,
              b.horizonDays, every < b.horizonDays ? " (overlapping)" : "");
  if (r.testStride > 1)
    std::printf("  horizons overlap, so neighbouring dates' exceptions share days and are not independent: the tests\n"
                "  use one date in %d of each replication, whose horizons do not (the last column counts every date)\n",
                r.testStride);
  std::printf("  %zu dates tested", r.rows.size());
  if (r.datesWithoutPositions > 0) std::printf(", %d without open pooled positions", r.datesWithoutPositions);
  if (r.datesExpiringWithin > 0) std::printf(", %d whose every position expired within the horizon", r.datesExpiringWithin);
  std::printf("; %s\n", b.pool < 0 ? "every pool's positions together" : ("pool " + context["pool"].get<std::string>()).c_str());
  const int used = std::max(1, std::min<int>(threads, static_cast<int>(r.rows.size())));
  std::printf("  %lld samples a date, seed %llu, %d thread(s), %.2f s (%.3g repricings, %.1f M/s)\n", b.samples,
              static_cast<unsigned long long>(b.seed), used, seconds, r.repricings,
              seconds > 0 ? r.repricings / seconds / 1e6 : 0.0);
  if (sc.def.shock.step >= 1)
    std::printf("  note: the scenario's shock at step %d is in the run's prices; no forecast foresees it\n", sc.def.shock.step);
  if (sc.def.market.pricePath.fromData())
    std::printf("  note: the run's prices are the data's (%s); each forecast simulates the horizon from the market's\n"
                "  drift, volatility, jumps and regimes, so the test is of that model against the data\n",
                sc.def.market.pricePath.file.c_str());
  std::printf("\n  %-7s %6s %10s %9s %8s %9s %11s %7s %15s %9s%s\n", "level", "dates", "exceptions", "expected", "rate",
              "Kupiec p", "P(X >= x)", "zone", "independence p", "ES ratio", r.testStride > 1 ? "   all dates" : "");
  for (const BacktestLevel& l : r.levels) {
    char rate[16], ratio[16];
    std::snprintf(rate, sizeof rate, "%.2f%%", l.dates > 0 ? 100.0 * l.exceptions / l.dates : 0.0);
    if (std::isnan(l.esRatio)) std::snprintf(ratio, sizeof ratio, "n/a");
    else std::snprintf(ratio, sizeof ratio, "%.2f", l.esRatio);
    const size_t k = static_cast<size_t>(&l - r.levels.data());
    const std::string all = r.testStride > 1 ? "   " + std::to_string(r.exceptionsAllDates[k]) + " of " + std::to_string(r.rows.size()) : "";
    std::printf("  %-7s %6d %10d %9.2f %8s %9s %11s %7s %15s %9s%s\n", (shortestNumber(l.level * 100) + "%").c_str(), l.dates,
                l.exceptions, l.expected, rate, pValue(l.kupiecP).c_str(), pValue(l.pTooMany).c_str(),
                trafficLightName(l.zone), pValue(l.independenceP).c_str(), ratio, all.c_str());
  }
  std::printf("  (an exception: the realized loss V(H) - V(0) on the run's own prices beat the VaR forecast that date;\n"
              "   Kupiec and P(X >= x) test the count, the zone is Basel's traffic light for this many dates,\n"
              "   independence is Christoffersen's, ES ratio the mean of realized / ES over exceptions: backtest.json)\n");
  std::printf("\n  files: %s/backtest.csv  %s/backtest.json\n", outDir.c_str(), outDir.c_str());
  if (!a.noPlot) drawBacktestFigure(outDir, false);
  std::printf("\n");
  return 0;
}

}  // namespace

void addBacktest(CLI::App& app, int& exitCode) {
  auto a = std::make_shared<BacktestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "backtest", "Hold the risk engine's VaR and ES forecasts against the losses a run's books realized");
  cmd->footer(
      "Runs SCENARIO's replications and, on each date (a step: --from, then every --every steps), takes the pool's\n"
      "open book as run --book-at does, forecasts its VaR and ES over --horizon-days as `mutualab risk` would\n"
      "(the scenario's market, from that date's regime, --samples samples from the date's own stream), and sets\n"
      "against them the loss the book realized over the horizon on the run's own prices and the pool's own mark:\n"
      "L = V(H) - V(0), currency, each position read as the engine reads it (docs/risk.md section 3).\n"
      "The engine simulates the market the run draws from, so a correct engine's VaR at level q is exceeded on\n"
      "about 1 - q of the dates; a scenario's scheduled shock, or prices from data, show what it does not foresee.\n\n"
      "Tests, per level: exceptions against Binomial(dates, 1 - q) (Kupiec's LR and the exact tail), Basel's\n"
      "traffic light generalized to any number of dates (green while P(X <= x) < 0.95, red from 0.9999),\n"
      "Christoffersen's independence of consecutive exceptions, and the mean realized / ES over exceptions.\n"
      "Dates every --every steps (default: the horizon, so horizons do not overlap). Needs sim/stepDays 1.\n"
      "Results depend on the seed alone, never on --threads. Files backtest.csv (a row per date) and backtest.json;\n"
      "figure.png and figure.svg. docs/risk.md section 12.\n\n"
      "Examples:\n"
      "  mutualab backtest preset:akerlof-flat-fee --reps 4 --out out/bt\n"
      "  mutualab backtest preset:lp-run --horizon-days 5 --levels 0.99 --samples 50000 --out out/bt-lp\n"
      "  mutualab backtest preset:black-swan --from 100 --out out/bt-swan          (a shock no forecast foresees)\n"
      "  mutualab backtest preset:tiered-pools --pool eth --out out/bt-eth");
  cmd->add_option("SCENARIO", a->scenario, "scenario JSON file or preset:NAME")->required();
  cmd->add_option("--set", a->set, "override a scenario value: path=value (JSON pointer path, JSON value); repeatable");
  cmd->add_option("--horizon-days", a->horizonDays, "horizon H of each forecast, whole days")->capture_default_str();
  cmd->add_option("--levels", a->levels, "confidence levels of VaR and ES, each in (0, 1), comma-separated")
      ->type_name("FLOAT,...")
      ->default_str("0.99,0.975");
  cmd->add_option("--samples", a->samples, "Monte Carlo samples of each date's forecast (2e4 or 20000)")
      ->check(kNonEmpty)
      ->capture_default_str();
  cmd->add_option("--from", a->from, "the first date: the step after which the first book is taken")->capture_default_str();
  cmd->add_option("--every", a->every, "steps between dates (0 = the horizon, so horizons do not overlap)")->capture_default_str();
  cmd->add_option("--reps", a->reps, "replications, each its own world and dates, 1 to 10000")->capture_default_str();
  cmd->add_option("--seed", a->seed, "the run's seed; each date's forecast draws from (seed, replication, date)")
      ->check(kSeedValidator)
      ->capture_default_str();
  cmd->add_option("--threads", a->threads, "worker threads (0 = all cores); results do not depend on it")->capture_default_str();
  cmd->add_option("--pool", a->pool, "one pool's positions (a name or an index); default: every pool's together")
      ->check(kNonEmpty);
  cmd->add_option("--out", a->out, "output directory (default out/backtest); replaced whole, never half-written")
      ->check(kNonEmpty);
  cmd->add_flag("--no-plot", a->noPlot, "do not draw figure.png / figure.svg");
  cmd->add_flag("--quiet", a->quiet, "print nothing on success");
  cmd->callback([a, &exitCode] { exitCode = backtestCommand(*a); });
}

}  // namespace mutualab::cli
