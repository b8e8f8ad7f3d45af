#include "core/governance_rules.h"

#include <cctype>
#include <cmath>

#include <muParser.h>

#include "core/errors.h"
#include "core/formula_problem.h"
#include "core/suggest.h"

namespace mutualab {
namespace {

struct RuleVar {
  const char* name;
  double RuleState::*field;
};

// Same names as the formula fee rule's pool variables where the meaning is the same.
constexpr RuleVar kVars[] = {
    {"utilization", &RuleState::utilization},
    {"pool_loss_rate", &RuleState::poolLossRate},
    {"pool_expected_rate", &RuleState::poolExpectedRate},
    {"initial_loss_rate", &RuleState::initialLossRate},
    {"model_ratio", &RuleState::modelRatio},
    {"nav", &RuleState::nav},
    {"fund_ratio", &RuleState::fundRatio},
    {"lps", &RuleState::lps},
    {"step", &RuleState::step},
    {"lp_capital", &RuleState::lpCapital},
    {"insurance_fund", &RuleState::insuranceFund},
    {"exposure", &RuleState::exposure},
    {"liability", &RuleState::liability},
    {"open_positions", &RuleState::openPositions},
    {"unpaid", &RuleState::unpaid},
    {"backstop", &RuleState::backstop},
    {"participation", &RuleState::participation},
};

std::string variableList() {
  std::string s;
  for (const auto& v : kVars) s += (s.empty() ? "" : ", ") + std::string(v.name);
  return s;
}

std::string quoted(const std::string& expr) {
  const bool cut = expr.size() > 200;
  const std::string q = nlohmann::json(cut ? expr.substr(0, 200) : expr)
                            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return cut ? q.substr(0, q.size() - 1) + "...\" (" + std::to_string(expr.size()) + " characters)" : q;
}

bool identifier(const std::string& s) {
  if (s.empty() || s.size() > 64 || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

// As the formula fee rule words it (core/formula_problem.h), and what may be used.
std::string problem(const std::string& expr, const mu::Parser::exception_type& e, const std::vector<std::string>& names) {
  return formulaProblem(expr, e, names) + " of " + quoted(expr) + "; variables: " + variableList() +
         " (and the rule's params); functions: sin cos tan asin acos atan sinh cosh tanh log2 log10 ln log exp sqrt "
         "sign rint abs min max sum avg, and cond ? a : b";
}

}  // namespace

// One rule's parser and the storage its variables are bound to (so neither may move).
struct RuleConditions::Parsed {
  RuleState state;
  std::vector<double> params;  // sized once, before binding
  mu::Parser parser;
};

std::vector<std::string> ruleVariables() {
  std::vector<std::string> names;
  for (const auto& v : kVars) names.emplace_back(v.name);
  return names;
}

RuleConditions::RuleConditions() = default;
RuleConditions::~RuleConditions() = default;
RuleConditions::RuleConditions(RuleConditions&&) noexcept = default;
RuleConditions& RuleConditions::operator=(RuleConditions&&) noexcept = default;

RuleConditions::RuleConditions(const std::vector<GovernanceRuleDef>& rules) {
  for (size_t i = 0; i < rules.size(); ++i) {
    const GovernanceRuleDef& r = rules[i];
    const std::string at = "/governance/rules/" + std::to_string(i);
    auto p = std::make_unique<Parsed>();
    std::vector<std::string> names = ruleVariables();
    p->params.reserve(r.params.size());
    for (const auto& [key, value] : r.params.items()) {
      const std::string where = at + "/params/" + key;
      if (!identifier(key))
        throw InputError(where, "a param's name must be a name `when` can use (a letter or '_', then letters, digits, "
                                "'_'; at most 64 characters), got '" + key + "'");
      for (const auto& v : kVars)
        if (key == v.name) throw InputError(where, "'" + key + "' is a variable already; give the param another name");
      if (!value.is_number() || !std::isfinite(value.get<double>()))
        throw InputError(where, "expected a number, got " + value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      p->params.push_back(value.get<double>());
      names.push_back(key);
    }
    const std::string& expr = r.when;
    // One expression, a truth value: no assignments ("x = 1" would set a
    // variable), no lists ("a, b" yields several results), no control bytes.
    for (size_t c = 0; c < expr.size(); ++c) {
      const char ch = expr[c], prev = c > 0 ? expr[c - 1] : ' ', next = c + 1 < expr.size() ? expr[c + 1] : ' ';
      const bool assignment = ch == '=' && next != '=' && prev != '=' && prev != '<' && prev != '>' && prev != '!';
      if (assignment || static_cast<unsigned char>(ch) < 0x20)
        throw InputError(at + "/when", std::string(assignment ? "an assignment ('=')" : "a control character") +
                                           " at character " + std::to_string(c + 1) + " of " + quoted(expr) +
                                           ": a condition is one expression (compare with '==')");
    }
    try {
      for (const auto& v : kVars) p->parser.DefineVar(v.name, &(p->state.*v.field));
      size_t k = 0;
      for (const auto& item : r.params.items()) p->parser.DefineVar(item.key(), &p->params[k++]);
      p->parser.SetExpr(expr);
      (void)p->parser.Eval();  // muparser parses on the first Eval: errors surface now, at load
      if (p->parser.GetNumResults() != 1)
        throw InputError(at + "/when", quoted(expr) + " gives " + std::to_string(p->parser.GetNumResults()) +
                                           " results (a comma separates expressions): a condition is one expression");
    } catch (const mu::Parser::exception_type& e) {
      throw InputError(at + "/when", problem(expr, e, names));
    }
    parsed_.push_back(std::move(p));
  }
}

int RuleConditions::size() const { return static_cast<int>(parsed_.size()); }

bool RuleConditions::holds(int r, const RuleState& state) const {
  Parsed& p = *parsed_[static_cast<size_t>(r)];
  p.state = state;
  try {
    const double x = p.parser.Eval();
    return !std::isnan(x) && x != 0.0;
  } catch (...) {  // the step loop takes no exceptions: an expression that fails is false
    return false;
  }
}

}  // namespace mutualab
