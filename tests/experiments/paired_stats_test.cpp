#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "experiments/paired_stats.h"

using namespace mutualab;

namespace {
// n pairs from a 2x2 table: both had it, only a, only b, neither.
void table(int both, int aOnly, int bOnly, int neither, std::vector<double>& a, std::vector<double>& b) {
  a.clear();
  b.clear();
  auto add = [&](int count, double x, double y) {
    for (int i = 0; i < count; ++i) {
      a.push_back(x);
      b.push_back(y);
    }
  };
  add(both, 1, 1);
  add(aOnly, 1, 0);
  add(bOnly, 0, 1);
  add(neither, 0, 0);
}
}  // namespace

TEST_CASE("paired t: the t interval of the differences, pairs with a NaN left out", "[stats][paired]") {
  // Differences 1, 2, 3, 6 (the NaN pair skipped): mean 3, sd sqrt(14/3),
  // se sqrt(14/3)/2, t(3) = 3.1824.
  const std::vector<double> a{11, 12, 13, std::nan(""), 16}, b{10, 10, 10, 5, 10};
  const MeanCi c = pairedMeanCi95(a, b);
  CHECK(c.n == 4);
  CHECK(c.mean == 3.0);
  const double h = 3.1824 * std::sqrt(14.0 / 3.0) / 2.0;
  CHECK(c.lo == Approx(3.0 - h).epsilon(1e-12));
  CHECK(c.hi == Approx(3.0 + h).epsilon(1e-12));
  // The same design against itself: exactly 0, and no width.
  const MeanCi same = pairedMeanCi95(a, a);
  CHECK(same.mean == 0.0);
  CHECK(same.lo == 0.0);
  CHECK(same.hi == 0.0);
}

TEST_CASE("Tango's score interval for paired proportions: the textbook example and the limits", "[stats][paired]") {
  std::vector<double> a, b;
  // The airway hyper-responsiveness data Fagerland, Lydersen and Laake
  // (2014) use, before and after stem cell transplantation, (1, 1, 7, 12) of
  // 21: Tango's interval -0.2857 [-0.517232, -0.026003], the roots of the
  // same score statistic found independently (scipy's brentq).
  table(1, 1, 7, 12, a, b);
  MeanCi c = pairedProportionCi95(a, b);
  CHECK(c.n == 21);
  CHECK(c.mean == Approx(-6.0 / 21).epsilon(1e-12));
  CHECK(c.lo == Approx(-0.517232).margin(2e-6));
  CHECK(c.hi == Approx(-0.026003).margin(2e-6));
  // Reversing the designs mirrors the interval.
  const MeanCi r = pairedProportionCi95(b, a);
  CHECK(r.lo == Approx(-c.hi).epsilon(1e-9));
  CHECK(r.hi == Approx(-c.lo).epsilon(1e-9));
  // 44 pairs, 21 vs 14 with the event (12 both, 9 a only, 2 b only): the
  // score test's roots, found independently (scipy's brentq on the same
  // statistic): 0.1591 [0.013177, 0.311607].
  table(12, 9, 2, 21, a, b);
  c = pairedProportionCi95(a, b);
  CHECK(c.mean == Approx(7.0 / 44).epsilon(1e-12));
  CHECK(c.lo == Approx(0.013177).margin(2e-6));
  CHECK(c.hi == Approx(0.311607).margin(2e-6));
}

TEST_CASE("no pair that differs is no proof that two designs are alike, however many had the event", "[stats][paired]") {
  std::vector<double> a, b;
  // With no discordant pair the interval is +-z^2 / (n + z^2): 3.8415 / 35.8415
  // at n = 32, whether no replication, a quarter or half of them had the event.
  const double z2 = 1.959963984540054 * 1.959963984540054;
  for (int events : {0, 8, 16}) {
    table(events, 0, 0, 32 - events, a, b);
    const MeanCi c = pairedProportionCi95(a, b);
    INFO(events << " of 32 had the event in both");
    CHECK(c.mean == 0.0);
    CHECK(c.lo == Approx(-z2 / (32 + z2)).epsilon(1e-9));
    CHECK(c.hi == Approx(z2 / (32 + z2)).epsilon(1e-9));
  }
  // It never leaves [-1, 1], and it exists from one pair.
  table(0, 40, 0, 0, a, b);
  const MeanCi all = pairedProportionCi95(a, b);
  CHECK(all.mean == 1.0);
  CHECK(all.hi == 1.0);
  CHECK(all.lo == Approx(0.824757).margin(2e-6));
  table(0, 1, 0, 0, a, b);
  const MeanCi one = pairedProportionCi95(a, b);
  CHECK(one.n == 1);
  CHECK(one.mean == 1.0);
  CHECK(one.lo == Approx(-0.586901).margin(2e-6));
  CHECK(one.hi == 1.0);
}

TEST_CASE("the paired method follows the metric's kind, event times by whether they came", "[stats][paired]") {
  CHECK(pairedMethodOf("pool_default_probability") == PairedMethod::Tango);
  CHECK(pairedMethodOf("joint_default") == PairedMethod::Tango);
  CHECK(pairedMethodOf("unraveling_step") == PairedMethod::Tango);
  CHECK(pairedMethodOf("welfare_lps") == PairedMethod::T);
  CHECK(pairedMethodOf("pool_participation") == PairedMethod::T);
  CHECK(eventIndicators({std::nan(""), 120, 0}) == std::vector<double>{0, 1, 1});
}
