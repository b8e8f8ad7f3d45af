// The learners, one rule at a time, with exact expectations: Hedge's weights
// are the closed form, regret matching plays its regrets, EXP3 never drops
// below gamma/K, Q-learning does its TD arithmetic, fictitious play best
// responds, imitation adopts with the Fermi probability; bad parameters are
// refused with their JSON path; the same seed gives the same actions; and
// nothing allocates once reset() has sized the tables.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <set>
#include <string>
#include <vector>

#include "agents/learning/learner.h"
#include "core/errors.h"
#include "support/param_table_checks.h"

using namespace mutualab;
using nlohmann::json;

// Counts heap allocations while armed, to show act/observe/policy allocate nothing.
namespace {
std::atomic<bool> gCountAllocations{false};
std::atomic<long> gAllocations{0};
}  // namespace

// Every plain and nothrow form is replaced, all on malloc/free, so the forms
// stay matched (also under AddressSanitizer). GCC's -Wmismatched-new-delete
// cannot see that they match when it inlines a delete into library code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
namespace {
void* countedAlloc(std::size_t n) noexcept {
  if (gCountAllocations.load(std::memory_order_relaxed)) gAllocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n == 0 ? 1 : n);
}
}  // namespace
void* operator new(std::size_t n) {
  if (void* p = countedAlloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  if (void* p = countedAlloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return countedAlloc(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return countedAlloc(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace {

std::unique_ptr<Learner> learner(const std::string& name, const json& params = json::object()) {
  return makeLearner(name, params, "/learner");
}

std::vector<double> policyOf(const Learner& l, int agent, int state, int actions) {
  std::vector<double> p(static_cast<std::size_t>(actions));
  l.policy(agent, state, p);
  return p;
}

Engine testEngine(std::uint64_t agent = 0) { return makeEngine(42, 0, AgentKind::Writer, agent, Purpose::Test); }

// The InputError message of building `name` with `params`.
std::string refusal(const std::string& name, const json& params) {
  try {
    makeLearner(name, params, "/writers/strategies/0/params/learner");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("the registry lists the six learners, each buildable from its defaults", "[learners]") {
  std::set<std::string> names;
  for (const LearnerInfo& l : learners()) {
    names.insert(l.name);
    CHECK(std::string(l.description).size() > 20);
    REQUIRE(l.defaults().is_object());
    auto fromEmpty = l.make(json::object(), "/x");
    auto fromDefaults = l.make(l.defaults(), "/x");
    REQUIRE(fromEmpty);
    REQUIRE(fromDefaults);
    fromEmpty->reset(3, 2, 4);
    const auto p = policyOf(*fromEmpty, 2, 1, 4);
    CHECK(p[0] + p[1] + p[2] + p[3] == Approx(1.0));
  }
  CHECK(names == std::set<std::string>{"q-learning", "exp3", "hedge", "regret-matching", "fictitious-play", "imitation"});
  CHECK_FALSE(learner("q-learning")->needsCounterfactuals());
  CHECK_FALSE(learner("exp3")->needsCounterfactuals());
  CHECK_FALSE(learner("imitation")->needsCounterfactuals());
  CHECK(learner("hedge")->needsCounterfactuals());
  CHECK(learner("regret-matching")->needsCounterfactuals());
  CHECK(learner("fictitious-play")->needsCounterfactuals());
}

TEST_CASE("every learner's parameter table is well formed, its defaults valid, its ranges enforced", "[learners][params]") {
  for (const LearnerInfo& l : learners()) testing::checkParamTable(l);
}

TEST_CASE("bad learner names and parameters are refused with their JSON path", "[learners][bad-input]") {
  const std::string unknown = refusal("sarsa", json::object());
  CHECK_THAT(unknown, Catch::Contains("/writers/strategies/0/params/learner/name") && Catch::Contains("sarsa") &&
                          Catch::Contains("q-learning") && Catch::Contains("imitation"));
  const std::string base = "/writers/strategies/0/params/learner/params/";
  struct Case {
    const char* name;
    json params;
    std::string path;
  };
  const Case cases[] = {
      {"hedge", {{"eta", -1}}, base + "eta"},
      {"hedge", {{"etta", 1}}, base + "etta"},
      {"hedge", {{"schedule", "sometimes"}}, base + "schedule"},
      {"q-learning", {{"alpha", "fast"}}, base + "alpha"},
      {"q-learning", {{"alpha", 1.5}}, base + "alpha"},
      {"q-learning", {{"exploration", "greedy"}}, base + "exploration"},
      {"q-learning", {{"epsilon", 0.05}, {"epsilonMin", 0.1}}, base + "epsilonMin"},
      {"q-learning", {{"temperature", 0}}, base + "temperature"},
      {"q-learning", {{"temperature", 0.5}, {"temperatureMin", 1.0}}, base + "temperatureMin"},
      {"exp3", {{"gamma", 0}}, base + "gamma"},
      {"exp3", {{"gamma", 2}}, base + "gamma"},  // fixed schedule: a share in (0, 1]
      {"exp3", {{"rewardMin", 1}, {"rewardMax", 1}}, base + "rewardMax"},
      {"regret-matching", {{"plus", 1}}, base + "plus"},
      {"fictitious-play", {{"temperature", -0.1}}, base + "temperature"},
      {"imitation", {{"mu", 1.1}}, base + "mu"},
      {"imitation", {{"beta", nullptr}}, base + "beta"},
  };
  for (const Case& c : cases) {
    INFO(c.name << " " << c.params.dump());
    CHECK_THAT(refusal(c.name, c.params), Catch::Contains(c.path));
  }
  CHECK_THAT(refusal("hedge", json::array()), Catch::Contains("/writers/strategies/0/params/learner/params"));
  CHECK(refusal("exp3", {{"gamma", 2}, {"schedule", "anytime"}}) == "(accepted)");  // anytime: a scale of 1/sqrt(t)
}

TEST_CASE("Hedge plays exp(eta * cumulative counterfactual reward), normalized", "[learners][hedge]") {
  auto h = learner("hedge", {{"eta", 0.5}});
  h->reset(2, 2, 3);
  const auto uniform = policyOf(*h, 0, 0, 3);
  for (double p : uniform) CHECK(p == Approx(1.0 / 3));
  const std::vector<double> r1{1.0, 0.0, -1.0}, r2{0.0, 2.0, 0.5};
  h->observe(1, 0, 0, r1[0], r1, -1);
  h->observe(1, 0, 2, r2[2], r2, -1);
  const double w[3] = {std::exp(0.5 * 1.0), std::exp(0.5 * 2.0), std::exp(0.5 * -0.5)};
  const auto p = policyOf(*h, 1, 0, 3);
  for (int a = 0; a < 3; ++a) CHECK(p[a] == Approx(w[a] / (w[0] + w[1] + w[2])).epsilon(1e-12));
  // Other agents and states are untouched.
  CHECK(policyOf(*h, 0, 0, 3)[1] == Approx(1.0 / 3));
  CHECK(policyOf(*h, 1, 1, 3)[1] == Approx(1.0 / 3));

  SECTION("anytime: eta / sqrt(t) at the t-th decision") {
    auto a = learner("hedge", {{"eta", 0.5}, {"schedule", "anytime"}});
    a->reset(1, 1, 3);
    a->observe(0, 0, 0, r1[0], r1, -1);
    a->observe(0, 0, 0, r2[0], r2, -1);
    const double eta = 0.5 / std::sqrt(3.0);
    const double v[3] = {std::exp(eta * 1.0), std::exp(eta * 2.0), std::exp(eta * -0.5)};
    const auto q = policyOf(*a, 0, 0, 3);
    for (int k = 0; k < 3; ++k) CHECK(q[k] == Approx(v[k] / (v[0] + v[1] + v[2])).epsilon(1e-12));
  }
  SECTION("huge cumulative rewards neither overflow nor give NaN") {
    const std::vector<double> big{1e6, 1e6 - 1, -1e6};
    for (int t = 0; t < 1000; ++t) h->observe(0, 1, 0, big[0], big, -1);
    const auto q = policyOf(*h, 0, 1, 3);
    CHECK(q[0] == Approx(1.0));
    CHECK(q[2] == 0.0);
    CHECK(std::isfinite(q[1]));
  }
}

TEST_CASE("regret matching plays in proportion to positive regret, uniform when none", "[learners][regret-matching]") {
  auto rm = learner("regret-matching");
  rm->reset(1, 1, 3);
  const std::vector<double> r1{1.0, 0.0, -1.0};  // vs uniform (expected 0): regrets (1, 0, -1)
  rm->observe(0, 0, 1, r1[1], r1, -1);
  auto p = policyOf(*rm, 0, 0, 3);
  CHECK(p == std::vector<double>{1.0, 0.0, 0.0});
  const std::vector<double> r2{0.0, 2.0, 0.0};  // vs (1, 0, 0) (expected 0): regrets (1, 2, -1)
  rm->observe(0, 0, 0, r2[0], r2, -1);
  p = policyOf(*rm, 0, 0, 3);
  CHECK(p[0] == Approx(1.0 / 3));
  CHECK(p[1] == Approx(2.0 / 3));
  CHECK(p[2] == 0.0);

  const std::vector<double> flat{5.0, 5.0, 5.0};  // no action would have done better: no positive regret
  auto fresh = learner("regret-matching");
  fresh->reset(1, 1, 3);
  fresh->observe(0, 0, 2, 5.0, flat, -1);
  for (double q : policyOf(*fresh, 0, 0, 3)) CHECK(q == Approx(1.0 / 3));

  SECTION("regret matching+ forgets negative regret") {
    auto plus = learner("regret-matching", {{"plus", true}});
    plus->reset(1, 1, 3);
    const std::vector<double> r3{0.0, 0.0, 3.0};
    plus->observe(0, 0, 0, r1[0], r1, -1);  // (1, 0, -1) floored to (1, 0, 0)
    plus->observe(0, 0, 0, r3[0], r3, -1);  // vs (1, 0, 0), expected 0: (1, 0, 3)
    const auto q = policyOf(*plus, 0, 0, 3);
    CHECK(q[0] == Approx(0.25));
    CHECK(q[2] == Approx(0.75));
    rm->reset(1, 1, 3);
    rm->observe(0, 0, 0, r1[0], r1, -1);
    rm->observe(0, 0, 0, r3[0], r3, -1);  // plain: (1, 0, 2)
    CHECK(policyOf(*rm, 0, 0, 3)[2] == Approx(2.0 / 3));
  }
}

TEST_CASE("EXP3: Auer et al.'s update, and never below the exploration floor gamma/K", "[learners][exp3]") {
  const double g = 0.3, k = 3;
  auto e = learner("exp3", {{"gamma", g}, {"rewardMin", 5}, {"rewardMax", 10}});
  e->reset(1, 1, 3);
  for (double p : policyOf(*e, 0, 0, 3)) CHECK(p == Approx(1.0 / 3));
  // Reward 7 maps to x = 0.4; estimate x / (1/3) on action 0; weight exp(g/K * 3x) = exp(g x).
  e->observe(0, 0, 0, 7.0, {}, -1);
  const double w = std::exp(g * 0.4);
  auto p = policyOf(*e, 0, 0, 3);
  CHECK(p[0] == Approx((1 - g) * w / (w + 2) + g / k).epsilon(1e-12));
  CHECK(p[1] == Approx((1 - g) * 1 / (w + 2) + g / k).epsilon(1e-12));

  // Rewards above rewardMax are clamped to it (x = 1) and the floor holds however lopsided the weights.
  for (int t = 0; t < 5000; ++t) {
    e->observe(0, 0, 0, 1e9, {}, -1);
    p = policyOf(*e, 0, 0, 3);
    REQUIRE(p[1] >= g / k);
    REQUIRE(p[2] >= g / k);
    REQUIRE(std::isfinite(p[0]));
  }
  CHECK(p[1] == Approx(g / k).epsilon(1e-9));
  CHECK(p[0] == Approx(1 - 2 * g / k).epsilon(1e-9));

  SECTION("anytime exploration gamma/sqrt(t), capped at 1") {
    auto a = learner("exp3", {{"gamma", 2.0}, {"schedule", "anytime"}});
    a->reset(1, 1, 2);
    a->observe(0, 0, 1, 1.0, {}, -1);  // t = 2 next: g = 2/sqrt(2) > 1, so still uniform
    CHECK(policyOf(*a, 0, 0, 2)[1] == Approx(0.5));
    for (int t = 0; t < 98; ++t) a->observe(0, 0, 1, 1.0, {}, -1);  // t = 100 next: g = 0.2
    CHECK(policyOf(*a, 0, 0, 2)[0] >= 0.1 - 1e-12);
    CHECK(policyOf(*a, 0, 0, 2)[0] == Approx(0.1).margin(1e-4));  // action 1 has almost all the weight
  }
}

TEST_CASE("Q-learning: the TD update, and the exploration it reports", "[learners][q-learning]") {
  // Softmax with temperature 1 reveals Q differences: log(p[a] / p[b]) = Q[a] - Q[b].
  auto q = learner("q-learning", {{"alpha", 0.5}, {"gamma", 0.9}, {"exploration", "softmax"}, {"temperature", 1.0}});
  q->reset(1, 2, 2);
  q->observe(0, 1, 0, 1.0, {}, -1);  // episode ended: Q[1][0] = 0.5 * 1 = 0.5
  auto p1 = policyOf(*q, 0, 1, 2);
  CHECK(std::log(p1[0] / p1[1]) == Approx(0.5).epsilon(1e-12));
  q->observe(0, 0, 1, 2.0, {}, 1);  // Q[0][1] = 0.5 * (2 + 0.9 * max(0.5, 0)) = 1.225
  auto p0 = policyOf(*q, 0, 0, 2);
  CHECK(std::log(p0[1] / p0[0]) == Approx(1.225).epsilon(1e-12));
  q->observe(0, 0, 1, 0.0, {}, 1);  // Q[0][1] = 1.225 + 0.5 * (0 + 0.45 - 1.225) = 0.8375
  p0 = policyOf(*q, 0, 0, 2);
  CHECK(std::log(p0[1] / p0[0]) == Approx(0.8375).epsilon(1e-12));

  SECTION("epsilon-greedy: greedy mass 1 - eps + eps/K, epsilon decaying to its floor") {
    auto g = learner("q-learning", {{"alpha", 1.0}, {"epsilon", 0.5}, {"epsilonDecay", 0.5}, {"epsilonMin", 0.1}});
    g->reset(1, 1, 4);
    for (double p : policyOf(*g, 0, 0, 4)) CHECK(p == Approx(0.25));  // all tied
    g->observe(0, 0, 2, 1.0, {}, -1);  // Q = (0, 0, 1, 0), epsilon 0.25
    auto p = policyOf(*g, 0, 0, 4);
    CHECK(p[2] == Approx(0.75 + 0.0625));
    CHECK(p[0] == Approx(0.0625));
    g->observe(0, 0, 2, 1.0, {}, -1);  // 0.125
    g->observe(0, 0, 2, 1.0, {}, -1);  // 0.1 (floor)
    g->observe(0, 0, 2, 1.0, {}, -1);
    CHECK(policyOf(*g, 0, 0, 4)[0] == Approx(0.025));
    Engine rng = testEngine();
    int greedy = 0;
    for (int t = 0; t < 10000; ++t) greedy += g->act(0, 0, rng) == 2;
    CHECK(greedy / 10000.0 == Approx(0.925).margin(0.01));
  }
  SECTION("softmax temperature anneals to its floor") {
    auto s = learner("q-learning", {{"alpha", 1.0}, {"exploration", "softmax"}, {"temperature", 2.0},
                                    {"temperatureDecay", 0.5}, {"temperatureMin", 0.5}});
    s->reset(1, 1, 2);
    s->observe(0, 0, 0, 1.0, {}, -1);  // Q = (1, 0), temperature 1
    auto p = policyOf(*s, 0, 0, 2);
    CHECK(std::log(p[0] / p[1]) == Approx(1.0));
    s->observe(0, 0, 0, 1.0, {}, -1);  // temperature 0.5
    s->observe(0, 0, 0, 1.0, {}, -1);  // floor 0.5
    p = policyOf(*s, 0, 0, 2);
    CHECK(std::log(p[0] / p[1]) == Approx(2.0));
  }
}

TEST_CASE("fictitious play best-responds to the average counterfactual reward", "[learners][fictitious-play]") {
  auto fp = learner("fictitious-play");
  fp->reset(1, 1, 3);
  const std::vector<double> r1{1.0, 3.0, 2.0}, r2{2.0, 0.0, 0.0}, r3{0.0, 1.0, 0.0};
  fp->observe(0, 0, 0, r1[0], r1, -1);
  fp->observe(0, 0, 0, r2[0], r2, -1);  // sums (3, 3, 2): a tie, broken uniformly
  CHECK(policyOf(*fp, 0, 0, 3) == std::vector<double>{0.5, 0.5, 0.0});
  Engine rng = testEngine();
  int counts[3] = {0, 0, 0};
  for (int t = 0; t < 2000; ++t) ++counts[fp->act(0, 0, rng)];
  CHECK(counts[2] == 0);
  CHECK(counts[0] / 2000.0 == Approx(0.5).margin(0.05));
  fp->observe(0, 0, 0, r3[0], r3, -1);  // sums (3, 4, 2): action 1
  CHECK(policyOf(*fp, 0, 0, 3) == std::vector<double>{0.0, 1.0, 0.0});
  for (int t = 0; t < 100; ++t) CHECK(fp->act(0, 0, rng) == 1);

  SECTION("smooth fictitious play: logit response to the average") {
    auto s = learner("fictitious-play", {{"temperature", 0.5}});
    s->reset(1, 1, 3);
    for (const auto* r : {&r1, &r2, &r3}) s->observe(0, 0, 0, (*r)[0], *r, -1);
    const double avg[3] = {1.0, 4.0 / 3, 2.0 / 3};  // sums / 3
    const auto p = policyOf(*s, 0, 0, 3);
    const double z = std::exp(avg[0] / 0.5) + std::exp(avg[1] / 0.5) + std::exp(avg[2] / 0.5);
    for (int a = 0; a < 3; ++a) CHECK(p[a] == Approx(std::exp(avg[a] / 0.5) / z).epsilon(1e-12));
  }
}

TEST_CASE("imitation adopts a better-paid action with the Fermi probability", "[learners][imitation]") {
  const double beta = 2.0;
  auto im = learner("imitation", {{"beta", beta}, {"mu", 0.0}});
  im->reset(2, 1, 2);
  Engine r0 = testEngine(0), r1 = testEngine(1);
  for (double p : policyOf(*im, 0, 0, 2)) CHECK(p == 0.5);  // nothing chosen yet
  im->act(0, 0, r0);
  im->act(1, 0, r1);
  im->observe(0, 0, 0, 0.0, {}, -1);  // agent 0 played 0 and earned 0
  im->observe(1, 0, 1, 1.0, {}, -1);  // agent 1 played 1 and earned 1
  CHECK(policyOf(*im, 0, 0, 2) == std::vector<double>{1.0, 0.0});  // a point mass on the held action
  // With no observe in between, each act is a fresh trial from the same payoffs.
  const int n = 40000;
  int adopt0 = 0, adopt1 = 0;
  for (int t = 0; t < n; ++t) {
    adopt0 += im->act(0, 0, r0) == 1;
    adopt1 += im->act(1, 0, r1) == 0;
  }
  CHECK(adopt0 / double(n) == Approx(1.0 / (1.0 + std::exp(-beta))).margin(0.01));  // 0.881
  CHECK(adopt1 / double(n) == Approx(1.0 / (1.0 + std::exp(beta))).margin(0.01));   // 0.119

  SECTION("first actions are uniform, and mutation mu = 1 is uniform play") {
    auto m = learner("imitation", {{"mu", 1.0}});
    m->reset(2000, 1, 4);
    int counts[4] = {0, 0, 0, 0};
    for (int i = 0; i < 2000; ++i) {
      Engine rng = testEngine(static_cast<std::uint64_t>(i));
      ++counts[m->act(i, 0, rng)];
    }
    for (int c : counts) CHECK(c / 2000.0 == Approx(0.25).margin(0.04));
    for (int i = 0; i < 2000; ++i) m->observe(i, 0, 0, 1.0, {}, -1);
    Engine rng = testEngine();
    int zero = 0;
    for (int t = 0; t < 4000; ++t) zero += m->act(7, 0, rng) == 0;
    CHECK(zero / 4000.0 == Approx(0.25).margin(0.03));
  }
  SECTION("without mutation, an agent whose peer has not yet been paid keeps its action") {
    auto k = learner("imitation", {{"beta", 100.0}, {"mu", 0.0}});
    k->reset(2, 1, 2);
    k->observe(0, 0, 1, -5.0, {}, -1);
    for (int t = 0; t < 200; ++t) CHECK(k->act(0, 0, r0) == 1);
  }
}

TEST_CASE("every learner: the same seed gives the same actions, another seed other actions", "[learners][determinism]") {
  // Rock-paper-scissors against a fixed cycle, 3 agents x 2 states, through the bare interface.
  const double payoff[3][3] = {{0, -1, 1}, {1, 0, -1}, {-1, 1, 0}};
  auto run = [&](const LearnerInfo& info, std::uint64_t seed) {
    auto l = info.make(json::object(), "/x");
    l->reset(3, 2, 3);
    std::vector<Engine> rng;
    for (std::uint64_t i = 0; i < 3; ++i) rng.push_back(makeEngine(seed, 0, AgentKind::Writer, i, Purpose::WriterDecisions));
    std::vector<int> actions;
    std::vector<double> cf(3);
    for (int t = 0; t < 300; ++t)
      for (int i = 0; i < 3; ++i) {
        const int s = (t + i) % 2, a = l->act(i, s, rng[static_cast<std::size_t>(i)]), opp = (t * 7 + i) % 3;
        for (int b = 0; b < 3; ++b) cf[static_cast<std::size_t>(b)] = payoff[b][opp];
        l->observe(i, s, a, payoff[a][opp], cf, (s + 1) % 2);
        actions.push_back(a);
      }
    return actions;
  };
  for (const LearnerInfo& info : learners()) {
    INFO(info.name);
    const auto a = run(info, 11), b = run(info, 11), c = run(info, 12);
    CHECK(a == b);
    CHECK(a != c);
  }
}

TEST_CASE("act, observe and policy allocate nothing once reset", "[learners][allocation]") {
  for (const LearnerInfo& info : learners()) {
    INFO(info.name);
    auto l = info.make(json::object(), "/x");
    l->reset(4, 3, 3);
    Engine rng = testEngine();
    std::vector<double> cf{1.0, -1.0, 0.5}, probs(3);
    gAllocations = 0;
    gCountAllocations = true;
    for (int t = 0; t < 200; ++t) {
      const int agent = t % 4, state = t % 3;
      const int a = l->act(agent, state, rng);
      l->observe(agent, state, a, cf[static_cast<std::size_t>(a)], cf, (state + 1) % 3);
      l->policy(agent, state, probs);
    }
    gCountAllocations = false;
    CHECK(gAllocations == 0);
  }
}
