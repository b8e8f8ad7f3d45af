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
  // Set by make() from the table in informedRunnerStrategy(), where defaults and meanings live.
  double enterMargin = 0;
  double exitMargin = 0;
  int cooldownSteps = 0;

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
  Params p(params, informedRunnerStrategy().params, path);
  auto s = std::make_unique<InformedRunner>();
  s->enterMargin = p.number("enterMargin");
  s->exitMargin = p.number("exitMargin");
  s->cooldownSteps = p.integer("cooldownSteps");
  return s;
}

}  // namespace

LpStrategyInfo informedRunnerStrategy() {
  return {"informed-runner", "with the early-warning signal, runs before stress and returns after; else chases yield",
          {param::number("enterMargin", 0.0, param::closed(-1, 1), "per year",
                         "without the signal: enter when the risk-adjusted yield beats the outside rate by this"),
           param::number("exitMargin", 0.05, param::closed(-1, 1), "per year",
                         "without the signal: leave when the risk-adjusted yield trails the outside rate by this"),
           param::integer("cooldownSteps", 30, 0, 100000, "steps", "quiet steps after a warning before coming back")},
          make};
}

}  // namespace mutualab
