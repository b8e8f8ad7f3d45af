// The intervals of experiments/stats.h: textbook values, their ranges, and
// their coverage on distributions whose mean or median is known.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <boost/random/beta_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>

#include "core/metrics.h"
#include "experiments/metric_intervals.h"
#include "experiments/stats.h"

using namespace mutualab;

namespace {
const double kNan = std::numeric_limits<double>::quiet_NaN();

// Share of `trials` samples of size n whose interval holds `truth`.
template <class Draw, class Interval>
double coverage(int trials, int n, double truth, Draw draw, Interval interval) {
  int hit = 0;
  for (int k = 0; k < trials; ++k) {
    std::vector<double> xs;
    for (int i = 0; i < n; ++i) xs.push_back(draw());
    const auto [lo, hi] = interval(xs);
    hit += lo <= truth && truth <= hi;
  }
  return static_cast<double>(hit) / trials;
}
}  // namespace

TEST_CASE("the t interval: textbook value", "[stats]") {
  // 1..5: mean 3, sd sqrt(2.5), t(4) = 2.7764: half-width 2.7764 * 0.70711 = 1.96324.
  const MeanCi c = meanCi95({1, 2, 3, 4, 5});
  CHECK(c.mean == 3);
  CHECK(c.hi - c.mean == Approx(1.96324).epsilon(1e-4));
  CHECK(c.n == 5);
}

TEST_CASE("an amount's interval is cut at 0 and nothing else changes", "[stats]") {
  const std::vector<double> xs = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1000};  // t: 100 +- 226.2
  const MeanCi t = meanCi95(xs), a = nonNegativeMeanCi95(xs);
  REQUIRE(t.lo < 0);
  CHECK(a.lo == 0);
  CHECK(a.hi == t.hi);
  CHECK(a.mean == t.mean);
  // Values below 0 are not an amount: the t interval as it is.
  CHECK(nonNegativeMeanCi95({-5, 1, 2}).lo == meanCi95({-5, 1, 2}).lo);
}

TEST_CASE("a share's logit interval stays inside (0, 1) where the t interval leaves it", "[stats]") {
  // The reported case: participation near 0 in a few replications.
  const std::vector<double> xs = {0.0, 0.0, 0.02, 0.0, 0.31};
  const MeanCi t = meanCi95(xs), s = shareMeanCi95(xs);
  REQUIRE(t.lo < 0);
  CHECK(s.mean == t.mean);
  CHECK(s.lo > 0);
  CHECK(s.lo < s.mean);
  CHECK(s.hi > s.mean);
  CHECK(s.hi < 1);
  // Delta method by hand: logit(m) +- h / (m (1 - m)), mapped back.
  const double m = s.mean, h = (t.hi - t.mean) / (m * (1 - m)), c = std::log(m / (1 - m));
  CHECK(s.lo == Approx(1 / (1 + std::exp(-(c - h)))));
  CHECK(s.hi == Approx(1 / (1 + std::exp(-(c + h)))));
  // Every replication at a bound: [bound, bound].
  const MeanCi zero = shareMeanCi95({0, 0, 0});
  CHECK((zero.lo == 0 && zero.hi == 0 && zero.mean == 0));
  const MeanCi one = shareMeanCi95({1, 1});
  CHECK((one.lo == 1 && one.hi == 1));
  // Symmetric data at 1/2 keeps the t interval's centre.
  const MeanCi half = shareMeanCi95({0.4, 0.5, 0.6});
  CHECK(half.lo + half.hi == Approx(1.0));
}

TEST_CASE("Wilson's interval: textbook value and the bounds", "[stats]") {
  // 3 of 10: Wilson 95% [0.1078, 0.6032] (Agresti & Coull 1998, Table 1 style value).
  const MeanCi c = proportionCi95({1, 1, 1, 0, 0, 0, 0, 0, 0, 0});
  CHECK(c.lo == Approx(0.1078).margin(1e-4));
  CHECK(c.hi == Approx(0.6032).margin(1e-4));
  const MeanCi none = proportionCi95(std::vector<double>(20, 0.0));
  CHECK(none.lo == 0);
  CHECK(none.hi == Approx(0.1611).margin(1e-4));
}

TEST_CASE("coverage on known distributions is near 95%", "[stats][coverage]") {
  boost::random::mt19937 rng(20261201);
  // A skewed share near 0: Beta(0.5, 8), mean 0.5 / 8.5, 30 replications.
  boost::random::beta_distribution<double> beta(0.5, 8.0);
  const double share = coverage(2000, 30, 0.5 / 8.5, [&] { return beta(rng); }, [](const std::vector<double>& xs) {
    const MeanCi c = shareMeanCi95(xs);
    return std::pair{c.lo, c.hi};
  });
  CHECK(share >= 0.92);
  CHECK(share <= 0.975);
  // A rare 0/1 event, p = 0.1, 40 replications (Wilson).
  boost::random::uniform_01<double> u;
  const double wilson = coverage(2000, 40, 0.1, [&] { return u(rng) < 0.1 ? 1.0 : 0.0; }, [](const std::vector<double>& xs) {
    const MeanCi c = proportionCi95(xs);
    return std::pair{c.lo, c.hi};
  });
  CHECK(wilson >= 0.92);
  CHECK(wilson <= 0.985);
  // A skewed amount >= 0: exponential with mean 100, 25 replications.
  boost::random::exponential_distribution<double> ex(0.01);
  const double amount = coverage(2000, 25, 100.0, [&] { return ex(rng); }, [](const std::vector<double>& xs) {
    const MeanCi c = nonNegativeMeanCi95(xs);
    return std::pair{c.lo, c.hi};
  });
  CHECK(amount >= 0.91);
  CHECK(amount <= 0.97);
  // An event time censored at a horizon: exponential, median 100 ln 2 = 69.3,
  // times beyond 150 unobserved (NaN), 25 replications. Order statistics:
  // coverage >= 95% by construction.
  const double median = coverage(2000, 25, 100.0 * std::log(2.0),
                                 [&] {
                                   const double t = ex(rng);
                                   return t > 150 ? kNan : t;
                                 },
                                 [](const std::vector<double>& xs) {
                                   const EventTimeCi c = censoredMedianCi95(xs);
                                   const double inf = std::numeric_limits<double>::infinity();
                                   return std::pair{c.loBeyond ? inf : c.lo, c.hiBeyond ? inf : c.hi};
                                 });
  CHECK(median >= 0.95);
  CHECK(median <= 0.99);
}

TEST_CASE("a censored event time: median, share and order-statistic ranks", "[stats]") {
  // 10 replications, 7 unraveled. For n = 10 the ranks are 2 and 9
  // (P(B(10, 1/2) <= 1) = 0.0107 <= 0.025 < P(B <= 2) = 0.0547).
  const std::vector<double> xs = {50, 40, kNan, 30, 60, kNan, 20, 70, kNan, 10};
  const EventTimeCi c = censoredMedianCi95(xs);
  CHECK(c.n == 10);
  CHECK(c.events == 7);
  CHECK(c.share.mean == Approx(0.7));
  CHECK(c.median == 55);  // sorted 10..70, then 3 beyond: (50 + 60) / 2
  CHECK(c.lo == 20);
  CHECK(std::isnan(c.hi));
  CHECK(c.hiBeyond);
  // Fewer than half: the median is not reached (not the mean of those that unraveled).
  const EventTimeCi few = censoredMedianCi95({kNan, kNan, 100, kNan, kNan, kNan, kNan});
  CHECK(std::isnan(few.median));
  CHECK(few.lo == 100);  // n = 7: ranks 1 and 7
  CHECK(few.hiBeyond);
  // Under 6 replications there is no distribution-free 95% interval.
  const EventTimeCi tiny = censoredMedianCi95({1, 2, 3, 4, 5});
  CHECK(tiny.median == 3);
  CHECK(std::isnan(tiny.lo));
  CHECK(std::isnan(tiny.hi));
  CHECK(!tiny.hiBeyond);
}

TEST_CASE("metricCi95 gives an event time its censored median, as summary.json does", "[stats]") {
  // Before, unraveling_step got the t interval of the replications that
  // unraveled, its lower end a negative step (mutualab.ci95 reads this).
  const std::vector<double> xs = {50, 40, kNan, 30, 60, kNan, 20, 70, kNan, 10};
  const MeanCi c = metricCi95("unraveling_step", xs);
  CHECK(c.mean == 55);
  CHECK(c.lo == 20);
  CHECK(std::isnan(c.hi));  // beyond the horizon
  const MeanCi few = metricCi95("unraveling_step", {kNan, 300, kNan, kNan, 100, 200, kNan, kNan});
  CHECK(std::isnan(few.mean));  // 3 of 8 unraveled: not reached
  CHECK(few.lo == 100);
}

TEST_CASE("every metric has an interval method", "[stats]") {
  for (const auto& m : kSummaryMetricInfo) CHECK_NOTHROW(intervalOf(m.name));
  for (const auto& m : kStepMetricInfo) CHECK_NOTHROW(intervalOf(m.name));
  for (const auto& m : kPoolSummaryMetricInfo) CHECK_NOTHROW(intervalOf(m.name));
  for (const auto& m : kPoolStepMetricInfo) CHECK_NOTHROW(intervalOf(m.name));
  for (const auto& m : kContractSummaryMetricInfo) CHECK_NOTHROW(intervalOf(m.name));
  for (const auto& m : kShareMarketSummaryMetricInfo) CHECK_NOTHROW(intervalOf(m.name));
  for (const auto& m : kShareMarketStepMetricInfo) CHECK_NOTHROW(intervalOf(m.name));
  CHECK(intervalOf("pool_participation") == Interval::Share);
  CHECK(intervalOf("pool_default_probability") == Interval::Probability);
  CHECK(intervalOf("unraveling_step") == Interval::EventTime);
  CHECK(intervalOf("buyer_shortfall") == Interval::NonNegative);
  CHECK(intervalOf("welfare_lps") == Interval::Mean);
  CHECK_THROWS_AS(intervalOf("no_such_metric"), std::logic_error);
}
