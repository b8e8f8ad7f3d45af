// Differences between two designs run on common random numbers, paired
// replication by replication. Replication i of both cells of a sweep met
// the same market path, arrivals and types (the same seed and stream keys),
// so the difference of their outcomes in that replication is free of the
// luck both shared, and its interval is much tighter than one read off two
// separate intervals (a design that lowers a default probability from 0.34
// to 0.06 can have overlapping marginal intervals and a paired one that
// excludes 0).
//
// A replication enters only when both designs define the metric there
// (NaN in either skips the pair).
#pragma once

#include <string_view>
#include <vector>

#include "experiments/stats.h"

namespace mutualab {

enum class PairedMethod {
  T,         // Student t on the differences (any metric with a mean)
  Newcombe,  // 0/1 outcomes: Newcombe's hybrid score interval (Wilson on each margin, the pairs' correlation)
};

// Student t interval of the mean of a[i] - b[i].
MeanCi pairedMeanCi95(const std::vector<double>& a, const std::vector<double>& b);

// For 0/1 outcomes: the difference of the shares of a and b and Newcombe's
// interval for paired proportions (Newcombe 1998, Statistics in Medicine
// 17:2635, method 10, no continuity correction): Wilson score intervals for
// both shares combined through the phi coefficient of the 2x2 table of
// pairs. It stays inside [-1, 1] and, unlike the t interval, is not
// [0, 0] when neither design ever had the event in n pairs
// ([-0.107, 0.107] at n = 32): 32 replications without a default do not
// show that two designs default equally often.
MeanCi pairedProportionCi95(const std::vector<double>& a, const std::vector<double>& b);

// The method for a metric of core/metrics.h's tables (metric_intervals.h's
// name): Newcombe for 0/1 outcomes, t otherwise. Event times have no paired
// mean (a replication without the event has no time): pair their 0/1
// "had the event by the horizon" instead (eventIndicators).
PairedMethod pairedMethodOf(std::string_view metric);
const char* pairedMethodText(PairedMethod m);  // "paired t", "Newcombe"

// Event times (NaN: not by the horizon) as 1 where the event happened, 0
// where it did not.
std::vector<double> eventIndicators(const std::vector<double>& timesOrNan);

}  // namespace mutualab
