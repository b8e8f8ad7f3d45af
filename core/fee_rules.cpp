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

}  // namespace mutualab
