// mutualab sweep SPEC: a grid or random sweep over scenario parameters, with
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
#include "native/commands.h"
#include "native/mpi_context.h"
#include "native/plot.h"

namespace mutualab::cli {

void addSweep(CLI::App& app, int& exitCode) {
  struct Args {
    std::string spec, out;
    int threads = 0;
    bool resume = false, quiet = false, noPlot = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("sweep", "Sweep scenario parameters (grid or random) with replications per cell");
  cmd->footer(
      "SPEC is a JSON file, e.g. experiments/sweeps/fee-loading.json:\n"
      "  {\"name\": \"fee-loading\", \"scenario\": \"preset:akerlof-flat-fee\", \"reps\": 20, \"seed\": 1,\n"
      "   \"set\": [\"sim/steps=200\"],\n"
      "   \"grid\": {\"pool/feeRule/params/loading\": [0, 0.1, 0.2], \"writers/theta/sd\": [0.1, 0.25]}}\n"
      "or, instead of grid, \"random\": {\"samples\": 50, \"params\": {\"pool/feeRule/params/loading\": {\"min\": 0, \"max\": 1},\n"
      "   \"pool/feeRule/name\": {\"choices\": [\"flat\", \"risk-based\"]}}}.\n"
      "Writes DIR/sweep.csv (one row per cell: parameters, every summary metric with _lo/_hi 95% CI),\n"
      "DIR/cells/cell-NNNNN.json (each written when its cell finishes) and DIR/spec.json.");
  cmd->add_option("SPEC", a->spec, "sweep spec JSON file")->required();
  cmd->add_option("--out", a->out, "output directory (default out/sweep-<name>)");
  cmd->add_option("--threads", a->threads, "worker threads (0 = all cores); results do not depend on it")->capture_default_str();
  cmd->add_flag("--resume", a->resume, "keep cells already finished in the output directory and run the rest");
  cmd->add_flag("--quiet", a->quiet, "print nothing on success");
  cmd->add_flag("--no-plot", a->noPlot, "do not draw DIR/figure.png and .svg (experiments/plot_batch.py, matplotlib)");
  cmd->callback([a, &exitCode] {
    if (a->threads < 0) throw InputError("--threads", "must be >= 0 (0 = all cores), got " + std::to_string(a->threads));
    const SweepSpec spec = loadSweepSpec(a->spec);  // every cell validated before anything runs
    SweepOptions opt;
    opt.threads = a->threads > 0 ? a->threads : defaultThreadCount();
    opt.resume = a->resume;
    opt.outDir = a->out.empty() ? "out/sweep-" + spec.name : a->out;
    const auto start = std::chrono::steady_clock::now();
    opt.rank = mpiRank();
    opt.ranks = mpiSize();
    opt.barrier = mpiBarrier();
    const bool tty = !a->quiet && ::isatty(2) && opt.rank == 0;
    opt.progress = [start, tty](int done, int total, int skipped) {
      if (!tty) return;
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const int ran = done - skipped;
      const double eta = ran > 0 ? el / ran * (total - done) : 0.0;
      std::fprintf(stderr, "\r  cells %d/%d (%d resumed)  %3.0f%%  elapsed %.1fs  eta %.1fs   ", done, total, skipped,
                   100.0 * done / total, el, eta);
      if (done == total) std::fprintf(stderr, "\n");
    };
    int ran = 0;
    try {
      ran = runSweep(spec, opt);
    } catch (const InputError&) {
      throw;
    } catch (const std::runtime_error& e) {
      throw InputError("--out", std::string(e.what()) + " (choose a writable directory)");
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!a->quiet && opt.rank == 0) {
      if (opt.ranks > 1)
        std::printf("sweep %s: %zu cells x %d replications on %d MPI ranks x %d thread(s) in %.2f s, %.1f cells/s\n",
                    spec.name.c_str(), spec.cells.size(), spec.reps, opt.ranks, opt.threads, secs,
                    secs > 0 ? static_cast<double>(spec.cells.size()) / secs : 0.0);
      else
        std::printf("sweep %s: %zu cells x %d replications (%d run now, %zu resumed) in %.2f s on %d thread(s), %.1f cells/s\n",
                    spec.name.c_str(), spec.cells.size(), spec.reps, ran, spec.cells.size() - static_cast<size_t>(ran), secs,
                    opt.threads, secs > 0 ? ran / secs : 0.0);
      std::printf("  files: %s/sweep.csv  %s/cells/  %s/spec.json\n", opt.outDir.c_str(), opt.outDir.c_str(),
                  opt.outDir.c_str());
    }
    if (!a->noPlot && opt.rank == 0) drawBatchFigure(opt.outDir, a->quiet);
    exitCode = 0;
  });
}

}  // namespace mutualab::cli
