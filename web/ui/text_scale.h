// Text size for projectors: the font atlas is rebuilt at 13 px x scale
// (crisp, unlike ImGui's FontGlobalScale, which stretches the 13 px
// texture) and the style's paddings are scaled with it. Hosts call this
// between frames, after ImGui_ImplOpenGL3_Init.
#pragma once

namespace mutualab::web {

// Rebuilds the font and style when `scale` differs from the last call's;
// returns whether it did. Uses the OpenGL 3 backend to upload the new font.
bool applyTextScale(float scale);

}  // namespace mutualab::web
