// How people read each headline metric of a summary.json: its label, how
// its value prints and its unit, beside core/metrics.h's id (the JSON key)
// and meaning. `mutualab run`'s table and the playground's Results view
// both take their words from here, so a metric reads the same in a terminal
// and on a projector.
#pragma once

#include "core/metrics.h"

namespace mutualab {

// The unit money is given in (there is no currency in the model).
inline constexpr const char* kCurrencyUnit = "currency";

// How a metric's value is printed.
enum class ValueKind {
  Plain,  // three significant digits: an index, a ratio, a count, NAV per share
  Share,  // a fraction of 1 shown in %: 0.412 -> "41.2 %" (the CLI: 41.2 with "% of writers")
  Money,  // currency: "177 k"
  Step,   // a step number, whole
};

struct MetricLabel {
  const char* label;  // what a person reads, e.g. "pool participation, last quarter"
  ValueKind kind;
  const char* unit;   // after the value: "of writers", "currency", "sd of theta" ("" if none)
};

// Every summary metric has one: a switch over the enum, so a new metric
// without one is a -Wswitch warning, and tests/core/metric_labels_test.cpp
// checks each label against its id.
MetricLabel summaryMetricLabel(SummaryMetric m);

}  // namespace mutualab
