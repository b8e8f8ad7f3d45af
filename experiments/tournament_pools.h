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

// A design's pools over its cells: replication r's value is the mean of the
// cells' replication-r values (undefined ones skipped), as a strategy's
// score is averaged over the cells it played in. A design of one cell
// (all-in-one) gets that cell's values exactly.
class DesignPoolMeans {
 public:
  void add(const std::vector<RepSummary>& cell);
  std::vector<RepSummary> means() const;
  void clear() { sum_.clear(), count_.clear(), pools_ = 0; }

 private:
  size_t pools_ = 0;
  std::vector<std::vector<double>> sum_;  // per replication: pools x metrics, then the 4 contagion numbers
  std::vector<std::vector<int>> count_;
};

}  // namespace mutualab
