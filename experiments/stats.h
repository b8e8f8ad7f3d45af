// Mean and 95% confidence interval over replications (Student t, NaN values
// skipped: a metric undefined in a replication does not count there).
#pragma once

#include <vector>

namespace mutualab {

struct MeanCi {
  double mean = 0;  // NaN when no replication defines the value
  double lo = 0;    // NaN when fewer than 2 replications define it
  double hi = 0;
  int n = 0;        // replications that defined it
};

MeanCi meanCi95(const std::vector<double>& xs);

// For a 0/1 outcome (e.g. "the pool defaulted"): the share and its Wilson
// score interval, which stays inside [0, 1] and is sound at 0 or 1
// (core/risk_solver.h's wilsonCi95 of the count).
MeanCi proportionCi95(const std::vector<double>& zeroOnes);

// Two-sided 97.5% quantile of Student's t with df degrees of freedom.
double tQuantile975(int df);

}  // namespace mutualab
