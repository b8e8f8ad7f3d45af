// Governance: scheduled changes of the pools' terms mid-run
// (ScenarioDef::governance). Each change is an assignment as with --set,
// limited to what a protocol's governance can change while positions are
// open: pool terms and fee rules, the backstop's fee share, migration. The
// scenario after each change is built and validated when the scenario loads,
// so a run never parses or fails mid-step.
#pragma once

#include <string>
#include <vector>

#include "core/scenario.h"

namespace mutualab {

struct GovernedStep {
  int step = 0;                  // applied at the start of this step
  std::vector<std::string> set;  // the assignments, as given
  ScenarioDef def;               // the scenario from then on (earlier changes included)
};

// The scenario after each scheduled change, in order. Throws InputError at
// /governance/schedule/i/... naming what to fix: an unknown or ungovernable
// path, a value the scenario refuses, a step outside 1..sim.steps, steps out
// of order. (Fee rule names and parameters are the registry's to check:
// experiments/load_scenario.cpp validates each governed scenario's rules.)
std::vector<GovernedStep> governedScenarios(const ScenarioDef& def);

// What governance may change, for messages and docs.
const char* governablePaths();

}  // namespace mutualab
