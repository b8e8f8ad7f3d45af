// EXP3 (Auer, Cesa-Bianchi, Freund & Schapire 2002): exponential weights on
// importance-weighted reward estimates, mixed with uniform exploration, for
// bandit feedback (only the realized reward is seen).
//
//   p[a]  = (1 - g) * w[a] / sum(w) + g / K,       w[a] = exp(eta * S[a])
//   S[a] += x / p[a] for the action played (0 for the others),  eta = g / K
//
// where x is the reward mapped to [0, 1] by (r - rewardMin) / (rewardMax -
// rewardMin). Rewards outside [rewardMin, rewardMax] are clamped into it: the
// regret guarantee needs bounded rewards, and a clamp keeps one outlier from
// blowing up a weight (set the range to cover the rewards you expect).
// The weights are kept as their logs (eta * S) and normalized by the maximum
// when the policy is formed, so no weight ever overflows or underflows.
//
// schedule "fixed" is Auer et al.'s EXP3 with constant exploration g = gamma
// (tuned for a known horizon T by gamma ~ sqrt(K ln K / ((e-1) T))).
// "anytime" uses g_t = min(1, gamma / sqrt(t)) at the agent's t-th decision
// in that state, so the average regret keeps falling like 1/sqrt(t) without
// knowing the horizon; gamma ~ sqrt(K ln K / (e-1)) matches Auer's tuning.
//
// observe() recomputes p[action] from the current weights, which equals the
// probability the action was drawn with as long as each act() on an (agent,
// state) is followed by its observe() before the next act() there.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

#include "agents/learning/learner_entries.h"
#include "agents/learning/learner_support.h"
#include "core/errors.h"
#include "core/format_number.h"
#include "core/params.h"

namespace mutualab {
namespace {

// Read by make() from the table in exp3Learner(), where defaults, ranges and meanings live.
struct Exp3Params {
  double gamma = 0;
  bool anytime = false;  // schedule "anytime"
  double rewardMin = 0;
  double rewardMax = 1;
};

class Exp3 final : public Learner {
 public:
  explicit Exp3(const Exp3Params& p) : p_(p) {}

  void reset(int agents, int states, int actions) override {
    shape_ = {agents, states, actions};
    s_.assign(shape_.size(), 0.0);
    t_.assign(shape_.cells(), 0);
    scratch_.assign(static_cast<std::size_t>(actions), 0.0);
  }

  int act(int agent, int state, Engine& rng) override {
    policy(agent, state, scratch_);
    return learning::sample(scratch_, rng);
  }

  void observe(int agent, int state, int action, double reward, std::span<const double>, int) override {
    assert(action >= 0 && action < shape_.actions);
    policy(agent, state, scratch_);
    const double x = std::clamp((reward - p_.rewardMin) / (p_.rewardMax - p_.rewardMin), 0.0, 1.0);
    s_[shape_.row(agent, state) + static_cast<std::size_t>(action)] += x / scratch_[static_cast<std::size_t>(action)];
    ++t_[shape_.cell(agent, state)];
  }

  void policy(int agent, int state, std::span<double> probs) const override {
    assert(probs.size() == static_cast<std::size_t>(shape_.actions));
    const double k = shape_.actions;
    const double g = exploration(t_[shape_.cell(agent, state)] + 1);
    learning::softmax({s_.data() + shape_.row(agent, state), probs.size()}, g / k, probs);
    for (double& x : probs) x = (1.0 - g) * x + g / k;
  }

 private:
  // Exploration share at the agent's t-th decision (t >= 1) in a state.
  double exploration(long long t) const {
    return p_.anytime ? std::min(1.0, p_.gamma / std::sqrt(static_cast<double>(t))) : p_.gamma;
  }

  Exp3Params p_;
  learning::Shape shape_;
  std::vector<double> s_;        // S[agent][state][action]: cumulative importance-weighted reward estimates
  std::vector<long long> t_;     // updates so far per (agent, state)
  std::vector<double> scratch_;  // the policy while acting / observing
};

std::unique_ptr<Learner> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, exp3Learner().params, path);
  Exp3Params e;
  e.anytime = p.choice("schedule") == 1;
  // The table's range is anytime's (a scale: g_t is capped at 1); a fixed gamma is a share.
  e.gamma = p.number("gamma");
  if (!e.anytime && e.gamma > 1.0)
    throw InputError(p.pathOf("gamma"), "must be in [1e-9, 1] with schedule \"fixed\" (an exploration share), got " +
                                            shortestNumber(e.gamma));
  e.rewardMin = p.number("rewardMin");
  e.rewardMax = p.number("rewardMax");
  if (!(e.rewardMax > e.rewardMin)) throw InputError(p.pathOf("rewardMax"), "must be greater than rewardMin");
  return std::make_unique<Exp3>(e);
}

}  // namespace

LearnerInfo exp3Learner() {
  return {"exp3",
          "EXP3: exponential weights on importance-weighted rewards with exploration gamma (bandit feedback)",
          {param::number("gamma", 0.1, param::closed(1e-9, 1e6), "",
                         "exploration share g, at most 1 when fixed; anytime: g_t = min(1, gamma / sqrt(t))"),
           param::choice("schedule", "fixed", {"fixed", "anytime"}, "a constant gamma, or gamma / sqrt(t) at the t-th decision"),
           param::number("rewardMin", 0.0, param::closed(-1e12, 1e12), "reward units",
                         "the reward mapped to 0 (lower rewards are clamped to it)"),
           param::number("rewardMax", 1.0, param::closed(-1e12, 1e12), "reward units",
                         "the reward mapped to 1 (higher rewards are clamped to it); above rewardMin")},
          make};
}

}  // namespace mutualab
