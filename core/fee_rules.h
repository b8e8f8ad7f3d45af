// The table of fee rules, by name. The CLI's listings, the scenario
// validator and the playground's menu are all built from it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/fee_rule.h"
#include "core/param_spec.h"
#include "core/scenario.h"

namespace mutualab {

struct FeeRuleInfo {
  const char* name;         // registry name used in scenarios
  const char* description;  // one line for listings
  ParamTable params;        // every parameter, declared once (key, type, default, range, unit, meaning)
  // Builds the rule; throws InputError (path under `path`) on bad params.
  std::unique_ptr<FeeRule> (*make)(const nlohmann::json& params, const std::string& path);

  nlohmann::json defaults() const { return paramDefaults(params); }  // every parameter with its default
};

const std::vector<FeeRuleInfo>& feeRules();
const FeeRuleInfo* findFeeRule(const std::string& name);

// Builds the scenario's rule; `path` is the JSON pointer of the feeRule object.
std::unique_ptr<FeeRule> makeFeeRule(const FeeRuleDef& def, const std::string& path = "/pool/feeRule");

// One entry per rule file (core/fee_rules/*.cpp).
FeeRuleInfo flatFeeRule();
FeeRuleInfo utilizationFeeRule();
FeeRuleInfo riskBasedFeeRule();
FeeRuleInfo credibilityFeeRule();
FeeRuleInfo formulaFeeRule();
FeeRuleInfo bonusMalusFeeRule();
FeeRuleInfo fixedRateFeeRule();

// The names a formula fee may read (core/fee_rules/formula.cpp), in order.
std::vector<std::string> formulaVariables();

}  // namespace mutualab
