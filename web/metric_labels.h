// How the playground names and prints each headline metric of a
// summary.json: the words and units of `mutualab run`'s table (the model of
// how a metric should read), beside core/metrics.h's id and meaning. The
// id stays the JSON key; a class sees the label, a value in % or currency,
// and the meaning from the metric table.
#pragma once

#include <string>

#include "core/metrics.h"

namespace mutualab::web {

// How a metric's value is printed (web/number_format.h).
enum class ValueKind {
  Plain,  // three significant digits: an index, a ratio, a count, NAV per share
  Share,  // a fraction of 1 shown in %: 0.412 -> "41.2 %"
  Money,  // currency: "177 k"
  Step,   // a step number, whole
};

struct MetricLabel {
  const char* label;  // what a class reads, e.g. "pool participation, last quarter"
  ValueKind kind;
  const char* unit;   // after the value: "of writers", "currency", "sd of theta" ("" if none)
};

// Every summary metric has one: a switch over the enum, so a new metric
// without one is a -Wswitch warning, and tests/web/metric_labels_test.cpp
// checks each label against its id.
MetricLabel summaryMetricLabel(SummaryMetric m);

// The value as its kind prints it: "41.2 %", "177 k", "0.553", "n/a".
std::string formatValue(double v, ValueKind kind);

}  // namespace mutualab::web
