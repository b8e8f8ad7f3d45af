// Text size for projectors: the font atlas is rebuilt at 13 px x scale
// (crisp, unlike ImGui's FontGlobalScale, which stretches the 13 px
// texture) and the style's paddings are scaled with it. Hosts call this
// between frames, after ImGui_ImplOpenGL3_Init.
//
// On a HiDPI screen (`density` screen pixels per layout pixel, the
// browser's devicePixelRatio) the atlas is rasterized at 13 px x scale x
// density and shown at 1 / density (io.FontGlobalScale), so a glyph's
// texels meet the screen's pixels one to one: the layout, GetFontSize()
// and uiScale() are the same as at density 1.
#pragma once

namespace mutualab::web {

// Rebuilds the font and style when `scale` or `density` differ from the
// last call's; returns whether it did. Uses the OpenGL 3 backend to upload
// the new font.
bool applyTextScale(float scale, float density = 1.f);

}  // namespace mutualab::web
