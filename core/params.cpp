#include "core/params.h"

#include <cmath>
#include <stdexcept>

#include "core/errors.h"
#include "core/format_number.h"
#include "core/scenario_json.h"
#include "core/suggest.h"

namespace mutualab {

namespace {

// "string \"high\"", "number 1.5", "boolean true", "null", "array [1,2]".
std::string describe(const nlohmann::json& v) {
  std::string text = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > 80) text = text.substr(0, 80) + "...";
  if (v.is_number_float()) text = shortestNumber(v.get<double>());
  const char* type = v.is_number() ? "number" : v.is_array() ? "array" : v.type_name();
  return v.is_null() ? "null" : std::string(type) + " " + text;
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

// " (did you mean 'x'?)" or "".
std::string suggestion(const std::string& name, const std::vector<std::string>& valid) {
  const std::string near = nearestName(name, valid);
  return near.empty() ? "" : " (did you mean '" + near + "'?)";
}

}  // namespace

Params::Params(const nlohmann::json& given, ParamTable table, std::string path)
    : table_(std::move(table)), resolved_(paramDefaults(table_)), path_(std::move(path)) {
  if (!given.is_null() && !given.is_object())
    throw InputError(path_, "expected an object of parameters, got " + describe(given));
  if (given.is_object()) {
    std::vector<std::string> keys;
    for (const ParamSpec& s : table_) keys.push_back(s.key);
    for (auto it = given.begin(); it != given.end(); ++it) {
      if (!resolved_.contains(it.key()))
        throw InputError(pathOf(it.key()), "unknown parameter '" + it.key() + "'; valid: " +
                                                       (keys.empty() ? "(none)" : joined(keys)) +
                                                       suggestion(it.key(), keys));
      resolved_[it.key()] = it.value();
    }
  }
  // In table order, which is the order make() reads them in.
  for (const ParamSpec& s : table_) check(s, resolved_.at(s.key));
}

std::string Params::pathOf(std::string_view key) const { return path_ + "/" + escapeToken(std::string(key)); }

void Params::check(const ParamSpec& s, const nlohmann::json& v) const {
  const std::string at = pathOf(s.key);
  switch (s.type) {
    case ParamType::number: {
      if (!v.is_number()) throw InputError(at, "expected a number, got " + describe(v));
      const double d = v.get<double>();
      if (!std::isfinite(d)) throw InputError(at, "must be a finite number, got " + shortestNumber(d));
      if (!s.range.contains(d)) throw InputError(at, "must be " + s.range.text() + ", got " + shortestNumber(d));
      return;
    }
    case ParamType::integer:
      if (!v.is_number_integer()) throw InputError(at, "expected an integer, got " + describe(v));
      // As a double: exact in any int's range, and no wrap-around beyond it.
      if (!s.range.contains(v.get<double>()))
        throw InputError(at, "must be an integer " + s.range.text() + ", got " + v.dump());
      return;
    case ParamType::flag:
      if (!v.is_boolean()) throw InputError(at, "expected true or false, got " + describe(v));
      return;
    case ParamType::choice: {
      const std::string valid = joined(s.options);
      if (!v.is_string()) throw InputError(at, "expected one of " + valid + ", got " + describe(v));
      for (const auto& o : s.options)
        if (v.get<std::string>() == o) return;
      throw InputError(at, "expected one of " + valid + ", got " + describe(v) +
                               suggestion(v.get<std::string>(), s.options));
    }
    case ParamType::text:
      if (!v.is_string()) throw InputError(at, "expected a string (" + s.description + "), got " + describe(v));
      return;
    case ParamType::list:
      if (!v.is_array()) throw InputError(at, "expected a list (" + s.description + "), got " + describe(v));
      return;
    case ParamType::object:
      if (!v.is_object()) throw InputError(at, "expected an object (" + s.description + "), got " + describe(v));
      return;
  }
}

const nlohmann::json& Params::value(const char* key, ParamType type) const {
  for (const ParamSpec& s : table_)
    if (s.key == key) {
      if (s.type != type)
        throw std::logic_error(path_ + ": parameter '" + s.key + "' is a " + paramTypeName(s.type) + ", read as a " +
                               paramTypeName(type));
      return resolved_.at(s.key);
    }
  throw std::logic_error(path_ + ": no parameter '" + std::string(key) + "' in the entry's table");
}

double Params::number(const char* key) const { return value(key, ParamType::number).get<double>(); }
int Params::integer(const char* key) const { return value(key, ParamType::integer).get<int>(); }
bool Params::flag(const char* key) const { return value(key, ParamType::flag).get<bool>(); }
std::string Params::text(const char* key) const { return value(key, ParamType::text).get<std::string>(); }

int Params::choice(const char* key) const {
  const std::string v = value(key, ParamType::choice).get<std::string>();
  for (const ParamSpec& s : table_)
    if (s.key == key)
      for (std::size_t i = 0; i < s.options.size(); ++i)
        if (s.options[i] == v) return static_cast<int>(i);
  return -1;  // unreachable: the constructor checked the value
}

const nlohmann::json& Params::raw(const char* key) const {
  for (const ParamSpec& s : table_)
    if (s.key == key) {
      if (s.type != ParamType::list && s.type != ParamType::object)
        throw std::logic_error(path_ + ": parameter '" + s.key + "' is a " + paramTypeName(s.type) + ", read raw");
      return resolved_.at(s.key);
    }
  throw std::logic_error(path_ + ": no parameter '" + std::string(key) + "' in the entry's table");
}

}  // namespace mutualab
