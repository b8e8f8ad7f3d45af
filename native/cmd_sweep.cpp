// mutualab sweep SPEC: a grid, random or explicit-cell sweep over scenario parameters, with
// replications per cell; each finished cell is saved at once, --resume
// continues an interrupted sweep to the same final files.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <unistd.h>

#include "core/errors.h"
#include "experiments/parallel.h"
#include "experiments/sweep.h"
#include "native/batch_cli.h"
#include "native/commands.h"
#include "native/interrupt.h"
#include "native/mpi_context.h"
#include "native/plot.h"

namespace mutualab::cli {

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
      "Writes DIR/sweep.csv (one row per cell: its label with explicit cells, parameters, every summary\n"
      "metric with _lo/_hi 95% CI), DIR/cells/cell-NNNNN.json (each written when its cell finishes),\n"
      "DIR/spec.json and DIR/params.json (each parameter's name, unit and meaning, for figures); with --series,\n"
      "DIR/series/cell-NNNNN.csv (per replication and step, long form; pandas reads .csv.gz as is).");
  addBatchOptions(cmd, *a, "sweep spec JSON file", "output directory (default out/sweep-<name>)");
  cmd->callback([a, &exitCode] {
    if (a->threads < 0) throw InputError("--threads", "must be >= 0 (0 = all cores), got " + std::to_string(a->threads));
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
    if (!a->noPlot && opt.rank == 0) drawBatchFigure(opt.outDir, a->quiet);
    exitCode = 0;
  });
}

}  // namespace mutualab::cli
