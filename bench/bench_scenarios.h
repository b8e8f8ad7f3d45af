// The scenarios the benchmarks time, in one place so the step and its floor
// time the same one.
#pragma once

#include "core/scenario.h"
#include "experiments/load_scenario.h"

namespace mutualab {

// The default experiment (akerlof-flat-fee) at `writers` writers, writers / 5
// LPs, 365 steps.
inline ScenarioDef benchScenario(int writers) {
  ScenarioDef d = loadScenario("preset:akerlof-flat-fee").def;
  d.writers.count = writers;
  d.lps.count = writers / 5;
  d.sim.steps = 365;
  return d;
}

}  // namespace mutualab
