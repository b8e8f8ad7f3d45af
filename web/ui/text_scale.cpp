#include "web/ui/text_scale.h"

#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>

namespace mutualab::web {

bool applyTextScale(float scale) {
  static float applied = 1.f;
  static ImGuiStyle base = [] {
    ImGuiStyle s;
    ImGui::StyleColorsDark(&s);
    return s;
  }();
  if (scale == applied) return false;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.SizePixels = 13.f * scale;
  io.Fonts->AddFontDefault(&cfg);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  ImGui::GetStyle() = base;
  ImGui::GetStyle().ScaleAllSizes(scale);
  applied = scale;
  return true;
}

}  // namespace mutualab::web
