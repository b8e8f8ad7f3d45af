#include "core/historical_sim.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "core/black_scholes.h"
#include "core/book.h"
#include "support/books.h"
#include "support/markets.h"

using namespace mutualab;

namespace {
// One short put on ETH struck at `strike`, no collateral (the pool owes the
// whole put), `days` to expiry, priced at volatility 0.5 on a spot of 100.
RiskBook onePut(double strike, double days) { return testing::onePutBook(100, strike, days, 0.5); }

// A definition of an H-day horizon (the samples unused: no Monte Carlo runs).
RiskDef horizonOf(int H) {
  RiskDef def;
  def.horizonDays = H;
  def.samples = 100;
  def.levels = {0.5};
  return def;
}

PricePathDef history(const std::vector<double>& days, const std::vector<double>& prices) {
  PricePathDef h;
  h.file = "test.csv";
  h.rows = static_cast<int>(days.size());
  h.days = {days};
  h.prices = {prices};
  return h;
}
}  // namespace

TEST_CASE("historical simulation: each window is today's book on the history's path, repriced in full", "[risk]") {
  // A 30-day put at 100, a 2-day horizon. Prices on days 0..6; the window
  // starting on day d moves today's 100 by P(d + 2) / P(d).
  const RiskBook book = onePut(100, 30);
  const RiskDef def = horizonOf(2);
  const RiskEngine engine(book, testing::gbmMarket(100, 0.5), def);
  const std::vector<double> prices = {100, 90, 81, 99, 120, 60, 66};
  const HistoricalResult r = runHistorical(engine, history({0, 1, 2, 3, 4, 5, 6}, prices), def.levels);
  REQUIRE(r.lastDay == 6);
  REQUIRE(r.windows.size() == 5);
  const double p0 = bsPrice(OptionKind::Put, 100, 100, 0, 0.5, 30 / 365.0);
  std::vector<double> losses;
  for (int d = 0; d < 5; ++d) {
    const HistoricalWindow& w = r.windows[static_cast<size_t>(d)];
    const double g = prices[static_cast<size_t>(d) + 2] / prices[static_cast<size_t>(d)];
    CHECK(w.startDay == d);
    CHECK(w.spotMove[0] == Approx(g - 1.0).epsilon(1e-15));
    CHECK(w.loss == Approx(bsPrice(OptionKind::Put, 100 * g, 100, 0, 0.5, 28 / 365.0) - p0).epsilon(1e-12));
    losses.push_back(w.loss);
  }
  // The worst window is day 4's (120 to 66: -45 %; day 3's 99 to 60 is
  // -39.4 %); VaR 50 % of five
  // losses puts floor(0.5 x 5) = 2 beyond it: the third largest, and ES
  // the mean of the two largest.
  CHECK(r.worst == 4);
  std::sort(losses.begin(), losses.end());
  CHECK(r.summary.levels[0].tailSamples == 2);
  CHECK(r.summary.levels[0].valueAtRisk == losses[2]);
  CHECK(r.summary.levels[0].expectedShortfall == Approx((losses[3] + losses[4]) / 2).epsilon(1e-15));
  CHECK(r.summary.valueNow == engine.valueNow());
}

TEST_CASE("historical simulation: a day without a row takes the last price before it; a window expiry pays its day's payoff",
          "[risk]") {
  // Rows on days 0, 3 and 7.5 only: days 1 and 2 are at 100, 3 to 7 at 80,
  // and the last whole day every asset reaches is 7. A put expiring on day
  // 1 of a 4-day horizon is worth its payoff on day d + 1 of each window.
  const PricePathDef h = history({0, 3, 7.5}, {100, 80, 70});
  CHECK(historicalLastDay(h) == 7);
  CHECK(historicalWindowCount(h, 4) == 4);  // d = 0..3
  CHECK(historicalWindowCount(h, 8) == 0);
  const RiskBook book = onePut(90, 1);
  const RiskDef def = horizonOf(4);
  const RiskEngine engine(book, testing::gbmMarket(100, 0.5), def);
  const HistoricalResult r = runHistorical(engine, h, def.levels);
  REQUIRE(r.windows.size() == 4);
  const double p0 = bsPrice(OptionKind::Put, 100, 90, 0, 0.5, 1 / 365.0);
  // d = 0: day 1 is at 100 (no move): the put expires worth 0. d = 2: day 3
  // is at 80, a move of -20 %: the put pays 90 - 80 = 10. d = 3: days 3 and
  // 4 are both at 80: no move, 0.
  CHECK(r.windows[0].loss == Approx(-p0));
  CHECK(r.windows[0].spotMove[0] == Approx(-0.2));  // day 4 against day 0
  CHECK(r.windows[2].loss == Approx(10.0 - p0));
  CHECK(r.windows[3].loss == Approx(-p0));
  CHECK(r.windows[3].spotMove[0] == 0.0);
}

TEST_CASE("historical simulation: a constant path is the stress's spot move, to the bit", "[risk]") {
  const RiskBook book = onePut(100, 30);
  const RiskDef def = horizonOf(3);
  const RiskEngine engine(book, testing::gbmMarket(100, 0.5), def);
  RiskWorkspace ws = engine.workspace();
  std::vector<double> a, b;
  const double onPath = engine.onPath(std::vector<double>(4, 0.75), ws, a);
  const double stressed = engine.stressed(StressScenario::uniform("", 1, -0.25, 1.0), ws, b);
  CHECK(onPath == stressed);
  CHECK(a == b);
}

TEST_CASE("filtered historical simulation: each return rescaled to the EWMA volatility at the history's end", "[risk]") {
  // Returns r_1..r_4 = ln of 1.01, 0.99, 1.1, 0.8 (calm, then turbulent).
  // sigma_1^2 = mean r^2; sigma_{t+1}^2 = l sigma_t^2 + (1 - l) r_t^2;
  // each r_t becomes r_t sigma_5 / sigma_t, sigma_5 the forecast after day 4.
  const std::vector<double> prices = {100, 101, 99.99, 109.989, 87.9912};
  const double l = 0.9;
  std::vector<double> r, var(5);
  for (size_t t = 1; t < prices.size(); ++t) r.push_back(std::log(prices[t] / prices[t - 1]));
  double ms = 0;
  for (double x : r) ms += x * x / 4;
  var[0] = ms;
  for (size_t t = 0; t < 4; ++t) var[t + 1] = l * var[t] + (1 - l) * r[t] * r[t];
  std::vector<double> scaled;
  for (size_t t = 0; t < 4; ++t) scaled.push_back(r[t] * std::sqrt(var[4] / var[t]));
  const RiskBook book = onePut(100, 30);
  const RiskDef def = horizonOf(2);
  const RiskEngine engine(book, testing::gbmMarket(100, 0.5), def);
  const PricePathDef h = history({0, 1, 2, 3, 4}, prices);
  const HistoricalResult plain = runHistorical(engine, h, def.levels);
  const HistoricalResult filtered = runHistorical(engine, h, def.levels, {true, l});
  REQUIRE(filtered.windows.size() == 3);
  for (size_t d = 0; d < 3; ++d) {
    CHECK(filtered.windows[d].spotMove[0] == Approx(std::exp(scaled[d] + scaled[d + 1]) - 1).epsilon(1e-12));
    CHECK(plain.windows[d].spotMove[0] == Approx(prices[d + 2] / prices[d] - 1).epsilon(1e-12));
  }
  // The calm start is scaled up to the turbulent end: day 0's window moves more.
  CHECK(std::abs(filtered.windows[0].spotMove[0]) > 2 * std::abs(plain.windows[0].spotMove[0]));
  REQUIRE(filtered.volEnd.size() == 1);
  CHECK(filtered.volEnd[0] == Approx(std::sqrt(var[4] * 365)).epsilon(1e-12));
  CHECK(filtered.volHistory[0] == Approx(std::sqrt(ms * 365)).epsilon(1e-12));
  CHECK(plain.volEnd.empty());
}

TEST_CASE("filtered historical simulation: returns of one size stay as they are", "[risk]") {
  // |r| = ln 1.02 every day: every forecast is r^2, so the scale is 1.
  std::vector<double> days, prices;
  double p = 100;
  for (int t = 0; t <= 20; ++t) {
    days.push_back(t);
    prices.push_back(p);
    p *= t % 3 == 0 ? 1.0 / 1.02 : 1.02;
  }
  const RiskBook book = onePut(100, 30);
  const RiskDef def = horizonOf(3);
  const RiskEngine engine(book, testing::gbmMarket(100, 0.5), def);
  const HistoricalResult plain = runHistorical(engine, history(days, prices), def.levels);
  const HistoricalResult filtered = runHistorical(engine, history(days, prices), def.levels, {true, 0.94});
  REQUIRE(filtered.windows.size() == plain.windows.size());
  for (size_t d = 0; d < plain.windows.size(); ++d)
    CHECK(filtered.windows[d].spotMove[0] == Approx(plain.windows[d].spotMove[0]).epsilon(1e-12));
  CHECK(filtered.volEnd[0] == Approx(std::log(1.02) * std::sqrt(365.0)).epsilon(1e-12));
}
