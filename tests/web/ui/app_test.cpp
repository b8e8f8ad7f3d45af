// The playground application without a window: lessons load their scenarios,
// typed-in values follow the link ranges, the URL follows every change, and
// exports are the command line's files.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <imgui.h>

#include "experiments/fnv1a.h"
#include "web/lessons.h"
#include "web/pools_view.h"
#include "web/ui/app.h"
#include "web/ui/chart.h"

using namespace mutualab::web;

namespace {
struct Recorder {
  std::vector<std::string> fragments;
  HostServices host() {
    HostServices h;
    h.setFragment = [this](const std::string& f) { fragments.push_back(f); };
    return h;
  }
};
bool hasMessage(const App& app, const std::string& part) {
  for (const auto& m : app.messages())
    if (m.find(part) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("the app starts on the default preset and publishes its link", "[web][app]") {
  Recorder r;
  App app(r.host());
  REQUIRE(app.session() != nullptr);
  CHECK(app.session()->currentStep() == 0);
  REQUIRE(!r.fragments.empty());
  CHECK(r.fragments.back() == "preset=akerlof-flat-fee&seed=1");
  app.step(10);
  CHECK(app.stateJson()["step"] == 10);
}

TEST_CASE("a typed-in value beyond a slider's range is clamped with a message", "[web][app]") {
  Recorder r;
  App app(r.host());
  app.changeParameter("writers/count", "1000000");
  CHECK(app.session()->world(0).writerCount() == 10000);
  CHECK(hasMessage(app, "writers/count=1000000 is outside the playground's range [10, 10000]; clamped to 10000"));
  CHECK(r.fragments.back() == "preset=akerlof-flat-fee&seed=1&writers/count=10000");
  app.changeParameter("pool/exitFee", "lots");
  CHECK(hasMessage(app, "pool/exitFee expects a number"));
  CHECK(app.share().value("pool/exitFee") == nullptr);
}

TEST_CASE("lesson steps load their scenarios and keep the run between steps that name none", "[web][app]") {
  Recorder r;
  App app(r.host());
  app.openLesson("fee-rules", 0);
  CHECK(app.share().preset == "akerlof-flat-fee");
  CHECK(app.share().compare == "risk-based");
  REQUIRE(app.session()->sideCount() == 2);
  app.openLesson("fee-rules", 1);  // Run: same scenario, the run is kept
  app.step(25);
  app.openLesson("fee-rules", 2);  // Notice: still the same run
  CHECK(app.session()->currentStep() == 25);
  app.openLesson("fee-rules", 3);  // Predict credibility: a new scenario
  CHECK(app.share().compare == "credibility");
  CHECK(app.session()->currentStep() == 0);
  CHECK(r.fragments.back() == "preset=akerlof-flat-fee&seed=1&compare=credibility&lesson=fee-rules&step=3");
  app.openLesson("fee-rules", 2);  // back: the risk-based comparison again
  CHECK(app.share().compare == "risk-based");
}

TEST_CASE("exports are the files of mutualab run --reps 1 and a results file loads or is refused", "[web][app]") {
  Recorder r;
  App app(r.host());
  app.step(30);
  const std::string summary = app.exportFile("summary.json");
  const nlohmann::json j = nlohmann::json::parse(summary);
  CHECK(j["steps"] == 30);
  CHECK(j["reps"] == 1);
  CHECK(app.exportFile("timeseries.csv").rfind("step,day,", 0) == 0);
  CHECK(app.exportFile("nonsense.txt").empty());
  app.loadResultsJson(summary, "mine.json");
  CHECK(app.loadedResultsName() == "mine.json");
  app.loadResultsJson("{\"not\": 1}", "other.json");
  CHECK(app.loadedResultsName() == "mine.json");
  CHECK(hasMessage(app, "other.json is not a mutualab summary.json"));
}

// Dear ImGui without a window or GPU: a context with a built font atlas
// draws every panel into draw lists, which is enough to run the UI code and
// its asserts.
struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1400, 900);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  void frame(App& app, double dt) {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    app.frame(dt);
    ImGui::Render();
  }
};

TEST_CASE("every view and panel draws, with and without a comparison", "[web][app]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  for (const char* link : {"preset=black-swan&sim/steps=60&shock/step=30", "preset=lp-run&compare=credibility&lesson=lp-run&step=1"}) {
    app.openFragment(link);
    app.step(40);
    for (int view = 0; view < 3; ++view)
      for (int panel = 0; panel < 3; ++panel) {
        app.view().tab = view;
        app.view().sideTab = panel;
        gui.frame(app, 1.0 / 60.0);
        gui.frame(app, 1.0 / 60.0);  // the tab is in front from the second frame
        CHECK(ImGui::GetDrawData()->TotalVtxCount > 1000);
      }
  }
  CHECK(app.frames() == 36);
}

TEST_CASE("the writers-by-theta legend stays inside its strip at 2x text", "[web][app]") {
  HeadlessImGui gui;
  ImGui::GetIO().DisplaySize = ImVec2(1280, 720);
  Recorder r;
  App app(r.host());
  // The Run step: its chart is the strip, drawn first (step 2's decile and
  // ASI charts come first and push the strip below the fold at 2x).
  app.openFragment("#lesson=akerlof-spiral&step=1");
  app.step(365);
  for (float scale : {1.f, 2.f}) {
    INFO("text " << scale << "x");
    ImGui::GetIO().FontGlobalScale = scale;  // the font of applyTextScale, without a GL backend
    gui.frame(app, 1.0 / 60.0);
    gui.frame(app, 1.0 / 60.0);
    const nlohmann::json ui = app.stateJson()["ui"];
    REQUIRE(ui.contains("adverse.strip"));
    REQUIRE(ui.contains("adverse.strip.legend"));
    const auto strip = ui["adverse.strip"].get<std::vector<float>>(), legend = ui["adverse.strip.legend"].get<std::vector<float>>();
    CHECK(legend[0] + legend[2] <= strip[0] + strip[2]);  // not cut at the right edge
    CHECK(legend[1] + legend[3] <= strip[1] + strip[3]);
  }
  ImGui::GetIO().FontGlobalScale = 1.f;
}

// A governance mark's name sits in a band of the chart's own, above its
// data: drawn over the plot, the data's lines struck it through.
TEST_CASE("a governance mark's name is drawn above the plot's data, at 1x and 2x text", "[web][app]") {
  HeadlessImGui gui;
  ImGui::GetIO().DisplaySize = ImVec2(1280, 720);
  Recorder r;
  App app(r.host());
  app.openFragment("#lesson=governance-responds&step=2");  // the Pool view; circuit-breaker at step 126
  app.step(365);
  // With the step open its charts come first (the fee, the LPs, the waterfall);
  // closed, the view's usual order (pool equity, the book at risk, ...).
  for (const bool stepOpen : {true, false}) {
    if (!stepOpen) app.openLesson("", 0);  // "All lessons": the run stays
    for (float scale : {1.f, 2.f}) {
      INFO("text " << scale << "x, lesson step " << (stepOpen ? "open" : "closed"));
      ImGui::GetIO().FontGlobalScale = scale;
      gui.frame(app, 1.0 / 60.0);
      gui.frame(app, 1.0 / 60.0);
      const nlohmann::json ui = app.stateJson()["ui"];
      // The first chart; at 2x the charts further down are out of sight.
      REQUIRE(ui.contains(stepOpen ? "chart:fee per unit notional quoted.mark0" : "chart:pool equity.mark0"));
      int checked = 0;
      for (const auto& [key, rect] : ui.items()) {
        const size_t at = key.rfind(".mark");
        if (key.rfind("chart:", 0) != 0 || at == std::string::npos) continue;
        const std::string plot = key.substr(0, at) + ".plot";
        INFO(key);
        REQUIRE(ui.contains(plot));
        const auto p = ui[plot].get<std::vector<float>>(), m = rect.get<std::vector<float>>();
        CHECK(m[1] + m[3] <= p[1]);  // the name ends above the plot's top
        CHECK(m[1] >= p[1] - 2 * ImGui::GetFontSize());  // just above it, not elsewhere
        CHECK(m[0] >= p[0]);
        CHECK(m[0] + m[2] <= p[0] + p[2]);
        ++checked;
      }
      // At 1x: the fee, LPs in the pool, the withdrawal queue, the waterfall
      // (step open); pool equity, the book at risk, the waterfall, the fee (closed).
      CHECK(checked >= (scale == 1.f ? 4 : 1));
      // The book at risk has its mark too, as every chart over steps.
      if (scale == 1.f && !stepOpen) {
        bool bookAtRisk = false;
        for (const auto& [key, rect] : ui.items())
          bookAtRisk = bookAtRisk || (key.rfind("chart:book at risk", 0) == 0 && key.find(".mark0") != std::string::npos);
        CHECK(bookAtRisk);
      }
    }
  }
  ImGui::GetIO().FontGlobalScale = 1.f;
}

// A decile none of whose writers has traded has no share to show: drawn as
// nothing it read as 0 %, now it is a hatched box of its own.
TEST_CASE("an empty theta decile is drawn as such, not as a 0 % bar", "[web][app]") {
  HeadlessImGui gui;
  ImGui::GetIO().DisplaySize = ImVec2(1280, 720);
  Recorder r;
  App app(r.host());
  app.openFragment("#lesson=akerlof-spiral&step=1");
  const std::string chart = "chart:pool participation by theta decile (share of the decile's writers whose latest choice is pool)";
  auto empties = [&] {
    gui.frame(app, 1.0 / 60.0);
    gui.frame(app, 1.0 / 60.0);
    int n = 0;
    const nlohmann::json ui = app.stateJson()["ui"];
    for (const auto& [key, rect] : ui.items()) n += key.rfind(chart + ".empty", 0) == 0 ? 1 : 0;
    return n;
  };
  app.step(1);
  CHECK(empties() == 3);  // day 1 of seed 1: deciles 5, 7 and 8 have no trade yet (decile 1's 0 % is a value)
  app.step(364);
  CHECK(empties() == 0);
}

TEST_CASE("play follows the speed, and run to end finishes within frame budgets", "[web][app]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  app.view().stepsPerSecond = 30;
  app.setRunning(true);
  for (int f = 0; f < 60; ++f) gui.frame(app, 1.0 / 60.0);  // one second of play
  CHECK(app.session()->currentStep() == 30);
  app.runToEnd();
  int frames = 0;
  while (app.running() && frames < 1000) {
    gui.frame(app, 1.0 / 60.0);
    ++frames;
  }
  CHECK(app.session()->done());
  CHECK(frames >= 1);
  CHECK_FALSE(app.stateJson()["fast_forward"].get<bool>());
}

TEST_CASE("a hostile results file is shown without crashing the page", "[web][app][hostile]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += '[';
  app.loadResultsJson(deep, "deep.json");  // refused by the depth cap, not a stack overflow
  CHECK(hasMessage(app, "deep.json is not JSON"));
  // Every field of the wrong type: the view reads by type, never assumes.
  app.loadResultsJson(R"({"adverse_selection_index": "high", "scenario": {"pool": 5}, "scenario_name": 7, "seed": [1],
                          "ci95": 3, "pool_participation": {"x": 1}, "participation_by_theta_decile": "none"})",
                      "odd.json");
  CHECK(app.loadedResultsName() == "odd.json");
  app.view().tab = 2;  // the results view
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 100);
}

TEST_CASE("a link to a preset with pools opens the Pools view, and it draws the run's flows", "[web][app][pools]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  gui.frame(app, 1.0 / 60.0);
  CHECK(app.stateJson()["view"] == "adverse");
  CHECK_FALSE(app.stateJson()["sides"][0].contains("pools"));
  app.openFragment("#preset=tiered-pools");
  CHECK(app.share().preset == "tiered-pools");
  CHECK(r.fragments.back() == "preset=tiered-pools&seed=1");
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
  CHECK(app.stateJson()["view"] == "pools");
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 3000);
  app.step(365);
  gui.frame(app, 1.0 / 60.0);
  const nlohmann::json s = app.stateJson()["sides"][0];
  REQUIRE(s["pools"].size() == 3);
  CHECK(s["pools"][2]["name"] == "sol");
  CHECK(s["pools"][2]["from_backstop"].get<double>() == Approx(6581.459).margin(0.01));
  CHECK(s["pools"][0]["to_backstop"].get<double>() == Approx(1549.415).margin(0.01));
  CHECK(s["backstop"]["paid"][0][2].get<double>() == Approx(247.43).margin(0.01));  // ETH's fees paid SOL's claims
  CHECK(s["backstop"]["balance"].get<double>() == Approx(17678.05).margin(0.01));
  // A change to the same run keeps the view the user chose.
  app.view().tab = 1;
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
  app.changeParameter("backstop/feeShare", "0.2");
  gui.frame(app, 1.0 / 60.0);
  CHECK(app.stateJson()["view"] == "pool");
  CHECK(app.session()->world(0).scenario().backstop.feeShare == 0.2);
  // A preset with one pool has no Pools tab; a link back to pools opens it again.
  app.selectPreset("lp-run");
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
  CHECK(app.stateJson()["view"] != "pools");
  app.openFragment("preset=cross-chain-backstop&seed=2");
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
  CHECK(app.stateJson()["view"] == "pools");
  app.step(365);
  for (int panel = 0; panel < 3; ++panel) {  // the backstop sliders show on the scenario panel
    app.view().sideTab = panel;
    gui.frame(app, 1.0 / 60.0);
    gui.frame(app, 1.0 / 60.0);
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 3000);
  }
}

TEST_CASE("the Pools view asked for on a run with one pool is refused with a message", "[web][app][pools]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  app.openFragment("#preset=akerlof-flat-fee&seed=1");
  app.view().tab = 3;  // what --view pools and the page's mutualab_show(3, ...) do
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
  CHECK(hasMessage(app, "no Pools view: this run has a single pool"));
  CHECK(app.stateJson()["view"] == "adverse");
  app.clearMessages();
  app.openFragment("#preset=tiered-pools");  // with pools: no message
  app.view().tab = 3;
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
  CHECK(app.messages().empty());
  CHECK(app.stateJson()["view"] == "pools");
}

TEST_CASE("the contagion lesson loads the shared, then the isolated pools, and its link reopens it", "[web][app][pools]") {
  Recorder r;
  App app(r.host());
  app.openLesson("tiered-pools", 0);
  CHECK(app.share().preset == "tiered-pools");
  CHECK(app.view().tab == 3);
  CHECK(app.session()->world(0).backstop().initial > 0);
  app.openLesson("tiered-pools", 3);
  CHECK(app.session()->world(0).backstop().initial == 0);
  CHECK(app.session()->world(0).scenario().backstop.feeShare == 0);
  const std::string link = r.fragments.back();
  CHECK(link == "preset=tiered-pools&seed=1&lesson=tiered-pools&step=3&backstop/capital=0&backstop/feeShare=0");
  Recorder r2;
  App again(r2.host());
  again.openFragment(link);
  CHECK(again.messages().empty());
  CHECK(again.share().lesson == "tiered-pools");
  CHECK(again.session()->world(0).backstop().initial == 0);
}

TEST_CASE("a formula applied in the playground prices the run, and its link reopens it", "[web][formula][app]") {
  Recorder r;
  App app(r.host());
  std::vector<std::string>& fragments = r.fragments;
  app.openFragment("preset=formula-fee");
  REQUIRE(app.session()->world(0).pool(0).def.feeRule.name == "formula");
  const std::string fee = "expected_cover * 2 + (settled > 3 && loss_rate > 0.01 ? 5 : 0)";
  app.changeParameter("pool/feeRule/params/fee", fee);
  CHECK(app.session()->world(0).pool(0).def.feeRule.params["fee"] == fee);
  REQUIRE(!fragments.empty());
  const std::string link = fragments.back();
  INFO(link);
  CHECK(link.find("pool/feeRule/params/fee=") != std::string::npos);
  CHECK(link.find("&&") == std::string::npos);  // '&' is escaped in the link

  Recorder r2;
  App reopened(r2.host());
  reopened.openFragment(link);
  CHECK(reopened.session()->world(0).pool(0).def.feeRule.params["fee"] == fee);

  // The scenario panel draws the box.
  HeadlessImGui gui;
  app.view().sideTab = 1;
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 1000);
}

// The charts mark the steps where governance changed the terms: the marks
// (stateJson's "governance", what lineChart draws) are the World's record.
TEST_CASE("the charts mark the World's governance changes, and the Pool tab draws them", "[web][app][governance]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  app.openFragment("#preset=governance-responds");
  app.step(365);
  const mutualab::World& w = app.session()->world(0);
  std::vector<int> applied;
  for (const auto& e : w.governanceEvents())
    if (e.kind == mutualab::GovernanceEventKind::Applied) applied.push_back(e.step);
  const nlohmann::json marks = app.stateJson()["sides"][0]["governance"];
  REQUIRE(marks.size() == applied.size());
  for (size_t i = 0; i < applied.size(); ++i) {
    CHECK(marks[i]["step"] == applied[i]);
    CHECK(marks[i]["name"] == "circuit-breaker");
    CHECK(marks[i]["refused"] == false);
    CHECK(marks[i]["set"][1] == "pool/exitFee=0.05");
  }
  CHECK(applied == std::vector<int>{126});  // events.csv of mutualab run --reps 1 --seed 1
  for (int view = 0; view < 2; ++view) {
    app.view().tab = view;
    gui.frame(app, 1.0 / 60.0);
    gui.frame(app, 1.0 / 60.0);
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 1000);
  }
  // With the rule switched off by a link: no mark.
  app.clearMessages();
  app.openFragment("#preset=governance-responds&governance/rules/0/when=0");
  CHECK(app.messages().empty());
  app.step(365);
  CHECK(app.stateJson()["sides"][0]["governance"].empty());
  // A comparison runs the rule in B too: both sides are marked.
  app.openFragment("#preset=governance-responds&compare=risk-based");
  app.step(365);
  app.view().tab = 1;
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
  CHECK(app.stateJson()["sides"].size() == 2);
}

TEST_CASE("the Pool tab plots share price against NAV from the World's share-market series", "[web][app][shares]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  app.openFragment("#preset=tokenized-shares");
  app.step(365);
  const mutualab::World& w = app.session()->world(0);
  REQUIRE(w.shareMarketPools().size() == 1);
  const std::vector<SeriesRef> nav = shareVsNavSeries(w, 0), disc = shareDiscountSeries(w, 0);
  REQUIRE(nav.size() == 2);
  REQUIRE(disc.size() == 1);
  int traded = 0;
  for (int t = 0; t <= w.currentStep(); ++t) {
    REQUIRE(nav[0].at(t) == w.metric(t, mutualab::StepMetric::Nav));
    const double price = w.shareMarketMetric(t, 0, mutualab::ShareMarketStepMetric::Price);
    const double discount = w.shareMarketMetric(t, 0, mutualab::ShareMarketStepMetric::Discount);
    if (std::isnan(price)) {
      REQUIRE(std::isnan(nav[1].at(t)));
      REQUIRE(std::isnan(disc[0].at(t)));
      continue;
    }
    ++traded;
    REQUIRE(nav[1].at(t) == price);
    REQUIRE(disc[0].at(t) == Approx(100 * discount));
  }
  CHECK(traded > 0);
  app.view().tab = 1;
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
  const int withShares = ImGui::GetDrawData()->TotalVtxCount;
  CHECK(withShares > 1000);
  // A pool whose shares do not trade has no share market, and no such chart.
  app.openFragment("#preset=lp-run");
  CHECK(app.session()->world(0).shareMarketPools().empty());
}

// Interventions: mid-run, the fee rule and the pool's terms apply as a
// governance change at the next step; the run goes on, every chart marks it,
// and the link replays it bit for bit. Other controls and Reset restart.
TEST_CASE("mid-run, a fee rule or pool term change is an intervention that the link replays exactly",
          "[web][app][interventions]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  app.openFragment("#preset=akerlof-flat-fee");
  CHECK_FALSE(app.appliesNow("pool/feeRule/name"));  // step 0: a change sets the start
  app.step(99);
  CHECK(app.appliesNow("pool/feeRule/name"));
  CHECK(app.appliesNow("pool/exitFee"));
  CHECK_FALSE(app.appliesNow("writers/count"));
  app.changeParameter("pool/feeRule/name", "risk-based");
  CHECK(app.session()->currentStep() == 99);  // not restarted
  CHECK(hasMessage(app, "step 100: fee rule = risk-based applies now, as a governance change (path: pool/feeRule/name)"));
  CHECK(r.fragments.back() == "preset=akerlof-flat-fee&seed=1&at/100/pool/feeRule/name=risk-based");
  CHECK(app.termsJson()["pool"]["feeRule"]["name"] == "risk-based");  // what the fee rule editor shows
  CHECK(app.termsJson()["pool"]["feeRule"]["params"].contains("capitalChargeAnnual"));
  CHECK(app.scenarioJson()["pool"]["feeRule"]["name"] == "flat");     // the start, as configured
  // The scenario panel and every view draw with it.
  for (int tab = 0; tab < 2; ++tab) {
    app.view().sideTab = 1;
    app.view().tab = tab;
    gui.frame(app, 1.0 / 60.0);
    gui.frame(app, 1.0 / 60.0);
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 1000);
  }
  app.step(30);
  app.changeParameter("pool/exitFee", "0.05");
  // A value risk-based refuses is refused whole; the run goes on unchanged.
  app.changeParameter("pool/feeRule/params/loading", "20");
  CHECK(hasMessage(app, "refused fee rule: loading = 20 (path: pool/feeRule/params/loading) at step 130"));
  CHECK(hasMessage(app, "the run goes on unchanged"));
  CHECK(app.session()->currentStep() == 129);
  const std::string link = r.fragments.back();
  CHECK(link == "preset=akerlof-flat-fee&seed=1&at/100/pool/feeRule/name=risk-based&at/130/pool/exitFee=0.05");
  app.step(400);
  const nlohmann::json marks = app.stateJson()["sides"][0]["governance"];
  REQUIRE(marks.size() == 2);
  CHECK(marks[0]["step"] == 100);
  CHECK(marks[1]["step"] == 130);
  CHECK(marks[1]["set"][0] == "pool/exitFee=0.05");
  CHECK(marks[1]["set_labels"][0] == "exit fee = 0.05 of withdrawal");  // what the chart's tooltip reads
  CHECK(marks[0]["name"] == "intervention");

  Recorder r2;
  App opened(r2.host());
  opened.openFragment(link);
  CHECK(opened.messages().empty());
  CHECK(opened.stateJson()["interventions"] == app.stateJson()["interventions"]);
  opened.step(400);
  const mutualab::World& a = app.session()->world(0);
  const mutualab::World& b = opened.session()->world(0);
  for (int t = 0; t <= a.steps(); ++t) {
    const auto x = a.metricsRow(t), y = b.metricsRow(t);
    REQUIRE(std::memcmp(x.data(), y.data(), x.size_bytes()) == 0);
  }
  CHECK(app.exportFile("summary.json") == opened.exportFile("summary.json"));

  // Replay: step 0 with the interventions; Reset: step 0 as configured, without them.
  opened.replay();
  CHECK(opened.session()->currentStep() == 0);
  CHECK(opened.share().interventions.size() == 2);
  opened.reset();
  CHECK(opened.session()->currentStep() == 0);
  CHECK(opened.share().interventions.empty());
  CHECK(r2.fragments.back() == "preset=akerlof-flat-fee&seed=1");
  CHECK(hasMessage(opened, "its 2 intervention(s) are cleared"));

  // A control that is not governance's restarts the run, without the interventions.
  Recorder r3;
  App other(r3.host());
  other.openFragment(link);
  other.step(150);
  other.changeParameter("writers/count", "300");
  CHECK(other.session()->currentStep() == 0);
  CHECK(other.share().interventions.empty());
  CHECK(r3.fragments.back() == "preset=akerlof-flat-fee&seed=1&writers/count=300");
}

TEST_CASE("a parameter the scenario refuses is dropped from the link, which shows what runs", "[web][app]") {
  Recorder r;
  App app(r.host());
  for (const char* bad : {"pool/feeRule/params/loading=20", "pool/feeRule/params/loading=nan",
                          "pool/feeRule/params/bogus=1", "writers/theta/mean=0.95&writers/theta/sd=0.5"}) {
    INFO(bad);
    app.clearMessages();
    app.openFragment(std::string("#preset=akerlof-flat-fee&seed=1&") + bad);
    CHECK(hasMessage(app, "showing the preset as it is"));
    CHECK(app.share().set.empty());
    CHECK(r.fragments.back() == "preset=akerlof-flat-fee&seed=1");
    CHECK(app.fragment() == "preset=akerlof-flat-fee&seed=1");
    CHECK(app.stateJson()["fragment"] == "preset=akerlof-flat-fee&seed=1");
  }
  // One entry refused on its own: the others stay in the link.
  app.openFragment("#preset=akerlof-flat-fee&writers/count=300&governance/rules/9/when=0");
  CHECK(hasMessage(app, "governance/rules/9"));
  CHECK(app.fragment() == "preset=akerlof-flat-fee&seed=1&writers/count=300");
}

TEST_CASE("an intervention the scenario refuses is dropped from a link with a note, the rest opens",
          "[web][app][interventions]") {
  Recorder r;
  App app(r.host());
  app.openFragment("#preset=akerlof-flat-fee&sim/steps=100&at/200/pool/exitFee=0.05&at/50/pool/exitFee=0.1"
                   "&at/60/pool/feeRule/params/nonsense=3");
  CHECK(hasMessage(app, "refused the intervention at step 200, exit fee = 0.05 of withdrawal (path: pool/exitFee): "));
  CHECK(hasMessage(app, "refused the intervention at step 60, fee rule: nonsense = 3 (path: pool/feeRule/params/nonsense): "));
  REQUIRE(app.share().interventions.size() == 1);
  CHECK(app.share().interventions[0] == Intervention{50, "pool/exitFee", "0.1"});
  CHECK(r.fragments.back() == "preset=akerlof-flat-fee&seed=1&sim/steps=100&at/50/pool/exitFee=0.1");
  app.step(100);
  CHECK(app.session()->world(0).pool(0).def.exitFee == 0.1);
  // Comparing: a pool term applies to both sides, a fee rule to side A.
  app.openFragment("#preset=akerlof-flat-fee&compare=credibility");
  app.step(20);
  app.changeParameter("pool/exitFee", "0.05");
  CHECK(hasMessage(app, "step 21: exit fee = 0.05 of withdrawal applies now, as a governance change (both sides; path: pool/exitFee)"));
  app.changeParameter("pool/feeRule/name", "risk-based");
  CHECK(hasMessage(app, "(side A; path: pool/feeRule/name)"));
  app.step(10);
  CHECK(app.session()->world(0).pool(0).def.feeRule.name == "risk-based");
  CHECK(app.session()->world(1).pool(0).def.feeRule.name == "credibility");
  CHECK(app.session()->world(1).pool(0).def.exitFee == 0.05);
  // With `pools`, the backstop's fee share applies now; the pools' `pool` start terms restart.
  app.openFragment("#preset=tiered-pools");
  app.step(30);
  CHECK(app.appliesNow("backstop/feeShare"));
  CHECK_FALSE(app.appliesNow("pool/exitFee"));
  CHECK_FALSE(app.appliesNow("backstop/capital"));
  app.changeParameter("backstop/feeShare", "0.2");
  CHECK(app.session()->currentStep() == 30);
  app.step(1);
  CHECK(app.session()->world(0).scenario().backstop.feeShare == 0.2);
}

// A price file whose prices jump a billion-billionfold (a row in other units)
// makes amounts beyond what the ledger counts: the step refuses them
// (core/money.h). The page must not die of it: the run stops, with a note.
TEST_CASE("a step the model refuses stops the run with a message; the page goes on", "[web][app][price-path]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  app.openFragment("preset=akerlof-flat-fee&sim/steps=60");  // calls written before the jump expire from step 31
  std::string csv = "time,asset,price\n";
  for (int t = 0; t <= 60; ++t) csv += std::to_string(t) + ",ETH," + (t < 10 ? "2000" : "2e200") + "\n";
  REQUIRE(app.loadPriceData(csv, "units.csv"));
  app.runToEnd();
  for (int f = 0; f < 20 && app.running(); ++f) gui.frame(app, 1.0 / 60.0);
  CHECK_FALSE(app.running());
  CHECK(hasMessage(app, "is beyond what the ledger counts"));
  CHECK(hasMessage(app, "the run stops here"));
  const int stopped = app.session()->currentStep();
  CHECK(stopped < 60);
  app.step(1);  // the Step button: nothing more
  app.runToEnd();
  gui.frame(app, 1.0 / 60.0);
  CHECK(app.session()->currentStep() == stopped);
  // Without the file the run is built again, and plays to its end.
  app.unloadPriceData();
  app.runToEnd();
  for (int f = 0; f < 100 && app.running(); ++f) gui.frame(app, 1.0 / 60.0);
  CHECK(app.session()->done());
}

TEST_CASE("a loaded price data CSV prices every run, a bad one is refused with its line and column, a link names it",
          "[web][app][price-path]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  app.openFragment("preset=akerlof-flat-fee&sim/steps=30");
  std::string csv = "time,asset,price\n";
  for (int t = 0; t <= 30; ++t) csv += std::to_string(t) + ",ETH," + std::to_string(t < 20 ? 2000 : 1200) + "\n";

  SECTION("a bad file: a note with line and column, and the market stays simulated") {
    CHECK_FALSE(app.loadPriceData("time,asset,price\n0,ETH,2000\n1,ETH,abc\n", "bad.csv"));
    CHECK(hasMessage(app, "bad.csv line 3, column 7: expected a price (a number > 0), found 'abc'"));
    CHECK(app.priceDataName().empty());
    CHECK(app.stateJson()["price_data"].is_null());
  }
  SECTION("a good file: every step's price is the file's; the link names the file and its hash") {
    REQUIRE(app.loadPriceData(csv, "crash.csv"));
    const std::string hash = mutualab::fnv1a64Hex(csv);
    CHECK(app.stateJson()["price_data"]["fnv1a64"] == hash);
    CHECK(app.stateJson()["price_data"]["rows"] == 31);
    const mutualab::World& w = app.session()->world(0);
    CHECK(w.market().price(0, 19) == 2000);
    CHECK(w.market().price(0, 20) == 1200);
    CHECK(w.market().downJump(0, 20));
    CHECK(r.fragments.back().find("&data=crash.csv%40" + hash) != std::string::npos);
    gui.frame(app, 1.0 / 60.0);  // the panel draws the loaded data

    // Another parameter, another run: the same prices.
    app.changeParameter("writers/count", "50");
    CHECK(app.session()->world(0).market().price(0, 20) == 1200);

    // A horizon past the data: refused with the file's line, and unloaded.
    app.changeParameter("sim/steps", "40");
    CHECK(hasMessage(app, "crash.csv line 32, column 1: expected ETH's rows to reach day 40"));
    CHECK(app.priceDataName().empty());

    // The link opened elsewhere asks for the file, runs simulated until it comes, and takes it by hash.
    App other(r.host());
    other.openFragment("preset=akerlof-flat-fee&sim/steps=30&data=crash.csv%40" + hash);
    CHECK(hasMessage(other, "this run used the price data file 'crash.csv' (FNV-1a " + hash + ")"));
    CHECK(other.wantedPriceData() == "crash.csv@" + hash);
    gui.frame(other, 1.0 / 60.0);
    REQUIRE(other.loadPriceData(csv, "my-copy.csv"));
    CHECK(other.wantedPriceData().empty());
    CHECK(other.session()->world(0).market().price(0, 20) == 1200);
    // A link without data drops it.
    other.openFragment("preset=akerlof-flat-fee&sim/steps=30");
    CHECK(other.priceDataName().empty());
  }
}

namespace {
// A click as a person makes it: the pointer over the item marked `name` (App::markItem), pressed for a
// frame, released the next.
void click(HeadlessImGui& gui, App& app, const std::string& name) {
  const nlohmann::json ui = app.stateJson()["ui"];
  REQUIRE(ui.contains(name));
  const auto r = ui[name].get<std::vector<float>>();
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(r[0] + r[2] / 2, r[1] + r[3] / 2);
  gui.frame(app, 1.0 / 60.0);
  io.MouseDown[0] = true;
  gui.frame(app, 1.0 / 60.0);
  io.MouseDown[0] = false;
  gui.frame(app, 1.0 / 60.0);
  io.MousePos = ImVec2(-1, -1);
}
}  // namespace

TEST_CASE("the start screen: its three ways in, and back to it", "[web][app][start]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  CHECK_FALSE(app.stateJson()["start_screen"].get<bool>());  // the hosts decide: a link opens without it
  app.showStartScreen(true);
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
  CHECK(app.stateJson()["start_screen"] == true);
  for (const char* item : {"start.class", "start.akerlof", "start.free", "start.link", "start.open"})
    CHECK(app.stateJson()["ui"].contains(item));
  // While it shows, the keys are not the playground's.
  CHECK_FALSE(app.key(App::Key::Space));
  CHECK_FALSE(app.running());

  click(gui, app, "start.class");  // lesson 1, step 0, on its chart's view
  CHECK_FALSE(app.startScreen());
  CHECK(app.share().lesson == "capital-efficiency");
  CHECK(app.share().lessonStep == 0);
  CHECK(app.share().preset == "siloed-vs-mutualized");
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);  // a tab selected by the app is in front from the second frame
  CHECK(app.stateJson()["view"] == "pool");
  CHECK_FALSE(app.stateJson()["ui"].contains("start.class"));

  click(gui, app, "header.start");  // the way back
  CHECK(app.startScreen());
  gui.frame(app, 1.0 / 60.0);
  click(gui, app, "start.akerlof");
  CHECK(app.share().lesson == "akerlof-spiral");
  CHECK(app.share().preset == "akerlof-flat-fee");

  app.showStartScreen(true);
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
  click(gui, app, "start.free");  // the default preset, no lesson, the Scenario tab
  CHECK_FALSE(app.startScreen());
  CHECK(app.share().lesson.empty());
  CHECK(r.fragments.back() == "preset=akerlof-flat-fee&seed=1");
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
  CHECK(app.stateJson()["view"] == "adverse");
  CHECK(app.stateJson()["panel"] == "scenario");

  // A shared link typed into its field: opened as any link, its bad entries as notes.
  app.showStartScreen(true);
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
  click(gui, app, "start.link");
  for (char c : std::string("http://example.org/#preset=lp-run&seed=3&pool/exitFee=abc")) ImGui::GetIO().AddInputCharacter(c);
  gui.frame(app, 1.0 / 60.0);
  CHECK(app.startScreen());
  click(gui, app, "start.open");
  CHECK_FALSE(app.startScreen());
  CHECK(app.share().preset == "lp-run");
  CHECK(app.share().seed == 3);
  CHECK(hasMessage(app, "pool/exitFee expects a number"));

  // Anything that opens a run closes it: a link, a preset.
  app.showStartScreen(true);
  app.openFragment("#preset=black-swan");
  CHECK_FALSE(app.startScreen());
  app.showStartScreen(true);
  app.selectPreset("lp-run");
  CHECK_FALSE(app.stateJson()["start_screen"].get<bool>());
}

TEST_CASE("a lesson step brings the view its text is about to the front", "[web][app][lessons]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  const char* names[] = {"adverse", "pool", "results", "pools"};
  for (const Lesson& l : lessons())
    for (int k = 0; k < static_cast<int>(l.steps.size()); ++k) {
      app.view().sideTab = 1;  // the Scenario panel: the step brings Lessons back
      gui.frame(app, 1.0 / 60.0);
      app.openLesson(l.id, k);
      gui.frame(app, 1.0 / 60.0);
      gui.frame(app, 1.0 / 60.0);
      INFO(l.id << " step " << k);
      CHECK(app.stateJson()["view"] == names[static_cast<int>(l.steps[static_cast<size_t>(k)].view)]);
      CHECK(app.stateJson()["panel"] == "lessons");  // where the step's text is
      CHECK(app.stateJson()["ui"].contains("lesson.next"));
    }
  // The views the texts name: a few by hand, so the table cannot drift from them unnoticed.
  CHECK(findLesson("capital-efficiency")->steps[1].view == LessonView::Pool);
  CHECK(findLesson("akerlof-spiral")->steps[1].view == LessonView::Adverse);
  CHECK(findLesson("tiered-pools")->steps[2].view == LessonView::Pools);
  CHECK(findLesson("governance-responds")->steps[8].view == LessonView::Pool);
}

// The educator's report: at 1280x720 the text of several steps named a
// Pool view chart (capital efficiency, LPs in the pool, NAV, the waterfall)
// drawn below the fold; and comparing flat and credibility fees at 1.5x
// text, lesson 3's steps about the adverse selection index showed its chart
// under the two strips of writers and the decile chart, below the fold. A
// step's charts now come first in its view; each must end inside the window,
// whole, at 1x text; at 1.5x the Pool view's first, and every one an
// Adverse selection view step names.
TEST_CASE("a lesson step's charts show without scrolling at 1280x720", "[web][app][lessons]") {
  HeadlessImGui gui;
  ImGui::GetIO().DisplaySize = ImVec2(1280, 720);
  Recorder r;
  App app(r.host());
  int checked = 0, adverse = 0;
  for (float scale : {1.f, 1.5f}) {
    ImGui::GetIO().FontGlobalScale = scale;  // the font of applyTextScale, without a GL backend
    for (const Lesson& l : lessons())
      for (int k = 0; k < static_cast<int>(l.steps.size()); ++k) {
        const LessonStep& st = l.steps[static_cast<size_t>(k)];
        if (st.view != LessonView::Pool && st.view != LessonView::Adverse) continue;
        INFO(l.id << " step " << k << ", text " << scale << "x");
        REQUIRE_FALSE(st.charts.empty());  // a Pool or Adverse selection step names the charts its text is about
        app.openLesson(l.id, k);
        app.step(60);
        for (int f = 0; f < 3; ++f) gui.frame(app, 1.0 / 60.0);
        const nlohmann::json state = app.stateJson(), ui = state["ui"];
        CHECK(state["lesson_charts"].size() == st.charts.size());
        const size_t shown = scale == 1.f || st.view == LessonView::Adverse ? st.charts.size() : 1;
        float below = 0;  // where the previous chart ended: they come in the step's order
        for (size_t c = 0; c < shown; ++c) {
          const std::string name = lessonChartName(st.charts[c]);
          INFO(name);
          CHECK(lessonChartView(st.charts[c]) == st.view);
          REQUIRE(ui.contains(name));
          const auto rect = ui[name].get<std::vector<float>>();  // x, y, width, height
          CHECK(rect[1] >= below);
          CHECK(rect[1] + rect[3] <= 720.f);
          below = rect[1] + rect[3];
          ++checked;
          if (st.view == LessonView::Adverse) ++adverse;
        }
      }
  }
  CHECK(checked > 60);
  CHECK(adverse >= 30);  // 14 steps (lessons 2, 3 and 7), some naming two charts, at 1x and 1.5x
  ImGui::GetIO().FontGlobalScale = 1.f;
}

namespace {
// Pictures of 2 to 6 pools, with flows both ways (the backstop paying some
// pools, one across a bridge with money on it and some lost), for the flow labels' test.
PoolsPicture flowsPicture(int n, bool payouts) {
  static const char* names[] = {"eth", "btc", "sol", "avax", "arb", "op"};
  static const double fees[] = {154, 75.2, 383, 1890, 12.5, 640};
  PoolsPicture p;
  p.backstopBalance = 20612;
  p.backstopInitial = 20000;
  for (int k = 0; k < n; ++k) {
    PoolFlows f;
    f.name = names[k];
    f.lpCapital = 30000 + 5000.0 * k;
    f.insuranceFund = fees[k];
    f.toBackstop = fees[k];
    f.nav = 1.013;
    f.participation = 0.316;
    f.lps = 10;
    if (payouts && k % 2 == 1) {
      f.fromBackstop = 6581.46 / k;
      f.unpaid = 1234.5 * k;
      f.defaulted = true;
    }
    if (payouts && k == n - 1) {
      f.chain = "solana";
      f.fromBackstop = 2400;
      f.inTransit = 310;
      f.lostInTransit = 42.5;
    }
    p.pools.push_back(f);
  }
  if (payouts) p.backstopChain = "ethereum";
  p.contagion.assign(static_cast<size_t>(n + 1), std::vector<double>(static_cast<size_t>(n), 0.0));
  return p;
}

// One frame of the Pools diagram alone, in a view `width` pixels wide at the
// right of a 1280x720 screen (the Pools view's place).
void drawPoolsFrame(const PoolsPicture& pic, float width) {
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(1280 - width, 0));
  ImGui::SetNextWindowSize(ImVec2(width, 720));
  ImGui::Begin("pools-test", nullptr, ImGuiWindowFlags_NoDecoration);
  drawPoolsDiagram(pic);
  ImGui::End();
  ImGui::Render();
}

bool overlap(const std::vector<float>& a, const std::vector<float>& b) {  // x, y, width, height
  return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
}

// Every layout the Pools diagram's tests check, `check(width, pools,
// payouts)` at each with its text scale set: text 1x to 2x, the Pools
// view's width at 1280x720 (about 870 pixels at 1x, 660 beside the wider
// side panel at 2x), 2 to 6 pools, flows one way and both.
template <typename Check>
void forEachPoolsLayout(Check&& check) {
  for (float scale : {1.f, 1.5f, 2.f})
    for (float width : {870.f, 660.f})
      for (int n : {2, 3, 4, 6})
        for (bool payouts : {false, true}) {
          INFO(n << " pools, payouts " << payouts << ", text " << scale << "x, " << width << " wide");
          ImGui::GetIO().FontGlobalScale = scale;
          check(width, n, payouts);
        }
}
}  // namespace

// The educator's report: "fees +75.2" and "fees +383" crowded around the
// middle arrow at 1x, worse at 2x. Every flow label now sits clear of every
// other label, box and arrow head, inside the diagram, for 2 to 6 pools,
// both directions of flow, at text 1x to 2x in the Pools view's width at
// 1280x720 (about 870 pixels at 1x, 660 beside the wider side panel at 2x).
TEST_CASE("the Pools diagram's flow labels overlap no label, box or arrow head", "[web][app][pools]") {
  HeadlessImGui gui;
  ImGui::GetIO().DisplaySize = ImVec2(1280, 720);
  std::map<std::string, std::vector<float>> rects;
  setChartRectSink([&](const std::string& name, ImVec2 a, ImVec2 b) { rects[name] = {a.x, a.y, b.x - a.x, b.y - a.y}; });
  int labels = 0;
  forEachPoolsLayout([&](float width, int n, bool payouts) {
    rects.clear();
    drawPoolsFrame(flowsPicture(n, payouts), width);
    std::vector<std::string> labelNames, solid;  // solid: boxes and arrow heads
    for (const auto& [name, rect] : rects)
      (name.rfind("pools:label.", 0) == 0 ? labelNames : solid).push_back(name);
    // A fee label for each pool; with payouts, one for each paid pool, and the bridged one's "on bridge" and "lost".
    CHECK(labelNames.size() == static_cast<size_t>(n + (payouts ? n / 2 + (n % 2) + 2 : 0)));
    for (size_t i = 0; i < labelNames.size(); ++i) {
      const auto& a = rects[labelNames[i]];
      INFO(labelNames[i] << " at " << a[0] << ", " << a[1] << " size " << a[2] << " x " << a[3]);
      CHECK(a[0] >= 1280 - width);  // inside the view
      CHECK(a[0] + a[2] <= 1280.f);
      for (size_t j = i + 1; j < labelNames.size(); ++j) {
        INFO("and " << labelNames[j]);
        CHECK_FALSE(overlap(a, rects[labelNames[j]]));
      }
      for (const std::string& o : solid) {
        INFO("and " << o);
        CHECK_FALSE(overlap(a, rects[o]));
      }
      ++labels;
    }
  });
  CHECK(labels > 100);
  setChartRectSink(nullptr);
  ImGui::GetIO().FontGlobalScale = 1.f;
}

// The educator's report: at 2x text on the narrow view the tiered pools'
// boxes ran "fund" into "unpaid", and "NAV 1.013, 31.6 % of writers, 10 LPs"
// was wider than its box. Every piece of a box's text (its name and chain,
// "defaulted", each bar's value and name, the NAV, participation and LPs)
// now lies inside its box, clear of the others and of the bars, and the boxes
// clear of each other and the backstop, for 2 to 6 pools, with and without
// claims on the backstop (a chain's name, "defaulted", a pool with no shares
// yet), at text 1x to 2x in the Pools view's width at 1280x720.
TEST_CASE("the Pools diagram's boxes hold their text, each piece clear of the others", "[web][app][pools]") {
  HeadlessImGui gui;
  ImGui::GetIO().DisplaySize = ImVec2(1280, 720);
  std::map<std::string, std::vector<float>> rects;
  setChartRectSink([&](const std::string& name, ImVec2 a, ImVec2 b) { rects[name] = {a.x, a.y, b.x - a.x, b.y - a.y}; });
  auto inside = [](const std::vector<float>& a, const std::vector<float>& box) {
    return a[0] >= box[0] && a[1] >= box[1] && a[0] + a[2] <= box[0] + box[2] && a[1] + a[3] <= box[1] + box[3];
  };
  int texts = 0;
  forEachPoolsLayout([&](float width, int n, bool payouts) {
    PoolsPicture pic = flowsPicture(n, payouts);
    if (payouts) pic.pools[0].nav = std::nan("");  // "no shares"
    rects.clear();
    drawPoolsFrame(pic, width);
    for (int k = 0; k < n; ++k) {
      const std::string box = "pools:box." + std::to_string(k);
      INFO(box);
      REQUIRE(rects.count(box));
      const auto b = rects[box];
      CHECK(b[0] >= 1280 - width);
      CHECK(b[0] + b[2] <= 1280.f);
      CHECK_FALSE(overlap(b, rects["pools:backstop"]));
      for (int j = k + 1; j < n; ++j) CHECK_FALSE(overlap(b, rects["pools:box." + std::to_string(j)]));
      std::vector<std::string> text, bars;
      for (const auto& [name, rect] : rects) {
        if (name.rfind(box + ".text.", 0) == 0) text.push_back(name);
        if (name.rfind(box + ".bar.", 0) == 0) bars.push_back(name);
      }
      // Its name, three values and their names, and at least one line of NAV, participation and LPs.
      CHECK(text.size() >= 8);
      CHECK(bars.size() == 3);
      for (size_t i = 0; i < text.size(); ++i) {
        const auto& a = rects[text[i]];
        INFO(text[i] << " at " << a[0] << ", " << a[1] << " size " << a[2] << " x " << a[3] << " in the box at "
                     << b[0] << ", " << b[1] << " size " << b[2] << " x " << b[3]);
        CHECK(inside(a, b));
        for (size_t j = i + 1; j < text.size(); ++j) {
          INFO("and " << text[j] << " at " << rects[text[j]][0] << ", " << rects[text[j]][1]);
          CHECK_FALSE(overlap(a, rects[text[j]]));
        }
        for (const std::string& bar : bars) {
          INFO("and " << bar);
          CHECK_FALSE(overlap(a, rects[bar]));
        }
        ++texts;
      }
      for (const std::string& bar : bars) CHECK(inside(rects[bar], b));
    }
  });
  CHECK(texts > 500);
  setChartRectSink(nullptr);
  ImGui::GetIO().FontGlobalScale = 1.f;
}

TEST_CASE("a link to a lesson step without a preset runs that step's scenario", "[web][app][lessons]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  // A Notice step: its scenario is the Predict step's two steps before (isolated pools).
  app.openFragment("#lesson=tiered-pools&step=5");
  CHECK(app.messages().empty());
  CHECK(app.share().preset == "tiered-pools");
  CHECK(app.share().lessonStep == 5);
  REQUIRE(app.share().value("backstop/capital") != nullptr);
  CHECK(*app.share().value("backstop/capital") == "0");
  CHECK(r.fragments.back() == "preset=tiered-pools&seed=1&lesson=tiered-pools&step=5&backstop/capital=0&backstop/feeShare=0");
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
  CHECK(app.stateJson()["view"] == "pools");
  // A comparison from the step; the link's seed still counts.
  app.openFragment("#lesson=fee-rules&step=2&seed=4");
  CHECK(app.share().preset == "akerlof-flat-fee");
  CHECK(app.share().compare == "risk-based");
  CHECK(app.share().seed == 4);
  CHECK(app.session()->sideCount() == 2);
  // A link with a preset is the run it describes: its scenario wins.
  app.openFragment("#preset=lp-run&lesson=akerlof-spiral&step=2");
  CHECK(app.share().preset == "lp-run");
  CHECK(app.share().lesson == "akerlof-spiral");
}

TEST_CASE("a link to a lesson step past its last opens the last step, with a message", "[web][app][lessons]") {
  Recorder r;
  App app(r.host());
  app.openFragment("#lesson=akerlof-spiral&step=99");
  CHECK(app.share().lessonStep == 2);
  CHECK(hasMessage(app, "link: step 99: lesson akerlof-spiral has steps 0 to 2; showing step 2"));
  CHECK(r.fragments.back().find("lesson=akerlof-spiral&step=2") != std::string::npos);
}

TEST_CASE("keys: play, step, speed and a clicker's next and back, never while typing", "[web][app][keys]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  gui.frame(app, 1.0 / 60.0);
  CHECK(app.key(App::Key::Space));
  CHECK(app.running());
  CHECK(app.key(App::Key::Space, /*repeat=*/true));  // a held Space does not flicker
  CHECK(app.running());
  CHECK(app.key(App::Key::Space));
  CHECK_FALSE(app.running());
  CHECK(app.key(App::Key::Right));
  CHECK(app.key(App::Key::Right, true));
  CHECK(app.session()->currentStep() == 2);
  CHECK_FALSE(app.key(App::Key::Left));  // a run cannot step back
  CHECK(app.session()->currentStep() == 2);
  app.view().stepsPerSecond = 30;
  app.key(App::Key::Up);
  CHECK(app.view().stepsPerSecond == 60);
  app.view().stepsPerSecond = 45;  // dragged between notches
  app.key(App::Key::Down);
  CHECK(app.view().stepsPerSecond == 30);
  app.view().stepsPerSecond = 365;
  app.key(App::Key::Up);
  CHECK(app.view().stepsPerSecond == 365);
  app.view().stepsPerSecond = 1;
  app.key(App::Key::Down);
  CHECK(app.view().stepsPerSecond == 1);

  CHECK_FALSE(app.key(App::Key::PageDown));  // no lesson open: not the playground's
  app.openLesson("black-swan", 0);
  CHECK(app.key(App::Key::PageDown));
  CHECK(app.share().lessonStep == 1);
  app.key(App::Key::PageDown);
  CHECK(app.share().lessonStep == 2);
  app.step(20);
  app.key(App::Key::PageDown);  // past the last step: nothing, the run is not reloaded
  CHECK(app.share().lessonStep == 2);
  CHECK(app.session()->currentStep() == 20);
  app.key(App::Key::PageUp);
  CHECK(app.share().lessonStep == 1);
  app.key(App::Key::PageUp);
  app.key(App::Key::PageUp);
  CHECK(app.share().lessonStep == 0);

  // A text field has the keyboard: a space is typed there, not play.
  ImGui::GetIO().WantTextInput = true;
  CHECK_FALSE(app.key(App::Key::Space));
  CHECK_FALSE(app.key(App::Key::Right));
  CHECK_FALSE(app.running());
  CHECK(app.share().lessonStep == 0);
  ImGui::GetIO().WantTextInput = false;
}

TEST_CASE("a whole browser link opens as its part after '#'", "[web][app]") {
  Recorder r;
  App app(r.host());
  app.openFragment("https://example.org/playground/index.html#preset=lp-run&seed=3&compare=credibility");
  CHECK(app.share().preset == "lp-run");
  CHECK(app.share().seed == 3);
  CHECK(app.share().compare == "credibility");
  CHECK(r.fragments.back() == "preset=lp-run&seed=3&compare=credibility");
}

TEST_CASE("a preset whose pool admits by VaR opens on the Pool view, and changes within it keep the view",
          "[web][app][risk]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  auto frames = [&] {
    gui.frame(app, 1.0 / 60.0);
    gui.frame(app, 1.0 / 60.0);
  };
  frames();
  CHECK(app.stateJson()["view"] == "adverse");
  app.openFragment("#preset=var-admission&seed=1");
  frames();
  CHECK(app.stateJson()["view"] == "pool");  // its subject, the book at risk, as tiered-pools opens its Pools view
  // Its own "admits by" switched, both ways: the view the user chose stays.
  app.view().tab = 0;
  frames();
  app.changeParameter("pool/admission/rule", "ratio");
  frames();
  CHECK(app.stateJson()["view"] == "adverse");
  app.changeParameter("pool/admission/rule", "");
  frames();
  CHECK(app.session()->world(0).admissionPools().size() == 1);
  CHECK(app.stateJson()["view"] == "adverse");
  // Another preset, then a link to the same pool admitting by ratio: nothing about VaR to show.
  app.selectPreset("akerlof-flat-fee");
  frames();
  CHECK(app.stateJson()["view"] == "adverse");
  app.openFragment("#preset=var-admission&pool/admission/rule=ratio");
  frames();
  CHECK(app.stateJson()["view"] == "adverse");
}

TEST_CASE("a link made at step N reopens the run replayed to step N", "[web][app][url]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  auto playOut = [&](App& a) {
    for (int i = 0; i < 5000 && a.running(); ++i) gui.frame(a, 1.0 / 60.0);
    gui.frame(a, 1.0 / 60.0);  // a view set by the link is in front from the second frame
  };
  // The Share panel's link says where the run is; the page URL is the run as configured.
  app.openFragment("#preset=black-swan&seed=1");
  app.step(230);
  CHECK(app.shareFragment() == "preset=black-swan&seed=1&played=230");
  CHECK(app.fragment() == "preset=black-swan&seed=1");

  App other(r.host());
  other.openFragment("#" + app.shareFragment());
  CHECK(other.stateJson()["playing_to"] == 230);
  CHECK(hasMessage(other, "the link's run plays to step 230, where it was shared"));
  CHECK(r.fragments.back() == "preset=black-swan&seed=1");  // the URL: no played, it is the link's, not the run's
  playOut(other);
  CHECK(other.session()->currentStep() == 230);
  CHECK(other.stateJson()["playing_to"].is_null());
  CHECK(other.exportFile("summary.json") == app.exportFile("summary.json"));  // the same run
  CHECK(other.shareFragment() == app.shareFragment());

  // A lesson step that talks of results, linked after Run to end, shows them.
  other.openFragment("#lesson=var-admission&step=2&played=365");
  playOut(other);
  CHECK(other.session()->currentStep() == 365);
  CHECK(other.share().lesson == "var-admission");
  CHECK(other.share().lessonStep == 2);
  CHECK(other.stateJson()["view"] == "pool");
  // Its book at risk was measured on the way, as Run to end on the Pool view measures it: steps 1, 6, 11, ...
  const std::vector<double>& es = other.session()->bookRisk(0).liabilityEs();
  CHECK(std::isfinite(es[1]));
  CHECK(std::isfinite(es[41]));
  CHECK(std::isfinite(es[361]));  // every 10 steps on this book: 1, 6, ..., 21, 31, ..., 361

  // Past the horizon: to its end, with a note. Paused on the way: it stays paused where it is.
  other.openFragment("#preset=black-swan&seed=1&sim/steps=60&played=100");
  CHECK(hasMessage(other, "link: played=100 is past this run's last step; it plays to step 60"));
  playOut(other);
  CHECK(other.session()->currentStep() == 60);
  other.openFragment("#preset=black-swan&seed=1&played=300");
  other.setRunning(false);
  CHECK(other.stateJson()["playing_to"].is_null());
  gui.frame(other, 1.0 / 60.0);
  CHECK(other.session()->currentStep() == 0);
}

TEST_CASE("a chart's axis is padded, but never across 0 for values all on one side of it", "[web][app][chart]") {
  auto axis = [](double lo, double hi, bool zeroBased, double wantLo, double wantHi) {
    const auto [l, h] = paddedAxis(lo, hi, zeroBased);
    INFO(lo << " to " << hi << (zeroBased ? ", zero-based" : ""));
    CHECK(l == Approx(wantLo).margin(1e-12));
    CHECK(h == Approx(wantHi).margin(1e-12));
  };
  // NAV per share from 11.54 down to 0 (lesson 9, by ratio): the foot is 0, not -0.577.
  axis(0.0, 11.54, false, 0.0, 12.117);
  axis(0.8, 1.6, false, 0.76, 1.64);  // away from 0: padded as before
  axis(0.01, 1.0, false, 0.0, 1.0495);  // would cross 0: stops there
  axis(-3.0, -1.0, false, -3.1, -0.9);
  axis(-3.0, -0.01, false, -3.1495, 0.0);
  axis(-3.0, 0.0, true, -3.15, 0.0);  // all <= 0: no room above 0
  axis(-1.0, 1.0, false, -1.1, 1.1);  // both sides: padded both ways
  axis(0.0, 2.0, true, 0.0, 2.1);
}

TEST_CASE("an intervention its link could not carry is refused with a note, so the link always reopens the run",
          "[web][app][interventions]") {
  HeadlessImGui gui;
  Recorder r;
  App app(r.host());
  app.openFragment("#preset=akerlof-flat-fee");
  for (size_t i = 0; i < kMaxSetEntries; ++i) {
    app.step(1);
    app.changeParameter("pool/exitFee", i % 2 ? "0.01" : "0.02");
  }
  REQUIRE(app.share().interventions.size() == kMaxSetEntries);
  CHECK(app.shareLinkProblem().empty());
  // Another value at the same step replaces that step's: still 48.
  app.changeParameter("pool/exitFee", "0.04");
  CHECK(app.share().interventions.size() == kMaxSetEntries);
  CHECK(app.share().interventions.back().value == "0.04");
  // One more is refused, the run goes on unchanged, and the note says why.
  app.step(1);
  app.changeParameter("pool/exitFee", "0.03");
  CHECK(app.share().interventions.size() == kMaxSetEntries);
  CHECK(hasMessage(app, "refused exit fee = 0.03"));
  CHECK(hasMessage(app, "the link would then hold 0 changed parameters and 49 interventions, more than the 48 a link opens"));
  CHECK(app.shareLinkProblem().empty());
  // The link made now opens as this run: every intervention, at the step it was shared.
  const DecodedShare d = decodeShare(app.shareFragment());
  CHECK(d.notes.empty());
  CHECK(d.state.interventions == app.share().interventions);
  app.view().sideTab = 2;  // the Share panel draws its link
  gui.frame(app, 1.0 / 60.0);
  gui.frame(app, 1.0 / 60.0);
}
