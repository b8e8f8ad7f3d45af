// Which 95% interval each metric gets, by its range: every summary and
// per-step metric of core/metrics.h is listed by name, so a new metric must
// be placed here (a test checks that every name is). `mutualab metrics` and
// docs/metrics.md print the method beside each metric.
#pragma once

#include <string_view>
#include <vector>

#include "experiments/stats.h"

namespace mutualab {

enum class Interval {
  Mean,         // unbounded: Student t
  NonNegative,  // amounts and counts >= 0: t with its lower end cut at 0
  Share,        // a share in [0, 1] per replication: logit (delta method)
  Probability,  // a 0/1 outcome per replication: Wilson score
  EventTime,    // a step that may not come by the horizon: censored median, order statistics
};

// The method for a metric name of any table in core/metrics.h (summary,
// per-step, per-pool, contract, share market, contagion). Throws
// std::logic_error for a name it does not know.
Interval intervalOf(std::string_view metric);
// A few words for listings: "t", "t, >= 0", "logit", "Wilson", "censored median".
const char* intervalText(Interval method);

// The mean (the share for Probability) and its interval by the metric's
// method. For EventTime, the censored median and its interval
// (censoredMedianCi95: a replication without the event, NaN, counts as
// beyond the horizon), the numbers summary.json gives.
MeanCi metricCi95(std::string_view metric, const std::vector<double>& xs);

}  // namespace mutualab
