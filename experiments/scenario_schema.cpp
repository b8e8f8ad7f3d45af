// Decorates core's structural schema: descriptions from the parameter table
// (experiments/field_table.h), and a
// `name` enum plus per-name `params` (if/then, which draft-07 editors follow)
// wherever a registry entry is named. Registry params come from each entry's
// parameter table (core/param_spec.h): type, default, range, choices and
// meaning; what an entry checks beyond its table (a ladder's order, a
// formula's syntax) only `mutualab validate` sees.
#include "experiments/scenario_schema.h"

#include <cmath>
#include <string>

#include "agents/learning/learner.h"
#include "agents/registry.h"
#include "core/fee_rules.h"
#include "core/scenario_json.h"
#include "experiments/field_table.h"

namespace mutualab {
namespace {

using json = nlohmann::json;

const char* jsonType(ParamType type) {
  switch (type) {
    case ParamType::number: return "number";
    case ParamType::integer: return "integer";
    case ParamType::flag: return "boolean";
    case ParamType::choice:
    case ParamType::text: return "string";
    case ParamType::list: return "array";
    case ParamType::object: return "object";
  }
  return "object";
}

// A bound as JSON: an integer's as an integer.
json bound(const ParamSpec& p, double x) {
  if (p.type == ParamType::integer) return static_cast<long long>(x);
  return x;
}

json learnerSchema(const json& defaultLearner);

json paramSchema(const ParamSpec& p) {
  if (p.type == ParamType::object && p.key == "learner") return learnerSchema(p.defaultValue);
  json s = {{"type", jsonType(p.type)},
            {"default", p.defaultValue},
            {"description", p.unit.empty() ? p.description : p.description + "; unit: " + p.unit}};
  if (p.type == ParamType::choice) s["enum"] = p.options;
  if (p.type == ParamType::number || p.type == ParamType::integer) {
    if (std::isfinite(p.range.lo)) s[p.range.loOpen ? "exclusiveMinimum" : "minimum"] = bound(p, p.range.lo);
    if (std::isfinite(p.range.hi)) s[p.range.hiOpen ? "exclusiveMaximum" : "maximum"] = bound(p, p.range.hi);
  }
  return s;
}

// Every parameter of the table; no others (Params refuses unknown keys).
json paramsSchema(const ParamTable& table) {
  json props = json::object();
  for (const ParamSpec& p : table) props[p.key] = paramSchema(p);
  return {{"type", "object"}, {"properties", std::move(props)}, {"additionalProperties", false}};
}

// {name, params}: `name` one of `names`, and `params` as the named entry's.
template <class Table>
json namedEntry(json schema, const Table& table, const char* what) {
  json names = json::array();
  json branches = json::array();
  for (const auto& entry : table) {
    names.push_back(entry.name);
    branches.push_back({{"if", {{"properties", {{"name", {{"const", entry.name}}}}}, {"required", {"name"}}}},
                        {"then", {{"description", entry.description},
                                  {"properties", {{"params", paramsSchema(entry.params)}}}}}});
  }
  json& name = schema["properties"]["name"];
  name["enum"] = std::move(names);
  if (!name.contains("description")) name["description"] = std::string("the ") + what + "'s registry name";
  schema["allOf"] = std::move(branches);
  return schema;
}

json learnerSchema(const json& defaultLearner) {
  json schema = {{"type", "object"},
                 {"description", "the learner and its params (mutualab learners; docs/learning.md)"},
                 {"properties", {{"name", {{"type", "string"}, {"default", defaultLearner.value("name", "")}}},
                                 {"params", {{"type", "object"}, {"default", json::object()}}}}},
                 {"required", {"name"}},
                 {"additionalProperties", false}};
  return namedEntry(std::move(schema), learners(), "learner");
}

// The parameter table's words for a field (core's field lists).
std::string descriptionOf(const std::string& path) {
  const FieldInfo* f = findScenarioField(path);
  return f ? fieldDescription(*f) : std::string();
}

void decorate(json& s, const std::string& path) {
  if (!path.empty())
    if (std::string text = descriptionOf(path); !text.empty()) s["description"] = std::move(text);
  if (s.contains("properties"))
    for (auto& [key, child] : s["properties"].items()) decorate(child, path + "/" + key);
  if (s.value("type", "") == "array" && s.contains("items") && s["items"].value("type", "") == "object")
    decorate(s["items"], path + "/i");
  const std::string leaf = path.substr(path.rfind('/') + 1);
  if (leaf == "feeRule") s = namedEntry(std::move(s), feeRules(), "fee rule");
  if (path == "/writers/strategies/i") s = namedEntry(std::move(s), writerStrategies(), "writer strategy");
  if (path == "/lps/strategies/i") s = namedEntry(std::move(s), lpStrategies(), "LP strategy");
}

}  // namespace

json scenarioSchema() {
  json fields = scenarioFieldSchema();
  decorate(fields, "");
  json schema = {
      {"$schema", "http://json-schema.org/draft-07/schema#"},
      {"title", "mutualab scenario"},
      {"description",
       "A mutualab scenario (docs/scenario-reference.md). Generated by `mutualab schema`; do not edit. "
       "It checks types, keys, required fields, ranges, registry names and registry params (types, ranges, "
       "choices). `mutualab validate` checks more: rules across fields (shares summing to 1, Beta and lognormal "
       "spreads, correlation matrices, pool, asset and chain names, menus, governance, memory and money limits) "
       "and what a registry entry checks beyond its parameter table (a bonus-malus ladder's order, a formula's "
       "syntax, a learner's decay floors)."}};
  schema.update(fields);
  return schema;
}

}  // namespace mutualab
