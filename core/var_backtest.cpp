#include "core/var_backtest.h"

#include <cmath>
#include <limits>

namespace mutualab {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// k ln(q), with 0 ln 0 = 0 (a likelihood's factor q^k with k = 0 is 1).
double xlog(double k, double q) { return k == 0 ? 0.0 : k * std::log(q); }
}  // namespace

const char* trafficLightName(TrafficLight z) {
  switch (z) {
    case TrafficLight::Green: return "green";
    case TrafficLight::Yellow: return "yellow";
    case TrafficLight::Red: return "red";
  }
  return "?";
}

double binomialCdf(int x, int n, double p) {
  if (x < 0) return 0.0;
  if (x >= n) return 1.0;
  if (p <= 0) return 1.0;
  if (p >= 1) return 0.0;
  // Each term in logs: C(n, k) p^k (1 - p)^(n - k), summed smallest first.
  const double lp = std::log(p), lq = std::log1p(-p), ln = std::lgamma(n + 1.0);
  double sum = 0;
  for (int k = x; k >= 0; --k) sum += std::exp(ln - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) + k * lp + (n - k) * lq);
  return sum < 1.0 ? sum : 1.0;
}

double chiSquareUpper(double x, int degrees) {
  if (!(x > 0)) return 1.0;
  return degrees == 2 ? std::exp(-0.5 * x) : std::erfc(std::sqrt(0.5 * x));
}

BacktestLevel backtestLevel(double level, const std::vector<BacktestDate>& dates) {
  BacktestLevel b;
  b.level = level;
  b.dates = static_cast<int>(dates.size());
  const double p = 1.0 - level;
  double ratioSum = 0;
  bool before = false;  // the previous date of this sequence was an exception
  for (size_t i = 0; i < dates.size(); ++i) {
    const BacktestDate& d = dates[i];
    const bool hit = d.realized > d.var;
    if (hit) {
      ++b.exceptions;
      ratioSum += d.es != 0 ? d.realized / d.es : kNaN;
    }
    if (i > 0 && !d.startsSequence) {
      if (before) (hit ? b.n11 : b.n10)++;
      else (hit ? b.n01 : b.n00)++;
    }
    before = hit;
  }
  const double n = b.dates, x = b.exceptions;
  b.expected = n * p;
  b.esRatio = b.exceptions > 0 ? ratioSum / x : kNaN;
  if (b.dates == 0) return b;

  // Kupiec: the likelihood at p against the likelihood at x / n.
  const double rate = x / n;
  b.kupiecLr = -2.0 * ((xlog(n - x, 1.0 - p) + xlog(x, p)) - (xlog(n - x, 1.0 - rate) + xlog(x, rate)));
  if (b.kupiecLr < 0) b.kupiecLr = 0;  // rounding at x = np
  b.kupiecP = chiSquareUpper(b.kupiecLr, 1);
  b.cdf = binomialCdf(b.exceptions, b.dates, p);
  b.pTooMany = b.exceptions == 0 ? 1.0 : 1.0 - binomialCdf(b.exceptions - 1, b.dates, p);
  b.zone = b.cdf < 0.95 ? TrafficLight::Green : b.cdf < 0.9999 ? TrafficLight::Yellow : TrafficLight::Red;

  // Christoffersen: does an exception make the next one likelier?
  const double n00 = b.n00, n01 = b.n01, n10 = b.n10, n11 = b.n11;
  if (n10 + n11 == 0 || n00 + n01 == 0) {
    b.independenceLr = b.independenceP = b.conditionalLr = b.conditionalP = kNaN;
    return b;
  }
  const double pi01 = n01 / (n00 + n01), pi11 = n11 / (n10 + n11), pi = (n01 + n11) / (n00 + n01 + n10 + n11);
  const double unrestricted = xlog(n00, 1.0 - pi01) + xlog(n01, pi01) + xlog(n10, 1.0 - pi11) + xlog(n11, pi11);
  const double restricted = xlog(n00 + n10, 1.0 - pi) + xlog(n01 + n11, pi);
  b.independenceLr = -2.0 * (restricted - unrestricted);
  if (b.independenceLr < 0) b.independenceLr = 0;
  b.independenceP = chiSquareUpper(b.independenceLr, 1);
  b.conditionalLr = b.kupiecLr + b.independenceLr;
  b.conditionalP = chiSquareUpper(b.conditionalLr, 2);
  return b;
}

}  // namespace mutualab
