// A summary.json written by `mutualab run`, shown as the command line's
// headline table (mean and 95% CI over replications, in its words and
// units: web/metric_labels.h) and its decile bars.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/metrics.h"
#include "web/metric_labels.h"
#include "web/ui/app.h"
#include "web/ui/chart.h"
#include "web/ui/style.h"

namespace mutualab::web {

namespace {
// A loaded file is not trusted: every field is read by type, never assumed.
double num(const nlohmann::json& j) { return j.is_number() ? j.get<double>() : std::nan(""); }
const nlohmann::json& field(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kNull;
  if (!j.is_object()) return kNull;
  const auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}
std::string text(const nlohmann::json& j) {
  if (j.is_string()) return j.get<std::string>();
  return j.is_null() ? std::string("?") : j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).substr(0, 40);
}
}  // namespace

void drawResultsView(App& app) {
  const nlohmann::json& r = app.loadedResults();
  if (r.is_null()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted("No results file loaded. Run an experiment with the command line, e.g.\n\n"
                           "  mutualab run preset:akerlof-flat-fee --reps 30 --out out/akerlof\n\n"
                           "then load out/akerlof/summary.json from the Share & export tab.");
    ImGui::PopTextWrapPos();
    return;
  }
  ImGui::PushTextWrapPos(0);  // a long scenario name at large text
  ImGui::Text("%s: scenario %s, seed %s, %s replications of %s steps", app.loadedResultsName().c_str(),
              text(field(r, "scenario_name")).c_str(), text(field(r, "seed")).c_str(), text(field(r, "reps")).c_str(),
              text(field(r, "steps")).c_str());
  ImGui::PopTextWrapPos();
  const nlohmann::json& rule = field(field(field(field(r, "scenario"), "pool"), "feeRule"), "name");
  if (!rule.is_null()) ImGui::TextDisabled("fee rule %s", text(rule).c_str());
  const nlohmann::json& ci = field(r, "ci95");
  // The rows' text first: the layout depends on how wide it is.
  struct Row {
    const MetricInfo* info;
    MetricLabel label;
    std::string mean, interval;
    bool meanMissing, intervalMissing;
  };
  std::vector<Row> rows;
  float meanW = ImGui::CalcTextSize("mean").x, intervalW = ImGui::CalcTextSize("95% CI").x,
        wordW = ImGui::CalcTextSize("metric (unit)").x;
  auto widestWord = [&](const char* s) {
    const char* w = s;
    for (const char* c = s;; ++c)
      if (*c == ' ' || *c == '\0') {
        wordW = std::max(wordW, ImGui::CalcTextSize(w, c).x);
        if (*c == '\0') break;
        w = c + 1;
      }
  };
  for (int i = 0; i < kSummaryMetricCount; ++i) {
    const MetricInfo& m = kSummaryMetricInfo[static_cast<size_t>(i)];
    if (!r.contains(m.name)) continue;
    Row row{&m, summaryMetricLabel(static_cast<SummaryMetric>(i)), "", "", false, false};
    const double v = num(field(r, m.name));
    const bool unraveling = static_cast<SummaryMetric>(i) == SummaryMetric::UnravelingStep;
    row.meanMissing = std::isnan(v);
    row.mean = row.meanMissing ? (unraveling ? "not reached" : "n/a") : formatValue(v, row.label.kind);  // as mutualab run says
    const nlohmann::json& c = field(ci, m.name);
    // A null end of the censored unraveling step lies beyond the end of the run.
    auto end = [&](const nlohmann::json& x) {
      if (x.is_number()) return formatValue(x.get<double>(), row.label.kind);
      return std::string(unraveling ? "after end" : "-");
    };
    row.intervalMissing = !(c.is_array() && c.size() == 2);
    row.interval = row.intervalMissing ? "-" : "[" + end(c[0]) + ", " + end(c[1]) + "]";
    meanW = std::max(meanW, ImGui::CalcTextSize(row.mean.c_str()).x);
    intervalW = std::max(intervalW, ImGui::CalcTextSize(row.interval.c_str()).x);
    widestWord(row.label.label);
    widestWord(row.label.unit);
    rows.push_back(std::move(row));
  }
  // The numbers never wrap; the metric's name wraps, with its unit in dim
  // text under it, in what is left of the row. Three columns (metric, mean,
  // 95% CI) where that leaves the name room for its longest word, else two,
  // the interval under the mean (a projector's 1280x720 at text 2x): a name
  // squeezed narrower would break mid-word. A metric's meaning is its tooltip.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float cellPad = 2 * style.CellPadding.x + 1;
  const float room = ImGui::GetContentRegionAvail().x - style.ScrollbarSize - 3 * cellPad;
  const bool threeColumns = room - meanW - intervalW >= wordW;
  ImGui::TextDisabled("hover a metric for its meaning");
  if (ImGui::BeginTable("summary", threeColumns ? 3 : 2,
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY, ImVec2(0, 320 * uiScale()))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("metric (unit)", ImGuiTableColumnFlags_WidthStretch);
    if (threeColumns) {
      ImGui::TableSetupColumn("mean", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("95% CI", ImGuiTableColumnFlags_WidthFixed);
    } else {
      ImGui::TableSetupColumn("mean, 95% CI", ImGuiTableColumnFlags_WidthFixed);
    }
    ImGui::TableHeadersRow();
    for (const Row& row : rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushTextWrapPos(0);
      ImGui::TextUnformatted(row.label.label);
      ImGui::PopTextWrapPos();
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
        ImGui::TextUnformatted(row.info->help);  // the metric table's meaning
        ImGui::TextDisabled("%s in summary.json", row.info->name);  // the id, for scripts
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
      if (row.label.unit[0]) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s", row.label.unit);
        ImGui::PopTextWrapPos();
      }
      ImGui::TableNextColumn();
      if (row.meanMissing) ImGui::TextDisabled("%s", row.mean.c_str());
      else ImGui::TextUnformatted(row.mean.c_str());
      if (threeColumns) ImGui::TableNextColumn();
      if (row.intervalMissing) ImGui::TextDisabled("-");
      else ImGui::TextUnformatted(row.interval.c_str());
    }
    ImGui::EndTable();
  }
  if (r.contains("participation_by_theta_decile") && r["participation_by_theta_decile"].is_array() &&
      r["participation_by_theta_decile"].size() == 10) {
    double d[10];
    for (size_t i = 0; i < 10; ++i) d[i] = num(r["participation_by_theta_decile"][i]);
    barChart("pool participation by theta decile, last quarter of the run (mean over replications)", "decile", 10,
             {{"pool share", style::kPool, d}}, 1.0, 160.f);
  }
}

}  // namespace mutualab::web
