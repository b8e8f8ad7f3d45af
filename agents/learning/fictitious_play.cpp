// Fictitious play (Brown 1951): best-respond to the average of the
// counterfactual reward vectors seen so far. In a matrix game the
// counterfactual reward of action a is its payoff against the opponent's
// realized action, so the average is a's payoff against the opponents'
// empirical mix: exactly the classic "best response to the empirical
// frequencies", and it carries over to the market, where the counterfactuals
// come from the simulator.
//
// Ties (every action at the start, and often with integer payoffs) are broken
// uniformly at random with the agent's stream rather than by lowest index, so
// no action is favoured by its position in the list; policy() reports the
// tied actions with equal weight.
//
// temperature > 0 gives smooth fictitious play (Fudenberg & Kreps 1993): the
// logit response p ~ exp(average / temperature), temperature in reward units,
// whose time average converges to a logit quantal-response equilibrium.
#include <cassert>
#include <vector>

#include "agents/learning/learner_entries.h"
#include "agents/learning/learner_support.h"
#include "core/params.h"

namespace mutualab {
namespace {

// Read by make() from the table in fictitiousPlayLearner(), where defaults, ranges and meanings live.
struct FictitiousPlayParams {
  double temperature = 0;
};

class FictitiousPlay final : public Learner {
 public:
  explicit FictitiousPlay(const FictitiousPlayParams& p) : p_(p) {}

  void reset(int agents, int states, int actions) override {
    shape_ = {agents, states, actions};
    sum_.assign(shape_.size(), 0.0);
    n_.assign(shape_.cells(), 0);
    scratch_.assign(static_cast<std::size_t>(actions), 0.0);
  }

  int act(int agent, int state, Engine& rng) override {
    if (p_.temperature > 0.0) {
      policy(agent, state, scratch_);
      return learning::sample(scratch_, rng);
    }
    return learning::randomBest({sum_.data() + shape_.row(agent, state), scratch_.size()}, rng);
  }

  void observe(int agent, int state, int, double, std::span<const double> counterfactual, int) override {
    assert(counterfactual.size() == static_cast<std::size_t>(shape_.actions));
    if (counterfactual.empty()) return;  // contract broken (needsCounterfactuals); nothing to learn from
    double* s = sum_.data() + shape_.row(agent, state);
    for (std::size_t a = 0; a < counterfactual.size(); ++a) s[a] += counterfactual[a];
    ++n_[shape_.cell(agent, state)];
  }

  void policy(int agent, int state, std::span<double> probs) const override {
    assert(probs.size() == static_cast<std::size_t>(shape_.actions));
    const std::span<const double> sum{sum_.data() + shape_.row(agent, state), probs.size()};
    if (p_.temperature > 0.0) {
      // The average, not the sum: smooth FP responds to the mean reward.
      const long long n = n_[shape_.cell(agent, state)];
      learning::softmax(sum, 1.0 / (p_.temperature * static_cast<double>(n > 0 ? n : 1)), probs);
      return;
    }
    learning::uniformOverBest(sum, probs);  // argmax of the sum = argmax of the average
  }

  bool needsCounterfactuals() const override { return true; }

 private:
  FictitiousPlayParams p_;
  learning::Shape shape_;
  std::vector<double> sum_;      // sum of counterfactual rewards per (agent, state, action)
  std::vector<long long> n_;     // observations per (agent, state)
  std::vector<double> scratch_;  // the policy while acting
};

std::unique_ptr<Learner> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, fictitiousPlayLearner().params, path);
  FictitiousPlayParams f;
  f.temperature = p.number("temperature");
  return std::make_unique<FictitiousPlay>(f);
}

}  // namespace

LearnerInfo fictitiousPlayLearner() {
  return {"fictitious-play",
          "best response to the average counterfactual reward so far (smooth logit response if temperature > 0)",
          {param::number("temperature", 0.0, param::closed(0, 1e12), "reward units",
                         "0: classic best response; > 0: smooth (logit) response, p ~ exp(average / temperature)")},
          make};
}

}  // namespace mutualab
