// The matrix-game engine: each game's stated equilibrium really is one (every
// action in its support earns the same against the other's mix, none
// outside earns more), the engines feed learners the right rewards and
// counterfactuals, and the records (frequencies, regret) are what they say.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "agents/learning/matrix_games.h"

using namespace mutualab;
using nlohmann::json;

namespace {

// Expected payoff of each row action against the column mix, and vice versa.
std::vector<double> rowValues(const MatrixGame& g, const std::vector<double>& colMix) {
  std::vector<double> v(static_cast<std::size_t>(g.rows), 0.0);
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) v[static_cast<std::size_t>(r)] += colMix[static_cast<std::size_t>(c)] * g.row(r, c);
  return v;
}
std::vector<double> colValues(const MatrixGame& g, const std::vector<double>& rowMix) {
  std::vector<double> v(static_cast<std::size_t>(g.cols), 0.0);
  for (int c = 0; c < g.cols; ++c)
    for (int r = 0; r < g.rows; ++r) v[static_cast<std::size_t>(c)] += rowMix[static_cast<std::size_t>(r)] * g.col(r, c);
  return v;
}

// No action earns more than the equilibrium mix against the other's equilibrium mix.
void requireEquilibrium(const MatrixGame& g) {
  INFO(g.name);
  for (const auto& [mix, values] : {std::pair{g.rowEquilibrium, rowValues(g, g.colEquilibrium)},
                                    std::pair{g.colEquilibrium, colValues(g, g.rowEquilibrium)}}) {
    REQUIRE(std::accumulate(mix.begin(), mix.end(), 0.0) == Approx(1.0));
    double played = 0;
    for (std::size_t a = 0; a < mix.size(); ++a) played += mix[a] * values[a];
    for (double v : values) CHECK(v <= played + 1e-12);
  }
}

// A learner that always plays action `a` and records what it was told.
class Scripted final : public Learner {
 public:
  explicit Scripted(int a) : a_(a) {}
  void reset(int agents, int states, int actions) override {
    agents_ = agents, states_ = states, actions_ = actions;
    rewards.clear();
    counterfactuals.clear();
  }
  int act(int, int, Engine&) override { return a_; }
  void observe(int, int, int, double reward, std::span<const double> cf, int) override {
    rewards.push_back(reward);
    counterfactuals.emplace_back(cf.begin(), cf.end());
  }
  void policy(int, int, std::span<double> p) const override {
    for (std::size_t k = 0; k < p.size(); ++k) p[k] = static_cast<int>(k) == a_ ? 1.0 : 0.0;
  }
  int agents_ = 0, states_ = 0, actions_ = 0;
  std::vector<double> rewards;
  std::vector<std::vector<double>> counterfactuals;

 private:
  int a_;
};

}  // namespace

TEST_CASE("each game's stated equilibrium is a Nash equilibrium", "[matrix-games]") {
  requireEquilibrium(matchingPennies());
  requireEquilibrium(rockPaperScissors());
  requireEquilibrium(prisonersDilemma());
  requireEquilibrium(hawkDove(2, 5));
  requireEquilibrium(zeroSum2x2());
  const MatrixGame zs = zeroSum2x2();
  CHECK(zs.rowEquilibrium[0] == Approx(3.0 / 7));
  CHECK(zs.colEquilibrium[0] == Approx(2.0 / 7));
  CHECK(rowValues(zs, zs.colEquilibrium)[0] == Approx(1.0 / 7));  // the value
  CHECK(hawkDove(2, 5).rowEquilibrium[0] == Approx(0.4));
  // Defection strictly dominates in the prisoner's dilemma.
  const MatrixGame pd = prisonersDilemma();
  for (int c = 0; c < 2; ++c) CHECK(pd.row(1, c) > pd.row(0, c));
  CHECK(pd.symmetric());
  CHECK(hawkDove().symmetric());
  CHECK_FALSE(zs.symmetric());
  CHECK_THROWS_AS(zeroSum2x2(1, 2, 3, 4), std::invalid_argument);  // saddle point
  CHECK_THROWS_AS(prisonersDilemma(3, 5, 1, 0), std::invalid_argument);
  CHECK_THROWS_AS(hawkDove(5, 2), std::invalid_argument);
}

TEST_CASE("self-play feeds each player its reward and its counterfactuals against the other's action", "[matrix-games]") {
  const MatrixGame g = zeroSum2x2();  // [[3, -1], [-2, 1]]
  Scripted row(1), col(0);
  PlayOptions o;
  o.rounds = 10;
  o.checkpoints = {5, 10};
  const PlayResult r = playSelf(g, row, col, o);
  CHECK(row.agents_ == 1);
  CHECK(row.states_ == 1);
  CHECK(row.actions_ == 2);
  REQUIRE(row.rewards.size() == 10);
  CHECK(row.rewards[0] == -2.0);
  CHECK(row.counterfactuals[0] == std::vector<double>{3.0, -2.0});
  CHECK(col.rewards[0] == 2.0);
  CHECK(col.counterfactuals[0] == std::vector<double>{2.0, -1.0});
  CHECK(r.row.actionFrequency == std::vector<double>{0.0, 1.0});
  CHECK(r.col.averagePolicy == std::vector<double>{1.0, 0.0});
  CHECK(r.row.lastPolicy == std::vector<double>{0.0, 1.0});
  // The row player always earned -2 where its first action would have earned 3: regret 5 a round.
  CHECK(r.row.averageRegret == std::vector<double>{5.0, 5.0});
  CHECK(r.row.finalAverageRegret == 5.0);
  CHECK(r.col.finalAverageRegret == 0.0);  // the column's 2 was its best
}

TEST_CASE("fixed and adversarial opponents", "[matrix-games]") {
  const MatrixGame g = rockPaperScissors();
  Scripted rock(0);
  PlayOptions o;
  o.rounds = 30000;
  const PlayResult mixed = playAgainst(g, rock, fixedMixOpponent({0.2, 0.3, 0.5}), o);
  CHECK(mixed.col.actionFrequency[0] == Approx(0.2).margin(0.01));
  CHECK(mixed.col.actionFrequency[2] == Approx(0.5).margin(0.01));
  // The adversary plays paper against rock, every round.
  const PlayResult adv = playAgainst(g, rock, adversarialOpponent(g), o);
  CHECK(adv.col.actionFrequency == std::vector<double>{0.0, 1.0, 0.0});
  CHECK(adv.row.finalAverageRegret == 2.0);  // scissors would have won (+1) where rock lost (-1)
}

TEST_CASE("the population game pairs every agent every round", "[matrix-games]") {
  const MatrixGame g = hawkDove(2, 5);
  Scripted dove(1);
  PopulationOptions o;
  o.agents = 10;
  o.rounds = 7;
  o.averageFrom = 0;
  const PopulationResult r = playPopulation(g, dove, o);
  CHECK(dove.agents_ == 10);
  CHECK(dove.rewards.size() == 70);
  for (double x : dove.rewards) CHECK(x == 1.0);  // dove meets dove: V/2
  CHECK(r.averageShare == std::vector<double>{0.0, 1.0});
  CHECK(r.lastShare == std::vector<double>{0.0, 1.0});
  CHECK(r.shareByRound.size() == 14);
  o.agents = 9;
  CHECK_THROWS_AS(playPopulation(g, dove, o), std::invalid_argument);
  o.agents = 10;
  CHECK_THROWS_AS(playPopulation(zeroSum2x2(), dove, o), std::invalid_argument);
}

TEST_CASE("runs depend on the seed and replication alone", "[matrix-games][determinism]") {
  auto run = [](std::uint64_t seed, std::uint64_t rep) {
    auto a = makeLearner("exp3", json::object(), "/a"), b = makeLearner("exp3", json::object(), "/b");
    PlayOptions o;
    o.rounds = 2000;
    o.seed = seed;
    o.replication = rep;
    return playSelf(rockPaperScissors(), *a, *b, o).row.actionFrequency;
  };
  CHECK(run(3, 0) == run(3, 0));
  CHECK(run(3, 0) != run(3, 1));
  CHECK(run(3, 0) != run(4, 0));
}
