// See layout_probe.h. Compiled only where Dear ImGui has its test-engine
// hooks (the browser build); elsewhere this file is empty.
#ifdef IMGUI_ENABLE_TEST_ENGINE

#ifndef _GNU_SOURCE
#define _GNU_SOURCE  // fopencookie: ImGui's text log written to a function of ours
#endif
#include "web/ui/layout_probe.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <map>
#include <string_view>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>

namespace mutualab::web::layout_probe {

namespace {

// A pixel of slack for ImGui's own rounding: a framed header reaches exactly
// the edge of its window's clip rectangle, a table header cell touches the next.
constexpr float kSlack = 1.0f;

// One piece of text ImGui rendered for an item (one source line of it).
struct Piece {
  std::string text;
  // Drawn inside the item's frame, between ImGui's "{" and "}" log
  // decorations: a combo's preview, a slider's value, a text field's text.
  bool value = false;
};

enum class Kind {
  Widget,  // an item with an id: button, slider, combo, tab, chart canvas (an InvisibleButton)...
  Text,    // text without an id (Text, TextWrapped, TextDisabled, BulletText...)
  Child,   // a child window, as an item of its parent (its contents are in its own window)
};

struct Item {
  ImGuiWindow* window = nullptr;
  ImGuiID id = 0;
  Kind kind = Kind::Widget;
  ImRect rect;   // everything it lays out: a slider's frame and its label
  ImRect frame;  // its frame: a slider's or combo's box without the label (= rect for most)
  ImRect clip;   // what of its window shows where it is: the window's clip rectangle, or a table column's
  std::string label;
  ImGuiItemStatusFlags flags = 0;
  std::vector<Piece> pieces;
  float wrapWidth = 0;  // text wrapped at this width (0: not wrapped)
};

struct Probe {
  bool armed = false, recording = false, inValue = false;
  std::vector<Item> items;
  nlohmann::json report;  // null: none waiting
};

Probe& probe() {
  static Probe p;
  return p;
}

// The last item recorded with `id` (ids are hashes: one per item in a frame
// unless the UI has an id conflict, which ImGui itself warns about).
Item* findById(ImGuiID id) {
  auto& items = probe().items;
  for (auto it = items.rbegin(); it != items.rend(); ++it)
    if (it->id == id) return &*it;
  return nullptr;
}

// Pieces ImGui's log adds around items' text, which are not on the screen:
// button "[label]", check boxes, radio buttons, tree nodes, table cell
// separators and the separator's dashes.
bool isLogDecoration(std::string_view s) {
  static const std::string_view kDecorations[] = {"[",   "]", "[x]", "[ ]", "[~]", "(x)", "( )", "###", ">", "|",
                                                  "--------------------------------"};
  return std::find(std::begin(kDecorations), std::end(kDecorations), s) != std::end(kDecorations);
}

// Every piece of text ImGui renders while logging, one line at a time
// (LogRenderedText: an indentation, then the line; a newline on its own).
// It belongs to g.LastItemData: text is rendered right after its ItemAdd.
void onLoggedText(std::string_view s) {
  Probe& p = probe();
  if (!p.recording) return;
  const size_t start = s.find_first_not_of(' ');  // the log's indentation is not on the screen
  if (start == std::string_view::npos) return;
  s.remove_prefix(start);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  if (s.empty()) return;
  if (s == "{" || s == "}") {
    p.inValue = s == "{";
    return;
  }
  if (isLogDecoration(s)) return;
  ImGuiContext& g = *GImGui;
  ImGuiWindow* w = g.CurrentWindow;
  const ImGuiLastItemData& last = g.LastItemData;
  if (last.ID != 0) {
    if (Item* it = findById(last.ID)) it->pieces.push_back({std::string(s), p.inValue});
    return;
  }
  // Text without an id: one item per rectangle (its lines arrive one by one).
  for (auto it = p.items.rbegin(); it != p.items.rend() && it - p.items.rbegin() < 4; ++it)
    if (it->kind == Kind::Text && it->window == w && it->rect.Min.x == last.Rect.Min.x &&
        it->rect.Min.y == last.Rect.Min.y && it->rect.Max.x == last.Rect.Max.x && it->rect.Max.y == last.Rect.Max.y) {
      it->pieces.push_back({std::string(s), p.inValue});
      return;
    }
  Item it;
  it.window = w;
  it.kind = Kind::Text;
  it.rect = it.frame = last.Rect;
  it.clip = w->ClipRect;
  // As TextEx computes it: wrapping is on while a wrap position is pushed (>= 0).
  if (w->DC.TextWrapPos >= 0.0f) it.wrapWidth = ImGui::CalcWrapWidthForPos(last.Rect.Min, w->DC.TextWrapPos);
  it.pieces.push_back({std::string(s), p.inValue});
  p.items.push_back(std::move(it));
}

ssize_t logWrite(void*, const char* buf, size_t size) {
  onLoggedText(std::string_view(buf, size));
  return static_cast<ssize_t>(size);
}

// Turns ImGui's text log on, into a FILE* whose writes come to onLoggedText.
// ImGui ends its log at the End() of every top-level window, so the probe
// turns it on again at the next item with an id (a modal's title bar, its
// first button): text a top-level window draws before any such item (a
// tooltip's) is not seen.
bool startLog() {
  ImGuiContext& g = *GImGui;
  if (g.LogEnabled || !g.CurrentWindow) return false;  // someone else is logging (the Metrics window's tools)
  cookie_io_functions_t io{};
  io.write = logWrite;
  FILE* f = fopencookie(nullptr, "w", io);
  if (!f) return false;
  setvbuf(f, nullptr, _IONBF, 0);  // one write per piece of text, while its item is g.LastItemData
  probe().inValue = false;
  // Depth 0: logging opens no tree node that is closed on the screen.
  ImGui::LogBegin(ImGuiLogType_File, 0);
  g.LogFile = f;  // LogFinish closes it
  return true;
}

float textWidth(const std::string& s) { return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x; }

std::string joined(const Item& it) {
  std::string s;
  for (const Piece& p : it.pieces) {
    if (!s.empty()) s += ' ';
    s += p.text;
  }
  return s;
}

std::string nameOf(const Item& it) {
  std::string s = !it.label.empty() ? it.label : joined(it);
  if (s.empty()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, it.kind == Kind::Child ? "child window #%08X" : "#%08X", it.id);
    s = buf;
  }
  if (s.size() > 120) s = s.substr(0, 117) + "...";
  return s;
}

// "mutualab playground/main_1A2B3C4D/asv_5E6F7A8B" -> "mutualab playground/main/asv":
// ImGui names a child window after its parent, its own name and its id.
std::string windowName(const ImGuiWindow* w) {
  std::string in = w->Name, out;
  size_t i = 0;
  while (i <= in.size()) {
    size_t j = in.find('/', i);
    if (j == std::string::npos) j = in.size();
    std::string part = in.substr(i, j - i);
    if (part.size() > 9 && part[part.size() - 9] == '_' &&
        part.find_first_not_of("0123456789ABCDEF", part.size() - 8) == std::string::npos)
      part.resize(part.size() - 9);
    if (!out.empty()) out += '/';
    out += part;
    i = j + 1;
  }
  return out;
}

nlohmann::json rectJson(const ImRect& r) { return {r.Min.x, r.Min.y, r.Max.x, r.Max.y}; }

bool scrollsX(const ImGuiWindow* w) { return (w->Flags & ImGuiWindowFlags_HorizontalScrollbar) || w->ScrollbarX; }

// Words ImGui's wrapping does not break (ImFont::CalcWordWrapPositionA):
// runs between blanks, where a run may also end after . , ; ! ? or ".
std::vector<std::string> unbreakableRuns(const std::string& s) {
  std::vector<std::string> runs;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n') {
      if (!cur.empty()) runs.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
    if (c == '.' || c == ',' || c == ';' || c == '!' || c == '?' || c == '"') {
      runs.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) runs.push_back(cur);
  return runs;
}

// The checks. The rules, each for what a projector would show wrong:
//  cut off     an item reaches past the left or right edge of what its
//              window (or table column) shows, in a window that cannot
//              scroll sideways: its text is cut. Vertical overflow is
//              fine: windows scroll up and down.
//  word broken wrapped text with a word wider than its wrap width: ImGui
//              breaks that word in the middle ("replicatio|ns").
//  text wider than its box
//              a button's, tab's, header's or check box's label wider than
//              the item less its frame padding (ImGui clips it or shows
//              "..."); a combo's shown value wider than the room before
//              its arrow. Sliders' values and text fields are not checked:
//              a text field scrolls its text.
//  overlap     two items of one window whose rectangles, each cut to the
//              columns of its clip rectangle, share more than a pixel each
//              way. Exempt: a child window's item and an item wholly inside
//              it (a multi-line text field is both an item and the child
//              window it scrolls in). Nothing else legitimately contains
//              another item here: a child window's contents are items of
//              its own window, a tab bar and a table are not items (their
//              tabs and cells are, each beside the next), and a chart is
//              one item (an InvisibleButton) drawn with the draw list.
nlohmann::json check(const std::vector<Item>& items) {
  const ImGuiStyle& style = ImGui::GetStyle();
  nlohmann::json problems = nlohmann::json::array();
  auto add = [&](const char* rule, const Item& it, const std::string& detail, const Item* other = nullptr) {
    if (problems.size() >= 200) return;
    nlohmann::json p = {{"rule", rule},           {"window", windowName(it.window)}, {"item", nameOf(it)},
                        {"rect", rectJson(it.rect)}, {"visible", rectJson(it.clip)},  {"detail", detail}};
    if (other) p["other"] = {{"item", nameOf(*other)}, {"rect", rectJson(other->rect)}};
    problems.push_back(std::move(p));
  };
  char buf[256];
  std::map<const ImGuiWindow*, std::vector<const Item*>> byWindow;
  for (const Item& it : items) {
    if (it.rect.GetWidth() <= 0 && it.rect.GetHeight() <= 0) continue;  // a popup's anchor, not on the screen
    byWindow[it.window].push_back(&it);
    if (!scrollsX(it.window) && it.rect.GetWidth() > 0 &&
        (it.rect.Max.x > it.clip.Max.x + kSlack || it.rect.Min.x < it.clip.Min.x - kSlack)) {
      std::snprintf(buf, sizeof buf, "reaches x %.0f..%.0f; its window shows x %.0f..%.0f here and cannot scroll sideways",
                    it.rect.Min.x, it.rect.Max.x, it.clip.Min.x, it.clip.Max.x);
      add("cut off", it, buf);
    }
    if (it.kind == Kind::Text && it.wrapWidth > 0)
      for (const Piece& p : it.pieces)
        for (const std::string& word : unbreakableRuns(p.text))
          if (textWidth(word) > it.wrapWidth + kSlack) {
            std::snprintf(buf, sizeof buf, "'%s' is %.0f px wide, the text wraps at %.0f px: the word breaks in the middle",
                          word.c_str(), textWidth(word), it.wrapWidth);
            add("word broken", it, buf);
          }
    if (it.kind == Kind::Widget) {
      const bool labelInside = it.frame.Min.x == it.rect.Min.x && it.frame.Max.x == it.rect.Max.x;
      const bool combo = (it.flags & ImGuiItemStatusFlags_Openable) && !labelInside;
      for (const Piece& p : it.pieces) {
        float room = -1;
        if (!p.value && labelInside) room = it.rect.GetWidth() - 2 * style.FramePadding.x;
        if (p.value && combo) room = it.frame.GetWidth() - ImGui::GetFrameHeight() - style.FramePadding.x;
        if (room >= 0 && textWidth(p.text) > room + kSlack) {
          std::snprintf(buf, sizeof buf, "'%s' is %.0f px wide, its box has room for %.0f px", p.text.c_str(),
                        textWidth(p.text), room);
          add("text wider than its box", it, buf);
        }
      }
    }
  }
  for (const auto& [window, list] : byWindow) {
    auto shown = [](const Item& it) {
      ImRect r = it.rect;
      r.Min.x = std::max(r.Min.x, it.clip.Min.x);
      r.Max.x = std::min(r.Max.x, it.clip.Max.x);
      return r;
    };
    for (size_t i = 0; i < list.size(); ++i) {
      const ImRect a = shown(*list[i]);
      if (a.GetWidth() <= 0 || a.GetHeight() <= 0) continue;
      for (size_t j = i + 1; j < list.size(); ++j) {
        const ImRect b = shown(*list[j]);
        const float w = std::min(a.Max.x, b.Max.x) - std::max(a.Min.x, b.Min.x);
        const float h = std::min(a.Max.y, b.Max.y) - std::max(a.Min.y, b.Min.y);
        if (w <= kSlack || h <= kSlack) continue;
        if ((list[i]->kind == Kind::Child && list[i]->rect.Contains(list[j]->rect)) ||
            (list[j]->kind == Kind::Child && list[j]->rect.Contains(list[i]->rect)))
          continue;
        std::snprintf(buf, sizeof buf, "overlaps '%s' by %.0f x %.0f px", nameOf(*list[j]).c_str(), w, h);
        add("overlap", *list[i], buf, list[j]);
      }
    }
  }
  nlohmann::json windows = nlohmann::json::array();
  size_t checked = 0;
  for (const auto& [window, list] : byWindow) {
    checked += list.size();
    windows.push_back({{"window", windowName(window)},
                       {"items", list.size()},
                       {"visible", rectJson(window->InnerClipRect)},
                       {"scrolls_x", scrollsX(window)}});
  }
  const ImGuiIO& io = ImGui::GetIO();
  return {{"status", "done"},
          {"frame", ImGui::GetFrameCount()},
          {"display", {io.DisplaySize.x, io.DisplaySize.y}},
          {"font_size", ImGui::GetFontSize()},
          {"items_checked", checked},
          {"windows", std::move(windows)},
          {"problems", std::move(problems)}};
}

}  // namespace

void arm() {
  probe().armed = true;
  probe().report = nullptr;
}
bool armed() { return probe().armed; }
bool hasReport() { return !probe().report.is_null(); }

nlohmann::json takeReport() {
  nlohmann::json r = std::move(probe().report);
  probe().report = nullptr;
  return r;
}

void beginFrame() {
  Probe& p = probe();
  if (!p.armed || p.recording) return;
  if (!startLog()) return;  // try the next frame
  p.items.clear();
  p.armed = false;
  p.recording = true;
  GImGui->TestEngineHookItems = true;
}

void endFrame() {
  Probe& p = probe();
  if (!p.recording) return;
  ImGui::LogFinish();  // closes the log's FILE*, if a window's End() has not
  GImGui->TestEngineHookItems = false;
  p.recording = false;
  p.report = check(p.items);
}

nlohmann::json itemRect(const std::string& label) {
  // A widget first: a lesson's words are items of their own (flowText), and
  // "Play" in its text is not the Play button.
  auto matches = [&label](const Item& it) { return it.label == label || (!it.pieces.empty() && joined(it) == label); };
  for (const Item& it : probe().items)
    if (it.kind == Kind::Widget && matches(it)) return rectJson(it.rect);
  for (const Item& it : probe().items)
    if (matches(it)) return rectJson(it.rect);
  return nullptr;
}

}  // namespace mutualab::web::layout_probe

// ---- Dear ImGui's test-engine hooks (imgui_internal.h), called while g.TestEngineHookItems

using mutualab::web::layout_probe::Item;
using mutualab::web::layout_probe::Kind;

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  auto& p = mutualab::web::layout_probe::probe();
  ImGuiContext& g = *ctx;
  ImGuiWindow* w = g.CurrentWindow;
  if (!p.recording || !w) return;
  if (!g.LogEnabled) mutualab::web::layout_probe::startLog();  // a top-level window's End() ended it
  // Scrollbars are the window's frame, outside what it shows by design.
  if (id == ImGui::GetWindowScrollbarID(w, ImGuiAxis_X) || id == ImGui::GetWindowScrollbarID(w, ImGuiAxis_Y)) return;
  Item it;
  it.window = w;
  it.id = id;
  it.kind = g.WithinEndChild ? Kind::Child : Kind::Widget;
  // ItemAdd has set LastItemData (the whole item) before calling us with its
  // navigation rectangle (a slider's frame without its label); ButtonBehavior
  // calls us for buttons that have no ItemAdd of their own.
  it.rect = g.LastItemData.ID == id ? g.LastItemData.Rect : bb;
  it.frame = bb;
  it.clip = w->ClipRect;
  p.items.push_back(std::move(it));
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
  if (!mutualab::web::layout_probe::probe().recording) return;
  if (Item* it = mutualab::web::layout_probe::findById(id)) {
    if (label) it->label.assign(label, ImGui::FindRenderedTextEnd(label));  // what shows: without "##id"
    it->flags = flags;
  }
}

// ImGui's own log lines for a test engine (IMGUI_TEST_ENGINE_LOG): the probe has no use for them.
void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

// The Metrics window names items by this.
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID id) {
  const Item* it = mutualab::web::layout_probe::findById(id);
  return it && !it->label.empty() ? it->label.c_str() : nullptr;
}

#endif  // IMGUI_ENABLE_TEST_ENGINE
