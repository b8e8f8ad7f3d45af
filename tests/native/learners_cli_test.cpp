// `mutualab validate-learners` and `mutualab learners` as a user meets them:
// exit 0 with a table of PASS rows, JSON on request, the six learners listed,
// and a bad --seed refused as bad input (exit 2).
#include <catch2/catch.hpp>

#include "support/cli.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {
using Result = mutualab::testing::CliResult;
using mutualab::testing::cli;
using mutualab::testing::lineStarting;
}  // namespace

TEST_CASE("validate-learners passes every check and prints the table", "[cli][learners]") {
  const Result r = cli("validate-learners --seed 3");
  REQUIRE(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("PASS") && Catch::Contains("tol") && Catch::Contains("measured") &&
                           Catch::Contains("matching pennies") && Catch::Contains("rock-paper-scissors") &&
                           Catch::Contains("prisoner's dilemma") && Catch::Contains("hawk-dove") &&
                           Catch::Contains("zero-sum 2x2") && Catch::Contains("seed 3"));
  CHECK_THAT(r.output, !Catch::Contains("FAIL"));

  const Result j = cli("validate-learners --json");
  REQUIRE(j.code == 0);
  const auto doc = nlohmann::json::parse(j.output);
  CHECK(doc["seed"] == 1);
  CHECK(doc["failed"] == 0);
  REQUIRE(doc["checks"].size() >= 25);
  for (const auto& c : doc["checks"]) {
    CHECK(c["pass"] == true);
    CHECK(c.contains("tolerance"));
    CHECK(c.contains("measured"));
  }
}

TEST_CASE("learners lists the six learners, one line per parameter", "[cli][learners]") {
  const Result r = cli("learners");
  REQUIRE(r.code == 0);
  for (const char* name : {"q-learning", "exp3", "hedge", "regret-matching", "fictitious-play", "imitation"})
    CHECK_THAT(r.output, Catch::Contains(name));
  // key, default, range and unit, meaning
  CHECK_THAT(lineStarting(r.output, "    eta "), Catch::Matches("    eta +0\\.1 +\\[0, 1e6\\] 1 / reward units +learning rate.*"));
  CHECK_THAT(r.output, Catch::Contains("epsilon-greedy | softmax"));
  const Result j = cli("learners --json");
  REQUIRE(j.code == 0);
  const auto doc = nlohmann::json::parse(j.output);
  REQUIRE(doc.size() == 6);
  CHECK(doc[0]["defaults"].is_object());
  CHECK(doc[0]["params"].size() == doc[0]["defaults"].size());
  CHECK(doc[0]["params"][0]["key"] == "alpha");
  CHECK(doc[0]["params"][0]["maximum"] == 1.0);
}

TEST_CASE("learners NAME shows one learner, an unknown NAME is bad input", "[cli][learners]") {
  const Result one = cli("learners exp3");
  REQUIRE(one.code == 0);
  CHECK_THAT(one.output, Catch::Contains("exp3") && Catch::Contains("rewardMax") && !Catch::Contains("hedge"));
  const Result bad = cli("learners hegde");
  CHECK(bad.code == 2);
  CHECK_THAT(bad.output, Catch::Contains("unknown learner 'hegde'") && Catch::Contains("q-learning") &&
                             Catch::Contains("did you mean 'hedge'"));
}

TEST_CASE("validate-learners refuses a bad --seed as bad input", "[cli][learners][bad-input]") {
  const Result r = cli("validate-learners --seed abc");
  CHECK(r.code == 2);
  CHECK_THAT(r.output, Catch::Contains("--seed"));
  CHECK(cli("validate-learners --seed").code == 2);
  CHECK(cli("validate-learners --seed -3").code == 2);
  CHECK(cli("validate-learners --frobnicate").code == 2);
}
