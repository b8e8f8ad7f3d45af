// A writer that learns: any learner from agents/learning/ picks, per
// position, either silo / pool k / abstain ("choice" mode: one action per
// choice, so the action set grows with the pools; state = the position's
// private risk signal x the quoted fee level) or a dumping threshold
// ("threshold" mode: pool the position, in the cheapest available pool, iff
// its signal >= the chosen threshold; state = the fee level). The fee level
// is the cheapest available pool's (WriterQuote::referenceFee).
//
// With `shared` (the default) the group learns as one: every position any
// writer of the group settles updates one policy over the states (social
// learning; a writer's theta shows in its positions' signals, which are in the
// state). Otherwise each writer learns alone from its own few positions.
//
// Reward: the mean-variance utility of the position's return r = profit /
// notional (premium - fee - the loss the writer bore - the cost of capital
// its collateral locked), u = 100 (r - riskAversion r^2 / 2), in % of
// notional so rewards are comparable across positions; riskAversion is the
// writer's own (writers.riskAversion; 0 = risk neutral, u = profit in %). Counterfactuals, for
// full-information learners: the same position's profit had it been siloed
// or pooled in each pool at that pool's quoted fee (the simulator settles
// them all on the same price), and 0 for abstaining. An abstained position never settles, so its reward
// (0) is reported at once, with the writer's expected silo and pool profits
// as counterfactuals.
#include <algorithm>
#include <cmath>
#include <vector>

#include "agents/learning/learner.h"
#include "agents/registry.h"
#include "core/errors.h"
#include "core/params.h"

namespace mutualab {
namespace {

class LearningWriter final : public WriterStrategy {
 public:
  std::unique_ptr<Learner> learner;
  // Set by make() from the table in learningWriterStrategy(), where defaults and meanings live.
  bool thresholdMode = false;
  int signalBuckets = 1;
  int feeBuckets = 1;
  double feeBucketMaxRate = 1;
  bool shared = true;
  std::vector<double> thresholds = {0.0, 0.2, 0.4, 0.6, 0.8, 1.01};  // threshold mode's actions

  LearningWriter() { learnsFromOutcomes = true; }

  void bind(std::uint64_t seed, std::uint64_t rep, int writers, int pools) override {
    pools_ = pools;
    rng_.clear();
    rng_.reserve(static_cast<size_t>(writers));
    for (int w = 0; w < writers; ++w)
      rng_.push_back(makeEngine(seed, rep, AgentKind::Writer, static_cast<std::uint64_t>(w), Purpose::WriterDecisions));
    const int states = thresholdMode ? feeBuckets : signalBuckets * feeBuckets;
    learner->reset(shared ? 1 : writers, states, actionCount());
    cf_.assign(static_cast<size_t>(actionCount()), 0.0);
  }

  void decide(std::span<const WriterQuote> quotes, std::span<WriterChoice> choices, std::span<std::int32_t> tags,
              int group) override {
    for (size_t i = 0; i < quotes.size(); ++i) {
      const WriterQuote& q = quotes[i];
      if (q.group != group) continue;
      const double feeRate = q.referenceFee() / q.notional;
      const int state = stateOf(q.signal, feeRate);
      const int a = learner->act(agent(q.writer), state, rng_[static_cast<size_t>(q.writer)]);
      tags[i] = a;
      if (thresholdMode) {
        choices[i] = q.signal >= thresholds[static_cast<size_t>(a)] ? WriterChoice::inPool(q.referencePool) : WriterChoice::silo();
        continue;
      }
      choices[i] = choiceAt(a, pools_);
      if (choices[i].action == WriterAction::Abstain) {
        // No position, no settlement: the outcome (0) is known now.
        const double g = q.riskAversion, n = q.notional;
        cf_[0] = utility(q.siloProfit(), n, g);
        for (int k = 0; k < pools_; ++k) cf_[static_cast<size_t>(1 + k)] = utility(q.poolProfit(static_cast<size_t>(k)), n, g);
        cf_[static_cast<size_t>(pools_ + 1)] = 0.0;
        learner->observe(agent(q.writer), state, a, 0.0, cf_, state);
      }
    }
  }

  void learn(std::span<const WriterOutcome> outcomes, int group) override {
    for (const WriterOutcome& o : outcomes) {
      if (o.group != group) continue;
      const double silo = utility(o.counterfactualSilo, o.notional, o.riskAversion);
      const int state = stateOf(o.signal, o.feeRate);
      int action = o.tag;
      if (thresholdMode) {
        const double pool = utility(o.counterfactualPools[static_cast<size_t>(o.referencePool)], o.notional, o.riskAversion);
        for (size_t k = 0; k < thresholds.size(); ++k) cf_[k] = o.signal >= thresholds[k] ? pool : silo;
      } else {
        cf_[0] = silo;
        for (int k = 0; k < pools_; ++k)
          cf_[static_cast<size_t>(1 + k)] = utility(o.counterfactualPools[static_cast<size_t>(k)], o.notional, o.riskAversion);
        cf_[static_cast<size_t>(pools_ + 1)] = 0.0;
        action = choiceIndex(o.choice, pools_);  // what happened (a refused pool request was siloed)
      }
      learner->observe(agent(o.writer), state, action, utility(o.profit, o.notional, o.riskAversion), cf_, state);
    }
  }

 private:
  int agent(int writer) const { return shared ? 0 : writer; }
  // Mean-variance utility of a profit on `notional`, in % of notional.
  static double utility(double profit, double notional, double riskAversion) {
    const double r = profit / notional;
    return 100.0 * (r - 0.5 * riskAversion * r * r);
  }
  int actionCount() const { return thresholdMode ? static_cast<int>(thresholds.size()) : choiceCount(pools_); }
  int stateOf(double signal, double feeRate) const {
    const int f = std::clamp(static_cast<int>(feeRate / feeBucketMaxRate * feeBuckets), 0, feeBuckets - 1);
    if (thresholdMode) return f;
    const int s = std::clamp(static_cast<int>(signal * signalBuckets), 0, signalBuckets - 1);
    return s * feeBuckets + f;
  }

  int pools_ = 1;
  std::vector<Engine> rng_;
  std::vector<double> cf_;
};

std::unique_ptr<WriterStrategy> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, learningWriterStrategy().params, path);
  auto s = std::make_unique<LearningWriter>();
  s->thresholdMode = p.choice("mode") == 1;
  s->signalBuckets = p.integer("signalBuckets");
  s->feeBuckets = p.integer("feeBuckets");
  s->feeBucketMaxRate = p.number("feeBucketMaxRate");
  s->shared = p.flag("shared");
  // The learner object's keys and name are checked here, its params by the learner's own table.
  const nlohmann::json& l = p.raw("learner");
  const std::string lpath = p.pathOf("learner");
  for (auto it = l.begin(); it != l.end(); ++it)
    if (it.key() != "name" && it.key() != "params")
      throw InputError(lpath + "/" + it.key(), "unknown key '" + it.key() + "'; valid keys: name, params");
  if (!l.contains("name") || !l["name"].is_string()) throw InputError(lpath + "/name", "missing required field (a learner name)");
  s->learner = makeLearner(l["name"].get<std::string>(), l.value("params", nlohmann::json::object()), lpath);
  return s;
}

}  // namespace

WriterStrategyInfo learningWriterStrategy() {
  return {"learning",
          "a learner (q-learning, exp3, hedge, regret-matching, fictitious-play, imitation) picks silo/pool k/abstain or a dumping threshold",
          {param::object("learner", {{"name", "hedge"}, {"params", nlohmann::json::object()}},
                         "{\"name\": a learner (mutualab learners), \"params\": its params}"),
           param::choice("mode", "choice", {"choice", "threshold"},
                         "learn silo / pool k / abstain per position, or a dumping threshold"),
           param::integer("signalBuckets", 4, 1, 100, "buckets", "choice mode: the risk signal in [0, 1] cut into this many states"),
           param::integer("feeBuckets", 4, 1, 100, "buckets",
                          "the fee rate in [0, feeBucketMaxRate] cut into this many states (the last open-ended)"),
           param::number("feeBucketMaxRate", 0.03, param::closed(1e-6, 1), "per notional", "where the last fee bucket begins"),
           param::flag("shared", true, "one policy for the whole group (social learning); false: each writer learns alone")},
          make};
}

}  // namespace mutualab
