// Expected-value optimizer with true theta: for each position, compares the
// expected profit of silo, pool and abstain using its private knowledge of
// the hidden jump risk, and takes the best. With a flat fee this is exactly
// the agent that selects adversely: it pools when the pool's fee is below the
// value of the cover to it.
//   silo: premium - E[loss] - cost of capital on full collateral
//   pool: premium - fee - E[loss] + (1 - retained) E[cover] - cost of capital on the smaller collateral
#include "agents/registry.h"
#include "core/params.h"

namespace mutualab {
namespace {

class ExpectedUtility final : public WriterStrategy {
 public:
  double minProfit = 0.0;  // abstain unless the best choice is expected to earn more than this, currency

  void decide(std::span<const WriterQuote> quotes, std::span<WriterAction> actions, std::span<std::int32_t>,
              int group) override {
    for (size_t i = 0; i < quotes.size(); ++i) {
      const WriterQuote& q = quotes[i];
      if (q.group != group) continue;
      const double silo = q.premium - q.expectedLoss - q.capitalCostSilo;
      const double pool = q.premium - q.fee - q.expectedLoss + (1.0 - q.retainedShare) * q.expectedCover - q.capitalCostPool;
      const bool canPool = q.poolAvailable;
      WriterAction a = WriterAction::Silo;
      double best = silo;
      if (canPool && pool > silo) { a = WriterAction::Pool; best = pool; }
      actions[i] = best > minProfit ? a : WriterAction::Abstain;
    }
  }
};

std::unique_ptr<WriterStrategy> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, expectedUtilityStrategy().defaults, path);
  auto s = std::make_unique<ExpectedUtility>();
  s->minProfit = p.number("minProfit", -1e12, 1e12);
  return s;
}

}  // namespace

WriterStrategyInfo expectedUtilityStrategy() {
  return {"expected-utility", "knows its true theta; takes silo, pool or abstain by expected profit",
          {{"minProfit", 0.0}}, make};
}

}  // namespace mutualab
