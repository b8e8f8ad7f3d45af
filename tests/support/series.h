// Averages of a run's replication-mean series over a window of steps.
#pragma once

#include <cmath>

#include "experiments/runner.h"

namespace mutualab::testing {

// Mean over steps [from, to] of metric m (undefined steps skipped; NaN if none).
inline double windowMean(const RunResult& r, StepMetric m, int from, int to) {
  double s = 0;
  int n = 0;
  for (int t = from; t <= to; ++t) {
    const double v = r.meanSeries[static_cast<size_t>(t) * kStepMetricCount + static_cast<size_t>(m)];
    if (!std::isnan(v)) { s += v; ++n; }
  }
  return n ? s / n : std::nan("");
}

}  // namespace mutualab::testing
