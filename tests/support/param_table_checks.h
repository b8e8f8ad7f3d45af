// Checks written once for every registry entry's parameter table
// (core/param_spec.h) and called from each registry's test (fee rules,
// strategies, learners): the table is well formed, its defaults are valid
// and build the entry, and every range, choice and type it declares is
// enforced by Params with the parameter's JSON path.
#pragma once

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "core/param_spec.h"
#include "core/params.h"

namespace mutualab::testing {

// Runs entry.make(params) and returns "" if it was accepted, else the
// InputError's path.
template <class Info>
std::string refusedAt(const Info& entry, const nlohmann::json& params) {
  try {
    (void)entry.make(params, "/x");
  } catch (const InputError& e) {
    return e.path();
  }
  return "";
}

// A value just outside each end of a declared range ("" when the end is infinite).
inline std::vector<double> outside(const ParamSpec& p) {
  std::vector<double> out;
  const double step = p.type == ParamType::integer ? 1.0 : 0.0;
  if (std::isfinite(p.range.lo))
    out.push_back(p.range.loOpen ? p.range.lo : p.range.lo - std::max(step, std::max(1.0, std::fabs(p.range.lo))));
  if (std::isfinite(p.range.hi))
    out.push_back(p.range.hiOpen ? p.range.hi : p.range.hi + std::max(step, std::max(1.0, std::fabs(p.range.hi))));
  return out;
}

template <class Info>
void checkParamTable(const Info& entry) {
  INFO("registry entry " << entry.name);
  std::set<std::string> keys;
  for (const ParamSpec& p : entry.params) {
    INFO("parameter " << p.key);
    CHECK(!p.key.empty());
    CHECK(keys.insert(p.key).second);  // declared once
    CHECK(p.description.size() > 10);
    CHECK(p.description.find('\n') == std::string::npos);  // one line
    const nlohmann::json& d = p.defaultValue;
    switch (p.type) {
      case ParamType::number:
        REQUIRE(d.is_number_float());  // JSON keeps 20.0 vs 20; summary.json echoes it
        CHECK(p.range.contains(d.get<double>()));
        CHECK(p.range.lo < p.range.hi);
        break;
      case ParamType::integer:
        REQUIRE(d.is_number_integer());
        CHECK(p.range.contains(d.get<double>()));
        CHECK(p.range.lo == std::floor(p.range.lo));
        CHECK(p.range.hi == std::floor(p.range.hi));
        break;
      case ParamType::flag: CHECK(d.is_boolean()); break;
      case ParamType::choice:
        REQUIRE(d.is_string());
        CHECK(p.options.size() >= 2);
        CHECK(std::count(p.options.begin(), p.options.end(), d.get<std::string>()) == 1);
        break;
      case ParamType::text: CHECK(d.is_string()); break;
      case ParamType::list: CHECK(d.is_array()); break;
      case ParamType::object: CHECK(d.is_object()); break;
    }
  }

  // The derived defaults pass Params unchanged and build the entry, as does nothing at all.
  const nlohmann::json defaults = entry.defaults();
  CHECK(defaults.size() == entry.params.size());
  CHECK(Params(defaults, entry.params, "/x").resolved() == defaults);
  CHECK(refusedAt(entry, defaults) == "");
  CHECK(refusedAt(entry, nlohmann::json::object()) == "");
  CHECK(refusedAt(entry, nullptr) == "");

  // Every declared constraint is enforced, at the parameter's path.
  for (const ParamSpec& p : entry.params) {
    INFO("parameter " << p.key);
    const std::string at = "/x/" + p.key;
    auto with = [&](nlohmann::json v) { return nlohmann::json{{p.key, std::move(v)}}; };
    for (const double v : outside(p)) {
      INFO("value " << v);
      CHECK(refusedAt(entry, with(p.type == ParamType::integer ? nlohmann::json(static_cast<long long>(v)) : nlohmann::json(v))) == at);
    }
    if (p.type == ParamType::integer) CHECK(refusedAt(entry, with(p.defaultValue.get<double>() + 0.5)) == at);
    if (p.type == ParamType::choice) CHECK(refusedAt(entry, with(p.defaultValue.get<std::string>() + "x")) == at);
    CHECK(refusedAt(entry, with(p.type == ParamType::flag ? nlohmann::json(1) : nlohmann::json(true))) == at);
    try {
      (void)entry.make(with(p.defaultValue), "/x");
      (void)entry.make({{p.key + "x", p.defaultValue}}, "/x");
      FAIL("accepted the unknown parameter " << p.key << "x");
    } catch (const InputError& e) {
      CHECK(e.path() == at + "x");
      if (p.key.size() > 1)  // one letter off a one-letter key is no near miss
        CHECK_THAT(std::string(e.what()), Catch::Contains("did you mean '" + p.key + "'"));
    }
  }
  CHECK(refusedAt(entry, {{"noSuchParameterAnywhere", 1}}) == "/x/noSuchParameterAnywhere");
  CHECK(refusedAt(entry, nlohmann::json::array()) == "/x");
}

}  // namespace mutualab::testing
