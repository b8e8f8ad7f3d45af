// MODEL.md section 7: with a flat fee equal to the average expected loss and
// hidden theta the pool unravels toward the riskiest writers; when theta's
// observable footprint is priced (risk-based fee) participation holds and
// ASI stays near 0. Both on the same seeds (common random numbers).
#include <catch2/catch.hpp>

#include <cmath>

#include "experiments/load_scenario.h"
#include "experiments/runner.h"
#include "support/series.h"

using namespace mutualab;

namespace {
// Mean over steps [from, to] of a metric in the replication-mean series.
double window(const RunResult& r, StepMetric m, int from, int to) { return testing::windowMean(r, m, from, to); }

double lowTheta(const RunResult& r, int from, int to) {  // deciles 1-3
  return (window(r, StepMetric::D1, from, to) + window(r, StepMetric::D2, from, to) +
          window(r, StepMetric::D3, from, to)) / 3.0;
}

RunResult run(const char* preset) {
  RunOptions opt;
  opt.seed = 2026;
  opt.reps = 12;
  opt.threads = 2;
  return runReplications(loadScenario(preset).def, opt);
}
}  // namespace

TEST_CASE("a flat fee unravels the pool toward the riskiest writers", "[akerlof]") {
  const RunResult r = run("preset:akerlof-flat-fee");
  const double asiEarly = window(r, StepMetric::Asi, 5, 30), asiLate = window(r, StepMetric::Asi, 274, 365);
  const double lowEarly = lowTheta(r, 5, 30), lowLate = lowTheta(r, 274, 365);
  const double highLate = window(r, StepMetric::D10, 274, 365);
  INFO("ASI " << asiEarly << " -> " << asiLate << "; low-theta participation " << lowEarly << " -> " << lowLate
              << "; riskiest decile late " << highLate);
  CHECK(asiLate > asiEarly + 0.25);  // selection worsens as the spiral runs
  CHECK(asiLate > 0.5);
  CHECK(lowLate < 0.5 * lowEarly);   // safe writers leave
  CHECK(highLate > 0.7);             // the riskiest stay
}

TEST_CASE("a risk-based fee keeps participation and ASI near zero", "[akerlof]") {
  const RunResult r = run("preset:risk-based-fee");
  const double asiLate = window(r, StepMetric::Asi, 274, 365);
  const double lowLate = lowTheta(r, 274, 365);
  const double part = window(r, StepMetric::Participation, 274, 365);
  INFO("ASI " << asiLate << "; low-theta participation " << lowLate << "; participation " << part);
  CHECK(std::abs(asiLate) < 0.2);
  CHECK(lowLate > 0.8);
  CHECK(part > 0.8);
  int unraveled = 0;
  for (const auto& s : r.reps) unraveled += std::isnan(s[SummaryMetric::UnravelingStep]) ? 0 : 1;
  CHECK(unraveled == 0);
}

TEST_CASE("a bonus-malus ladder stops the spiral the flat fee runs into, as credibility does", "[akerlof][bonus-malus]") {
  // The same market and seeds as the flat fee's spiral; only the rule changes.
  const RunResult flat = run("preset:akerlof-flat-fee");
  const ScenarioDef bmDef = loadScenario("preset:akerlof-flat-fee", {"pool/feeRule/name=bonus-malus"}).def;
  const ScenarioDef credDef = loadScenario("preset:akerlof-flat-fee", {"pool/feeRule/name=credibility"}).def;
  RunOptions opt;
  opt.seed = 2026;
  opt.reps = 12;
  opt.threads = 2;
  const RunResult bm = runReplications(bmDef, opt), cred = runReplications(credDef, opt);
  const double asiFlat = window(flat, StepMetric::Asi, 274, 365), asiBm = window(bm, StepMetric::Asi, 274, 365);
  const double asiCred = window(cred, StepMetric::Asi, 274, 365);
  const double lowFlat = lowTheta(flat, 274, 365), lowBm = lowTheta(bm, 274, 365);
  INFO("late ASI: flat " << asiFlat << ", bonus-malus " << asiBm << ", credibility " << asiCred
                         << "; low-theta participation: flat " << lowFlat << ", bonus-malus " << lowBm);
  CHECK(asiFlat > 0.5);
  CHECK(std::abs(asiBm) < 0.2);
  CHECK(asiBm < asiFlat - 0.4);
  CHECK(std::abs(asiCred) < 0.3);
  CHECK(lowBm > 2 * lowFlat);  // the safe writers stay
}
