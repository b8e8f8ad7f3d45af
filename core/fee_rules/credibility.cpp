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
  double loading = 0.0;  // fee = (1 + loading) x blended rate x notional
  double k = 20.0;       // Buhlmann k: positions of history that earn credibility 1/2
  double minRate = 0.0;  // floor per notional
  int basis = 0;         // the pool's rate: 0 members' expected loss, 1 realized experience (as the flat rule)

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
  Params p(given, credibilityFeeRule().defaults, path);
  auto r = std::make_unique<CredibilityFee>();
  r->loading = p.number("loading", 0.0, 10.0);
  r->k = p.number("k", 1e-9, 1e9);
  r->minRate = p.number("minRate", 0.0, 1.0);
  r->basis = p.choice("poolBasis", {"expected", "experience"});
  return r;
}

}  // namespace

FeeRuleInfo credibilityFeeRule() {
  return {"credibility", "experience rating: Buhlmann blend Z=n/(n+k) of the writer's loss history and the pool's",
          {{"loading", 0.0}, {"k", 20.0}, {"minRate", 0.0}, {"poolBasis", "expected"}}, make};
}

}  // namespace mutualab
