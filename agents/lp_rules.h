// Decision pieces shared by the LP strategies.
#pragma once

#include "core/strategy.h"

namespace mutualab {

// The pool's yield net of a mean-variance risk charge, annual.
inline double riskAdjustedYield(const LpView& v) {
  return v.poolYieldAnnual - 0.5 * v.riskAversion * v.poolVolAnnual * v.poolVolAnnual;
}

// Enter when the adjusted yield beats the outside rate by enterMargin; leave
// when it trails by exitMargin (the gap avoids flip-flopping every step).
inline LpAction chaseYield(const LpView& v, double enterMargin, double exitMargin) {
  const double y = riskAdjustedYield(v);
  if (v.cash > 0 && y > v.outsideRateAnnual + enterMargin) return LpAction::Deposit;
  if (v.canWithdraw && y < v.outsideRateAnnual - exitMargin) return LpAction::Withdraw;
  return LpAction::Hold;
}

}  // namespace mutualab
