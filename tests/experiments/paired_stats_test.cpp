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

TEST_CASE("Newcombe's paired interval, worked by hand", "[stats][paired]") {
  std::vector<double> a, b;
  // 44 pairs, 21 vs 14 with the event (12 both, 9 a only, 2 b only): 0.1591.
  // By hand from Newcombe (1998) method 10: Wilson (0.3375, 0.6206) for
  // 21/44 and (0.2000, 0.4656) for 14/44, phi = (12*21 - 9*2) /
  // sqrt(21*23*14*30) = 0.5195; lower 0.1591 - 0.1409, upper 0.1591 + 0.1301.
  table(12, 9, 2, 21, a, b);
  MeanCi c = pairedProportionCi95(a, b);
  CHECK(c.n == 44);
  CHECK(c.mean == Approx(7.0 / 44).epsilon(1e-12));
  CHECK(c.lo == Approx(0.018210).margin(2e-6));
  CHECK(c.hi == Approx(0.289157).margin(2e-6));
  // Fagerland, Lydersen and Laake's (2014) airway data, (1, 1, 7, 12):
  // -0.2857 [-0.5017, -0.0361].
  table(1, 1, 7, 12, a, b);
  c = pairedProportionCi95(a, b);
  CHECK(c.mean == Approx(-6.0 / 21).epsilon(1e-12));
  CHECK(c.lo == Approx(-0.501663).margin(2e-6));
  CHECK(c.hi == Approx(-0.036053).margin(2e-6));
  // Reversing the designs mirrors the interval.
  const MeanCi r = pairedProportionCi95(b, a);
  CHECK(r.lo == Approx(-c.hi).epsilon(1e-12));
  CHECK(r.hi == Approx(-c.lo).epsilon(1e-12));
}

TEST_CASE("no event in either design is no evidence that they are equal", "[stats][paired]") {
  std::vector<double> a, b;
  table(0, 0, 0, 32, a, b);
  const MeanCi c = pairedProportionCi95(a, b);
  CHECK(c.mean == 0.0);
  // Each margin's Wilson upper bound at 0 of 32 is 3.84 / 35.84 = 0.1072.
  CHECK(c.lo == Approx(-0.107179).margin(1e-6));
  CHECK(c.hi == Approx(0.107179).margin(1e-6));
  // Every pair the same (phi = 1): the margins' intervals cancel but for
  // their asymmetry: at 8 of 32, Wilson (0.1325, 0.4211) about 0.25, so
  // +-(0.1711 - 0.1175) = +-0.0536, against -0.208 and +0.208 were the
  // pairs unrelated (phi = 0).
  table(8, 0, 0, 24, a, b);
  const MeanCi same = pairedProportionCi95(a, b);
  CHECK(same.mean == 0.0);
  CHECK(same.lo == Approx(-0.053590).margin(2e-6));
  CHECK(same.hi == Approx(0.053590).margin(2e-6));
  // It never leaves [-1, 1].
  table(0, 40, 0, 0, a, b);
  const MeanCi all = pairedProportionCi95(a, b);
  CHECK(all.mean == 1.0);
  CHECK(all.hi <= 1.0);
  CHECK(all.lo > 0.8);
}

TEST_CASE("the paired method follows the metric's kind, event times by whether they came", "[stats][paired]") {
  CHECK(pairedMethodOf("pool_default_probability") == PairedMethod::Newcombe);
  CHECK(pairedMethodOf("joint_default") == PairedMethod::Newcombe);
  CHECK(pairedMethodOf("unraveling_step") == PairedMethod::Newcombe);
  CHECK(pairedMethodOf("welfare_lps") == PairedMethod::T);
  CHECK(pairedMethodOf("pool_participation") == PairedMethod::T);
  CHECK(eventIndicators({std::nan(""), 120, 0}) == std::vector<double>{0, 1, 1});
}
