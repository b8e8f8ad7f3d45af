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
  double rate = 0.01;  // fee per notional

  double quote(const FeeQuoteInput& q, const FeeContext&) const override { return rate * q.notional; }
};

std::unique_ptr<FeeRule> make(const nlohmann::json& given, const std::string& path) {
  Params p(given, fixedRateFeeRule().defaults, path);
  auto r = std::make_unique<FixedRate>();
  r->rate = p.number("rate", 0.0, 1.0);
  return r;
}

}  // namespace

FeeRuleInfo fixedRateFeeRule() {
  return {"fixed-rate", "a posted fee per notional that never moves (a screening menu's price, or a control)",
          {{"rate", 0.01}}, make};
}

}  // namespace mutualab
