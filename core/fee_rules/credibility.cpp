// Experience rating with Buhlmann credibility: each writer's rate blends its
// own public loss history with the pool's, Z = n / (n + k), where n counts
// the writer's settled positions (silo ones too: on-chain history is public,
// and the cover loss the pool would have paid is computable for them). Over
// time the rate learns theta from outcomes, without observing it.
#include <algorithm>

#include "core/fee_rules.h"
#include "core/params.h"

namespace mutualab {
namespace {

class CredibilityFee final : public FeeRule {
 public:
  // Set by make() from the table in credibilityFeeRule(), where defaults and meanings live.
  double loading = 0;
  double k = 0;
  double minRate = 0;
  int basis = 0;  // index of poolBasis: 0 expected, 1 experience

  double quote(const FeeQuoteInput& q, const FeeContext& ctx) const override {
    const auto& e = ctx.experience;
    const size_t w = static_cast<size_t>(q.writer);
    const double n = e.writerSettled[w];
    const double own = e.writerNotional[w] > 0 ? e.writerCoverLoss[w] / e.writerNotional[w] : 0.0;
    const double z = n / (n + k);
    const double rate = z * own + (1.0 - z) * (basis == 0 ? e.pooledExpectedRate : e.lossRate);
    return (1.0 + loading) * std::max(minRate, rate) * q.notional;
  }
};

std::unique_ptr<FeeRule> make(const nlohmann::json& given, const std::string& path) {
  Params p(given, credibilityFeeRule().params, path);
  auto r = std::make_unique<CredibilityFee>();
  r->loading = p.number("loading");
  r->k = p.number("k");
  r->minRate = p.number("minRate");
  r->basis = p.choice("poolBasis");
  return r;
}

}  // namespace

FeeRuleInfo credibilityFeeRule() {
  return {"credibility", "experience rating: Buhlmann blend Z=n/(n+k) of the writer's loss history and the pool's",
          {param::number("loading", 0.0, param::closed(0, 10), "", "fee = (1 + loading) x blended rate x notional"),
           param::number("k", 20.0, param::closed(1e-9, 1e9), "positions",
                         "Buhlmann k: the settled positions of history that earn credibility 1/2"),
           param::number("minRate", 0.0, param::closed(0, 1), "per notional", "floor on the blended rate"),
           param::choice("poolBasis", "expected", {"expected", "experience"},
                         "the pool's rate: members' average expected loss, or realized experience (as flat's basis)")},
          make};
}

}  // namespace mutualab
