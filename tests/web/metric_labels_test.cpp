// Every headline metric has a label a class reads (never its JSON id), a
// unit, and prints in % or currency as `mutualab run` does (web/metric_labels.h).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "web/metric_labels.h"

using namespace mutualab;
using namespace mutualab::web;

TEST_CASE("every summary metric has a human label, not its id", "[web][format]") {
  for (int i = 0; i < kSummaryMetricCount; ++i) {
    const MetricLabel l = summaryMetricLabel(static_cast<SummaryMetric>(i));
    const std::string id = kSummaryMetricInfo[static_cast<size_t>(i)].name;
    INFO(id);
    CHECK(std::string(l.label) != "?");
    CHECK(std::string(l.label) != id);
    CHECK(std::string(l.label).find('_') == std::string::npos);
  }
}

TEST_CASE("metrics print as the command line reads them", "[web][format]") {
  const MetricLabel part = summaryMetricLabel(SummaryMetric::Participation);
  CHECK(std::string(part.label) == "pool participation, last quarter");
  CHECK(formatValue(0.4123, part.kind) == "41.2 %");
  const MetricLabel fund = summaryMetricLabel(SummaryMetric::InsuranceFundFinal);
  CHECK(std::string(fund.unit) == "currency");
  CHECK(formatValue(177000, fund.kind) == "177 k");
  CHECK(formatValue(0.0088, summaryMetricLabel(SummaryMetric::FeeRate).kind) == "0.88 %");
  CHECK(formatValue(0.553, summaryMetricLabel(SummaryMetric::Asi).kind) == "0.553");
  CHECK(formatValue(1234, summaryMetricLabel(SummaryMetric::UnravelingStep).kind) == "1234");
  CHECK(formatValue(std::nan(""), ValueKind::Step) == "n/a");
}
