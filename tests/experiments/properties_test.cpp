// Thread-count independence over random valid scenarios
// (tests/support/random_scenarios.h): for two scenarios of every fee rule,
// runReplications with 1 and with 3 threads gives the same bits in every
// summary value, every decile, every cell of the mean series and every
// agent's final state. NaN matches NaN only with the same bit pattern.
#include <catch2/catch.hpp>

#include <bit>
#include <cstdint>
#include <map>
#include <string>

#include "core/fee_rules.h"
#include "experiments/runner.h"
#include "support/random_scenarios.h"

using namespace mutualab;
using mutualab::testing::DrawnScenario;
using mutualab::testing::propertyScenarios;

namespace {

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

// Counts cells whose bits differ, and names the first.
struct Diff {
  long cells = 0, differing = 0;
  std::string first;
  void compare(double a, double b, const std::string& where) {
    ++cells;
    if (bits(a) == bits(b)) return;
    if (differing++ == 0) first = where + ": " + std::to_string(a) + " vs " + std::to_string(b);
  }
};

Diff compareResults(const RunResult& a, const RunResult& b) {
  Diff d;
  d.compare(static_cast<double>(a.reps.size()), static_cast<double>(b.reps.size()), "replication count");
  d.compare(static_cast<double>(a.meanSeries.size()), static_cast<double>(b.meanSeries.size()), "series length");
  for (size_t r = 0; r < a.reps.size() && r < b.reps.size(); ++r) {
    for (int m = 0; m < kSummaryMetricCount; ++m)
      d.compare(a.reps[r].values[static_cast<size_t>(m)], b.reps[r].values[static_cast<size_t>(m)],
                "replication " + std::to_string(r) + " " + kSummaryMetricInfo[static_cast<size_t>(m)].name);
    for (size_t k = 0; k < 10; ++k)
      d.compare(a.reps[r].participationByDecile[k], b.reps[r].participationByDecile[k],
                "replication " + std::to_string(r) + " decile " + std::to_string(k + 1));
  }
  for (size_t c = 0; c < a.meanSeries.size() && c < b.meanSeries.size(); ++c)
    d.compare(a.meanSeries[c], b.meanSeries[c],
              "mean series step " + std::to_string(c / kStepMetricCount) + " " +
                  kStepMetricInfo[c % kStepMetricCount].name);
  d.compare(static_cast<double>(a.writersRep0.size()), static_cast<double>(b.writersRep0.size()), "writer count");
  for (size_t i = 0; i < a.writersRep0.size() && i < b.writersRep0.size(); ++i) {
    const WriterState &x = a.writersRep0[i], &y = b.writersRep0[i];
    const std::string at = "writer " + std::to_string(i);
    d.compare(x.cash, y.cash, at + " cash");
    d.compare(x.collateral, y.collateral, at + " collateral");
    d.compare(x.profit, y.profit, at + " profit");
    d.compare(static_cast<double>(x.status), static_cast<double>(y.status), at + " status");
    d.compare(x.pooledTotal, y.pooledTotal, at + " pooled");
    d.compare(x.siloedTotal, y.siloedTotal, at + " siloed");
  }
  d.compare(static_cast<double>(a.lpsRep0.size()), static_cast<double>(b.lpsRep0.size()), "LP count");
  for (size_t i = 0; i < a.lpsRep0.size() && i < b.lpsRep0.size(); ++i) {
    const LpState &x = a.lpsRep0[i], &y = b.lpsRep0[i];
    const std::string at = "LP " + std::to_string(i);
    d.compare(x.cash, y.cash, at + " cash");
    d.compare(x.shares, y.shares, at + " shares");
    d.compare(x.queuedShares, y.queuedShares, at + " queued");
    d.compare(x.wealth, y.wealth, at + " wealth");
  }
  return d;
}

}  // namespace

TEST_CASE("on random scenarios of every fee rule, 1 and 3 threads give bit-identical results",
          "[properties][runner][determinism]") {
  std::map<std::string, int> runsPerRule;
  for (const DrawnScenario& d : propertyScenarios()) {
    REQUIRE(d.loaded.has_value());  // the validator's verdict is tested in tests/core/properties_test.cpp
    const ScenarioDef& def = d.loaded->def;
    if (!def.pool.enabled || runsPerRule[def.pool.feeRule.name] >= 2) continue;
    ++runsPerRule[def.pool.feeRule.name];
    INFO("scenario " << d.index << ": " << d.drawn.dump());
    RunOptions one, three;
    one.seed = three.seed = 500 + static_cast<std::uint64_t>(d.index);
    one.reps = three.reps = 5;  // more replications than threads, so finishing order varies
    one.threads = 1;
    three.threads = 3;
    const RunResult a = runReplications(def, one), b = runReplications(def, three);
    const Diff diff = compareResults(a, b);
    INFO(diff.differing << " of " << diff.cells << " cells differ; the first: " << diff.first);
    CHECK(diff.differing == 0);
    CHECK(diff.cells > 1000);

    // The comparison can fail: another seed changes the bits.
    RunOptions other = one;
    other.seed += 1;
    CHECK(compareResults(a, runReplications(def, other)).differing > 0);
  }
  for (const auto& r : feeRules()) {
    INFO("fee rule " << r.name);
    CHECK(runsPerRule[r.name] == 2);
  }
}
