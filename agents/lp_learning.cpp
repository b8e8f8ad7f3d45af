// An LP that learns when to be in the pool: any learner from
// agents/learning/ picks hold / deposit / withdraw each step, for each pool
// the LP reaches (a learner state per LP and pool). State: whether
// the LP is in the pool, whether its early-warning signal (if it has one) is
// on, and whether it could withdraw now (lockup, queue). Reward (basis points
// of wealth per step): the pool share earns the NAV return, the rest the
// outside rate, less a mean-variance charge with the LP's risk aversion and
// any exit fee paid. The counterfactuals of the other two actions come from
// the same step (world.cpp, learnLps). With an early signal and free exit,
// withdrawing when warned pays; with an exit fee or a notice period it does not.
#include <algorithm>
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

  LearningLp() { learnsFromOutcomes = true; }

  void bind(std::uint64_t seed, std::uint64_t rep, int lps, int pools) override {
    // One learner state per (LP, pool): an LP learns when to be in each pool
    // it reaches. Pool 0's stream is the LP's own (as with one pool).
    pools_ = static_cast<size_t>(std::max(pools, 1));
    const size_t agents = static_cast<size_t>(lps) * pools_;
    rng_.clear();
    rng_.reserve(agents);
    for (int l = 0; l < lps; ++l)
      for (std::uint64_t k = 0; k < pools_; ++k)
        rng_.push_back(makeEngine(seed, rep, AgentKind::Lp, static_cast<std::uint64_t>(l) + (k << 32), Purpose::LpLearning));
    learner->reset(static_cast<int>(agents), 8, 3);
    lastState_.assign(agents, -1);
  }

  void decide(std::span<const LpView> views, std::span<LpAction> actions, int group) override {
    for (size_t i = 0; i < views.size(); ++i) {
      const LpView& v = views[i];
      if (v.group != group) continue;
      const size_t a = agent(v.lp, v.pool);
      const int state = (v.shares > 0 ? 4 : 0) + (v.hasEarlyWarning && v.warning ? 2 : 0) + (v.canWithdraw ? 1 : 0);
      lastState_[a] = state;
      actions[i] = static_cast<LpAction>(learner->act(static_cast<int>(a), state, rng_[a]));
    }
  }

  void learn(std::span<const LpOutcome> outcomes, int group) override {
    for (const LpOutcome& o : outcomes) {
      if (o.group != group) continue;
      const size_t a = agent(o.lp, o.pool);
      const int s = lastState_[a];
      if (s < 0) continue;
      learner->observe(static_cast<int>(a), s, static_cast<int>(o.action), o.reward, o.counterfactual, s);
    }
  }

 private:
  size_t agent(int lp, int pool) const { return static_cast<size_t>(lp) * pools_ + static_cast<size_t>(pool); }

  size_t pools_ = 1;
  std::vector<Engine> rng_;
  std::vector<int> lastState_;
};

std::unique_ptr<LpStrategy> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, learningLpStrategy().params, path);
  auto s = std::make_unique<LearningLp>();
  // The learner object's keys and name are checked here, its params by the learner's own table.
  const nlohmann::json& l = p.raw("learner");
  const std::string lpath = p.pathOf("learner");
  if (!l.contains("name") || !l["name"].is_string())
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
          {param::object("learner", {{"name", "hedge"}, {"params", nlohmann::json::object()}},
                         "{\"name\": a learner (mutualab learners), \"params\": its params}")},
          make};
}

}  // namespace mutualab
