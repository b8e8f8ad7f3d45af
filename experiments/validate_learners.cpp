#include "experiments/validate_learners.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace mutualab {

namespace {

LearnerCheck verdict(const LearnerSpec& spec, const MatrixGame& game, std::string quantity, double measured, double target,
                  double tolerance) {
  // A NaN measurement compares false, so it fails.
  return {spec.label, game.name, std::move(quantity), measured, target, tolerance, std::abs(measured - target) <= tolerance};
}

std::unique_ptr<Learner> build(const LearnerSpec& spec) { return makeLearner(spec.name, spec.params, "/" + spec.label); }

double maxDeviation(const std::vector<double>& x, const std::vector<double>& target) {
  double m = 0;
  for (std::size_t a = 0; a < x.size(); ++a) m = std::max(m, std::abs(x[a] - target[a]));
  return m;
}

// Least-squares slope of y on x.
double slope(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sx += x[i], sy += y[i], sxx += x[i] * x[i], sxy += x[i] * y[i];
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

}  // namespace

LearnerCheck checkEquilibriumPlay(const LearnerSpec& spec, const MatrixGame& game, int rounds, double tolerance,
                                  std::uint64_t seed, std::uint64_t replication) {
  auto row = build(spec), col = build(spec);
  PlayOptions o;
  o.rounds = rounds;
  o.seed = seed;
  o.replication = replication;
  const PlayResult r = playSelf(game, *row, *col, o);
  const double dev = std::max(maxDeviation(r.row.actionFrequency, game.rowEquilibrium),
                              maxDeviation(r.col.actionFrequency, game.colEquilibrium));
  return verdict(spec, game, "time-avg play: max |freq - equilibrium|, " + std::to_string(rounds) + " rounds", dev,
              0.0, tolerance);
}

LearnerCheck checkDefection(const LearnerSpec& spec, bool population, std::uint64_t seed, std::uint64_t replication) {
  const MatrixGame game = prisonersDilemma();  // T 5 > R 3 > P 1 > S 0
  // Target: all defect. 0.1 leaves room for the exploration the learners are
  // configured to keep (epsilon floor 0.01, softmax floor 0.2 -> 0.7% cooperation,
  // mutation 0.01 -> 0.5%): the issue asks for a late defection share >= 0.9.
  constexpr double kTolerance = 0.1;
  if (population) {
    auto learner = build(spec);
    PopulationOptions o;
    o.agents = 200;
    o.rounds = 1000;
    o.averageFrom = 800;
    o.seed = seed;
    o.replication = replication;
    const PopulationResult r = playPopulation(game, *learner, o);
    return verdict(spec, game, "late defection share (200 agents, rounds 800-1000)", r.averageShare[1], 1.0, kTolerance);
  }
  auto row = build(spec), col = build(spec);
  PlayOptions o;
  o.rounds = 5000;
  o.averageFrom = 4000;
  o.seed = seed;
  o.replication = replication;
  const PlayResult r = playSelf(game, *row, *col, o);
  return verdict(spec, game, "late P(defect), lower of 2 players (rounds 4000-5000)",
              std::min(r.row.averagePolicy[1], r.col.averagePolicy[1]), 1.0, kTolerance);
}

LearnerCheck checkHawkShare(const LearnerSpec& spec, double tolerance, std::uint64_t seed, std::uint64_t replication) {
  const MatrixGame game = hawkDove(2, 5);
  auto learner = build(spec);
  PopulationOptions o;
  o.agents = 1000;
  o.rounds = 2000;
  o.averageFrom = 1000;
  o.seed = seed;
  o.replication = replication;
  const PopulationResult r = playPopulation(game, *learner, o);
  return verdict(spec, game, "hawk share (1000 agents, rounds 1000-2000) vs V/C", r.averageShare[0], 2.0 / 5.0, tolerance);
}

std::vector<LearnerCheck> checkRegret(const LearnerSpec& spec, const MatrixGame& game, int runs, double bound,
                                      std::uint64_t seed, std::uint64_t replication) {
  if (runs < 1 || runs > 1000) throw std::invalid_argument("checkRegret: runs must be in [1, 1000]");
  PlayOptions o;
  o.rounds = 32000;
  o.seed = seed;
  for (int t = 500; t <= o.rounds; t *= 2) o.checkpoints.push_back(t);
  std::vector<double> mean(o.checkpoints.size(), 0.0);
  for (int run = 0; run < runs; ++run) {
    auto learner = build(spec);
    o.replication = replication * 1000 + static_cast<std::uint64_t>(run);
    const PlayResult r = playAgainst(game, *learner, adversarialOpponent(game), o);
    for (std::size_t i = 0; i < mean.size(); ++i) mean[i] += r.row.averageRegret[i] / runs;
  }
  std::vector<double> logT, logRegret;
  for (std::size_t i = 0; i < mean.size(); ++i) {
    logT.push_back(std::log(o.checkpoints[i]));
    logRegret.push_back(mean[i] > 0 ? std::log(mean[i]) : std::numeric_limits<double>::quiet_NaN());
  }
  const std::string over = runs > 1 ? " (" + std::to_string(runs) + " runs)" : "";
  // Slope tolerance 0.15: the alternatives are 0.5 away (slope 0: no learning,
  // e.g. Hedge with a fixed rate or fictitious play; slope -1: regret bounded by
  // a constant, impossible against this adversary), and EXP3's sampling noise
  // moves the slope of a 32-run mean by about 0.04 (sd over seeds).
  return {verdict(spec, game, "slope of log R(t) on log t, t 500..32000, vs adversary" + over,
               slope(logT, logRegret), -0.5, 0.15),
          verdict(spec, game, "avg regret R(t) at t = 32000, vs adversary" + over, mean.back(), 0.0, bound)};
}

std::vector<LearnerCheck> validateLearners(std::uint64_t seed) {
  // The learners as validated. Hedge and EXP3 use their anytime schedules
  // (rate / sqrt(t)): a constant rate is tuned for one horizon and its average
  // regret stops falling (the regret checks would catch it). EXP3 maps the
  // game's payoff range onto [0, 1].
  const LearnerSpec hedge{"hedge (eta 1/sqrt(t))", "hedge", {{"eta", 1.0}, {"schedule", "anytime"}}};
  const LearnerSpec rm{"regret-matching", "regret-matching", nlohmann::json::object()};
  const LearnerSpec fp{"fictitious-play", "fictitious-play", nlohmann::json::object()};
  auto exp3 = [](double lo, double hi) {
    return LearnerSpec{"exp3 (gamma 1/sqrt(t))", "exp3",
                       {{"gamma", 1.0}, {"schedule", "anytime"}, {"rewardMin", lo}, {"rewardMax", hi}}};
  };
  std::vector<LearnerCheck> out;
  std::uint64_t rep = 1;  // each check its own streams

  // Time-averaged play in zero-sum games. Full information, 20000 rounds,
  // tolerance 0.03: the empirical play of two no-regret learners is an
  // (e1 + e2)-equilibrium, e = average regret, about 0.01 each after 20000
  // rounds here, which in these games keeps every frequency within about that
  // of the equilibrium; the sampling noise of a frequency adds sd <= 0.0035.
  // Measured over seeds 1-250: at most 0.013. Fictitious play converges by
  // Robinson's theorem (1951), at a similar rate here. EXP3 sees one sampled
  // reward a round, and its regret bound is about sqrt(K ln K) times larger:
  // 50000 rounds, tolerance 0.05 (measured over seeds 1-300: median 0.004 /
  // 0.010, max 0.019 / 0.029 in matching pennies / rock-paper-scissors).
  constexpr int kRounds = 20000, kBanditRounds = 50000;
  constexpr double kTolerance = 0.03, kBanditTolerance = 0.05;
  for (const MatrixGame& g : {matchingPennies(), rockPaperScissors()}) {
    for (const LearnerSpec& s : {hedge, rm}) out.push_back(checkEquilibriumPlay(s, g, kRounds, kTolerance, seed, rep++));
    out.push_back(checkEquilibriumPlay(exp3(-1, 1), g, kBanditRounds, kBanditTolerance, seed, rep++));
    out.push_back(checkEquilibriumPlay(fp, g, kRounds, kTolerance, seed, rep++));
  }
  const MatrixGame zs = zeroSum2x2();  // equilibrium (3/7, 2/7): uniform play misses it by 0.21
  out.push_back(checkEquilibriumPlay(fp, zs, kRounds, kTolerance, seed, rep++));

  // Defection in the one-shot prisoner's dilemma (tolerance: checkDefection).
  // Lowest measured over seeds 1-250: 0.981 (softmax Q-learning), 0.986
  // (imitation), 0.989 (EXP3), 0.995 (epsilon-greedy), 1 (the full-information learners).
  const LearnerSpec qGreedy{"q-learning epsilon-greedy", "q-learning",
                            {{"alpha", 0.1}, {"gamma", 0.0}, {"exploration", "epsilon-greedy"}, {"epsilon", 0.2},
                             {"epsilonDecay", 0.999}, {"epsilonMin", 0.01}}};
  // Annealed from warm to a floor of 0.2 (P(defect) = 0.993 at a Q gap of 1):
  // a softmax that starts cold can lock two learners into cooperation (stale Q values).
  const LearnerSpec qSoft{"q-learning softmax", "q-learning",
                          {{"alpha", 0.1}, {"gamma", 0.0}, {"exploration", "softmax"}, {"temperature", 2.0},
                           {"temperatureDecay", 0.999}, {"temperatureMin", 0.2}}};
  const LearnerSpec imitation{"imitation (beta 1, mu 0.01)", "imitation", {{"beta", 1.0}, {"mu", 0.01}}};
  for (const LearnerSpec& s : {qGreedy, qSoft, exp3(0, 5), hedge, rm, fp}) out.push_back(checkDefection(s, false, seed, rep++));
  out.push_back(checkDefection(imitation, true, seed, rep++));

  // Hawk share V/C under imitation. Weak selection (beta 0.3) so that the Fermi
  // process tracks the replicator dynamics: its mean-field rest point is 0.4067
  // (0.4057 from the Fermi curve's nonlinearity, +0.001 from mutation 0.001);
  // 1000 agents averaged over 1000 rounds fluctuate with sd about 0.005.
  // Tolerance 0.03 = that bias + 4.5 sd (measured over seeds 1-250: 0.396 to
  // 0.419); uniform play (0.5), strong selection (beta 3: 0.49) and the pure
  // outcomes are far outside.
  out.push_back(checkHawkShare({"imitation (beta 0.3, mu 0.001)", "imitation", {{"beta", 0.3}, {"mu", 0.001}}}, 0.03,
                               seed, rep++));

  // No regret against the adversary that best-responds to the learner's
  // current mix. Bound 0.02 at t = 32000: regret matching's guarantee
  // R sqrt(K / t) with payoff range R = 2 is 0.016 (matching pennies) and 0.019
  // (rock-paper-scissors); Hedge and EXP3 are held to the same. Learners that
  // do not learn stay far above it (fixed-rate Hedge 0.05, fictitious play 0.5).
  // Hedge and regret matching update on counterfactuals and the adversary is
  // deterministic, so their rows do not depend on the seed; EXP3's do (over
  // seeds 1-250: slope -0.61 to -0.42, R(32000) at most 0.016).
  for (const MatrixGame& g : {matchingPennies(), rockPaperScissors()})
    for (const auto& [s, runs] : {std::pair{hedge, 1}, std::pair{rm, 1}, std::pair{exp3(-1, 1), 32}})
      for (LearnerCheck& c : checkRegret(s, g, runs, 0.02, seed, rep++)) out.push_back(std::move(c));
  return out;
}

}  // namespace mutualab
