// The playground's keys from GLFW key events, for both hosts (web/main.cpp,
// native/gui/main.cpp): each press goes to App::key as an event, so a tap
// shorter than a frame still counts (Dear ImGui 1.86 polls key state once a
// frame and misses a key pressed and released between two frames).
#pragma once

#include <GLFW/glfw3.h>

#include "web/ui/app.h"

namespace mutualab::web {

// Whether the app took the key. Keys with Ctrl, Alt or Super are left alone.
inline bool playgroundKey(App& app, int key, int action, int mods) {
  if ((action != GLFW_PRESS && action != GLFW_REPEAT) || (mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT | GLFW_MOD_SUPER)))
    return false;
  App::Key k;
  switch (key) {
    case GLFW_KEY_SPACE: k = App::Key::Space; break;
    case GLFW_KEY_LEFT: k = App::Key::Left; break;
    case GLFW_KEY_RIGHT: k = App::Key::Right; break;
    case GLFW_KEY_UP: k = App::Key::Up; break;
    case GLFW_KEY_DOWN: k = App::Key::Down; break;
    case GLFW_KEY_PAGE_UP: k = App::Key::PageUp; break;
    case GLFW_KEY_PAGE_DOWN: k = App::Key::PageDown; break;
    default: return false;
  }
  return app.key(k, action == GLFW_REPEAT);
}

}  // namespace mutualab::web
