// The backtest's statistics against their textbook values: Basel's
// traffic-light table (1996), Kupiec's LR and Christoffersen's
// independence LR worked by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/var_backtest.h"

using namespace mutualab;

namespace {
// Dates with VaR 1 and a realized loss of 2 (an exception) or 0, one per flag.
std::vector<BacktestDate> sequence(const std::vector<int>& hits) {
  std::vector<BacktestDate> d;
  for (size_t i = 0; i < hits.size(); ++i) d.push_back({1.0, 1.5, hits[i] ? 2.0 : 0.0, i == 0});
  return d;
}
}  // namespace

TEST_CASE("backtest: the binomial CDF gives Basel's traffic-light table at 250 dates and 99 %", "[backtest]") {
  // The Basel Committee's table (1996): cumulative probability of 0..10 exceptions.
  const double basel[] = {0.0811, 0.2858, 0.5432, 0.7581, 0.8922, 0.9588, 0.9863, 0.9960, 0.9989, 0.9997, 0.9999};
  for (int x = 0; x <= 10; ++x) CHECK(binomialCdf(x, 250, 0.01) == Approx(basel[x]).margin(6e-5));
  // Its zones: 0-4 green, 5-9 yellow, 10 or more red.
  for (int x = 0; x <= 12; ++x) {
    std::vector<int> hits(250, 0);
    for (int i = 0; i < x; ++i) hits[static_cast<size_t>(i * 20)] = 1;
    const BacktestLevel b = backtestLevel(0.99, sequence(hits));
    CHECK(b.exceptions == x);
    CHECK(b.zone == (x <= 4 ? TrafficLight::Green : x <= 9 ? TrafficLight::Yellow : TrafficLight::Red));
  }
  CHECK(binomialCdf(-1, 10, 0.1) == 0.0);
  CHECK(binomialCdf(10, 10, 0.1) == 1.0);
}

TEST_CASE("backtest: Kupiec's LR and its p-value", "[backtest]") {
  // No exception in 250 dates at 99 %: LR = -2 x 250 ln 0.99.
  const BacktestLevel none = backtestLevel(0.99, sequence(std::vector<int>(250, 0)));
  CHECK(none.kupiecLr == Approx(5.025167926750726).epsilon(1e-12));
  CHECK(none.kupiecP == Approx(0.02498150305344971).epsilon(1e-9));
  CHECK(none.expected == Approx(2.5));
  CHECK(none.pTooMany == 1.0);
  // Five: LR = -2 (245 ln 0.99 + 5 ln 0.01 - 245 ln 0.98 - 5 ln 0.02).
  std::vector<int> five(250, 0);
  for (int i = 0; i < 5; ++i) five[static_cast<size_t>(i * 50)] = 1;
  const BacktestLevel b = backtestLevel(0.99, sequence(five));
  CHECK(b.kupiecLr == Approx(1.956809788230622).epsilon(1e-12));
  CHECK(b.kupiecP == Approx(0.16185491719604272).epsilon(1e-9));
  CHECK(b.pTooMany == Approx(1.0 - binomialCdf(4, 250, 0.01)).epsilon(1e-12));
  // Exactly the expected rate: LR 0, p 1.
  std::vector<int> ten(1000, 0);
  for (int i = 0; i < 10; ++i) ten[static_cast<size_t>(i * 100)] = 1;
  CHECK(backtestLevel(0.99, sequence(ten)).kupiecLr == Approx(0.0).margin(1e-12));
  CHECK(backtestLevel(0.99, sequence(ten)).kupiecP == Approx(1.0).margin(1e-6));
}

TEST_CASE("backtest: Christoffersen's independence test counts transitions within each sequence", "[backtest]") {
  // Clustered: 0 0 0 1 1 1 0 0 0 0 gives n00 5, n01 1, n10 1, n11 2; pi01 1/6, pi11 2/3, pi 1/3:
  // LR = -2 (6 ln 2/3 + 3 ln 1/3 - 5 ln 5/6 - ln 1/6 - ln 1/3 - 2 ln 2/3).
  const BacktestLevel c = backtestLevel(0.9, sequence({0, 0, 0, 1, 1, 1, 0, 0, 0, 0}));
  CHECK(c.n00 == 5);
  CHECK(c.n01 == 1);
  CHECK(c.n10 == 1);
  CHECK(c.n11 == 2);
  CHECK(c.independenceLr == Approx(2.231435513142097).epsilon(1e-12));
  CHECK(c.independenceP == Approx(std::erfc(std::sqrt(2.231435513142097 / 2))).epsilon(1e-12));
  CHECK(c.conditionalLr == Approx(c.kupiecLr + c.independenceLr));
  CHECK(c.conditionalP == Approx(std::exp(-c.conditionalLr / 2)));
  // An exception as likely after an exception as after none: LR 0.
  const BacktestLevel even = backtestLevel(0.9, sequence({0, 0, 1, 1, 0, 0, 0, 1, 0, 0}));
  CHECK(even.n00 == 4);
  CHECK(even.n01 == 2);
  CHECK(even.n10 == 2);
  CHECK(even.n11 == 1);
  CHECK(even.independenceLr == Approx(0.0).margin(1e-12));
  // Two sequences: no transition across the boundary (the 1 ending the first, the 1 starting the second).
  std::vector<BacktestDate> two = sequence({0, 0, 1});
  std::vector<BacktestDate> second = sequence({1, 0, 0});
  two.insert(two.end(), second.begin(), second.end());
  const BacktestLevel s = backtestLevel(0.9, two);
  CHECK(s.n00 + s.n01 + s.n10 + s.n11 == 4);
  CHECK(s.n11 == 0);
  CHECK(s.n10 == 1);
  // No exception followed by a date: undefined, NaN.
  CHECK(std::isnan(backtestLevel(0.9, sequence({0, 0, 0, 1})).independenceLr));
}

TEST_CASE("backtest: the ES ratio is the mean of realized / ES over exceptions", "[backtest]") {
  std::vector<BacktestDate> d = {{10, 20, 5, true}, {10, 20, 30, false}, {10, 40, 20, false}, {10, 20, 10, false}};
  const BacktestLevel b = backtestLevel(0.99, d);
  CHECK(b.exceptions == 2);  // 30 and 20 beat VaR 10; 10 does not (an exception is strictly beyond)
  CHECK(b.esRatio == Approx((30.0 / 20 + 20.0 / 40) / 2));
  CHECK(std::isnan(backtestLevel(0.99, {{10, 20, 5, true}}).esRatio));
}
