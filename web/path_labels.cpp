#include "web/path_labels.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/fee_rules.h"
#include "core/format_number.h"
#include "core/param_spec.h"
#include "core/scenario_json.h"

namespace mutualab::web {

namespace {

// "capitalChargeAnnual" -> "capital charge annual": a param's key, read aloud.
std::string words(std::string_view key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c == '_' ? ' ' : c;
    }
  }
  return out;
}

// Takes "PREFIX" + a whole number + "/" off the front of `rest`; false (rest untouched) otherwise.
bool takeIndexed(std::string_view& rest, std::string_view prefix, size_t& index) {
  if (rest.substr(0, prefix.size()) != prefix) return false;
  size_t i = prefix.size(), n = 0;
  const size_t start = i;
  while (i < rest.size() && i - start < 6 && std::isdigit(static_cast<unsigned char>(rest[i])))
    n = n * 10 + static_cast<size_t>(rest[i++] - '0');
  if (i == start || i >= rest.size() || rest[i] != '/') return false;
  index = n;
  rest.remove_prefix(i + 1);
  return true;
}

// "rule circuit-breaker", or "rule 2" where the scenario does not name it.
std::string scopeName(const char* kind, const std::string* name, size_t index) {
  return std::string(kind) + " " + (name && !name->empty() ? *name : std::to_string(index + 1));
}

// A fee rule's param: its unit and meaning from the rule's table (`rule`),
// or from the first rule that declares the key.
const ParamSpec* feeRuleParam(const std::string& rule, std::string_view key) {
  if (const FeeRuleInfo* info = findFeeRule(rule))
    for (const ParamSpec& p : info->params)
      if (p.key == key) return &p;
  for (const FeeRuleInfo& info : feeRules())
    for (const ParamSpec& p : info.params)
      if (p.key == key) return &p;
  return nullptr;
}

std::string joined(const std::string& scope, const std::string& name) {
  return scope.empty() ? name : scope + ": " + name;
}

}  // namespace

std::string paramWords(std::string_view key) { return words(key); }

PathLabel pathLabel(std::string_view path, const ScenarioDef* sc) {
  const PathLabel unknown{std::string(path), "", "", false};
  std::string_view rest = path;
  if (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  const std::string full(rest);
  size_t k = 0;

  // A governance rule's condition or named number.
  if (takeIndexed(rest, "governance/rules/", k)) {
    const std::string* name = sc && k < sc->governance.rules.size() ? &sc->governance.rules[k].name : nullptr;
    const std::string scope = scopeName("rule", name, k);
    constexpr std::string_view params = "params/";
    if (rest.substr(0, params.size()) == params && rest.size() > params.size() &&
        rest.find('/', params.size()) == std::string_view::npos)
      return {joined(scope, words(rest.substr(params.size()))), "", "a named number the rule's condition reads", true};
    if (const FieldInfo* f = findScenarioField(full)) return {joined(scope, f->name), f->unit, f->text, true};
    return unknown;
  }

  // Where a fee rule lives: the pool, a menu contract of it, or one of several pools.
  std::string scope, rule;
  if (takeIndexed(rest, "pool/menu/", k)) {
    const bool has = sc && k < sc->pool.menu.size();
    scope = scopeName("contract", has ? &sc->pool.menu[k].name : nullptr, k);
    if (has) rule = sc->pool.menu[k].feeRule.name;
  } else if (takeIndexed(rest, "pools/", k)) {
    const bool has = sc && k < sc->pools.size();
    scope = scopeName("pool", has ? &sc->pools[k].name : nullptr, k);
    if (has) rule = sc->pools[k].terms.feeRule.name;
  } else if (rest.substr(0, 5) == "pool/") {
    rest.remove_prefix(5);
    if (sc) rule = sc->pool.feeRule.name;
  } else {
    rest = {};
  }
  constexpr std::string_view params = "feeRule/params/";
  if (rest.substr(0, params.size()) == params && rest.size() > params.size() &&
      rest.find('/', params.size()) == std::string_view::npos) {
    const std::string_view key = rest.substr(params.size());
    const ParamSpec* p = feeRuleParam(rule, key);
    return {joined(scope.empty() ? "fee rule" : scope + ", fee rule", words(key)), p ? p->unit : "",
            p ? p->description : "", true};
  }
  const FieldInfo* f = findScenarioField(full);
  if (f && rest == "feeRule/name") return {joined(scope, "fee rule"), "", f->text, true};  // not "contract's fee rule"
  if (f) return {joined(scope, f->name), f->unit, f->text, true};
  return unknown;
}

std::string pathLabelText(std::string_view path, const ScenarioDef* scenario) {
  const PathLabel l = pathLabel(path, scenario);
  return l.unit.empty() ? l.name : l.name + " (" + l.unit + ")";
}

std::string assignmentText(std::string_view path, std::string_view value, const ScenarioDef* scenario) {
  const PathLabel l = pathLabel(path, scenario);
  // A confidence level (an admission's) reads as a percent, as the Scenario
  // tab's field and the Pool view ("ES 99%") show it; the link keeps 0.99.
  if (l.unit == "confidence") {
    const std::string v(value);
    char* end = nullptr;
    const double x = std::strtod(v.c_str(), &end);
    if (!v.empty() && end == v.c_str() + v.size() && x > 0.0 && x < 1.0)
      return l.name + " = " + shortestNumber(std::round(x * 100.0 * 1e4) / 1e4) + "%";
  }
  return l.name + " = " + std::string(value) + (l.unit.empty() ? "" : " " + l.unit);
}

std::string assignmentText(std::string_view assignment, const ScenarioDef* scenario) {
  const size_t eq = assignment.find('=');
  if (eq == std::string_view::npos) return std::string(assignment);
  return assignmentText(assignment.substr(0, eq), assignment.substr(eq + 1), scenario);
}

}  // namespace mutualab::web
