#include "core/param_spec.h"

#include <cmath>
#include <cstdio>

#include "core/format_number.h"

namespace mutualab {

namespace {

// A range's bound as people write it: "0.01", "100000", "1e-9", "1e12".
std::string bound(double x) {
  if (x != 0 && (std::fabs(x) >= 1e6 || std::fabs(x) < 1e-4)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    std::string s = buf;  // "1e+12", "1e-09"
    if (const auto e = s.find('e'); e != std::string::npos) {
      std::string mantissa = s.substr(0, e), exponent = s.substr(e + 1);
      const bool negative = exponent[0] == '-';
      exponent.erase(0, exponent.find_first_not_of("+-0"));
      return mantissa + "e" + (negative ? "-" : "") + exponent;
    }
    return s;
  }
  return shortestNumber(x);
}

// "[0, 10]", "(0, 1]", ">= 0", "< 1", "any".
std::string interval(const ParamRange& r) {
  const bool lo = std::isfinite(r.lo), hi = std::isfinite(r.hi);
  if (lo && hi)
    return std::string(r.loOpen ? "(" : "[") + bound(r.lo) + ", " + bound(r.hi) + (r.hiOpen ? ")" : "]");
  if (lo) return std::string(r.loOpen ? "> " : ">= ") + bound(r.lo);
  if (hi) return std::string(r.hiOpen ? "< " : "<= ") + bound(r.hi);
  return "any";
}

}  // namespace

std::string ParamRange::text() const {
  const std::string i = interval(*this);
  if (i == "any") return "any number";
  return i[0] == '[' || i[0] == '(' ? "in " + i : i;
}

nlohmann::json paramDefaults(const ParamTable& table) {
  nlohmann::json out = nlohmann::json::object();
  for (const ParamSpec& p : table) out[p.key] = p.defaultValue;
  return out;
}

const char* paramTypeName(ParamType type) {
  switch (type) {
    case ParamType::number: return "number";
    case ParamType::integer: return "integer";
    case ParamType::flag: return "flag";
    case ParamType::choice: return "choice";
    case ParamType::text: return "text";
    case ParamType::list: return "list";
    case ParamType::object: return "object";
  }
  return "?";
}

std::string paramAllowedText(const ParamSpec& spec) {
  switch (spec.type) {
    case ParamType::number: return interval(spec.range);
    case ParamType::integer: return "integer " + interval(spec.range);
    case ParamType::flag: return "true/false";
    case ParamType::choice: {
      std::string s;
      for (const auto& o : spec.options) s += (s.empty() ? "" : " | ") + o;
      return s;
    }
    case ParamType::text: return "string";
    case ParamType::list: return "list";
    case ParamType::object: return "object";
  }
  return "";
}

}  // namespace mutualab
