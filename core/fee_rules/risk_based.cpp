// Risk-based fee: prices each position's own observable risk. The expected
// cover payout under the pool's model (Black-Scholes at the pricing
// volatility, i.e. the position's greeks integrated), plus a capital charge
// on its expected shortfall contribution at level alpha. Risky writers'
// positions sit closer to the money, which this sees; the hidden jump it
// does not. With `calibrate`, the model's expected cover is scaled by the
// pool's realized/modelled loss ratio (slow EWMA, between 1 and
// maxCalibration): what the model misses is charged to everyone alike.
#include <algorithm>

#include "core/fee_rules.h"
#include "core/params.h"

namespace mutualab {
namespace {

class RiskBasedFee final : public FeeRule {
 public:
  double loading = 0.5;             // on the model's expected cover
  double capitalChargeAnnual = 0.10;  // cost of capital on the ES contribution, per year
  double alpha = 0.05;              // ES level
  double minRate = 0.0005;          // floor per notional (covers the unmodelled tail)
  bool calibrate = false;           // scale by the realized / modelled loss ratio
  double maxCalibration = 3.0;      // cap on that scale

  double quote(const FeeQuoteInput& q, const FeeContext& ctx) const override {
    const double scale = calibrate ? std::clamp(ctx.experience.modelRatio, 1.0, maxCalibration) : 1.0;
    const double expected = scale * modelExpectedCover(q);
    const double es = q.coverShare * q.units *
                      coverTailMean(q.kind, q.spot, q.coverStrike, q.rate, q.pricingVol, q.years, alpha);
    const double fee = (1.0 + loading) * expected + capitalChargeAnnual * q.years * es;
    return std::max(fee, minRate * q.notional);
  }
};

std::unique_ptr<FeeRule> make(const nlohmann::json& given, const std::string& path) {
  Params p(given, riskBasedFeeRule().defaults, path);
  auto r = std::make_unique<RiskBasedFee>();
  r->loading = p.number("loading", 0.0, 10.0);
  r->capitalChargeAnnual = p.number("capitalChargeAnnual", 0.0, 10.0);
  r->alpha = p.number("alpha", 0.001, 1.0);
  r->minRate = p.number("minRate", 0.0, 1.0);
  r->calibrate = p.flag("calibrate");
  r->maxCalibration = p.number("maxCalibration", 1.0, 100.0);
  return r;
}

}  // namespace

FeeRuleInfo riskBasedFeeRule() {
  return {"risk-based", "each position priced on its observable risk: model expected cover + ES capital charge",
          {{"loading", 0.5}, {"capitalChargeAnnual", 0.10}, {"alpha", 0.05}, {"minRate", 0.0005}, {"calibrate", false}, {"maxCalibration", 3.0}}, make};
}

}  // namespace mutualab
