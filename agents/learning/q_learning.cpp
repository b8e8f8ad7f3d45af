// Tabular Q-learning (Watkins): one Q table per agent over (state, action),
// learned from the realized reward only (bandit feedback):
//   Q[s][a] += alpha * (r + gamma * max_a' Q[s'][a'] - Q[s][a]),
// with the bootstrap term dropped when the episode ended (nextState < 0).
// gamma defaults to 0 because the market's decisions are per position (a
// contextual bandit) and the matrix games are one-shot; raise it only where
// the next state depends on the action.
//
// Exploration: epsilon-greedy (a uniform action with probability epsilon,
// otherwise a greedy one, ties split uniformly) with epsilon multiplied by
// epsilonDecay after each of the agent's updates down to epsilonMin; or
// softmax (Boltzmann) over Q / temperature, temperature in reward units,
// annealed the same way by temperatureDecay down to temperatureMin.
// Annealing matters in games: with a low temperature from the start an
// action that did badly once is almost never tried again, so its Q value goes
// stale (in the prisoner's dilemma two such learners can lock into mutual
// cooperation); start warm, so every Q value stays fresh while the policy
// sharpens.
#include <algorithm>
#include <cassert>
#include <vector>

#include "agents/learning/learner_entries.h"
#include "agents/learning/learner_support.h"
#include "core/errors.h"
#include "core/params.h"

namespace mutualab {
namespace {

enum class Exploration { EpsilonGreedy = 0, Softmax = 1 };

// Read by make() from the table in qLearningLearner(), where defaults, ranges and meanings live.
struct QLearningParams {
  double alpha = 0;
  double gamma = 0;
  Exploration exploration = Exploration::EpsilonGreedy;
  double epsilon = 0;
  double epsilonDecay = 1;
  double epsilonMin = 0;
  double temperature = 1;
  double temperatureDecay = 1;
  double temperatureMin = 1;
  double initialQ = 0;
};

class QLearning final : public Learner {
 public:
  explicit QLearning(const QLearningParams& p) : p_(p) {}

  void reset(int agents, int states, int actions) override {
    shape_ = {agents, states, actions};
    q_.assign(shape_.size(), p_.initialQ);
    // One annealed exploration parameter per agent: epsilon or temperature.
    explore_.assign(static_cast<std::size_t>(agents), soft() ? p_.temperature : p_.epsilon);
    scratch_.assign(static_cast<std::size_t>(actions), 0.0);
  }

  int act(int agent, int state, Engine& rng) override {
    if (soft()) {
      policy(agent, state, scratch_);
      return learning::sample(scratch_, rng);
    }
    if (learning::uniform01(rng) < explore_[static_cast<std::size_t>(agent)])
      return learning::uniformIndex(shape_.actions, rng);
    return learning::randomBest(row(agent, state), rng);
  }

  void observe(int agent, int state, int action, double reward, std::span<const double>, int nextState) override {
    assert(action >= 0 && action < shape_.actions);
    double target = reward;
    if (nextState >= 0 && p_.gamma > 0.0) {
      const auto next = row(agent, nextState);
      target += p_.gamma * *std::max_element(next.begin(), next.end());
    }
    double& q = q_[shape_.row(agent, state) + static_cast<std::size_t>(action)];
    q += p_.alpha * (target - q);
    double& x = explore_[static_cast<std::size_t>(agent)];
    x = soft() ? std::max(p_.temperatureMin, x * p_.temperatureDecay) : std::max(p_.epsilonMin, x * p_.epsilonDecay);
  }

  void policy(int agent, int state, std::span<double> probs) const override {
    assert(probs.size() == static_cast<std::size_t>(shape_.actions));
    const double x = explore_[static_cast<std::size_t>(agent)];
    if (soft()) {
      learning::softmax(row(agent, state), 1.0 / x, probs);
      return;
    }
    learning::uniformOverBest(row(agent, state), probs);
    const double eps = x;
    for (double& x : probs) x = (1.0 - eps) * x + eps / shape_.actions;
  }

 private:
  bool soft() const { return p_.exploration == Exploration::Softmax; }
  std::span<const double> row(int agent, int state) const {
    return {q_.data() + shape_.row(agent, state), static_cast<std::size_t>(shape_.actions)};
  }

  QLearningParams p_;
  learning::Shape shape_;
  std::vector<double> q_;        // Q[agent][state][action]
  std::vector<double> explore_;  // current epsilon (or temperature) per agent
  std::vector<double> scratch_;  // softmax probabilities while acting
};

std::unique_ptr<Learner> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, qLearningLearner().params, path);
  QLearningParams q;
  q.alpha = p.number("alpha");
  q.gamma = p.number("gamma");
  q.exploration = static_cast<Exploration>(p.choice("exploration"));
  q.epsilon = p.number("epsilon");
  q.epsilonDecay = p.number("epsilonDecay");
  q.epsilonMin = p.number("epsilonMin");
  if (q.epsilonMin > q.epsilon) throw InputError(p.pathOf("epsilonMin"), "must be <= epsilon (the decay floor)");
  q.temperature = p.number("temperature");
  q.temperatureDecay = p.number("temperatureDecay");
  q.temperatureMin = p.number("temperatureMin");
  if (q.temperatureMin > q.temperature) throw InputError(p.pathOf("temperatureMin"), "must be <= temperature (the decay floor)");
  q.initialQ = p.number("initialQ");
  return std::make_unique<QLearning>(q);
}

}  // namespace

LearnerInfo qLearningLearner() {
  return {"q-learning",
          "tabular Q-learning from the realized reward; epsilon-greedy or softmax exploration, each annealed to a floor",
          {param::number("alpha", 0.1, param::closed(0, 1), "", "learning rate: the step size of the TD update"),
           param::number("gamma", 0.0, param::closed(0, 1), "",
                         "discount of the next state's value; 0 = myopic (per-position and one-shot decisions)"),
           param::choice("exploration", "epsilon-greedy", {"epsilon-greedy", "softmax"},
                         "a uniform action with probability epsilon, or Boltzmann over Q / temperature"),
           param::number("epsilon", 0.1, param::closed(0, 1), "probability", "epsilon-greedy: the initial exploration probability"),
           param::number("epsilonDecay", 1.0, param::closed(0, 1), "",
                         "epsilon-greedy: factor applied after each of the agent's updates (1 = constant)"),
           param::number("epsilonMin", 0.01, param::closed(0, 1), "probability",
                         "epsilon-greedy: floor of the decayed epsilon, at most epsilon"),
           param::number("temperature", 1.0, param::closed(1e-9, 1e12), "reward units",
                         "softmax: the initial temperature (smaller = greedier)"),
           param::number("temperatureDecay", 1.0, param::closed(0, 1), "",
                         "softmax: factor applied after each of the agent's updates (1 = constant)"),
           param::number("temperatureMin", 0.01, param::closed(1e-9, 1e12), "reward units",
                         "softmax: floor of the decayed temperature, at most temperature"),
           param::number("initialQ", 0.0, param::closed(-1e12, 1e12), "reward units",
                         "starting value of every Q entry (high = optimistic)")},
          make};
}

}  // namespace mutualab
