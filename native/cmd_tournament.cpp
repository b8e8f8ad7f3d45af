// mutualab tournament SPEC: writer strategies against each other under each
// fee rule / pool design, on common random numbers; ranked scores with 95% CIs.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include <unistd.h>

#include "core/errors.h"
#include "experiments/parallel.h"
#include "experiments/tournament.h"
#include "native/batch_cli.h"
#include "native/cli_validators.h"
#include "native/commands.h"
#include "native/interrupt.h"
#include "native/mpi_context.h"
#include "native/plot.h"

namespace mutualab::cli {

void addTournament(CLI::App& app, int& exitCode) {
  auto a = std::make_shared<BatchArgs>();
  CLI::App* cmd = app.add_subcommand("tournament", "Rank writer strategies under each fee rule / pool design (common random numbers)");
  cmd->footer(
      "SPEC is a JSON file, e.g. experiments/tournaments/dumping.json:\n"
      "  {\"name\": \"dumping\", \"scenario\": \"preset:akerlof-flat-fee\", \"format\": \"all-in-one\", \"reps\": 30,\n"
      "   \"strategies\": [{\"label\": \"silo\", \"name\": \"always-silo\"},\n"
      "                  {\"label\": \"dump>0.5\", \"name\": \"threshold-dumping\", \"params\": {\"threshold\": 0.5}}, ...],\n"
      "   \"designs\": [{\"label\": \"flat\", \"set\": [\"pool/feeRule/name=flat\"]},\n"
      "               {\"label\": \"risk-based\", \"set\": [\"pool/feeRule/name=risk-based\"]}]}\n"
      "format: all-in-one (one market, equal shares), round-robin (every pair 50/50), or ecological\n"
      "(shares evolve by replicator dynamics over \"generations\", fitness exp(selection x score/100)).\n"
      "Score: realized writer profit on starting capital, % per year. Writes DIR/scores.csv (ranked),\n"
      "DIR/cells.csv, DIR/cells/ (one file per finished cell), DIR/shares.csv (ecological), DIR/series.csv (mean\n"
      "ASI and participation per design and step) and, with --series, DIR/series/cell-NNNNN.csv (every metric per\n"
      "replication and step, long form; cells are numbered as in cells.csv).");
  addBatchOptions(cmd, *a, "tournament spec JSON file", "output directory (default out/tournament-<name>)");
  cmd->callback([a, &exitCode] {
    checkThreads(a->threads);
    const TournamentSpec spec = loadTournamentSpec(a->spec);
    TournamentOptions opt;
    opt.threads = a->threads > 0 ? a->threads : defaultThreadCount();
    opt.resume = a->resume;
    opt.series = parseSeriesFormat(a->series, "--series");
    opt.outDir = a->out.empty() ? "out/tournament-" + spec.name : a->out;
    const auto start = std::chrono::steady_clock::now();
    opt.rank = mpiRank();
    opt.ranks = mpiSize();
    opt.barrier = mpiBarrier();
    opt.sumOverRanks = mpiSum();
    opt.cancel = interruptFlag();
    opt.progress = batchProgress(start, showProgress(*a, opt.rank));
    opt.warn = batchWarning(a->quiet);
    int ran = 0;
    const std::vector<TournamentScore> scores = writingTo([&] { return runTournament(spec, opt, &ran); });
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!a->quiet && opt.rank == 0) {
      std::printf("\ntournament %s (%s): %zu strategies x %zu designs x %d replications, %d of %d cells run now in %.2f s on %d rank(s) x %d thread(s), %.2f cells/s\n",
                  spec.name.c_str(), spec.format.c_str(), spec.strategies.size(), spec.designs.size(), spec.reps, ran,
                  cellCount(spec), secs, opt.ranks, opt.threads, secs > 0 ? ran / secs : 0.0);
      std::string design;
      for (const auto& s : scores) {
        if (s.design != design) {
          design = s.design;
          std::printf("\n  design %s\n  %-4s %-24s %-8s %-18s %s\n", design.c_str(), "rank", "strategy", "score",
                      "95% CI", "behind the leader, paired 95% CI (% per year)");
        }
        if (std::isnan(s.mean)) {
          std::printf("  %-4d %-24s %-8s\n", s.rank, s.strategy.c_str(), "n/a");
        } else {
          char ci[48], gap[96];
          std::snprintf(ci, sizeof ci, "[%.2f, %.2f]", s.lo, s.hi);
          if (s.rank == 1) std::snprintf(gap, sizeof gap, "leader");
          else if (std::isnan(s.gapLo)) std::snprintf(gap, sizeof gap, "%.3f", s.gap);
          else std::snprintf(gap, sizeof gap, "%.3f [%.3f, %.3f]%s", s.gap, s.gapLo, s.gapHi, s.gapLo > 0 ? "  *" : "");
          std::printf("  %-4d %-24s %-8.2f %-18s %s\n", s.rank, s.strategy.c_str(), s.mean, ci, gap);
        }
      }
      const std::string extra = spec.format == "ecological" ? "  " + opt.outDir + "/shares.csv" : std::string();
      std::printf("\n  * = significantly behind the leader (paired on common random numbers)\n");
      const std::string perRep = opt.series == SeriesFormat::None ? std::string() : "  " + opt.outDir + "/series/";
      std::printf("\n  files: %s/scores.csv  %s/cells.csv  %s/series.csv  %s/spec.json  %s/cells/%s%s\n\n", opt.outDir.c_str(),
                  opt.outDir.c_str(), opt.outDir.c_str(), opt.outDir.c_str(), opt.outDir.c_str(), extra.c_str(), perRep.c_str());
    }
    if (!a->noPlot && opt.rank == 0) drawBatchFigure(opt.outDir, a->quiet);
    exitCode = 0;
  });
}

}  // namespace mutualab::cli
