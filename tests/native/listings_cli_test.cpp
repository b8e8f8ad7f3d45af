// `mutualab fee-rules` and `mutualab strategies` as a user meets them: each
// entry with one line per parameter (key, default, range and unit, meaning)
// within 100 columns, one entry by NAME, and an unknown NAME refused as bad
// input (exit 2) with the valid names.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>

#include "support/cli.h"

namespace {
using mutualab::testing::cli;
using mutualab::testing::lineStarting;

std::size_t widest(const std::string& text) {
  std::istringstream in(text);
  std::size_t w = 0;
  for (std::string line; std::getline(in, line);) w = std::max(w, line.size());
  return w;
}
}  // namespace

TEST_CASE("fee-rules prints every rule's parameters, one line each, within 100 columns", "[cli][listings]") {
  const auto r = cli("fee-rules");
  REQUIRE(r.code == 0);
  for (const char* name : {"flat", "utilization", "risk-based", "credibility", "formula", "bonus-malus", "fixed-rate"})
    CHECK_THAT(r.output, Catch::Contains(name));
  CHECK_THAT(lineStarting(r.output, "    capitalChargeAnnual "),
             Catch::Matches("    capitalChargeAnnual +0\\.1 +\\[0, 10\\] per year +cost of capital.*"));
  CHECK_THAT(lineStarting(r.output, "    claimFreeSteps "),
             Catch::Matches("    claimFreeSteps +60 +integer \\[1, 100000\\] steps +steps without.*"));
  CHECK_THAT(r.output, Catch::Contains("expected | experience | fixed") && Catch::Contains("names: notional, spot"));
  CHECK_THAT(r.output, Catch::Contains("default \"(1 + 0.2) *"));  // too long for its column: after the meaning
  CHECK(widest(r.output) <= 100);
}

TEST_CASE("fee-rules NAME and strategies NAME show one entry, an unknown NAME is bad input", "[cli][listings]") {
  const auto one = cli("fee-rules credibility");
  REQUIRE(one.code == 0);
  CHECK_THAT(one.output, Catch::Contains("poolBasis") && !Catch::Contains("bonus-malus"));
  const auto bad = cli("fee-rules credibilty");
  CHECK(bad.code == 2);
  CHECK_THAT(bad.output, Catch::Contains("unknown fee rule 'credibilty'") && Catch::Contains("fixed-rate") &&
                             Catch::Contains("did you mean 'credibility'"));

  const auto learning = cli("strategies learning");  // a writer strategy and an LP strategy
  REQUIRE(learning.code == 0);
  CHECK_THAT(learning.output, Catch::Contains("writer strategies") && Catch::Contains("LP strategies") &&
                                  Catch::Contains("feeBucketMaxRate") && !Catch::Contains("threshold-dumping"));
  const auto lp = cli("strategies informed-runner");
  REQUIRE(lp.code == 0);
  CHECK_THAT(lp.output, Catch::Contains("cooldownSteps") && !Catch::Contains("writer strategies"));
  const auto none = cli("strategies yolo");
  CHECK(none.code == 2);
  CHECK_THAT(none.output, Catch::Contains("unknown strategy 'yolo'") && Catch::Contains("passive"));
}

TEST_CASE("strategies lists every strategy, a parameterless one saying so", "[cli][listings]") {
  const auto r = cli("strategies");
  REQUIRE(r.code == 0);
  for (const char* name : {"always-silo", "always-pool", "threshold-dumping", "expected-utility", "learning", "passive",
                           "yield-chaser", "loss-averse", "informed-runner"})
    CHECK_THAT(r.output, Catch::Contains(name));
  CHECK_THAT(r.output, Catch::Contains("(no parameters)") && Catch::Contains("enterMargin"));
  CHECK(widest(r.output) <= 100);
}
