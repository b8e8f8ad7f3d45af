// The scenario edge: exact round trips, defaults, and every class of bad
// input refused with the JSON pointer of the offending value.
//
// Exactness is checked by comparing dumps: scenarioToJson writes every field,
// and nlohmann writes doubles in shortest round-trip form (and -0.0 as
// "-0.0"), so equal dumps mean bit-equal fields.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/fee_rules.h"
#include "core/scenario.h"
#include "core/scenario_json.h"
#include "experiments/load_scenario.h"
#include "support/input_error.h"

using mutualab::applyOverride;
using mutualab::estimateMemoryBytes;
using mutualab::InputError;
using mutualab::parseJsonText;
using mutualab::ScenarioDef;
using mutualab::scenarioFromJson;
using mutualab::scenarioToJson;
using mutualab::findScenarioField;
using mutualab::scenarioFields;
using json = nlohmann::json;

namespace {

using mutualab::testing::requireInputError;

void requireRefused(const json& j, const std::string& path, const std::string& part) {
  requireInputError([&] { (void)scenarioFromJson(j); }, path, part);
}

// A full default scenario json with `--set` assignments applied.
json resolvedWith(std::initializer_list<std::string> assignments) {
  json j = scenarioToJson(mutualab::makeDefaultScenario());
  for (const auto& a : assignments) applyOverride(j, a);
  return j;
}

void requireRefusedWith(std::initializer_list<std::string> assignments, const std::string& path,
                        const std::string& part) {
  requireRefused(resolvedWith(assignments), path, part);
}

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Every field's JSON path, array entries written as "i" the way the
// reference documents them ("/market/assets/i/spot").
void collectFieldPaths(const json& j, const std::string& path, std::vector<std::string>& out) {
  if (j.is_object() && path.size() >= 7 && path.substr(path.size() - 7) == "/params") {
    out.push_back(path);  // params contents belong to the registries
  } else if (j.is_object()) {
    for (const auto& item : j.items()) collectFieldPaths(item.value(), path + "/" + item.key(), out);
  } else if (j.is_array() && !j.empty() && j[0].is_object()) {
    out.push_back(path);
    collectFieldPaths(j[0], path + "/i", out);
  } else {
    out.push_back(path);
  }
}

}  // namespace

TEST_CASE("default scenario round-trips exactly through JSON", "[scenario_json]") {
  const ScenarioDef def = mutualab::makeDefaultScenario();
  const json j = scenarioToJson(def);
  const ScenarioDef back = scenarioFromJson(j);
  REQUIRE(scenarioToJson(back).dump() == j.dump());
  REQUIRE(back.name == def.name);
  REQUIRE(back.writers.count == def.writers.count);
  REQUIRE(sameBits(back.writers.theta.sd, def.writers.theta.sd));
  REQUIRE(back.writers.strategies.size() == 1);
  REQUIRE(back.writers.strategies[0].name == "expected-utility");
  // Through text too, as a results file would carry it.
  REQUIRE(scenarioToJson(scenarioFromJson(parseJsonText(j.dump(2), "t.json"))).dump() == j.dump());
}

TEST_CASE("a non-default scenario round-trips bit for bit", "[scenario_json]") {
  ScenarioDef s = mutualab::makeDefaultScenario();
  s.name = "awkward \"quotes\" ~ and ünïcode";  // no '/': a name must stay one path component
  s.description = "line1\nline2";
  s.sim.steps = 1000;
  s.sim.stepDays = 1.0 / 3.0;
  s.sim.maxOpenPositions = 12345;
  s.market.assets = {{"BTC", 60000.5, 0.1 + 0.2, 0.8, 12.0, -0.2, 0.05},
                     {"ETH", 3000.0, -0.0, 0.0010000000000000002, 0.0, 0.0, 0.0}};
  s.market.correlation = {{1.0, 0.3}, {0.3, 1.0}};
  s.market.regime.enabled = true;
  s.market.pricingVol = "fixed";
  s.writers.theta = {0.3, 0.2};
  s.writers.strategies = {{"always-pool", 0.1, json::object()},
                          {"threshold", 0.9, json{{"cut", 0.7}, {"nested", {{"a", json::array({1, 2.5})}}}}}};
  s.lps.count = 0;
  s.pool.feeRule = {"risk-based", json{{"loading", 0.2}}};
  s.shock = {100, -0.7, ""};

  const json j = scenarioToJson(s);
  const ScenarioDef back = scenarioFromJson(j);
  REQUIRE(scenarioToJson(back).dump() == j.dump());
  REQUIRE(back.name == s.name);
  REQUIRE(sameBits(back.sim.stepDays, s.sim.stepDays));
  REQUIRE(sameBits(back.market.assets[0].driftAnnual, 0.1 + 0.2));
  REQUIRE(sameBits(back.market.assets[1].driftAnnual, -0.0));
  REQUIRE(back.writers.strategies[1].params == s.writers.strategies[1].params);
  REQUIRE(back.pool.feeRule.params == s.pool.feeRule.params);
}

TEST_CASE("scenarioToJson is stable and writes every field", "[scenario_json]") {
  const ScenarioDef def = mutualab::makeDefaultScenario();
  REQUIRE(scenarioToJson(def).dump() == scenarioToJson(def).dump());
  const json j = scenarioToJson(def);
  for (const char* key : {"name", "description", "sim", "market", "positions", "writers", "lps", "buyers", "pool",
                          "shock"}) {
    INFO(key);
    REQUIRE(j.contains(key));
  }
  // Empty and default-valued fields are written too, not skipped.
  REQUIRE(j["description"] == "");
  REQUIRE(j["market"]["correlation"] == json::array());
  REQUIRE(j["pool"]["feeRule"]["params"] == json::object());
  REQUIRE(j["market"]["assets"][0].contains("jumpSdLog"));
  // (That every field of scenario.h is written is checked against the
  // reference doc below: the doc test lists each path.)
}

TEST_CASE("a minimal scenario resolves to the defaults", "[scenario_json]") {
  ScenarioDef expected = mutualab::makeDefaultScenario();
  expected.name = "x";
  const ScenarioDef got = scenarioFromJson(json{{"name", "x"}});
  REQUIRE(scenarioToJson(got).dump() == scenarioToJson(expected).dump());

  // A nested object given in part keeps the defaults of the rest.
  const ScenarioDef partial = scenarioFromJson(json::parse(R"({"name":"x","writers":{"theta":{"sd":0.1}}})"));
  REQUIRE(partial.writers.theta.sd == 0.1);
  REQUIRE(partial.writers.theta.mean == expected.writers.theta.mean);
  REQUIRE(partial.writers.count == expected.writers.count);

  // Integer fields accept integral floats (2e2), as JSON writers emit them.
  REQUIRE(scenarioFromJson(json::parse(R"({"name":"x","writers":{"count":2e2}})")).writers.count == 200);
}

TEST_CASE("parseJsonText names the source, position and parser message", "[scenario_json]") {
  REQUIRE(parseJsonText(R"({"a": [1, 2]})", "ok.json")["a"][1] == 2);
  requireInputError([] { (void)parseJsonText("{\n  \"name\": nope\n}", "bad.json"); }, "",
                    "bad.json: invalid JSON: parse error at line 2");
  requireInputError([] { (void)parseJsonText("{\"a\": 1", "cut.json"); }, "", "unexpected end of input");
  requireInputError([] { (void)parseJsonText("", "empty.json"); }, "", "empty.json");
  // Duplicate keys would silently keep the last value.
  requireInputError([] { (void)parseJsonText(R"({"sim": {"steps": 1, "steps": 2}})", "dup.json"); }, "/sim/steps",
                    "duplicate key 'steps' in dup.json");
  requireInputError(
      [] { (void)parseJsonText(R"({"a": [{"x": 1}, {"y": 1, "y": 2}]})", "dup.json"); }, "/a/1/y",
      "duplicate key");
  // The same key in different objects is fine.
  REQUIRE(parseJsonText(R"({"a": {"k": 1}, "b": {"k": 2}, "c": [{"k": 3}, {"k": 4}]})", "ok.json")["c"][1]["k"] ==
          4);
}

TEST_CASE("wrong types are refused with their path", "[scenario_json]") {
  requireRefused(json::array(), "", "expected an object, got array");
  requireRefused(json::parse(R"({"name": 5})"), "/name", "expected a string, got number 5");
  requireRefused(json::parse(R"({"name":"x","writers":{"theta":{"sd":"abc"}}})"), "/writers/theta/sd",
                 "expected a number, got string \"abc\"");
  requireRefused(json::parse(R"({"name":"x","sim":{"steps":1.5}})"), "/sim/steps",
                 "expected an integer, got number 1.5");
  requireRefused(json::parse(R"({"name":"x","sim":{"steps":"100"}})"), "/sim/steps", "expected an integer");
  requireRefused(json::parse(R"({"name":"x","buyers":{"informedShare":true}})"), "/buyers/informedShare",
                 "expected a number, got boolean true");
  requireRefused(json::parse(R"({"name":"x","pool":{"enabled":1}})"), "/pool/enabled",
                 "expected true or false, got number 1");
  requireRefused(json::parse(R"({"name":"x","sim":null})"), "/sim", "expected an object, got null");
  requireRefused(json::parse(R"({"name":"x","market":{"assets":{"name":"BTC"}}})"), "/market/assets",
                 "expected an array");
  requireRefused(json::parse(R"({"name":"x","market":{"correlation":[1,0]}})"), "/market/correlation/0",
                 "expected an array of numbers");
  requireRefused(json::parse(R"({"name":"x","pool":{"feeRule":{"name":"flat","params":[1]}}})"),
                 "/pool/feeRule/params", "expected an object, got array");
  requireRefused(json::parse(R"({"name":"x","writers":{"strategies":[{"name":"a","params":"p"}]}})"),
                 "/writers/strategies/0/params", "expected an object");
  requireRefused(json::parse(R"({"name":"x","sim":{"steps":3000000000}})"), "/sim/steps", "32-bit integer");
}

TEST_CASE("unknown keys are refused at every level and the valid keys listed", "[scenario_json]") {
  requireRefused(json::parse(R"({"name":"x","writers":{"tehta":{}}})"), "/writers/tehta",
                 "unknown key 'tehta'; valid keys: count, theta, capital, costOfCapitalAnnual, premiumMarkup, "
                 "riskAversion, strategies (did you mean 'theta'?)");
  requireRefused(json::parse(R"({"name":"x","nmae":"y"})"), "/nmae", "valid keys: name, description, sim,");
  requireRefused(json::parse(R"({"name":"x","market":{"assets":[{"name":"A","spot":1,"volAnnual":0.5,"vol":1}]}})"),
                 "/market/assets/0/vol", "unknown key 'vol'");
  requireRefused(json::parse(R"({"name":"x","pool":{"feeRule":{"name":"flat","loading":0.2}}})"),
                 "/pool/feeRule/loading", "valid keys: name, params");
  requireRefused(json::parse(R"({"name":"x","writers":{"strategies":[{"name":"a","weight":1}]}})"),
                 "/writers/strategies/0/weight", "valid keys: name, share, params");
  // Keys that need pointer escaping are escaped in the path.
  requireRefused(json::parse(R"({"name":"x","a/b":1})"), "/a~1b", "unknown key 'a/b'");
}

TEST_CASE("missing required fields are refused", "[scenario_json]") {
  requireRefused(json::object(), "/name", "missing required field");
  requireRefused(json::parse(R"({"name":"x","market":{"assets":[{"name":"A","volAnnual":0.5}]}})"),
                 "/market/assets/0/spot", "missing required field");
  requireRefused(json::parse(R"({"name":"x","market":{"assets":[{"spot":1,"volAnnual":0.5}]}})"),
                 "/market/assets/0/name", "missing required field");
  requireRefused(json::parse(R"({"name":"x","market":{"assets":[{"name":"A","spot":1}]}})"),
                 "/market/assets/0/volAnnual", "missing required field");
  requireRefused(json::parse(R"({"name":"x","lps":{"strategies":[{"share":1}]}})"), "/lps/strategies/0/name",
                 "missing required field");
  requireRefused(json::parse(R"({"name":"x","pool":{"feeRule":{"params":{}}}})"), "/pool/feeRule/name",
                 "missing required field");
  requireRefused(json::parse(R"({"name":""})"), "/name", "must not be empty");
}

TEST_CASE("non-finite numbers are refused, including through overrides", "[scenario_json]") {
  json j = resolvedWith({"writers/theta/sd=nan"});
  REQUIRE(std::isnan(j["writers"]["theta"]["sd"].get<double>()));
  requireRefused(j, "/writers/theta/sd", "must be a finite number, got nan");
  requireRefusedWith({"market/assets/0/spot=inf"}, "/market/assets/0/spot", "must be a finite number, got inf");
  requireRefusedWith({"shock/logJump=-inf"}, "/shock/logJump", "must be a finite number, got -inf");
  requireRefusedWith({"sim/steps=NaN"}, "/sim/steps", "must be a finite number, got nan");
  requireRefusedWith({"market/correlation=[[1]]", "market/correlation/0/0=nan"}, "/market/correlation/0/0",
                     "must be a finite number, got nan");
  requireRefusedWith({"pool/feeRule/params/loading=nan"}, "/pool/feeRule/params/loading",
                     "must be a finite number, got nan");
}

TEST_CASE("out-of-range values are refused with the range", "[scenario_json]") {
  requireRefusedWith({"writers/capital/mean=-1"}, "/writers/capital/mean", "must be in (0, 1000000000], got -1");
  requireRefusedWith({"lps/capital/mean=0"}, "/lps/capital/mean", "got 0");
  requireRefusedWith({"writers/theta/sd=-1"}, "/writers/theta/sd", "must be >= 0, got -1");
  requireRefusedWith({"buyers/informedShare=1.5"}, "/buyers/informedShare", "must be in [0, 1], got 1.5");
  requireRefusedWith({"market/regime/pCalmToStress=-0.01"}, "/market/regime/pCalmToStress", "must be in [0, 1]");
  requireRefusedWith({"writers/count=0"}, "/writers/count", "must be >= 1, got 0");
  requireRefusedWith({"lps/count=-1"}, "/lps/count", "must be >= 0, got -1");
  requireRefusedWith({"sim/steps=0"}, "/sim/steps", "must be in [1, 100000], got 0");
  requireRefusedWith({"sim/steps=100001"}, "/sim/steps", "got 100001");
  requireRefusedWith({"positions/otmRisky=0.96"}, "/positions/otmRisky", "must be in [0, 0.95]");
  requireRefusedWith({"pool/exitFee=1"}, "/pool/exitFee", "must be in [0, 1), got 1");
  requireRefusedWith({"pool/gateShare=0"}, "/pool/gateShare", "must be in (0, 1], got 0");
  requireRefusedWith({"market/ewmaLambda=1"}, "/market/ewmaLambda", "must be in (0, 1), got 1");
  requireRefusedWith({"market/pricingVol=garch"}, "/market/pricingVol",
                     "must be one of \"ewma\", \"fixed\", got string \"garch\"");
  requireRefusedWith({"shock/step=-2"}, "/shock/step", "must be in [-1, 100000], got -2");
  requireRefusedWith({"buyers/reservationMarkupMin=0.5", "buyers/reservationMarkupMax=0.4"},
                     "/buyers/reservationMarkupMin", "must be <= reservationMarkupMax = 0.4, got 0.5");
  requireRefusedWith({"lps/riskAversion/sd=21"}, "/lps/riskAversion/sd", "must be <= 10 x mean");

  // Theta's Beta distribution: the sd must be reachable for the mean.
  requireRefusedWith({"writers/theta/mean=0.1", "writers/theta/sd=0.35"}, "/writers/theta/sd",
                     "must be < sqrt(mean x (1 - mean)) = 0.3 for mean 0.1");
  requireRefusedWith({"writers/theta/mean=0", "writers/theta/sd=0.1"}, "/writers/theta/sd",
                     "must be 0 when mean is 0");
  REQUIRE(scenarioFromJson(resolvedWith({"writers/theta/mean=1", "writers/theta/sd=0"})).writers.theta.mean == 1.0);
  REQUIRE(scenarioFromJson(resolvedWith({"writers/theta/mean=0.1", "writers/theta/sd=0.29"})).writers.theta.sd ==
          0.29);
}

TEST_CASE("correlation matrices are checked against the assets", "[scenario_json]") {
  const std::string twoAssets =
      R"(market/assets=[{"name":"A","spot":1,"volAnnual":0.5},{"name":"B","spot":2,"volAnnual":0.6}])";
  const std::string threeAssets =
      R"(market/assets=[{"name":"A","spot":1,"volAnnual":0.5},{"name":"B","spot":2,"volAnnual":0.6},)"
      R"({"name":"C","spot":3,"volAnnual":0.7}])";

  const ScenarioDef two = scenarioFromJson(resolvedWith({twoAssets, "market/correlation=[[1,0.5],[0.5,1]]"}));
  REQUIRE(two.market.correlation[0][1] == 0.5);
  // Perfect correlation is singular but valid.
  REQUIRE_NOTHROW(scenarioFromJson(resolvedWith({twoAssets, "market/correlation=[[1,1],[1,1]]"})));
  REQUIRE_NOTHROW(scenarioFromJson(resolvedWith({"market/correlation=[[1]]"})));

  requireRefusedWith({twoAssets, "market/correlation=[[1]]"}, "/market/correlation",
                     "must be 2 x 2 (one row and column per asset in market.assets), got 1 rows");
  requireRefusedWith({twoAssets, "market/correlation=[[1,0.5],[0.5]]"}, "/market/correlation/1",
                     "must have 2 entries");
  requireRefusedWith({twoAssets, "market/correlation=[[1,0.5],[0.4,1]]"}, "/market/correlation/1/0",
                     "must equal its mirror entry /market/correlation/0/1 = 0.5");
  requireRefusedWith({twoAssets, "market/correlation=[[0.9,0],[0,1]]"}, "/market/correlation/0/0",
                     "diagonal entries must be 1, got 0.9");
  requireRefusedWith({twoAssets, "market/correlation=[[1,1.2],[1.2,1]]"}, "/market/correlation/0/1",
                     "must be in [-1, 1], got 1.2");
  requireRefusedWith({threeAssets, "market/correlation=[[1,0.9,-0.9],[0.9,1,0.9],[-0.9,0.9,1]]"},
                     "/market/correlation", "is not positive semi-definite");
  // Singular first block, then an inconsistent correlation: also not PSD.
  requireRefusedWith({threeAssets, "market/correlation=[[1,1,0.5],[1,1,-0.5],[0.5,-0.5,1]]"}, "/market/correlation",
                     "is not positive semi-definite");
  requireRefusedWith({R"(market/assets=[{"name":"A","spot":1,"volAnnual":0.5},{"name":"A","spot":2,"volAnnual":0.6}])"},
                     "/market/assets/1/name", "duplicate asset name 'A'");
}

TEST_CASE("strategy lists are checked", "[scenario_json]") {
  requireRefusedWith({R"(writers/strategies=[{"name":"a","share":0.5},{"name":"b","share":0.4}])"},
                     "/writers/strategies", "shares must sum to 1 (within 1e-9), got 0.9");
  requireRefusedWith({"lps/strategies=[]"}, "/lps/strategies", "the number of entries must be >= 1, got 0");
  requireRefusedWith({R"(writers/strategies=[{"name":"a","share":0.5},{"name":"a","share":0.5}])"},
                     "/writers/strategies/1/name", "duplicate strategy 'a'");
  requireRefusedWith({R"(writers/strategies=[{"name":"a","share":0},{"name":"b","share":1}])"},
                     "/writers/strategies/0/share", "must be in (0, 1], got 0");
  // Thirds sum to 1 within rounding.
  REQUIRE(scenarioFromJson(resolvedWith({R"(writers/strategies=[{"name":"a","share":0.3333333333333333},)"
                                         R"({"name":"b","share":0.3333333333333333},)"
                                         R"({"name":"c","share":0.3333333333333333}])"}))
              .writers.strategies.size() == 3);
}

TEST_CASE("sizes that would not fit in memory are refused", "[scenario_json]") {
  const ScenarioDef def = mutualab::makeDefaultScenario();
  const std::size_t one = estimateMemoryBytes(def, 1);
  REQUIRE(one > 0);
  REQUIRE(one < (std::size_t{64} << 20));  // the default is small
  REQUIRE(estimateMemoryBytes(def, 8) == 8 * one);
  REQUIRE(estimateMemoryBytes(def, 0) == one);
  // Mark-to-model's rows: 40 bytes for each pooled position that can be
  // open, all the slots unless the pools' maxPositions are fewer; and a
  // cohort of 160 bytes per pool, asset and step of the tenor.
  const double slots = 1.25 * def.writers.count * def.buyers.arrivalsPerWriterPerStep * def.positions.tenorSteps + 64;
  REQUIRE(slots < def.pool.maxPositions);
  ScenarioDef capped = def;
  capped.pool.maxPositions = 10;
  CHECK(static_cast<double>(one - estimateMemoryBytes(capped, 1)) == Approx((slots - 10) * 40.0).margin(2));
  ScenarioDef longer = def;
  longer.positions.tenorSteps += 10;
  const double moreSlots = 1.25 * def.writers.count * def.buyers.arrivalsPerWriterPerStep * 10;
  CHECK(static_cast<double>(estimateMemoryBytes(longer, 1) - one) == Approx(moreSlots * (160.0 + 40.0) + 10 * 160.0).margin(2));

  requireRefusedWith({"writers/count=2000000000"}, "/writers/count", "GiB of memory per replication");
  requireRefused(json::parse(R"({"name":"x","writers":{"count":2e9}})"), "/writers/count",
                 "1.25 x writers.count (2000000000)");
  // With demand all but switched off the writer table itself is the largest part.
  requireRefusedWith({"writers/count=2000000000", "buyers/arrivalsPerWriterPerStep=1e-9"}, "/writers/count",
                     "the largest part is the writer table (2000000000 writers x 180 bytes");
  requireRefusedWith({"lps/count=100000000"}, "/lps/count", "the LP table");
  // A learning population keeps a learner's state per agent (and, for LPs,
  // per pool), whatever the strategy's share: 340 bytes an LP, 24 a
  // writer (measured 326 and 16 to 22 with hedge; until 2026-12-05 not
  // counted, so learning LPs used twice the estimate).
  ScenarioDef learningLps = def;
  learningLps.lps.strategies = {{"passive", 0.5, json::object()}, {"learning", 0.5, json::object()}};
  CHECK(static_cast<double>(estimateMemoryBytes(learningLps, 1) - one) == Approx(def.lps.count * 340.0).margin(2));
  ScenarioDef learningWriters = def;
  learningWriters.writers.strategies = {{"learning", 1.0, json::object()}};
  CHECK(static_cast<double>(estimateMemoryBytes(learningWriters, 1) - one) == Approx(def.writers.count * 24.0).margin(2));
  requireRefusedWith({"lps/count=50000000", R"(lps/strategies=[{"name":"learning"}])"}, "/lps/count",
                     "the LP table (50000000 LPs x 640 bytes, learners' state included)");
  // A cap alone holds nothing: the table grows to it only if that many are open.
  REQUIRE_NOTHROW(scenarioFromJson(resolvedWith({"sim/maxOpenPositions=2000000000"})));
  // A cap below the demand sizes the table.
  requireRefusedWith({"writers/count=1000000", "buyers/arrivalsPerWriterPerStep=10", "positions/tenorSteps=10000",
                      "sim/maxOpenPositions=2000000000", "writers/capital/mean=1000", "writers/capital/sd=0"},
                     "/sim/maxOpenPositions", "sim.maxOpenPositions =");
  // Demand-sized position table: 1.25 x writers x arrivals x tenor; the path names
  // the factor raised furthest above its default.
  requireRefusedWith({"writers/count=1000000", "buyers/arrivalsPerWriterPerStep=10", "positions/tenorSteps=10000"},
                     "/writers/count",
                     "1.25 x writers.count (1000000) x buyers.arrivalsPerWriterPerStep (10) x positions.tenorSteps");
  requireRefusedWith({"writers/count=20000", "positions/tenorSteps=100000"}, "/positions/tenorSteps",
                     "set sim.maxOpenPositions to cap it");
  // ... which an explicit capacity fixes.
  REQUIRE_NOTHROW(scenarioFromJson(resolvedWith({"writers/count=1000000", "buyers/arrivalsPerWriterPerStep=10",
                                                 "positions/tenorSteps=10000", "sim/maxOpenPositions=1000000",
                                                 "writers/capital/mean=1000", "writers/capital/sd=0"})));
  // Total starting money must fit the ledger's integer micro-units.
  requireRefusedWith({"lps/count=10000", "lps/capital/mean=1000000000", "lps/capital/sd=0"}, "/lps/capital/mean",
                     "total starting money");
}

TEST_CASE("overrides set nested values, array elements and params", "[scenario_json]") {
  json j = resolvedWith({"writers/theta/sd=0.3", "/pool/feeRule/name=risk-based", "market/assets/0/volAnnual=0.9",
                         R"(pool/feeRule/params={"loading":0.2})", "writers/strategies/0/params/newKey=7",
                         "lps/strategies/0/params/deep/er=x", "pool/enabled=false", "name=2024",
                         R"(description="quoted")", "market/pricingVol=fixed"});
  REQUIRE(j["writers"]["theta"]["sd"] == 0.3);
  REQUIRE(j["pool"]["feeRule"]["name"] == "risk-based");
  REQUIRE(j["market"]["assets"][0]["volAnnual"] == 0.9);
  REQUIRE(j["pool"]["feeRule"]["params"] == json{{"loading", 0.2}});
  REQUIRE(j["writers"]["strategies"][0]["params"]["newKey"] == 7);
  REQUIRE(j["lps"]["strategies"][0]["params"]["deep"]["er"] == "x");
  REQUIRE(j["pool"]["enabled"] == false);
  REQUIRE(j["name"] == "2024");  // a string field keeps the text as a string
  REQUIRE(j["description"] == "quoted");

  const ScenarioDef s = scenarioFromJson(j);
  REQUIRE(s.writers.theta.sd == 0.3);
  REQUIRE(s.pool.feeRule.name == "risk-based");
  REQUIRE(s.pool.feeRule.params["loading"] == 0.2);
  REQUIRE(s.market.assets[0].volAnnual == 0.9);
  REQUIRE(s.market.pricingVol == "fixed");
  REQUIRE_FALSE(s.pool.enabled);

  // A value that is not JSON is a plain string (then validated as usual).
  json k = resolvedWith({"writers/strategies/0/params/mode=aggressive"});
  REQUIRE(k["writers"]["strategies"][0]["params"]["mode"] == "aggressive");
  requireRefusedWith({"sim/steps=lots"}, "/sim/steps", "expected an integer, got string \"lots\"");
}

TEST_CASE("overrides start a top-level section the scenario does not have yet", "[scenario_json]") {
  // governance, pools, backstop, chains and migration are written only when
  // used; an override of one starts it (before 2026-12-04 it was refused as
  // an unknown key, with a list of valid keys that left it out).
  json j = resolvedWith({R"(governance/schedule=[{"step": 20, "set": ["pool/exitFee=0.01"]}])"});
  const ScenarioDef s = scenarioFromJson(j);
  REQUIRE(s.governance.schedule.size() == 1);
  CHECK(s.governance.schedule[0].step == 20);
  CHECK(s.governance.rules.empty());
  const ScenarioDef p = scenarioFromJson(resolvedWith({R"(pools=[{"name": "a"}, {"name": "b"}])", "backstop/capital=5"}));
  REQUIRE(p.pools.size() == 2);
  CHECK(p.backstop.capital == 5);
  json k = scenarioToJson(mutualab::makeDefaultScenario());
  auto set = [&](const std::string& a) { return [&k, a] { applyOverride(k, a); }; };
  requireInputError(set("governance/schedul=[]"), "/governance/schedul",
                    "unknown key 'schedul'; valid keys: rules, schedule (did you mean 'schedule'?)");
  requireInputError(set("pools/0/name=x"), "/pools", "the scenario has no `pools` yet; set the whole list");
  // A pool's admission and share market are not written at their defaults, but are valid keys to set.
  requireInputError(set("pool/admision/rule=var"), "/pool/admision",
                    "unknown key 'admision'; valid keys: admission, backstopCapital, enabled");
  requireInputError(set("pool/admision/rule=var"), "/pool/admision", "shareMarket, siloCollateralRatio");
  requireInputError(set("pool/admision/rule=var"), "/pool/admision", "(did you mean 'admission'?)");
  requireRefusedWith({"backstop/capital=5"}, "/backstop", "a shared backstop needs pools to serve");
  // A pool's screening menu likewise, set whole (before 2026-12-05, "unknown key 'menu'", so no sweep could
  // compare a menu against none on common random numbers).
  const ScenarioDef m = scenarioFromJson(resolvedWith({R"(pool/menu=[{"name": "full"}, {"name": "half", "coverage": 0.5}])"}));
  REQUIRE(m.pool.menu.size() == 2);
  CHECK(m.pool.menu[1].coverage == 0.5);
  const ScenarioDef pm =
      mutualab::loadScenario("preset:tiered-pools", {R"(pools/1/menu=[{"name": "x"}, {"name": "y", "coverage": 0.4}])"}).def;
  CHECK(pm.pools[1].terms.menu.size() == 2);
  CHECK(pm.pools[0].terms.menu.empty());
  requireInputError(set("pool/menu/0/name=x"), "/pool/menu", "the pool has no `menu` yet; set the whole list");
  requireInputError(set("pool/admision/rule=var"), "/pool/admision", "admission, backstopCapital, enabled, exitFee");
  requireInputError(set("pool/admision/rule=var"), "/pool/admision", "maxPositionsPerWriter, menu, minCollateralRatio");
  REQUIRE(k.dump() == scenarioToJson(mutualab::makeDefaultScenario()).dump());
}

TEST_CASE("JSON text with a NUL byte is refused, naming the source and the byte", "[scenario_json]") {
  // nlohmann's lexer ends its input at a NUL: what followed passed unread.
  requireInputError([] { parseJsonText(std::string("{\"name\": \"x\"}\0 not JSON {{{", 27), "s.json"); }, "",
                    "s.json: invalid JSON: a NUL byte (\\0) at byte offset 13 of 27; JSON text cannot hold one");
  requireInputError([] { parseJsonText(std::string("{\"name\": \"x\0\"}", 14), "s.json"); }, "", "at byte offset 11");
  CHECK(parseJsonText("{\"name\": \"x\\u0000\"}", "s.json")["name"] == std::string("x\0", 2));  // an escaped one is text
}

TEST_CASE("bad overrides are refused", "[scenario_json]") {
  json j = scenarioToJson(mutualab::makeDefaultScenario());
  auto set = [&](const std::string& a) { return [&j, a] { applyOverride(j, a); }; };
  requireInputError(set("writers/theta/sd"), "--set", "expected path=value");
  requireInputError(set("=3"), "--set", "missing the path");
  requireInputError(set("writers//count=3"), "--set", "empty segment");
  requireInputError(set("writers/tehta/sd=0.3"), "/writers/tehta",
                    "unknown key 'tehta'; valid keys: capital, costOfCapitalAnnual, count, premiumMarkup, riskAversion, "
                    "strategies, theta (did you mean 'theta'?)");
  requireInputError(set("newTop=1"), "/newTop", "unknown key 'newTop'");
  requireInputError(set("market/assets/1/volAnnual=0.9"), "/market/assets/1", "expected an array index from 0 to 0");
  requireInputError(set("market/assets/x/volAnnual=0.9"), "/market/assets/x", "got 'x'");
  requireInputError(set("writers/count/x=1"), "/writers/count/x", "cannot go inside /writers/count");
  requireInputError(set("market/correlation/0=1"), "/market/correlation/0", "the array is empty");
  requireInputError(set(R"(pool/feeRule/params={"loading":)"), "", "--set /pool/feeRule/params: invalid JSON");
  requireInputError(set("lps/strategies/0/params/new/x={bad"), "", "invalid JSON");
  // A NUL byte: the value's parser would stop there (5\0junk read as 5), a message quoting it be cut there.
  requireInputError(set(std::string("writers/count=5\0junk", 20)), "--set",
                    "a NUL byte (\\0) at byte offset 15 of \"writers/count=5\\u0000junk\"; a path or value cannot hold one");
  requireInputError(set(std::string("pool/feeRule/name=flat\0junk", 27)), "--set", "at byte offset 22");
  // Nothing was changed by the refused overrides.
  REQUIRE(j.dump() == scenarioToJson(mutualab::makeDefaultScenario()).dump());
}

#ifdef MUTUALAB_SOURCE_DIR
// The reference is what researchers read: every field needs a row, and the
// row's default must be scenario.h's default.
TEST_CASE("the scenario reference documents every field and its default", "[scenario_json]") {
  std::ifstream in(std::string(MUTUALAB_SOURCE_DIR) + "/docs/scenario-reference.md");
  REQUIRE(in);
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  const json defaults = scenarioToJson(mutualab::makeDefaultScenario());
  std::vector<std::string> paths;
  collectFieldPaths(defaults, "", paths);
  REQUIRE(paths.size() > 80);
  for (const auto& p : paths) {
    INFO("docs/scenario-reference.md, row " << p);
    const std::string rowStart = "| `" + p + "` |";
    const auto at = text.find(rowStart);
    CHECK(at != std::string::npos);
    if (at == std::string::npos) continue;
    // Cells: path | type | default | meaning | allowed
    const std::string row = text.substr(at, text.find('\n', at) - at);
    std::vector<std::string> cells;
    for (std::size_t b = 1, e; (e = row.find(" |", b)) != std::string::npos; b = e + 2) {
      cells.push_back(row.substr(b, e - b));
    }
    REQUIRE(cells.size() >= 3);
    const std::string cell = cells[2].substr(cells[2].find_first_not_of(' '));
    json value = defaults;
    for (std::size_t b = 1; b < p.size();) {
      std::size_t e = p.find('/', b);
      std::string key = p.substr(b, e == std::string::npos ? std::string::npos : e - b);
      value = key == "i" ? value[0] : value[key];
      b = e == std::string::npos ? p.size() : e + 1;
    }
    INFO("default cell: " << cell << "; scenario.h: " << value.dump());
    if (value.is_number()) {
      const auto digit = cell.find_first_of("-0123456789");
      REQUIRE(digit != std::string::npos);
      CHECK(std::stod(cell.substr(digit)) == value.get<double>());
    } else if (value.is_boolean()) {
      CHECK(cell.find(value.get<bool>() ? "true" : "false") != std::string::npos);
    } else if (value.is_string() && cell != "required") {
      CHECK(cell.find("`" + value.dump() + "`") != std::string::npos);
    }
  }
}
#endif

// Issue 12: one parameter table. Every field is a row with a human name, a
// meaning and a default inside its range, and nothing else is.
TEST_CASE("the parameter table has one row per field, each named, explained and with its default in range", "[scenario_json][fields]") {
  const json rich = parseJsonText(R"({
    "name": "rich", "market": {"assets": [{"name": "ETH", "spot": 2000, "volAnnual": 0.7}]},
    "pools": [{"name": "a", "menu": [{"name": "c", "firstLoss": 100}], "shareMarket": {"enabled": true}},
              {"name": "b", "chain": "side"}],
    "chains": [{"name": "main"}, {"name": "side"}], "migration": {"speed": 0.1},
    "shock": {"step": 5, "asset": "ETH"},
    "governance": {"schedule": [{"step": 2, "set": ["pools/0/exitFee=0.1"]}],
                   "rules": [{"name": "r", "when": "0", "set": ["pools/0/exitFee=0.2"]}]}})", "rich");
  std::vector<std::string> paths;
  collectFieldPaths(scenarioToJson(scenarioFromJson(rich)), "", paths);
  collectFieldPaths(scenarioToJson(mutualab::makeDefaultScenario()), "", paths);  // collateralRatio: a contract without firstLoss
  REQUIRE(paths.size() > 150);
  for (const auto& p : paths) {
    INFO(p);
    CHECK(findScenarioField(p) != nullptr);
  }
  std::set<std::string> seen;
  for (const auto& f : scenarioFields()) {
    INFO(f.path);
    CHECK(seen.insert(f.path).second);  // one row each
    CHECK(!f.name.empty());
    CHECK(!f.text.empty());
    CHECK(!f.type.empty());
    CHECK(!f.byDefault.empty());
    CHECK(f.name.find('_') == std::string::npos);  // a name people read, not an id
    if (f.defaultValue.is_number()) {
      const double x = f.defaultValue.get<double>();
      CHECK((f.minOpen ? x > f.min : x >= f.min));
      CHECK((f.maxOpen ? x < f.max : x <= f.max));
    }
    if (!f.choices.empty()) CHECK(std::find(f.choices.begin(), f.choices.end(), f.defaultValue.get<std::string>()) != f.choices.end());
  }
  // Concrete paths find their table row.
  REQUIRE(findScenarioField("market/assets/3/volAnnual"));
  CHECK(findScenarioField("market/assets/3/volAnnual")->path == "/market/assets/i/volAnnual");
  CHECK(findScenarioField("/pools/12/menu/0/firstLoss")->unit == "currency");
  CHECK(findScenarioField("writers/capital/mean")->name == "writer capital mean");
  CHECK(findScenarioField("writers/capital/sd")->unit == "currency");  // inherited from `capital`
  CHECK(findScenarioField("pool/feeRule/params/k") == nullptr);  // the registry's, not the scenario's
  CHECK(findScenarioField("writers") == nullptr);  // a group, not a field
}

TEST_CASE("the table's range is the validator's: just outside it is refused at the path", "[scenario_json][fields]") {
  const json base = scenarioToJson(mutualab::makeDefaultScenario());
  int probed = 0;
  for (const auto& f : scenarioFields()) {
    if ((f.type != "number" && f.type != "int") || f.path.find("/i/") != std::string::npos) continue;
    if (!base.contains(json::json_pointer(f.path))) continue;  // written only when used (shock/asset ...)
    for (const bool above : {false, true}) {
      const double edge = above ? f.max : f.min;
      if (!std::isfinite(edge)) continue;
      const bool open = above ? f.maxOpen : f.minOpen;
      const double step = f.type == "int" ? 1.0 : std::max(1e-9, std::fabs(edge) * 1e-9);
      const double outside = open ? edge : (above ? edge + step : edge - step);
      json j = base;
      j[json::json_pointer(f.path)] = outside;
      INFO(f.path << " = " << outside);
      try {
        (void)scenarioFromJson(j);
        FAIL("accepted");
      } catch (const mutualab::InputError& e) {
        CHECK(e.path() == f.path);
      }
      ++probed;
    }
  }
  CHECK(probed > 100);
}

// Issue 10: hostile inputs that crashed or misled.
TEST_CASE("JSON nested deeper than kMaxJsonDepth is refused at parse time, wherever it comes in", "[scenario_json][bad-input]") {
  auto nested = [](int depth, const std::string& leaf) {
    std::string s;
    for (int i = 0; i < depth; ++i) s += "[";
    s += leaf;
    for (int i = 0; i < depth; ++i) s += "]";
    return s;
  };
  // 100,000 levels (the stack overflowed at ~20,000 in the first audit) and just over the cap.
  for (int depth : {100000, mutualab::kMaxJsonDepth + 1}) {
    const std::string text = R"({"name": "x", "pool": {"feeRule": {"name": "flat", "params": {"deep": )" + nested(depth, "1") + "}}}}";
    try {
      (void)parseJsonText(text, "deep.json");
      FAIL("accepted " << depth << " levels");
    } catch (const InputError& e) {
      CHECK(e.path().rfind("/pool/feeRule/params/deep/0/0", 0) == 0);
      CHECK_THAT(std::string(e.what()), Catch::Contains("deeper than 64 levels"));
    }
  }
  // At the cap it parses.
  CHECK(parseJsonText(nested(mutualab::kMaxJsonDepth, "1"), "ok").is_array());
  // Through --set: a deep value is refused, not stored.
  json j = scenarioToJson(mutualab::makeDefaultScenario());
  try {
    applyOverride(j, "pool/feeRule/params/deep=" + nested(100000, "1"));
    FAIL("accepted a deep --set value");
  } catch (const InputError& e) {
    CHECK(e.path().rfind("/0/0", 0) == 0);
    CHECK_THAT(std::string(e.what()), Catch::Contains("--set /pool/feeRule/params/deep nests arrays and objects deeper than"));
  }
  CHECK(!j["pool"]["feeRule"]["params"].contains("deep"));
  CHECK(mutualab::parseJsonOrDiscarded(nested(100000, "1")).is_discarded());
}

TEST_CASE("scenario names that would leave the output folder are refused", "[scenario_json][bad-input]") {
  for (const char* name : {"../../x", "a/b", "..", ".", "a\\b", "tab\there"}) {
    json j = scenarioToJson(mutualab::makeDefaultScenario());
    j["name"] = name;
    requireRefused(j, "/name", "");
  }
  json j = scenarioToJson(mutualab::makeDefaultScenario());
  j["name"] = std::string(101, 'x');
  requireRefused(j, "/name", "at most 100 characters");
  j["name"] = "akerlof flat-fee (v2)";  // spaces and brackets are fine
  CHECK(scenarioFromJson(j).name == "akerlof flat-fee (v2)");
}

TEST_CASE("durations and rates have sensible lower bounds", "[scenario_json][bad-input]") {
  requireRefusedWith({"sim/stepDays=1e-320"}, "/sim/stepDays", "[0.001, 366]");
  requireRefusedWith({"market/assets/0/volAnnual=1e-300"}, "/market/assets/0/volAnnual", "[0.001, 10]");
  requireRefusedWith({"lps/yieldHalfLifeSteps=1e-300"}, "/lps/yieldHalfLifeSteps", "[0.1, 100000]");
  requireRefusedWith({"market/regime/stressVolMultiplier=1e-300"}, "/market/regime/stressVolMultiplier", "[0.01, 100]");
}

TEST_CASE("messages keep JSON-pointer escaping of keys with '/' or '~'", "[scenario_json][bad-input]") {
  json j = scenarioToJson(mutualab::makeDefaultScenario());
  applyOverride(j, "pool/feeRule/params/a~1b=1");
  CHECK(j["pool"]["feeRule"]["params"].contains("a/b"));
  const mutualab::ScenarioDef def = scenarioFromJson(j);
  requireInputError([&] { (void)mutualab::makeFeeRule(def.pool.feeRule); }, "/pool/feeRule/params/a~1b", "unknown parameter 'a/b'");
  json k = scenarioToJson(mutualab::makeDefaultScenario());
  requireInputError([&] { applyOverride(k, "writers/x~0y=1"); }, "/writers/x~0y", "unknown key 'x~y'");
}

TEST_CASE("text that is not UTF-8 is refused at the door, since it could not be written back as JSON", "[scenario_json][bad-input]") {
  using mutualab::validUtf8;
  CHECK(validUtf8("plain ascii"));
  CHECK(validUtf8("\xC3\xBC\xE2\x82\xAC\xF0\x9F\x98\x80"));  // ü € 😀
  CHECK_FALSE(validUtf8("\xFF"));
  CHECK_FALSE(validUtf8("\xC3"));              // cut short
  CHECK_FALSE(validUtf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(validUtf8("\xE0\x80\xAF"));      // overlong, three bytes
  CHECK_FALSE(validUtf8("\xED\xA0\x80"));      // a UTF-16 surrogate
  CHECK_FALSE(validUtf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
  CHECK_FALSE(validUtf8("a\x80z"));            // a lone continuation byte
  json j = scenarioToJson(mutualab::makeDefaultScenario());
  requireInputError([&] { applyOverride(j, "description=caf\xE9"); }, "--set", "not valid UTF-8");
  requireInputError([&] { applyOverride(j, "pool/feeRule/params/\xFF=1"); }, "--set", "not valid UTF-8");
  REQUIRE(j.dump() == scenarioToJson(mutualab::makeDefaultScenario()).dump());
  applyOverride(j, "description=caf\xC3\xA9");
  CHECK(j["description"] == "caf\xC3\xA9");
}

TEST_CASE("a market with no buyers is refused at its path", "[scenario_json][bad-input]") {
  mutualab::testing::requireInputError([] { mutualab::scenarioFromJson({{"name", "x"}, {"buyers", {{"arrivalsPerWriterPerStep", 0}}}}); },
                             "/buyers/arrivalsPerWriterPerStep", "a market with no buyers");
}
