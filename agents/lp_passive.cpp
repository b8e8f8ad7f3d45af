// Buy and hold: deposit at the start, never withdraw. The benchmark the other
// LP rules are measured against.
#include "agents/registry.h"
#include "core/params.h"

namespace mutualab {
namespace {

class Passive final : public LpStrategy {
 public:
  void decide(std::span<const LpView> views, std::span<LpAction> actions, int group) override {
    for (size_t i = 0; i < views.size(); ++i)
      if (views[i].group == group && views[i].step == 0 && views[i].cash > 0) actions[i] = LpAction::Deposit;
  }
  bool actsAt(int step) const override { return step == 0; }
};

std::unique_ptr<LpStrategy> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, {}, path);  // no parameters: refuses any
  return std::make_unique<Passive>();
}

}  // namespace

LpStrategyInfo passiveLpStrategy() {
  return {"passive", "deposits at the start and holds to the end", {}, make};
}

}  // namespace mutualab
