#include "experiments/paired_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/risk_solver.h"
#include "experiments/metric_intervals.h"

namespace mutualab {

MeanCi pairedMeanCi95(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d;
  d.reserve(std::min(a.size(), b.size()));
  for (size_t i = 0; i < a.size() && i < b.size(); ++i)
    if (!std::isnan(a[i]) && !std::isnan(b[i])) d.push_back(a[i] - b[i]);
  return meanCi95(d);
}

MeanCi pairedProportionCi95(const std::vector<double>& a, const std::vector<double>& b) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // The 2x2 table of pairs: both, a only, b only, neither.
  long long both = 0, aOnly = 0, bOnly = 0, neither = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    const bool x = a[i] != 0, y = b[i] != 0;
    (x ? (y ? both : aOnly) : (y ? bOnly : neither)) += 1;
  }
  const long long n = both + aOnly + bOnly + neither;
  MeanCi r{nan, nan, nan, static_cast<int>(n)};
  if (n == 0) return r;
  const ProportionCi pa = wilsonCi95(both + aOnly, n), pb = wilsonCi95(both + bOnly, n);
  r.mean = pa.p - pb.p;
  if (n < 2) return r;
  // phi: the correlation of the pairs' outcomes (0 where a margin is constant).
  const double den = static_cast<double>(both + aOnly) * static_cast<double>(bOnly + neither) *
                     static_cast<double>(both + bOnly) * static_cast<double>(aOnly + neither);
  const double phi = den > 0 ? (static_cast<double>(both) * static_cast<double>(neither) -
                                static_cast<double>(aOnly) * static_cast<double>(bOnly)) / std::sqrt(den)
                             : 0.0;
  const double loA = pa.p - pa.lo, hiA = pa.hi - pa.p, loB = pb.p - pb.lo, hiB = pb.hi - pb.p;
  // Each term under the root is >= 0 for |phi| <= 1 (a sum of squares less
  // at most twice their product); max() only keeps rounding from making it -0.
  r.lo = r.mean - std::sqrt(std::max(0.0, loA * loA - 2 * phi * loA * hiB + hiB * hiB));
  r.hi = r.mean + std::sqrt(std::max(0.0, hiA * hiA - 2 * phi * hiA * loB + loB * loB));
  return r;
}

PairedMethod pairedMethodOf(std::string_view metric) {
  const Interval i = intervalOf(metric);
  return i == Interval::Probability || i == Interval::EventTime ? PairedMethod::Newcombe : PairedMethod::T;
}

const char* pairedMethodText(PairedMethod m) { return m == PairedMethod::Newcombe ? "Newcombe" : "paired t"; }

std::vector<double> eventIndicators(const std::vector<double>& timesOrNan) {
  std::vector<double> out;
  out.reserve(timesOrNan.size());
  for (double t : timesOrNan) out.push_back(std::isnan(t) ? 0.0 : 1.0);
  return out;
}

}  // namespace mutualab
