// Yield chaser: in while the pool's risk-adjusted yield beats its outside
// rate, out when it falls below. Risk adjustment is mean-variance with the
// LP's own risk aversion: yield - riskAversion/2 x variance.
#include "agents/lp_rules.h"
#include "agents/registry.h"
#include "core/params.h"

namespace mutualab {
namespace {

class YieldChaser final : public LpStrategy {
 public:
  // Set by make() from the table in yieldChaserStrategy(), where defaults and meanings live.
  double enterMargin = 0;
  double exitMargin = 0;

  void decide(std::span<const LpView> views, std::span<LpAction> actions, int group) override {
    for (size_t i = 0; i < views.size(); ++i)
      if (views[i].group == group) actions[i] = chaseYield(views[i], enterMargin, exitMargin);
  }
};

std::unique_ptr<LpStrategy> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, yieldChaserStrategy().params, path);
  auto s = std::make_unique<YieldChaser>();
  s->enterMargin = p.number("enterMargin");
  s->exitMargin = p.number("exitMargin");
  return s;
}

}  // namespace

LpStrategyInfo yieldChaserStrategy() {
  return {"yield-chaser", "in while risk-adjusted pool yield beats the outside rate, out when it falls below",
          {param::number("enterMargin", 0.0, param::closed(-1, 1), "per year",
                         "enter when the risk-adjusted yield beats the outside rate by this"),
           param::number("exitMargin", 0.05, param::closed(-1, 1), "per year",
                         "leave when the risk-adjusted yield trails the outside rate by this")},
          make};
}

}  // namespace mutualab
