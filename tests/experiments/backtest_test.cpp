// The backtest as a whole: the engine held to the simulation it models
// (its exceptions at the level's rate), results that do not depend on
// threads, and bad terms refused before anything runs.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "core/errors.h"
#include "core/var_backtest.h"
#include "experiments/backtest.h"
#include "experiments/load_scenario.h"
#include "support/input_error.h"

using namespace mutualab;

TEST_CASE("backtest: the engine's VaR is exceeded at its level's rate on the run it models", "[backtest][risk]") {
  // The engine simulates the market the run draws from, so each date's exception is a Bernoulli(1 - q)
  // draw, independent of the others (horizons do not overlap): the count must sit in the binomial's
  // body. A VaR that ignored the jumps, the drift or the pool's mark would not.
  const ScenarioDef def = loadScenario("preset:akerlof-flat-fee").def;
  BacktestDef b;
  b.levels = {0.95, 0.9};
  b.samples = 1000;
  b.reps = 2;
  BacktestOptions opt;
  opt.threads = 2;
  const BacktestResult r = runBacktest(def, b, opt);
  REQUIRE(r.rows.size() > 700);
  for (const BacktestLevel& l : r.levels) {
    INFO("level " << l.level << ": " << l.exceptions << " exceptions in " << l.dates << " dates, " << l.expected << " expected");
    CHECK(binomialCdf(l.exceptions, l.dates, 1 - l.level) > 0.0005);
    CHECK(binomialCdf(l.exceptions - 1, l.dates, 1 - l.level) < 0.9995);
    CHECK(l.kupiecP > 0.001);
  }
  // Realized losses are centred where the forecasts' are (the drift and the mark are the engine's).
  double realized = 0, forecast = 0, sq = 0;
  for (const BacktestRow& row : r.rows) {
    realized += row.realized;
    forecast += row.meanLoss;
    sq += row.realized * row.realized;
  }
  const double n = static_cast<double>(r.rows.size());
  const double se = std::sqrt((sq / n - (realized / n) * (realized / n)) / n);
  CHECK(std::fabs(realized / n - forecast / n) < 4 * se);
}

TEST_CASE("backtest: rows do not depend on the thread count, and each date draws from its own stream", "[backtest][risk]") {
  ScenarioDef def = loadScenario("preset:akerlof-flat-fee").def;
  def.sim.steps = 60;
  BacktestDef b;
  b.samples = 400;
  b.levels = {0.95};
  b.horizonDays = 2;
  b.from = 10;
  BacktestOptions one, two;
  two.threads = 2;
  const BacktestResult x = runBacktest(def, b, one), y = runBacktest(def, b, two);
  REQUIRE(x.rows.size() == 25);  // days 10, 12, ..., 58
  for (size_t i = 0; i < x.rows.size(); ++i) {
    CHECK(x.rows[i].step == 10 + 2 * static_cast<int>(i));
    CHECK(x.rows[i].var == y.rows[i].var);
    CHECK(x.rows[i].es == y.rows[i].es);
    CHECK(x.rows[i].realized == y.rows[i].realized);
  }
  // Another seed: other worlds and other forecasts.
  b.seed = 2;
  const BacktestResult z = runBacktest(def, b, one);
  CHECK(z.rows[0].var != x.rows[0].var);
}

TEST_CASE("backtest: bad terms are refused naming what to fix", "[backtest]") {
  const ScenarioDef def = loadScenario("preset:akerlof-flat-fee").def;
  auto refusedIn = [](const ScenarioDef& d, const BacktestDef& b) {
    try {
      validateBacktest(d, b);
    } catch (const InputError& e) {
      return e.path();
    }
    return std::string("accepted");
  };
  auto refused = [&](const BacktestDef& b) { return refusedIn(def, b); };
  BacktestDef b;
  CHECK(refused(b) == "accepted");
  BacktestDef h = b;
  h.horizonDays = def.sim.steps;
  CHECK(refused(h) == "--horizon-days");
  BacktestDef f = b;
  f.from = def.sim.steps;
  CHECK(refused(f) == "--from");
  BacktestDef e = b;
  e.every = -1;
  CHECK(refused(e) == "--every");
  BacktestDef l = b;
  l.levels = {1.0};
  CHECK(refused(l) == "--levels");
  BacktestDef s = b;
  s.samples = 50;
  CHECK(refused(s) == "--samples");
  BacktestDef p = b;
  p.pool = 1;
  CHECK(refused(p) == "--pool");
  BacktestDef r = b;
  r.reps = 0;
  CHECK(refused(r) == "--reps");
  ScenarioDef half = def;
  half.sim.stepDays = 0.5;
  CHECK(refusedIn(half, b) == "/sim/stepDays");
}

TEST_CASE("backtest --pool takes a pool by name or index, the one pool of a scenario without pools as \"pool\"", "[backtest][bad-input]") {
  const ScenarioDef one = loadScenario("preset:akerlof-flat-fee", {}).def;
  CHECK(backtestPool(one, "pool", "--pool") == 0);
  CHECK(backtestPool(one, "0", "--pool") == 0);
  testing::requireInputError([&] { backtestPool(one, "1", "--pool"); }, "--pool",
                             "expected one of the scenario's pools (pool) or its index, got '1'");
  const ScenarioDef tiered = loadScenario("preset:tiered-pools", {}).def;
  REQUIRE(tiered.pools.size() >= 2);
  CHECK(backtestPool(tiered, tiered.pools[1].name, "--pool") == 1);
  CHECK(backtestPool(tiered, "1", "--pool") == 1);
}

TEST_CASE("backtest: with overlapping horizons the tests use dates whose horizons do not overlap", "[backtest][risk]") {
  ScenarioDef def = loadScenario("preset:akerlof-flat-fee").def;
  def.sim.steps = 60;
  BacktestDef b;
  b.samples = 400;
  b.levels = {0.95, 0.5};
  b.horizonDays = 3;
  b.every = 2;  // dates 2 days apart, horizons 3 days long: every second date's do not overlap
  b.from = 10;
  b.reps = 2;
  const BacktestResult r = runBacktest(def, b, BacktestOptions{});
  REQUIRE(r.testStride == 2);
  REQUIRE(r.rows.size() == 48);  // steps 10, 12, ..., 56 in each replication
  for (size_t k = 0; k < b.levels.size(); ++k) {
    int tested = 0, testedExceptions = 0, all = 0;
    for (size_t i = 0; i < r.rows.size(); ++i) {
      const bool exception = r.rows[i].realized > r.rows[i].var[k];
      all += exception;
      if ((r.rows[i].step - 10) % 4 == 0) {  // the first date of each replication, then every second
        ++tested;
        testedExceptions += exception;
      }
    }
    CHECK(r.levels[k].dates == tested);
    CHECK(tested == 24);
    CHECK(r.levels[k].exceptions == testedExceptions);
    CHECK(r.exceptionsAllDates[k] == all);
  }
  CHECK(r.exceptionsAllDates[1] > 0);  // at 50 % there are exceptions to count
  // Horizons that do not overlap are all tested.
  b.every = 3;
  const BacktestResult apart = runBacktest(def, b, BacktestOptions{});
  CHECK(apart.testStride == 1);
  CHECK(apart.levels[0].dates == static_cast<int>(apart.rows.size()));
}
