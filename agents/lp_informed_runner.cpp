// Informed runner: an LP with the early-warning signal runs when it warns
// (stress or a crash ahead) and comes back once it has been quiet for a
// cooldown (the losses of a crash settle over the options' life, after the
// price has moved); an LP without the signal behaves as a yield chaser. Lockups, notice periods and exit fees
// are what stop this run from working.
#include "agents/lp_rules.h"
#include "agents/registry.h"
#include "core/params.h"

namespace mutualab {
namespace {

class InformedRunner final : public LpStrategy {
 public:
  double enterMargin = 0.0;
  double exitMargin = 0.05;
  int cooldownSteps = 30;  // quiet steps after a warning before coming back

  void decide(std::span<const LpView> views, std::span<LpAction> actions, int group) override {
    for (size_t i = 0; i < views.size(); ++i) {
      const LpView& v = views[i];
      if (v.group != group) continue;
      if (!v.hasEarlyWarning) {
        actions[i] = chaseYield(v, enterMargin, exitMargin);
      } else if (v.warning) {
        actions[i] = v.canWithdraw ? LpAction::Withdraw : LpAction::Hold;
      } else {
        const bool calm = v.stepsSinceWarning > cooldownSteps;
        actions[i] = calm && v.cash > 0 && riskAdjustedYield(v) > v.outsideRateAnnual + enterMargin ? LpAction::Deposit
                                                                                                   : LpAction::Hold;
      }
    }
  }
};

std::unique_ptr<LpStrategy> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, informedRunnerStrategy().defaults, path);
  auto s = std::make_unique<InformedRunner>();
  s->enterMargin = p.number("enterMargin", -1.0, 1.0);
  s->exitMargin = p.number("exitMargin", -1.0, 1.0);
  s->cooldownSteps = p.integer("cooldownSteps", 0, 100000);
  return s;
}

}  // namespace

LpStrategyInfo informedRunnerStrategy() {
  return {"informed-runner", "with the early-warning signal, runs before stress and returns after; else chases yield",
          {{"enterMargin", 0.0}, {"exitMargin", 0.05}, {"cooldownSteps", 30}}, make};
}

}  // namespace mutualab
