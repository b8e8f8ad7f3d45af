// Hedge / multiplicative weights (Freund & Schapire 1997) on full
// information: every action's weight grows with the reward it would have
// earned, w[a] = exp(eta * S[a]) with S[a] the sum of its counterfactual
// rewards, and the agent plays p = w / sum(w). The weights are kept as S and
// normalized by the maximum when the policy is formed, so they never
// overflow.
//
// schedule "fixed" keeps eta constant (regret <= ln K / eta + eta T R^2 / 8
// for rewards of range R: tuned for a known horizon); "anytime" uses
// eta_t = eta / sqrt(t) at the agent's t-th decision in that state, so the
// average regret falls like 1/sqrt(t) for every t (eta ~ sqrt(8 ln K) / R).
// eta is in 1 / reward units; eta = 0 plays uniformly forever (a control).
//
// The file to copy when adding a full-information learner.
#include <cassert>
#include <cmath>
#include <vector>

#include "agents/learning/learner_entries.h"
#include "agents/learning/learner_support.h"
#include "core/params.h"

namespace mutualab {
namespace {

// Read by make() from the table in hedgeLearner(), where defaults, ranges and meanings live.
struct HedgeParams {
  double eta = 0;
  bool anytime = false;  // schedule "anytime"
};

class Hedge final : public Learner {
 public:
  explicit Hedge(const HedgeParams& p) : p_(p) {}

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

  void observe(int agent, int state, int, double, std::span<const double> counterfactual, int) override {
    assert(counterfactual.size() == static_cast<std::size_t>(shape_.actions));
    if (counterfactual.empty()) return;  // contract broken (needsCounterfactuals); nothing to learn from
    double* s = s_.data() + shape_.row(agent, state);
    for (std::size_t a = 0; a < counterfactual.size(); ++a) s[a] += counterfactual[a];
    ++t_[shape_.cell(agent, state)];
  }

  void policy(int agent, int state, std::span<double> probs) const override {
    assert(probs.size() == static_cast<std::size_t>(shape_.actions));
    const long long t = t_[shape_.cell(agent, state)] + 1;
    const double eta = p_.anytime ? p_.eta / std::sqrt(static_cast<double>(t)) : p_.eta;
    learning::softmax({s_.data() + shape_.row(agent, state), probs.size()}, eta, probs);
  }

  bool needsCounterfactuals() const override { return true; }

 private:
  HedgeParams p_;
  learning::Shape shape_;
  std::vector<double> s_;        // S[agent][state][action]: cumulative counterfactual rewards
  std::vector<long long> t_;     // updates so far per (agent, state)
  std::vector<double> scratch_;  // the policy while acting
};

std::unique_ptr<Learner> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, hedgeLearner().params, path);
  HedgeParams h;
  h.eta = p.number("eta");
  h.anytime = p.choice("schedule") == 1;
  return std::make_unique<Hedge>(h);
}

}  // namespace

LearnerInfo hedgeLearner() {
  return {"hedge", "Hedge / multiplicative weights on counterfactual rewards with learning rate eta (full information)",
          {param::number("eta", 0.1, param::closed(0, 1e6), "1 / reward units",
                         "learning rate (anytime: eta / sqrt(t)); 0 plays uniformly forever"),
           param::choice("schedule", "fixed", {"fixed", "anytime"}, "a constant eta, or eta / sqrt(t) at the t-th decision")},
          make};
}

}  // namespace mutualab
