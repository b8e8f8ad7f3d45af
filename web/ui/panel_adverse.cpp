// The picture of adverse selection: every writer as a dot placed by its
// private type theta and coloured by its latest choice; participation by
// theta decile; the adverse selection index and participation over time.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>

#include <imgui.h>

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

void writerStrip(const World& w, const char* label, ImU32 labelColor) {
  const float u = uiScale();
  ImGui::PushID(label);
  // Each strip in a window of its own, so in a draw list of its own: two
  // strips of 10,000 dots (4 vertices each) would pass the 65,536 vertices
  // one list can index (16-bit indices; WebGL 2 has no vertex offset).
  ImGui::BeginChild("##strip", ImVec2(0, 110.f * u), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  const auto [dl, p0, size, hovered] = chartFrame("##writers", 110.f);
  const float width = size.x, height = size.y;
  const float left = 58.f * u, right = 8.f * u, top = 20.f * u, bottom = 16.f * u;
  const float x0 = p0.x + left, x1 = p0.x + width - right, y0 = p0.y + top, y1 = p0.y + height - bottom;
  int counts[4] = {0, 0, 0, 0};
  const auto theta = w.writerTheta();
  const auto status = w.writerStatus();
  const float r = w.writerCount() > 2000 ? 1.5f : w.writerCount() > 500 ? 2.0f : 3.0f;
  // The menu view: with a screening menu, pooled dots take their contract's colour.
  const bool menu = w.offerCount() > w.poolCount();
  const int colours = static_cast<int>(std::size(style::kContract));
  int byOffer[kMaxOffers] = {};
  for (int i = 0; i < w.writerCount(); ++i) {
    const std::int8_t s = status[static_cast<size_t>(i)];
    ++counts[s >= 0 && s <= 2 ? s : 3];
    const float x = x0 + static_cast<float>(theta[static_cast<size_t>(i)]) * (x1 - x0);
    const float y = y0 + jitter(i) * (y1 - y0);
    const int o = menu ? writerOffer(w, i) : -1;
    if (o >= 0) ++byOffer[o];
    const ImU32 colour = o >= 0 ? style::kContract[o % colours] : statusColor(s);
    dl->AddRectFilled(ImVec2(x - r, y - r), ImVec2(x + r, y + r), colour);
  }
  for (int d = 1; d < 10; ++d) {
    const float x = x0 + static_cast<float>(d) / 10.f * (x1 - x0);
    dl->AddLine(ImVec2(x, y0), ImVec2(x, y1), IM_COL32(255, 255, 255, 18));
  }
  // A legend in the dots' colours: the side, then each choice (each
  // contract of a menu, then silo and abstain) with its count.
  char head[200];
  float x = x0;
  ImDrawList* draw = dl;  // (clang cannot capture structured bindings)
  const float textY = p0.y + 3;
  auto put = [&](ImU32 colour, const char* text) {
    draw->AddText(ImVec2(x, textY), colour, text);
    x += ImGui::CalcTextSize(text).x + 10.f * u;
  };
  std::snprintf(head, sizeof head, "%s%swriters by theta:", label, label[0] ? "  " : "");
  put(labelColor, head);
  if (!menu) {
    std::snprintf(head, sizeof head, "pool %d", counts[1]);
    put(style::kPool, head);
  } else {
    for (int o = 0; o < w.offerCount(); ++o) {
      std::snprintf(head, sizeof head, "%s %d", offerName(w, o).c_str(), byOffer[o]);
      put(style::kContract[o % colours], head);
    }
  }
  std::snprintf(head, sizeof head, "silo %d", counts[0]);
  put(style::kSilo, head);
  std::snprintf(head, sizeof head, "abstain %d", counts[2]);
  put(style::kAbstain, head);
  if (counts[3] > 0) {
    std::snprintf(head, sizeof head, "not yet %d", counts[3]);
    put(IM_COL32(140, 140, 140, 255), head);
  }
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
  writerStrip(s->world(0), two ? nameA.c_str() : "", style::kSideA);
  if (two) writerStrip(s->world(1), nameB.c_str(), style::kSideB);

  // Participation by theta decile, now.
  double dec[2][10];
  for (int side = 0; side < s->sideCount(); ++side)
    for (int d = 0; d < 10; ++d)
      dec[side][d] = s->world(side).metric(s->currentStep(), static_cast<StepMetric>(static_cast<int>(StepMetric::D1) + d));
  // One side: the pool's green. Two: the sides' colours, never a choice's.
  std::vector<BarGroup> groups = {{two ? nameA.c_str() : "pool share", two ? style::kSideA : style::kPool, dec[0]}};
  if (two) groups.push_back({nameB.c_str(), style::kSideB, dec[1]});
  barChart("pool participation by theta decile (share of the decile's writers whose latest choice is pool)",
           "decile", 10, groups, 1.0, 150.f);

  std::vector<SeriesRef> asi = {{&s->world(0), StepMetric::Asi, two ? nameA.c_str() : "ASI", style::kSideA}};
  if (two) asi.push_back({&s->world(1), StepMetric::Asi, nameB.c_str(), style::kSideB, 1.0, true});
  lineChart({.title = "adverse selection index: mean theta of open pooled positions minus the population's",
             .unit = "sd of theta", .height = 150.f, .zeroBased = true},
            asi);
  // Two quantities a side: each keeps its choice's colour, side B dashed.
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
  ImGui::EndChild();
}

}  // namespace mutualab::web
