// Classic normal-form games and a small engine that plays the learners in
// them, so each learner can be checked against a known equilibrium before it
// runs in the market (MODEL.md section 4, `mutualab validate-learners`).
//
// [SECTION] Games: payoff matrices with their known equilibrium
// [SECTION] Two players: learner vs learner (self-play), learner vs a fixed opponent
// [SECTION] Population: N agents under one learner, randomly paired each round
//
// Random streams: the row player (or population agent i) draws from
// (seed, replication, Writer, i, WriterDecisions); the column player of a
// self-play game is Writer 1, a fixed opponent Writer 1, and the random
// pairing of a population game (Market, 0, WriterDecisions). Independent runs
// with one seed differ by replication.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "agents/learning/learner.h"

namespace mutualab {

// [SECTION] Games

// A two-player game in normal form. Payoffs are row-major: entry r * cols + c
// is the outcome when the row player plays r and the column player c.
struct MatrixGame {
  std::string name;
  int rows = 0;                         // actions of the row player (player 0)
  int cols = 0;                         // actions of the column player (player 1)
  std::vector<std::string> rowActions;  // labels, e.g. "heads"
  std::vector<std::string> colActions;
  std::vector<double> rowPayoff;        // reward of the row player
  std::vector<double> colPayoff;        // reward of the column player
  std::vector<double> rowEquilibrium;   // the row player's equilibrium mix the checks compare against
  std::vector<double> colEquilibrium;   // the column player's

  double row(int r, int c) const { return rowPayoff[static_cast<std::size_t>(r * cols + c)]; }
  double col(int r, int c) const { return colPayoff[static_cast<std::size_t>(r * cols + c)]; }
  // Symmetric: same actions, and the column player's payoffs are the transpose of the row player's.
  bool symmetric() const;
};

// Zero-sum, +1 to the row player on a match; unique equilibrium (1/2, 1/2) for both.
MatrixGame matchingPennies();
// Zero-sum, win +1 / lose -1 / tie 0; unique equilibrium (1/3, 1/3, 1/3) for both.
MatrixGame rockPaperScissors();
// One-shot prisoner's dilemma, actions (cooperate, defect); requires T > R > P > S.
// Defection strictly dominates: the unique equilibrium is (defect, defect).
MatrixGame prisonersDilemma(double t = 5, double r = 3, double p = 1, double s = 0);
// Hawk-dove with value V < cost C, actions (hawk, dove): hawk-hawk (V-C)/2 each,
// hawk-dove V / 0, dove-dove V/2 each. The mixed ESS (the rest point of the
// replicator dynamics) has hawk share V/C; requires 0 < V < C.
MatrixGame hawkDove(double v = 2, double c = 5);
// Zero-sum 2x2, row payoffs [[a, b], [c, d]] (the column player gets the
// negative), with no saddle point, so the unique equilibrium is interior:
// row plays its first action with (d - c) / (a - b - c + d), column its first
// with (d - b) / (a - b - c + d). The default has equilibrium (3/7, 2/7), value 1/7.
// Throws std::invalid_argument if the equilibrium is not interior.
MatrixGame zeroSum2x2(double a = 3, double b = -1, double c = -2, double d = 1);

// [SECTION] Two players

struct PlayOptions {
  int rounds = 10000;             // rounds played
  int averageFrom = 0;            // first round (0-based) counted in the time averages ("late" play if > 0)
  std::vector<int> checkpoints;   // round counts t (ascending, <= rounds) at which average regret is recorded
  std::uint64_t seed = 1;         // the user's seed
  std::uint64_t replication = 0;  // separates independent runs under one seed
};

// One player's record of a run.
struct PlayerTrace {
  std::vector<double> averagePolicy;    // mean of the mixed strategies played over [averageFrom, rounds)
  std::vector<double> actionFrequency;  // share of those rounds each action was played (empirical frequency)
  std::vector<double> lastPolicy;       // the mixed strategy after the last round (last iterate)
  // External regret per round, at each checkpoint t: (max_a sum_s r_s(a) - sum_s <p_s, r_s>) / t, where
  // r_s(a) is what action a would have earned against the opponent's realized action in round s and p_s
  // the mixed strategy played then. Using <p_s, r_s> rather than the realized reward removes the noise
  // of the player's own draw, which is no part of what it learned.
  std::vector<double> averageRegret;
  double finalAverageRegret = 0;  // the same after the last round
};

struct PlayResult {
  PlayerTrace row;
  PlayerTrace col;
};

// Two learners, each reset to 1 agent x 1 state, play `rounds` rounds. Each
// observes its realized reward and the counterfactual rewards of all its
// actions against the opponent's realized action.
PlayResult playSelf(const MatrixGame& game, Learner& row, Learner& col, const PlayOptions& options);

// A column player that does not learn: picks its action from the row
// learner's current mixed strategy (it may ignore it) and its own stream.
using Opponent = std::function<int(std::span<const double> rowPolicy, Engine& rng)>;
// Plays a fixed mixed strategy, whatever the learner does.
Opponent fixedMixOpponent(std::vector<double> mix);
// The adaptive adversary: the column that minimizes the row learner's
// expected reward under its current mixed strategy (lowest index on ties).
// Against it a no-regret learner's regret grows like sqrt(t), the worst case.
Opponent adversarialOpponent(const MatrixGame& game);

// The row learner (1 agent x 1 state) against a non-learning opponent; the
// opponent's trace holds its action frequencies only.
PlayResult playAgainst(const MatrixGame& game, Learner& row, const Opponent& opponent, const PlayOptions& options);

// [SECTION] Population

struct PopulationOptions {
  int agents = 1000;              // population size (even: everyone is paired every round)
  int rounds = 2000;              // rounds played
  int averageFrom = 1000;         // first round (0-based) counted in averageShare
  std::uint64_t seed = 1;         // the user's seed
  std::uint64_t replication = 0;  // separates independent runs under one seed
};

struct PopulationResult {
  std::vector<double> averageShare;  // mean share of each action over rounds [averageFrom, rounds)
  std::vector<double> lastShare;     // share of each action in the last round
  std::vector<double> shareByRound;  // [round * actions + a]: share of action a in each round
};

// One learner drives all agents (reset to agents x 1 state) in a symmetric
// game: each round every agent acts, the population is paired uniformly at
// random, and each agent observes its payoff against its partner's action
// (with the counterfactuals of all its actions). Throws std::invalid_argument
// if the game is not symmetric or agents is odd.
PopulationResult playPopulation(const MatrixGame& game, Learner& learner, const PopulationOptions& options);

}  // namespace mutualab
