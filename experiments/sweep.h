// Parameter sweeps and Monte Carlo over scenario parameters: a spec names a
// base scenario, the parameters to vary (a grid, or random samples), the
// replications per cell and the seed. Every cell is validated before
// anything runs; each finished cell is written to disk atomically, so an
// interrupted sweep resumes where it stopped and ends with the same bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/load_scenario.h"

namespace mutualab {

struct SweepCell {
  int index = 0;
  std::vector<std::string> overrides;  // "path=value" each, applied to the base scenario
  nlohmann::json values;               // param path -> value, for the CSV
};

struct SweepSpec {
  std::string name;
  std::uint64_t seed = 1;
  int reps = 10;
  std::vector<std::string> params;  // the varied parameter paths, in column order
  std::vector<SweepCell> cells;     // overrides only: a cell's scenario is rebuilt when it runs (memory stays flat)
  nlohmann::json base;              // the resolved base scenario (after the spec's "set")
  std::string baseSource;
  nlohmann::json raw;               // the spec as given (kept with the results)
};

// A cell's validated scenario: the base with the cell's overrides.
LoadedScenario sweepCellScenario(const SweepSpec& spec, const SweepCell& cell);

// Parses and validates a spec (file path), building and validating every
// cell. Throws InputError with the JSON path of anything wrong.
SweepSpec loadSweepSpec(const std::string& path);
SweepSpec parseSweepSpec(const nlohmann::json& spec, const std::string& source);

struct SweepOptions {
  int threads = 0;          // 0 = all cores
  bool resume = false;      // keep finished cells already in the output directory
  std::string outDir;
  std::function<void(int done, int total, int skipped)> progress;
  // Distributed runs (MPI): this process runs the cells with index % ranks ==
  // rank; after `barrier`, rank 0 gathers every cell from the cell files and
  // writes the outputs, byte for byte what one process would write.
  int rank = 0, ranks = 1;
  std::function<void()> barrier;
};

// Runs the cells not yet done, writing DIR/cells/cell-NNNNN.json as each
// finishes, then DIR/sweep.csv (one row per cell: parameters, then every
// summary metric with its 95% CI) and DIR/spec.json. Returns cells run.
int runSweep(const SweepSpec& spec, const SweepOptions& opt);

// The CSV assembled from the cell files (exposed for tests).
std::string sweepCsv(const SweepSpec& spec, const std::vector<nlohmann::json>& cellResults);

}  // namespace mutualab
