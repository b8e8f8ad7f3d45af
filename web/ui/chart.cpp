#include "web/ui/chart.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <tuple>

#include "web/governance_marks.h"
#include "web/path_labels.h"
#include "web/number_format.h"
#include "web/ui/style.h"

namespace mutualab::web {

namespace {

ChartRectSink& chartRectSink() {
  static ChartRectSink sink;
  return sink;
}

// Tells the sink, if any, where chart `chartId` drew its part `part`.
void recordChartRect(const char* chartId, const char* part, ImVec2 min, ImVec2 max) {
  if (chartRectSink()) chartRectSink()(std::string("chart:") + chartId + part, min, max);
}

// Plot margins at text size 1 (uiScale() scales them with the text).
constexpr float kLeft0 = 58.f, kBottom0 = 18.f, kTop0 = 20.f, kRight0 = 8.f;

void axisText(ImDrawList* dl, ImVec2 at, const std::string& text) { dl->AddText(at, style::kAxisText, text.c_str()); }

// A y axis number, right-aligned against the plot's left edge `right`, its
// middle at `y` but never below `bottom`: at large text the lowest number
// would otherwise run into the x axis' name under it ("0.00" over "decile").
void yAxisLabel(ImDrawList* dl, float right, float y, float bottom, const std::string& text) {
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  const float top = std::min(y - size.y * 0.5f, bottom - size.y);
  axisText(dl, ImVec2(right - size.x - 4 * uiScale(), top), text);
}

struct LegendItem {
  const char* label;
  ImU32 color;
  bool dashed = false;  // side B: the swatch is dashed like its line
  bool bar = false;     // a bar chart's group: a filled box
  bool empty = false;   // a bar chart's empty category: a hatched box
};

constexpr ImU32 kEmptyHatch = IM_COL32(130, 130, 130, 200);

// Grey diagonal hatching over [lo, hi]: a category with no value, which must
// not read as a bar of 0 (nothing drawn) nor as a value (a filled bar).
void hatch(ImDrawList* dl, ImVec2 lo, ImVec2 hi) {
  const float step = 5 * uiScale();
  dl->PushClipRect(lo, hi, true);
  for (float x = lo.x - (hi.y - lo.y); x < hi.x; x += step) dl->AddLine(ImVec2(x, hi.y), ImVec2(x + (hi.y - lo.y), lo.y), kEmptyHatch, 1.f);
  dl->PopClipRect();
  dl->AddRect(lo, hi, kEmptyHatch, 0.f, 0, 1.f);
}

// The title, wrapped at the chart's right edge, and the legend:
// right-aligned on the title's last row, or on rows of its own under it when
// it would run into the title, wrapping too (narrow charts, large text, both
// sides named). Everything starts at `left`, the plot's left edge, so the y
// axis' numbers in the margin stay clear of it. Returns the extra top margin
// it needs beyond one row. With no draw list it only measures.
float chartHeader(ImDrawList* dl, ImVec2 p0, float left, float right, const char* title,
                  const std::vector<LegendItem>& items) {
  const float u = uiScale(), fs = ImGui::GetFontSize();
  const float wrap = std::max(right - left, 40.f);
  if (dl) dl->AddText(ImGui::GetFont(), fs, ImVec2(left, p0.y + 3), IM_COL32(230, 230, 230, 255), title, nullptr, wrap);
  const ImVec2 titleSize = ImGui::CalcTextSize(title, nullptr, false, wrap);
  const int titleRows = std::max(1, static_cast<int>(std::lround(titleSize.y / fs)));
  // Where the title's last row ends: the width of the whole title when it is one row.
  const float titleEnd = titleRows == 1 ? left + titleSize.x : right;
  auto width = [&](const LegendItem& it) { return ImGui::CalcTextSize(it.label).x + 18 * u; };
  float total = 0;
  for (const auto& it : items) total += width(it);
  const bool ownRow = right - total < titleEnd + 10 * u;
  float y = p0.y + static_cast<float>(titleRows - 1) * fs + (ownRow ? fs + 3 : 0.f);
  float lx = ownRow ? left : right - total;
  for (const auto& it : items) {
    if (ownRow && lx > left && lx + width(it) > right) {
      lx = left;
      y += fs + 2;
    }
    // The swatch looks like what it names: a box for a bar, a line for a
    // line, dashed for side B (so the legend reads without colour).
    const float my = y + 3 + fs * 0.5f;
    if (!dl) {  // measuring only
      lx += width(it);
      continue;
    }
    if (it.empty) {
      hatch(dl, ImVec2(lx, my - 4 * u), ImVec2(lx + 10 * u, my + 4 * u));
    } else if (it.bar) {
      dl->AddRectFilled(ImVec2(lx, my - 3 * u), ImVec2(lx + 10 * u, my + 3 * u), it.color);
    } else if (it.dashed) {
      dl->AddLine(ImVec2(lx, my), ImVec2(lx + 4 * u, my), it.color, 2.f * u);
      dl->AddLine(ImVec2(lx + 7 * u, my), ImVec2(lx + 11 * u, my), it.color, 2.f * u);
    } else {
      dl->AddLine(ImVec2(lx, my), ImVec2(lx + 11 * u, my), it.color, 2.f * u);
    }
    dl->AddText(ImVec2(lx + 13 * u, y + 3), IM_COL32(210, 210, 210, 255), it.label);
    lx += width(it);
  }
  return y - p0.y - (ownRow ? 1.f : 0.f);  // the top of the header's last row
}

// The worlds a chart's series read, each once, in order (side A, then B when
// comparing): whose governance marks it draws. Returns how many (at most 2).
int seriesWorlds(const std::vector<SeriesRef>& series, const World* out[2]) {
  int n = 0;
  for (const auto& s : series)
    if (s.world && (n == 0 || (out[0] != s.world && (n == 1 || out[1] != s.world)))) {
      if (n == 2) break;
      out[n++] = s.world;
    }
  return n;
}

// Reused by every chart every frame: no allocation once it has grown.
std::vector<GovernanceMark>& markScratch() {
  static std::vector<GovernanceMark> marks;
  return marks;
}

// How many of the worlds have a mark so far: the rows of names the chart
// keeps above its data (markBandRow gives each world's).
int markedWorldsWithMarks(const World* const worlds[2], int count) {
  int rows = 0;
  for (int i = 0; i < count; ++i) {
    governanceMarks(*worlds[i], markScratch());
    rows += markScratch().empty() ? 0 : 1;
  }
  return rows;
}

// The height of one row of mark names (they are drawn smaller than the text).
float markLabelSize() { return ImGui::GetFontSize() * 0.85f; }
float markBandRowHeight() { return markLabelSize() + 2 * uiScale(); }

// Thin vertical lines from the band top `bandTop` down to the plot's bottom
// b.y at each step a change took effect (refused ones red), dashed for side
// B, each named in row `row` of the band above the plot [a, b] when `labels`
// and there is room beside the previous name. The band is the chart's own,
// above its data, so no series runs through a name. Returns whether the
// world had a mark (so took a row of the band).
bool governanceMarksOn(ImDrawList* dl, const World& w, bool sideB, ImVec2 a, ImVec2 b, int steps, bool labels,
                       float bandTop, int row, const char* chartId) {
  std::vector<GovernanceMark>& marks = markScratch();
  governanceMarks(w, marks);
  if (marks.empty()) return false;
  const float u = uiScale(), fontSize = markLabelSize();
  float labelEnd = -1e9f;
  char name[96];
  int drawn = 0;
  for (const GovernanceMark& m : marks) {
    const float x = a.x + static_cast<float>(static_cast<double>(m.step) / steps) * (b.x - a.x);
    const ImU32 col = m.refused ? style::kGovernanceRefused : style::kGovernance;
    if (sideB) {
      for (float y = bandTop; y < b.y; y += 6 * u) dl->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 3 * u, b.y)), col, 1.f);
    } else {
      dl->AddLine(ImVec2(x, bandTop), ImVec2(x, b.y), col, 1.f);
    }
    if (!labels) continue;
    governanceMarkName(w, m, name, sizeof name);
    if (m.refused) std::snprintf(name + std::strlen(name), sizeof name - std::strlen(name), " (refused)");
    const float tw = ImGui::GetFont()->CalcTextSizeA(fontSize, 1e9f, 0.f, name).x;
    // Right of the line, or left of it near the plot's right edge; none when it would run into the last.
    float lx = x + 3 * u;
    if (lx + tw > b.x) lx = x - 3 * u - tw;
    if (lx < labelEnd + 6 * u || lx < a.x) continue;
    const float ly = bandTop + static_cast<float>(row) * markBandRowHeight() + 1;
    // On the chart's background colour, over a side A's mark line when this is B's row.
    dl->AddRectFilled(ImVec2(lx - 1, ly), ImVec2(lx + tw + 1, ly + fontSize), IM_COL32(24, 26, 32, 255));
    dl->AddText(ImGui::GetFont(), fontSize, ImVec2(lx, ly), col, name);
    char id[64];
    std::snprintf(id, sizeof id, ".mark%s%d", sideB ? "B" : "", drawn++);
    recordChartRect(chartId, id, ImVec2(lx, ly), ImVec2(lx + tw, ly + fontSize));
    labelEnd = lx + tw;
  }
  return true;
}

// The hover tooltip's lines for the marks within a few pixels of the mouse.
void governanceTooltip(const World& w, bool sideB, float mx, ImVec2 a, ImVec2 b, int steps) {
  std::vector<GovernanceMark>& marks = markScratch();
  governanceMarks(w, marks);
  char name[96];
  for (const GovernanceMark& m : marks) {
    const float x = a.x + static_cast<float>(static_cast<double>(m.step) / steps) * (b.x - a.x);
    if (std::fabs(x - mx) > 5 * uiScale()) continue;
    governanceMarkName(w, m, name, sizeof name);
    ImGui::Separator();
    const ImVec4 col = ImColor(m.refused ? style::kGovernanceRefused : style::kGovernance);
    if (m.refused)
      ImGui::TextColored(col, "%s%s: refused at step %d (%s)", sideB ? "B: " : "", name, m.step, refusalText(m.why));
    else
      ImGui::TextColored(col, "%s%s: took effect at step %d", sideB ? "B: " : "", name, m.step);
    if (m.firedStep >= 0) ImGui::TextDisabled("  its condition held at the end of step %d", m.firedStep);
    for (const std::string& set : governanceMarkSets(w, m)) {  // the field's name first, the path as detail
      ImGui::Text("  %s", assignmentText(set, &w.scenario()).c_str());
      ImGui::SameLine();
      ImGui::TextDisabled("(path: %s)", set.substr(0, set.find('=')).c_str());
    }
  }
}

}  // namespace

std::pair<double, double> paddedAxis(double lo, double hi, bool zeroBased) {
  // A margin above and below, but never across 0: a series that is never
  // negative (a NAV that falls to 0) must not read "-0.577" at its axis'
  // foot, nor one that is never positive climb above 0 at its top.
  const double pad = 0.05 * (hi - lo);
  hi = hi <= 0 ? std::min(hi + pad, 0.0) : hi + pad;
  if (!zeroBased || lo < 0) lo = lo >= 0 ? std::max(lo - pad, 0.0) : lo - pad;
  return {lo, hi};
}

void setChartRectSink(ChartRectSink sink) { chartRectSink() = std::move(sink); }

void recordDrawnRect(const std::string& name, ImVec2 min, ImVec2 max) {
  if (chartRectSink()) chartRectSink()(name, min, max);
}

std::string chartValueText(double v, const char* unit) {
  if (std::strncmp(unit, "%", 1) == 0) return percentValue(v);
  if (std::strncmp(unit, kCurrencyUnit, std::strlen(kCurrencyUnit)) == 0) return money(v);
  return compactNumber(v);
}

void sectionTitle(const char* text) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", text);
  ImGui::Separator();
}

void helpMarker(const char* text) {
  sameLineIfFits(ImGui::CalcTextSize("(?)").x);  // after a wrapped text or a full row: on the next row, not cut off
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void flowText(const std::string& text) {
  // A unit after a number ("k", "k,", "M;", "%"), as number_format.h writes them.
  auto isUnit = [](std::string w) {
    while (!w.empty() && (w.back() == ',' || w.back() == ';' || w.back() == ')')) w.pop_back();
    return w == "k" || w == "M" || w == "bn" || w == "%";
  };
  // The words, a unit joined to its number and a "/" to what is before it.
  std::vector<std::string> words;
  size_t from = 0;
  while (from < text.size()) {
    size_t to = text.find(' ', from);
    if (to == std::string::npos) to = text.size();
    const std::string w = text.substr(from, to - from);
    from = to + 1;
    if (w.empty()) continue;
    const bool glue = !words.empty() && (w == "/" || (isUnit(w) && std::isdigit(static_cast<unsigned char>(words.back().back()))));
    if (glue) words.back() += " " + w;
    else words.push_back(w);
  }
  const float space = ImGui::CalcTextSize(" ").x, row = ImGui::GetContentRegionAvail().x;
  float used = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    const float w = ImGui::CalcTextSize(words[i].c_str()).x;
    if (i > 0 && used + space + w <= row) {
      ImGui::SameLine(0, space);
      used += space + w;
    } else {
      used = w;
    }
    ImGui::TextUnformatted(words[i].c_str());
  }
}

bool labelledWidth(const char* label, float share) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float row = ImGui::GetContentRegionAvail().x;
  const float marker = ImGui::CalcTextSize("(?)").x + style.ItemSpacing.x;
  const float beside = row - marker - ImGui::CalcTextSize(label).x - style.ItemInnerSpacing.x;
  if (beside >= row / 3) {
    ImGui::SetNextItemWidth(std::min(row * share, beside));
    return false;
  }
  ImGui::TextUnformatted(label);
  ImGui::SetNextItemWidth(row - marker);
  return true;
}

ChartFrame chartFrame(const char* id, float height) {
  ChartFrame f;
  f.p0 = ImGui::GetCursorScreenPos();
  f.size = ImVec2(std::max(ImGui::GetContentRegionAvail().x, 120.f), height * uiScale());
  ImGui::InvisibleButton(id, f.size);
  f.hovered = ImGui::IsItemHovered();
  f.dl = ImGui::GetWindowDrawList();
  f.dl->AddRectFilled(f.p0, ImVec2(f.p0.x + f.size.x, f.p0.y + f.size.y), IM_COL32(24, 26, 32, 255), 4.f);
  return f;
}

namespace {
// A line chart's title with its unit, and its legend.
void lineChartHeader(const ChartOptions& opt, const std::vector<SeriesRef>& series, char (&title)[256],
                     std::vector<LegendItem>& items) {
  std::snprintf(title, sizeof title, "%s%s%s%s", opt.title, opt.unit[0] ? " (" : "", opt.unit, opt.unit[0] ? ")" : "");
  for (const auto& s : series) items.push_back({s.label, s.color, s.dashed});
}
}  // namespace

float lineChartHeight(const ChartOptions& opt, const std::vector<SeriesRef>& series, float width) {
  const float u = uiScale();
  char title[256];
  std::vector<LegendItem> items;
  lineChartHeader(opt, series, title, items);
  const float wide = std::max(width, 120.f);
  return opt.height * u + chartHeader(nullptr, ImVec2(0, 0), kLeft0 * u, wide - kRight0 * u, title, items);
}

void lineChart(const ChartOptions& opt, const std::vector<SeriesRef>& series) {
  const float u = uiScale(), kLeft = kLeft0 * u, kBottom = kBottom0 * u, kTop = kTop0 * u, kRight = kRight0 * u;
  char title[256];
  std::vector<LegendItem> items;
  lineChartHeader(opt, series, title, items);
  // The chart grows by the rows its title and legend wrap to (large text, a
  // narrow window), so its plot keeps the height asked for.
  const float wide = std::max(ImGui::GetContentRegionAvail().x, 120.f);
  const float headerRows = chartHeader(nullptr, ImVec2(0, 0), kLeft, wide - kRight, title, items);
  const auto [dl, p0, size, hovered] = chartFrame(opt.title, opt.height + headerRows / u);
  // A chart scrolled out of sight draws nothing: a long view's charts would
  // otherwise fill its one draw list past ImGui's 65,536 vertices.
  if (!ImGui::IsItemVisible()) return;

  int steps = 1, current = 0;
  for (const auto& s : series)
    if (s.world) {
      steps = std::max(steps, s.world->steps());
      current = std::max(current, s.world->currentStep());
    }
  // y range over what has run so far.
  double lo = opt.zeroBased ? 0.0 : INFINITY, hi = opt.zeroBased ? 0.0 : -INFINITY;
  // Nothing drawn yet, or one flat value: the axis' top gets no number (a
  // "1.05" on an empty chart means nothing), its bottom only with data.
  bool empty = true, flat = false;
  if (opt.yMax > opt.yMin) {
    lo = opt.yMin;
    hi = opt.yMax;
    empty = false;
  } else {
    for (const auto& s : series)
      for (int t = 0; s.world && t <= s.world->currentStep(); ++t) {
        const double v = s.at(t);
        if (std::isfinite(v)) {
          lo = std::min(lo, v);
          hi = std::max(hi, v);
          empty = false;
        }
      }
    if (empty) lo = 0, hi = 1;
    if (hi - lo < 1e-12) {
      flat = true;
      hi = lo + (std::fabs(lo) > 0 ? std::fabs(lo) * 0.1 : 1.0);
    }
    std::tie(lo, hi) = paddedAxis(lo, hi, opt.zeroBased);
  }
  const float extraTop = chartHeader(dl, p0, p0.x + kLeft, p0.x + size.x - kRight, title, items);
  // The marks' names take a band of their own between the header and the
  // data, a row for each side with a mark: a name over the data would be
  // struck through by its lines. The plot is that much shorter, not the chart.
  const World* marked[2] = {};
  const int markedCount = opt.governance ? seriesWorlds(series, marked) : 0;
  const int markRows = opt.markLabels ? markedWorldsWithMarks(marked, markedCount) : 0;
  const float bandTop = p0.y + kTop + extraTop;
  const ImVec2 a(p0.x + kLeft, bandTop + static_cast<float>(markRows) * markBandRowHeight()),
      b(p0.x + size.x - kRight, p0.y + size.y - kBottom);
  recordChartRect(opt.title, ".plot", a, b);
  const float w = b.x - a.x, h = b.y - a.y;
  auto X = [&](double t) { return a.x + static_cast<float>(t / steps) * w; };
  auto Y = [&](double v) { return b.y - static_cast<float>((v - lo) / (hi - lo)) * h; };
  dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), IM_COL32(90, 90, 90, 255));
  dl->AddLine(ImVec2(a.x, a.y), ImVec2(a.x, b.y), IM_COL32(90, 90, 90, 255));
  // The axis' ends in the chart's unit without its symbol (the title has it): "177 k", "41.2".
  if (!empty && !flat) yAxisLabel(dl, a.x, a.y, b.y - ImGui::GetFontSize(), compactNumber(hi));
  if (!empty) yAxisLabel(dl, a.x, b.y, b.y, compactNumber(lo));
  if (lo < 0 && hi > 0) dl->AddLine(ImVec2(a.x, Y(0)), ImVec2(b.x, Y(0)), IM_COL32(70, 70, 70, 255));
  const std::string last = std::to_string(steps);
  axisText(dl, ImVec2(b.x - ImGui::CalcTextSize(last.c_str()).x, b.y + 2), last);
  dl->AddText(ImVec2(a.x + 2, b.y + 2), IM_COL32(140, 140, 140, 255), "step");

  if (opt.jumpsOf)
    for (int t = 1; t <= opt.jumpsOf->currentStep(); ++t)
      if (opt.jumpsOf->metric(t, StepMetric::Jump) > 0.5)
        dl->AddTriangleFilled(ImVec2(X(t), b.y - 2), ImVec2(X(t) - 4, b.y - 10), ImVec2(X(t) + 4, b.y - 10),
                              style::kJump);

  // Side A's names in the band's first row, B's in the next (the first when A has none).
  for (int i = 0, row = 0; i < markedCount; ++i)
    row += governanceMarksOn(dl, *marked[i], i > 0, a, b, steps, opt.markLabels && markRows > 0,
                             markRows > 0 ? bandTop : a.y, row, opt.title)
               ? 1
               : 0;

  // One vertex per pixel column at most: long runs are drawn at screen resolution.
  dl->PushClipRect(a, ImVec2(b.x + 1, b.y + 1), true);
  for (const auto& s : series) {
    if (!s.world) continue;
    const int n = s.world->currentStep();
    // Sparse values (dots at measures) are visited at every step, so no
    // measure is skipped; they are few, so their vertices stay few.
    const bool sparse = s.values && s.dots;
    const int stride = sparse ? 1 : std::max(1, static_cast<int>(std::floor(n / std::max(1.f, w))));
    ImVec2 prev;
    bool have = false;
    int segment = 0;
    for (int t = 0; t <= n; t += stride) {
      const double v = s.at(t);
      if (!std::isfinite(v)) {
        have = have && s.values;  // sparse values join across their gaps
        continue;
      }
      const ImVec2 p(X(t), Y(v));
      if (have && sparse && s.dashed) {
        // Measures a few steps apart: dashes by length on screen, not by
        // points, or a join of two measures would be all dash or all gap.
        const float dx = p.x - prev.x, dy = p.y - prev.y, len = std::sqrt(dx * dx + dy * dy), on = 5.f * u, off = 4.f * u;
        for (float d = 0; d < len; d += on + off) {
          const float e = std::min(d + on, len);
          dl->AddLine(ImVec2(prev.x + dx * d / len, prev.y + dy * d / len), ImVec2(prev.x + dx * e / len, prev.y + dy * e / len),
                      s.color, 1.6f);
        }
      } else if (have && (!s.dashed || (segment++ / 3) % 2 == 0)) {
        dl->AddLine(prev, p, s.color, 1.6f);
      }
      if (s.dots) dl->AddCircleFilled(p, 1.8f * u, s.color, 6);
      prev = p;
      have = true;
    }
  }
  dl->PopClipRect();

  // The values under the mouse.
  if (hovered && current > 0) {
    const float mx = ImGui::GetIO().MousePos.x;
    const int t = std::clamp(static_cast<int>(std::lround((mx - a.x) / w * steps)), 0, current);
    dl->AddLine(ImVec2(X(t), a.y), ImVec2(X(t), b.y), IM_COL32(200, 200, 200, 90));
    ImGui::BeginTooltip();
    ImGui::Text("step %d", t);
    for (const auto& s : series) {
      if (!s.world) continue;
      // A series measured every few steps shows its latest measure at or before t, and says when.
      int at = t;
      if (s.values && s.dots)
        while (at > 0 && !std::isfinite(s.at(at))) --at;
      if (at == t || !std::isfinite(s.at(at)))
        ImGui::TextColored(ImColor(s.color), "%s: %s", s.label, chartValueText(s.at(t), opt.unit).c_str());
      else
        ImGui::TextColored(ImColor(s.color), "%s: %s (measured at step %d)", s.label, chartValueText(s.at(at), opt.unit).c_str(),
                           at);
    }
    for (int i = 0; i < markedCount; ++i) governanceTooltip(*marked[i], i > 0, mx, a, b, steps);
    ImGui::EndTooltip();
  }
}

void barChart(const char* title, const char* xLabel, int count, const std::vector<BarGroup>& groups, double yMax,
              float height, const char* emptyText) {
  const float u = uiScale(), kLeft = kLeft0 * u, kBottom = kBottom0 * u, kTop = kTop0 * u, kRight = kRight0 * u;
  const auto [dl, p0, size, hovered] = chartFrame(title, height);
  const float width = size.x;
  height = size.y;
  std::vector<LegendItem> items;
  for (const auto& g : groups) items.push_back({g.label, g.color, false, true});
  // The hatching is named in the legend while a category has none.
  bool anyEmpty = false;
  for (const auto& g : groups)
    for (int i = 0; i < count; ++i) anyEmpty = anyEmpty || !std::isfinite(g.values[i]);
  if (anyEmpty) items.push_back({.label = emptyText, .color = kEmptyHatch, .empty = true});
  const float extraTop = chartHeader(dl, p0, p0.x + kLeft, p0.x + width - kRight, title, items);
  const ImVec2 a(p0.x + kLeft, p0.y + kTop + extraTop), b(p0.x + width - kRight, p0.y + height - kBottom);
  const float cell = (b.x - a.x) / static_cast<float>(count);
  const float barW = cell * 0.8f / static_cast<float>(std::max<size_t>(1, groups.size()));
  yAxisLabel(dl, a.x, a.y, b.y - ImGui::GetFontSize(), percentOfShare(yMax));
  yAxisLabel(dl, a.x, b.y, b.y, percentOfShare(0.0));
  dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), IM_COL32(90, 90, 90, 255));
  for (int i = 0; i < count; ++i) {
    for (size_t g = 0; g < groups.size(); ++g) {
      const double v = groups[g].values[i];
      const float x0 = a.x + cell * (static_cast<float>(i) + 0.1f) + barW * static_cast<float>(g);
      if (!std::isfinite(v)) {
        hatch(dl, ImVec2(x0, a.y), ImVec2(x0 + barW - 1, b.y));
        char id[32];
        std::snprintf(id, sizeof id, ".empty%d", i);
        recordChartRect(title, id, ImVec2(x0, a.y), ImVec2(x0 + barW - 1, b.y));
        continue;
      }
      const float y = b.y - static_cast<float>(std::min(v, yMax) / yMax) * (b.y - a.y);
      dl->AddRectFilled(ImVec2(x0, y), ImVec2(x0 + barW - 1, b.y), groups[g].color);
    }
    const std::string tick = std::to_string(i + 1);
    axisText(dl, ImVec2(a.x + cell * (static_cast<float>(i) + 0.5f) - ImGui::CalcTextSize(tick.c_str()).x * 0.5f, b.y + 2),
             tick);
  }
  dl->AddText(ImVec2(p0.x + 4, b.y + 2), IM_COL32(140, 140, 140, 255), xLabel);
  if (hovered) {
    const int i = std::clamp(static_cast<int>((ImGui::GetIO().MousePos.x - a.x) / cell), 0, count - 1);
    ImGui::BeginTooltip();
    ImGui::Text("%s %d", xLabel, i + 1);
    for (const auto& g : groups)
      ImGui::TextColored(ImColor(g.color), "%s: %s", g.label,
                         std::isfinite(g.values[i]) ? percentOfShare(g.values[i]).c_str() : emptyText);
    ImGui::EndTooltip();
  }
}

}  // namespace mutualab::web
