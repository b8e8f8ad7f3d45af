// The playground's live run: it is the command line's replication 0 (same
// summary.json bytes as `mutualab run --reps 1`), side B shares A's random
// numbers, and the ledger balances after every step.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "agents/registry.h"
#include "core/book.h"
#include "core/reverse_stress.h"
#include "core/risk_engine.h"
#include "core/rng.h"
#include "experiments/load_scenario.h"
#include "support/cli.h"
#include "web/governance_marks.h"
#include "web/lessons.h"
#include "web/number_format.h"
#include "web/pools_view.h"
#include "web/session.h"
#include "web/url_state.h"

using namespace mutualab;
using namespace mutualab::web;

TEST_CASE("a played session writes the summary.json of mutualab run --reps 1, byte for byte", "[web][session]") {
  const LoadedScenario sc = loadScenario("preset:akerlof-flat-fee");
  Session s({sc.resolved, 7, ""});
  while (!s.done()) s.step(5);
  const auto dir = std::filesystem::temp_directory_path() / "mutualab-session-test";
  std::filesystem::remove_all(dir);
  const auto r = testing::cli("run preset:akerlof-flat-fee --seed 7 --reps 1 --quiet --out " + dir.string());
  REQUIRE(r.code == 0);
  std::ifstream in(dir / "summary.json", std::ios::binary);
  std::stringstream cliSummary;
  cliSummary << in.rdbuf();
  CHECK(s.summaryJson(0).dump(2) + "\n" == cliSummary.str());
  std::filesystem::remove_all(dir);
}

TEST_CASE("side B runs on A's random numbers: the same market with another fee rule", "[web][session]") {
  const LoadedScenario sc = loadScenario("preset:akerlof-flat-fee");
  Session s({sc.resolved, 3, "risk-based"});
  REQUIRE(s.sideCount() == 2);
  CHECK(s.world(1).scenario().pool.feeRule.name == "risk-based");
  while (!s.done()) {
    s.step(1);
    REQUIRE(s.world(0).ledger().total() == 0);
    REQUIRE(s.world(1).ledger().total() == 0);
    REQUIRE(s.world(0).metric(s.currentStep(), StepMetric::Price) == s.world(1).metric(s.currentStep(), StepMetric::Price));
  }
  // The flat fee unravels toward the risky; the risk-based fee does not
  // (last-quarter averages, as in summary.json).
  const RepSummary a = s.world(0).summarize(), b = s.world(1).summarize();
  CHECK(a[SummaryMetric::Asi] > 0.5);
  CHECK(std::fabs(b[SummaryMetric::Asi]) < 0.15);
  CHECK(b[SummaryMetric::Participation] > a[SummaryMetric::Participation] + 0.3);
}

TEST_CASE("side B of a pools scenario prices every pool by the compared rule, on A's random numbers", "[web][session][pools]") {
  const LoadedScenario sc = loadScenario("preset:tiered-pools");
  Session s({sc.resolved, 3, "flat"});
  REQUIRE(s.sideCount() == 2);
  REQUIRE(s.world(1).poolCount() == 3);
  for (int k = 0; k < 3; ++k) {
    CHECK(s.world(1).pool(k).def.feeRule.name == "flat");
    CHECK(s.world(0).pool(k).def.feeRule.name != "flat");
  }
  s.step(40);
  REQUIRE(s.world(0).ledger().total() == 0);
  REQUIRE(s.world(1).ledger().total() == 0);
  CHECK(s.world(0).metric(40, StepMetric::Price) == s.world(1).metric(40, StepMetric::Price));
}

TEST_CASE("stepping stops at the horizon", "[web][session]") {
  const LoadedScenario sc = loadScenario("preset:black-swan", {"sim/steps=40", "shock/step=20"});
  Session s({sc.resolved, 1, ""});
  s.step(1000);
  CHECK(s.done());
  CHECK(s.currentStep() == 40);
  CHECK(s.result(0).meanSeries.size() == static_cast<size_t>(41 * kStepMetricCount));
}

TEST_CASE("every lesson's scenarios load", "[web][lessons]") {
  for (const auto& l : lessons()) {
    INFO(l.id);
    REQUIRE(!l.steps.empty());
    CHECK(l.steps.front().preset != nullptr);  // the first step sets the scene
    for (const auto& st : l.steps) {
      if (!st.preset) continue;
      ShareState s;
      s.preset = st.preset;
      s.set = st.set;
      std::vector<std::string> notes;
      const nlohmann::json j = scenarioOf(s, notes);
      CHECK(notes.empty());
      CHECK_NOTHROW(Session({j, 1, st.compare}));
      // Every parameter a lesson step changes survives its share link.
      for (const auto& [path, value] : st.set) {
        std::string v = value;
        std::vector<std::string> linkNotes;
        CHECK(admitSetting(path, v, linkNotes));
        CHECK(linkNotes.empty());
      }
    }
  }
}

// The Pools view draws poolsPicture(); its numbers must be the run's: the
// same as summary.json (which `mutualab run --reps 1` writes byte for byte,
// see above) and, for seed 1, the values the command line printed.
TEST_CASE("the Pools view's numbers are the ledger's and the contagion record's", "[web][session][pools]") {
  const LoadedScenario sc = loadScenario("preset:tiered-pools");
  Session s({sc.resolved, 1, ""});
  CHECK(hasPools(s.world(0)));
  s.step(199);  // the day before SOL's crash: nothing has left the backstop yet
  PoolsPicture before = poolsPicture(s.world(0));
  REQUIRE(before.pools.size() == 3);
  for (const auto& f : before.pools) CHECK(f.fromBackstop == 0);
  CHECK(before.backstopBalance == Approx(20000 + before.pools[0].toBackstop + before.pools[1].toBackstop +
                                         before.pools[2].toBackstop));
  while (!s.done()) s.step(10);
  const World& w = s.world(0);
  const PoolsPicture pic = poolsPicture(w);
  const nlohmann::json sum = s.summaryJson(0);
  REQUIRE(pic.pools.size() == 3);
  CHECK(pic.step == 365);
  const char* names[] = {"eth", "btc", "sol"};
  double fees = 0, paid = 0;
  for (size_t k = 0; k < 3; ++k) {
    INFO(names[k]);
    const PoolFlows& f = pic.pools[k];
    const nlohmann::json& p = sum["pools"][k];
    CHECK(f.name == names[k]);
    CHECK(f.lpCapital == Approx(p["lp_capital_final"].get<double>()));
    CHECK(f.insuranceFund == Approx(p["insurance_fund_final"].get<double>()).margin(1e-9));
    CHECK(f.toBackstop == Approx(p["backstop_fees"].get<double>()));
    CHECK(f.fromBackstop == Approx(p["loss_backstop"].get<double>()).margin(1e-9));  // one chain: all of it arrived
    CHECK(f.unpaid == Approx(p["unpaid_claims"].get<double>()).margin(1e-9));
    CHECK(f.inTransit == 0);
    double fromStakes = 0;
    for (size_t c = 0; c <= 3; ++c) {
      CHECK(pic.contagion[c][k] == Approx(sum["contagion"]["backstop_paid"]["mean"][c][k].get<double>()).margin(1e-9));
      fromStakes += pic.contagion[c][k];
    }
    CHECK(fromStakes == Approx(f.fromBackstop).margin(1e-6));  // every payment is attributed to a stake
    fees += f.toBackstop;
    paid += f.fromBackstop;
  }
  CHECK(pic.backstopInitial == 20000);
  CHECK(pic.backstopBalance == Approx(sum["contagion"]["backstop_final"]["mean"].get<double>()));
  CHECK(pic.backstopBalance == Approx(20000 + fees - paid));
  // What seed 1 shows (mutualab run preset:tiered-pools --reps 1): the backstop
  // paid SOL's buyers, and ETH's and BTC's fee shares paid part of it.
  CHECK(pic.pools[0].fromBackstop == 0);
  CHECK(pic.pools[1].fromBackstop == 0);
  CHECK(pic.pools[2].fromBackstop == Approx(6581.459).margin(0.01));
  CHECK(pic.pools[2].unpaid == 0);
  CHECK(pic.pools[2].defaulted);
  CHECK(pic.pools[0].toBackstop == Approx(1549.415).margin(0.01));
  CHECK(pic.pools[1].toBackstop == Approx(823.021).margin(0.01));
  CHECK(pic.contagion[0][2] == Approx(247.43).margin(0.01));   // ETH's fees for SOL's claims
  CHECK(pic.contagion[1][2] == Approx(139.51).margin(0.01));   // BTC's
  CHECK(pic.contagion[2][2] == Approx(534.08).margin(0.01));   // SOL's own
  CHECK(pic.contagion[3][2] == Approx(5660.44).margin(0.01));  // the initial capital
  CHECK(pic.backstopBalance == Approx(17678.05).margin(0.01));
  const nlohmann::json j = poolsJson(pic);
  CHECK(j["pools"][2]["name"] == "sol");
  CHECK(j["pools"][2]["from_backstop"].get<double>() == pic.pools[2].fromBackstop);
  CHECK(j["backstop"]["paid"][0][2].get<double>() == pic.contagion[0][2]);
}

TEST_CASE("isolated pools: no flows, and SOL's buyers go unpaid", "[web][session][pools]") {
  const LoadedScenario sc = loadScenario("preset:tiered-pools", {"backstop/capital=0", "backstop/feeShare=0"});
  Session s({sc.resolved, 1, ""});
  while (!s.done()) s.step(50);
  const PoolsPicture pic = poolsPicture(s.world(0));
  CHECK(pic.backstopBalance == 0);
  CHECK(pic.largestFlow() == 0);
  CHECK(pic.pools[2].unpaid == Approx(3679.041).margin(0.01));
  CHECK(pic.pools[2].unpaid == Approx(s.summaryJson(0)["pools"][2]["unpaid_claims"].get<double>()));
  CHECK(pic.pools[0].unpaid == 0);
}

TEST_CASE("across a bridge the Pools view shows money in transit, then paid late", "[web][session][pools]") {
  const LoadedScenario sc = loadScenario("preset:cross-chain-backstop");
  Session s({sc.resolved, 1, ""});
  double mostInTransit = 0;
  while (!s.done()) {
    s.step(1);
    const PoolsPicture pic = poolsPicture(s.world(0));
    const PoolFlows& sol = pic.pools[1];
    REQUIRE(sol.inTransit == s.world(0).poolMetric(s.currentStep(), 1, PoolStepMetric::InTransit));
    // What left the backstop toward SOL arrived late, is on the bridge, or was lost.
    REQUIRE(sol.fromBackstop == Approx(sol.paidLate + sol.inTransit + sol.lostInTransit).margin(1e-6));
    mostInTransit = std::max(mostInTransit, sol.inTransit);
  }
  const PoolsPicture pic = poolsPicture(s.world(0));
  CHECK(mostInTransit > 0);
  CHECK(!pic.pools[1].chain.empty());
  CHECK(pic.pools[1].chain != pic.backstopChain);
  CHECK(pic.pools[1].paidLate == Approx(19765.379).margin(0.01));
  CHECK(pic.pools[1].paidLate == Approx(s.summaryJson(0)["pools"][1]["paid_late"].get<double>()));
}

// Lesson 7 quotes seed 1's run: the playground's run is the command line's
// replication 0, so these are the numbers the class sees.
// The writers' dots are drawn only in the Adverse selection view: a step
// that talks of them shows that view, or says where they are.
TEST_CASE("a lesson step that talks of the writers' dots shows them or names their tab", "[web][lessons]") {
  for (const auto& l : lessons())
    for (size_t k = 0; k < l.steps.size(); ++k) {
      const std::string text = l.steps[k].text;
      if (text.find("dot") == std::string::npos || text.find("book at risk") != std::string::npos) continue;
      INFO(l.id << " step " << k);
      CHECK((l.steps[k].view == LessonView::Adverse || text.find("Adverse selection tab") != std::string::npos));
    }
}

TEST_CASE("the screening-menus lesson's numbers are seed 1's run", "[web][lessons][menu]") {
  auto runToEnd = [](const std::vector<std::pair<std::string, std::string>>& set) {
    ShareState st;
    st.preset = "screening-menu";
    st.set = set;
    std::vector<std::string> notes;
    Session s({scenarioOf(st, notes), 1, ""});
    while (!s.done()) s.step(50);
    return s.world(0).summarize();
  };
  const RepSummary menu = runToEnd({});
  CHECK(menu.contract(0, ContractSummaryMetric::MeanTheta) == Approx(0.79).margin(0.005));
  CHECK(menu.contract(1, ContractSummaryMetric::MeanTheta) == Approx(0.46).margin(0.005));
  CHECK(menu.participationByDecile[0] == Approx(0.83).margin(0.005));
  CHECK(menu[SummaryMetric::LossRatio] == Approx(0.54).margin(0.005));
  const RepSummary cheap = runToEnd({{"pool/menu/0/feeRule/params/rate", "0.002"}});
  CHECK(cheap.contract(0, ContractSummaryMetric::Share) == 1.0);  // every position takes full cover
  CHECK(cheap[SummaryMetric::LossRatio] == Approx(3.9).margin(0.05));
  CHECK(cheap[SummaryMetric::LpReturnMean] == Approx(-0.26).margin(0.005));
}

// Lesson 8 quotes seed 1's run (mutualab run preset:governance-responds
// --reps 1 --seed 1, with each step's --set), and the charts' governance marks
// are the World's record: the steps of events.csv's "applied" rows.
TEST_CASE("the governance-responds lesson's numbers and marks are seed 1's run", "[web][lessons][governance]") {
  struct Run {
    std::vector<GovernanceMark> marks;
    std::vector<int> applied;
    std::vector<double> fee, lps, lossLp, nav;
    RepSummary sum;
  };
  auto runToEnd = [](const std::vector<std::pair<std::string, std::string>>& set) {
    ShareState st;
    st.preset = "governance-responds";
    st.set = set;
    std::vector<std::string> notes;
    Session s({scenarioOf(st, notes), 1, ""});
    REQUIRE(notes.empty());
    while (!s.done()) s.step(50);
    const World& w = s.world(0);
    Run r;
    r.marks = governanceMarks(w);
    for (const auto& e : w.governanceEvents())
      if (e.kind == GovernanceEventKind::Applied) r.applied.push_back(e.step);
    for (int t = 0; t <= w.currentStep(); ++t) {
      r.fee.push_back(100 * w.metric(t, StepMetric::FeeRate));
      r.lps.push_back(w.metric(t, StepMetric::LpCount));
      r.lossLp.push_back(w.metric(t, StepMetric::LossLp));
      r.nav.push_back(w.metric(t, StepMetric::Nav));
    }
    r.sum = w.summarize();
    return r;
  };
  const Run rule = runToEnd({});
  REQUIRE(rule.marks.size() == 1);
  CHECK(rule.applied == std::vector<int>{126});
  CHECK(rule.marks[0].step == 126);
  CHECK(rule.marks[0].rule == 0);
  CHECK(rule.marks[0].firedStep == 122);
  CHECK_FALSE(rule.marks[0].refused);
  CHECK(rule.fee[125] == Approx(3.87).margin(0.005));
  CHECK(rule.fee[126] == Approx(6.40).margin(0.005));
  CHECK(rule.lps[119] == 30);
  CHECK(rule.lps[120] == 0);
  CHECK(rule.lossLp.back() == Approx(24555).margin(1));
  CHECK(rule.sum[SummaryMetric::LpReturnMean] == Approx(-0.194).margin(0.0005));
  CHECK(rule.sum[SummaryMetric::FeeRate] == Approx(0.053).margin(0.0005));

  const Run off = runToEnd({{"governance/rules/0/when", "0"}});
  CHECK(off.marks.empty());
  CHECK(off.applied.empty());
  CHECK(off.fee[126] == Approx(4.27).margin(0.005));
  CHECK(off.lps[120] == 0);
  CHECK(off.lossLp.back() == Approx(24745).margin(1));
  CHECK(off.sum[SummaryMetric::LpReturnMean] == Approx(-0.194).margin(0.0005));

  const Run early = runToEnd({{"governance/rules/0/params/trigger", "1.5"}});
  REQUIRE(early.marks.size() == 1);
  CHECK(early.applied == std::vector<int>{44});
  CHECK(early.fee[43] == Approx(0.92).margin(0.005));
  CHECK(early.fee[44] == Approx(1.37).margin(0.005));
  CHECK(early.lps[120] == 30);
  const auto least = std::min_element(early.lps.begin() + 120, early.lps.end());
  CHECK(*least == 16);
  CHECK(least - early.lps.begin() == 132);
  CHECK(early.lps.back() == 30);
  CHECK(early.lossLp.back() == Approx(3062).margin(1));
  CHECK(early.nav.back() == Approx(1.313).margin(0.0005));
  CHECK(early.sum[SummaryMetric::LpReturnMean] == Approx(0.139).margin(0.0005));
  CHECK(early.sum[SummaryMetric::FeeRate] == Approx(0.094).margin(0.0005));
}

// Lesson 9 quotes seed 1's runs of var-admission, by ratio and by var, with
// the Pool view's book at risk live from the start (the lesson shows that
// view at every step; mutualab run preset:var-admission --reps 1 --seed 1,
// with and without --set pool/admission/rule=ratio, gives the same run).
TEST_CASE("the var-admission lesson's numbers are seed 1's runs", "[web][lessons][risk]") {
  const Lesson* lesson = findLesson("var-admission");
  REQUIRE(lesson);
  REQUIRE(lesson->steps.size() == 6);
  struct Run {
    double worst = 0;  // the largest V(0) + ES over capital among the measures
    int worstStep = -1;
    double worstEs = 0, worstCapital = 0, minNav = 1e300;
    int firstZeroNav = -1;
    std::vector<double> lossLp;
    double capitalEnd = 0;
    double declined = 0;  // quotes its admission by ES declined: the line under the chart
    RepSummary sum;
  };
  auto runToEnd = [](const LessonStep& step) {
    ShareState st;
    st.preset = step.preset;
    st.set = step.set;
    std::vector<std::string> notes;
    Session s({scenarioOf(st, notes), 1, ""});
    REQUIRE(notes.empty());
    s.setBookRiskLive(true);  // the lesson's view is the Pool view from its first step
    while (!s.done()) s.step(1);
    const BookRiskTrack& r = s.bookRisk(0);
    const World& w = s.world(0);
    Run run;
    for (int t = 0; t <= w.currentStep(); ++t) {
      const size_t T = static_cast<size_t>(t);
      run.lossLp.push_back(w.metric(t, StepMetric::LossLp));
      if (t > 0) {
        const double nav = w.metric(t, StepMetric::Nav);
        run.minNav = std::min(run.minNav, nav);
        if (nav == 0 && run.firstZeroNav < 0) run.firstZeroNav = t;
      }
      if (std::isnan(r.liabilityEs()[T])) continue;
      const double q = r.liabilityEs()[T] / r.resources()[T];
      if (q > run.worst) {
        run.worst = q;
        run.worstStep = t;
        run.worstEs = r.liabilityEs()[T];
        run.worstCapital = r.resources()[T];
      }
    }
    run.capitalEnd = r.resources().back();
    for (int t = 0; t <= w.currentStep(); ++t)
      for (int j = 0; j < static_cast<int>(w.admissionPools().size()); ++j)
        if (const double x = w.admissionMetric(t, j, AdmissionStepMetric::Declined); !std::isnan(x)) run.declined += x;
    run.sum = w.summarize();
    return run;
  };
  // As the screen prints them (hovering the chart, the line under it): the lesson quotes that text.
  const Run ratio = runToEnd(lesson->steps[0]);
  CHECK(ratio.worstStep == 41);
  CHECK(ratio.worst == Approx(5.4).margin(0.05));
  CHECK(money(ratio.worstEs) == "338 k");
  CHECK(money(ratio.worstCapital) == "62.2 k");
  CHECK(ratio.firstZeroNav == 32);
  CHECK(money(ratio.lossLp[60]) == "38.7 k");
  CHECK(money(ratio.lossLp.back()) == "124 k");
  CHECK(money(ratio.capitalEnd) == "589 k");
  CHECK(ratio.sum[SummaryMetric::PooledShare] == 1.0);

  const Run var = runToEnd(lesson->steps[3]);
  CHECK(var.worstStep == 166);
  CHECK(var.worst == Approx(1.4).margin(0.05));
  CHECK(money(var.worstEs) == "161 k");
  CHECK(money(var.worstCapital) == "114 k");
  CHECK(var.minNav > 0.80);
  CHECK(navPerShare(var.minNav) == "0.803");
  CHECK(compactNumber(var.declined) == "9.39 k");
  // Each declined quote is a position its writer kept in its own silo (always-pool writers have nowhere else to go).
  CHECK(var.declined == Approx(var.sum[SummaryMetric::Trades] * (1 - var.sum[SummaryMetric::PooledShare])).margin(0.5));
  CHECK(money(var.capitalEnd) == "257 k");
  CHECK(money(var.lossLp[60]) == "6.01 k");
  CHECK(money(var.lossLp.back()) == "43.3 k");
}

// Interventions (web/interventions.h): a change made while the run plays is a
// governance change at the next step, and the run goes on. A session built
// with the intervention as a scheduled change (what a link carries) is the
// same run, bit for bit.
namespace {
bool sameRows(const World& a, const World& b, int t) {
  const auto x = a.metricsRow(t), y = b.metricsRow(t);
  return std::memcmp(x.data(), y.data(), x.size_bytes()) == 0;  // NaN == NaN too
}
}  // namespace

TEST_CASE("an intervention applies at the next step, the session its link builds is the same run, bit for bit",
          "[web][session][interventions]") {
  const LoadedScenario sc = loadScenario("preset:akerlof-flat-fee");
  Session plain({sc.resolved, 1, ""}), live({sc.resolved, 1, ""});
  live.step(99);
  REQUIRE(live.intervene("pool/feeRule/name", "risk-based").empty());
  CHECK(live.currentStep() == 99);  // the run goes on from where it is
  REQUIRE(live.interventions() == std::vector<Intervention>{{100, "pool/feeRule/name", "risk-based"}});
  CHECK(live.world(0).pool(0).def.feeRule.name == "flat");  // not yet: it applies at the start of step 100
  Session replay({sc.resolved, 1, "", live.interventions()});
  plain.step(400);
  live.step(400);
  replay.step(400);
  REQUIRE(live.done());
  for (int t = 0; t <= live.steps(); ++t) {
    INFO("step " << t);
    REQUIRE(sameRows(live.world(0), replay.world(0), t));
    if (t < 100) REQUIRE(sameRows(live.world(0), plain.world(0), t));
  }
  CHECK(live.summaryJson(0).dump() == replay.summaryJson(0).dump());
  CHECK(live.timeseriesCsv(0) == replay.timeseriesCsv(0));
  CHECK(live.agentsCsv(0) == replay.agentsCsv(0));
  // And it is `mutualab run` of the scenario with that scheduled change.
  const auto dir = std::filesystem::temp_directory_path() / "mutualab-intervention-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "scenario.json") << withInterventions(sc.resolved, live.interventions()).dump(2);
  const auto r = testing::cli("run " + (dir / "scenario.json").string() + " --seed 1 --reps 1 --quiet --out " +
                              (dir / "out").string());
  REQUIRE(r.code == 0);
  std::ifstream in(dir / "out" / "summary.json", std::ios::binary);
  std::stringstream cliSummary;
  cliSummary << in.rdbuf();
  CHECK(live.summaryJson(0).dump(2) + "\n" == cliSummary.str());
  std::filesystem::remove_all(dir);
  // The World's record: a scheduled change applied at step 100 (the charts' mark).
  const auto marks = governanceMarks(live.world(0));
  REQUIRE(marks.size() == 1);
  CHECK(marks[0].step == 100);
  CHECK_FALSE(marks[0].refused);
  CHECK(governanceMarkSets(live.world(0), marks[0]) == std::vector<std::string>{"pool/feeRule/name=risk-based"});
  char name[96];
  CHECK(std::string(governanceMarkName(live.world(0), marks[0], name, sizeof name)) == "intervention");
  CHECK(std::string(governanceMarkName(replay.world(0), marks[0], name, sizeof name)) == "intervention");
  CHECK(live.world(0).pool(0).def.feeRule.name == "risk-based");
  // The fee changes from step 100 on, and the spiral stops.
  const World& a = live.world(0);
  const World& p = plain.world(0);
  CHECK(a.metric(99, StepMetric::FeeRate) == p.metric(99, StepMetric::FeeRate));
  CHECK(a.metric(100, StepMetric::FeeRate) != p.metric(100, StepMetric::FeeRate));
  const RepSummary sa = a.summarize(), sp = p.summarize();
  CHECK(sp[SummaryMetric::Asi] == Approx(0.550).margin(0.0005));
  CHECK(sa[SummaryMetric::Asi] == Approx(-0.032).margin(0.0005));
  CHECK(sp[SummaryMetric::LossRatio] == Approx(0.872).margin(0.0005));
  CHECK(sa[SummaryMetric::LossRatio] == Approx(0.595).margin(0.0005));
  CHECK(100 * a.metric(100, StepMetric::FeeRate) == Approx(0.925).margin(0.0005));  // % of notional; flat: 0.880
  CHECK(sa[SummaryMetric::Participation] > sp[SummaryMetric::Participation] + 0.2);
}

TEST_CASE("interventions on a preset with a governance rule replay exactly, a refused one changes nothing",
          "[web][session][interventions][governance]") {
  const LoadedScenario sc = loadScenario("preset:governance-responds");
  Session live({sc.resolved, 1, ""});
  live.step(60);
  // The rule's own change (loading 0.8) then applies to the rule in effect: risk-based.
  REQUIRE(live.intervene("pool/feeRule/name", "risk-based").empty());
  live.step(20);
  REQUIRE(live.intervene("pool/exitFee", "0.1").empty());
  REQUIRE(live.intervene("pool/exitFee", "0.02").empty());  // again before it applies: replaces it
  REQUIRE(live.interventions().size() == 2);
  CHECK(live.interventions()[1] == Intervention{81, "pool/exitFee", "0.02"});
  // The risk-based rule refuses a loading above 10: refused whole, the run goes on unchanged.
  const std::string why = live.intervene("pool/feeRule/params/loading", "20");
  INFO(why);
  CHECK(why.find("loading") != std::string::npos);
  CHECK(live.interventions().size() == 2);
  CHECK(live.currentStep() == 80);
  Session replay({sc.resolved, 1, "", live.interventions()});
  live.step(400);
  replay.step(400);
  for (int t = 0; t <= live.steps(); ++t) REQUIRE(sameRows(live.world(0), replay.world(0), t));
  CHECK(live.summaryJson(0).dump() == replay.summaryJson(0).dump());
  std::vector<std::pair<int, int>> applied;  // (step, rule)
  for (const auto& e : live.world(0).governanceEvents())
    if (e.kind == GovernanceEventKind::Applied) applied.emplace_back(e.step, e.rule);
  REQUIRE(applied.size() >= 2);
  CHECK(applied[0] == std::pair<int, int>{61, -1});
  CHECK(applied[1] == std::pair<int, int>{81, -1});
  CHECK(live.world(0).pool(0).def.feeRule.name == "risk-based");
  const bool ruleLater = applied.size() > 2 && applied.back().second == 0 && applied.back().first > 81;
  CHECK(live.world(0).pool(0).def.exitFee == (ruleLater ? 0.05 : 0.02));  // the rule writes 0.05 when it fires
  // At the horizon nothing can apply any more.
  CHECK_FALSE(live.intervene("pool/exitFee", "0.1").empty());
}

TEST_CASE("comparing: a pool term's intervention applies to both sides, a fee rule's to side A",
          "[web][session][interventions]") {
  const LoadedScenario sc = loadScenario("preset:akerlof-flat-fee");
  Session live({sc.resolved, 2, "risk-based"});
  live.step(40);
  REQUIRE(live.intervene("pool/exitFee", "0.05").empty());
  REQUIRE(live.intervene("pool/feeRule/name", "credibility").empty());
  CHECK(live.scenario(0).def.governance.schedule.size() == 2);
  REQUIRE(live.scenario(1).def.governance.schedule.size() == 1);
  CHECK(live.scenario(1).def.governance.schedule[0].set == std::vector<std::string>{"pool/exitFee=0.05"});
  Session replay({sc.resolved, 2, "risk-based", live.interventions()});
  live.step(400);
  replay.step(400);
  CHECK(live.world(0).pool(0).def.feeRule.name == "credibility");
  CHECK(live.world(1).pool(0).def.feeRule.name == "risk-based");
  CHECK(live.world(1).pool(0).def.exitFee == 0.05);
  for (int side = 0; side < 2; ++side)
    for (int t = 0; t <= live.steps(); ++t) REQUIRE(sameRows(live.world(side), replay.world(side), t));
  // Side B still shares A's market.
  CHECK(live.world(0).metric(300, StepMetric::Price) == live.world(1).metric(300, StepMetric::Price));
}

TEST_CASE("the Pool view's book at risk is the risk engine's measure of the live book", "[web][session][risk]") {
  const LoadedScenario sc = loadScenario("preset:akerlof-flat-fee");
  Session s({sc.resolved, 4, "risk-based"});
  s.step(2);  // not live yet: capital only
  CHECK(s.bookRisk(0).lastMeasured() == -1);
  CHECK(std::isnan(s.bookRisk(0).liabilityEs()[1]));
  CHECK(s.bookRisk(0).resources()[2] > 0);
  const BookRiskTrack& r = s.bookRisk(0);
  const BookRiskDef d = r.def();
  // The measure at step t: the engine's on pooledBookOf, seeded by (seed, step).
  auto checkMeasure = [&](int t) {
    const size_t T = static_cast<size_t>(t);
    const World& w = s.world(0);
    REQUIRE(r.lastMeasured() == t);
    const RiskBook book = pooledBookOf(w);
    REQUIRE(book.size() > 0);
    RiskDef rd;
    rd.horizonDays = d.horizonDays;
    rd.levels = {d.level};
    rd.samples = d.samples;
    rd.seed = splitmix64(4 ^ splitmix64(static_cast<std::uint64_t>(t)));
    const RiskEngine e(book, w.scenario().market, rd);
    RiskWorkspace ws = e.workspace();
    const std::vector<double> losses = allLosses(e, ws);
    std::vector<std::uint32_t> masks;
    const LevelRisk l = summarizeLosses(losses, rd.levels, masks).levels[0];
    CHECK(r.valueNow()[T] == e.valueNow());
    CHECK(r.liabilityVar()[T] == e.valueNow() + l.valueAtRisk);
    CHECK(r.liabilityEs()[T] == e.valueNow() + l.expectedShortfall);
    CHECK(r.liabilityEs()[T] >= r.liabilityVar()[T]);
    CHECK(r.liabilityVar()[T] > r.valueNow()[T]);
    // The reverse stress's every-asset-down break of the whole book, on 5 % steps.
    const ReverseBreak b = reverseStress(e, {reverseDirections(book.assetNames).front()}, book.capital, nullptr,
                                         ReverseScan{0.05})
                               .front()
                               .breaks[0];
    CHECK(r.breakingFall()[T] == (b.found ? b.move : -1.0));
    CHECK(r.breakingFall()[T] < 0.0);
  };
  // Going live measures the book of the step shown at once (until
  // 2026-12-05 only at the next step, so a run played to its end on
  // another view left the chart empty).
  s.setBookRiskLive(true);
  checkMeasure(2);
  int measures = 1;
  while (s.currentStep() < 60) {
    s.step(1);
    const int t = s.currentStep();
    const size_t T = static_cast<size_t>(t);
    const World& w = s.world(0);
    // Capital every step.
    CHECK(r.resources()[T] == toCurrency(w.ledger().balance(w.pool(0).capitalAccount) +
                                         w.ledger().balance(w.pool(0).fundAccount)));
    // Then at steps 1, 1 + everySteps, ... however late it went live
    // (before 2026-12-04 every everySteps steps from going live, so a
    // lesson's quoted steps depended on when it did).
    if ((t - 1) % d.everySteps != 0) {
      CHECK(std::isnan(r.liabilityEs()[T]));
      continue;
    }
    ++measures;
    checkMeasure(t);
  }
  CHECK(measures == 1 + 11);  // 2, then 6, 11, ..., 56
  CHECK(r.gap() == d.everySteps);
  // Off and on again at a measured step: no second measure.
  s.setBookRiskLive(false);
  s.step(2);  // 62, not live
  CHECK(std::isnan(r.liabilityEs()[61]));
  s.setBookRiskLive(true);
  checkMeasure(62);
  s.setBookRiskLive(true);  // staying live is not going live
  CHECK(r.lastMeasured() == 62);
  // Measuring draws nothing from the worlds: the run is the one without it.
  World plain(s.world(0).scenario(), 4, 0, makeStrategies(s.world(0).scenario()));
  for (int t = 0; t < 62; ++t) plain.step();
  CHECK(plain.metric(62, StepMetric::PoolCapital) == s.world(0).metric(62, StepMetric::PoolCapital));
  CHECK(plain.metric(62, StepMetric::Participation) == s.world(0).metric(62, StepMetric::Participation));
}

TEST_CASE("a run played to its end on another view shows its last book at risk on the Pool view", "[web][session][risk]") {
  const LoadedScenario sc = loadScenario("preset:var-admission");
  Session s({sc.resolved, 1, ""});
  s.step(sc.def.sim.steps);
  REQUIRE(s.done());
  CHECK(s.bookRisk(0).lastMeasured() == -1);
  s.setBookRiskLive(true);
  const BookRiskTrack& r = s.bookRisk(0);
  const size_t T = static_cast<size_t>(s.currentStep());
  CHECK(r.lastMeasured() == s.currentStep());
  CHECK(r.valueNow()[T] > 0);
  CHECK(r.liabilityEs()[T] >= r.liabilityVar()[T]);
}

TEST_CASE("the Pool view's book at risk takes the level and horizon of a pool's admission test", "[web][session][risk]") {
  // No pool admits by VaR: 99 % over 30 days.
  const BookRiskDef plain = bookRiskDefOf(loadScenario("preset:akerlof-flat-fee").def);
  CHECK(plain.level == 0.99);
  CHECK(plain.horizonDays == 30);
  // The pool's own test's, so the chart shows what its admission compares with capital.
  const BookRiskDef own =
      bookRiskDefOf(loadScenario("preset:var-admission", {"pool/admission/level=0.975", "pool/admission/horizonDays=10"}).def);
  CHECK(own.level == 0.975);
  CHECK(own.horizonDays == 10);
  // Several pools: the first that admits by VaR.
  const BookRiskDef pools = bookRiskDefOf(
      loadScenario("preset:tiered-pools", {"pools/1/admission/rule=var", "pools/1/admission/horizonDays=12"}).def);
  CHECK(pools.horizonDays == 12);
  Session s({loadScenario("preset:var-admission", {"pool/admission/horizonDays=10"}).resolved, 1, ""});
  CHECK(s.bookRisk(0).def().horizonDays == 10);
}

TEST_CASE("with several pools the Pool view measures each pool's book alone too, against its own capital",
          "[web][session][risk][pools]") {
  // Pool 1 admits by VaR: its line is its own test's measure, V(0) + VaR; the others' V(0) + ES.
  const LoadedScenario sc = loadScenario("preset:tiered-pools", {"pools/1/admission/rule=var", "pools/1/admission/measure=var"});
  Session s({sc.resolved, 2, ""});
  s.setBookRiskLive(true);
  s.step(31);
  const BookRiskTrack& r = s.bookRisk(0);
  const World& w = s.world(0);
  REQUIRE(w.poolCount() == 3);
  const int t = r.lastMeasured();
  REQUIRE(t == 31);
  const size_t n = static_cast<size_t>(w.steps()) + 1, T = static_cast<size_t>(t);
  REQUIRE(r.poolLiability().size() == 3 * n);
  RiskDef rd;
  rd.horizonDays = r.def().horizonDays;
  rd.levels = {r.def().level};
  rd.samples = r.def().samples;
  rd.seed = splitmix64(2 ^ splitmix64(static_cast<std::uint64_t>(t)));
  double own = 0;
  int holding = 0;
  for (int k = 0; k < 3; ++k) {
    const size_t K = static_cast<size_t>(k);
    const Money layers = w.ledger().balance(w.pool(k).capitalAccount) + w.ledger().balance(w.pool(k).fundAccount);
    CHECK(r.poolResources()[K * n + T] == toCurrency(layers));
    own += r.poolResources()[K * n + T];
    const RiskBook book = pooledBookOf(w, k);
    if (book.size() == 0) {
      CHECK(r.poolLiability()[K * n + T] == 0);
      continue;
    }
    ++holding;
    const RiskEngine e(book, w.scenario().market, rd);
    RiskWorkspace ws = e.workspace();
    std::vector<std::uint32_t> masks;
    const LevelRisk l = summarizeLosses(allLosses(e, ws), rd.levels, masks).levels[0];
    CHECK(r.poolByVar(k) == (k == 1));
    CHECK(r.poolLiability()[K * n + T] == e.valueNow() + (k == 1 ? l.valueAtRisk : l.expectedShortfall));
    CHECK(std::isnan(r.poolLiability()[K * n + T - 1]));  // measured at steps 1, 6, ..., 31 only
  }
  CHECK(holding >= 2);
  CHECK(r.resources()[T] == Approx(own));
  // ES is subadditive: the pools alone add up to at least the whole book's.
  double sum = 0;
  for (int k = 0; k < 3; ++k) {
    const RiskBook book = pooledBookOf(w, k);
    if (book.size() == 0) continue;
    const RiskEngine e(book, w.scenario().market, rd);
    RiskWorkspace ws = e.workspace();
    std::vector<std::uint32_t> masks;
    sum += e.valueNow() + summarizeLosses(allLosses(e, ws), rd.levels, masks).levels[0].expectedShortfall;
  }
  CHECK(sum >= r.liabilityEs()[T] - 1e-9);
  // One pool: no per-pool figures.
  Session one({loadScenario("preset:akerlof-flat-fee").resolved, 2, ""});
  one.setBookRiskLive(true);
  one.step(6);
  CHECK(one.bookRisk(0).poolLiability().empty());
}
