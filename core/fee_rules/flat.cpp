// Flat fee: one rate per unit notional for everyone, whatever the position or
// the writer. The rate follows the pool's own experience (an EWMA of cover
// losses per notional, which starts at the population's average expected
// loss), plus a loading. It cannot tell risks apart: the Akerlof case.
// This is the file to copy when adding a fee rule.
#include <algorithm>

#include "core/fee_rules.h"
#include "core/params.h"

namespace mutualab {
namespace {

class FlatFee final : public FeeRule {
 public:
  double loading = 0.2;   // fee = (1 + loading) x rate x notional
  double minRate = 0.0;   // floor on the rate, per unit notional
  bool adaptive = true;   // follow the pool's loss experience; false = stay at the initial rate

  double quote(const FeeQuoteInput& q, const FeeContext& ctx) const override {
    const double rate = adaptive ? ctx.experience.lossRate : ctx.experience.initialLossRate;
    return (1.0 + loading) * std::max(minRate, rate) * q.notional;
  }
};

std::unique_ptr<FeeRule> make(const nlohmann::json& given, const std::string& path) {
  Params p(given, flatFeeRule().defaults, path);
  auto r = std::make_unique<FlatFee>();
  r->loading = p.number("loading", 0.0, 10.0);
  r->minRate = p.number("minRate", 0.0, 1.0);
  r->adaptive = p.flag("adaptive");
  return r;
}

}  // namespace

FeeRuleInfo flatFeeRule() {
  return {"flat", "one rate per notional for all, following the pool's loss experience (Akerlof-prone)",
          {{"loading", 0.2}, {"minRate", 0.0}, {"adaptive", true}}, make};
}

}  // namespace mutualab
