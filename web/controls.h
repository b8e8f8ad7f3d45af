// The scenario parameters the playground exposes as sliders. Their labels,
// units, tooltips and kinds come from the scenario parameter table
// (core/scenario_json.h scenarioFields); the playground adds where each sits
// and the range a slider (and a shared URL) may take, inside the field's
// own. The ranges keep a browser tab responsive: a URL asking for more is
// clamped to them with a message, never run as given.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mutualab::web {

enum class ControlKind { Number, Integer };

struct Control {
  const char* path;   // '/'-separated path in the scenario JSON (as in `mutualab run --set`)
  const char* group;  // panel section: Writers, Pool, LPs, Market, Run, Backstop
  const char* label;  // the field's human name
  const char* unit;   // the field's unit, shown after the value ("" = none)
  const char* help;   // tooltip: the field's meaning, and what it does to the story
  ControlKind kind = ControlKind::Number;
  double min = 0, max = 1;  // slider and URL range
  const char* format = "%.3g";
  bool poolsOnly = false;   // a scenario with `pools` only (the shared backstop): hidden, and refused, elsewhere
};

const std::vector<Control>& playgroundControls();
const Control* findControl(std::string_view path);

// Paths a shared URL may set besides the controls: the fee rule (name and
// any of its params), a menu contract's fee rule (pool/menu/C/feeRule/...),
// the strategy lists (the learning switches), a governance rule's
// condition or named numbers (governance/rules/N/when, .../params/KEY), and
// how the pool admits risk (pool/admission/rule, measure, level,
// horizonDays, samples, everySteps).
bool isShareablePath(std::string_view path);

// The learning switches: a population's strategy list with one learning group.
constexpr const char* kLearningWritersPath = "writers/strategies";
constexpr const char* kLearningLpsPath = "lps/strategies";
constexpr const char* kLearningList = R"([{"name":"learning","share":1}])";

}  // namespace mutualab::web
