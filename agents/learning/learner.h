// Discrete-action learners (MODEL.md section 4). One object holds the
// learning state of a whole population (flat arrays indexed by agent, state
// and action), so a market strategy or a matrix game drives N agents through
// one object with no allocation per decision. The same learners play the
// classic matrix games (validate-learners) and the market (writer and LP
// strategies), so what is shown correct on the games is what runs in the
// market.
//
// Protocol, per decision: act() samples an action from the agent's current
// policy in a state; later observe() reports the reward of the action taken
// and, when the simulator can compute them, the counterfactual rewards every
// action would have earned in the same circumstances (full information).
// Bandit learners (EXP3, Q-learning) use only the realized reward; Hedge,
// regret matching and fictitious play need the counterfactuals.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/param_spec.h"
#include "core/rng.h"

namespace mutualab {

class Learner {
 public:
  virtual ~Learner() = default;

  // Sizes and clears the state for `agents` x `states` x `actions`. Called
  // once before use (allocation happens here, never in act/observe).
  virtual void reset(int agents, int states, int actions) = 0;

  // Samples an action for `agent` in `state`, drawing from `rng` only.
  virtual int act(int agent, int state, Engine& rng) = 0;

  // Reports the outcome of a decision made in `state`: the reward of `action`
  // and, if non-empty, `counterfactual[a]` = the reward action a would have
  // earned (counterfactual[action] == reward). `nextState` is the state the
  // agent is in now (for temporal-difference learners; -1 = episode ended).
  virtual void observe(int agent, int state, int action, double reward, std::span<const double> counterfactual,
                       int nextState) = 0;

  // The agent's current mixed strategy in `state` (probabilities summing to 1).
  virtual void policy(int agent, int state, std::span<double> probs) const = 0;

  // True if observe() requires counterfactual rewards (full-information learners).
  virtual bool needsCounterfactuals() const { return false; }
};

struct LearnerInfo {
  const char* name;         // registry name, e.g. "q-learning"
  const char* description;  // one line for listings
  ParamTable params;        // every parameter, declared once (core/param_spec.h)
  // Builds the learner; throws InputError (path under `path`) on bad params.
  std::unique_ptr<Learner> (*make)(const nlohmann::json& params, const std::string& path);

  nlohmann::json defaults() const { return paramDefaults(params); }  // every parameter with its default
};

// The table of learners, by name.
const std::vector<LearnerInfo>& learners();
// Builds a learner by name; an unknown name throws InputError at `path` + "/name" listing the valid ones.
std::unique_ptr<Learner> makeLearner(const std::string& name, const nlohmann::json& params, const std::string& path);

}  // namespace mutualab
