// Point estimates and 95% confidence intervals over replications (NaN values
// skipped: a metric undefined in a replication does not count there). Each
// metric gets the interval that suits its range (experiments/metric_intervals.h
// picks one per metric): Student t for unbounded means, t cut at 0 for
// amounts that cannot be negative, a logit interval for shares in [0, 1],
// Wilson for 0/1 outcomes, and order statistics for event times censored at
// the horizon. None of them reports a bound outside the metric's range.
#pragma once

#include <vector>

namespace mutualab {

struct MeanCi {
  double mean = 0;  // NaN when no replication defines the value
  double lo = 0;    // NaN when fewer than 2 replications define it
  double hi = 0;
  int n = 0;        // replications that defined it
};

// Student t interval of the mean.
MeanCi meanCi95(const std::vector<double>& xs);

// For an amount that cannot be negative (losses, balances, counts): the t
// interval with its lower end raised to 0. The true mean is >= 0, so cutting
// the interval there never excludes it: the coverage is the t interval's.
// Values below 0 (which such a metric should not have) leave it untouched.
MeanCi nonNegativeMeanCi95(const std::vector<double>& xs);

// For a share in [0, 1] per replication (participation, a drawdown): the
// t interval built on the logit scale by the delta method, mapped back, so
// both ends lie strictly inside (0, 1) and the interval is asymmetric near
// the bounds where the t interval would cross them. A mean of exactly 0 or 1
// (every replication at the bound) gives [mean, mean]; values outside [0, 1]
// fall back to the t interval.
MeanCi shareMeanCi95(const std::vector<double>& xs);

// For a 0/1 outcome (e.g. "the pool defaulted"): the share and its Wilson
// score interval, which stays inside [0, 1] and is sound at 0 or 1
// (core/risk_solver.h's wilsonCi95 of the count).
MeanCi proportionCi95(const std::vector<double>& zeroOnes);

// An event time censored at the horizon (e.g. the unraveling step, NaN in a
// replication where it did not happen by the end). The share of replications
// with the event (Wilson interval) and the median time, treating the others
// as later than the horizon: NaN ("not reached") when fewer than half had the
// event. The median's interval is distribution-free, from order statistics:
// ranks l and n + 1 - l with P(Binomial(n, 1/2) < l) <= 0.025 (coverage >= 95%
// for continuous times); an upper rank among the censored gives hiBeyond
// (the bound lies beyond the horizon; loBeyond likewise for the lower rank),
// and n < 6 gives no interval (NaN).
struct EventTimeCi {
  MeanCi share;          // share of replications with the event, Wilson CI
  double median = 0;     // NaN when not reached
  double lo = 0, hi = 0; // NaN when undefined; hi is NaN too when hiBeyond
  bool loBeyond = false; // the lower bound is beyond the horizon (lo is NaN)
  bool hiBeyond = false; // the upper bound is beyond the horizon (hi is NaN)
  int n = 0;             // replications
  int events = 0;        // replications with the event
};
EventTimeCi censoredMedianCi95(const std::vector<double>& timesOrNan);

// Two-sided 97.5% quantile of Student's t with df degrees of freedom.
double tQuantile975(int df);

}  // namespace mutualab
