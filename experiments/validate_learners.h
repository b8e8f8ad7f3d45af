// validate-learners: each learner plays the classic matrix games and is
// checked against the known answer (MODEL.md sections 4 and 7, issue 4):
// time-averaged play near the mixed equilibrium of matching pennies,
// rock-paper-scissors and a zero-sum 2x2 game, defection in the one-shot
// prisoner's dilemma, the hawk share V/C of hawk-dove under imitation
// (replicator) dynamics, and no-regret learners' average regret falling like
// 1/sqrt(t). Every number depends on the seed alone. The tolerances and why
// they are what they are: validate_learners.cpp, next to each check.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agents/learning/matrix_games.h"

namespace mutualab {

struct LearnerCheck {
  std::string learner;   // the learner as configured, e.g. "hedge (eta 1/sqrt(t))"
  std::string game;      // e.g. "matching pennies"
  std::string quantity;  // what was measured
  double measured = 0;
  double target = 0;
  double tolerance = 0;  // pass iff |measured - target| <= tolerance
  bool pass = false;
};

// Runs every check (29 of them; about 0.8 s in Release on one core).
std::vector<LearnerCheck> validateLearners(std::uint64_t seed);

// ---- the single checks, exposed so tests can show that each one fails for a
// learner that does not do what it should. `replication` keeps the streams
// of different checks under one seed apart.

// A learner as a check builds it: a registry name, its parameters, a label for the table.
struct LearnerSpec {
  std::string label;
  std::string name;
  nlohmann::json params = nlohmann::json::object();
};

// Self-play: the empirical frequencies of both players' actions over `rounds`
// rounds; measured = the largest |frequency - equilibrium| over players and actions.
LearnerCheck checkEquilibriumPlay(const LearnerSpec& spec, const MatrixGame& game, int rounds, double tolerance,
                                  std::uint64_t seed, std::uint64_t replication);

// One-shot prisoner's dilemma: the late (last fifth of the rounds) share of
// defection, for self-play or, with population = true, a randomly paired
// population. measured = the smaller of the two players' shares (self-play).
LearnerCheck checkDefection(const LearnerSpec& spec, bool population, std::uint64_t seed, std::uint64_t replication);

// Hawk-dove (V = 2, C = 5) in a randomly paired population of 1000 agents:
// the hawk share averaged over the second half of 2000 rounds, against V/C.
LearnerCheck checkHawkShare(const LearnerSpec& spec, double tolerance, std::uint64_t seed, std::uint64_t replication);

// Against the adversarial opponent (matrix_games.h) for 32000 rounds, the
// average regret at t = 500, 1000, ..., 32000 (mean over `runs` independent
// runs: a bandit learner's guarantee is on expected regret). Returns two
// checks: the least-squares slope of log(average regret) on log(t), target
// -0.5, and the average regret at t = 32000, target 0 within `bound`.
std::vector<LearnerCheck> checkRegret(const LearnerSpec& spec, const MatrixGame& game, int runs, double bound,
                                      std::uint64_t seed, std::uint64_t replication);

}  // namespace mutualab
