// Strategy tournaments: which writer strategies (fixed and learning) earn
// most, under which fee rules and pool designs. Every cell of a tournament
// uses the same seeds (common random numbers), so strategies and designs
// meet the same markets. Formats:
//   all-in-one  - every strategy in one market, equal shares;
//   round-robin - every pair of strategies in a market of its own, 50/50;
//   ecological  - shares evolve by discrete replicator dynamics across
//                 generations (each generation one market, all strategies).
// Score: a writer's realized profit on its starting capital, annualized (%),
// averaged over the strategy's writers; mean and 95% CI over replications.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/scenario.h"
#include "experiments/series_file.h"

namespace mutualab {

struct TournamentEntry {
  std::string label;   // unique display name
  StrategyShareDef strategy;  // name + params (share is set per cell)
};

struct TournamentDesign {
  std::string label;
  std::vector<std::string> set;  // overrides of the base scenario ("pool/feeRule/name=flat", ...)
  ScenarioDef scenario;          // the validated base with these overrides
};

struct TournamentSpec {
  std::string name;
  std::string format = "all-in-one";
  std::uint64_t seed = 1;
  int reps = 10;
  int generations = 10;           // ecological only
  double selection = 1.0;         // ecological: fitness = exp(selection x score/100)
  std::vector<TournamentEntry> strategies;
  std::vector<TournamentDesign> designs;
  nlohmann::json raw;
};

// As loadSweepSpec: "-" reads standard input only when allowStdin.
TournamentSpec loadTournamentSpec(const std::string& path, bool allowStdin = true);
TournamentSpec parseTournamentSpec(const nlohmann::json& spec, const std::string& source);

struct TournamentOptions {
  int threads = 0;
  bool resume = false;
  std::string outDir;
  std::function<void(int done, int total, int skipped)> progress;
  std::function<void(const std::string&)> warn;  // e.g. a damaged cell file that --resume runs again
  // Distributed runs (MPI), as for sweeps: cells split by chain (a cell, or
  // for ecological runs a design's chain of generations) modulo ranks.
  int rank = 0, ranks = 1;
  std::function<void()> barrier;
  // The sum of every rank's value, a barrier too (MPI_Allreduce); when
  // given, it replaces the barrier after the cells, and cellsRun is the
  // job's total.
  std::function<int(int)> sumOverRanks;
  // --series: each cell's per-replication series in DIR/series/cell-NNNNN.csv (or .csv.gz).
  SeriesFormat series = SeriesFormat::None;
  // Polled every step: once set, the tournament stops with Cancelled (finished cells stay, for --resume).
  const std::atomic<bool>* cancel = nullptr;
};

struct TournamentScore {
  std::string design, strategy;
  double mean = 0, lo = 0, hi = 0;  // % per year
  int rank = 0;                     // 1 = best within its design
  // Paired with the design's leader on the same replications (common random
  // numbers make this far tighter than comparing the two CIs): leader's
  // score minus this one's, with its 95% CI. 0 for the leader itself.
  double gap = 0, gapLo = 0, gapHi = 0;
  std::vector<double> perRep;       // per-replication scores (for the pairing)
};

// One generation of the ecological format's discrete replicator dynamics:
// shares times fitness exp(selection x mean score / 100), renormalized
// (computed in log space, so it never underflows to 0/0). Strategies whose
// mean is null (no writers) drop to 0; if none has a mean, shares are kept.
std::vector<double> replicatorStep(const std::vector<double>& shares, const nlohmann::json& means, double selection);

// Whether a cell file's result has every field the tables read, with at most
// `reps` scores per strategy, and for a design with pools `poolNames` their
// numbers for every replication (a resumed file without one is run again).
bool validTournamentResult(const nlohmann::json& result, size_t reps, const std::vector<std::string>& poolNames = {});

// Number of cells (markets) the spec plays: designs x (1, pairs, or generations).
int cellCount(const TournamentSpec& spec);

// Runs the cells not already done; writes DIR/cells/cell-NNNNN.json per cell,
// DIR/scores.csv (ranked), DIR/cells.csv (per cell and strategy), and for
// ecological runs DIR/shares.csv; returns the ranked scores. With `pools`,
// cells.csv gains each cell's per-pool and contagion columns and scores.csv
// each design's, named and computed as in sweep.csv (pool_columns.h); and a
// design whose pool admits by VaR adds admission's columns the same way.
std::vector<TournamentScore> runTournament(const TournamentSpec& spec, const TournamentOptions& opt, int* cellsRun = nullptr);

}  // namespace mutualab
