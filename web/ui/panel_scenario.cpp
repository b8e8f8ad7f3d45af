// The scenario panel: a preset with its one-line story, the seed, the fee
// rule and its parameters, the sliders of web/controls.h and the learning
// switches. A change restarts the run and updates the shareable link; while a
// run is under way, a change to the fee rule or a pool term governance may
// change is an intervention instead (App::changeParameter): it applies at the
// next step and the run goes on.
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include <imgui.h>

#include "agents/registry.h"
#include "core/fee_rules.h"
#include "core/format_number.h"
#include "core/param_spec.h"
#include "core/scenario.h"
#include "core/scenario_json.h"
#include "experiments/presets.h"
#include "web/controls.h"
#include "web/formula_check.h"
#include "web/interventions.h"
#include "web/path_labels.h"
#include "web/pools_view.h"
#include "web/ui/app.h"
#include "web/ui/chart.h"
#include "web/ui/style.h"

namespace mutualab::web {

namespace {

// A slider's value as text: whole numbers exact, floats to 6 digits (a float
// slider holds 0.2 as 0.200000003; the link should say 0.2).
std::string numberText(double x, bool integer) {
  if (integer) return std::to_string(static_cast<long long>(std::llround(x)));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

const nlohmann::json* at(const nlohmann::json& j, const std::string& path) {
  const nlohmann::json::json_pointer p("/" + path);
  return j.contains(p) ? &j.at(p) : nullptr;
}

// Slider values being dragged, kept until release (then the run restarts once).
std::map<std::string, double>& editing() {
  static std::map<std::string, double> m;
  return m;
}

// The tooltip's last line: what a change does to the run.
const char* whenItApplies(App& app, const char* path) {
  const bool pools = app.session() && hasPools(app.session()->world(0));
  if (!appliesNow(path, pools)) return "changing it restarts the run from step 0";
  return app.appliesNow(path) ? "applies now: a governance change at the next step; the run goes on"
                              : "during a run it applies at once (a governance change); at step 0 it sets the start";
}

void slider(App& app, const Control& c) {
  const nlohmann::json* v = at(app.termsJson(), c.path);
  if (!v || !v->is_number()) return;
  auto& buf = editing();
  double& x = buf.try_emplace(c.path, v->get<double>()).first->second;
  if (!ImGui::IsMouseDown(0) && !ImGui::IsAnyItemActive()) x = v->get<double>();
  bool changed = app.share().value(c.path) != nullptr;
  for (const Intervention& i : app.share().interventions) changed = changed || i.path == c.path;
  if (changed) ImGui::PushStyleColor(ImGuiCol_Text, style::kWarn);
  const std::string hidden = std::string("##") + c.label;
  const char* label = labelledWidth(c.label, 0.48f) ? hidden.c_str() : c.label;
  const bool integer = c.kind == ControlKind::Integer;
  if (integer) {
    int k = static_cast<int>(std::llround(x));
    if (ImGui::SliderInt(label, &k, static_cast<int>(c.min), static_cast<int>(c.max), "%d",
                         c.max - c.min > 500 ? ImGuiSliderFlags_Logarithmic : 0))
      x = k;
  } else {
    float f = static_cast<float>(x);
    if (ImGui::SliderFloat(label, &f, static_cast<float>(c.min), static_cast<float>(c.max), c.format)) x = f;
  }
  const bool commit = ImGui::IsItemDeactivatedAfterEdit();
  if (changed) ImGui::PopStyleColor();
  char tip[800];
  std::snprintf(tip, sizeof tip, "%s\n\nunit: %s\npath: %s (as in mutualab run --set)\nctrl+click to type a value\n%s",
                c.help, c.unit[0] ? c.unit : "-", c.path, whenItApplies(app, c.path));
  helpMarker(tip);
  if (commit) app.changeParameter(c.path, numberText(x, integer));
}

// The formula of a `formula` fee rule: a box that checks what is typed as it
// is typed, applies it when it is valid and the box is left, and lists the
// names a formula may use.
void formulaBox(App& app, const std::string& path, const nlohmann::json& params) {
  static std::string text, loadedFrom, problem;  // the box's text, the value it was loaded from, its problem
  const std::string current = params.value("fee", std::string());
  if (current != loadedFrom && !ImGui::IsAnyItemActive()) {
    text = loadedFrom = current;
    problem = formulaProblem(params, text);
  }
  char buf[kMaxFormulaLength + 1];
  std::snprintf(buf, sizeof buf, "%s", text.c_str());
  ImGui::TextUnformatted("fee (currency) =");
  helpMarker("The fee as a formula over what the pool can observe (docs/model.md, \"Formula fees\"). It is checked "
             "as you type and applied when you leave the box. A quote whose fee comes out NaN, infinite or negative "
             "is refused (fee_quotes_refused).");
  // Enter applies (ctrl+enter would start a new line, which is kept as a space).
  const float lines = 2.5f * ImGui::GetTextLineHeight();
  if (ImGui::InputTextMultiline("##formula", buf, sizeof buf, ImVec2(-1.0f, lines),
                                ImGuiInputTextFlags_CtrlEnterForNewLine)) {
    text = buf;
    for (char& c : text)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    problem = formulaProblem(params, text);
  }
  const float boxWidth = ImGui::GetItemRectSize().x;
  if (ImGui::IsItemDeactivatedAfterEdit() && problem.empty() && text != current) app.changeParameter(path, text);
  ImGui::PushTextWrapPos(0.0f);
  // The box does not wrap: the whole formula, wrapped, when it is wider.
  if (ImGui::CalcTextSize(text.c_str()).x > boxWidth - 2 * ImGui::GetStyle().FramePadding.x)
    ImGui::TextDisabled("%s", text.c_str());
  if (problem.empty())
    ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.45f, 1.0f), "%s", text == current ? "valid, in use" : "valid: leave the box to apply");
  else
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", problem.c_str());
  ImGui::PopTextWrapPos();
  if (ImGui::TreeNode("names a formula may use")) {
    std::string names;
    for (const auto& v : formulaVariables()) names += (names.empty() ? "" : ", ") + v;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", names.c_str());
    ImGui::TextDisabled("functions: min max sum avg abs sqrt exp ln log10 sin cos ..., and cond ? a : b");
    ImGui::PopTextWrapPos();
    ImGui::TreePop();
  }
}

void feeRuleEditor(App& app) {
  const nlohmann::json rule = app.termsJson()["pool"]["feeRule"];  // a copy: a change below replaces the terms
  const std::string name = rule.value("name", std::string());
  if (ImGui::BeginCombo(labelledWidth("fee rule", 0.55f) ? "##fee rule" : "fee rule", name.c_str())) {
    for (const auto& r : feeRules()) {
      if (ImGui::Selectable(r.name, name == r.name) && name != r.name) {
        if (app.appliesNow("pool/feeRule/name")) {
          app.changeParameter("pool/feeRule/name", r.name);  // governance: the new rule starts from its defaults
        } else {
          // A new rule starts from its own defaults: drop the old rule's params.
          ShareState s = app.share();
          std::vector<std::pair<std::string, std::string>> kept;
          for (const auto& e : s.set)
            if (e.first.rfind("pool/feeRule/", 0) != 0) kept.push_back(e);
          s.set = kept;
          s.assign("pool/feeRule/name", r.name);
          s.interventions.clear();  // a restart: back to step 0 as configured
          app.applyShare(s);
        }
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.description);
    }
    ImGui::EndCombo();
  }
  if (const FeeRuleInfo* info = findFeeRule(name)) helpMarker(info->description);
  const FeeRuleInfo* info = findFeeRule(name);
  if (!info || !rule.contains("params") || !rule["params"].is_object()) return;
  ImGui::Indent();
  // In the order the rule declares its params, each with the widget of its
  // type and its meaning, unit and range from the rule's table.
  for (const ParamSpec& spec : info->params) {
    const std::string& key = spec.key;
    const nlohmann::json value = rule["params"].value(key, spec.defaultValue);
    const std::string path = "pool/feeRule/params/" + key;
    // The key read aloud ("capital charge annual"), the key itself in the tooltip's path; the
    // widget's id is scoped by the key, so two keys that read alike stay two widgets.
    const std::string shown = paramWords(key);
    ImGui::PushID(key.c_str());
    // Sized (and its label placed) just before its widget: the formula box draws text first.
    auto label = [&] { return labelledWidth(shown.c_str(), 0.5f) ? "##value" : shown.c_str(); };
    if (spec.type == ParamType::number && value.is_number()) {
      double& x = editing().try_emplace(path, value.get<double>()).first->second;
      if (!ImGui::IsMouseDown(0) && !ImGui::IsAnyItemActive()) x = value.get<double>();
      ImGui::InputDouble(label(), &x, 0, 0, "%.6g");
      if (ImGui::IsItemDeactivatedAfterEdit()) app.changeParameter(path, shortestNumber(x));  // a double: every digit
    } else if (spec.type == ParamType::integer && value.is_number()) {
      double& x = editing().try_emplace(path, value.get<double>()).first->second;
      if (!ImGui::IsMouseDown(0) && !ImGui::IsAnyItemActive()) x = value.get<double>();
      ImGui::InputDouble(label(), &x, 0, 0, "%.0f");
      // As typed: the rule refuses a fraction with a message rather than have it rounded here.
      if (ImGui::IsItemDeactivatedAfterEdit()) app.changeParameter(path, shortestNumber(x));
    } else if (spec.type == ParamType::flag && value.is_boolean()) {
      bool f = value.get<bool>();
      if (ImGui::Checkbox(shown.c_str(), &f)) app.changeParameter(path, f ? "true" : "false");
    } else if (spec.type == ParamType::choice && value.is_string()) {
      if (ImGui::BeginCombo(label(), value.get<std::string>().c_str())) {
        for (const auto& option : spec.options)
          if (ImGui::Selectable(option.c_str(), option == value.get<std::string>()) && option != value.get<std::string>())
            app.changeParameter(path, option);
        ImGui::EndCombo();
      }
    } else if (value.is_string() && name == "formula" && key == "fee") {
      formulaBox(app, path, rule["params"]);
    } else {
      ImGui::TextDisabled("%s: %s", shown.c_str(), value.dump().c_str());
    }
    std::string help = spec.description;
    if (!spec.unit.empty()) help += " (" + spec.unit + ")";
    help += ".\nAllowed: " + paramAllowedText(spec) + "; default " + spec.defaultValue.dump() + ".\npath: " + path;
    helpMarker(help.c_str());
    ImGui::PopID();
  }
  ImGui::Unindent();
}

// What each Admission control does, in the words of the lessons (lesson 9)
// and the Pool view: the scenario's field table (docs/scenario-reference.md)
// says the same for the reference and the command line, with its JSON
// names and what results files write, which a class does not need.
const char* admissionHelp(const std::string& key) {
  if (key == "rule")
    return "How the pool decides whether to take a new position.\n"
           "ratio: while its LP capital + insurance fund stay at least 'min pool collateral' (the Pool section) times "
           "the most it could have to pay on all its positions. Every unit of cover counts alike, however likely the "
           "positions are to lose together.\n"
           "var: while its book's value now plus its VaR or ES (below), with the new position, stays within its LP "
           "capital + insurance fund. The risk engine reprices the whole book on simulated markets, so positions "
           "that tend to lose together count for more.";
  if (key == "measure")
    return "What the pool's test counts. ES (expected shortfall): what the book would lose on average in the worst "
           "1 in 100 of the simulated markets (at level 99%). VaR: the loss only 1 in 100 of them exceed. ES also "
           "counts how bad those worst markets are.";
  if (key == "level")
    return "How far into the tail the measure looks: at 99%, the worst 1 in 100 simulated markets. The samples "
           "must leave at least 10 markets beyond it: 1,000 samples at 99%, 2,000 at 99.5%.\n"
           "A link carries it as a fraction (pool/admission/level=0.99).";
  if (key == "horizonDays")
    return "How far ahead the measure looks: the book is repriced on each simulated market this many days from now.";
  if (key == "samples")
    return "How many simulated markets each measure reprices the whole book on: more is steadier, and slower. At "
           "least 10 must lie beyond the level.";
  if (key == "everySteps")
    return "How often the pool's own test reprices its whole book. Between two measures each new position is "
           "charged at least as if it stood alone, its own value now plus its own ES (or VaR), which for ES can only "
           "overstate what it adds to the book; what the positions save by not all losing together counts again at "
           "the next measure.\n"
           "This is the pool's rule, part of the scenario. The Pool view's 'book at risk' chart is another measure, "
           "the playground's own (its title says how often), so you can watch the book whatever the pool does.";
  return "";
}

// How the pool admits new risk: by its collateral ratio (the Pool
// section's "min pool collateral"), or by the risk engine's measure of its
// book (docs/risk.md, "Admission by VaR"), with the measure's terms. The
// tooltips are the playground's own words (admissionHelp); the ranges come
// from the scenario's parameter table, and a value the scenario refuses is
// refused with its reason (App::note).
void admissionEditor(App& app) {
  const nlohmann::json& pool = app.termsJson()["pool"];
  const nlohmann::json adm = pool.contains("admission") ? pool["admission"] : nlohmann::json::object();
  const AdmissionDef byDefault;
  const std::string rule = adm.is_string() ? adm.get<std::string>() : adm.value("rule", byDefault.rule);
  auto tip = [](const std::string& key) {
    const std::string path = "pool/admission/" + key;
    return std::string(admissionHelp(key)) + "\npath: " + path +
           " (as in mutualab run --set)\nchanging it restarts the run from step 0";
  };
  // The rule's name, short enough for the box at text 2x, and in the list what it does.
  static const char* const kRules[][3] = {
      {"ratio", "ratio", "ratio: capital >= min pool collateral x max cover"},
      {"var", "var (VaR/ES)", "var: the book's VaR or ES within capital"},
  };
  const char* shownRule = rule.c_str();
  for (const auto& r : kRules)
    if (rule == r[0]) shownRule = r[1];
  if (ImGui::BeginCombo(labelledWidth("admits by", 0.55f) ? "##admits by" : "admits by", shownRule)) {
    for (const auto& r : kRules)
      if (ImGui::Selectable(r[2], rule == r[0]) && rule != r[0]) app.changeParameter("pool/admission/rule", r[0]);
    ImGui::EndCombo();
  }
  helpMarker(tip("rule").c_str());
  if (rule != "var") return;
  ImGui::Indent();
  const std::string measure = adm.is_object() ? adm.value("measure", byDefault.measure) : byDefault.measure;
  if (ImGui::BeginCombo(labelledWidth("measure", 0.5f) ? "##measure" : "measure",
                        measure == "es" ? "ES" : measure == "var" ? "VaR" : measure.c_str())) {
    if (ImGui::Selectable("ES (expected shortfall)", measure == "es") && measure != "es") app.changeParameter("pool/admission/measure", "es");
    if (ImGui::Selectable("VaR", measure == "var") && measure != "var") app.changeParameter("pool/admission/measure", "var");
    ImGui::EndCombo();
  }
  helpMarker(tip("measure").c_str());
  // Typed, as a fee rule's params are: the scenario refuses a value out of
  // its range (or a fraction of a whole number) with a message. The level
  // reads as a percent, as on the Pool view ("ES 99%"); the scenario and a
  // link keep it a fraction (0.99).
  struct Term {
    const char* key;
    const char* label;
    double byDefault;
    const char* format;
    double shownScale;  // shown = value x this
  };
  const Term terms[] = {{"level", "level (%)", byDefault.level, "%.4g", 100.0},
                        {"horizonDays", "horizon (days)", static_cast<double>(byDefault.horizonDays), "%.0f", 1.0},
                        {"samples", "samples", static_cast<double>(byDefault.samples), "%.0f", 1.0},
                        {"everySteps", "pool measures every (steps)", static_cast<double>(byDefault.everySteps),
                         "%.0f", 1.0}};
  for (const Term& t : terms) {
    const std::string path = std::string("pool/admission/") + t.key;
    const double value = adm.is_object() && adm.contains(t.key) && adm[t.key].is_number() ? adm[t.key].get<double>() : t.byDefault;
    // 0.975 shows as 97.5, not 97.50000000000001; typed back to six digits of a fraction.
    const double shown = t.shownScale == 1.0 ? value : std::round(value * t.shownScale * 1e4) / 1e4;
    double& x = editing().try_emplace(path, shown).first->second;
    if (!ImGui::IsMouseDown(0) && !ImGui::IsAnyItemActive()) x = shown;
    ImGui::PushID(t.key);
    ImGui::InputDouble(labelledWidth(t.label, 0.5f) ? "##value" : t.label, &x, 0, 0, t.format);
    if (ImGui::IsItemDeactivatedAfterEdit() && x != shown)
      app.changeParameter(path, shortestNumber(t.shownScale == 1.0 ? x : std::round(x / t.shownScale * 1e6) / 1e6));
    helpMarker(tip(t.key).c_str());
    ImGui::PopID();
  }
  ImGui::Unindent();
}

void learningSwitch(App& app, const char* label, const char* path, const char* help) {
  const nlohmann::json* list = at(app.scenarioJson(), path);
  bool on = list && list->is_array() && !list->empty();
  if (on)
    for (const auto& g : *list) on = on && g.value("name", std::string()) == "learning";
  if (ImGui::Checkbox(label, &on)) app.changeParameter(path, on ? kLearningList : "");
  helpMarker(help);
}

// Markets from data: load a CSV of prices in place of the simulated market.
void priceDataSection(App& app) {
  sectionTitle("Price data");
  ImGui::PushTextWrapPos(0);
  if (!app.priceDataName().empty()) {
    ImGui::Text("prices from %s", app.priceDataName().c_str());
    ImGui::TextDisabled("FNV-1a %s; the same prices in every run and seed", app.priceDataHash().c_str());
    if (ImGui::Button("unload (simulate the market)")) app.unloadPriceData();
  } else {
    ImGui::TextDisabled("simulated market (drawn from the seed)");
  }
  if (!app.wantedPriceData().empty()) {
    const std::string& w = app.wantedPriceData();
    const size_t at = w.rfind('@');
    ImGui::TextColored(ImColor(style::kWarn), "The link's run used price data '%s' (FNV-1a %s): load that file to "
                       "reproduce it.", w.substr(0, at).c_str(), w.substr(at + 1).c_str());
  }
  ImGui::PopTextWrapPos();
  if (app.host().pickPriceData) {
    if (ImGui::Button("load a CSV...")) app.host().pickPriceData();
  } else {
    static char path[512] = "";
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    const bool enter = ImGui::InputTextWithHint("##pricepath", "path/to/prices.csv", path, sizeof path,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("load") || enter) && path[0] != '\0') app.loadPriceDataFile(path);
  }
  helpMarker("A CSV with the header time,asset,price: time in days from the start, one row per observation (assets "
             "may interleave), names as in the scenario's market.assets. The price at step t is each asset's last "
             "observation at or before day t x stepDays; the file must reach the horizon. It replaces the simulated "
             "prices: every run and seed sees them, so runs differ only in agents and demand. The pool's volatility "
             "is estimated from them; a jump is a move beyond 3 sd. A bad file is refused with its line and column. "
             "A link cannot carry the data: it records the file's name and hash, and whoever opens it loads the file "
             "again. Also `mutualab run --set market/pricePath/file=FILE`.");
}

// A listed change's tooltip: the field's meaning and its path.
void pathTooltip(const std::string& path, const ScenarioDef* scenario) {
  if (!ImGui::IsItemHovered()) return;
  const PathLabel l = pathLabel(path, scenario);
  ImGui::SetTooltip("%s%s(path: %s, as in mutualab run --set)", l.detail.c_str(), l.detail.empty() ? "" : "\n",
                    path.c_str());
}

}  // namespace

void drawScenarioPanel(App& app) {
  const ShareState& share = app.share();
  if (ImGui::BeginCombo(labelledWidth("preset", 0.55f) ? "##preset" : "preset", share.preset.c_str())) {
    for (const auto& p : embeddedPresets()) {
      if (ImGui::Selectable(p.name, share.preset == p.name)) app.selectPreset(p.name);
      if (ImGui::IsItemHovered()) {
        const auto j = nlohmann::json::parse(p.json, nullptr, false);
        if (!j.is_discarded())
          ImGui::SetTooltip("%s", std::string(presetClassroomText(j.value("description", std::string()))).c_str());
      }
    }
    ImGui::EndCombo();
  }
  ImGui::PushTextWrapPos(0);
  // The class's part of the preset's story: its command-line hints are for `mutualab presets`.
  ImGui::TextDisabled("%s", std::string(presetClassroomText(app.scenarioJson().value("description", std::string()))).c_str());
  ImGui::PopTextWrapPos();

  unsigned long long seed = share.seed;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.4f);
  ImGui::InputScalar("seed", ImGuiDataType_U64, &seed);
  if (ImGui::IsItemDeactivatedAfterEdit() && seed != share.seed) {
    ShareState s = share;
    s.interventions.clear();  // a restart
    s.seed = std::min<unsigned long long>(seed, kMaxSeed);
    if (seed > kMaxSeed) app.note("seed " + std::to_string(seed) + " is above 2^53-1 (the largest a link can carry); using " + std::to_string(kMaxSeed));
    app.applyShare(s);
  }
  ImGui::SameLine();
  if (ImGui::Button("new seed")) {
    ShareState s = share;
    s.interventions.clear();  // a restart
    s.seed = (share.seed * 6364136223846793005ULL + 1442695040888963407ULL) % 1000000;
    app.applyShare(s);
  }
  helpMarker("Every random draw (market, buyers, writers' types, learning) comes from this seed: the same seed gives "
             "the same run, here, in every browser and in `mutualab run --seed`.");

  priceDataSection(app);

  sectionTitle("Fee rule");
  // What a change made now does: with several pools only the backstop's fee share applies at once.
  const bool termsNow = app.appliesNow("pool/feeRule/name");
  if (termsNow || app.appliesNow("backstop/feeShare")) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImColor(style::kGovernance), "Step %d: %s now, as a governance change (a mark on every "
                       "chart); other controls restart the run.",
                       app.session()->currentStep(),
                       termsNow ? "the fee rule and the pool's terms apply" : "the backstop's fee share applies");
    ImGui::PopTextWrapPos();
  }
  feeRuleEditor(app);

  sectionTitle("Admission");
  admissionEditor(app);

  const char* group = "";
  const bool pools = app.session() && hasPools(app.session()->world(0));
  for (const auto& c : playgroundControls()) {
    if (c.poolsOnly && !pools) continue;
    if (std::string(group) != c.group) {
      group = c.group;
      sectionTitle(group);
      if (std::string(group) == "Writers")
        learningSwitch(app, "learning writers", kLearningWritersPath,
                       "Writers learn (Hedge on counterfactual profits) whether to silo, pool or abstain, instead of "
                       "following the preset's fixed rule.");
      if (std::string(group) == "LPs")
        learningSwitch(app, "learning LPs", kLearningLpsPath,
                       "LPs learn (Hedge) how much of their wealth to keep in the pool from its returns and their "
                       "early-warning signal.");
    }
    slider(app, c);
  }
  const ScenarioDef* scenario = app.session() ? &app.session()->world(0).scenario() : nullptr;
  if (!share.interventions.empty()) {
    sectionTitle("Interventions");
    for (const Intervention& i : share.interventions) {
      ImGui::BulletText("step %d: %s", i.step, assignmentText(i.path, i.value, scenario).c_str());
      pathTooltip(i.path, scenario);
    }
    if (ImGui::Button("replay from step 0")) app.replay();
    ImGui::SameLine();
    if (ImGui::Button("clear them")) app.reset();
    helpMarker("Changes made while the run played, each a governance change at the start of its step (the scenario's "
               "governance.schedule). The link carries them and replays them exactly. Reset goes back to step 0 as "
               "configured and clears them; 'replay from step 0' keeps them.");
  }
  if (!share.set.empty()) {
    sectionTitle("Changed from the preset");
    for (const auto& [p, v] : share.set) {
      ImGui::BulletText("%s", assignmentText(p, v, scenario).c_str());
      pathTooltip(p, scenario);
    }
    if (ImGui::Button("back to the preset")) app.selectPreset(share.preset);
  }
}

}  // namespace mutualab::web
