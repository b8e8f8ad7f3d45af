// Runs a scenario's replications on a thread pool. Replication r uses the
// streams of (seed, r), and results are combined in replication order, so
// the output is identical whatever the thread count or finishing order.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <vector>

#include "core/metrics.h"
#include "core/scenario.h"
#include "core/world.h"

namespace mutualab {

struct RunOptions {
  std::uint64_t seed = 1;  // master seed
  int reps = 10;           // replications
  int threads = 0;         // 0 = all cores
  // Called after each finished replication (from a worker thread, serialized).
  std::function<void(int done, int total)> progress;
  // Called as the replications' steps advance: the share of all their steps
  // done, each time it passes another 1% (from a worker thread, serialized),
  // so a run of one large replication shows progress too.
  std::function<void(double doneShare)> stepProgress;
  // Called with each replication's series (laid out as runOne's), on the
  // calling thread and in replication order, whatever the thread count.
  std::function<void(int rep, const std::vector<double>& series)> onSeries;
  // Polled between steps: once true, the run stops and throws Cancelled.
  const std::atomic<bool>* cancel = nullptr;
};

// Thrown by runReplications when RunOptions::cancel was set.
struct Cancelled : std::exception {
  const char* what() const noexcept override { return "the run was cancelled"; }
};

struct RunResult {
  int steps = 0;
  std::vector<RepSummary> reps;         // one per replication, in order
  std::vector<double> meanSeries;       // (steps+1) x kStepMetricCount, mean over reps (NaN skipped)
  // Scenarios with `pools`: their names, and (steps+1) x pools x
  // kPoolStepMetricCount, mean over reps (NaN skipped). Empty otherwise.
  std::vector<std::string> poolNames;
  std::vector<double> meanPoolSeries;
  // Scenarios with menus: each contract as {pool name, contract name}, in
  // the order of RepSummary::contracts. Empty otherwise.
  std::vector<std::pair<std::string, std::string>> contracts;
  // Pools whose shares trade (shareMarketPoolsOf): their column prefixes
  // ("<pool>." with `pools`, "" with the one pool), and (steps+1) x markets x
  // kShareMarketStepMetricCount, mean over reps (NaN skipped). Empty otherwise.
  std::vector<std::string> shareMarketPrefixes;
  std::vector<double> meanShareMarketSeries;
  // Pools that admit by VaR (admissionPoolsOf): their column prefixes, as
  // the share markets', and (steps+1) x admitting pools x
  // kAdmissionStepMetricCount, mean over reps (NaN skipped). Empty otherwise.
  std::vector<std::string> admissionPrefixes;
  std::vector<double> meanAdmissionSeries;
  std::vector<WriterState> writersRep0; // final writer states of replication 0
  std::vector<LpState> lpsRep0;         // final LP states of replication 0
  std::vector<std::string> writerGroupNames, lpGroupNames;
};

RunResult runReplications(const ScenarioDef& def, const RunOptions& opt);

// The most replications one run may ask for (as many as a sweep's cells).
inline constexpr int kMaxReplications = 1000000;

// Refuses (InputError naming --reps or --threads) a run whose replication
// count is outside [1, kMaxReplications], or whose memory - the scenario's
// estimate per replication times the replications running at once, plus the
// summaries kept per replication - exceeds kUsableMemoryShare of this
// machine's physical memory.
inline constexpr double kUsableMemoryShare = 0.9;
void checkRunSize(const ScenarioDef& def, int reps, int threads);

// A one-replication result of a world as it stands (rows 0..currentStep):
// what runOne gives once the world is done, and the playground's export of a
// run in progress.
RunResult resultOf(const World& world);

// Runs one replication to the end (the building block of every batch).
// `series` gets the per-step metrics, followed (scenarios with `pools`) by
// every pool's, then (pools whose shares trade) every market's, then (pools
// that admit by VaR) every admitting pool's: (steps + 1) x (kStepMetricCount
// + pools x kPoolStepMetricCount + markets x kShareMarketStepMetricCount
// + admitting pools x kAdmissionStepMetricCount).
// With `cancel`, it is polled every step and Cancelled thrown once it is set.
// With `afterStep`, it is called after every step.
RepSummary runOne(const ScenarioDef& def, std::uint64_t seed, int rep, std::vector<double>* series = nullptr,
                  std::vector<WriterState>* writers = nullptr, std::vector<LpState>* lps = nullptr,
                  const std::atomic<bool>* cancel = nullptr, const std::function<void()>* afterStep = nullptr);

// Steps a world to the horizon; with `cancel`, polls it every step and
// throws Cancelled once it is set (a run, a sweep or a tournament from Python);
// with `afterStep`, calls it after every step.
void runToEnd(World& world, const std::atomic<bool>* cancel = nullptr, const std::function<void()>* afterStep = nullptr);

// A world's series as runOne lays it out, rows 0..currentStep.
void seriesOf(const World& world, std::vector<double>& out);

// The pools' names of a scenario with `pools` (empty otherwise).
std::vector<std::string> poolNamesOf(const ScenarioDef& def);
// The menus' contracts, pool by pool ({pool name, contract name}; the one
// pool is called "pool").
std::vector<std::pair<std::string, std::string>> menuContractsOf(const ScenarioDef& def);
// The column prefixes of the pools whose shares trade: "<pool>." with
// `pools`, "" with the one pool; empty when no pool's shares trade.
std::vector<std::string> shareMarketPrefixesOf(const ScenarioDef& def);
// The column prefixes of the pools that admit by VaR, as shareMarketPrefixesOf's.
std::vector<std::string> admissionPrefixesOf(const ScenarioDef& def);

}  // namespace mutualab
