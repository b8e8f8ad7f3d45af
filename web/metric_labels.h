// How the playground prints each headline metric of a summary.json: the
// label, kind and unit of core/metric_labels.h (the words `mutualab run`
// prints too), and the value in % or currency (web/number_format.h).
#pragma once

#include <string>

#include "core/metric_labels.h"

namespace mutualab::web {

using mutualab::MetricLabel;
using mutualab::summaryMetricLabel;
using mutualab::ValueKind;

// The value as its kind prints it: "41.2 %", "177 k", "0.553", "n/a".
std::string formatValue(double v, ValueKind kind);

}  // namespace mutualab::web
