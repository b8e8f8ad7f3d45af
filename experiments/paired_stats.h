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
  T,      // Student t on the differences (shares: cut at -1 and 1)
  Tango,  // 0/1 outcomes: Tango's score interval for paired proportions
};

// Student t interval of the mean of a[i] - b[i].
MeanCi pairedMeanCi95(const std::vector<double>& a, const std::vector<double>& b);

// For 0/1 outcomes: the difference of the shares of a and b and Tango's
// asymptotic score interval for paired proportions (Tango 1998, Statistics
// in Medicine 17:891):
// the differences d whose score test on the pairs' 2x2 table is not
// rejected at 5 %, found by bisection. Only the discordant pairs move it,
// so it stays inside [-1, 1], exists from one pair, and when no pair
// differs it is +-z^2 / (n + z^2) (+-0.107 at n = 32) however many pairs
// had the event: 32 replications in which two designs default alike do not
// show they always do. (Newcombe's hybrid interval, tried first, narrows
// to 0 there when half the pairs had the event.)
MeanCi pairedProportionCi95(const std::vector<double>& a, const std::vector<double>& b);

// The method for a metric of core/metrics.h's tables (metric_intervals.h's
// name): Tango for 0/1 outcomes, t otherwise. Event times have no paired
// mean (a replication without the event has no time): pair their 0/1
// "had the event by the horizon" instead (eventIndicators).
PairedMethod pairedMethodOf(std::string_view metric);
const char* pairedMethodText(PairedMethod m);  // "paired t", "Tango"

// Event times (NaN: not by the horizon) as 1 where the event happened, 0
// where it did not.
std::vector<double> eventIndicators(const std::vector<double>& timesOrNan);

}  // namespace mutualab
