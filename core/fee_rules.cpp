#include "core/fee_rules.h"

#include <algorithm>

#include "core/errors.h"

namespace mutualab {

const std::vector<FeeRuleInfo>& feeRules() {
  // One line per rule; keep the order stable (listings show it).
  static const std::vector<FeeRuleInfo> table = {
      flatFeeRule(),
      utilizationFeeRule(),
      riskBasedFeeRule(),
      credibilityFeeRule(),
      formulaFeeRule(),
      bonusMalusFeeRule(),
      fixedRateFeeRule(),
  };
  return table;
}

const FeeRuleInfo* findFeeRule(const std::string& name) {
  for (const auto& r : feeRules())
    if (name == r.name) return &r;
  return nullptr;
}

std::unique_ptr<FeeRule> makeFeeRule(const FeeRuleDef& def, const std::string& path) {
  const FeeRuleInfo* info = findFeeRule(def.name);
  if (!info) {
    std::string valid;
    for (const auto& r : feeRules()) valid += (valid.empty() ? "" : ", ") + std::string(r.name);
    throw InputError(path + "/name", "unknown fee rule '" + def.name + "'; valid: " + valid);
  }
  return info->make(def.params, path + "/params");
}

double modelExpectedCover(const FeeQuoteInput& q) {
  // Cover pays (payoff - collateral)^+ = payoff of the same option struck at
  // coverStrike, so the expectation is a Black-Scholes value (undiscounted).
  const double growth = q.growth >= 0 ? q.growth : std::exp(q.rate * q.years);
  const double price =
      q.coverPrice >= 0 ? q.coverPrice : bsPrice(q.kind, q.spot, q.coverStrike, q.rate, q.pricingVol, q.years);
  return q.coverShare * q.units * growth * price;
}

}  // namespace mutualab
