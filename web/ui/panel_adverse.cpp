// The picture of adverse selection: every writer as a dot placed by its
// private type theta and coloured by its latest choice; participation by
// theta decile; the adverse selection index and participation over time.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <vector>

#include <imgui.h>

#include "web/lessons.h"
#include "web/ui/app.h"
#include "web/ui/chart.h"
#include "web/side_names.h"
#include "web/ui/style.h"

namespace mutualab::web {

namespace {

// A fixed vertical jitter per writer (a hash of its index), so dots stay put
// while their colour changes.
float jitter(int i) {
  std::uint32_t x = static_cast<std::uint32_t>(i) * 2654435761u;
  x ^= x >> 15;
  x *= 2246822519u;
  x ^= x >> 13;
  return static_cast<float>(x & 0xffff) / 65535.f;
}

ImU32 statusColor(std::int8_t s) {
  switch (s) {
    case 0: return style::kSilo;
    case 1: return style::kPool;
    case 2: return style::kAbstain;
    default: return style::kNone;
  }
}

// With a screening menu, a pooled writer's offer (a pool's contract, §6 of
// docs/model.md); -1 otherwise.
int writerOffer(const World& w, int i) {
  const auto status = w.writerStatus();
  if (status[static_cast<size_t>(i)] != 1) return -1;
  const int pool = w.writerPool()[static_cast<size_t>(i)], contract = w.writerContract()[static_cast<size_t>(i)];
  for (int o = 0; o < w.offerCount(); ++o)
    if (w.offer(o).pool == pool && w.offer(o).contract == contract) return o;
  return -1;
}

// The name of offer o: its contract's, or its pool's for a pool without a menu.
std::string offerName(const World& w, int o) {
  const Offer of = w.offer(o);
  const Pool& p = w.pool(of.pool);
  if (of.contract < 0) return p.name;
  const std::string& c = p.def.menu[static_cast<size_t>(of.contract)].name;
  return w.poolCount() > 1 ? p.name + "/" + c : c;
}

struct LegendEntry {
  ImU32 colour;
  std::string name;
  int count = -1;  // -1: none (the heading)
  ImVec2 at = {};  // from the legend's first line's start
  std::string text() const { return count < 0 ? name : name + " " + std::to_string(count); }
};

// The strip's legend in the dots' colours: the side, then each choice (each
// contract of a menu, then silo and abstain) with its count. It wraps to
// lines of at most `room` pixels: at a projector's 2x text one line would
// run past the strip's right edge and be cut off. The lines are laid out for
// counts as wide as the writer count, so they do not jump as the run plays.
std::vector<LegendEntry> stripLegend(const World& w, const char* label, ImU32 labelColor, const int (&counts)[4],
                                     const int* byOffer, bool menu, float room) {
  std::vector<LegendEntry> items;
  items.push_back({labelColor, std::string(label) + (label[0] ? "  " : "") + "writers by theta:"});
  if (!menu) {
    items.push_back({style::kPool, "pool", counts[1]});
  } else {
    const int colours = static_cast<int>(std::size(style::kContract));
    for (int o = 0; o < w.offerCount(); ++o) items.push_back({style::kContract[o % colours], offerName(w, o), byOffer[o]});
  }
  items.push_back({style::kSilo, "silo", counts[0]});
  items.push_back({style::kAbstain, "abstain", counts[2]});
  if (counts[3] > 0) items.push_back({IM_COL32(140, 140, 140, 255), "not yet", counts[3]});
  const float gap = 10.f * uiScale(), lineHeight = ImGui::GetTextLineHeight();
  float x = 0, y = 0;
  for (LegendEntry& e : items) {
    LegendEntry widest = e;
    if (e.count >= 0) widest.count = w.writerCount();
    const float width = ImGui::CalcTextSize(widest.text().c_str()).x;
    if (x > 0 && x + width > room) {
      x = 0;
      y += lineHeight;
    }
    e.at = ImVec2(x, y);
    x += width + gap;
  }
  return items;
}

// `mark`: the name under which App::markItem records the strip ("adverse.strip")
// and its legend ("adverse.strip.legend").
void writerStrip(App& app, const World& w, const char* label, ImU32 labelColor, const std::string& mark) {
  const float u = uiScale();
  const float left = 58.f * u, right = 8.f * u, bottom = 16.f * u;
  // Count first: the legend's lines set the strip's height.
  int counts[4] = {0, 0, 0, 0};
  const auto status = w.writerStatus();
  // The menu view: with a screening menu, pooled dots take their contract's colour.
  const bool menu = w.offerCount() > w.poolCount();
  int byOffer[kMaxOffers] = {};
  std::vector<int> offerOf(menu ? static_cast<size_t>(w.writerCount()) : 0, -1);
  for (int i = 0; i < w.writerCount(); ++i) {
    const std::int8_t s = status[static_cast<size_t>(i)];
    ++counts[s >= 0 && s <= 2 ? s : 3];
    if (!menu) continue;
    const int o = offerOf[static_cast<size_t>(i)] = writerOffer(w, i);
    if (o >= 0) ++byOffer[o];
  }
  const float frameWidth = std::max(ImGui::GetContentRegionAvail().x, 120.f);  // chartFrame's
  const std::vector<LegendEntry> legend =
      stripLegend(w, label, labelColor, counts, byOffer, menu, frameWidth - left - right);
  const float extraLines = legend.back().at.y;  // beyond the first line, in pixels
  const float stripHeight = 110.f + extraLines / u;
  ImGui::PushID(label);
  // Each strip in a window of its own, so in a draw list of its own: two
  // strips of 10,000 dots (4 vertices each) would pass the 65,536 vertices
  // one list can index (16-bit indices; WebGL 2 has no vertex offset).
  ImGui::BeginChild("##strip", ImVec2(0, stripHeight * u), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  const auto [dl, p0, size, hovered] = chartFrame("##writers", stripHeight);
  app.markItem(mark.c_str());
  const float width = size.x, height = size.y;
  const float top = 20.f * u + extraLines;
  const float x0 = p0.x + left, x1 = p0.x + width - right, y0 = p0.y + top, y1 = p0.y + height - bottom;
  const auto theta = w.writerTheta();
  const float r = w.writerCount() > 2000 ? 1.5f : w.writerCount() > 500 ? 2.0f : 3.0f;
  const int colours = static_cast<int>(std::size(style::kContract));
  for (int i = 0; i < w.writerCount(); ++i) {
    const float x = x0 + static_cast<float>(theta[static_cast<size_t>(i)]) * (x1 - x0);
    const float y = y0 + jitter(i) * (y1 - y0);
    const int o = menu ? offerOf[static_cast<size_t>(i)] : -1;
    const ImU32 colour = o >= 0 ? style::kContract[o % colours] : statusColor(status[static_cast<size_t>(i)]);
    dl->AddRectFilled(ImVec2(x - r, y - r), ImVec2(x + r, y + r), colour);
  }
  for (int d = 1; d < 10; ++d) {
    const float x = x0 + static_cast<float>(d) / 10.f * (x1 - x0);
    dl->AddLine(ImVec2(x, y0), ImVec2(x, y1), IM_COL32(255, 255, 255, 18));
  }
  float legendRight = x0;
  for (const LegendEntry& e : legend) {
    const ImVec2 at(x0 + e.at.x, p0.y + 3 + e.at.y);
    dl->AddText(at, e.colour, e.text().c_str());
    legendRight = std::max(legendRight, at.x + ImGui::CalcTextSize(e.text().c_str()).x);
  }
  app.markRect((mark + ".legend").c_str(), x0, p0.y + 3, legendRight - x0, extraLines + ImGui::GetTextLineHeight());
  dl->AddText(ImVec2(x0, y1 + 1), IM_COL32(140, 140, 140, 255), "theta 0 (safe)");
  const char* rightText = "theta 1 (riskiest)";
  dl->AddText(ImVec2(x1 - ImGui::CalcTextSize(rightText).x, y1 + 1), IM_COL32(140, 140, 140, 255), rightText);
  if (hovered) {
    const float mx = ImGui::GetIO().MousePos.x;
    const double th = std::clamp((mx - x0) / (x1 - x0), 0.f, 1.f);
    if (menu)
      ImGui::SetTooltip("theta %.2f: a writer's private tail type (0 safe, 1 riskiest).\n"
                        "each contract of the menu has its colour (the legend above); blue = silos,\n"
                        "grey = abstains, dark = has not traded yet. Safe writers in one contract and\n"
                        "risky ones in another: the menu separates them",
                        th);
    else
      ImGui::SetTooltip("theta %.2f: a writer's private tail type (0 safe, 1 riskiest).\n"
                        "green = pools, blue = silos, grey = abstains, dark = has not traded yet",
                        th);
  }
  ImGui::EndChild();
  ImGui::PopID();
}

}  // namespace

void drawAdverseSelectionView(App& app) {
  const Session* s = app.session();
  if (!s) return;
  const bool two = s->sideCount() > 1;
  // Legend names: "A: flat" / "B: risk-based" when comparing.
  const std::string nameA = sideLabel(*s, 0), nameB = two ? sideLabel(*s, 1) : std::string();
  ImGui::BeginChild("asv", ImVec2(0, 0), false);
  auto writers = [&] {
    writerStrip(app, s->world(0), two ? nameA.c_str() : "", style::kSideA, "adverse.strip");
    if (two) writerStrip(app, s->world(1), nameB.c_str(), style::kSideB, "adverse.strip.b");
  };
  // Participation by theta decile, now.
  auto deciles = [&] {
    double dec[2][10];
    for (int side = 0; side < s->sideCount(); ++side)
      for (int d = 0; d < 10; ++d)
        dec[side][d] = s->world(side).metric(s->currentStep(), static_cast<StepMetric>(static_cast<int>(StepMetric::D1) + d));
    // One side: the pool's green. Two: the sides' colours, never a choice's.
    std::vector<BarGroup> groups = {{two ? nameA.c_str() : "pool share", two ? style::kSideA : style::kPool, dec[0]}};
    if (two) groups.push_back({nameB.c_str(), style::kSideB, dec[1]});
    barChart("pool participation by theta decile (share of the decile's writers whose latest choice is pool)",
             "decile", 10, groups, 1.0, 150.f, "no writer has traded yet");
  };
  auto asi = [&] {
    std::vector<SeriesRef> v = {{&s->world(0), StepMetric::Asi, two ? nameA.c_str() : "ASI", style::kSideA}};
    if (two) v.push_back({&s->world(1), StepMetric::Asi, nameB.c_str(), style::kSideB, 1.0, true});
    lineChart({.title = "adverse selection index: mean theta of open pooled positions minus the population's",
               .unit = "sd of theta", .height = 150.f, .zeroBased = true},
              v);
  };
  // Two quantities a side: each keeps its choice's colour, side B dashed.
  auto choices = [&] {
    const std::string poolA = sideQuantity(*s, 0, "pool"), siloA = sideQuantity(*s, 0, "silo");
    const std::string poolB = two ? sideQuantity(*s, 1, "pool") : "", siloB = two ? sideQuantity(*s, 1, "silo") : "";
    std::vector<SeriesRef> part = {{&s->world(0), StepMetric::Participation, poolA.c_str(), style::kPool, 100.0},
                                   {&s->world(0), StepMetric::SiloShare, siloA.c_str(), style::kSilo, 100.0}};
    if (two) {
      part.push_back({&s->world(1), StepMetric::Participation, poolB.c_str(), style::kPool, 100.0, true});
      part.push_back({&s->world(1), StepMetric::SiloShare, siloB.c_str(), style::kSilo, 100.0, true});
    }
    lineChart({.title = "latest choice of writers", .unit = "% of writers", .height = 140.f, .yMin = 0, .yMax = 100},
              part);
  };
  // An open lesson step's charts first (lessons.h: LessonChart): comparing at
  // 1.5x text, the two strips and the decile chart fill a projector's 1280x720.
  for (LessonChart c : lessonChartOrder(LessonView::Adverse, app.lessonChartsFirst())) {
    const ImVec2 from = ImGui::GetCursorScreenPos();
    switch (c) {
      case LessonChart::Writers: writers(); break;
      case LessonChart::Deciles: deciles(); break;
      case LessonChart::Asi: asi(); break;
      case LessonChart::Choices: choices(); break;
      default: break;  // the Pool view's
    }
    // Where the chart went, for the tests that a lesson step's charts show without scrolling.
    const float to = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y;
    if (to > from.y) recordDrawnRect(lessonChartName(c), from, ImVec2(from.x + ImGui::GetContentRegionAvail().x, to));
  }
  ImGui::EndChild();
}

}  // namespace mutualab::web
