// The playground's live run: it is the command line's replication 0 (same
// summary.json bytes as `mutualab run --reps 1`), side B shares A's random
// numbers, and the ledger balances after every step.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "experiments/load_scenario.h"
#include "support/cli.h"
#include "web/lessons.h"
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
    }
  }
}
