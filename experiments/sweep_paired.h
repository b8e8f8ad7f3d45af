// A sweep's "baseline": each cell minus the design it is compared with,
// paired replication by replication. Every cell of a sweep runs the same
// seed, so replication i of two cells met the same markets, arrivals and
// writer types (common random numbers): the difference is the design's,
// and its interval is free of the luck both shared (experiments/paired_stats.h).
//
//   "baseline": "flat 20%"                       explicit cells: the cell with this label
//   "baseline": {"pool/admission/rule": "ratio"}  grid: these params at these values
//
// A cell's baseline is the cell with the same values in every other
// parameter (with cells crossed with a grid, the baseline design at the
// same grid point). Cells that are their own baseline get no rows.
//
// The cell files of a paired sweep also keep every replication's values
// (replications.csv's columns, "per_replication"), so the differences can
// be taken when the cells are gathered, after a resume and over MPI ranks
// as well.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/paired_stats.h"

namespace mutualab {

struct SweepSpec;
struct RunResult;

inline constexpr int kMaxPairedReps = 100000;

// Reads the spec's "baseline" into s (its designs and grid already parsed).
// Throws InputError at /baseline: a label no cell has, a path the grid does
// not sweep, a value not among the grid's, a random sweep, or more than
// kMaxPairedReps replications.
void parseSweepBaseline(const nlohmann::json& baseline, SweepSpec& s);

// The index of cell k's baseline (k itself for a baseline cell).
long long sweepBaselineCell(const SweepSpec& s, long long k);
// How many cells have a baseline other than themselves (paired.csv's cells).
long long sweepPairedCellCount(const SweepSpec& s);

// {"columns": [...], "values": [[per replication]...]}: what a paired
// sweep's cell file keeps, NaN as null.
nlohmann::json perReplicationJson(const RunResult& r);
bool validPerReplication(const nlohmann::json& result);  // result["per_replication"] has that shape

// One metric's difference, cell minus baseline, over the replications
// that define it in both.
struct PairedDifference {
  std::string metric;  // a replications.csv column; "unraveled_share" for unraveling_step (had it by the horizon)
  MeanCi ci;
  PairedMethod method = PairedMethod::T;
};
// For every column both cells' results have, in the cell's column order.
std::vector<PairedDifference> pairedDifferences(const nlohmann::json& cellResult, const nlohmann::json& baselineResult);

// paired.csv: `cellHeader` (the leading columns sweep.csv has: cell, label,
// params), then baseline_cell,metric,difference,lo,hi,n,method; a row per
// cell and metric.
void writePairedCsvHeader(std::ostream& o, const std::string& cellHeader);
void writePairedCsvRows(std::ostream& o, const std::string& cellColumns, long long baselineCell,
                        const std::vector<PairedDifference>& diffs);

// What the terminal shows of paired.csv: a few headline metrics of the
// first few cells.
struct PairedHeadline {
  std::string cell, baseline;  // "label, path=value, ..." of each
  std::vector<PairedDifference> diffs;  // kPairedHeadlines' metrics that the cells have, in that order
};
inline constexpr const char* kPairedHeadlines[] = {
    "pool_participation", "adverse_selection_index", "pooled_share", "welfare_lps",     "welfare_writers",
    "welfare_buyers",     "lp_return_mean",          "loss_lp",      "buyer_shortfall", "pool_default_probability",
    "unraveled_share"};
inline constexpr int kPairedHeadlineCells = 6;
PairedHeadline pairedHeadline(const std::string& cell, const std::string& baseline,
                              const std::vector<PairedDifference>& diffs);

}  // namespace mutualab
