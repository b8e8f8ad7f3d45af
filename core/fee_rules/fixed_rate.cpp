// Fixed rate: one posted price per notional, whatever the pool learns. The
// price of a contract in a screening menu (Rothschild–Stiglitz menus are
// fixed price–coverage pairs that writers sort themselves into), and the
// control against which learning rules are compared.
#include "core/fee_rules.h"
#include "core/params.h"

namespace mutualab {
namespace {

class FixedRate final : public FeeRule {
 public:
  double rate = 0;  // set by make() from the table in fixedRateFeeRule()

  double quote(const FeeQuoteInput& q, const FeeContext&) const override { return rate * q.notional; }
};

std::unique_ptr<FeeRule> make(const nlohmann::json& given, const std::string& path) {
  Params p(given, fixedRateFeeRule().params, path);
  auto r = std::make_unique<FixedRate>();
  r->rate = p.number("rate");
  return r;
}

}  // namespace

FeeRuleInfo fixedRateFeeRule() {
  return {"fixed-rate", "a posted fee per notional that never moves (a screening menu's price, or a control)",
          {param::number("rate", 0.01, param::closed(0, 1), "per notional", "the posted fee")}, make};
}

}  // namespace mutualab
