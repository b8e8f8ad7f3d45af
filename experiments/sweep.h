// Parameter sweeps and Monte Carlo over scenario parameters: a spec names a
// base scenario, the parameters to vary (a grid, random samples, or explicit
// labelled cells, optionally crossed with a grid), the replications per cell
// and the seed. Cells are validated before anything
// runs (see kValidateEveryCellUpTo); each finished cell is written to disk
// atomically, so an interrupted sweep resumes where it stopped and ends with
// the same bytes.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/load_scenario.h"
#include "experiments/series_file.h"

namespace mutualab {

struct PairedHeadline;  // experiments/sweep_paired.h

struct SweepCell {
  int index = 0;
  std::vector<std::string> overrides;  // "path=value" each, applied to the base scenario
  nlohmann::json values;               // param path -> value, for the CSV
  int design = -1;                     // explicit cells: which entry of the spec's "cells"; -1 otherwise
  std::string label;                   // explicit cells: that entry's label; "" otherwise
};

// One entry of a spec's "cells": a labelled set of parameter values that
// belong together (a fee rule with its own params), so rules that take
// different params can be compared in one sweep.
struct SweepDesign {
  std::string label;  // unique, non-empty: the CSV's `label` column, plots group by it
  nlohmann::json set; // param path -> value, applied like a grid value (a string as written)
};

struct SweepSpec {
  std::string name;
  std::uint64_t seed = 1;
  int reps = 10;
  std::vector<std::string> params;  // the varied parameter paths, in column order (cells' paths, then the grid's)
  long long cellCount = 0;          // grid: the product of the value counts; random: samples; cells: cells x grid product
  // How cells are made, one at a time (a sweep of 10^6 cells never holds them all):
  std::vector<nlohmann::json> grid;  // grid sweeps: each param's array of values (first param slowest)
  nlohmann::json random;             // random sweeps: each param's {"min","max","integer"} or {"choices"}; null for grids
  std::vector<SweepDesign> designs;  // explicit cells (slowest, before the grid's params); empty otherwise
  std::vector<std::string> gridParams;  // the grid's paths (== params for a plain grid)
  nlohmann::json base;               // the resolved base scenario (after the spec's "set")
  std::string baseSource;
  nlohmann::json raw;                // the spec as given (kept with the results)
  // "baseline" (experiments/sweep_paired.h): the design every cell is paired
  // with, replication by replication, in DIR/paired.csv.
  int baselineDesign = -1;           // explicit cells: the baseline's entry of "cells"; -1 when a cell keeps its own
  std::vector<int> baselineGrid;     // per grid param: the baseline's value index; -1 where a cell keeps its own
  bool paired() const;               // a baseline was given
  // The cell validated up front whose replication needs the most memory
  // (estimateMemoryBytes): a run checks it against its threads before it
  // touches the output folder.
  long long largestCell = 0;
  // Pairs of cells validated up front that resolve to the same scenario
  // (the same numbers, on common random numbers), in words, for a note.
  std::vector<std::string> sameScenario;
};

// The cells in index order, made one at a time. A random sweep draws each
// sample from the sweep's one stream in order, so cell k is the same
// whatever runs first.
class SweepCells {
 public:
  explicit SweepCells(const SweepSpec& spec);
  ~SweepCells();
  bool next(SweepCell& out);  // false after the last cell

 private:
  friend SweepCell sweepCell(const SweepSpec& spec, long long k);
  struct Impl;
  const SweepSpec& spec_;
  long long k_ = 0;
  std::unique_ptr<Impl> impl_;
};

// Cell k alone (O(1) for grids, O(k) for random sweeps): for tests and messages.
SweepCell sweepCell(const SweepSpec& spec, long long k);

// A cell's validated scenario: the base with the cell's overrides. Throws
// InputError naming the cell.
LoadedScenario sweepCellScenario(const SweepSpec& spec, const SweepCell& cell);

// Up to this many cells, every cell is validated before anything runs; a
// larger sweep validates the first this-many cells, every explicit cell
// (with the grid's first values) and every value a later cell can take
// (kValidateValuesUpTo) up front, and each cell as it is about to run (a bad
// combination then stops the sweep with exit 2; finished cells stay, and
// --resume continues after a fix).
inline constexpr long long kValidateEveryCellUpTo = 10000;
// Beyond them, every value of each grid parameter is validated up front too
// (with the others at their first values), up to this many more cells; and
// a random sweep's every choice and the ends of each range.
inline constexpr long long kValidateValuesUpTo = 100000;
inline constexpr long long kMaxSweepCells = 1000000;

// Parses and validates a spec (file path; "-" reads standard input when
// allowStdin, as the CLI's SPEC may, never the Python package's, where it would
// block on the interpreter's own input). Throws InputError with the JSON path
// of anything wrong.
SweepSpec loadSweepSpec(const std::string& path, bool allowStdin = true);
SweepSpec parseSweepSpec(const nlohmann::json& spec, const std::string& source);

struct SweepOptions {
  int threads = 0;          // 0 = all cores
  bool resume = false;      // keep finished cells already in the output directory
  std::string outDir;
  std::function<void(int done, int total, int skipped)> progress;
  std::function<void(const std::string&)> warn;  // e.g. a damaged cell file that --resume runs again
  // Distributed runs (MPI): this process runs the cells with index % ranks ==
  // rank; after `barrier`, rank 0 gathers every cell from the cell files and
  // writes the outputs, byte for byte what one process would write.
  int rank = 0, ranks = 1;
  std::function<void()> barrier;
  // The sum of every rank's value, a barrier too (MPI_Allreduce); when
  // given, it replaces the barrier after the cells, and the count returned
  // is the job's.
  std::function<int(int)> sumOverRanks;
  // --series: each cell's per-replication series in DIR/series/cell-NNNNN.csv
  // (or .csv.gz; Auto picks gzip when the whole sweep's series would be large).
  SeriesFormat series = SeriesFormat::None;
  // Polled every step: once set, the sweep stops with Cancelled (finished cells stay, for --resume).
  const std::atomic<bool>* cancel = nullptr;
  // With a baseline: the headline rows of paired.csv, for the terminal
  // (experiments/sweep_paired.h's kPairedHeadlines), when given.
  std::vector<PairedHeadline>* pairedHeadlines = nullptr;
};

// Runs the cells not yet done, writing DIR/cells/cell-NNNNN.json as each
// finishes, then DIR/sweep.csv (one row per cell: parameters, then every
// summary metric with its 95% CI), DIR/spec.json and, with a baseline,
// DIR/paired.csv (each cell minus its baseline, paired by replication).
// Returns cells run.
int runSweep(const SweepSpec& spec, const SweepOptions& opt);

// The CSV assembled from the cell files (exposed for tests).
std::string sweepCsv(const SweepSpec& spec, const std::vector<nlohmann::json>& cellResults);

// Whether a cell file's result has every field the CSV reads (a resumed file
// without one is run again).
bool validSweepResult(const nlohmann::json& result);

}  // namespace mutualab
