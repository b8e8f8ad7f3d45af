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
  double enterMargin = 0.0;  // enter when adjusted yield > outside rate + this (annual)
  double exitMargin = 0.05;  // leave when adjusted yield < outside rate - this (annual)

  void decide(std::span<const LpView> views, std::span<LpAction> actions, int group) override {
    for (size_t i = 0; i < views.size(); ++i)
      if (views[i].group == group) actions[i] = chaseYield(views[i], enterMargin, exitMargin);
  }
};

std::unique_ptr<LpStrategy> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, yieldChaserStrategy().defaults, path);
  auto s = std::make_unique<YieldChaser>();
  s->enterMargin = p.number("enterMargin", -1.0, 1.0);
  s->exitMargin = p.number("exitMargin", -1.0, 1.0);
  return s;
}

}  // namespace

LpStrategyInfo yieldChaserStrategy() {
  return {"yield-chaser", "in while risk-adjusted pool yield beats the outside rate, out when it falls below",
          {{"enterMargin", 0.0}, {"exitMargin", 0.05}}, make};
}

}  // namespace mutualab
