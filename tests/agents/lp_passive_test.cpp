// Buy-and-hold LPs act at step 0 only (LpStrategy::actsAt), so on every
// other step the world builds no LP views and asks no strategy. Skipping
// them must change no number: the LPs' early-warning draws and their peak
// NAVs go on every step either way.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <memory>
#include <utility>

#include "agents/registry.h"
#include "core/scenario_json.h"
#include "core/world.h"
#include "experiments/presets.h"

using namespace mutualab;

namespace {
// The registry's strategy, counting the steps it is asked to decide; it
// acts when the strategy does, or at every step (always).
class Counting final : public LpStrategy {
 public:
  Counting(std::unique_ptr<LpStrategy> inner, bool always) : inner_(std::move(inner)), always_(always) {}
  void decide(std::span<const LpView> views, std::span<LpAction> actions, int group) override {
    ++calls;
    // What the views say that the skipped steps keep up: drawdowns from
    // each LP's peak NAV, and the warnings.
    double sum = 0;
    for (const LpView& v : views) sum += v.drawdown + (v.warning ? 1.0 : 0.0) + v.stepsSinceWarning + v.shares;
    if (!views.empty()) seen[views[0].step] = sum;
    inner_->decide(views, actions, group);
  }
  bool actsAt(int step) const override { return always_ || inner_->actsAt(step); }
  int calls = 0;
  std::map<int, double> seen;  // step -> a sum over its views

 private:
  std::unique_ptr<LpStrategy> inner_;
  bool always_;
};

bool sameBits(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }
}  // namespace

TEST_CASE("buy-and-hold LPs are asked at step 0 only, and skipping the other steps' views changes no number", "[agents][lp]") {
  ScenarioDef def = scenarioFromJson(parseJsonText(findPreset("akerlof-flat-fee"), "akerlof-flat-fee"));
  REQUIRE(def.lps.strategies.size() == 1);
  REQUIRE(def.lps.strategies[0].name == "passive");
  def.lps.earlyWarningShare = 0.5;  // half the LPs draw a warning from their own stream every step
  const int horizon = def.sim.steps - 10;
  def.lps.horizonSteps = horizon;  // from here every LP leaves: views are built again
  Counting* counted[2] = {};
  auto worldOf = [&](bool always) {
    WorldStrategies s = makeStrategies(def);
    auto c = std::make_unique<Counting>(std::move(s.lps[0]), always);
    counted[always ? 1 : 0] = c.get();
    s.lps[0] = std::move(c);
    return World(def, 11, 2, std::move(s));
  };
  World skipping = worldOf(false), viewing = worldOf(true);
  int steps = 0;
  while (!skipping.done()) {
    skipping.step();
    viewing.step();
    ++steps;
  }
  // The LPs see t = 0 .. steps (the world's construction is t = 0); the
  // buy-and-hold ones are asked at t = 0 and from the horizon on.
  CHECK(counted[1]->calls == steps + 1);
  CHECK(counted[0]->calls == 1 + (steps + 1 - horizon));
  // The views after the skipped steps are the views of a world that skipped none.
  REQUIRE(counted[0]->seen.size() == static_cast<std::size_t>(counted[0]->calls));
  for (const auto& [t, sum] : counted[0]->seen) {
    INFO("step " << t);
    CHECK(sum == counted[1]->seen.at(t));
  }
  CHECK(counted[0]->seen.rbegin()->second > 0.0);
  bool same = true;
  for (int t = 0; t <= skipping.steps(); ++t)
    for (int m = 0; m < kStepMetricCount; ++m) same = same && sameBits(skipping.metricsRow(t)[m], viewing.metricsRow(t)[m]);
  CHECK(same);
  for (int l = 0; l < def.lps.count; ++l) {
    INFO("LP " << l);
    CHECK(skipping.lp(l).wealth == viewing.lp(l).wealth);
    CHECK(skipping.lp(l).earlyWarning == viewing.lp(l).earlyWarning);
  }
  CHECK(skipping.nav() > 0.0);  // the LPs did deposit at step 0
}
