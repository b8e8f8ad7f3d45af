// The pools' numbers of a tournament whose scenario has `pools`. A cell file
// keeps every replication's per-pool summary metrics and contagion headline
// numbers (not only their means), so that the gather can give each cell its
// means and CIs and each design its replication-by-replication mean over its
// cells, as the scores are combined, whichever process ran the cell.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/metrics.h"

namespace mutualab {

// The cell file's "pools": {"names": [...], "reps": [[pools x per-pool
// summary metrics, pool by pool], ...], "contagion": [[pools_defaulted,
// joint_default, backstop_final, backstop_lowest], ...]}, one row per
// replication in order; null where a value is undefined.
nlohmann::json tournamentPoolsJson(const std::vector<std::string>& poolNames, const std::vector<RepSummary>& reps);

// Whether a cell file's "pools" has that shape for these pools and exactly
// `reps` replications (a resumed file without it is run again).
bool validTournamentPools(const nlohmann::json& pools, const std::vector<std::string>& poolNames, size_t reps);

// The replications back from a valid "pools" (per-pool metrics and the
// contagion headline numbers filled; nothing else).
std::vector<RepSummary> tournamentPoolReps(const nlohmann::json& pools);

// The pools' CSV columns (pool_columns.h) under `columns` for these
// replications of pools `poolNames`: means and 95% CIs as summary.json's.
std::string tournamentPoolColumns(const std::vector<std::string>& columns, const std::vector<std::string>& poolNames,
                                  const std::vector<RepSummary>& reps);

// The cell file's "admission" of a design with pools that admit by VaR:
// {"prefixes": [...], "reps": [[admitting pools x admission summary
// metrics], ...]}, one row per replication in order; null where undefined
// (a replication in which a pool never admitted by VaR).
nlohmann::json tournamentAdmissionJson(const std::vector<std::string>& prefixes, const std::vector<RepSummary>& reps);
bool validTournamentAdmission(const nlohmann::json& admission, const std::vector<std::string>& prefixes, size_t reps);
// Each replication's admission figures from a valid "admission" into
// reps[r].admissions (reps resized to its replications if empty).
void addTournamentAdmissionReps(const nlohmann::json& admission, std::vector<RepSummary>& reps);
// The admission columns (pool_columns.h) under `columns` ({prefix, pool})
// for these replications of the admitting pools `prefixes`: means and 95%
// CIs as summary.json's admission[].
std::string tournamentAdmissionColumns(const std::vector<std::pair<std::string, std::string>>& columns,
                                       const std::vector<std::string>& prefixes, const std::vector<RepSummary>& reps);

// A design's pools over its cells: replication r's value is the mean of the
// cells' replication-r values (undefined ones skipped), as a strategy's
// score is averaged over the cells it played in. A design of one cell
// (all-in-one) gets that cell's values exactly. Per-pool metrics, the
// contagion numbers and admission's figures alike.
class DesignPoolMeans {
 public:
  void add(const std::vector<RepSummary>& cell);
  std::vector<RepSummary> means() const;
  void clear() { sum_.clear(), count_.clear(), pools_ = 0, admissions_ = 0; }

 private:
  size_t pools_ = 0, admissions_ = 0;
  std::vector<std::vector<double>> sum_;  // per replication: pools x metrics, the 4 contagion numbers, then admissions
  std::vector<std::vector<int>> count_;
};

}  // namespace mutualab
