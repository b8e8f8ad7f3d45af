// Runs the solvers of core/risk_solver.h on the risk engine and writes their
// files. The collateral search reprices the whole sample once per ratio it
// tries; each pass runs its blocks on threads and keeps only a count of
// defaults per block (no sample is stored), summed in block order, so
// --threads never changes an answer.
#pragma once

#include <atomic>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/risk_engine.h"
#include "core/risk_solver.h"

namespace mutualab {

struct SolveOptions {
  int threads = 1;
  // Called after each block of a collateral pass (serialized): the pass
  // (1-based), the ratio it tries, blocks done of total.
  std::function<void(int pass, double r, int done, int total)> progress;
  // Polled before each block: once set, the solvers throw Cancelled (experiments/runner.h).
  const std::atomic<bool>* cancel = nullptr;
};

// Samples of the engine's run whose liability at the horizon, V(H) = L + V(0),
// exceeds `layers` (the pool's insurance fund + LP capital).
long long countDefaults(const RiskEngine& engine, double layers, int threads,
                        const std::function<void(int done, int total)>& tick = {},
                        const std::atomic<bool>* cancel = nullptr);

struct SolveReport {
  // What was solved for: the whole book ("all", -1), or one pool, by its
  // name (its index where it has none) and index.
  std::string pool = "all";
  int poolIndex = -1;
  BookCapital capital;             // the layers held (each answer moves the one it solves for)
  double targetPd = 0.01;
  double bookCollateralRatio = 0;  // the book's own collateral, as a ratio of max loss
  std::vector<SolveAnswer> answers;  // in the order asked
};

// Capital and fund read the run's losses (RiskReport::losses, V(0) =
// valueNow); collateral re-runs the engine on bookAtCollateral(book, r) with
// def's seed, so every pass sees the same market paths.
SolveReport runSolvers(const std::vector<Solver>& solvers, double targetPd, const RiskBook& book, const MarketDef& market,
                       const RiskDef& def, const BookCapital& capital, const std::vector<double>& losses, double valueNow,
                       const SolveOptions& opt);

// solve.json and solve.csv (name, text), a row per answer of each report
// (one for a book or a pool measured alone, one per pool of a book of
// several); `context` goes into solve.json as is.
std::vector<std::pair<std::string, std::string>> solveFiles(const std::vector<SolveReport>& reports, const nlohmann::json& context);

}  // namespace mutualab
