// Formula fee: the designer writes the fee as an expression (muparser) over
// what the pool can observe: the position and its greeks, the writer's public
// history, and the pool's state. No C++, no rebuild:
//   {"name": "formula", "params": {"fee": "expected_cover * 1.3 + 0.001 * notional", "k": 20}}
// The expression is parsed and tried once when the scenario loads: a syntax
// error or an unknown variable is refused with its position and the list of
// variables. At run time a result that is not a finite number >= 0 makes the
// pool refuse the quote (world.cpp counts it: fee_quotes_refused).
#include <cmath>
#include <limits>

#include <muParser.h>

#include "core/errors.h"
#include "core/fee_rules.h"
#include "core/formula_problem.h"
#include "core/params.h"
#include "core/suggest.h"

namespace mutualab {
namespace {

// The values an expression can read, refreshed for every quote.
struct FormulaVars {
  // The position.
  double notional = 0, spot = 0, strike = 0, units = 0, years = 0, vol = 0, rate = 0, put = 0;
  double delta = 0, gamma = 0, vega = 0, expectedCover = 0, coverShare = 0;
  // The writer's public history.
  double settled = 0, lossRate = 0, z = 0;
  // The pool.
  double utilization = 0, poolLossRate = 0, poolExpectedRate = 0, initialLossRate = 0, modelRatio = 0, nav = 0,
         fundRatio = 0, lps = 0, step = 0;
};

struct FormulaVar {
  const char* name;
  double FormulaVars::*field;
  bool greek;  // needs the Black-Scholes greeks (computed only when used)
};

constexpr FormulaVar kVars[] = {
    {"notional", &FormulaVars::notional, false},
    {"spot", &FormulaVars::spot, false},
    {"strike", &FormulaVars::strike, false},
    {"units", &FormulaVars::units, false},
    {"years", &FormulaVars::years, false},
    {"vol", &FormulaVars::vol, false},
    {"rate", &FormulaVars::rate, false},
    {"put", &FormulaVars::put, false},
    {"delta", &FormulaVars::delta, true},
    {"gamma", &FormulaVars::gamma, true},
    {"vega", &FormulaVars::vega, true},
    {"expected_cover", &FormulaVars::expectedCover, false},
    {"cover_share", &FormulaVars::coverShare, false},
    {"settled", &FormulaVars::settled, false},
    {"loss_rate", &FormulaVars::lossRate, false},
    {"Z", &FormulaVars::z, false},
    {"utilization", &FormulaVars::utilization, false},
    {"pool_loss_rate", &FormulaVars::poolLossRate, false},
    {"pool_expected_rate", &FormulaVars::poolExpectedRate, false},
    {"initial_loss_rate", &FormulaVars::initialLossRate, false},
    {"model_ratio", &FormulaVars::modelRatio, false},
    {"nav", &FormulaVars::nav, false},
    {"fund_ratio", &FormulaVars::fundRatio, false},
    {"lps", &FormulaVars::lps, false},
    {"step", &FormulaVars::step, false},
};

std::string variableList() {
  std::string s;
  for (const auto& v : kVars) s += (s.empty() ? "" : ", ") + std::string(v.name);
  return s;
}

// The expression as a JSON string (escaped, so a control byte or broken
// UTF-8 cannot garble the message), cut after 200 characters.
std::string quoted(const std::string& expr) {
  const bool cut = expr.size() > 200;
  const std::string q = nlohmann::json(cut ? expr.substr(0, 200) : expr)
                            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return cut ? q.substr(0, q.size() - 1) + "...\" (" + std::to_string(expr.size()) + " characters)" : q;
}

// "unknown name 'pool_los_rate' at character 12 of "...": did you mean
// 'pool_loss_rate'? ...", and the names an expression may use.
std::string problem(const std::string& expr, const mu::Parser::exception_type& e) {
  return formulaProblem(expr, e, formulaVariables()) + " of " + quoted(expr) + "; variables: " + variableList() +
         "; functions: sin cos tan asin acos atan sinh cosh tanh log2 log10 ln log exp sqrt sign rint abs min max sum "
         "avg, and cond ? a : b";
}

class FormulaFee final : public FeeRule {
 public:
  FormulaFee(const std::string& expr, double k, const std::string& path) : k_(k) {
    for (const auto& v : kVars) parser_.DefineVar(v.name, &(vars_.*v.field));
    // One expression, a price: no assignments ("x = 1" would set a
    // variable), no lists ("a, b" yields several results), no control bytes.
    for (size_t i = 0; i < expr.size(); ++i) {
      const char c = expr[i], prev = i > 0 ? expr[i - 1] : ' ', next = i + 1 < expr.size() ? expr[i + 1] : ' ';
      const bool assignment = c == '=' && next != '=' && prev != '=' && prev != '<' && prev != '>' && prev != '!';
      if (assignment || static_cast<unsigned char>(c) < 0x20)
        throw InputError(path, std::string(assignment ? "an assignment ('=')" : "a control character") +
                                   " at character " + std::to_string(i + 1) + " of " + quoted(expr) +
                                   ": a fee is one expression (compare with '==')");
    }
    try {
      parser_.SetExpr(expr);
      // Parse now (muparser parses on the first Eval), with every variable
      // at a plausible value, so errors surface at load, not in a step.
      vars_.notional = vars_.spot = vars_.strike = vars_.units = vars_.nav = vars_.modelRatio = 1.0;
      (void)parser_.Eval();
      if (parser_.GetNumResults() != 1)
        throw InputError(path, quoted(expr) + " gives " + std::to_string(parser_.GetNumResults()) +
                                   " results (a comma separates expressions): a fee is one expression");
    } catch (const mu::Parser::exception_type& e) {
      throw InputError(path, problem(expr, e));
    }
    for (const auto& used : parser_.GetUsedVar())
      for (const auto& v : kVars) greeks_ = greeks_ || (v.greek && used.first == v.name);
  }
  FormulaFee(const FormulaFee&) = delete;
  FormulaFee& operator=(const FormulaFee&) = delete;

  double quote(const FeeQuoteInput& q, const FeeContext& ctx) const override {
    FormulaVars& v = vars_;
    v.notional = q.notional;
    v.spot = q.spot;
    v.strike = q.strike;
    v.units = q.units;
    v.years = q.years;
    v.vol = q.pricingVol;
    v.rate = q.rate;
    v.put = q.kind == OptionKind::Put ? 1.0 : 0.0;
    v.coverShare = q.coverShare;
    v.expectedCover = modelExpectedCover(q);
    if (greeks_) {
      // The position's greeks: per unit x units (delta in units of the
      // underlying, gamma per currency unit of spot, vega per 1.00 of vol).
      const BsGreeks g = blackScholes({q.kind, q.spot, q.strike, q.rate, q.pricingVol, q.years});
      v.delta = g.delta * q.units;
      v.gamma = g.gamma * q.units;
      v.vega = g.vega * q.units;
    }
    const auto& e = ctx.experience;
    const size_t w = static_cast<size_t>(q.writer);
    v.settled = e.writerSettled[w];
    v.lossRate = e.writerNotional[w] > 0 ? e.writerCoverLoss[w] / e.writerNotional[w] : 0.0;
    v.z = v.settled / (v.settled + k_);
    v.utilization = ctx.utilization;
    v.poolLossRate = e.lossRate;
    v.poolExpectedRate = e.pooledExpectedRate;
    v.initialLossRate = e.initialLossRate;
    v.modelRatio = e.modelRatio;
    v.nav = ctx.nav;
    v.fundRatio = ctx.fundRatio;
    v.lps = ctx.lpCount;
    v.step = ctx.step;
    try {
      return parser_.Eval();
    } catch (...) {  // the step loop takes no exceptions: the quote is refused
      return std::numeric_limits<double>::quiet_NaN();
    }
  }

 private:
  double k_;
  bool greeks_ = false;
  // Eval is const in spirit: the variables are the rule's scratch space, one
  // rule per pool per world, and a world steps on one thread.
  mutable FormulaVars vars_;
  mutable mu::Parser parser_;
};

std::unique_ptr<FeeRule> make(const nlohmann::json& given, const std::string& path) {
  Params p(given, formulaFeeRule().params, path);
  const std::string fee = p.text("fee");
  if (fee.empty())
    throw InputError(p.pathOf("fee"), "expected a non-empty expression string (e.g. \"expected_cover * 1.2\"), got \"\"");
  return std::make_unique<FormulaFee>(fee, p.number("k"), p.pathOf("fee"));
}

}  // namespace

FeeRuleInfo formulaFeeRule() {
  return {"formula", "the fee as an expression over the position, its greeks, the writer's history and the pool",
          {param::text("fee", "(1 + 0.2) * max(0, pool_expected_rate) * notional",
                       "the fee, an expression over the names `mutualab fee-rules formula` lists"),
           param::number("k", 20.0, param::closed(1e-9, 1e9), "positions",
                         "Buhlmann k of the name Z = settled / (settled + k)")},
          make};
}

std::vector<std::string> formulaVariables() {
  std::vector<std::string> names;
  for (const auto& v : kVars) names.emplace_back(v.name);
  return names;
}

}  // namespace mutualab
