// Imitation with the Fermi rule (Szabo & Toke 1998; Traulsen, Nowak &
// Pacheco 2006): a population learner. When agent i acts in a state it picks
// a uniformly random other agent j and adopts j's last action (in that state)
// with probability
//   1 / (1 + exp(-beta * (payoff_j - payoff_i))),
// each payoff being the agent's last observed reward there; otherwise it
// repeats its own last action. With probability mu it instead mutates to a
// uniformly random action. An agent's first action is uniform at random. In
// a large, randomly matched population this is the pairwise-comparison
// dynamic, whose rest points are those of the replicator dynamics (equal
// payoffs of the actions in use); beta (1 / reward units) is the intensity
// of selection, small beta the weak-selection limit.
//
// j's "last action" is the action j's last payoff was earned with (recorded
// in observe, not act), so agents acting in sequence within one round copy
// what was paid, never a choice made a moment earlier. An agent copies only
// an observed j; until it has observed a payoff itself it keeps its action.
#include <cassert>
#include <cmath>
#include <vector>

#include "agents/learning/learner_entries.h"
#include "agents/learning/learner_support.h"
#include "core/params.h"

namespace mutualab {
namespace {

// Read by make() from the table in imitationLearner(), where defaults, ranges and meanings live.
struct ImitationParams {
  double beta = 0;
  double mu = 0;
};

class Imitation final : public Learner {
 public:
  explicit Imitation(const ImitationParams& p) : p_(p) {}

  void reset(int agents, int states, int actions) override {
    shape_ = {agents, states, actions};
    current_.assign(shape_.cells(), -1);
    lastAction_.assign(shape_.cells(), -1);
    lastReward_.assign(shape_.cells(), 0.0);
  }

  int act(int agent, int state, Engine& rng) override {
    const std::size_t i = shape_.cell(agent, state);
    int& now = current_[i];
    if (now < 0 || learning::uniform01(rng) < p_.mu) return now = learning::uniformIndex(shape_.actions, rng);
    now = lastAction_[i] >= 0 ? lastAction_[i] : now;
    if (shape_.agents < 2 || lastAction_[i] < 0) return now;
    int other = learning::uniformIndex(shape_.agents - 1, rng);  // uniform over the others: skip i
    if (other >= agent) ++other;
    const std::size_t j = shape_.cell(other, state);
    if (lastAction_[j] < 0) return now;
    if (learning::uniform01(rng) < adoptProbability(lastReward_[j] - lastReward_[i])) now = lastAction_[j];
    return now;
  }

  void observe(int agent, int state, int action, double reward, std::span<const double>, int) override {
    assert(action >= 0 && action < shape_.actions);
    const std::size_t i = shape_.cell(agent, state);
    lastAction_[i] = current_[i] = action;
    lastReward_[i] = reward;
  }

  // A point mass on the action the agent holds (uniform before its first act).
  void policy(int agent, int state, std::span<double> probs) const override {
    assert(probs.size() == static_cast<std::size_t>(shape_.actions));
    const int now = current_[shape_.cell(agent, state)];
    for (std::size_t a = 0; a < probs.size(); ++a)
      probs[a] = now < 0 ? 1.0 / static_cast<double>(probs.size()) : (static_cast<int>(a) == now ? 1.0 : 0.0);
  }

  // The Fermi probability of adopting an action that paid `advantage` more.
  double adoptProbability(double advantage) const { return 1.0 / (1.0 + std::exp(-p_.beta * advantage)); }

 private:
  ImitationParams p_;
  learning::Shape shape_;
  std::vector<int> current_;        // action held now per (agent, state); -1 = none yet
  std::vector<int> lastAction_;     // action of the last observed payoff; -1 = none yet
  std::vector<double> lastReward_;  // last observed payoff
};

std::unique_ptr<Learner> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, imitationLearner().params, path);
  ImitationParams m;
  m.beta = p.number("beta");
  m.mu = p.number("mu");
  return std::make_unique<Imitation>(m);
}

}  // namespace

LearnerInfo imitationLearner() {
  return {"imitation",
          "imitate a random other agent's last action with the Fermi probability of its payoff edge; mutation mu",
          {param::number("beta", 1.0, param::closed(0, 1e6), "1 / reward units",
                         "intensity of selection in the Fermi rule (0 = neutral drift)"),
           param::number("mu", 0.01, param::closed(0, 1), "probability", "mutation to a uniformly random action, per decision")},
          make};
}

}  // namespace mutualab
