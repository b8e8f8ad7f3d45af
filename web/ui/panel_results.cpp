// A summary.json written by `mutualab run`, shown as the command line's
// headline table (mean and 95% CI over replications, in its words and
// units: web/metric_labels.h) and its decile bars.
#include <cmath>
#include <string>

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
  // Four columns that fit a projector's 1280x720 at text 2x: the names and
  // units wrap, the numbers do not; a metric's meaning is its tooltip.
  ImGui::TextDisabled("hover a metric for its meaning");
  if (ImGui::BeginTable("summary", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY,
                        ImVec2(0, 320 * uiScale()))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("metric", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("mean", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("95% CI", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("unit", ImGuiTableColumnFlags_WidthStretch, 0.85f);
    ImGui::TableHeadersRow();
    for (int i = 0; i < kSummaryMetricCount; ++i) {
      const MetricInfo& m = kSummaryMetricInfo[static_cast<size_t>(i)];
      if (!r.contains(m.name)) continue;
      const MetricLabel l = summaryMetricLabel(static_cast<SummaryMetric>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushTextWrapPos(0);
      ImGui::TextUnformatted(l.label);
      ImGui::PopTextWrapPos();
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
        ImGui::TextUnformatted(m.help);  // the metric table's meaning
        ImGui::TextDisabled("%s in summary.json", m.name);  // the id, for scripts
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
      ImGui::TableNextColumn();
      const double v = num(field(r, m.name));
      const bool unraveling = static_cast<SummaryMetric>(i) == SummaryMetric::UnravelingStep;
      if (std::isnan(v)) ImGui::TextDisabled("%s", unraveling ? "not reached" : "n/a");  // as mutualab run says
      else ImGui::TextUnformatted(formatValue(v, l.kind).c_str());
      ImGui::TableNextColumn();
      const nlohmann::json& c = field(ci, m.name);
      // A null end of the censored unraveling step lies beyond the end of the run.
      auto end = [&](const nlohmann::json& x) {
        if (x.is_number()) return formatValue(x.get<double>(), l.kind);
        return std::string(unraveling ? "after end" : "-");
      };
      if (c.is_array() && c.size() == 2)
        ImGui::Text("[%s, %s]", end(c[0]).c_str(), end(c[1]).c_str());
      else ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      ImGui::PushTextWrapPos(0);
      ImGui::TextDisabled("%s", l.unit);
      ImGui::PopTextWrapPos();
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
