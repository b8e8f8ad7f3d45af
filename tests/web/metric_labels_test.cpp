// The playground prints each headline metric in % or currency as
// `mutualab run` does (web/metric_labels.h).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "web/metric_labels.h"

using namespace mutualab;
using namespace mutualab::web;

TEST_CASE("metrics print as the command line reads them", "[web][format]") {
  const MetricLabel part = summaryMetricLabel(SummaryMetric::Participation);
  CHECK(formatValue(0.4123, part.kind) == "41.2 %");
  CHECK(formatValue(177000, summaryMetricLabel(SummaryMetric::InsuranceFundFinal).kind) == "177 k");
  CHECK(formatValue(0.0088, summaryMetricLabel(SummaryMetric::FeeRate).kind) == "0.88 %");
  CHECK(formatValue(0.553, summaryMetricLabel(SummaryMetric::Asi).kind) == "0.553");
  CHECK(formatValue(1234, summaryMetricLabel(SummaryMetric::UnravelingStep).kind) == "1234");
  CHECK(formatValue(std::nan(""), ValueKind::Step) == "n/a");
}
