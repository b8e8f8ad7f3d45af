// Regret matching (Hart & Mas-Colell 2000): play each action with
// probability proportional to its positive cumulative regret, uniformly when
// no regret is positive. Full information: the regret of action a grows by
// what a would have earned minus what the mixed strategy earned in
// expectation,
//   R[a] += cf[a] - sum_b p[b] cf[b],
// the variance-free form used by CFR (Hart & Mas-Colell's realized-payoff
// form, cf[a] - r, has the same guarantee plus the noise of the own draw).
// Average regret <= R sqrt(K / t) for rewards of range R, at any t, with no
// learning rate to tune.
//
// plus = true is regret matching+ (Tammelin 2014): cumulative regrets are
// floored at 0 after each update, which forgets old negative regret and
// adapts faster; the regret bound is the same.
#include <algorithm>
#include <cassert>
#include <vector>

#include "agents/learning/learner_entries.h"
#include "agents/learning/learner_support.h"
#include "core/params.h"

namespace mutualab {
namespace {

// Read by make() from the table in regretMatchingLearner(), where defaults and meanings live.
struct RegretMatchingParams {
  bool plus = false;
};

class RegretMatching final : public Learner {
 public:
  explicit RegretMatching(const RegretMatchingParams& p) : p_(p) {}

  void reset(int agents, int states, int actions) override {
    shape_ = {agents, states, actions};
    regret_.assign(shape_.size(), 0.0);
    scratch_.assign(static_cast<std::size_t>(actions), 0.0);
  }

  int act(int agent, int state, Engine& rng) override {
    policy(agent, state, scratch_);
    return learning::sample(scratch_, rng);
  }

  void observe(int agent, int state, int, double, std::span<const double> counterfactual, int) override {
    assert(counterfactual.size() == static_cast<std::size_t>(shape_.actions));
    if (counterfactual.empty()) return;  // contract broken (needsCounterfactuals); nothing to learn from
    policy(agent, state, scratch_);
    double expected = 0.0;
    for (std::size_t a = 0; a < counterfactual.size(); ++a) expected += scratch_[a] * counterfactual[a];
    double* r = regret_.data() + shape_.row(agent, state);
    for (std::size_t a = 0; a < counterfactual.size(); ++a) {
      r[a] += counterfactual[a] - expected;
      if (p_.plus) r[a] = std::max(r[a], 0.0);
    }
  }

  void policy(int agent, int state, std::span<double> probs) const override {
    assert(probs.size() == static_cast<std::size_t>(shape_.actions));
    const double* r = regret_.data() + shape_.row(agent, state);
    double sum = 0.0;
    for (std::size_t a = 0; a < probs.size(); ++a) sum += probs[a] = std::max(r[a], 0.0);
    for (double& p : probs) p = sum > 0.0 ? p / sum : 1.0 / static_cast<double>(probs.size());
  }

  bool needsCounterfactuals() const override { return true; }

 private:
  RegretMatchingParams p_;
  learning::Shape shape_;
  std::vector<double> regret_;   // R[agent][state][action]: cumulative regrets
  std::vector<double> scratch_;  // the policy while acting / observing
};

std::unique_ptr<Learner> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, regretMatchingLearner().params, path);
  RegretMatchingParams r;
  r.plus = p.flag("plus");
  return std::make_unique<RegretMatching>(r);
}

}  // namespace

LearnerInfo regretMatchingLearner() {
  return {"regret-matching",
          "Hart & Mas-Colell regret matching: play in proportion to positive cumulative regret (full information)",
          {param::flag("plus", false, "regret matching+: floor cumulative regrets at 0 (forgets old negative regret)")},
          make};
}

}  // namespace mutualab
