// Utilization curve: an annual rate that rises with how much of the pool's
// capacity is in use, with a kink (as lending markets price borrowing).
// Scarce capacity is priced; risk type is not.
#include <algorithm>

#include "core/fee_rules.h"
#include "core/params.h"

namespace mutualab {
namespace {

class UtilizationFee final : public FeeRule {
 public:
  double baseAnnual = 0.02;   // rate at zero utilization, per year per notional
  double slopeAnnual = 0.10;  // added by the time utilization reaches the kink
  double kink = 0.8;          // utilization where the steep part begins
  double steepAnnual = 1.0;   // added between the kink and full utilization

  double quote(const FeeQuoteInput& q, const FeeContext& ctx) const override {
    const double u = std::max(0.0, ctx.utilization);
    const double below = std::min(u, kink) / kink;
    const double above = u > kink ? (u - kink) / (1.0 - kink) : 0.0;
    const double annual = baseAnnual + slopeAnnual * below + steepAnnual * above;
    return annual * q.years * q.notional;
  }
};

std::unique_ptr<FeeRule> make(const nlohmann::json& given, const std::string& path) {
  Params p(given, utilizationFeeRule().defaults, path);
  auto r = std::make_unique<UtilizationFee>();
  r->baseAnnual = p.number("baseAnnual", 0.0, 10.0);
  r->slopeAnnual = p.number("slopeAnnual", 0.0, 100.0);
  r->kink = p.number("kink", 0.01, 0.99);
  r->steepAnnual = p.number("steepAnnual", 0.0, 1000.0);
  return r;
}

}  // namespace

FeeRuleInfo utilizationFeeRule() {
  return {"utilization", "annual rate rising with pool utilization, kinked curve (prices capacity, not risk)",
          {{"baseAnnual", 0.02}, {"slopeAnnual", 0.10}, {"kink", 0.8}, {"steepAnnual", 1.0}}, make};
}

}  // namespace mutualab
