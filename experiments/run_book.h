// `run --book-at STEP` (and mutualab.run(..., book_at=STEP)): replication 0
// of a run, stepped to STEP on the run's seed (the same world that run's
// replication 0 is), and its open pooled book as book.csv and book.json,
// which `mutualab risk` reads.
#pragma once

#include <cstdint>
#include <string>

#include "experiments/load_scenario.h"

namespace mutualab {

struct RunBookFiles {
  std::string csv, json;  // book.csv's and book.json's text
  int positions = 0;
};

// Throws InputError(option) unless 1 <= step <= sim/steps.
void checkBookAt(const ScenarioDef& def, long long step, const std::string& option);

RunBookFiles runBookFiles(const LoadedScenario& sc, std::uint64_t seed, int step);

}  // namespace mutualab
