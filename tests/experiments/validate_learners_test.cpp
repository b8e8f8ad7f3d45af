// validate-learners: every check passes, covers every learner and game the
// issue names, and each kind of check fails for a learner that does not do
// what it should (so a pass means something).
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <string>

#include "experiments/validate_learners.h"

using namespace mutualab;
using nlohmann::json;

namespace {
void requirePass(const LearnerCheck& c) {
  INFO(c.learner << " | " << c.game << " | " << c.quantity << " | measured " << c.measured << " target " << c.target
                 << " tolerance " << c.tolerance);
  CHECK(std::abs(c.measured - c.target) <= c.tolerance);
  CHECK(c.pass);
}
void requireFail(const LearnerCheck& c) {
  INFO(c.learner << " | " << c.game << " | " << c.quantity << " | measured " << c.measured);
  CHECK_FALSE(std::abs(c.measured - c.target) <= c.tolerance);
  CHECK_FALSE(c.pass);
}
bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("every learner check passes, and the checks cover what issue 4 asks", "[validate-learners]") {
  const std::vector<LearnerCheck> checks = validateLearners(1);
  CHECK(checks.size() == 29);
  for (const LearnerCheck& c : checks) requirePass(c);

  auto count = [&](const std::string& learner, const std::string& game, const std::string& quantity) {
    int n = 0;
    for (const LearnerCheck& c : checks) n += has(c.learner, learner) && c.game == game && has(c.quantity, quantity);
    return n;
  };
  for (const char* l : {"hedge", "regret-matching", "exp3", "fictitious-play"}) {
    INFO(l);
    CHECK(count(l, "matching pennies", "time-avg play") == 1);
    CHECK(count(l, "rock-paper-scissors", "time-avg play") == 1);
  }
  CHECK(count("fictitious-play", "zero-sum 2x2", "time-avg play") == 1);
  for (const char* l : {"q-learning epsilon-greedy", "q-learning softmax", "exp3", "hedge", "regret-matching",
                        "fictitious-play", "imitation"}) {
    INFO(l);
    CHECK(count(l, "prisoner's dilemma", "defect") == 1);
  }
  CHECK(count("imitation", "hawk-dove", "hawk share") == 1);
  for (const char* l : {"hedge", "regret-matching", "exp3"})
    for (const char* g : {"matching pennies", "rock-paper-scissors"}) {
      INFO(l << " " << g);
      CHECK(count(l, g, "slope") == 1);
      CHECK(count(l, g, "avg regret R(t) at t = 32000") == 1);
    }
  for (const LearnerCheck& c : checks)
    if (has(c.quantity, "slope")) CHECK(c.target == -0.5);
}

TEST_CASE("the checks pass under another seed too", "[validate-learners]") {
  for (const LearnerCheck& c : validateLearners(20240611)) requirePass(c);
}

TEST_CASE("each kind of check fails for a learner that does not learn what it should", "[validate-learners]") {
  // Hedge with eta = 0 plays uniformly: right by accident in matching pennies, 0.21 off in the 2x2 game.
  const LearnerSpec frozen{"frozen hedge", "hedge", {{"eta", 0.0}}};
  requirePass(checkEquilibriumPlay(frozen, matchingPennies(), 20000, 0.03, 1, 1));
  const LearnerCheck off = checkEquilibriumPlay(frozen, zeroSum2x2(), 20000, 0.03, 1, 1);
  requireFail(off);
  CHECK(off.measured == Approx(0.5 - 2.0 / 7).margin(0.01));

  // Pure exploration never settles on defection; uniform mutation keeps half the population cooperating.
  requireFail(checkDefection({"random q", "q-learning", {{"epsilon", 1.0}, {"epsilonMin", 1.0}}}, false, 1, 2));
  requireFail(checkDefection({"random imitation", "imitation", {{"mu", 1.0}}}, true, 1, 3));

  // Strong selection (beta 3) moves the Fermi process's rest point to 0.49: no longer replicator dynamics.
  const LearnerCheck strong = checkHawkShare({"strong imitation", "imitation", {{"beta", 3.0}, {"mu", 0.0}}}, 0.03, 1, 4);
  requireFail(strong);
  CHECK(strong.measured == Approx(0.49).margin(0.01));

  // A constant learning rate stops the average regret falling (slope 0, regret 0.05);
  // fictitious play is not a no-regret learner at all against the adversary (regret 0.5).
  for (const LearnerSpec& s : {LearnerSpec{"fixed hedge", "hedge", {{"eta", 0.1}}},
                               LearnerSpec{"fictitious-play", "fictitious-play", json::object()}}) {
    const auto r = checkRegret(s, matchingPennies(), 1, 0.02, 1, 5);
    REQUIRE(r.size() == 2);
    requireFail(r[0]);
    requireFail(r[1]);
    CHECK(r[0].measured == Approx(0.0).margin(0.05));
  }
}

TEST_CASE("validation depends on the seed alone", "[validate-learners][determinism]") {
  const LearnerSpec exp3{"exp3", "exp3", {{"gamma", 1.0}, {"schedule", "anytime"}, {"rewardMin", -1}, {"rewardMax", 1}}};
  const auto a = checkEquilibriumPlay(exp3, rockPaperScissors(), 5000, 0.05, 9, 1);
  const auto b = checkEquilibriumPlay(exp3, rockPaperScissors(), 5000, 0.05, 9, 1);
  const auto c = checkEquilibriumPlay(exp3, rockPaperScissors(), 5000, 0.05, 10, 1);
  CHECK(a.measured == b.measured);
  CHECK(a.measured != c.measured);
  const auto r1 = checkRegret(exp3, matchingPennies(), 2, 0.02, 9, 3), r2 = checkRegret(exp3, matchingPennies(), 2, 0.02, 9, 3);
  CHECK(r1[0].measured == r2[0].measured);
  CHECK(r1[1].measured == r2[1].measured);
}
