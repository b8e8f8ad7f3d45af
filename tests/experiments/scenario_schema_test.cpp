// The scenario JSON Schema (experiments/scenario_schema.cpp): the committed
// docs/scenario.schema.json is exactly what `mutualab schema` prints, every
// preset passes it, bad scenarios fail it where the validator fails them, and
// its descriptions are the parameter table's (core's field lists).
//
// The checker below covers the subset of draft-07 the schema uses (type,
// properties, required, additionalProperties, enum, const, minimum/maximum,
// exclusive bounds, minLength, items, minItems/maxItems, oneOf, allOf,
// if/then); a keyword it does not know fails the test, so the schema cannot
// grow past what is checked here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/scenario_json.h"
#include "experiments/load_scenario.h"
#include "experiments/presets.h"
#include "experiments/registry_defaults.h"
#include "experiments/scenario_schema.h"

using namespace mutualab;
using json = nlohmann::json;

namespace {

const std::set<std::string> kKnownKeywords = {
    "$schema", "title", "description", "default", "type", "properties", "required", "additionalProperties",
    "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "items",
    "minItems", "maxItems", "oneOf", "allOf", "if", "then"};

bool hasType(const json& v, const std::string& t) {
  if (t == "object") return v.is_object();
  if (t == "array") return v.is_array();
  if (t == "string") return v.is_string();
  if (t == "boolean") return v.is_boolean();
  if (t == "number") return v.is_number();
  if (t == "integer") return v.is_number_integer() || (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
  if (t == "null") return v.is_null();
  FAIL("unknown type " << t);
  return false;
}

// Appends "POINTER: what" for each failure of `v` against `s`.
void check(const json& v, const json& s, const std::string& at, std::vector<std::string>& errors) {
  for (auto it = s.begin(); it != s.end(); ++it)
    if (kKnownKeywords.count(it.key()) == 0) FAIL("the schema uses " << it.key() << " at " << at << ", which this checker does not know");
  auto fail = [&](const std::string& where, const std::string& what) { errors.push_back(where + ": " + what); };
  if (s.contains("type") && !hasType(v, s["type"].get<std::string>())) return fail(at, "not " + s["type"].get<std::string>());
  if (s.contains("enum") && std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end()) fail(at, "not in enum");
  if (s.contains("const") && v != s["const"]) fail(at, "not the const");
  if (v.is_number()) {
    const double x = v.get<double>();
    if (s.contains("minimum") && !(x >= s["minimum"].get<double>())) fail(at, "below minimum");
    if (s.contains("maximum") && !(x <= s["maximum"].get<double>())) fail(at, "above maximum");
    if (s.contains("exclusiveMinimum") && !(x > s["exclusiveMinimum"].get<double>())) fail(at, "not above exclusiveMinimum");
    if (s.contains("exclusiveMaximum") && !(x < s["exclusiveMaximum"].get<double>())) fail(at, "not below exclusiveMaximum");
  }
  if (v.is_string() && s.contains("minLength") && v.get<std::string>().size() < s["minLength"].get<std::size_t>())
    fail(at, "too short");
  if (v.is_object()) {
    for (const auto& r : s.value("required", json::array()))
      if (!v.contains(r.get<std::string>())) fail(at + "/" + r.get<std::string>(), "required");
    const json props = s.value("properties", json::object());
    for (const auto& [key, child] : v.items()) {
      if (props.contains(key)) check(child, props[key], at + "/" + key, errors);
      else if (s.contains("additionalProperties") && !s["additionalProperties"].get<bool>()) fail(at + "/" + key, "unknown key");
    }
  }
  if (v.is_array()) {
    if (s.contains("minItems") && v.size() < s["minItems"].get<std::size_t>()) fail(at, "too few items");
    if (s.contains("maxItems") && v.size() > s["maxItems"].get<std::size_t>()) fail(at, "too many items");
    if (s.contains("items"))
      for (std::size_t i = 0; i < v.size(); ++i) check(v[i], s["items"], at + "/" + std::to_string(i), errors);
  }
  for (const auto& branch : s.value("allOf", json::array())) check(v, branch, at, errors);
  if (s.contains("oneOf")) {
    int matches = 0;
    for (const auto& branch : s["oneOf"]) {
      std::vector<std::string> e;
      check(v, branch, at, e);
      matches += e.empty();
    }
    if (matches != 1) fail(at, "matches " + std::to_string(matches) + " of oneOf");
  }
  if (s.contains("if")) {
    std::vector<std::string> e;
    check(v, s["if"], at, e);
    if (e.empty() && s.contains("then")) check(v, s["then"], at, errors);
  }
}

std::vector<std::string> problems(const json& scenario) {
  static const json schema = scenarioSchema();
  std::vector<std::string> errors;
  check(scenario, schema, "", errors);
  return errors;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The first failure's pointer, or "" when the scenario passes.
std::string firstProblemAt(const json& scenario) {
  const auto errors = problems(scenario);
  if (errors.empty()) return "";
  return errors.front().substr(0, errors.front().find(": "));
}

}  // namespace

TEST_CASE("docs/scenario.schema.json is what mutualab schema prints", "[schema]") {
  const std::string committed = readFile(std::string(MUTUALAB_SOURCE_DIR) + "/docs/scenario.schema.json");
  const std::string now = scenarioSchema().dump(2) + "\n";
  INFO("regenerate it: build/release/mutualab schema > docs/scenario.schema.json");
  CHECK(committed == now);
}

TEST_CASE("every preset passes the schema, as written, resolved and with registry defaults", "[schema][presets]") {
  for (const auto& p : embeddedPresets()) {
    INFO("preset:" << p.name);
    const LoadedScenario sc = loadScenario(std::string("preset:") + p.name);
    CHECK(problems(parseJsonText(p.json, p.name)) == std::vector<std::string>{});
    CHECK(problems(sc.resolved) == std::vector<std::string>{});
    CHECK(problems(withRegistryDefaults(sc.resolved)) == std::vector<std::string>{});
  }
}

TEST_CASE("bad scenarios fail the schema at the pointer the validator names", "[schema][bad-input]") {
  const json base = scenarioToJson(loadScenario("preset:tiered-pools").def);
  REQUIRE(problems(base).empty());
  struct Case {
    const char* set;
    const char* at;
  };
  const Case cases[] = {
      {"writers/theta/sd=-1", "/writers/theta/sd"},          // below a closed bound
      {"market/ewmaLambda=1", "/market/ewmaLambda"},        // at an open bound
      {"sim/steps=1.5", "/sim/steps"},                      // not an integer
      {"market/pricingVol=garch", "/market/pricingVol"},    // not a choice
      {"pools/1/feeRule/name=flatt", "/pools/1/feeRule/name"},  // not a registry name
      {"pools/1/feeRule/params/loadng=0.1", "/pools/1/feeRule/params/loadng"},  // not the rule's param
      {"writers/strategies/0/params/minProfitt=0", "/writers/strategies/0/params/minProfitt"},
      {"lps/strategies/0/name=yield-chasr", "/lps/strategies/0/name"},
      {"name=\"\"", "/name"},                               // empty
  };
  for (const Case& c : cases) {
    INFO(c.set);
    json bad = base;
    applyOverride(bad, c.set);
    CHECK(firstProblemAt(bad) == c.at);
  }
  // A registry param's range, type and choices come from its entry's table.
  const std::vector<std::pair<std::vector<const char*>, const char*>> registry = {
      {{"pools/1/feeRule/params/alpha=0"}, "/pools/1/feeRule/params/alpha"},  // below the table's minimum
      {{"pools/1/feeRule/params/calibrate=1"}, "/pools/1/feeRule/params/calibrate"},  // not a flag
      {{"pools/1/feeRule/name=flat", "pools/1/feeRule/params/basis=fixd"}, "/pools/1/feeRule/params/basis"},  // not a choice
      {{"pools/1/feeRule/name=bonus-malus", "pools/1/feeRule/params/startClass=1.5"}, "/pools/1/feeRule/params/startClass"},
      {{"writers/strategies/0/name=learning",
        R"(writers/strategies/0/params/learner={"name": "hedge", "params": {"eta": -1}})"},
       "/writers/strategies/0/params/learner/params/eta"},
  };
  for (const auto& [sets, at] : registry) {
    INFO(sets.back());
    json bad = base;
    for (const char* set : sets) applyOverride(bad, set);
    CHECK(firstProblemAt(bad) == at);
    std::vector<std::string> given(sets.begin(), sets.end());
    CHECK_THROWS_AS(loadScenario("preset:tiered-pools", given), InputError);  // as the validator does
  }
  json unknown = base;
  unknown["writers"]["tehta"] = 0.5;
  CHECK(firstProblemAt(unknown) == "/writers/tehta");
  json noPools = base;
  noPools["pools"] = json::array();
  CHECK(firstProblemAt(noPools) == "/pools");
  json missing = base;
  missing.erase("name");
  CHECK(firstProblemAt(missing) == "/name");
}

TEST_CASE("a scenario may name its schema with $schema, which mutualab ignores", "[schema]") {
  json j = {{"$schema", "../docs/scenario.schema.json"}, {"name", "x"}};
  CHECK(problems(j).empty());
  CHECK(scenarioToJson(scenarioFromJson(j)) == scenarioToJson(scenarioFromJson({{"name", "x"}})));
}

TEST_CASE("the schema's descriptions are the parameter table's", "[schema][docs]") {
  const json schema = scenarioSchema();
  const json& steps = schema["properties"]["sim"]["properties"]["steps"];
  CHECK(steps["description"] == "length of the run T (unit: steps). Allowed: [1, 100000]");
  // A pools entry's term says what the pool's term says.
  const json& entry = schema["properties"]["pools"]["items"]["properties"];
  CHECK(entry["exitFee"]["description"] == schema["properties"]["pool"]["properties"]["exitFee"]["description"]);
  CHECK_THAT(entry["exitFee"]["description"].get<std::string>(), Catch::Contains("withdrawal"));
}

TEST_CASE("every field of the schema has a description", "[schema][docs]") {
  std::vector<std::string> missing;
  std::function<void(const json&, const std::string&)> walk = [&](const json& s, const std::string& at) {
    if (s.contains("properties"))
      for (const auto& [key, child] : s["properties"].items()) {
        const bool leaf = !child.contains("properties") && child.value("type", "") != "array";
        if (leaf && !child.contains("description")) missing.push_back(at + "/" + key);
        walk(child, at + "/" + key);
      }
    if (s.contains("items")) walk(s["items"], at + "/i");
  };
  walk(scenarioSchema(), "");
  CHECK(missing == std::vector<std::string>{});
}
