// The strategy tables (agents/registry.cpp): every writer and LP strategy's
// parameter table is well formed and enforced, and a learning strategy's
// nested learner object is checked where its table cannot reach.
#include <catch2/catch.hpp>

#include "agents/registry.h"
#include "support/input_error.h"
#include "support/param_table_checks.h"

using namespace mutualab;
using json = nlohmann::json;
using testing::requireInputError;

TEST_CASE("every strategy's parameter table is well formed, its defaults valid, its ranges enforced", "[registry][params]") {
  for (const WriterStrategyInfo& s : writerStrategies()) testing::checkParamTable(s);
  for (const LpStrategyInfo& s : lpStrategies()) testing::checkParamTable(s);
}

TEST_CASE("strategy defaults are derived from the tables, integers kept apart from numbers", "[registry][params]") {
  for (const WriterStrategyInfo& s : writerStrategies())
    if (std::string(s.name) == "learning")
      CHECK(s.defaults().dump() ==
            R"({"feeBucketMaxRate":0.03,"feeBuckets":4,"learner":{"name":"hedge","params":{}},"mode":"choice","shared":true,"signalBuckets":4})");
  for (const LpStrategyInfo& s : lpStrategies())
    if (std::string(s.name) == "informed-runner")
      CHECK(s.defaults().dump() == R"({"cooldownSteps":30,"enterMargin":0.0,"exitMargin":0.05})");
}

TEST_CASE("a learning strategy's learner object is checked past its type", "[registry][params][bad-input]") {
  const WriterStrategyInfo* writer = nullptr;
  const LpStrategyInfo* lp = nullptr;
  for (const auto& s : writerStrategies())
    if (std::string(s.name) == "learning") writer = &s;
  for (const auto& s : lpStrategies())
    if (std::string(s.name) == "learning") lp = &s;
  REQUIRE(writer);
  REQUIRE(lp);
  requireInputError([&] { writer->make({{"learner", {{"name", "hedge"}, {"parms", json::object()}}}}, "/w"); },
                    "/w/learner/parms", "valid keys: name, params");
  requireInputError([&] { writer->make({{"learner", json::object()}}, "/w"); }, "/w/learner/name", "a learner name");
  requireInputError([&] { writer->make({{"learner", {{"name", "sarsa"}}}}, "/w"); }, "/w/learner/name", "unknown learner");
  requireInputError([&] { writer->make({{"learner", {{"name", "hedge"}, {"params", {{"eta", -1}}}}}}, "/w"); },
                    "/w/learner/params/eta", "must be in [0, 1e6], got -1");
  requireInputError([&] { writer->make({{"learner", 3}}, "/w"); }, "/w/learner", "expected an object");
  requireInputError([&] { lp->make({{"learner", {{"name", 3}}}}, "/l"); }, "/l/learner", "expected an object");
  requireInputError([&] { lp->make({{"learner", {{"name", "exp3"}, {"x", 1}}}}, "/l"); }, "/l/learner/x", "valid keys");
}
