// What a scenario path is called where the playground shows it to a person
// (the list of interventions, the notes, the governance marks' tooltips):
// the field's human name and unit from the parameter tables (scenario fields:
// core/scenario_json.h scenarioFields; a fee rule's params: its ParamTable,
// core/param_spec.h), so "pool/exitFee" reads "exit fee (of withdrawal)". The
// path stays secondary detail (a tooltip's "path: pool/exitFee"). No UI, so
// the tests check the exact strings.
#pragma once

#include <string>
#include <string_view>

#include "core/scenario.h"

namespace mutualab::web {

struct PathLabel {
  std::string name;    // "exit fee", "fee rule: loading", "rule circuit-breaker: trigger"; the path when unknown
  std::string unit;    // "of withdrawal", "steps"; "" = a plain number, a share or text
  std::string detail;  // the field's or param's meaning, for a tooltip ("" = none)
  bool known = false;  // false: `name` is the path itself
};

// A param's key read aloud: "capitalChargeAnnual" -> "capital charge annual".
std::string paramWords(std::string_view key);

// The label of `path` ('/'-separated, as in `mutualab run --set` and links).
// `scenario` (may be null) names what the path points into: a governance
// rule's and a pool's name, a menu contract's, and which fee rule's table
// holds a param; without it they read "rule 1", "pool 1", "contract 1", and a
// param's unit comes from the first fee rule that declares it.
PathLabel pathLabel(std::string_view path, const ScenarioDef* scenario = nullptr);

// "exit fee (of withdrawal)", "fee rule: loading", or the path itself.
std::string pathLabelText(std::string_view path, const ScenarioDef* scenario = nullptr);

// An assignment as a person reads it: "exit fee = 0.05 of withdrawal",
// "fee rule = risk-based", "admission level = 99.5%" (a confidence level
// in percent), "nonsense/path = 1".
std::string assignmentText(std::string_view path, std::string_view value, const ScenarioDef* scenario = nullptr);
// The same from "PATH=VALUE" (a governance change's `set` entry).
std::string assignmentText(std::string_view assignment, const ScenarioDef* scenario = nullptr);

}  // namespace mutualab::web
