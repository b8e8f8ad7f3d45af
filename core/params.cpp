#include "core/params.h"

#include <cmath>
#include <sstream>

#include "core/errors.h"
#include "core/scenario_json.h"

namespace mutualab {

namespace {
std::string fmt(double v) {
  std::ostringstream o;
  o << v;
  return o.str();
}
}  // namespace

Params::Params(const nlohmann::json& given, const nlohmann::json& defaults, std::string path)
    : resolved_(defaults), path_(std::move(path)) {
  if (!given.is_null() && !given.is_object())
    throw InputError(path_, "expected an object of parameters, got " + std::string(given.type_name()));
  if (given.is_null()) return;
  for (auto it = given.begin(); it != given.end(); ++it) {
    if (!defaults.contains(it.key())) {
      std::string valid;
      for (auto d = defaults.begin(); d != defaults.end(); ++d) valid += (valid.empty() ? "" : ", ") + d.key();
      throw InputError(path_ + "/" + escapeToken(it.key()),
                       "unknown parameter '" + it.key() + "'; valid: " + (valid.empty() ? "(none)" : valid));
    }
    resolved_[it.key()] = it.value();
  }
}

const nlohmann::json& Params::value(const char* key) const { return resolved_.at(key); }

double Params::number(const char* key, double lo, double hi) const {
  const auto& v = value(key);
  const std::string p = path_ + "/" + escapeToken(key);
  if (!v.is_number()) throw InputError(p, "expected a number, got " + std::string(v.type_name()) + " " + v.dump());
  const double d = v.get<double>();
  if (!std::isfinite(d)) throw InputError(p, "must be a finite number, got " + fmt(d));
  if (d < lo || d > hi) throw InputError(p, "must be in [" + fmt(lo) + ", " + fmt(hi) + "], got " + fmt(d));
  return d;
}

int Params::integer(const char* key, int lo, int hi) const {
  const auto& v = value(key);
  const std::string p = path_ + "/" + escapeToken(key);
  if (!v.is_number_integer()) throw InputError(p, "expected an integer, got " + v.dump());
  const auto i = v.get<long long>();
  if (i < lo || i > hi) throw InputError(p, "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + std::to_string(i));
  return static_cast<int>(i);
}

bool Params::flag(const char* key) const {
  const auto& v = value(key);
  if (!v.is_boolean()) throw InputError(path_ + "/" + escapeToken(key), "expected true or false, got " + v.dump());
  return v.get<bool>();
}



int Params::choice(const char* key, std::initializer_list<const char*> options) const {
  const auto& v = value(key);
  std::string valid;
  for (const char* o : options) valid += (valid.empty() ? "" : ", ") + std::string(o);
  if (!v.is_string()) throw InputError(path_ + "/" + escapeToken(key), "expected one of " + valid + ", got " + v.dump());
  int i = 0;
  for (const char* o : options) {
    if (v.get<std::string>() == o) return i;
    ++i;
  }
  throw InputError(path_ + "/" + escapeToken(key), "expected one of " + valid + ", got " + v.dump());
}

}  // namespace mutualab
