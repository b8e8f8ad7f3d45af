// Guided lessons: pick one, then walk the class through its steps. A step
// that names a scenario loads it; "Run" steps have a button that plays it.
#include <string>

#include <imgui.h>

#include "web/lessons.h"
#include "web/ui/app.h"
#include "web/ui/chart.h"
#include "web/ui/style.h"

namespace mutualab::web {

void drawLessonsPanel(App& app) {
  const ShareState& share = app.share();
  const Lesson* open = findLesson(share.lesson);
  if (!open) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted("Short guided lessons for a class. Each step asks the class to predict, then runs the "
                           "model, then says what to notice. Pick one:");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    for (const auto& l : lessons()) {
      if (ImGui::Selectable(l.title)) app.openLesson(l.id, 0);
      ImGui::Indent();
      ImGui::PushTextWrapPos(0);
      ImGui::TextDisabled("%s", l.goal);
      ImGui::PopTextWrapPos();
      ImGui::Unindent();
    }
    return;
  }
  const int n = static_cast<int>(open->steps.size());
  const int k = share.lessonStep;
  const LessonStep& st = open->steps[static_cast<size_t>(k)];
  ImGui::TextUnformatted(open->title);
  ImGui::TextDisabled("step %d of %d", k + 1, n);
  ImGui::ProgressBar(static_cast<float>(k + 1) / static_cast<float>(n), ImVec2(-1, 4), "");
  ImGui::Spacing();
  const ImVec4 kindColor = st.kind == LessonStepKind::Predict ? ImVec4(0.6f, 0.8f, 1.f, 1.f)
                           : st.kind == LessonStepKind::Run   ? ImVec4(0.5f, 0.9f, 0.6f, 1.f)
                                                              : style::kWarn;
  ImGui::TextColored(kindColor, "%s", lessonStepKindName(st.kind));
  // Wrapped at spaces only: ImGui's wrapping may break after a '.', and a
  // step that compares NAV 1.243 with 1.238 would read "1." and "243".
  flowText(st.text);
  if (st.look[0]) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    flowText(std::string("Look at: ") + st.look);
    ImGui::PopStyleColor();
  }
  ImGui::Spacing();
  if (st.kind == LessonStepKind::Run) {
    if (ImGui::Button(app.running() ? "Pause" : "Play it")) app.setRunning(!app.running());
    ImGui::SameLine();
    if (ImGui::Button("Run to end")) app.runToEnd();
  }
  ImGui::Spacing();
  ImGui::BeginDisabled(k == 0);
  if (ImGui::Button("< Back")) app.openLesson(open->id, k - 1);
  app.markItem("lesson.back");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(k + 1 >= n);
  if (ImGui::Button("Next >")) app.openLesson(open->id, k + 1);
  app.markItem("lesson.next");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("All lessons")) app.openLesson("", 0);
  ImGui::Spacing();
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("PageDown / PageUp: next / back (a presentation clicker). The link (Share tab) opens this "
                      "lesson at this step.");
  ImGui::PopTextWrapPos();
}

}  // namespace mutualab::web
