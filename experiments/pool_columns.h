// The pools' (and menus') columns of the batch CSVs (sweep.csv, and a tournament's
// cells.csv and scores.csv), written by one function so that a column has
// the same name and the same numbers wherever it appears: per pool every
// per-pool summary metric as POOL.NAME, POOL.NAME_lo, POOL.NAME_hi, then the
// contagion headline numbers with their CIs. Scenarios without `pools` have
// none of these columns, so their files stay as they were.
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace mutualab {

// The pools' names of a resolved scenario in JSON (empty without `pools`).
std::vector<std::string> poolNamesOfJson(const nlohmann::json& scenario);

// ",POOL.NAME,POOL.NAME_lo,POOL.NAME_hi" for every pool and per-pool summary
// metric, then the contagion columns; nothing when `pools` is empty.
void writePoolColumnsHeader(std::ostream& o, const std::vector<std::string>& pools);

// The values under that header, read from a summary.json-shaped object: its
// "pools" array, matched by name (a pool it lacks leaves its columns empty,
// so results whose pools were renamed or replaced still line up), and its
// "contagion" object (empty columns when it has none).
void writePoolColumns(std::ostream& o, const std::vector<std::string>& pools, const nlohmann::json& summary);

// The screening menus' columns (sweep.csv): per contract every contract
// summary metric as POOL.CONTRACT.NAME, _lo, _hi (the one pool is called
// "pool"), read from a summary.json-shaped object's "menu" array; none
// without a menu.
// The menus' contracts of a resolved scenario in JSON: {pool name, contract name}.
std::vector<std::pair<std::string, std::string>> menuContractsOfJson(const nlohmann::json& scenario);

void writeMenuColumnsHeader(std::ostream& o, const std::vector<std::pair<std::string, std::string>>& contracts);

// Matched by pool and contract name: a contract the results lack leaves its
// columns empty, so cells that renamed contracts still line up.
void writeMenuColumns(std::ostream& o, const std::vector<std::pair<std::string, std::string>>& contracts,
                      const nlohmann::json& summary);

// Pools that admit by VaR (sweep.csv): per such pool every admission summary
// metric as NAME, NAME_lo, NAME_hi ("POOL." before each with `pools`, as in
// replications.csv), read from a summary.json-shaped object's "admission"
// array, matched by pool name ("pool" for the one pool). A pool has the
// columns when the base scenario admits by VaR, at start or after a
// governance change (as run's files have them), or a swept path is under
// its `admission`, so a sweep of the rule has them, empty in its ratio cells.
// Returns {column prefix, pool name} per pool.
std::vector<std::pair<std::string, std::string>> admissionPoolsOfJson(const nlohmann::json& scenario,
                                                                       const std::vector<std::string>& sweptPaths);
void writeAdmissionColumnsHeader(std::ostream& o, const std::vector<std::pair<std::string, std::string>>& pools);
void writeAdmissionColumns(std::ostream& o, const std::vector<std::pair<std::string, std::string>>& pools,
                           const nlohmann::json& summary);

}  // namespace mutualab
