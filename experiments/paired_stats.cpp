#include "experiments/paired_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "experiments/metric_intervals.h"

namespace mutualab {

MeanCi pairedMeanCi95(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d;
  d.reserve(std::min(a.size(), b.size()));
  for (size_t i = 0; i < a.size() && i < b.size(); ++i)
    if (!std::isnan(a[i]) && !std::isnan(b[i])) d.push_back(a[i] - b[i]);
  return meanCi95(d);
}

namespace {
// Tango's score statistic for H0: p_a - p_b = d, from the discordant pairs
// (ab: a had it and b not, ba: the other way) of n: (ab - ba - n d) over its
// standard error at the constrained maximum-likelihood estimate of P(b had it
// and a not). Decreasing in d; +-infinity where the error is 0 but the
// difference is not.
double tangoScore(double d, double ab, double ba, double n) {
  const double A = 2 * n, B = -ab - ba + (2 * n - ab + ba) * d, C = -ba * d * (1 - d);
  const double pba = (-B + std::sqrt(std::max(0.0, B * B - 4 * A * C))) / (2 * A);
  const double var = n * (2 * pba + d * (1 - d));
  const double num = ab - ba - n * d;
  if (!(var > 0)) return num > 0 ? HUGE_VAL : num < 0 ? -HUGE_VAL : 0.0;
  return num / std::sqrt(var);
}

// The d in [lo, hi] where the decreasing score crosses `target`, by bisection.
double crossing(double lo, double hi, double target, double ab, double ba, double n) {
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (lo + hi);
    (tangoScore(mid, ab, ba, n) > target ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}
}  // namespace

MeanCi pairedProportionCi95(const std::vector<double>& a, const std::vector<double>& b) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Only the discordant pairs move the difference: a had it and b not, or the other way.
  long long ab = 0, ba = 0, n = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    ++n;
    const bool x = a[i] != 0, y = b[i] != 0;
    ab += x && !y;
    ba += y && !x;
  }
  MeanCi r{nan, nan, nan, static_cast<int>(n)};
  if (n == 0) return r;
  const double N = static_cast<double>(n), AB = static_cast<double>(ab), BA = static_cast<double>(ba);
  r.mean = (AB - BA) / N;
  const double z = 1.959963984540054;
  r.lo = tangoScore(-1.0, AB, BA, N) <= z ? -1.0 : crossing(-1.0, r.mean, z, AB, BA, N);
  r.hi = tangoScore(1.0, AB, BA, N) >= -z ? 1.0 : crossing(r.mean, 1.0, -z, AB, BA, N);
  return r;
}

PairedMethod pairedMethodOf(std::string_view metric) {
  const Interval i = intervalOf(metric);
  return i == Interval::Probability || i == Interval::EventTime ? PairedMethod::Tango : PairedMethod::T;
}

const char* pairedMethodText(PairedMethod m) { return m == PairedMethod::Tango ? "Tango" : "paired t"; }

std::vector<double> eventIndicators(const std::vector<double>& timesOrNan) {
  std::vector<double> out;
  out.reserve(timesOrNan.size());
  for (double t : timesOrNan) out.push_back(std::isnan(t) ? 0.0 : 1.0);
  return out;
}

}  // namespace mutualab
