// Params (core/params.h) against a parameter table (core/param_spec.h): one
// table of every type, its defaults, and each way a value is refused (with
// the JSON path, what was expected and what was found). Every registry's own
// table is checked by tests/support/param_table_checks.h.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/errors.h"
#include "core/param_spec.h"
#include "core/params.h"
#include "support/input_error.h"

using namespace mutualab;
using json = nlohmann::json;
using testing::requireInputError;

namespace {

const ParamTable& table() {
  static const ParamTable t = {
      param::number("rate", 0.5, param::openClosed(0, 1), "per year", "a share above 0"),
      param::number("margin", 0.0, param::closedOpen(-1, 1), "", "below 1"),
      param::integer("steps", 3, 1, 10, "steps", "a count"),
      param::flag("on", true, "a switch"),
      param::choice("basis", "expected", {"expected", "experience"}, "which rate"),
      param::text("fee", "notional", "an expression"),
      param::list("classes", {1.0, 2.0}, "", "a ladder"),
      param::object("learner", {{"name", "hedge"}}, "a learner object"),
  };
  return t;
}

Params with(json given) { return Params(given, table(), "/pool/feeRule/params"); }

}  // namespace

TEST_CASE("defaults are derived from the table, keeping integers and floats apart", "[params]") {
  const json d = paramDefaults(table());
  CHECK(d.dump() ==
        R"({"basis":"expected","classes":[1.0,2.0],"fee":"notional","learner":{"name":"hedge"},"margin":0.0,"on":true,"rate":0.5,"steps":3})");
  const Params p = with(nullptr);
  CHECK(p.resolved() == d);
  CHECK(p.number("rate") == 0.5);
  CHECK(p.integer("steps") == 3);
  CHECK(p.flag("on"));
  CHECK(p.choice("basis") == 0);
  CHECK(p.text("fee") == "notional");
  CHECK(p.raw("classes") == json({1.0, 2.0}));
  CHECK(p.pathOf("a/b") == "/pool/feeRule/params/a~1b");
}

TEST_CASE("given values override the defaults and are read by key", "[params]") {
  const Params p = with({{"rate", 1}, {"steps", 10}, {"on", false}, {"basis", "experience"}, {"margin", -1}});
  CHECK(p.number("rate") == 1.0);  // an integer is a number
  CHECK(p.number("margin") == -1.0);
  CHECK(p.integer("steps") == 10);
  CHECK_FALSE(p.flag("on"));
  CHECK(p.choice("basis") == 1);
  CHECK(p.resolved()["rate"] == 1);
}

TEST_CASE("Params refuses unknown keys with the valid ones and the nearest", "[params][bad-input]") {
  requireInputError([] { with({{"rtae", 0.1}}); }, "/pool/feeRule/params/rtae",
                    "unknown parameter 'rtae'; valid: rate, margin, steps, on, basis, fee, classes, learner (did you mean 'rate'?)");
  requireInputError([] { with({{"zzzzzz", 0.1}}); }, "/pool/feeRule/params/zzzzzz", "valid: rate,");
  requireInputError([] { Params(json{{"a", 1}}, {}, "/x"); }, "/x/a", "unknown parameter 'a'; valid: (none)");
  requireInputError([] { with(json::array()); }, "/pool/feeRule/params", "expected an object of parameters, got array []");
  requireInputError([] { with(2); }, "/pool/feeRule/params", "expected an object of parameters, got number 2");
}

TEST_CASE("Params refuses numbers outside their range, open ends excluded", "[params][bad-input]") {
  requireInputError([] { with({{"rate", 0}}); }, "/pool/feeRule/params/rate", "must be in (0, 1], got 0");
  requireInputError([] { with({{"rate", 1.5}}); }, "/pool/feeRule/params/rate", "must be in (0, 1], got 1.5");
  requireInputError([] { with({{"margin", 1}}); }, "/pool/feeRule/params/margin", "must be in [-1, 1), got 1");
  requireInputError([] { with({{"margin", -1.25}}); }, "/pool/feeRule/params/margin", "got -1.25");
  requireInputError([] { with({{"rate", std::numeric_limits<double>::quiet_NaN()}}); }, "/pool/feeRule/params/rate",
                    "must be a finite number");
  requireInputError([] { with({{"rate", "high"}}); }, "/pool/feeRule/params/rate", "expected a number, got string \"high\"");
}

TEST_CASE("Params refuses integers given as fractions or out of range", "[params][bad-input]") {
  requireInputError([] { with({{"steps", 2.5}}); }, "/pool/feeRule/params/steps", "expected an integer, got number 2.5");
  requireInputError([] { with({{"steps", 3.0}}); }, "/pool/feeRule/params/steps", "expected an integer");
  requireInputError([] { with({{"steps", 0}}); }, "/pool/feeRule/params/steps", "must be an integer in [1, 10], got 0");
  requireInputError([] { with({{"steps", 1e30}}); }, "/pool/feeRule/params/steps", "expected an integer");
  requireInputError([] { with({{"steps", 9223372036854775807LL}}); }, "/pool/feeRule/params/steps", "in [1, 10]");
  requireInputError([] { with({{"steps", 18446744073709551615ULL}}); }, "/pool/feeRule/params/steps", "in [1, 10]");
}

TEST_CASE("Params refuses flags, choices, text, lists and objects of the wrong kind", "[params][bad-input]") {
  requireInputError([] { with({{"on", 1}}); }, "/pool/feeRule/params/on", "expected true or false, got number 1");
  requireInputError([] { with({{"basis", "experiense"}}); }, "/pool/feeRule/params/basis",
                    "expected one of expected, experience, got string \"experiense\" (did you mean 'experience'?)");
  requireInputError([] { with({{"basis", 0}}); }, "/pool/feeRule/params/basis", "expected one of expected, experience");
  requireInputError([] { with({{"fee", 3}}); }, "/pool/feeRule/params/fee", "expected a string (an expression), got number 3");
  requireInputError([] { with({{"classes", 3}}); }, "/pool/feeRule/params/classes", "expected a list (a ladder)");
  requireInputError([] { with({{"learner", "hedge"}}); }, "/pool/feeRule/params/learner", "expected an object");
}

TEST_CASE("reading a key the table lacks, or as another type, is a bug in the entry", "[params]") {
  const Params p = with(nullptr);
  CHECK_THROWS_AS(p.number("nope"), std::logic_error);
  CHECK_THROWS_AS(p.integer("rate"), std::logic_error);
  CHECK_THROWS_AS(p.raw("rate"), std::logic_error);
}

TEST_CASE("ranges and allowed values read as the scenario validator words them", "[params]") {
  CHECK(param::closed(0, 10).text() == "in [0, 10]");
  CHECK(param::openClosed(0, 1).text() == "in (0, 1]");
  CHECK(param::closed(1e-9, 1e12).text() == "in [1e-9, 1e12]");
  CHECK(ParamRange{0, std::numeric_limits<double>::infinity(), true, false}.text() == "> 0");
  CHECK(ParamRange{}.text() == "any number");
  CHECK(paramAllowedText(table()[0]) == "(0, 1]");
  CHECK(paramAllowedText(table()[2]) == "integer [1, 10]");
  CHECK(paramAllowedText(table()[4]) == "expected | experience");
  CHECK(paramAllowedText(table()[3]) == "true/false");
}
