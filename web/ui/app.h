// The playground application: one object that owns the live Session, the
// shareable state behind it and the UI's own settings, and draws every panel
// once per frame. Both hosts (web/main.cpp in the browser, native/gui/main.cpp
// in a GLFW window) create one App and call frame(); what differs between them
// (the URL bar, downloads, file pickers) comes in through HostServices.
//
// [SECTION] Host services
// [SECTION] App API (also what the browser test drives)
// [SECTION] Panels (one file each in web/ui/)
#pragma once

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "web/lessons.h"
#include "web/session.h"
#include "web/ui/chart.h"
#include "web/url_state.h"

namespace mutualab::web {

struct Lesson;

// [SECTION] Host services
struct HostServices {
  std::string platform = "native";                             // "web" or "native"
  std::function<void(const std::string&)> setFragment;         // show the share state in the page URL
  std::function<std::string(const std::string& fragment)> shareLink;  // what a user copies to reopen this run
  std::function<void(const std::string& name, const std::string& mime, const std::string& text)> saveFile;
  std::function<void()> pickFile;                              // ask for a results JSON (browser file picker)
  std::function<void()> pickPriceData;                         // ask for a price data CSV (browser file picker)
  std::function<void(const std::string&)> copyText;            // to the clipboard
};

class App {
 public:
  // [SECTION] App API
  explicit App(HostServices host);
  ~App();

  // Draws one frame into the current ImGui frame, advancing the run by
  // `dtSeconds` of play time when it is playing.
  void frame(double dtSeconds);

  // Opens a shared link, whole or its fragment (e.g. "#preset=lp-run&seed=3"): bad entries
  // are refused or clamped with a message; never throws.
  void openFragment(std::string_view fragment);
  void selectPreset(const std::string& name);  // clears changed parameters and the lesson
  void applyShare(const ShareState& s);        // rebuilds the run from a share state
  void reset();                                // same scenario, back to step 0, interventions cleared
  void replay();                               // back to step 0 with the interventions (as the link replays them)
  void step(int n);      // n steps now (the page hook; the Step buttons)
  void runToEnd();       // plays to the horizon as fast as frames allow, without freezing the page
  void setRunning(bool on) {
    running_ = on && session_ && !session_->done() && !halted_;
    if (!on) {
      fastForward_ = false;
      playTo_ = -1;
    }
  }
  bool running() const { return running_; }
  void loadResultsJson(const std::string& text, const std::string& name);

  // Markets from data (docs/playground.md): a price path CSV (time, asset,
  // price) replaces the simulated prices of every run from here on, read
  // by the CLI's reader (experiments/price_path_csv.h) against each
  // scenario the user picks; a refusal is a note with the file's line and
  // column, and the market stays (or goes back to) simulated. `name` is what
  // messages and the link call it. Returns whether it was taken.
  bool loadPriceData(const std::string& text, const std::string& name);
  bool loadPriceDataFile(const std::string& path);  // the desktop host: reads the file, then as above
  void unloadPriceData();
  const std::string& priceDataName() const { return dataName_; }  // "" = simulated market
  const std::string& priceDataHash() const { return dataHash_; }
  // The data file a link asked for and that is not loaded ("NAME@HASH"; "" = none).
  const std::string& wantedPriceData() const { return wantedData_; }

  const Session* session() const { return session_.get(); }
  const nlohmann::json& scenarioJson() const { return scenario_; }  // side A, resolved, as configured at step 0
  // Side A's terms after every intervention, with every fee rule's
  // parameters (registry defaults filled in): what the sliders and the fee
  // rule editor show.
  const nlohmann::json& termsJson() const { return terms_; }
  const ShareState& share() const { return share_; }
  std::string fragment() const { return encodeShare(share_); }  // the page URL's: the run as configured
  // The Share panel's link: the fragment with the step the run is at
  // (`played`), so a link made after Run to end reopens there.
  std::string shareFragment() const;
  // Why that link would not open as this run (shareLinkProblem); "" when it would.
  std::string shareLinkProblem() const;
  const std::vector<std::string>& messages() const { return messages_; }
  long frames() const { return frames_; }
  // The host reports each frame's CPU time in ms: all of it (simulation, UI,
  // draw calls) and the part spent in frame() and ImGui::Render (no GL). The
  // simulation's share (the steps frame() took) is timed by frame() itself.
  void recordFrameTime(double totalMs, double appMs);
  // A compact view of the state (step, participation, ASI per side, ...) for tests and scripts.
  nlohmann::json stateJson() const;
  // The run's files, as `mutualab run --reps 1` writes them ("summary.json", "timeseries.csv", "agents.csv").
  std::string exportFile(const std::string& name, int side = 0) const;

  // [SECTION] Panels: shared settings they read and write
  struct View {
    float stepsPerSecond = 30.f;  // play speed
    float textScale = 1.f;        // 1, 1.5 or 2: the host rebuilds the font at 13 px x this (applyTextScale)
    bool showB = true;            // draw side B when comparing
    int poolsSide = 0;            // the side whose pools the Pools view's diagram and table show (comparing)
    int tab = 0;       // main view to bring to front once: 0 adverse selection, 1 pool, 2 results file, 3 pools (-1 none)
    int sideTab = -1;  // side panel to bring to front once: 0 lessons, 1 scenario, 2 share & export (-1 none)
  };
  View& view() { return view_; }
  HostServices& host() { return host_; }
  const nlohmann::json& loadedResults() const { return loadedResults_; }
  const std::string& loadedResultsName() const { return loadedName_; }
  void note(const std::string& message);  // shown in the message strip
  void clearMessages() { messages_.clear(); }
  // Edits the share state. While a run is under way (step > 0, before the
  // horizon), a change that appliesNow is an intervention: a governance change
  // at the next step, and the run goes on (refused with a note when the
  // scenario cannot take it, or when the link could then no longer carry the
  // run: shareLinkProblem). Any other change restarts the run from step 0,
  // without interventions.
  void changeParameter(const std::string& path, const std::string& value);
  bool appliesNow(const std::string& path) const;  // changing `path` now would be an intervention
  void setCompare(const std::string& feeRule);
  // Opens lesson `id` at `step` (clamped): loads the scenario of the nearest
  // step at or before it that names one, and brings the step's main view and
  // the Lessons panel to the front. An unknown id closes the open lesson.
  void openLesson(const std::string& id, int step);
  // The charts the open lesson step is about (none without one): its view
  // draws them first, since at 1280x720 a view shows only its first few.
  std::vector<LessonChart> lessonChartsFirst() const;

  // The start screen: what the model is, and the ways in (the class, free
  // play, a shared link). The hosts show it when opened without a link;
  // opening a link, a preset or a lesson closes it.
  bool startScreen() const { return startScreen_; }
  void showStartScreen(bool on) { startScreen_ = on; }

  // The keyboard, whatever was clicked last, unless a text field has the
  // keyboard or the start screen shows (then false: not handled). Space:
  // play / pause; Right: one step; Up / Down: play speed one notch faster /
  // slower (kSpeeds); PageDown / PageUp: the open lesson's next / previous
  // step (what a presentation clicker sends). Left is not used (a run
  // cannot step back). The hosts call it from their key events, so a press
  // shorter than a frame still counts; `repeat`: the key is held.
  enum class Key { Space, Left, Right, Up, Down, PageUp, PageDown };
  bool key(Key k, bool repeat = false);
  static constexpr std::array<float, 10> kSpeeds = {1, 2, 5, 10, 20, 30, 60, 120, 240, 365};  // steps per second

  // Where the last item drawn sits on screen (x, y, width, height in ImGui
  // pixels, which are CSS pixels in the browser), under `name`, for tests
  // and scripts that click it (stateJson "ui"); the names of this frame only.
  void markItem(const char* name);
  // The same for something drawn straight into a draw list, not an item (a chart's legend).
  void markRect(const char* name, float x, float y, float width, float height);

 private:
  // One step of the run; false, with a note, when the model refuses to go
  // on (an amount beyond what the ledger counts, from a loaded price file
  // whose prices jump a billionfold, say): the run then stays where it is
  // (halted_) until it is built again (Reset, another scenario or data).
  bool advance();

  void rebuild();
  void publishFragment();
  void intervene(const std::string& path, const std::string& value);
  void showLessonStep(const Lesson& l, int step);  // its main view and the Lessons panel to the front
  void clearInterventions();  // before a restart: notes that they are dropped
  void refuseAbsentPoolsView();  // a request for the Pools view on a run without pools: a note, not silence

  HostServices host_;
  ShareState share_;
  nlohmann::json scenario_;  // resolved scenario of side A
  nlohmann::json terms_;     // scenario_ after the interventions (termsJson)
  std::unique_ptr<Session> session_;
  std::vector<std::string> messages_;
  nlohmann::json loadedResults_;
  std::string loadedName_;
  // The loaded price data: the file's bytes stay here (not in share_: a link
  // cannot hold them) so every rebuild reads them against its scenario.
  std::string dataName_, dataText_, dataHash_;
  std::string wantedData_;
  View view_;
  bool running_ = false;
  bool halted_ = false;       // advance() refused a step: nothing plays until a rebuild
  bool fastForward_ = false;  // Run to end: steps within a time budget each frame
  int playTo_ = -1;           // fast-forwarding to a link's `played` step, where it stops (-1: none)
  bool startScreen_ = false;  // showStartScreen
  std::map<std::string, std::array<float, 4>> items_, itemsDrawing_;  // markItem: last frame's, this frame's
  bool hadPools_ = false;     // the last run had `pools`: a run that newly has them opens the Pools view
  std::string builtPreset_;   // the last run's preset: a new one whose pool admits by VaR opens the Pool view
  int shownTab_ = -1;         // the main view drawn in the last frame (stateJson "view")
  int askedTab_ = -1;         // the main view asked for before the last frame, drawn from this one
  int shownSideTab_ = -1;     // the side panel drawn in the last frame (stateJson "panel")
  double stepDebt_ = 0;  // fractional steps owed to play speed
  long frames_ = 0;
  double frameMsSum_ = 0, frameMsMax_ = 0, appMsSum_ = 0, simMsSum_ = 0;  // over a moving window of frames
  double simMs_ = 0;    // the steps of the last frame(), in ms
  long stepsSum_ = 0;   // steps taken in the window
  int frameMsCount_ = 0;
  // Since the start, never reset: a script takes the difference of two
  // readings for exactly the frames between them (stateJson "frame_totals").
  struct FrameTotals {
    long frames = 0, steps = 0;
    double cpuMs = 0, appMs = 0, simMs = 0;
  } totals_;
};

struct PoolsPicture;

// [SECTION] Panels
void drawToolbar(App& app);
void drawScenarioPanel(App& app);
void drawLessonsPanel(App& app);
void drawSharePanel(App& app);
void drawAdverseSelectionView(App& app);
void drawPoolView(App& app);
void drawPoolsView(App& app);  // scenarios with `pools` only
// The Pools view's diagram of `pic` (the backstop, the pools, the flows and
// their labels), the width of the window; it records where each part went
// (recordDrawnRect), so tests check that no label covers another or a box.
void drawPoolsDiagram(const PoolsPicture& pic);
void drawResultsView(App& app);
void drawStartScreen(App& app);  // the start screen's contents (App::frame draws it as a modal window)
// A text field and an Open button for a shared link (or its part after '#'),
// opened by App::openFragment; `id` keeps two of them apart.
void drawOpenLinkField(App& app, const char* id);

// The Pool tab's share-market charts for market `market` (an index into
// World::shareMarketPools()): its pool's NAV per share and the auction price,
// in currency per share; the discount to NAV, in %.
std::vector<SeriesRef> shareVsNavSeries(const World& w, int market);
std::vector<SeriesRef> shareDiscountSeries(const World& w, int market);

}  // namespace mutualab::web
