// The JSON Schema of a scenario file, for editors (VS Code completes keys and
// flags wrong types, unknown keys and out-of-range values as you type) and
// for `mutualab schema`. Built from core's field lists (scenarioFieldSchema)
// plus what only this layer knows: each field's description
// (docs/scenario-reference.md) and the registries' names and params (fee
// rules, writer and LP strategies, learners). docs/scenario.schema.json is
// its output, checked by a test.
#pragma once

#include <nlohmann/json.hpp>

namespace mutualab {

nlohmann::json scenarioSchema();

}  // namespace mutualab
