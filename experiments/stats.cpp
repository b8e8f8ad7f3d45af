#include "experiments/stats.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/risk_solver.h"

namespace mutualab {

double tQuantile975(int df) {
  // Exact table for small df; the Cornish-Fisher expansion is within 1e-4 beyond.
  static const double table[] = {0, 12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622,
                                 2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930,
                                 2.0860, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452,
                                 2.0423};
  if (df < 1) return std::numeric_limits<double>::quiet_NaN();
  if (df <= 30) return table[df];
  const double z = 1.959964, n = df;
  const double z3 = z * z * z, z5 = z3 * z * z;
  return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n);
}

MeanCi meanCi95(const std::vector<double>& xs) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  MeanCi r{nan, nan, nan, 0};
  double s = 0;
  for (double x : xs)
    if (!std::isnan(x)) { s += x; ++r.n; }
  if (r.n == 0) return r;
  r.mean = s / r.n;
  if (r.n < 2) return r;
  double v = 0;
  for (double x : xs)
    if (!std::isnan(x)) v += (x - r.mean) * (x - r.mean);
  const double se = std::sqrt(v / (r.n - 1) / r.n);
  const double h = tQuantile975(r.n - 1) * se;
  r.lo = r.mean - h;
  r.hi = r.mean + h;
  return r;
}

MeanCi proportionCi95(const std::vector<double>& xs) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  MeanCi r{nan, nan, nan, 0};
  double k = 0;
  for (double x : xs)
    if (!std::isnan(x)) { k += x; ++r.n; }
  if (r.n == 0) return r;
  r.mean = k / r.n;
  if (r.n < 2) return r;
  const ProportionCi w = wilsonCi95(std::llround(k), r.n);  // k is a whole count, exact in a double
  r.lo = w.lo;
  r.hi = w.hi;
  return r;
}

}  // namespace mutualab
