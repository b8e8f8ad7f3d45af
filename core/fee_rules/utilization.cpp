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
  // Set by make() from the table in utilizationFeeRule(), where defaults and meanings live.
  double baseAnnual = 0;
  double slopeAnnual = 0;
  double kink = 0;
  double steepAnnual = 0;

  double quote(const FeeQuoteInput& q, const FeeContext& ctx) const override {
    const double u = std::max(0.0, ctx.utilization);
    const double below = std::min(u, kink) / kink;
    const double above = u > kink ? (u - kink) / (1.0 - kink) : 0.0;
    const double annual = baseAnnual + slopeAnnual * below + steepAnnual * above;
    return annual * q.years * q.notional;
  }
};

std::unique_ptr<FeeRule> make(const nlohmann::json& given, const std::string& path) {
  Params p(given, utilizationFeeRule().params, path);
  auto r = std::make_unique<UtilizationFee>();
  r->baseAnnual = p.number("baseAnnual");
  r->slopeAnnual = p.number("slopeAnnual");
  r->kink = p.number("kink");
  r->steepAnnual = p.number("steepAnnual");
  return r;
}

}  // namespace

FeeRuleInfo utilizationFeeRule() {
  return {"utilization", "annual rate rising with pool utilization, kinked curve (prices capacity, not risk)",
          {param::number("baseAnnual", 0.02, param::closed(0, 10), "per year per notional", "the rate at zero utilization"),
           param::number("slopeAnnual", 0.10, param::closed(0, 100), "per year per notional",
                         "added by the time utilization reaches the kink"),
           param::number("kink", 0.8, param::closed(0.01, 0.99), "share of capacity",
                         "the utilization where the steep part begins"),
           param::number("steepAnnual", 1.0, param::closed(0, 1000), "per year per notional",
                         "added between the kink and full utilization")},
          make};
}

}  // namespace mutualab
