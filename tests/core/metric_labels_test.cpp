// Every headline metric has a label people read (never its JSON id) and a
// unit, one wording for `mutualab run` and the playground (core/metric_labels.h).
#include <catch2/catch.hpp>

#include <string>

#include "core/metric_labels.h"

using namespace mutualab;

TEST_CASE("every summary metric has a human label, not its id", "[metrics][labels]") {
  for (int i = 0; i < kSummaryMetricCount; ++i) {
    const MetricLabel l = summaryMetricLabel(static_cast<SummaryMetric>(i));
    const std::string id = kSummaryMetricInfo[static_cast<size_t>(i)].name;
    INFO(id);
    CHECK(std::string(l.label) != "?");
    CHECK(std::string(l.label) != id);
    CHECK(std::string(l.label).find('_') == std::string::npos);
  }
}

TEST_CASE("labels, kinds and units of the headline metrics", "[metrics][labels]") {
  CHECK(std::string(summaryMetricLabel(SummaryMetric::Participation).label) == "pool participation, last quarter");
  CHECK(summaryMetricLabel(SummaryMetric::Participation).kind == ValueKind::Share);
  CHECK(std::string(summaryMetricLabel(SummaryMetric::Participation).unit) == "of writers");
  CHECK(std::string(summaryMetricLabel(SummaryMetric::InsuranceFundFinal).unit) == "currency");
  CHECK(summaryMetricLabel(SummaryMetric::InsuranceFundFinal).kind == ValueKind::Money);
  CHECK(std::string(summaryMetricLabel(SummaryMetric::Asi).label) == "ASI, last quarter of the run");
  CHECK(summaryMetricLabel(SummaryMetric::UnravelingStep).kind == ValueKind::Step);
}
