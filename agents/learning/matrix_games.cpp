#include "agents/learning/matrix_games.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "agents/learning/learner_support.h"

namespace mutualab {

// ---- games

bool MatrixGame::symmetric() const {
  if (rows != cols || rowActions != colActions) return false;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      if (col(r, c) != row(c, r)) return false;
  return true;
}

namespace {
MatrixGame zeroSum(std::string name, std::vector<std::string> actions, std::vector<double> rowPayoff,
                   std::vector<double> equilibrium) {
  MatrixGame g;
  g.name = std::move(name);
  g.rows = g.cols = static_cast<int>(actions.size());
  g.rowActions = g.colActions = std::move(actions);
  g.rowPayoff = std::move(rowPayoff);
  for (double x : g.rowPayoff) g.colPayoff.push_back(-x);
  g.rowEquilibrium = g.colEquilibrium = std::move(equilibrium);
  return g;
}

// A symmetric game from the row player's payoffs.
MatrixGame symmetricGame(std::string name, std::vector<std::string> actions, std::vector<double> rowPayoff,
                         std::vector<double> equilibrium) {
  MatrixGame g;
  g.name = std::move(name);
  g.rows = g.cols = static_cast<int>(actions.size());
  g.rowActions = g.colActions = std::move(actions);
  g.rowPayoff = std::move(rowPayoff);
  g.colPayoff.resize(g.rowPayoff.size());
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) g.colPayoff[static_cast<std::size_t>(r * g.cols + c)] = g.row(c, r);
  g.rowEquilibrium = g.colEquilibrium = std::move(equilibrium);
  return g;
}
}  // namespace

MatrixGame matchingPennies() {
  return zeroSum("matching pennies", {"heads", "tails"}, {1, -1, -1, 1}, {0.5, 0.5});
}

MatrixGame rockPaperScissors() {
  return zeroSum("rock-paper-scissors", {"rock", "paper", "scissors"}, {0, -1, 1, 1, 0, -1, -1, 1, 0},
                 {1.0 / 3, 1.0 / 3, 1.0 / 3});
}

MatrixGame prisonersDilemma(double t, double r, double p, double s) {
  if (!(t > r && r > p && p > s)) throw std::invalid_argument("prisoner's dilemma needs T > R > P > S");
  return symmetricGame("prisoner's dilemma", {"cooperate", "defect"}, {r, s, t, p}, {0.0, 1.0});
}

MatrixGame hawkDove(double v, double c) {
  if (!(v > 0 && v < c)) throw std::invalid_argument("hawk-dove needs 0 < V < C");
  return symmetricGame("hawk-dove", {"hawk", "dove"}, {(v - c) / 2, v, 0.0, v / 2}, {v / c, 1.0 - v / c});
}

MatrixGame zeroSum2x2(double a, double b, double c, double d) {
  const double den = a - b - c + d;
  const double p = den != 0 ? (d - c) / den : -1;
  const double q = den != 0 ? (d - b) / den : -1;
  if (!(p > 0 && p < 1 && q > 0 && q < 1))
    throw std::invalid_argument("zero-sum 2x2 game has a saddle point: its equilibrium is not interior");
  MatrixGame g = zeroSum("zero-sum 2x2", {"first", "second"}, {a, b, c, d}, {p, 1 - p});
  g.colActions = g.rowActions;
  g.colEquilibrium = {q, 1 - q};
  return g;
}

// ---- two players

namespace {

// Running record of one player: time averages over the window, cumulative
// counterfactual rewards for the regret.
class Recorder {
 public:
  Recorder(int actions, const PlayOptions& o)
      : o_(o), sumPolicy_(static_cast<std::size_t>(actions)), count_(static_cast<std::size_t>(actions)),
        cumReward_(static_cast<std::size_t>(actions)) {}

  // One round: the mixed strategy played, the action drawn, the counterfactual rewards.
  void add(int round, std::span<const double> policy, int action, std::span<const double> cf) {
    if (round >= o_.averageFrom) {
      for (std::size_t a = 0; a < policy.size(); ++a) sumPolicy_[a] += policy[a];
      count_[static_cast<std::size_t>(action)] += 1;
      ++window_;
    }
    for (std::size_t a = 0; a < cf.size(); ++a) {
      cumReward_[a] += cf[a];
      expected_ += policy[a] * cf[a];
    }
    const int t = round + 1;
    while (next_ < o_.checkpoints.size() && o_.checkpoints[next_] <= t) {
      if (o_.checkpoints[next_] == t) trace_.averageRegret.push_back(regret() / t);
      ++next_;
    }
  }

  PlayerTrace finish(std::span<const double> lastPolicy) {
    const double w = window_ > 0 ? static_cast<double>(window_) : 1.0;
    for (std::size_t a = 0; a < sumPolicy_.size(); ++a) {
      trace_.averagePolicy.push_back(sumPolicy_[a] / w);
      trace_.actionFrequency.push_back(count_[a] / w);
    }
    trace_.lastPolicy.assign(lastPolicy.begin(), lastPolicy.end());
    trace_.finalAverageRegret = o_.rounds > 0 ? regret() / o_.rounds : 0.0;
    return std::move(trace_);
  }

 private:
  double regret() const { return *std::max_element(cumReward_.begin(), cumReward_.end()) - expected_; }

  const PlayOptions& o_;
  std::vector<double> sumPolicy_, count_, cumReward_;
  double expected_ = 0;  // sum of <p_t, r_t>
  long long window_ = 0;
  std::size_t next_ = 0;  // next checkpoint
  PlayerTrace trace_;
};

void checkOptions(const PlayOptions& o) {
  if (o.rounds < 1 || o.averageFrom < 0 || o.averageFrom >= o.rounds)
    throw std::invalid_argument("play options need rounds >= 1 and 0 <= averageFrom < rounds");
  if (!std::is_sorted(o.checkpoints.begin(), o.checkpoints.end()))
    throw std::invalid_argument("play options need ascending checkpoints");
}

Engine playerEngine(const PlayOptions& o, int player) {
  return makeEngine(o.seed, o.replication, AgentKind::Writer, static_cast<std::uint64_t>(player), Purpose::WriterDecisions);
}

}  // namespace

PlayResult playSelf(const MatrixGame& game, Learner& row, Learner& col, const PlayOptions& o) {
  checkOptions(o);
  row.reset(1, 1, game.rows);
  col.reset(1, 1, game.cols);
  Engine rowRng = playerEngine(o, 0), colRng = playerEngine(o, 1);
  std::vector<double> rowPolicy(static_cast<std::size_t>(game.rows)), colPolicy(static_cast<std::size_t>(game.cols));
  std::vector<double> rowCf(rowPolicy.size()), colCf(colPolicy.size());
  Recorder rowRec(game.rows, o), colRec(game.cols, o);
  for (int t = 0; t < o.rounds; ++t) {
    row.policy(0, 0, rowPolicy);
    col.policy(0, 0, colPolicy);
    const int r = row.act(0, 0, rowRng);
    const int c = col.act(0, 0, colRng);
    for (int a = 0; a < game.rows; ++a) rowCf[static_cast<std::size_t>(a)] = game.row(a, c);
    for (int b = 0; b < game.cols; ++b) colCf[static_cast<std::size_t>(b)] = game.col(r, b);
    row.observe(0, 0, r, game.row(r, c), rowCf, -1);
    col.observe(0, 0, c, game.col(r, c), colCf, -1);
    rowRec.add(t, rowPolicy, r, rowCf);
    colRec.add(t, colPolicy, c, colCf);
  }
  row.policy(0, 0, rowPolicy);
  col.policy(0, 0, colPolicy);
  return {rowRec.finish(rowPolicy), colRec.finish(colPolicy)};
}

Opponent fixedMixOpponent(std::vector<double> mix) {
  return [mix = std::move(mix)](std::span<const double>, Engine& rng) { return learning::sample(mix, rng); };
}

Opponent adversarialOpponent(const MatrixGame& game) {
  return [game](std::span<const double> rowPolicy, Engine&) {
    int best = 0;
    double lowest = 0;
    for (int c = 0; c < game.cols; ++c) {
      double v = 0;
      for (int r = 0; r < game.rows; ++r) v += rowPolicy[static_cast<std::size_t>(r)] * game.row(r, c);
      if (c == 0 || v < lowest) best = c, lowest = v;
    }
    return best;
  };
}

PlayResult playAgainst(const MatrixGame& game, Learner& row, const Opponent& opponent, const PlayOptions& o) {
  checkOptions(o);
  row.reset(1, 1, game.rows);
  Engine rowRng = playerEngine(o, 0), oppRng = playerEngine(o, 1);
  std::vector<double> rowPolicy(static_cast<std::size_t>(game.rows)), rowCf(rowPolicy.size());
  std::vector<double> oppCount(static_cast<std::size_t>(game.cols));
  Recorder rowRec(game.rows, o);
  for (int t = 0; t < o.rounds; ++t) {
    row.policy(0, 0, rowPolicy);
    const int c = opponent(rowPolicy, oppRng);
    const int r = row.act(0, 0, rowRng);
    for (int a = 0; a < game.rows; ++a) rowCf[static_cast<std::size_t>(a)] = game.row(a, c);
    row.observe(0, 0, r, game.row(r, c), rowCf, -1);
    rowRec.add(t, rowPolicy, r, rowCf);
    if (t >= o.averageFrom) oppCount[static_cast<std::size_t>(c)] += 1;
  }
  row.policy(0, 0, rowPolicy);
  PlayResult out{rowRec.finish(rowPolicy), {}};
  for (double& n : oppCount) n /= o.rounds - o.averageFrom;
  out.col.actionFrequency = out.col.averagePolicy = oppCount;
  return out;
}

// ---- population

PopulationResult playPopulation(const MatrixGame& game, Learner& learner, const PopulationOptions& o) {
  if (!game.symmetric()) throw std::invalid_argument("population games need a symmetric game");
  if (o.agents < 2 || o.agents % 2 != 0) throw std::invalid_argument("population games need an even number of agents");
  if (o.rounds < 1 || o.averageFrom < 0 || o.averageFrom >= o.rounds)
    throw std::invalid_argument("population options need rounds >= 1 and 0 <= averageFrom < rounds");
  const int n = o.agents, k = game.rows;
  learner.reset(n, 1, k);
  std::vector<Engine> rng;
  rng.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    rng.push_back(makeEngine(o.seed, o.replication, AgentKind::Writer, static_cast<std::uint64_t>(i), Purpose::WriterDecisions));
  Engine matcher = makeEngine(o.seed, o.replication, AgentKind::Market, 0, Purpose::WriterDecisions);
  std::vector<int> action(static_cast<std::size_t>(n)), order(static_cast<std::size_t>(n));
  std::vector<double> cf(static_cast<std::size_t>(k));
  PopulationResult out;
  out.averageShare.assign(static_cast<std::size_t>(k), 0.0);
  out.shareByRound.assign(static_cast<std::size_t>(o.rounds) * static_cast<std::size_t>(k), 0.0);
  auto pay = [&](int i, int partner) {
    const int mine = action[static_cast<std::size_t>(i)], theirs = action[static_cast<std::size_t>(partner)];
    for (int a = 0; a < k; ++a) cf[static_cast<std::size_t>(a)] = game.row(a, theirs);
    learner.observe(i, 0, mine, game.row(mine, theirs), cf, -1);
  };
  std::vector<long long> count(static_cast<std::size_t>(k)), windowCount(static_cast<std::size_t>(k));
  for (int t = 0; t < o.rounds; ++t) {
    std::fill(count.begin(), count.end(), 0);
    for (int i = 0; i < n; ++i) {
      action[static_cast<std::size_t>(i)] = learner.act(i, 0, rng[static_cast<std::size_t>(i)]);
      ++count[static_cast<std::size_t>(action[static_cast<std::size_t>(i)])];
    }
    // Uniform random pairing: a Fisher-Yates shuffle, then neighbours meet.
    std::iota(order.begin(), order.end(), 0);
    for (int i = n - 1; i > 0; --i)
      std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(learning::uniformIndex(i + 1, matcher))]);
    for (int p = 0; p < n; p += 2) {
      const int a = order[static_cast<std::size_t>(p)], b = order[static_cast<std::size_t>(p + 1)];
      pay(a, b);
      pay(b, a);
    }
    // Shares from integer counts, so a unanimous population shows exactly 1.
    for (std::size_t a = 0; a < count.size(); ++a) {
      out.shareByRound[static_cast<std::size_t>(t) * count.size() + a] = static_cast<double>(count[a]) / n;
      if (t >= o.averageFrom) windowCount[a] += count[a];
    }
  }
  const double window = static_cast<double>(n) * (o.rounds - o.averageFrom);
  for (std::size_t a = 0; a < count.size(); ++a) out.averageShare[a] = static_cast<double>(windowCount[a]) / window;
  out.lastShare.assign(out.shareByRound.end() - k, out.shareByRound.end());
  return out;
}

}  // namespace mutualab
