// Backtesting a VaR model: how often the realized loss exceeded the VaR
// forecast made before it, and whether that is what the level promises.
// The tests a bank's risk function and its supervisor apply (Basel
// Committee, "Supervisory framework for the use of backtesting", 1996;
// Kupiec 1995; Christoffersen 1998; Acerbi and Szekely 2014), on any
// number of dates and any level, so the engine can be held to them.
//
// An exception on a date is realized loss > VaR. Under a correct model at
// level q the exceptions of n dates are Binomial(n, p = 1 - q), and with
// non-overlapping horizons independent of one another.
#pragma once

#include <string>
#include <vector>

namespace mutualab {

// One forecast and what followed: the VaR and ES forecast for the horizon,
// and the loss realized over it (currency, positive = a loss).
struct BacktestDate {
  double var = 0, es = 0, realized = 0;
  // Where a sequence starts (the first date of a replication): the
  // independence test counts transitions only within a sequence.
  bool startsSequence = false;
};

enum class TrafficLight { Green, Yellow, Red };
const char* trafficLightName(TrafficLight z);

struct BacktestLevel {
  double level = 0;       // q
  int dates = 0;          // n
  int exceptions = 0;     // x: dates with realized > VaR
  double expected = 0;    // n (1 - q)
  // Kupiec's proportion-of-failures test: LR = -2 ln(L(p) / L(x/n)),
  // chi-square with 1 degree of freedom under the model.
  double kupiecLr = 0, kupiecP = 1;
  // Exact binomial: P(X <= x) (the traffic light reads it) and the
  // one-sided P(X >= x) (too many exceptions).
  double cdf = 0, pTooMany = 1;
  // Basel's zones generalized to any n and q: green while P(X <= x) <
  // 0.95, yellow while < 0.9999, red beyond (at n = 250, q = 0.99: 0-4
  // green, 5-9 yellow, 10 or more red, the Basel table).
  TrafficLight zone = TrafficLight::Green;
  // Christoffersen's independence test: transitions between consecutive
  // dates of a sequence (n_ij: state i then j, 1 = exception); LR chi-square
  // with 1 degree of freedom. NaN where there is no transition out of an
  // exception to test (no exception, or only at a sequence's end).
  int n00 = 0, n01 = 0, n10 = 0, n11 = 0;
  double independenceLr = 0, independenceP = 1;
  // Conditional coverage: Kupiec + independence, 2 degrees of freedom.
  double conditionalLr = 0, conditionalP = 1;
  // ES: the mean over exceptions of realized / ES (Acerbi and Szekely's
  // Z1 is this less 1): near 1 where the ES forecast the tail's size right,
  // above 1 where the tail was worse. NaN with no exception.
  double esRatio = 0;
};

// The tests at one level, dates in order (each sequence's dates consecutive).
BacktestLevel backtestLevel(double level, const std::vector<BacktestDate>& dates);

// P(X <= x) for X ~ Binomial(n, p), exact (summed in logs), x in [0, n].
double binomialCdf(int x, int n, double p);
// Upper tail of the chi-square law with 1 or 2 degrees of freedom.
double chiSquareUpper(double x, int degrees);

}  // namespace mutualab
