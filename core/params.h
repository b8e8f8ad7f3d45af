// Reads a registry entry's parameters (fee rules, strategies, learners) from
// JSON against the entry's table (core/param_spec.h): the constructor fills
// in defaults and refuses unknown keys, wrong types, values out of range and
// unknown choices, each with its JSON path; make() then reads the values by
// key. Used once when a run is built, never in a step.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/param_spec.h"

namespace mutualab {

class Params {
 public:
  // given: the user's params object (null = none); table: the entry's
  // parameters; path: JSON pointer of the params object (for messages).
  Params(const nlohmann::json& given, ParamTable table, std::string path);

  // The checked values. Asking for a key the table lacks, or as another
  // type, is a bug in the entry (std::logic_error), not bad input.
  double number(const char* key) const;
  int integer(const char* key) const;
  bool flag(const char* key) const;
  int choice(const char* key) const;  // the index of the value in the spec's options
  std::string text(const char* key) const;
  // A list or object, whose contents the entry checks itself.
  const nlohmann::json& raw(const char* key) const;

  const std::string& path() const { return path_; }
  // JSON pointer of one parameter, for the entry's own checks.
  std::string pathOf(std::string_view key) const;

  // The params with defaults filled in (what the run actually used).
  const nlohmann::json& resolved() const { return resolved_; }

 private:
  const nlohmann::json& value(const char* key, ParamType type) const;
  void check(const ParamSpec& spec, const nlohmann::json& v) const;
  ParamTable table_;
  nlohmann::json resolved_;
  std::string path_;
};

}  // namespace mutualab
