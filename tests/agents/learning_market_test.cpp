// Learning inside the market (issue 4): learned writers discover risk dumping
// under a flat fee and stop under a risk-based or credibility fee; learned
// LPs with an early warning learn to run when exit is free, and not when an
// exit fee and notice period are in force.
#include <catch2/catch.hpp>

#include <cmath>

#include "agents/registry.h"
#include "core/world.h"
#include "experiments/load_scenario.h"
#include "experiments/runner.h"
#include "support/series.h"

using namespace mutualab;

namespace {
double window(const RunResult& r, StepMetric m, int from, int to) { return testing::windowMean(r, m, from, to); }

RunResult run(const std::string& preset, std::vector<std::string> sets = {}) {
  RunOptions o;
  o.seed = 11;
  o.reps = 8;
  o.threads = 2;
  return runReplications(loadScenario(preset, sets).def, o);
}
}  // namespace

TEST_CASE("learned writers discover risk dumping under a flat fee", "[learning][market]") {
  const RunResult r = run("preset:learning-writers-flat");
  const double early = window(r, StepMetric::Asi, 5, 30), late = window(r, StepMetric::Asi, 274, 365);
  INFO("ASI " << early << " -> " << late);
  CHECK(late > early + 0.1);
  CHECK(late > 0.4);
}

TEST_CASE("learned writers stop dumping under risk-based and credibility fees", "[learning][market]") {
  const std::vector<std::vector<std::string>> rules = {{"pool/feeRule/name=risk-based"},
                                                       {"pool/feeRule/name=credibility", "pool/feeRule/params/k=5"}};
  for (const auto& sets : rules) {
    const std::string& fee = sets[0];
    const RunResult r = run("preset:learning-writers-flat", sets);
    const double early = window(r, StepMetric::Asi, 5, 30), late = window(r, StepMetric::Asi, 274, 365);
    const double lowLate = window(r, StepMetric::D1, 274, 365), lowEarly = window(r, StepMetric::D1, 5, 30);
    INFO(fee << ": ASI " << early << " -> " << late << "; safest decile " << lowEarly << " -> " << lowLate);
    CHECK(late < early - 0.15);
    CHECK(lowLate > lowEarly + 0.2);
  }
}

namespace {
// Share of LP wealth in the pool on steps when the early warning is on vs off,
// over the second half of the run (after learning), pooled over replications.
struct RunShares {
  double warned = 0, calm = 0;
};
RunShares inPoolByWarning(const ScenarioDef& d) {
  double inW = 0, nW = 0, inC = 0, nC = 0;
  for (int rep = 0; rep < 6; ++rep) {
    World w(d, 5, static_cast<std::uint64_t>(rep), makeStrategies(d));
    const int lead = d.lps.earlyWarningLeadSteps;
    while (!w.done()) {
      w.step();
      const int t = w.currentStep();
      if (t < d.sim.steps / 2) continue;
      const bool warn = w.market().troubleAhead(t, lead) || w.market().stressAt(std::min(t + lead, w.steps()));
      double inPool = 0, wealth = 0;
      for (int l = 0; l < w.lpCount(); ++l) {
        const LpState s = w.lp(l);
        inPool += s.shares * w.nav();
        wealth += s.wealth;
      }
      if (wealth <= 0) continue;  // a wiped-out pool with everyone in it
      (warn ? inW : inC) += inPool / wealth;
      (warn ? nW : nC) += 1;
    }
  }
  return {inW / nW, inC / nC};
}
}  // namespace

TEST_CASE("learned LPs run before stress when exit is free, and stay when it is not", "[learning][market][lp]") {
  const ScenarioDef free = loadScenario("preset:learning-lps-run").def;
  const RunShares f = inPoolByWarning(free);
  const ScenarioDef costly = loadScenario("preset:learning-lps-run", {"pool/exitFee=0.05", "pool/noticeSteps=10"}).def;
  const RunShares c = inPoolByWarning(costly);
  INFO("free exit: in pool " << f.warned << " warned vs " << f.calm << " calm; exit fee + notice: " << c.warned
                             << " vs " << c.calm);
  CHECK(f.warned < f.calm - 0.2);          // they learned to leave on the signal
  CHECK(c.warned > c.calm - 0.1);          // running no longer pays: they stay
}

TEST_CASE("risk-averse learning writers value the pool's insurance and pool more", "[learning][market]") {
  const RunResult neutral = run("preset:learning-writers-flat");
  const RunResult averse = run("preset:learning-writers-flat", {"writers/riskAversion/mean=20"});
  const double pn = window(neutral, StepMetric::Participation, 274, 365);
  const double pa = window(averse, StepMetric::Participation, 274, 365);
  INFO("late participation: risk neutral " << pn << ", risk aversion 20: " << pa);
  CHECK(pa > pn + 0.1);
}
