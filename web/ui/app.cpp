#include "web/ui/app.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <imgui.h>

#include "core/errors.h"
#include "core/scenario_json.h"
#include "experiments/fnv1a.h"
#include "experiments/input_file.h"
#include "experiments/load_scenario.h"
#include "experiments/price_path_csv.h"
#include "experiments/registry_defaults.h"
#include "web/interventions.h"
#include "web/governance_marks.h"
#include "web/lessons.h"
#include "web/path_labels.h"
#include "web/pools_view.h"
#include "web/ui/chart.h"

namespace mutualab::web {

namespace {
// "exit fee = 0.05 of withdrawal (path: pool/exitFee)": the human name first, the path as detail.
std::string humanAssignment(const std::string& path, const std::string& value, const ScenarioDef* def) {
  return assignmentText(path, value, def) + " (path: " + path + ")";
}
}  // namespace

App::App(HostServices host) : host_(std::move(host)) { rebuild(); }
App::~App() = default;

void App::note(const std::string& message) {
  messages_.push_back(message);
  if (messages_.size() > 12) messages_.erase(messages_.begin());
}

void App::rebuild() {
  running_ = false;
  halted_ = false;  // a new session
  fastForward_ = false;
  playTo_ = -1;
  stepDebt_ = 0;
  std::vector<std::string> notes;
  try {
    scenario_ = admitScenario(share_, notes);  // refused entries leave share_: the link shows what runs
  } catch (const std::exception& e) {
    notes.push_back(std::string("error: ") + e.what() + "; showing the default preset");
    share_ = ShareState{};
    scenario_ = admitScenario(share_, notes);
  }
  if (!dataName_.empty()) {
    try {
      ScenarioDef def = scenarioFromJson(scenario_);
      def.market.pricePath = parsePricePathCsv(dataText_, dataName_, def);
      scenario_ = scenarioToJson(def);
    } catch (const std::exception& e) {
      notes.push_back(std::string("error: ") + e.what() + "; no price data is loaded now: the market is simulated");
      dataName_.clear();
      dataText_.clear();
      dataHash_.clear();
    }
  }
  share_.data = dataName_.empty() ? "" : dataName_ + "@" + dataHash_;
  if (!wantedData_.empty() && !dataHash_.empty() && wantedData_.substr(wantedData_.rfind('@') + 1) == dataHash_)
    wantedData_.clear();
  // Interventions the scenario refuses (a step past its horizon, a fee rule's
  // bad parameter, ...) are dropped one by one, each with a note.
  std::vector<Intervention> accepted;
  std::unique_ptr<ScenarioDef> def;  // names the notes' paths; read only when one is refused
  for (const Intervention& i : share_.interventions) {
    accepted.push_back(i);
    try {
      loadScenarioJson(withInterventions(scenario_, accepted), {}, "playground");
    } catch (const std::exception& e) {
      if (!def) def = std::make_unique<ScenarioDef>(scenarioFromJson(scenario_));
      notes.push_back("refused the intervention at step " + std::to_string(i.step) + ", " +
                      humanAssignment(i.path, i.value, def.get()) + ": " + e.what());
      accepted.pop_back();
    }
  }
  share_.interventions = accepted;
  terms_ = withRegistryDefaults(termsAfter(scenario_, accepted));  // every param of a rule, to edit
  for (const auto& n : notes) note(n);
  try {
    session_ = std::make_unique<Session>(SessionSpec{scenario_, share_.seed, share_.compare, accepted});
  } catch (const std::exception& e) {
    note(std::string("error: ") + e.what() + "; comparison turned off");
    share_.compare.clear();
    session_ = std::make_unique<Session>(SessionSpec{scenario_, share_.seed, "", accepted});
  }
  // A link, preset or lesson step that brings `pools` in opens the Pools view;
  // later changes to the same kind of run leave the chosen view alone.
  const bool pools = hasPools(session_->world(0));
  if (pools && !hadPools_) view_.tab = 3;
  hadPools_ = pools;
  // A preset whose pool admits by VaR or ES is about its book at risk: a
  // link, the preset list or a lesson that opens it brings the Pool view,
  // where that chart is. Changes within the preset (its own "admits by"
  // switched, a seed) leave the chosen view alone.
  if (!pools && share_.preset != builtPreset_ && !session_->world(0).admissionPools().empty()) view_.tab = 1;
  builtPreset_ = share_.preset;
  publishFragment();
}

void App::publishFragment() {
  if (host_.setFragment) host_.setFragment(encodeShare(share_));
}

void App::openFragment(std::string_view fragment) {
  // A whole browser link works too: only the part after '#' matters (a link's own '#' is percent-encoded).
  if (const size_t hash = fragment.find('#'); hash != std::string_view::npos) fragment.remove_prefix(hash);
  DecodedShare d = decodeShare(fragment);
  // The link's run is on the data it names, or on the simulated market. Only the hash has to match: the
  // user's copy of the file may have another name. Other data loaded here is dropped.
  const std::string linkHash = d.state.data.empty() ? "" : d.state.data.substr(d.state.data.rfind('@') + 1);
  if (!dataName_.empty() && dataHash_ != linkHash) {
    note("the link's run does not use the loaded price data '" + dataName_ + "': unloaded");
    dataName_.clear();
    dataText_.clear();
    dataHash_.clear();
  }
  wantedData_ = !linkHash.empty() && dataHash_ != linkHash ? d.state.data : "";
  if (wantedData_.empty())  // nothing to ask for
    std::erase_if(d.notes, [](const std::string& n) { return n.rfind("link: this run used the price data", 0) == 0; });
  for (const auto& n : d.notes) note(n);
  startScreen_ = false;
  // A link that opens a lesson without naming a preset (#lesson=ID&step=K)
  // runs that step's scenario: the nearest step at or before K that names
  // one, with the link's own entries on top. A link with a preset (every
  // copied link has one) is the run it describes: its scenario wins.
  const Lesson* lesson = findLesson(d.state.lesson);
  if (lesson && !d.namedPreset)
    if (const LessonStep* st = lessonScenarioStep(*lesson, d.state.lessonStep)) {
      ShareState s = d.state;
      s.preset = st->preset;
      s.set = st->set;
      for (const auto& [path, value] : d.state.set) s.assign(path, value);
      if (!d.namedCompare) s.compare = st->compare;
      d.state = std::move(s);
    }
  const int played = d.state.played;
  share_ = d.state;
  share_.played = 0;  // a link's, not the run's: the Share panel's link says where the run is now
  rebuild();
  if (lesson) showLessonStep(*lesson, share_.lessonStep);
  // Made at step N, the link reopens at step N: the run is replayed there,
  // as Run to end plays (a time budget a frame), so a big run never freezes
  // the page; the same seed and interventions make it the same run.
  if (played > 0) {
    const int to = std::min(played, session_->steps());
    if (to < played)
      note("link: played=" + std::to_string(played) + " is past this run's last step; it plays to step " +
           std::to_string(to));
    note("the link's run plays to step " + std::to_string(to) + ", where it was shared");
    playTo_ = to;
    running_ = fastForward_ = true;
  }
}

std::string App::shareFragment() const {
  ShareState s = share_;
  s.played = session_ ? session_->currentStep() : 0;
  return encodeShare(s);
}

std::string App::shareLinkProblem() const {
  ShareState s = share_;
  s.played = session_ ? session_->currentStep() : 0;
  return web::shareLinkProblem(s);
}

void App::showLessonStep(const Lesson& l, int k) {
  view_.tab = static_cast<int>(l.steps[static_cast<size_t>(k)].view);
  view_.sideTab = 0;  // the Lessons panel, where the step's text is
}

bool App::loadPriceData(const std::string& text, const std::string& name) {
  if (text.size() > kMaxInputBytes) {
    note("error: price data '" + name + "' is larger than " + std::to_string(kMaxInputBytes >> 20) + " MiB; not loaded");
    return false;
  }
  clearInterventions();
  dataName_ = name.empty() ? "prices.csv" : name;
  dataText_ = text;
  dataHash_ = fnv1a64Hex(text);
  rebuild();  // reads it against the scenario; a refusal unloads it with a note
  if (dataName_.empty()) return false;
  note("price data '" + dataName_ + "' loaded: " + std::to_string(session_->world(0).steps() + 1) +
       " steps of prices from " + std::to_string(scenario_["market"]["pricePath"].value("rows", 0)) + " rows (FNV-1a " +
       dataHash_ + "), the same in every run");
  return true;
}

bool App::loadPriceDataFile(const std::string& path) {
  std::string text;
  try {
    text = readInputFile(path, "price data file", "price data", /*allowStdin=*/false);
  } catch (const std::exception& e) {
    note(std::string("error: ") + e.what());
    return false;
  }
  return loadPriceData(text, path);
}

void App::unloadPriceData() {
  if (dataName_.empty()) return;
  clearInterventions();
  note("price data '" + dataName_ + "' unloaded: the market is simulated again");
  dataName_.clear();
  dataText_.clear();
  dataHash_.clear();
  rebuild();
}

void App::applyShare(const ShareState& s) {
  share_ = s;
  rebuild();
}

void App::selectPreset(const std::string& name) {
  startScreen_ = false;
  ShareState s;
  s.preset = name;
  s.seed = share_.seed;
  s.compare = share_.compare;
  applyShare(s);
}

void App::reset() {
  clearInterventions();
  rebuild();
}

void App::replay() { rebuild(); }

void App::clearInterventions() {
  if (share_.interventions.empty()) return;
  note("the run restarts from step 0 as configured: its " + std::to_string(share_.interventions.size()) +
       " intervention(s) are cleared");
  share_.interventions.clear();
}

bool App::appliesNow(const std::string& path) const {
  return session_ && session_->currentStep() > 0 && !session_->done() &&
         web::appliesNow(path, hasPools(session_->world(0)));
}

void App::changeParameter(const std::string& path, const std::string& value) {
  // A typed-in value (ctrl+click on a slider) follows the same ranges as a link.
  std::string v = value;
  std::vector<std::string> notes;
  const bool ok = v.empty() || admitSetting(path, v, notes);
  for (const auto& n : notes) note(n);
  if (!ok) return;
  if (!v.empty() && appliesNow(path)) {
    intervene(path, v);
    return;
  }
  clearInterventions();
  share_.assign(path, v);
  rebuild();
}

void App::intervene(const std::string& path, const std::string& value) {
  const int at = session_->currentStep() + 1;
  // The link must still open as this run: one more intervention than it can
  // carry would be dropped (or the whole link refused) by whoever opens it.
  ShareState next = share_;
  next.played = at - 1;
  std::erase_if(next.interventions, [&](const Intervention& i) { return i.step == at && i.path == path; });
  next.interventions.push_back({at, path, value});
  if (const std::string tooMany = web::shareLinkProblem(next); !tooMany.empty()) {
    note("refused " + humanAssignment(path, value, &session_->world(0).scenario()) + " at step " + std::to_string(at) +
         ": the link would then hold " + tooMany + "; the run goes on unchanged (Reset clears the interventions)");
    return;
  }
  const std::string why = session_->intervene(path, value);
  if (!why.empty()) {
    note("refused " + humanAssignment(path, value, &session_->world(0).scenario()) + " at step " +
         std::to_string(at) + ": " + why + "; the run goes on unchanged");
    return;
  }
  share_.interventions = session_->interventions();
  terms_ = withRegistryDefaults(termsAfter(scenario_, share_.interventions));
  const std::string sides = session_->sideCount() > 1 ? (appliesToSideB(path) ? "both sides; " : "side A; ") : "";
  note("step " + std::to_string(at) + ": " + assignmentText(path, value, &session_->world(0).scenario()) +
       " applies now, as a governance change (" + sides + "path: " + path + ")");
  publishFragment();
}

void App::setCompare(const std::string& feeRule) {
  clearInterventions();
  share_.compare = feeRule;
  rebuild();
}

void App::openLesson(const std::string& id, int stepIndex) {
  const Lesson* l = findLesson(id);
  if (!l) {
    share_.lesson.clear();
    publishFragment();
    return;
  }
  stepIndex = std::max(0, std::min(stepIndex, static_cast<int>(l->steps.size()) - 1));
  startScreen_ = false;
  share_.lesson = id;
  share_.lessonStep = stepIndex;
  // Load the scenario of the nearest step at or before this one that names
  // one: always when this step names it (a fresh run), else only if another
  // scenario is loaded (stepping on within a run keeps it).
  if (const LessonStep* s = lessonScenarioStep(*l, stepIndex)) {
    const bool same = share_.preset == s->preset && share_.compare == s->compare && share_.set == s->set;
    if (!same || s == &l->steps[static_cast<size_t>(stepIndex)]) {
      share_.interventions.clear();
      share_.preset = s->preset;
      share_.set = s->set;
      share_.compare = s->compare;
      rebuild();
    }
  }
  showLessonStep(*l, stepIndex);
  publishFragment();
}

std::vector<LessonChart> App::lessonChartsFirst() const {
  const Lesson* l = findLesson(share_.lesson);
  if (!l || share_.lessonStep < 0 || share_.lessonStep >= static_cast<int>(l->steps.size())) return {};
  return l->steps[static_cast<size_t>(share_.lessonStep)].charts;
}

bool App::key(Key k, bool repeat) {
  if (startScreen_ || (ImGui::GetCurrentContext() && ImGui::GetIO().WantTextInput)) return false;
  const Lesson* lesson = findLesson(share_.lesson);
  const int n = lesson ? static_cast<int>(lesson->steps.size()) : 0;
  float& speed = view_.stepsPerSecond;
  switch (k) {
    case Key::Space:
      if (!repeat) setRunning(!running_);
      return true;
    case Key::Right:
      step(1);
      return true;
    case Key::Up:  // the next notch above the speed now (a dragged speed falls between notches)
      for (float v : kSpeeds)
        if (v > speed + 1e-3f) return speed = v, true;
      return true;
    case Key::Down:
      for (auto it = kSpeeds.rbegin(); it != kSpeeds.rend(); ++it)
        if (*it < speed - 1e-3f) return speed = *it, true;
      return true;
    case Key::PageDown:  // a clicker's "next": past the last step it does nothing (no reload of the step)
      if (lesson && share_.lessonStep + 1 < n && !repeat) openLesson(share_.lesson, share_.lessonStep + 1);
      return lesson != nullptr;
    case Key::PageUp:
      if (lesson && share_.lessonStep > 0 && !repeat) openLesson(share_.lesson, share_.lessonStep - 1);
      return lesson != nullptr;
    case Key::Left:
      return false;
  }
  return false;
}

void App::markItem(const char* name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  itemsDrawing_[name] = {a.x, a.y, b.x - a.x, b.y - a.y};
}

void App::markRect(const char* name, float x, float y, float width, float height) {
  itemsDrawing_[name] = {x, y, width, height};
}

bool App::advance() {
  if (halted_) return false;
  try {
    session_->step(1);
    return true;
  } catch (const std::exception& e) {
    halted_ = true;
    setRunning(false);
    note("error at step " + std::to_string(session_->currentStep() + 1) + ": " + e.what() +
         "; the run stops here (Reset, or change the scenario or the price data)");
    return false;
  }
}

void App::step(int n) {
  if (session_)
    for (int k = 0; k < n && !session_->done(); ++k)
      if (!advance()) break;
  if (session_ && session_->done()) running_ = false;
}

void App::runToEnd() {
  if (!session_ || session_->done() || halted_) return;
  running_ = true;
  fastForward_ = true;
  playTo_ = -1;  // to the end, past where a link's run was shared
}

void App::loadResultsJson(const std::string& text, const std::string& name) {
  nlohmann::json j = parseJsonOrDiscarded(text);  // depth-capped: any file may be dropped here
  if (j.is_discarded() || !j.is_object()) {
    note("error: " + name + " is not JSON; load a summary.json written by `mutualab run`");
    return;
  }
  if (!j.contains("adverse_selection_index") || !j.contains("scenario") || !j["scenario"].is_object()) {
    note("error: " + name + " is not a mutualab summary.json (no adverse_selection_index / scenario)");
    return;
  }
  loadedResults_ = std::move(j);
  loadedName_ = name;
  startScreen_ = false;
  view_.tab = 2;
  const auto sn = loadedResults_.find("scenario_name");
  note("loaded " + name + " (" + (sn != loadedResults_.end() && sn->is_string() ? sn->get<std::string>() : std::string("?")) + ")");
}

nlohmann::json App::stateJson() const {
  nlohmann::json j;
  j["preset"] = share_.preset;
  j["seed"] = share_.seed;
  j["compare"] = share_.compare;
  j["lesson"] = share_.lesson;
  j["lesson_step"] = share_.lessonStep;
  // The charts the open step is about, drawn first: "ui" says where ("pool:lps", "adverse:asi").
  j["lesson_charts"] = nlohmann::json::array();
  for (LessonChart c : lessonChartsFirst()) j["lesson_charts"].push_back(lessonChartName(c));
  j["start_screen"] = startScreen_;
  j["steps_per_second"] = view_.stepsPerSecond;
  j["ui"] = nlohmann::json::object();
  for (const auto& [name, r] : items_) j["ui"][name] = r;
  j["fragment"] = encodeShare(share_);
  j["interventions"] = nlohmann::json::array();
  for (const Intervention& i : share_.interventions)
    j["interventions"].push_back({{"step", i.step}, {"path", i.path}, {"value", i.value}});
  j["running"] = running_;
  j["fast_forward"] = fastForward_;
  j["playing_to"] = playTo_ >= 0 ? nlohmann::json(playTo_) : nlohmann::json(nullptr);  // a link's step, while replaying to it
  j["share_fragment"] = shareFragment();
  j["font_size"] = ImGui::GetCurrentContext() ? ImGui::GetFontSize() : 0.f;
  j["frames"] = frames_;
  j["messages"] = messages_;
  j["loaded_results"] = loadedName_;
  j["price_data"] = dataName_.empty() ? nlohmann::json(nullptr)
                                      : nlohmann::json{{"file", dataName_}, {"fnv1a64", dataHash_},
                                                       {"rows", scenario_["market"]["pricePath"].value("rows", 0)}};
  j["wanted_price_data"] = wantedData_;
  static const char* kTabNames[] = {"adverse", "pool", "results", "pools"};
  j["view"] = shownTab_ >= 0 ? kTabNames[shownTab_] : "";
  static const char* kPanelNames[] = {"lessons", "scenario", "share"};
  j["panel"] = shownSideTab_ >= 0 ? kPanelNames[shownSideTab_] : "";
  j["frame_cpu_ms_mean"] = frameMsCount_ ? frameMsSum_ / frameMsCount_ : 0.0;
  j["frame_cpu_ms_max"] = frameMsMax_;
  j["frame_app_ms_mean"] = frameMsCount_ ? appMsSum_ / frameMsCount_ : 0.0;
  // Of which the simulation (a frame takes 0, 1 or more steps as play speed asks), and per step.
  j["frame_sim_ms_mean"] = frameMsCount_ ? simMsSum_ / frameMsCount_ : 0.0;
  j["sim_ms_per_step"] = stepsSum_ ? simMsSum_ / static_cast<double>(stepsSum_) : 0.0;
  j["steps_per_frame"] = frameMsCount_ ? static_cast<double>(stepsSum_) / frameMsCount_ : 0.0;
  // The same since the page opened (the first frames build the font atlas): the difference of two
  // readings times exactly the frames between them.
  j["frame_totals"] = {{"frames", totals_.frames}, {"steps", totals_.steps}, {"cpu_ms", totals_.cpuMs},
                       {"app_ms", totals_.appMs}, {"sim_ms", totals_.simMs}};
  if (!session_) return j;
  j["step"] = session_->currentStep();
  j["steps"] = session_->steps();
  j["sides"] = nlohmann::json::array();
  for (int s = 0; s < session_->sideCount(); ++s) {
    const World& w = session_->world(s);
    const int t = w.currentStep();
    auto m = [&](StepMetric id) {
      const double v = w.metric(t, id);
      return std::isnan(v) ? nlohmann::json() : nlohmann::json(v);
    };
    int counts[3] = {0, 0, 0};
    for (auto st : w.writerStatus())
      if (st >= 0 && st <= 2) ++counts[st];
    j["sides"].push_back({{"fee_rule", (w.scenario().pools.empty() ? w.pool(0).def : w.scenario().pool).feeRule.name},  // in effect now
                          {"writers", w.writerCount()},
                          {"lps", w.lpCount()},
                          {"silo", counts[0]},
                          {"pool", counts[1]},
                          {"abstain", counts[2]},
                          {"participation", m(StepMetric::Participation)},
                          {"asi", m(StepMetric::Asi)},
                          {"nav", m(StepMetric::Nav)},
                          {"insurance_fund", m(StepMetric::InsuranceFund)},
                          {"ledger_imbalance", m(StepMetric::LedgerImbalance)},
                          {"price", m(StepMetric::Price)}});
    if (hasPools(w)) j["sides"].back().update(poolsJson(poolsPicture(w)));  // "pools", "backstop"
    // The governance marks the charts draw (web/governance_marks.h).
    nlohmann::json marks = nlohmann::json::array();
    char name[96];
    for (const GovernanceMark& g : governanceMarks(w)) {
      nlohmann::json labels = nlohmann::json::array();  // as the chart's tooltip reads them
      for (const std::string& a : governanceMarkSets(w, g)) labels.push_back(assignmentText(a, &w.scenario()));
      marks.push_back({{"step", g.step}, {"name", governanceMarkName(w, g, name, sizeof name)}, {"refused", g.refused},
                       {"set", governanceMarkSets(w, g)}, {"set_labels", std::move(labels)}});
    }
    j["sides"].back()["governance"] = std::move(marks);
  }
  return j;
}

void App::recordFrameTime(double ms, double appMs) {
  if (frameMsCount_ >= 120) frameMsSum_ = frameMsMax_ = appMsSum_ = simMsSum_ = 0, frameMsCount_ = 0, stepsSum_ = 0;  // ~2 s
  frameMsSum_ += ms;
  appMsSum_ += appMs;
  simMsSum_ += simMs_;
  ++totals_.frames;
  totals_.cpuMs += ms;
  totals_.appMs += appMs;
  totals_.simMs += simMs_;
  frameMsMax_ = std::max(frameMsMax_, ms);
  ++frameMsCount_;
}

std::string App::exportFile(const std::string& name, int side) const {
  if (!session_ || side < 0 || side >= session_->sideCount()) return {};
  if (name == "summary.json") return session_->summaryJson(side).dump(2) + "\n";
  if (name == "timeseries.csv") return session_->timeseriesCsv(side);
  if (name == "agents.csv") return session_->agentsCsv(side);
  return {};
}

void App::refuseAbsentPoolsView() {
  // The Pools tab exists only for a run with `pools`. Asked for on another
  // run (--view pools, the page's mutualab_show, a lesson step's view on a
  // link's own preset), it would be dropped unseen: say so, as a link's
  // refused entries are.
  if (view_.tab != 3 || (session_ && hasPools(session_->world(0)))) return;
  note("no Pools view: this run has a single pool (the Pools view is for scenarios with several `pools`, "
       "e.g. preset tiered-pools); ignored");
  view_.tab = -1;
}

void App::frame(double dt) {
  ++frames_;
  itemsDrawing_.clear();
  // The charts' parts too (a governance mark's name, a plot), for the tests of where they sit.
  setChartRectSink([this](const std::string& name, ImVec2 a, ImVec2 b) { markRect(name.c_str(), a.x, a.y, b.x - a.x, b.y - a.y); });
  // Play: as many steps as the speed asks for (Run to end: as many as fit),
  // within a time budget so a frame never stalls the page; what does not
  // fit is dropped, not queued.
  // The Pool view's live VaR and ES are measured only while it shows, or is
  // about to: a link or lesson that brings it to the front and replays its
  // run (played=N) measures on the way, as Run to end on that view does.
  // (ImGui draws a view brought to the front from the next frame on, so the
  // one asked for counts for two frames.)
  const int asked = view_.tab >= 0 ? view_.tab : askedTab_;
  if (session_) session_->setBookRiskLive((asked >= 0 ? asked : shownTab_) == 1);
  simMs_ = 0;
  if (running_ && session_) {
    stepDebt_ += fastForward_ ? 1e9 : view_.stepsPerSecond * std::min(dt, 0.25);
    const auto start = std::chrono::steady_clock::now();
    const auto budget = std::chrono::milliseconds(fastForward_ ? 25 : 12);
    const int before = session_->currentStep();
    while (stepDebt_ >= 1.0 && !session_->done() && (playTo_ < 0 || session_->currentStep() < playTo_)) {
      if (!advance()) break;
      stepDebt_ -= 1.0;
      if (std::chrono::steady_clock::now() - start > budget) {
        stepDebt_ = 0;
        break;
      }
    }
    simMs_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    stepsSum_ += session_->currentStep() - before;
    totals_.steps += session_->currentStep() - before;
    if (session_->done() || (playTo_ >= 0 && session_->currentStep() >= playTo_)) {
      running_ = fastForward_ = false;
      playTo_ = -1;
    }
  }

  refuseAbsentPoolsView();

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings;
  ImGui::Begin("mutualab playground", nullptr, flags);
  const float u = uiScale();
  const float sideWidth = std::min(400.f * u, std::max(300.f * u, vp->WorkSize.x * 0.3f));
  ImGui::BeginChild("side", ImVec2(sideWidth, 0), true);
  // The way back to the start screen, first in the header.
  if (ImGui::SmallButton("Start")) startScreen_ = true;
  markItem("header.start");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The start screen: what this playground shows, the class's lessons, free play, a shared link.");
  ImGui::SameLine();
  ImGui::TextUnformatted("mutualab playground");
  // The subtitle follows on the same line only where it fits: at a
  // projector's 1.5x text it would be cut off at the panel's edge.
  const char* subtitle = "risk mutualization, live";
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(subtitle).x) ImGui::NewLine();
  ImGui::TextDisabled("%s", subtitle);
  if (ImGui::BeginTabBar("sidetabs")) {
    const char* names[] = {"Lessons", "Scenario", "Share & export"};
    void (*panels[])(App&) = {drawLessonsPanel, drawScenarioPanel, drawSharePanel};
    for (int i = 0; i < 3; ++i) {
      static const char* marks[] = {"tab.lessons", "tab.scenario", "tab.share"};
      const bool open = ImGui::BeginTabItem(names[i], nullptr, view_.sideTab == i ? ImGuiTabItemFlags_SetSelected : 0);
      markItem(marks[i]);
      if (open) {
        shownSideTab_ = i;
        panels[i](*this);
        ImGui::EndTabItem();
      }
    }
    view_.sideTab = -1;
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("main", ImVec2(0, 0), false);
  drawToolbar(*this);
  if (ImGui::BeginTabBar("views")) {
    // Pools only when the run has them, after the one-pool view.
    const bool pools = session_ && hasPools(session_->world(0));
    const char* names[] = {"Adverse selection", "Pool", "Results file", "Pools"};
    const int order[] = {0, 1, 3, 2};
    for (int i : order) {
      if (i == 3 && !pools) continue;
      const ImGuiTabItemFlags f = view_.tab == i ? ImGuiTabItemFlags_SetSelected : 0;
      static const char* marks[] = {"tab.adverse", "tab.pool", "tab.results", "tab.pools"};
      const bool open = ImGui::BeginTabItem(names[i], nullptr, f);
      markItem(marks[i]);
      if (open) {
        shownTab_ = i;
        if (i == 0) drawAdverseSelectionView(*this);
        if (i == 1) drawPoolView(*this);
        if (i == 2) drawResultsView(*this);
        if (i == 3) drawPoolsView(*this);
        ImGui::EndTabItem();
      }
    }
    ImGui::EndTabBar();
  }
  askedTab_ = view_.tab;
  view_.tab = -1;  // SetSelected only once; clicks and loads set it again
  ImGui::EndChild();
  ImGui::End();

  // The start screen: a modal window over the playground, which shows dimmed
  // behind it. Closed by its buttons or by anything that opens a run (a link,
  // a preset, a lesson), here or through a page hook between frames.
  constexpr const char* kStart = "Welcome to the mutualab playground";
  if (startScreen_ && !ImGui::IsPopupOpen(kStart)) ImGui::OpenPopup(kStart);
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  // Its width is set by its contents (drawStartScreen); at most the screen's height, beyond which the wheel
  // scrolls it. No scroll bar: at a fractional font size (text 1.5x) ImGui 1.86 would draw one, a pixel short.
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(vp->WorkSize.x, vp->WorkSize.y * 0.96f));
  if (ImGui::BeginPopupModal(kStart, nullptr,
                             ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollbar)) {
    if (startScreen_) drawStartScreen(*this);
    if (!startScreen_) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  setChartRectSink(nullptr);  // a chart drawn outside the App's frame records nothing
  items_.swap(itemsDrawing_);
}

}  // namespace mutualab::web
