// Play controls, the step counter, the comparison switch and the message strip.
#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "core/fee_rules.h"
#include "web/ui/app.h"
#include "web/ui/chart.h"
#include "web/ui/style.h"

namespace mutualab::web {

void drawToolbar(App& app) {
  const Session* s = app.session();
  if (!s) return;
  // The keys (Space, arrows, PageDown/PageUp) come from the host's key events: App::key.
  const float u = uiScale();
  if (ImGui::Button(app.running() ? "Pause" : "Play", ImVec2(64 * u, 0))) app.setRunning(!app.running());
  app.markItem("toolbar.play");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Keys, whatever you clicked last (not while typing in a text field):\n"
                      "  Space: play / pause\n"
                      "  Right arrow: one step\n"
                      "  Up / Down arrow: play faster / slower\n"
                      "  PageDown / PageUp: a lesson's next / previous step (what a presentation clicker sends)");
  ImGui::SameLine();
  if (ImGui::Button("Step")) app.step(1);
  app.markItem("toolbar.step");
  ImGui::SameLine();
  if (ImGui::Button("+30")) app.step(30);
  ImGui::SameLine();
  if (ImGui::Button("Run to end")) app.runToEnd();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Plays to the last step as fast as this machine allows, drawing as it goes.");
  ImGui::SameLine();
  if (ImGui::Button("Reset")) app.reset();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Back to step 0 of the scenario as configured; changes made mid-run (interventions) are cleared.");
  sameLineIfFits(190 * u);
  ImGui::SetNextItemWidth(150 * u);
  // The value is written across the slider; a translucent handle leaves
  // the letter it sits on readable (an opaque one hid it).
  for (const ImGuiCol c : {ImGuiCol_SliderGrab, ImGuiCol_SliderGrabActive}) {
    ImVec4 grab = ImGui::GetStyleColorVec4(c);
    grab.w *= 0.45f;
    ImGui::PushStyleColor(c, grab);
  }
  ImGui::SliderFloat("##speed", &app.view().stepsPerSecond, 1.f, 365.f, "%.0f steps/s", ImGuiSliderFlags_Logarithmic);
  ImGui::PopStyleColor(2);
  app.markItem("toolbar.speed");
  helpMarker("Play speed in simulated steps (days) per second of real time. Up / Down arrow: one notch faster / "
             "slower (1, 2, 5, 10, 20, 30, 60, 120, 240, 365).");
  sameLineIfFits(130 * u);
  ImGui::SetNextItemWidth(96 * u);
  char size[32];
  std::snprintf(size, sizeof size, "text %gx", app.view().textScale);
  if (ImGui::BeginCombo("##text", size)) {
    for (float f : {1.0f, 1.5f, 2.0f}) {
      std::snprintf(size, sizeof size, "text %gx", f);
      if (ImGui::Selectable(size, app.view().textScale == f)) app.view().textScale = f;
    }
    ImGui::EndCombo();
  }
  app.markItem("toolbar.text");
  helpMarker("Text size, for a projector at the back of a classroom.");

  const double days = s->currentStep() * s->world(0).scenario().sim.stepDays;
  ImGui::Text("step %d / %d  (day %.0f)   ", s->currentStep(), s->steps(), days);
  // Comparison: side B runs the same random numbers with another fee rule.
  // In the sides' colours, as every legend names them ("A: flat").
  const ImVec4 colourA = ImColor(style::kSideA), colourB = ImColor(style::kSideB);
  // What prices side A: its fee rule, a menu, or (several pools) their count.
  const ScenarioDef& sa = s->world(0).scenario();
  // How its pools admit risk now (governance may switch it): by VaR or ES, in all or some of them.
  const World& wa = s->world(0);
  int byRisk = 0, byEs = 0;
  for (int k = 0; k < wa.poolCount(); ++k)
    if (wa.pool(k).def.enabled && wa.pool(k).def.admission.byRisk()) {
      ++byRisk;
      byEs += wa.pool(k).def.admission.measure == "es" ? 1 : 0;
    }
  const char* measure = byEs == byRisk ? "ES" : byEs == 0 ? "VaR" : "VaR or ES";
  char admits[48] = "";
  if (byRisk > 0 && byRisk == wa.poolCount()) std::snprintf(admits, sizeof admits, ", admits by %s", measure);
  else if (byRisk > 0) std::snprintf(admits, sizeof admits, ", %d of %d admit by %s", byRisk, wa.poolCount(), measure);
  char sideA[128];
  if (!sa.pools.empty())
    std::snprintf(sideA, sizeof sideA, "%zu pools%s", sa.pools.size(), admits);
  else if (!sa.pool.menu.empty())
    std::snprintf(sideA, sizeof sideA, "menu of %zu contracts%s", sa.pool.menu.size(), admits);
  else
    std::snprintf(sideA, sizeof sideA, "%s fee%s", wa.pool(0).def.feeRule.name.c_str(), admits);  // in effect now
  // On the step's row if it fits (large text wraps it to the next).
  sameLineIfFits(ImGui::CalcTextSize("A: ").x + ImGui::CalcTextSize(sideA).x);
  ImGui::TextColored(colourA, "A:");
  ImGui::SameLine();
  ImGui::TextColored(colourA, "%s", sideA);
  sameLineIfFits(ImGui::CalcTextSize("  compare with B:").x + 200 * u);
  ImGui::TextUnformatted("  compare with");
  ImGui::SameLine(0, ImGui::CalcTextSize(" ").x);
  ImGui::TextColored(colourB, "B:");
  ImGui::SameLine();
  // As wide as leaves its '(?)' room on the row (large text).
  ImGui::SetNextItemWidth(std::min(150 * u, ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("(?)").x -
                                                2 * ImGui::GetStyle().ItemSpacing.x));
  const std::string current = app.share().compare.empty() ? "(off)" : app.share().compare;
  const bool compareOpen = ImGui::BeginCombo("##compare", current.c_str());
  app.markItem("toolbar.compare");
  if (compareOpen) {
    if (ImGui::Selectable("(off)", app.share().compare.empty())) app.setCompare("");
    for (const auto& r : feeRules()) {
      if (ImGui::Selectable(r.name, app.share().compare == r.name)) app.setCompare(r.name);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.description);
    }
    ImGui::EndCombo();
  }
  helpMarker("Runs a second pool with this fee rule on the same random numbers (same market path, buyers and "
             "writers): every difference you see is the fee rule's. Side B's lines are dashed, and orange where a "
             "chart shows one quantity; legends name each side by its fee rule (\"A: flat\", \"B: risk-based\").");

  for (const auto& m : app.messages()) {
    const bool err = m.rfind("error", 0) == 0 || m.rfind("refused", 0) == 0;
    ImGui::PushStyleColor(ImGuiCol_Text, err ? style::kError : style::kWarn);
    ImGui::TextWrapped("%s", m.c_str());
    ImGui::PopStyleColor();
  }
  if (!app.messages().empty()) {
    if (ImGui::SmallButton("dismiss messages")) app.clearMessages();
  }
  ImGui::Separator();
}

}  // namespace mutualab::web
