// The layout probe: for one frame, records every item Dear ImGui lays out
// (its window, rectangle, clip rectangle and text) and reports the ones a
// projector would show wrong: text cut off at a window's or column's right
// edge, a word broken in the middle by wrapping, a label wider than its
// button or tab, a combo's value cut before its arrow, and two items drawn
// over each other. The browser test (tests/web/layout.test.mjs) reads the
// report through the page hook mutualab_layout_report (web/main.cpp).
//
// How it sees items: Dear ImGui 1.86 built with IMGUI_ENABLE_TEST_ENGINE
// calls ImGuiTestEngineHook_ItemAdd/ItemInfo for every item with an id
// (buttons, sliders, tabs, charts, child windows); plain text has no id and
// no hook, so while armed the probe also turns on ImGui's text log
// (LogBegin into a FILE* of our own) and takes each piece of text ImGui
// renders, with the item it belongs to (g.LastItemData) and its window.
// ImGui ends the log at each top-level window's End(); the probe turns it
// on again at the next item with an id, so it misses only the text of a
// top-level window that has none (a tooltip).
//
// Only the browser build compiles ImGui with IMGUI_ENABLE_TEST_ENGINE
// (web/CMakeLists.txt); the desktop host links Debian's prebuilt libimgui,
// which has no hooks, so there layout_probe.cpp compiles to nothing and
// these functions are not defined.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace mutualab::web::layout_probe {

// Records the next frame (between beginFrame and endFrame).
void arm();
bool armed();
// The host calls these around the App's frame, after ImGui::NewFrame and
// before ImGui::Render.
void beginFrame();
void endFrame();
// Whether a recorded frame's report is waiting.
bool hasReport();
// The report of the last recorded frame (status "done"), once: it is
// cleared. Keys: frame, display (CSS pixels), font_size, items_checked,
// windows (name, items, visible rectangle, scrolls_x), problems (rule,
// window, item, rect, visible, detail, other).
nlohmann::json takeReport();
// The rectangle [x0, y0, x1, y1] (CSS pixels) of the first widget (else
// the first item) of the last recorded frame whose label or text is
// `label`, or null: where a test clicks.
nlohmann::json itemRect(const std::string& label);

}  // namespace mutualab::web::layout_probe
