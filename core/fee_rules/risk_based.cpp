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
  // Set by make() from the table in riskBasedFeeRule(), where defaults and meanings live.
  double loading = 0;
  double capitalChargeAnnual = 0;
  double alpha = 0;
  double minRate = 0;
  bool calibrate = false;
  double maxCalibration = 0;

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
  Params p(given, riskBasedFeeRule().params, path);
  auto r = std::make_unique<RiskBasedFee>();
  r->loading = p.number("loading");
  r->capitalChargeAnnual = p.number("capitalChargeAnnual");
  r->alpha = p.number("alpha");
  r->minRate = p.number("minRate");
  r->calibrate = p.flag("calibrate");
  r->maxCalibration = p.number("maxCalibration");
  return r;
}

}  // namespace

FeeRuleInfo riskBasedFeeRule() {
  return {"risk-based", "each position priced on its observable risk: model expected cover + ES capital charge",
          {param::number("loading", 0.5, param::closed(0, 10), "", "loading on the model's expected cover"),
           param::number("capitalChargeAnnual", 0.10, param::closed(0, 10), "per year",
                         "cost of capital on the position's expected-shortfall contribution"),
           param::number("alpha", 0.05, param::closed(0.001, 1), "tail probability", "the expected shortfall's level"),
           param::number("minRate", 0.0005, param::closed(0, 1), "per notional",
                         "floor on the fee (covers the unmodelled tail)"),
           param::flag("calibrate", false, "scale the model's expected cover by the pool's realized / modelled loss ratio"),
           param::number("maxCalibration", 3.0, param::closed(1, 100), "", "cap on that scale")},
          make};
}

}  // namespace mutualab
