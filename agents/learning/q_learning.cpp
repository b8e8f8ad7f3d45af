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

struct QLearningParams {
  double alpha = 0.1;         // learning rate (step size of the TD update)
  double gamma = 0.0;         // discount of the next state's value; 0 = myopic (one-shot games)
  Exploration exploration = Exploration::EpsilonGreedy;
  double epsilon = 0.1;       // epsilon-greedy: initial exploration probability
  double epsilonDecay = 1.0;  // epsilon-greedy: factor applied after each update of the agent (1 = constant)
  double epsilonMin = 0.01;   // epsilon-greedy: floor of the decayed epsilon
  double temperature = 1.0;   // softmax: initial temperature, reward units (smaller = greedier)
  double temperatureDecay = 1.0;  // softmax: factor applied after each update of the agent (1 = constant)
  double temperatureMin = 0.01;   // softmax: floor of the decayed temperature, reward units
  double initialQ = 0.0;      // starting value of every Q entry, reward units (high = optimistic)
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
  Params p(params, qLearningLearner().defaults, path);
  QLearningParams q;
  q.alpha = p.number("alpha", 0.0, 1.0);
  q.gamma = p.number("gamma", 0.0, 1.0);
  q.exploration = static_cast<Exploration>(p.choice("exploration", {"epsilon-greedy", "softmax"}));
  q.epsilon = p.number("epsilon", 0.0, 1.0);
  q.epsilonDecay = p.number("epsilonDecay", 0.0, 1.0);
  q.epsilonMin = p.number("epsilonMin", 0.0, 1.0);
  if (q.epsilonMin > q.epsilon) throw InputError(path + "/epsilonMin", "must be <= epsilon (the decay floor)");
  q.temperature = p.number("temperature", 1e-9, 1e12);
  q.temperatureDecay = p.number("temperatureDecay", 0.0, 1.0);
  q.temperatureMin = p.number("temperatureMin", 1e-9, 1e12);
  if (q.temperatureMin > q.temperature) throw InputError(path + "/temperatureMin", "must be <= temperature (the decay floor)");
  q.initialQ = p.number("initialQ", -1e12, 1e12);
  return std::make_unique<QLearning>(q);
}

}  // namespace

LearnerInfo qLearningLearner() {
  const QLearningParams d;
  return {"q-learning",
          "tabular Q-learning from the realized reward; epsilon-greedy or softmax exploration, each annealed to a floor",
          {{"alpha", d.alpha},
           {"gamma", d.gamma},
           {"exploration", "epsilon-greedy"},
           {"epsilon", d.epsilon},
           {"epsilonDecay", d.epsilonDecay},
           {"epsilonMin", d.epsilonMin},
           {"temperature", d.temperature},
           {"temperatureDecay", d.temperatureDecay},
           {"temperatureMin", d.temperatureMin},
           {"initialQ", d.initialQ}},
          make};
}

}  // namespace mutualab
