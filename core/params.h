// Reads a registry entry's parameters (fee rules, strategies) from JSON with
// its defaults, refusing unknown keys, wrong types and out-of-range values
// with the JSON path. Used once when a run is built, never in a step.
#pragma once

#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

namespace mutualab {

class Params {
 public:
  // given: the user's params object; defaults: every valid key with its default;
  // path: JSON pointer of the params object (for messages).
  Params(const nlohmann::json& given, const nlohmann::json& defaults, std::string path);

  // A finite number in [lo, hi].
  double number(const char* key, double lo, double hi) const;
  // An integer in [lo, hi].
  int integer(const char* key, int lo, int hi) const;
  bool flag(const char* key) const;
  // One of `options`; returns its index.
  int choice(const char* key, std::initializer_list<const char*> options) const;

  // A raw value (for nested objects the caller checks itself).
  const nlohmann::json& raw(const char* key) const { return value(key); }
  const std::string& path() const { return path_; }

  // The params with defaults filled in (what the run actually used).
  const nlohmann::json& resolved() const { return resolved_; }

 private:
  const nlohmann::json& value(const char* key) const;
  nlohmann::json resolved_;
  std::string path_;
};

}  // namespace mutualab
