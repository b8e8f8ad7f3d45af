// Runs the risk engine over threads and writes its results. Samples are
// computed block by block (core/risk_engine.h) on any number of threads,
// each block into its own slice, and every sum is taken in block order, so
// --threads never changes a bit of the output.
#pragma once

#include <atomic>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/book_greeks.h"
#include "core/historical_sim.h"
#include "core/reverse_stress.h"
#include "core/risk_engine.h"
#include "core/stress.h"

namespace mutualab {

struct RiskRunOptions {
  int threads = 1;
  // Called after each block (serialized): blocks done of total, per pass (1: losses, 2: components).
  std::function<void(int pass, int done, int total)> progress;
  // Polled before each block: once set, runRisk throws Cancelled (experiments/runner.h).
  const std::atomic<bool>* cancel = nullptr;
  // Several pools' own layers, by pool index: the stress pays each pool's
  // part from them, then the shared backstop (core/stress.h runStress).
  const std::vector<PoolCapital>* pools = nullptr;
};

// With several pools measured together, one pool's own loss over the
// horizon: its positions alone, on the same market paths (the same seed),
// as --pool measures it, beside its own layers.
struct PoolRisk {
  int pool = 0;          // index in the book's pools
  PoolCapital layers;    // its own insurance fund and LP capital
  RiskSummary summary;   // its VaR, ES and their CIs; valueNow its V(0)
  std::optional<HistoricalResult> historical;  // with --history: its own windows (core/historical_sim.h)
};

// The historical simulation of --history (core/historical_sim.h), with the
// file it read: its name as given, rows and FNV-1a hash (its identity in results).
struct HistoricalReport {
  std::string file, fnv1a64;
  int rows = 0;
  HistoricalResult result;
  double lambda = 0;  // filtered: the EWMA's decay
};

struct RiskReport {
  RiskSummary summary;
  // The book's sensitivities now, per asset (core/book_greeks.h): the
  // caller's (runRisk sees the engine, not the book); written when given.
  std::vector<AssetSensitivity> sensitivities;
  // With several pools measured together, each pool's too (by index).
  std::vector<std::vector<AssetSensitivity>> poolSensitivities;
  // With several pools measured together, each pool's own (those holding positions, by index).
  std::vector<PoolRisk> pools;
  WriterComponents components;  // [level][writer], in engine.writerIds() order
  std::vector<double> losses;   // every sample's loss, in sample order
  StressResult stress;
  std::optional<HistoricalReport> historical;  // with --history
  std::vector<ReverseRow> reverse;             // with --reverse-stress: a row per direction
};

// Every sample's loss L of the engine's run, in sample order (blocks on
// threads, each into its own slice: --threads never changes a bit); runRisk's
// first pass, and a pool's own (--solve and each pool's VaR). `tick`
// (serialized) after each block: blocks done of total. Polls `cancel`
// before each block: once set, throws Cancelled.
std::vector<double> sampleLosses(const RiskEngine& engine, int threads, const std::atomic<bool>* cancel = nullptr,
                                 const std::function<void(int done, int total)>& tick = {});

RiskReport runRisk(const RiskEngine& engine, const std::vector<StressScenario>& scenarios, const BookCapital& capital,
                   const RiskRunOptions& opt);

// Result files (name, text): risk.json, var_es.csv, components.csv,
// stress.csv, loss_histogram.csv, sensitivities.csv (when the report has
// them), historical.csv (with a historical simulation), reverse_stress.csv
// (with a reverse stress), and where the stress paid several pools
// from their own layers, stress_pools.csv (a row per scenario, cover and
// pool; `poolNames` by index, names them there and in the pools'
// sensitivities: its index where none is given). `context` goes
// into risk.json as is (book, market source, horizon, seed ...).
std::vector<std::pair<std::string, std::string>> riskFiles(const RiskEngine& engine, const RiskReport& r,
                                                           const BookCapital& capital, const std::vector<std::string>& assetNames,
                                                           const nlohmann::json& context,
                                                           const std::vector<std::string>& poolNames = {});

}  // namespace mutualab
