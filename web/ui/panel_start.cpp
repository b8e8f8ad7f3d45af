// The start screen: what a newcomer is looking at, in three sentences, and
// the three ways in: the class (lesson 1, or the Akerlof lesson), free play
// on the default preset, and a shared link. App::frame draws it as a modal
// window when the page opens without a link; "Start" in the side panel's
// header brings it back.
#include <algorithm>
#include <iterator>
#include <string>

#include <imgui.h>

#include "web/lessons.h"
#include "web/ui/app.h"
#include "web/ui/chart.h"
#include "web/ui/style.h"

namespace mutualab::web {

namespace {
constexpr const char* kFirstLesson = "capital-efficiency";
constexpr const char* kAkerlofLesson = "akerlof-spiral";
}  // namespace

void drawOpenLinkField(App& app, const char* id) {
  ImGui::PushID(id);
  static char link[kMaxFragmentLength + 64] = "";  // one field is shown at a time
  const float u = uiScale();
  const float button = ImGui::CalcTextSize("Open").x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - button - ImGui::GetStyle().ItemSpacing.x - 2 * u);
  const bool enter = ImGui::InputTextWithHint("##link", "paste a link, or its part after #", link, sizeof link,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  app.markItem((std::string(id) + ".link").c_str());
  ImGui::SameLine();
  const bool open = ImGui::Button("Open");
  app.markItem((std::string(id) + ".open").c_str());
  if ((enter || open) && link[0] != '\0') {
    const std::string pasted = link;  // a whole link or its fragment (App::openFragment takes either)
    link[0] = '\0';
    app.openFragment(pasted);  // refused or clamped entries become notes, as for any link
  }
  ImGui::PopID();
}

void drawStartScreen(App& app) {
  const float u = uiScale();
  // The window fits its contents (auto-resize): this fixes their width, and the texts wrap at it.
  const ImGuiStyle& st = ImGui::GetStyle();
  const float width = std::min(640.f * u, ImGui::GetMainViewport()->WorkSize.x * 0.92f - 2 * st.WindowPadding.x);
  ImGui::Dummy(ImVec2(width, 0));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextUnformatted("An options market where writers carry the risk of what they sell. Each writer chooses: "
                         "lock its own collateral in a silo, or join a shared pool whose losses LPs (liquidity "
                         "providers) fund, for a fee.");
  ImGui::Spacing();
  ImGui::TextUnformatted("Each writer knows its own risk and the pool does not, so with one fee for all the riskiest "
                         "writers have the most reason to join. Watch what a fee rule does to who stays.");
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  ImGui::Separator();

  sectionTitle("Teach a class");
  if (ImGui::Button("Start the class", ImVec2(0, 0))) app.openLesson(kFirstLesson, 0);
  app.markItem("start.class");
  ImGui::SameLine();
  if (ImGui::Button("The Akerlof spiral (lesson 2)")) app.openLesson(kAkerlofLesson, 0);
  app.markItem("start.akerlof");
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  // The count from the lessons' table, so it stays true as lessons are added.
  static const char* const kWords[] = {"No", "One", "Two", "Three", "Four", "Five", "Six",
                                       "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve"};
  const size_t count = lessons().size();
  const std::string many = count < std::size(kWords) ? kWords[count] : std::to_string(count);
  ImGui::TextDisabled("%s short lessons: predict, run, notice. Each step loads its run and shows its chart. "
                      "Next: the button, or PageDown (a presentation clicker).",
                      many.c_str());
  ImGui::PopTextWrapPos();

  sectionTitle("Explore");
  if (ImGui::Button("Free play")) {
    app.selectPreset(ShareState{}.preset);
    app.view().tab = 0;      // Adverse selection
    app.view().sideTab = 1;  // Scenario: presets, fee rules, sliders
  }
  app.markItem("start.free");
  ImGui::SameLine();
  ImGui::PushTextWrapPos(ImGui::GetWindowContentRegionMin().x + width);
  ImGui::TextDisabled("the default scenario (a flat fee), its sliders in the Scenario tab. Space plays.");
  ImGui::PopTextWrapPos();

  sectionTitle("Open a shared link");
  drawOpenLinkField(app, "start");
  ImGui::Spacing();
  ImGui::TextDisabled("\"Start\" at the top of the side panel brings this screen back.");
  ImGui::Dummy(ImVec2(0, 2 * u));
}

}  // namespace mutualab::web
