#include "web/ui/text_scale.h"

#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>

namespace mutualab::web {

bool applyTextScale(float scale, float density) {
  static float appliedScale = 1.f, appliedDensity = 1.f;
  static ImGuiStyle base = [] {
    ImGuiStyle s;
    ImGui::StyleColorsDark(&s);
    return s;
  }();
  if (scale == appliedScale && density == appliedDensity) return false;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.SizePixels = 13.f * scale * density;
  io.Fonts->AddFontDefault(&cfg);
  io.FontGlobalScale = 1.f / density;
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  if (scale != appliedScale) {
    ImGui::GetStyle() = base;
    ImGui::GetStyle().ScaleAllSizes(scale);  // layout pixels: the same at any density
  }
  appliedScale = scale;
  appliedDensity = density;
  return true;
}

}  // namespace mutualab::web
