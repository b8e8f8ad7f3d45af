// An LP that learns when to be in the pool: any learner from
// agents/learning/ picks hold / deposit / withdraw each step. State: whether
// the LP is in the pool, whether its early-warning signal (if it has one) is
// on, and whether it could withdraw now (lockup, queue). Reward (basis points
// of wealth per step): the pool share earns the NAV return, the rest the
// outside rate, less a mean-variance charge with the LP's risk aversion and
// any exit fee paid. The counterfactuals of the other two actions come from
// the same step (world.cpp, learnLps). With an early signal and free exit,
// withdrawing when warned pays; with an exit fee or a notice period it does not.
#include <vector>

#include "agents/learning/learner.h"
#include "agents/registry.h"
#include "core/errors.h"
#include "core/params.h"

namespace mutualab {
namespace {

class LearningLp final : public LpStrategy {
 public:
  std::unique_ptr<Learner> learner;

  void bind(std::uint64_t seed, std::uint64_t rep, int lps) override {
    rng_.clear();
    for (int l = 0; l < lps; ++l)
      rng_.push_back(makeEngine(seed, rep, AgentKind::Lp, static_cast<std::uint64_t>(l), Purpose::LpLearning));
    learner->reset(lps, 8, 3);
    lastState_.assign(static_cast<size_t>(lps), -1);
  }

  void decide(std::span<const LpView> views, std::span<LpAction> actions, int group) override {
    for (size_t i = 0; i < views.size(); ++i) {
      const LpView& v = views[i];
      if (v.group != group) continue;
      const int state = (v.shares > 0 ? 4 : 0) + (v.hasEarlyWarning && v.warning ? 2 : 0) + (v.canWithdraw ? 1 : 0);
      lastState_[i] = state;
      actions[i] = static_cast<LpAction>(learner->act(v.lp, state, rng_[i]));
    }
  }

  void learn(std::span<const LpOutcome> outcomes, int group) override {
    for (const LpOutcome& o : outcomes) {
      if (o.group != group) continue;
      const int s = lastState_[static_cast<size_t>(o.lp)];
      if (s < 0) continue;
      learner->observe(o.lp, s, static_cast<int>(o.action), o.reward, o.counterfactual, s);
    }
  }

 private:
  std::vector<Engine> rng_;
  std::vector<int> lastState_;
};

std::unique_ptr<LpStrategy> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, learningLpStrategy().defaults, path);
  auto s = std::make_unique<LearningLp>();
  const nlohmann::json& l = p.raw("learner");
  const std::string lpath = p.path() + "/learner";
  if (!l.is_object() || !l.contains("name") || !l["name"].is_string())
    throw InputError(lpath, "expected an object {\"name\": ..., \"params\": {...}}, got " + l.dump());
  for (auto it = l.begin(); it != l.end(); ++it)
    if (it.key() != "name" && it.key() != "params")
      throw InputError(lpath + "/" + it.key(), "unknown key '" + it.key() + "'; valid keys: name, params");
  s->learner = makeLearner(l["name"].get<std::string>(), l.value("params", nlohmann::json::object()), lpath);
  return s;
}

}  // namespace

LpStrategyInfo learningLpStrategy() {
  return {"learning", "a learner picks hold / deposit / withdraw from its signal, position and the rewards of each",
          {{"learner", {{"name", "hedge"}, {"params", nlohmann::json::object()}}}}, make};
}

}  // namespace mutualab
