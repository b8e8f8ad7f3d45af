// Expected-value optimizer with true theta: for each position, compares the
// expected profit of silo, each available pool and abstain using its private
// knowledge of the hidden jump risk, and takes the best (the first on ties).
// With a flat fee this is exactly the agent that selects adversely: it pools
// when a pool's fee is below the value of its cover to it.
//   silo: premium - E[loss] - cost of capital on full collateral
//   pool: premium - fee - E[loss] + (1 - retained) E[cover] - cost of capital on the smaller collateral
#include "agents/registry.h"
#include "core/params.h"

namespace mutualab {
namespace {

class ExpectedUtility final : public WriterStrategy {
 public:
  double minProfit = 0;  // set by make() from the table in expectedUtilityStrategy()

  void decide(std::span<const WriterQuote> quotes, std::span<WriterChoice> choices, std::span<std::int32_t>,
              int group) override {
    for (size_t i = 0; i < quotes.size(); ++i) {
      const WriterQuote& q = quotes[i];
      if (q.group != group) continue;
      WriterChoice c = WriterChoice::silo();
      double best = q.siloProfit();
      for (size_t k = 0; k < q.pools.size(); ++k) {
        if (!q.pools[k].available) continue;
        const double pool = q.poolProfit(k);
        if (pool > best) { c = WriterChoice::inPool(static_cast<int>(k)); best = pool; }
      }
      choices[i] = best > minProfit ? c : WriterChoice::abstain();
    }
  }
};

std::unique_ptr<WriterStrategy> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, expectedUtilityStrategy().params, path);
  auto s = std::make_unique<ExpectedUtility>();
  s->minProfit = p.number("minProfit");
  return s;
}

}  // namespace

WriterStrategyInfo expectedUtilityStrategy() {
  return {"expected-utility", "knows its true theta; takes silo, a pool or abstain by expected profit",
          {param::number("minProfit", 0.0, param::closed(-1e12, 1e12), "currency",
                         "abstain unless the best choice is expected to earn more than this")},
          make};
}

}  // namespace mutualab
