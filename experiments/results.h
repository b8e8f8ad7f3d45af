// Result files of a run: summary.json (headline metrics, mean and 95% CI over
// replications, plus seed, reps and the resolved scenario), timeseries.csv
// (per step, mean over replications), agents.csv (final state per agent,
// replication 0) and replications.csv (one row of summary metrics per
// replication). Everything here is a pure function of the results, so the
// same seed gives the same bytes; the directory is replaced atomically.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/runner.h"

namespace mutualab {

nlohmann::json summaryJson(const RunResult& r, const nlohmann::json& resolvedScenario, std::uint64_t seed);
std::string timeseriesCsv(const RunResult& r, double stepDays);
std::string agentsCsv(const RunResult& r);
void writeAgentsCsv(std::ostream& o, const RunResult& r);  // the same text, streamed (a row per writer: large runs)
std::string replicationsCsv(const RunResult& r);
// replications.csv's columns after `replication`, and replication i's
// values in that order (sweeps keep them to pair designs, experiments/sweep.h).
std::vector<std::string> replicationColumns(const RunResult& r);
std::vector<double> replicationRow(const RunResult& r, size_t i);
// With governance: without rules, the scheduled changes, one row per
// assignment (step, day, path, value); with rules, every replication's
// events (replication, step, day, source, event, pool, due_step, path,
// value, reason), one row per assignment.
std::string eventsCsv(const ScenarioDef& def, const std::vector<RepSummary>& reps);
// summary.json's governance with rules: one replication's events, and per
// rule over replications: the share that fired, mean firings, changes
// applied and refused, and the mean first firing step (of those that fired).
nlohmann::json governanceEventsJson(const ScenarioDef& def, const std::vector<GovernanceEvent>& events);
nlohmann::json governanceRulesJson(const ScenarioDef& def, const std::vector<RepSummary>& reps);

// Scenarios with `pools`, from any list of replications (a run's, or a
// tournament's cell or design): summary.json's "pools" array (each pool's
// summary metrics, mean and 95% CI; a Wilson interval for its default
// probability), and the headline numbers of its "contagion" object
// (pools_defaulted, joint_default_probability, backstop_final,
// backstop_lowest, each {"mean", "ci95"}).
nlohmann::json poolsSummaryJson(const std::vector<std::string>& poolNames, const std::vector<RepSummary>& reps);
// summary.json's "menu": per contract of every menu, who took it and what it cost.
nlohmann::json menuSummaryJson(const std::vector<std::pair<std::string, std::string>>& contracts,
                               const std::vector<RepSummary>& reps);
nlohmann::json contagionHeadlineJson(const std::vector<RepSummary>& reps);

// Pools whose shares trade: summary.json's "share_market" array, one object
// per market ({"pool", each share-market summary metric's mean, "ci95"}).
// `prefixes`: the markets' column prefixes (RunResult::shareMarketPrefixes).
nlohmann::json shareMarketsJson(const std::vector<std::string>& prefixes, const std::vector<RepSummary>& reps);
// Pools that admit by VaR: summary.json's "admission" array, one object per
// admitting pool ({"pool", each admission summary metric's mean, "ci95"}).
nlohmann::json admissionsJson(const std::vector<std::string>& prefixes, const std::vector<RepSummary>& reps);

// Writes the files into a fresh sibling directory, then swaps it in for
// `dir` with renames: `dir` is either its old self or the complete new one,
// never half-written. Throws std::runtime_error with the path on failure.
// `kind` names the writer in the folder's marker ("run", "risk").
void writeResultsDir(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files,
                     const std::string& kind = "run");

// The same in steps, for files too large to hold in memory (a long run's
// series.csv): the constructor checks `dir` and creates the fresh sibling
// (with the marker), pathOf names a file in it to stream into, commit swaps
// it in. Without commit (an error, a cancelled run) the sibling is removed
// and `dir` is untouched.
class ResultsDirWriter {
 public:
  ResultsDirWriter(const std::string& dir, const std::string& kind = "run");
  ~ResultsDirWriter();
  ResultsDirWriter(const ResultsDirWriter&) = delete;
  ResultsDirWriter& operator=(const ResultsDirWriter&) = delete;
  std::string pathOf(const std::string& name);
  void add(const std::string& name, const std::string& text);
  // A file written by `write` straight to disk, never held whole in memory.
  void add(const std::string& name, const std::function<void(std::ostream&)>& write);
  void commit();

 private:
  void discard();
  std::filesystem::path target_, tmp_, old_;
  std::string kind_;
  std::vector<std::string> names_;  // the files written, which the marker lists at commit
  bool had_ = false, open_ = false;
};

}  // namespace mutualab
