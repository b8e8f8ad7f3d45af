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

MeanCi nonNegativeMeanCi95(const std::vector<double>& xs) {
  MeanCi r = meanCi95(xs);
  for (double x : xs)
    if (x < 0) return r;  // not the amount it claims to be: the plain t interval
  if (!std::isnan(r.lo)) r.lo = std::max(0.0, r.lo);
  return r;
}

MeanCi shareMeanCi95(const std::vector<double>& xs) {
  MeanCi r = meanCi95(xs);
  for (double x : xs)
    if (x < 0 || x > 1) return r;
  if (std::isnan(r.lo)) return r;
  if (r.mean <= 0 || r.mean >= 1) {  // every replication at the bound
    r.lo = r.hi = r.mean;
    return r;
  }
  // The t half-width h = t se on the mean's scale is h / (m (1 - m)) on the
  // logit scale (delta method), where the interval cannot leave (0, 1).
  const double h = (r.hi - r.mean) / (r.mean * (1 - r.mean));
  const double centre = std::log(r.mean / (1 - r.mean));
  auto expit = [](double z) { return 1 / (1 + std::exp(-z)); };
  r.lo = expit(centre - h);
  r.hi = expit(centre + h);
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

namespace {
// The largest rank l >= 0 with P(Binomial(n, 1/2) <= l - 1) <= 0.025: the
// order statistics l and n + 1 - l bracket the median with probability
// >= 95%. 0 when n is too small for any (n < 6).
int medianRank(int n) {
  // pmf(i) by the recurrence pmf(i + 1) = pmf(i) (n - i) / (i + 1), in logs.
  double logPmf = -n * std::log(2.0), cdf = 0;
  int l = 0;
  for (int i = 0; i < n; ++i) {
    cdf += std::exp(logPmf);  // P(B <= i)
    if (cdf > 0.025) break;
    l = i + 1;
    logPmf += std::log(static_cast<double>(n - i) / (i + 1));
  }
  return l;
}
}  // namespace

EventTimeCi censoredMedianCi95(const std::vector<double>& xs) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  EventTimeCi r;
  r.n = static_cast<int>(xs.size());
  r.median = r.lo = r.hi = nan;
  std::vector<double> t;  // the censored as +infinity, after every event
  std::vector<double> happened;
  for (double x : xs) {
    t.push_back(std::isnan(x) ? inf : x);
    happened.push_back(std::isnan(x) ? 0.0 : 1.0);
    r.events += std::isnan(x) ? 0 : 1;
  }
  r.share = proportionCi95(happened);
  if (r.n == 0) return r;
  std::sort(t.begin(), t.end());
  const size_t n = t.size();
  const double m = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;  // +infinity: not reached
  if (std::isfinite(m)) r.median = m;
  const int l = medianRank(r.n);
  if (l < 1) return r;
  const double lo = t[static_cast<size_t>(l - 1)];
  if (std::isfinite(lo)) r.lo = lo;
  else r.loBeyond = true;
  const double u = t[n - static_cast<size_t>(l)];
  if (std::isfinite(u)) r.hi = u;
  else r.hiBeyond = true;
  return r;
}

}  // namespace mutualab
