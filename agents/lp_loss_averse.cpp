// Loss averse: enters at the start and leaves once the NAV has fallen from
// its peak by more than tolerance / riskAversion (more risk-averse LPs bail
// out sooner). Stays out unless `reenter` is set, then re-enters like a
// yield chaser. The file to copy when adding an LP strategy.
#include "agents/lp_rules.h"
#include "agents/registry.h"
#include "core/params.h"

namespace mutualab {
namespace {

class LossAverse final : public LpStrategy {
 public:
  // Set by make() from the table in lossAverseStrategy(), where defaults and meanings live.
  double tolerance = 0;
  bool reenter = false;

  void decide(std::span<const LpView> views, std::span<LpAction> actions, int group) override {
    for (size_t i = 0; i < views.size(); ++i) {
      const LpView& v = views[i];
      if (v.group != group) continue;
      if (v.step == 0 && v.cash > 0) { actions[i] = LpAction::Deposit; continue; }
      if (v.shares > 0 && v.canWithdraw && v.drawdown * v.riskAversion > tolerance) {
        actions[i] = LpAction::Withdraw;
      } else if (reenter && v.shares <= 0) {
        actions[i] = chaseYield(v, 0.0, 0.0) == LpAction::Deposit ? LpAction::Deposit : LpAction::Hold;
      }
    }
  }
};

std::unique_ptr<LpStrategy> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, lossAverseStrategy().params, path);
  auto s = std::make_unique<LossAverse>();
  s->tolerance = p.number("tolerance");
  s->reenter = p.flag("reenter");
  return s;
}

}  // namespace

LpStrategyInfo lossAverseStrategy() {
  return {"loss-averse", "enters at the start, leaves when the NAV drawdown x risk aversion exceeds a tolerance",
          {param::number("tolerance", 0.10, param::closed(0, 10), "",
                         "the NAV drawdown from its peak x the LP's risk aversion that triggers the exit"),
           param::flag("reenter", false, "after leaving, re-enter when the yield beats the outside rate")},
          make};
}

}  // namespace mutualab
