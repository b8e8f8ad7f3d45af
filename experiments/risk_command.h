// What `mutualab risk` does between its options and its table: read the
// book and its market, check everything, run the engine, the stress and the
// solvers, and make the result files, for the command line
// (native/cmd_risk.cpp) and for Python (mutualab.risk) alike, so the two
// write the same bytes.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/book.h"
#include "core/risk_engine.h"
#include "core/risk_solver.h"
#include "core/scenario.h"
#include "experiments/risk_run.h"
#include "experiments/risk_solve.h"

namespace mutualab {

// The options, parsed (the command line's own syntax, --levels 0.99,0.975
// and --samples 1e5, is the command's to read). Errors name the options as
// the command line spells them (--samples, --pool); mutualab.risk renames them.
struct RiskRequest {
  std::string book;                 // book.csv or book.json; empty with positions > 0
  long long positions = 0;          // > 0: a synthetic book of this many positions
  std::string scenario;             // --scenario: the market; empty: the book's, else the default scenario's
  bool scenarioFromStdin = true;    // "-" reads the scenario from standard input (the CLI; not Python, where it would block)
  std::vector<std::string> set;     // --set market/..., shock/..., sim/daysPerYear
  RiskDef def;                      // horizon, levels, samples, seed
  int threads = 0;                  // 0: all cores
  std::string stress;               // --stress FILE; empty: the default grid
  std::string history;              // --history FILE: a price history for the historical simulation; empty: none
  bool filtered = false;            // --filtered: its returns rescaled by EWMA (core/historical_sim.h)
  bool reverseStress = false;       // --reverse-stress: the least moves that exhaust the layers (core/reverse_stress.h)
  std::string pool;                 // --pool NAME or index; empty: every pool
  std::optional<double> insuranceFund, poolCapital, backstop;  // absent: the book's
  std::vector<Solver> solvers;      // --solve
  std::optional<double> targetPd;   // --target-pd (default 0.01)
  std::string regime;               // --regime calm|stress; empty: the book's
};

struct RiskHooks {
  std::function<void()> checked;  // after every check, before anything runs: where the command claims its folder
  std::function<void(int pass, int done, int total)> progress;                   // the engine's blocks (pass 3: a pool's own)
  std::function<void(int pass, double ratio, int done, int total)> solveProgress;  // the collateral solver's
  const std::atomic<bool>* cancel = nullptr;  // polled between blocks: throws Cancelled
};

// What was measured, and what the command's table reads of it.
struct RiskOutcome {
  std::vector<std::pair<std::string, std::string>> files;  // risk.json, var_es.csv, ... (and solve.* with solvers)
  RiskBook book;         // the book measured (one pool's positions with --pool)
  MarketDef market;
  RiskDef def;
  std::unique_ptr<RiskEngine> engine;  // over book and market above: a RiskOutcome stays where it was made
  RiskReport report;
  std::vector<SolveReport> solved;  // with --solve: the book's (or the pool's) answers; a book of several pools, each pool's
  BookCapital capital;   // the layers the stress and the solvers used
  std::string marketSource, poolLabel;  // what the market is; the pool measured alone ("" for all)
  std::vector<std::string> poolNames;
  int poolCount = 0, poolsHolding = 0, threads = 1;
  bool severalPools = false, ownLayers = false, sharedBackstop = false;
  double seconds = 0, solveSeconds = 0;
  double poolSeconds = 0;  // several pools: each pool's own pass (RiskReport::pools)
};

// Throws InputError naming the option (or the file and its field) of the
// first bad value, before anything runs.
void runRiskRequest(const RiskRequest& q, const RiskHooks& hooks, RiskOutcome& o);

}  // namespace mutualab
