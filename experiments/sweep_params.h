// What a sweep's figures and notebooks need to read its columns as people
// do: each swept path's human name, unit and meaning (from the scenario's
// field table, or the registry of the fee rule or strategy whose param it
// is), written by the sweep to DIR/params.json beside sweep.csv.
#pragma once

#include <nlohmann/json.hpp>

#include "experiments/sweep.h"

namespace mutualab {

// One swept path as a reader sees it.
struct SweptParamInfo {
  std::string name;         // "theta sd", "fee rule k": axis labels
  std::string unit;         // "per year", "positions"; "" for a plain number or a share
  std::string description;  // one line: what it means
};

// The row for `path` ("writers/theta/sd", "pools/2/feeRule/params/k").
// A registry param is looked up in the entries the spec may use there (the
// base's and every explicit cell's name for it), the first that has the key.
SweptParamInfo sweptParamInfo(const SweepSpec& spec, const std::string& path);

// DIR/params.json: {"name": the spec's name, "kind": "grid" | "random" |
// "cells" | "cells x grid", "label_column": whether sweep.csv has `label`,
// "params": [{"path", "name", "unit", "description", "from": "cells" |
// "grid" | "random"}, ...] in sweep.csv's column order, "cells": the labels
// in order (explicit cells only)}.
nlohmann::json sweepParamsJson(const SweepSpec& spec);

}  // namespace mutualab
