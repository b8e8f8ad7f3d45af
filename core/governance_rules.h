// The conditions of governance rules (GovernanceRuleDef::when): muparser
// expressions over one pool's state at the end of a step, parsed once when
// the scenario loads (errors name /governance/rules/i/when, the character and
// the variables), evaluated by the World with pre-bound variables, so a
// step neither allocates nor throws. The names mean what they mean in the
// formula fee rule (core/fee_rules/formula.cpp) where both have them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/scenario.h"

namespace mutualab {

// One pool's state as a condition reads it, at the end of step `step`.
struct RuleState {
  double utilization = 0;        // pool max cover / capacity at its minimum collateral ratio
  double poolLossRate = 0;       // EWMA of cover loss per notional on settled pooled positions
  double poolExpectedRate = 0;   // EWMA of expected cover per notional of newly pooled positions
  double initialLossRate = 0;    // the pool's starting loss rate (population average at full participation)
  double modelRatio = 1;         // EWMA of realized losses / the model's expected cover
  double nav = 1;                // NAV per share (1 with no shares)
  double fundRatio = 0;          // insurance fund / LP capital
  double lps = 0;                // LPs holding shares
  double step = 0;               // the step that just ended (0 = the initial state)
  double lpCapital = 0;          // LP capital account, currency
  double insuranceFund = 0;      // insurance fund, currency
  double exposure = 0;           // max cover of its open positions, currency
  double liability = 0;          // model value of its open cover, currency
  double openPositions = 0;      // open pooled positions
  double unpaid = 0;             // buyers' claims unpaid at settlement so far, currency
  double backstop = 0;           // the backstop's balance (shared, or the one pool's), currency
  double participation = 0;      // share of writers whose latest choice was a pool (this step's metric)
};

// The names a condition may read, in RuleState's order.
std::vector<std::string> ruleVariables();

// Every rule's condition, each with its own copy of the state it reads.
class RuleConditions {
 public:
  RuleConditions();
  // Parses each rule's `when` with its `params` as named constants. Throws
  // InputError at /governance/rules/i/when (unknown name with a "did you
  // mean", syntax error at character N, the variables) or
  // /governance/rules/i/params/KEY (not a number, not a name, or a variable's).
  explicit RuleConditions(const std::vector<GovernanceRuleDef>& rules);
  ~RuleConditions();
  RuleConditions(RuleConditions&&) noexcept;
  RuleConditions& operator=(RuleConditions&&) noexcept;

  int size() const;
  // Rule r's condition on `state`: true when the expression is nonzero; a
  // NaN, or an evaluation error, is false. No allocation, no exceptions.
  bool holds(int r, const RuleState& state) const;

 private:
  struct Parsed;
  std::vector<std::unique_ptr<Parsed>> parsed_;
};

}  // namespace mutualab
