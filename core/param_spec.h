// One parameter of a registry entry (a fee rule, a strategy, a learner),
// declared once in the entry's table: key, type, default, range or choices,
// unit and a one-line meaning. Everything else is generated from the table:
// Params validates against it (core/params.h), an entry's defaults are
// derived from it, and the CLI's listings (`mutualab fee-rules`,
// `strategies`, `learners`) and the JSON Schema (`mutualab schema`) print it.
#pragma once

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace mutualab {

enum class ParamType {
  number,   // a finite double in its range
  integer,  // a JSON integer (3, not 3.0) in its range
  flag,     // true or false
  choice,   // one of `options` (the entry reads its index)
  text,     // a string the entry checks itself (formula's `fee`)
  list,     // an array the entry checks itself (bonus-malus's `classes`)
  object,   // an object the entry checks itself (a learning strategy's `learner`)
};

// A number's allowed interval; an open end excludes its bound.
struct ParamRange {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool loOpen = false;
  bool hiOpen = false;

  bool contains(double x) const { return (loOpen ? x > lo : x >= lo) && (hiOpen ? x < hi : x <= hi); }
  // "in [0, 10]", "in (0, 1]", ">= 0", "any" (as the scenario validator words ranges).
  std::string text() const;
};

struct ParamSpec {
  std::string key;
  ParamType type = ParamType::number;
  nlohmann::json defaultValue;       // a double for numbers, an int for integers (JSON keeps the difference)
  ParamRange range;                  // number and integer
  std::vector<std::string> options;  // choice
  std::string unit;                  // "" for a pure number or a share
  std::string description;           // one line: what it means, for listings and the schema
};

using ParamTable = std::vector<ParamSpec>;

// Every key with its default: what a run resolves when no params are given.
nlohmann::json paramDefaults(const ParamTable& table);

// "number", "integer", "flag", "choice", "text", "list", "object".
const char* paramTypeName(ParamType type);

// What a value may be, for listings: "[0, 10]", "expected | experience",
// "true/false", "a string", ...
std::string paramAllowedText(const ParamSpec& spec);

// Builders that keep a table one line per parameter, e.g.
//   param::number("k", 20.0, param::closed(1e-9, 1e9), "positions", "Buhlmann k: ...")
namespace param {

inline ParamRange closed(double lo, double hi) { return {lo, hi, false, false}; }
inline ParamRange openClosed(double lo, double hi) { return {lo, hi, true, false}; }
inline ParamRange closedOpen(double lo, double hi) { return {lo, hi, false, true}; }
inline ParamRange open(double lo, double hi) { return {lo, hi, true, true}; }

inline ParamSpec number(std::string key, double byDefault, ParamRange range, std::string unit, std::string description) {
  return {std::move(key), ParamType::number, byDefault, range, {}, std::move(unit), std::move(description)};
}
inline ParamSpec integer(std::string key, int byDefault, int lo, int hi, std::string unit, std::string description) {
  return {std::move(key), ParamType::integer, byDefault, closed(lo, hi), {}, std::move(unit), std::move(description)};
}
inline ParamSpec flag(std::string key, bool byDefault, std::string description) {
  return {std::move(key), ParamType::flag, byDefault, {}, {}, "", std::move(description)};
}
inline ParamSpec choice(std::string key, std::string byDefault, std::vector<std::string> options,
                        std::string description) {
  return {std::move(key), ParamType::choice, std::move(byDefault), {}, std::move(options), "", std::move(description)};
}
inline ParamSpec text(std::string key, std::string byDefault, std::string description) {
  return {std::move(key), ParamType::text, std::move(byDefault), {}, {}, "", std::move(description)};
}
inline ParamSpec list(std::string key, nlohmann::json byDefault, std::string unit, std::string description) {
  return {std::move(key), ParamType::list, std::move(byDefault), {}, {}, std::move(unit), std::move(description)};
}
inline ParamSpec object(std::string key, nlohmann::json byDefault, std::string description) {
  return {std::move(key), ParamType::object, std::move(byDefault), {}, {}, "", std::move(description)};
}

}  // namespace param
}  // namespace mutualab
