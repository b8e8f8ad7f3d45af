// Small charts drawn with ImGui's draw list (ImGui 1.86 has no plotting
// library): time series read straight from a World's per-step metrics (no
// copies per frame), bars, and the legend/hover readout they share.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "core/metrics.h"
#include "core/world.h"

namespace mutualab::web {

struct SeriesRef {
  const World* world = nullptr;
  StepMetric metric = StepMetric::Price;
  const char* label = "";
  ImU32 color = IM_COL32_WHITE;
  double scale = 1.0;     // value shown = metric x scale
  bool dashed = false;    // side B of a comparison
  int pool = -1;          // >= 0: plot pool `pool`'s own series `poolMetric` instead of `metric`
  PoolStepMetric poolMetric = PoolStepMetric::Participation;
  int market = -1;        // >= 0: plot share market `market`'s series `marketMetric` (World::shareMarketPools() order)
  ShareMarketStepMetric marketMetric = ShareMarketStepMetric::Price;
  bool dots = false;      // a dot at every value too (series with gaps, e.g. steps without a trade)
  // Non-null: plot these values (one per step, NaN = none) instead of a
  // metric; the line joins the values across the gaps (a measure every few steps).
  const std::vector<double>* values = nullptr;
  // The value shown at step t.
  double at(int t) const {
    if (values) return (*values)[static_cast<size_t>(t)] * scale;
    const double v = market >= 0 ? world->shareMarketMetric(t, market, marketMetric)
                     : pool >= 0 ? world->poolMetric(t, pool, poolMetric)
                                 : world->metric(t, metric);
    return v * scale;
  }
};

struct ChartOptions {
  const char* title = "";
  // y axis unit, shown in the title. It also says how values print
  // (chartValueText): "currency..." as money ("177 k"), "%..." as percent.
  const char* unit = "";
  float height = 160.f;
  bool zeroBased = true;     // y axis includes 0
  double yMin = 0, yMax = 0; // fixed range when yMax > yMin
  const World* jumpsOf = nullptr;  // mark steps where this world's asset jumped down
  // Mark the steps where a governance change took effect (or was refused) in
  // the series' worlds (web/governance_marks.h), with the change's name in
  // a band above the data when `markLabels` (the plot is a row shorter for
  // each side with a mark); hovering near a mark names what it set.
  bool governance = true;
  bool markLabels = true;
};

// Where charts draw their parts, for tests and scripts (App::markRect, its
// stateJson "ui"): a line chart's plot as "chart:TITLE.plot" and its
// governance marks' names as "chart:TITLE.mark0", ".mark1", ... (side B's
// ".markB0", ...), the top-left and bottom-right corners. The App sets it
// for its frame; none (the default) records nothing.
using ChartRectSink = std::function<void(const std::string& name, ImVec2 min, ImVec2 max)>;
void setChartRectSink(ChartRectSink sink);
// Tells the sink, if any, where a drawing other than a line or bar chart put
// its part `name` (the Pools diagram's "pools:label.0.fee", ...).
void recordDrawnRect(const std::string& name, ImVec2 min, ImVec2 max);

// A value of a chart whose unit is `unit`, as its tooltip prints it: money
// ("177 k") for a unit starting with "currency", "41.2 %" for one starting
// with "%" (the series are already scaled to percent), else three
// significant digits (web/number_format.h).
std::string chartValueText(double v, const char* unit);

// The y axis of a line chart whose values span [lo, hi] (lo < hi): 5 % of
// the span added at each end, but none below 0 where every value is >= 0,
// nor above 0 where every one is <= 0 (a NAV that falls to 0 reads "0" at
// its foot, not "-0.577"). With `zeroBased` the foot stays at `lo` unless it
// is below 0 (such a chart's `lo` is already 0 or less).
std::pair<double, double> paddedAxis(double lo, double hi, bool zeroBased);

// A line chart of the series over steps 0..current. Hovering shows the values at that step.
void lineChart(const ChartOptions& opt, const std::vector<SeriesRef>& series);
// The height lineChart takes `width` wide: its plot's height and the rows its
// title and legend wrap to (for a child window that must hold it whole).
float lineChartHeight(const ChartOptions& opt, const std::vector<SeriesRef>& series, float width);

struct BarGroup {
  const char* label = "";
  ImU32 color = IM_COL32_WHITE;
  const double* values = nullptr;  // `count` values, NaN = none (a hatched box)
};
// Grouped bars of shares (fractions of 1, printed in %): `count`
// categories (x labels 1..count), one bar per group in each. A NaN value
// (nothing to measure, e.g. a decile none of whose writers has traded) is a
// grey hatched box the plot's height, named `emptyText` in the legend and the
// tooltip, so it never reads as 0 % (no bar). Each is recorded as
// "chart:TITLE.emptyI" (setChartRectSink).
void barChart(const char* title, const char* xLabel, int count, const std::vector<BarGroup>& groups, double yMax,
              float height, const char* emptyText = "no data");

// Pixel sizes scale with the text size (1 at ImGui's 13 px default font).
inline float uiScale() { return ImGui::GetFontSize() / 13.f; }

// SameLine() when something `width` wide still fits on this row, else a new
// row: toolbars wrap instead of running off a narrow window or large text.
inline void sameLineIfFits(float width) {
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

// Text that wraps between words but never inside a number: ImGui's own
// wrapping may break after a '.', so "4.29 k" could become "4." and "29 k".
// Each word is its own item, and a number keeps its unit ("k", "M", "%")
// and a following "/" on its row. `text` is printed as is (no format).
void flowText(const std::string& text);

// Sets the width of the next widget, whose label ImGui draws on its right
// and which a '(?)' (helpMarker) follows: `share` of the row, or less, so
// that the label and the marker fit on the row too. Where that would leave
// the widget less than a third of the row (a long label at large text), it
// draws the label on a row of its own instead and returns true: the caller
// then gives the widget a hidden label ("##" + label) and it takes the row.
bool labelledWidth(const char* label, float share);

// The panel every chart draws on: a full-width item `height` tall (at text
// size 1; scaled with the text) on a dark background.
struct ChartFrame {
  ImDrawList* dl = nullptr;
  ImVec2 p0, size;       // top-left corner and size, screen pixels
  bool hovered = false;  // the mouse is over it (for the value tooltip)
};
ChartFrame chartFrame(const char* id, float height);

// A section heading: dim text over a separator.
void sectionTitle(const char* text);

// A '(?)' marker whose tooltip explains the previous widget.
void helpMarker(const char* text);

}  // namespace mutualab::web
