// mutualab sweep SPEC: a grid, random or explicit-cell sweep over scenario parameters, with
// replications per cell; each finished cell is saved at once, --resume
// continues an interrupted sweep to the same final files.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <unistd.h>

#include "core/errors.h"
#include "experiments/parallel.h"
#include "experiments/sweep.h"
#include "experiments/sweep_paired.h"
#include "native/batch_cli.h"
#include "native/cli_validators.h"
#include "native/commands.h"
#include "native/interrupt.h"
#include "native/mpi_context.h"
#include "native/plot.h"

namespace mutualab::cli {

namespace {

// How the terminal shows a headline difference: shares and probabilities in
// percentage points, money in whole currency.
struct PairedShown {
  const char* format;
  double scale;
  const char* unit;
};
PairedShown pairedShown(const std::string& metric) {
  if (metric == "adverse_selection_index") return {"%+.3f", 1, "sd of theta"};
  if (metric == "lp_return_mean") return {"%+.2f", 100, "points of % a year"};
  if (metric.rfind("welfare_", 0) == 0 || metric == "loss_lp" || metric == "buyer_shortfall")
    return {"%+.0f", 1, "currency per replication"};
  return {"%+.1f", 100, "points of %"};  // shares and probabilities
}

// The headline differences of the first cells (all of them are in paired.csv).
void printPaired(const std::vector<PairedHeadline>& paired, const SweepSpec& spec, const std::string& dir) {
  std::printf("\n  each cell minus its baseline, paired by replication (common random numbers): the mean\n"
              "  difference and its 95%% CI over %d replications; * = the CI excludes 0\n",
              spec.reps);
  if (spec.reps < 2) std::printf("  (one replication: no interval for a mean difference; 0/1 outcomes get Tango's)\n");
  for (const auto& h : paired) {
    std::printf("\n  %s  minus  %s\n", h.cell.c_str(), h.baseline.c_str());
    for (const auto& d : h.diffs) {
      const PairedShown f = pairedShown(d.metric);
      auto num = [&](double v) {
        char buf[40];
        if (std::isnan(v)) return std::string("n/a");
        std::snprintf(buf, sizeof buf, f.format, v * f.scale);
        std::string t = buf;
        // A value that rounds to zero is 0, not "-0" or "+0.0".
        if (t.find_first_not_of("+-0.") == std::string::npos) t = t.substr(1);
        return t;
      };
      const bool excludes = !std::isnan(d.ci.lo) && (d.ci.lo > 0 || d.ci.hi < 0);
      const std::string ci = std::isnan(d.ci.lo) ? "" : "[" + num(d.ci.lo) + ", " + num(d.ci.hi) + "]";
      // Fewer pairs than replications where the metric is undefined in some (an ASI with nothing pooled).
      const std::string fewer = d.ci.n < spec.reps ? ", " + std::to_string(d.ci.n) + " of " + std::to_string(spec.reps) + " paired" : "";
      std::printf("    %-26s %10s %-26s %-2s %s%s\n", d.metric.c_str(), num(d.ci.mean).c_str(), ci.c_str(),
                  excludes ? "*" : "", f.unit, fewer.c_str());
    }
  }
  const long long rows = sweepPairedCellCount(spec);
  if (rows > static_cast<long long>(paired.size()))
    std::printf("\n  (%lld more cells in paired.csv)\n", rows - static_cast<long long>(paired.size()));
  std::printf("  every metric of every cell: %s/paired.csv\n", dir.c_str());
}

}  // namespace

void addSweep(CLI::App& app, int& exitCode) {
  auto a = std::make_shared<BatchArgs>();
  CLI::App* cmd = app.add_subcommand("sweep", "Sweep scenario parameters (grid, random, or explicit labelled cells) with replications per cell");
  cmd->footer(
      "SPEC is a JSON file (experiments/sweeps/ holds ready ones), for example:\n"
      "  {\"name\": \"fee-loading\", \"scenario\": \"preset:akerlof-flat-fee\", \"reps\": 20, \"seed\": 1,\n"
      "   \"set\": [\"sim/steps=200\"],\n"
      "   \"grid\": {\"pool/feeRule/params/loading\": [0, 0.1, 0.2], \"writers/theta/sd\": [0.1, 0.25]}}\n"
      "or, instead of grid, \"random\": {\"samples\": 50, \"params\": {\"pool/feeRule/params/loading\": {\"min\": 0, \"max\": 1},\n"
      "   \"pool/feeRule/name\": {\"choices\": [\"flat\", \"risk-based\"]}}}.\n"
      "Explicit cells compare designs whose params differ (alone, or crossed with a grid; cells vary slowest):\n"
      "  \"cells\": [{\"label\": \"flat 20%\", \"set\": {\"pool/feeRule/name\": \"flat\", \"pool/feeRule/params/loading\": 0.2}},\n"
      "            {\"label\": \"credibility k=5\", \"set\": {\"pool/feeRule/name\": \"credibility\", \"pool/feeRule/params/k\": 5}}]\n"
      "  (e.g. experiments/sweeps/fee-rules-by-volatility.json; docs/batch.md section 1).\n"
      "\"baseline\" pairs every cell with the design it is compared with, replication by replication (every\n"
      "cell runs the same seed: common random numbers), which gives much tighter intervals than two cells' own:\n"
      "  \"baseline\": \"flat 20%\"   (a cell's label)   or   \"baseline\": {\"pool/admission/rule\": \"ratio\"}   (grid values)\n"
      "  (e.g. experiments/sweeps/ratio-vs-var-admission.json).\n"
      "Writes DIR/sweep.csv (one row per cell: its label with explicit cells, parameters, every summary\n"
      "metric with _lo/_hi 95% CI), DIR/cells/cell-NNNNN.json (each written when its cell finishes),\n"
      "DIR/spec.json and DIR/params.json (each parameter's name, unit and meaning, for figures); with --series,\n"
      "DIR/series/cell-NNNNN.csv (per replication and step, long form; pandas reads .csv.gz as is); with a\n"
      "baseline, DIR/paired.csv (per cell and metric: the mean difference from its baseline, its 95% CI, the\n"
      "replications paired and the method).");
  addBatchOptions(cmd, *a, "sweep spec JSON file", "output directory (default out/sweep-<name>)");
  cmd->callback([a, &exitCode] {
    checkThreads(a->threads);
    const SweepSpec spec = loadSweepSpec(a->spec);  // every cell validated before anything runs
    SweepOptions opt;
    opt.threads = a->threads > 0 ? a->threads : defaultThreadCount();
    opt.resume = a->resume;
    opt.series = parseSeriesFormat(a->series, "--series");
    opt.outDir = a->out.empty() ? "out/sweep-" + spec.name : a->out;
    const auto start = std::chrono::steady_clock::now();
    opt.rank = mpiRank();
    opt.ranks = mpiSize();
    opt.barrier = mpiBarrier();
    opt.sumOverRanks = mpiSum();
    opt.cancel = interruptFlag();
    opt.progress = batchProgress(start, showProgress(*a, opt.rank));
    opt.warn = batchWarning(a->quiet);
    std::vector<PairedHeadline> paired;
    opt.pairedHeadlines = &paired;
    const int ran = writingTo([&] { return runSweep(spec, opt); });
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!a->quiet && opt.rank == 0) {
      // ran is the job's count, every rank's cells (MPI).
      const std::string where = opt.ranks > 1 ? std::to_string(opt.ranks) + " MPI ranks x " + std::to_string(opt.threads)
                                              : std::to_string(opt.threads);
      std::printf("sweep %s: %zu cells x %d replications (%d run now, %zu resumed) in %.2f s on %s thread(s), %.1f cells/s\n",
                  spec.name.c_str(), static_cast<size_t>(spec.cellCount), spec.reps, ran,
                  static_cast<size_t>(spec.cellCount) - static_cast<size_t>(ran), secs, where.c_str(), secs > 0 ? ran / secs : 0.0);
      std::printf("  files: %s/sweep.csv  %s/cells/  %s/spec.json  %s/params.json%s\n", opt.outDir.c_str(),
                  opt.outDir.c_str(), opt.outDir.c_str(), opt.outDir.c_str(),
                  opt.series == SeriesFormat::None ? "" : ("  " + opt.outDir + "/series/").c_str());
    }
    if (!a->quiet && opt.rank == 0 && spec.paired()) printPaired(paired, spec, opt.outDir);
    if (!a->noPlot && opt.rank == 0) drawBatchFigure(opt.outDir, a->quiet);
    exitCode = 0;
  });
}

}  // namespace mutualab::cli
