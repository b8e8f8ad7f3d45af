// Admission by VaR (core/risk_admission.h): the measure is the risk engine's,
// the marginal of a new position is its Euler allocation, and a pool that
// admits by it refuses risk its capital cannot carry.
#include "core/risk_admission.h"

#include <algorithm>
#include <cmath>

#include <catch2/catch.hpp>

#include "agents/registry.h"
#include "core/black_scholes.h"
#include "core/errors.h"
#include "core/risk_engine.h"
#include "core/scenario_json.h"
#include "core/world.h"
#include "experiments/presets.h"
#include "support/markets.h"

using namespace mutualab;

namespace {

BookPosition put(double spot, double strike, double days, double vol, int writer) {
  BookPosition p;
  p.kind = OptionKind::Put;
  p.strike = p.coverStrike = strike;
  p.expiryDays = days;
  p.units = 1.0;
  p.spot = spot;
  p.volAnnual = vol;
  p.writer = writer;
  return p;
}

// VaR and ES of a book by the engine, as `mutualab risk` computes them.
LevelRisk engineRisk(const RiskBook& book, const MarketDef& m, const AdmissionDef& a, std::uint64_t seed, double& v0) {
  RiskDef d;
  d.horizonDays = a.horizonDays;
  d.levels = {a.level};
  d.samples = a.samples;
  d.seed = seed;
  const RiskEngine e(book, m, d);
  RiskWorkspace ws = e.workspace();
  const std::vector<double> losses = allLosses(e, ws);
  std::vector<std::uint32_t> masks;
  v0 = e.valueNow();
  return summarizeLosses(losses, d.levels, masks).levels[0];
}

ScenarioDef preset(const char* name) { return scenarioFromJson(parseJsonText(findPreset(name), name)); }

}  // namespace

TEST_CASE("admission measures the book as the risk engine does", "[risk][admission]") {
  const MarketDef m = testing::gbmMarket(2000, 0.8);
  RiskBook book;
  book.assetNames = {"ETH"};
  for (int i = 0; i < 20; ++i) book.add(put(2000, 1600 + 20 * i, 10 + i, 0.8, i));
  AdmissionDef a;
  a.rule = "var";
  a.samples = 5000;  // spans two blocks
  for (const char* measure : {"var", "es"}) {
    a.measure = measure;
    RiskAdmission ra;
    ra.measure(book, RiskBook{}, m, a, 365, 77, 12);
    double v0 = 0;
    const LevelRisk l = engineRisk(book, m, a, 77, v0);
    INFO(measure);
    CHECK(ra.measuredAt() == 12);
    CHECK(ra.valueNow() == v0);
    CHECK(ra.valueAtRisk() == l.valueAtRisk);
    CHECK(ra.expectedShortfall() == l.expectedShortfall);
    CHECK(ra.liability() == v0 + (a.measure == "es" ? l.expectedShortfall : l.valueAtRisk));
    CHECK(ra.keptSamples() == (a.measure == "es" ? l.tailSamples : 2 * l.varWindow + 1));
  }
}

TEST_CASE("a new position is charged its Euler marginal", "[risk][admission]") {
  // N identical positions: the measure is homogeneous, so one more of the
  // same adds exactly 1/N of the book's liability at the level (ES: the
  // same tail samples; VaR: the same window).
  const MarketDef m = testing::gbmMarket(2000, 0.8);
  const BookPosition p = put(2000, 1800, 20, 0.8, 1);
  RiskBook book;
  book.assetNames = {"ETH"};
  const int N = 8;
  for (int i = 0; i < N; ++i) book.add(p);
  AdmissionDef a;
  a.rule = "var";
  a.horizonDays = 5;
  for (const char* measure : {"var", "es"}) {
    a.measure = measure;
    RiskAdmission ra;
    ra.measure(book, RiskBook{}, m, a, 365, 5, 1);
    const double added = ra.marginal(candidateOf(p), m.rateAnnual);
    REQUIRE(ra.added(candidateOf(p), m.rateAnnual) == added);  // no reference: its standalone figure is its value now
    INFO(measure << ": liability " << ra.liability() << ", added " << added);
    CHECK(ra.liability() > ra.valueNow());
    CHECK(added == Approx(ra.liability() / N).epsilon(1e-12));
    // What it takes adds up until the next measure.
    ra.took(added);
    CHECK(ra.liability() == Approx((N + 1.0) / N * (ra.valueNow() + (a.measure == "es" ? ra.expectedShortfall() : ra.valueAtRisk()))).epsilon(1e-12));
    CHECK(ra.admits(added, ra.liability() + added));
    CHECK_FALSE(ra.admits(added, ra.liability() + added - 1e-6));
  }
  // A call on the same book: its Euler marginal is far less than its value,
  // the book's tail being a crash, where a call is worth little; what it is
  // charged is its own liability, as a reference call ranks the samples.
  BookPosition call = p;
  call.kind = OptionKind::Call;
  call.strike = call.coverStrike = 2200;
  RiskAdmission ra;
  a.measure = "es";
  const RiskBook ref = referenceBook({0}, {2000}, {0.8}, 20, {"ETH"});
  ra.measure(book, ref, m, a, 365, 5, 1);
  const double callNow = bsPrice(OptionKind::Call, 2000, 2200, 0, 0.8, 20 / 365.0);
  CHECK(ra.marginal(candidateOf(call), 0) < 0.5 * callNow);
  RiskBook alone;
  alone.assetNames = {"ETH"};
  alone.add(call);
  double v0 = 0;
  const LevelRisk own = engineRisk(alone, m, a, 5, v0);
  CHECK(ra.standalone(candidateOf(call), 0) == Approx(v0 + own.expectedShortfall).epsilon(1e-12));
  CHECK(ra.added(candidateOf(call), 0) == ra.standalone(candidateOf(call), 0));
}

TEST_CASE("a candidate's standalone figure is its own liability, its samples ranked by a reference option of its kind",
          "[risk][admission]") {
  const MarketDef m = testing::gbmMarket(2000, 0.8);
  const RiskBook ref = referenceBook({0}, {2000}, {0.8}, 30, {"ETH"});
  REQUIRE(ref.size() == 2);  // a put and a call
  AdmissionDef a;
  a.rule = "var";
  RiskBook empty;
  empty.assetNames = {"ETH"};
  // Out of the money either way, a cap on the call, the cover's share and
  // expiry the pool's: under GBM the reference of the same kind ranks the
  // samples as the position itself does, so the figure is the position's own
  // V(0) + ES (or + VaR) from the engine.
  BookPosition put = ref.position(0), call = ref.position(1);
  put.strike = put.coverStrike = 1700;
  put.units = 3;
  put.coverShare = 0.8;
  call.strike = call.coverStrike = 2400;
  call.maxCover = 500;
  for (const char* measure : {"es", "var"})
    for (const BookPosition& p : {ref.position(0), ref.position(1), put, call}) {
      a.measure = measure;
      RiskAdmission ra;
      ra.measure(empty, ref, m, a, 365, 9, 1);
      CHECK(ra.liability() == 0);  // nothing is open
      CHECK(ra.valueNow() == 0);
      CHECK(ra.keptSamples() == 0);
      RiskBook alone;
      alone.assetNames = {"ETH"};
      alone.add(p);
      double v0 = 0;
      const LevelRisk l = engineRisk(alone, m, a, 9, v0);
      INFO(measure << ", kind " << static_cast<int>(p.kind) << ", strike " << p.strike);
      const double own = v0 + (a.measure == "es" ? l.expectedShortfall : l.valueAtRisk);
      CHECK(ra.standalone(candidateOf(p), 0) == Approx(own).epsilon(1e-9));
      CHECK(ra.added(candidateOf(p), 0) == ra.standalone(candidateOf(p), 0));  // an empty book: no marginal but its value now
    }
  // With nothing to rank by, a candidate is charged its value now.
  RiskAdmission none;
  none.measure(empty, RiskBook{}, m, a, 365, 9, 1);
  CHECK(none.keptSamples() == 0);
  CHECK(none.added(candidateOf(ref.position(0)), 0) ==
        Approx(bsPrice(OptionKind::Put, 2000, 2000, 0, 0.8, 30 / 365.0)).epsilon(1e-12));
}

TEST_CASE("under ES, what admission counts between measures is at least what a measure would find", "[risk][admission]") {
  // ES is subadditive: the book measured with the new positions, on the
  // same samples, never carries more than the last measure plus each new
  // position's own liability. Euler marginals alone count far less when the
  // new positions are unlike the book (calls on a book of puts).
  const MarketDef m = testing::gbmMarket(2000, 0.8);
  RiskBook book;
  book.assetNames = {"ETH"};
  for (int i = 0; i < 20; ++i) book.add(put(2000, 1600 + 20 * i, 30, 0.8, i));
  const RiskBook ref = referenceBook({0}, {2000}, {0.8}, 30, {"ETH"});
  AdmissionDef a;
  a.rule = "var";
  a.measure = "es";
  a.samples = 4000;
  RiskAdmission ra;
  ra.measure(book, ref, m, a, 365, 21, 1);
  RiskBook grown = book;
  double marginals = 0;
  for (int i = 0; i < 30; ++i) {
    BookPosition p = put(2000, 2100 + 20 * i, 30, 0.8, 100 + i);
    p.kind = OptionKind::Call;
    if (i % 5 == 0) p = put(2000, 1500 + 10 * i, 30, 0.8, 100 + i);
    ra.took(ra.added(candidateOf(p), 0));
    marginals += ra.marginal(candidateOf(p), 0);
    grown.add(p);
  }
  RiskAdmission again;
  again.measure(grown, ref, m, a, 365, 21, 1);
  INFO("counted " << ra.liability() << ", measured " << again.liability() << ", by marginals "
                  << ra.valueNow() + ra.expectedShortfall() + marginals);
  // Measured: 46.1 k counted, 28.0 k measured, 18.2 k by the marginals alone.
  CHECK(again.liability() <= ra.liability());
  CHECK(ra.valueNow() + ra.expectedShortfall() + marginals < 0.9 * again.liability());
}

TEST_CASE("a pool that admits by VaR refuses risk its capital cannot carry", "[risk][admission][world]") {
  ScenarioDef def = preset("var-admission");
  def.sim.steps = 120;
  REQUIRE(def.pool.admission.byRisk());
  ScenarioDef byRatio = def;
  byRatio.pool.admission.rule = "ratio";
  World v(def, 3, 0, makeStrategies(def)), r(byRatio, 3, 0, makeStrategies(byRatio));
  int measures = 0, lastMeasure = -1;
  double worstOver = 0;  // the most a step's start liability exceeded resources when the pool still took risk
  while (!v.done()) {
    const long before = v.pool(0).pooledTotal;
    const double resources = toCurrency(v.ledger().balance(v.pool(0).capitalAccount) + v.ledger().balance(v.pool(0).fundAccount));
    v.step();
    r.step();
    const RiskAdmission& ra = v.riskAdmission(0);
    if (ra.measuredAt() != lastMeasure) {
      ++measures;
      lastMeasure = ra.measuredAt();
      CHECK(lastMeasure == v.currentStep());
    }
    // Whatever it took this step fit within what it had when the step began
    // and the fees it took in since (losses are paid after the quotes).
    const int t = v.currentStep();
    const double fees = v.metric(t, StepMetric::FeesCum) - (t > 1 ? v.metric(t - 1, StepMetric::FeesCum) : 0.0);
    if (v.pool(0).pooledTotal > before) worstOver = std::max(worstOver, ra.liability() - resources - fees - 1e-6);
    REQUIRE(v.ledger().total() == 0);
  }
  CHECK(measures == (120 + def.pool.admission.everySteps - 1) / def.pool.admission.everySteps);
  CHECK(worstOver <= 0);
  const RepSummary sv = v.summarize(), sr = r.summarize();
  INFO("pooled share: var " << sv[SummaryMetric::PooledShare] << ", ratio " << sr[SummaryMetric::PooledShare]);
  CHECK(sv[SummaryMetric::PooledShare] < sr[SummaryMetric::PooledShare]);
  CHECK(v.metric(120, StepMetric::Refused) > 0);
  CHECK(r.riskAdmission(0).measuredAt() == -1);  // a ratio pool never runs the engine
}

TEST_CASE("admission by VaR is refused when one replication's measures would take hours, naming the field",
          "[risk][admission][bad-input]") {
  nlohmann::json j = parseJsonText(findPreset("var-admission"), "var-admission");
  CHECK_NOTHROW(scenarioFromJson(j));  // the preset itself is well within the cap
  j["pool"]["admission"]["samples"] = 1000000;
  j["pool"]["admission"]["everySteps"] = 1;
  try {
    scenarioFromJson(j);
    FAIL("a run of hours was accepted");
  } catch (const InputError& e) {
    CHECK(e.path() == "/pool/admission/samples");
    CHECK_THAT(std::string(e.what()), Catch::Contains("re-measures the pool's book 366 times a replication") &&
                                          Catch::Contains("1.15e+12 a replication (about 4.3 hours on one core"));
  }
  // Measured every 30 steps instead, the same samples fit.
  j["pool"]["admission"]["everySteps"] = 30;
  j["pool"]["admission"]["samples"] = 100000;
  CHECK_NOTHROW(scenarioFromJson(j));

  // Several pools: the cap is one replication's, so their measures count
  // together (before 2026-12-04 each pool's alone: tiered-pools' three at
  // 2.94e10 each, 8.8e10 in all, were accepted).
  nlohmann::json t = parseJsonText(findPreset("tiered-pools"), "tiered-pools");
  const nlohmann::json heavy = {{"rule", "var"}, {"samples", 32000}, {"everySteps", 1}};
  t["pools"][0]["admission"] = heavy;
  CHECK_NOTHROW(scenarioFromJson(t));  // one such pool is within the cap
  t["pools"][2]["admission"] = heavy;
  try {
    scenarioFromJson(t);
    FAIL("two pools' measures over the cap together were accepted");
  } catch (const InputError& e) {
    CHECK(e.path() == "/pools/0/admission/samples");
    CHECK_THAT(std::string(e.what()), Catch::Contains("admission by VaR in 2 pools re-measures their books 5.89e+10 "
                                                      "repricings a replication together"));
  }
}

// A level under 1 / samples put every sample in the tail: the engine's
// summary asserted (a release build clamped a rank of -1 to 0) until 2026-12-05.
TEST_CASE("an admission level below 1 / samples is refused, naming the level", "[risk][admission][bad-input]") {
  nlohmann::json j = parseJsonText(findPreset("var-admission"), "var-admission");
  j["pool"]["admission"]["level"] = 1e-13;
  try {
    scenarioFromJson(j);
    FAIL("a level of 1e-13 was accepted");
  } catch (const InputError& e) {
    CHECK(e.path() == "/pool/admission/level");
    CHECK_THAT(std::string(e.what()), Catch::Contains("expected at least 1 / samples (0.001), got 1e-13"));
  }
  j["pool"]["admission"]["level"] = 0.001;  // 1 / samples: one sample outside the tail
  CHECK_NOTHROW(scenarioFromJson(j));
}

TEST_CASE("\"admission\": \"var\" is short for {\"rule\": \"var\"}, in pool and in a pools entry", "[risk][admission]") {
  const ScenarioDef shortForm = scenarioFromJson(parseJsonText(R"({"name": "s", "pool": {"admission": "var"}})", "short"));
  CHECK(shortForm.pool.admission.byRisk());
  CHECK(shortForm.pool.admission.samples == AdmissionDef{}.samples);
  const ScenarioDef longForm = scenarioFromJson(parseJsonText(R"({"name": "l", "pool": {"admission": {"rule": "var"}}})", "long"));
  CHECK(shortForm.pool.admission == longForm.pool.admission);
  const ScenarioDef entry =
      scenarioFromJson(parseJsonText(R"({"name": "p", "pools": [{"name": "a", "admission": "var"}, {"name": "b"}]})", "pools"));
  CHECK(entry.pools[0].terms.admission.byRisk());
  CHECK_FALSE(entry.pools[1].terms.admission.byRisk());
  try {
    scenarioFromJson(parseJsonText(R"({"name": "t", "pool": {"admission": "vaR"}})", "typo"));
    FAIL("an unknown rule was accepted");
  } catch (const InputError& e) {
    CHECK(e.path() == "/pool/admission/rule");
  }
}

TEST_CASE("governance changes a pool's admission mid-run: by schedule, by rule, and new terms measured at once",
          "[risk][admission][governance]") {
  nlohmann::json j = parseJsonText(findPreset("var-admission"), "var-admission");
  j["sim"]["steps"] = 30;
  SECTION("a schedule switches it on (it was accepted and did nothing before 2026-12-04)") {
    j["pool"]["admission"]["rule"] = "ratio";
    j["governance"]["schedule"] = nlohmann::json::array({{{"step", 11}, {"set", {"pool/admission/rule=var"}}}});
    const ScenarioDef def = scenarioFromJson(j);
    World w(def, 2, 0, makeStrategies(def));
    for (int t = 1; t <= 10; ++t) w.step();
    CHECK(w.riskAdmission(0).measuredAt() == -1);
    w.step();
    CHECK(w.riskAdmission(0).measuredAt() == 11);
    CHECK(w.pool(0).admitsByRisk);
  }
  SECTION("a rule switches it on") {
    j["pool"]["admission"]["rule"] = "ratio";
    j["governance"]["rules"] = nlohmann::json::array(
        {{{"name", "by-var"}, {"when", "step >= 5"}, {"set", {"pool/admission/rule=var"}}, {"maxFirings", 1}}});
    const ScenarioDef def = scenarioFromJson(j);
    CHECK(admissionGoverned(def, 0));  // run's table names the terms as governance's
    World w(def, 2, 0, makeStrategies(def));
    for (int t = 1; t <= 5; ++t) w.step();
    CHECK(w.riskAdmission(0).measuredAt() == -1);
    w.step();  // fired at the end of step 5, applied at the start of step 6, measured then
    CHECK(w.riskAdmission(0).measuredAt() == 6);
  }
  SECTION("a schedule switches it off: no measure after") {
    j["governance"]["schedule"] = nlohmann::json::array({{{"step", 12}, {"set", {"pool/admission/rule=ratio"}}}});
    const ScenarioDef def = scenarioFromJson(j);
    World w(def, 2, 0, makeStrategies(def));
    w.run();
    CHECK(w.riskAdmission(0).measuredAt() == 8);  // measured at steps 1 and 8 (every 7), none after the switch
    CHECK_FALSE(w.pool(0).admitsByRisk);
  }
  SECTION("new terms are measured at the step they apply, not at the next due measure") {
    j["governance"]["schedule"] = nlohmann::json::array({{{"step", 10}, {"set", {"pool/admission/level=0.95"}}}});
    const ScenarioDef def = scenarioFromJson(j);
    CHECK(admissionGoverned(def, 0));
    nlohmann::json other = j;
    other["governance"]["schedule"][0]["set"] = {"pool/exitFee=0.01"};
    CHECK_FALSE(admissionGoverned(scenarioFromJson(other), 0));  // governed, but not its admission
    World w(def, 2, 0, makeStrategies(def));
    for (int t = 1; t <= 10; ++t) w.step();
    CHECK(w.riskAdmission(0).measuredAt() == 10);
    CHECK(w.riskAdmission(0).def().level == 0.95);
    for (int t = 11; t <= 17; ++t) w.step();
    CHECK(w.riskAdmission(0).measuredAt() == 17);  // then every 7 steps from there
  }
}

namespace {
// The var-admission preset, shortened, with its LPs' capital and deposit set.
ScenarioDef admissionScenario(int steps, double lpCapital, double depositFraction) {
  ScenarioDef def = preset("var-admission");
  def.sim.steps = steps;
  def.lps.capital = {lpCapital, 0.0};
  def.lps.initialDepositFraction = depositFraction;
  return def;
}
}  // namespace

TEST_CASE("admission's series is what admission saw after each step", "[risk][admission][world]") {
  const ScenarioDef def = admissionScenario(60, 2000, 0.8);
  World w(def, 3, 0, makeStrategies(def));
  REQUIRE(w.admissionPools().size() == 1);
  REQUIRE(w.admissionSeriesWidth() == kAdmissionStepMetricCount);
  const auto at = [&w](int t, AdmissionStepMetric m) { return w.admissionMetric(t, 0, m); };
  // Row 0, before any step: the capital there is, nothing measured or declined yet.
  const Pool& p = w.pool(0);
  CHECK(at(0, AdmissionStepMetric::Capital) == toCurrency(w.ledger().balance(p.capitalAccount) + w.ledger().balance(p.fundAccount)));
  CHECK(at(0, AdmissionStepMetric::Capital) > 0);
  CHECK(std::isnan(at(0, AdmissionStepMetric::Liability)));
  CHECK(std::isnan(at(0, AdmissionStepMetric::Es)));
  CHECK(at(0, AdmissionStepMetric::Declined) == 0);
  double declined = 0, utilization = 0;
  int over = 0;
  while (!w.done()) {
    w.step();
    const int t = w.currentStep();
    const RiskAdmission& ra = w.riskAdmission(0);
    const double capital = toCurrency(w.ledger().balance(p.capitalAccount) + w.ledger().balance(p.fundAccount));
    CHECK(at(t, AdmissionStepMetric::Liability) == ra.liability());
    CHECK(at(t, AdmissionStepMetric::Capital) == capital);
    CHECK(at(t, AdmissionStepMetric::Value) == ra.valueNow());
    CHECK(at(t, AdmissionStepMetric::Var) == ra.valueAtRisk());
    CHECK(at(t, AdmissionStepMetric::Es) == ra.expectedShortfall());
    CHECK(ra.expectedShortfall() >= ra.valueAtRisk());
    declined += at(t, AdmissionStepMetric::Declined);
    utilization = std::max(utilization, ra.liability() / capital);
    if (ra.liability() > capital) ++over;
  }
  const RepSummary s = w.summarize();
  REQUIRE(s.admissions.size() == static_cast<size_t>(kAdmissionSummaryMetricCount));
  CHECK(s.admission(0, AdmissionSummaryMetric::Declined) == declined);
  CHECK(declined > 0);  // this preset's capital is scarce: its test declines some quotes
  CHECK(s.admission(0, AdmissionSummaryMetric::UtilizationMax) == utilization);
  CHECK(utilization > 0.5);
  CHECK(s.admission(0, AdmissionSummaryMetric::OverSteps) == over);
}

TEST_CASE("with no capital a pool that admits by VaR is closed, its test declining nothing; with ample capital none",
          "[risk][admission][world]") {
  // No LP deposits and no fund: nothing carries any risk, so the pool takes
  // nothing, calls too (a call expiring by the horizon on an empty book,
  // ranked by a reference put's crash, was charged 0 until the standalone
  // charge; before 2026-12-04 such a pool took 314 calls by step 7). It is
  // closed, as a ratio pool with no capital is: its quotes are not its VaR
  // test's declines (before 2026-12-04 they were, and a pool that defaulted
  // counted every later quote as declined).
  ScenarioDef none = admissionScenario(40, 2000, 0.0);
  none.positions.putShare = 0.5;
  World a(none, 5, 0, makeStrategies(none));
  a.run();
  REQUIRE(a.workCounts().quotes > 100);
  CHECK(a.summarize().admission(0, AdmissionSummaryMetric::Declined) == 0);
  CHECK(a.summarize()[SummaryMetric::PooledShare] == 0);
  CHECK(std::isnan(a.summarize().admission(0, AdmissionSummaryMetric::UtilizationMax)));  // null: no capital
  RiskAdmission unmeasured;
  CHECK_FALSE(unmeasured.admits(0.0, 0.0));  // charged 0, still nothing to carry it
  CHECK(unmeasured.admits(0.0, 1.0));
  // LPs a thousand times richer: the test never binds.
  const ScenarioDef ample = admissionScenario(40, 2e6, 0.8);
  World b(ample, 5, 0, makeStrategies(ample));
  b.run();
  CHECK(b.summarize().admission(0, AdmissionSummaryMetric::Declined) == 0);
  CHECK(b.summarize().admission(0, AdmissionSummaryMetric::OverSteps) == 0);
  CHECK(b.summarize()[SummaryMetric::PooledShare] > 0.9);
}

TEST_CASE("a pool that starts admitting by VaR through governance has its series from then, and a ratio pool none",
          "[risk][admission][world]") {
  nlohmann::json j = parseJsonText(findPreset("var-admission"), "var-admission");
  j["sim"]["steps"] = 30;
  j["pool"]["admission"]["rule"] = "ratio";
  const ScenarioDef ratio = scenarioFromJson(j);
  CHECK(admissionPoolsOf(ratio).empty());
  World r(ratio, 2, 0, makeStrategies(ratio));
  r.run();
  CHECK(r.admissionSeriesWidth() == 0);
  CHECK(r.summarize().admissions.empty());

  j["governance"]["schedule"] = nlohmann::json::array({{{"step", 11}, {"set", {"pool/admission/rule=var"}}}});
  const ScenarioDef later = scenarioFromJson(j);
  CHECK(admissionPoolsOf(later) == std::vector<int>{0});
  World w(later, 2, 0, makeStrategies(later));
  w.run();
  for (int t = 0; t <= 30; ++t) {
    INFO("step " << t);
    CHECK(std::isnan(w.admissionMetric(t, 0, AdmissionStepMetric::Declined)) == (t < 11));
    CHECK(std::isnan(w.admissionMetric(t, 0, AdmissionStepMetric::Liability)) == (t < 11));
  }
  CHECK(w.riskAdmission(0).measuredAt() >= 11);

  // A rule's change counts as the schedule's: fired at the end of step 5, series from step 6.
  j.erase("governance");
  j["governance"]["rules"] = nlohmann::json::array(
      {{{"name", "by-var"}, {"when", "step >= 5"}, {"set", {"pool/admission/rule=var"}}, {"maxFirings", 1}}});
  const ScenarioDef byRule = scenarioFromJson(j);
  CHECK(admissionPoolsOf(byRule) == std::vector<int>{0});
  World b(byRule, 2, 0, makeStrategies(byRule));
  b.run();
  for (int t = 0; t <= 30; ++t) CHECK(std::isnan(b.admissionMetric(t, 0, AdmissionStepMetric::Declined)) == (t < 6));

  // A rule that never fires: the pool never admitted by VaR, so its summary is null, not 0.
  j["governance"]["rules"][0]["when"] = "step >= 1000";
  const ScenarioDef never = scenarioFromJson(j);
  World n(never, 2, 0, makeStrategies(never));
  n.run();
  const RepSummary ns = n.summarize();
  REQUIRE(ns.admissions.size() == static_cast<size_t>(kAdmissionSummaryMetricCount));
  for (int m = 0; m < kAdmissionSummaryMetricCount; ++m) CHECK(std::isnan(ns.admissions[static_cast<size_t>(m)]));

  // The playground cannot add admission by VaR to a run whose series were sized without it.
  World c(ratio, 2, 0, makeStrategies(ratio));
  c.step();
  j.erase("governance");
  j["governance"]["schedule"] = nlohmann::json::array({{{"step", 20}, {"set", {"pool/admission/rule=var"}}}});
  CHECK_FALSE(c.amendGovernance(scenarioFromJson(j)));
}

TEST_CASE("a measured book's charges add up to its liability, and what expires takes its charge off",
          "[risk][admission]") {
  const MarketDef m = testing::gbmMarket(2000, 0.8);
  RiskBook book;
  book.assetNames = {"ETH"};
  for (int i = 0; i < 20; ++i) book.add(put(2000, 1600 + 20 * i, 10 + i, 0.8, i));
  BookPosition call = put(2000, 2300, 25, 0.8, 20);
  call.kind = OptionKind::Call;
  book.add(call);
  AdmissionDef a;
  a.rule = "var";
  a.samples = 4000;
  for (const char* measure : {"es", "var"}) {
    a.measure = measure;
    RiskAdmission ra;
    ra.measure(book, RiskBook{}, m, a, 365, 9, 3);
    std::vector<double> charges;
    ra.charges(book, m.rateAnnual, charges);
    REQUIRE(charges.size() == 21u);
    double sum = 0;
    for (const double c : charges) {
      CHECK(c >= 0);  // a short option never lowers the book's liability
      sum += c;
    }
    INFO(measure << ": liability " << ra.liability() << ", charges " << sum);
    if (a.measure == "es") CHECK(sum == Approx(ra.liability()).epsilon(1e-9));  // Euler: the tail's mean splits exactly
    // Every position expires before the next measure: nothing is left.
    for (const double c : charges) ra.released(c);
    CHECK(ra.liability() == Approx(0).margin(1e-9 * sum));
  }
}

TEST_CASE("a pool's liability is the sum of its open positions' charges, so what expires no longer counts",
          "[risk][admission][world]") {
  // Measured once in 99 steps: between measures only what expires brings the
  // liability down (before 2026-12-04 it stayed until the next measure, and
  // the pool refused business on risk that had already settled).
  ScenarioDef def = admissionScenario(150, 2000, 0.8);
  def.pool.admission.everySteps = 99;
  World w(def, 1, 0, makeStrategies(def));
  long takenBetween = 0;  // positions covered after the first expiries, before the second measure
  while (!w.done()) {
    const long before = w.pool(0).pooledTotal;
    w.step();
    double sum = 0;
    w.positions().forEachInPool(0, [&](int s) { sum += w.riskCharge(s); });
    INFO("step " << w.currentStep());
    CHECK(w.riskAdmission(0).liability() == Approx(sum).epsilon(1e-9).margin(1e-6));
    if (w.currentStep() > def.positions.tenorSteps && w.riskAdmission(0).measuredAt() == 1) takenBetween += w.pool(0).pooledTotal - before;
  }
  // Measured: 311 taken between, 581 in all; with expired charges kept
  // until the next measure, 0 and 204.
  CHECK(takenBetween > 150);
  CHECK(w.pool(0).pooledTotal > 400);
}

TEST_CASE("a pool whose every position has expired has a liability of exactly 0", "[risk][admission][world]") {
  // It takes positions for 10 steps, then none (governance sets its
  // maxPositions to 0); once the last has expired its book is empty. Before
  // 2026-12-04 the measured liability plus the charges taken, less those
  // released, left a rounding residue at some such steps (15 of the 72 here;
  // 1.4e-14 in tiered-pools' sol), which a pool with no capital counted as a
  // step over it.
  ScenarioDef def = admissionScenario(0, 20000, 0.8);
  def.sim.steps = 10 + def.positions.tenorSteps + 5;
  def.governance.schedule.push_back(GovernanceChange{11, {"pool/maxPositions=0"}});
  int empty = 0;
  for (int rep = 0; rep < 12; ++rep) {
    World w(def, rep, 0, makeStrategies(def));
    while (!w.done()) {
      w.step();
      INFO("replication " << rep << ", step " << w.currentStep());
      if (w.positions().totals(0).count == 0 && w.currentStep() > 10) {
        ++empty;
        CHECK(w.riskAdmission(0).liability() == 0.0);
      }
    }
    CHECK(w.pool(0).pooledTotal > 50);  // it did take risk
  }
  CHECK(empty >= 12 * 5);
}
