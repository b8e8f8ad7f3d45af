#include "web/controls.h"

#include <cctype>
#include <deque>
#include <stdexcept>
#include <string>

#include "core/scenario.h"
#include "core/scenario_json.h"

namespace mutualab::web {

namespace {

// What only the playground decides about a slider: where it sits, the range
// a slider (and a link) may take, its display format and, optionally, what
// it does to the story. Its label, unit, meaning and kind come from the
// scenario parameter table (core/scenario_json.h scenarioFields).
struct Slider {
  const char* path;
  const char* group;
  double min, max;
  const char* format;
  const char* story = "";  // added to the tooltip after the field's meaning
  bool poolsOnly = false;
};

const Slider kSliders[] = {
    {"writers/count", "Writers", 10, 10000, "%.0f",
     "Each writer has a private tail type theta it knows and the pool does not."},
    {"writers/theta/mean", "Writers", 0.05, 0.95, "%.2f",
     "Risky writers write closer to the money and carry a hidden adverse-jump risk the pool cannot see."},
    {"writers/theta/sd", "Writers", 0.0, 0.45, "%.2f",
     "No dispersion, no adverse selection: the wider it is, the more a one-price pool overcharges the safe and "
     "undercharges the risky (needs sd^2 < mean(1 - mean))."},
    {"pool/writerCollateralRatio", "Pool", 0.0, 1.0, "%.2f"},
    {"pool/minCollateralRatio", "Pool", 0.0, 1.0, "%.2f"},
    {"pool/insuranceFeeShare", "Pool", 0.0, 1.0, "%.2f"},
    {"pool/lockupSteps", "LPs", 0, 365, "%.0f"},
    {"pool/noticeSteps", "LPs", 0, 90, "%.0f", "A notice longer than an early warning stops runs."},
    {"pool/exitFee", "LPs", 0.0, 0.5, "%.3f"},
    {"lps/count", "LPs", 1, 2000, "%.0f"},
    {"lps/earlyWarningShare", "LPs", 0.0, 1.0, "%.2f", "Their signal is 90% accurate and looks a few steps ahead."},
    {"market/assets/0/jumpIntensityAnnual", "Market", 0.0, 20.0, "%.2f"},
    {"market/assets/0/volAnnual", "Market", 0.05, 2.0, "%.2f"},
    {"buyers/informedShare", "Market", 0.0, 1.0, "%.2f"},
    {"shock/step", "Market", -1, 3650, "%.0f", "A one-off crash of every asset (its size: shock/logJump)."},
    {"sim/steps", "Run", 30, 3650, "%.0f", "1 step = 1 day by default."},
    {"backstop/capital", "Backstop", 0, 1000000, "%.0f",
     "A pool's own layers are its collateral, retained share, insurance fund and LP capital; 0 with a 0 fee share "
     "= isolated pools.",
     true},
    {"backstop/feeShare", "Backstop", 0.0, 0.5, "%.2f",
     "The calm pools' fees then help pay a crashed pool's buyers (contagion).", true},
};

Control controlOf(const Slider& s, std::deque<std::string>& texts) {
  const FieldInfo* f = findScenarioField(s.path);
  if (!f) throw std::logic_error(std::string("playground slider for an unknown scenario field: ") + s.path);
  texts.push_back(f->text.empty() ? f->name : f->text);
  if (!texts.back().empty()) texts.back()[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(texts.back()[0])));
  texts.back() += std::string(".") + (*s.story ? std::string(" ") + s.story : std::string());
  const char* help = texts.back().c_str();
  return {s.path, s.group, f->name.c_str(), f->unit.c_str(), help,
          f->type == "int" ? ControlKind::Integer : ControlKind::Number, s.min, s.max, s.format, s.poolsOnly};
}

}  // namespace

const std::vector<Control>& playgroundControls() {
  static std::deque<std::string> texts;  // the tooltips (a deque keeps c_str() stable)
  static const std::vector<Control> table = [] {
    std::vector<Control> out;
    for (const Slider& s : kSliders) out.push_back(controlOf(s, texts));
    return out;
  }();
  return table;
}

const Control* findControl(std::string_view path) {
  for (const auto& c : playgroundControls())
    if (path == c.path) return &c;
  return nullptr;
}

bool isShareablePath(std::string_view path) {
  if (findControl(path)) return true;
  if (path == kLearningWritersPath || path == kLearningLpsPath) return true;
  // How the pool admits risk ("ratio" or "var") and the measure's terms
  // (the Scenario panel's Admission section): the fields of the scenario's
  // parameter table under pool/admission; the scenario checks the values.
  constexpr std::string_view admission = "pool/admission/";
  if (path.substr(0, admission.size()) == admission) return findScenarioField(path) != nullptr;
  // A governance rule's condition or one of its named numbers (rules 0..9): a
  // link may switch a rule off ("when" = "0") or move its trigger. The text
  // is at most 512 characters (admitSetting) and muparser parses it when the
  // scenario loads, refusing what it cannot read; it has no I/O.
  constexpr std::string_view rules = "governance/rules/";
  if (path.size() > rules.size() + 2 && path.substr(0, rules.size()) == rules && path[rules.size()] >= '0' &&
      path[rules.size()] <= '9' && path[rules.size() + 1] == '/') {
    const std::string_view rest = path.substr(rules.size() + 2);
    constexpr std::string_view ruleParams = "params/";
    return rest == "when" || (rest.size() > ruleParams.size() && rest.substr(0, ruleParams.size()) == ruleParams &&
                              rest.find('/', ruleParams.size()) == std::string_view::npos);
  }
  // A fee rule: the pool's, or a menu contract's (pool/menu/C/feeRule/...),
  // its name or one of its params.
  constexpr std::string_view menu = "pool/menu/";
  if (path.size() > menu.size() + 2 && path.substr(0, menu.size()) == menu && path[menu.size()] >= '0' &&
      path[menu.size()] < '0' + kMaxContracts && path[menu.size() + 1] == '/')
    path.remove_prefix(menu.size() + 2);
  else if (path.substr(0, 5) == "pool/")
    path.remove_prefix(5);
  else
    return false;
  if (path == "feeRule/name") return true;
  constexpr std::string_view params = "feeRule/params/";
  return path.size() > params.size() && path.substr(0, params.size()) == params &&
         path.find('/', params.size()) == std::string_view::npos;
}

}  // namespace mutualab::web
