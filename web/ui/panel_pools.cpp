// The pools (scenarios with `pools`): each pool as a box with its LP capital,
// insurance fund and unpaid claims, the shared backstop above them, and the
// money that moved between them as arrows whose width grows with the amount:
// each pool's fee share into the backstop, and the backstop's payments toward
// each pool's claims (dashed while on a bridge, with what a bridge lost).
// Below: who paid whose claims (the contagion matrix), and each pool's
// participation and LP capital over time. When comparing, the diagram and the
// table show the side chosen above them (View::poolsSide); the charts both sides, B dashed.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "web/number_format.h"
#include "web/pools_view.h"
#include "web/ui/app.h"
#include "web/ui/chart.h"
#include "web/side_names.h"
#include "web/ui/style.h"

namespace mutualab::web {

namespace {

// One colour per pool (its lines below and its name on its box), from the
// palette (web/ui/style.h); the first two are none of the bars' or flows'
// colours, the third the collateral layer's, which this view does not draw.
constexpr ImU32 kPoolColor[6] = {style::okabe_ito::kWhite,  style::okabe_ito::kReddishPurple, style::okabe_ito::kSkyBlue,
                                 style::okabe_ito::kYellow, style::okabe_ito::kBluishGreen,   style::okabe_ito::kOrange};
ImU32 poolColor(int k) { return kPoolColor[k % 6]; }

constexpr ImU32 kLpColor = style::kLayer[3];      // LP capital, as in the waterfall
constexpr ImU32 kFundColor = style::kLayer[2];    // insurance fund
constexpr ImU32 kUnpaidColor = style::kLayer[5];  // unpaid claims
constexpr ImU32 kPaidColor = style::kLayer[4];    // backstop payments
constexpr ImU32 kFeeColor = style::okabe_ito::kBlue;  // fee shares into the backstop
constexpr ImU32 kText = IM_COL32(230, 230, 230, 255);
constexpr ImU32 kDim = IM_COL32(160, 160, 160, 255);

void text(ImDrawList* dl, ImVec2 at, ImU32 c, const std::string& s) { dl->AddText(at, c, s.c_str()); }
void centered(ImDrawList* dl, float cx, float y, ImU32 c, const std::string& s) {
  dl->AddText(ImVec2(cx - ImGui::CalcTextSize(s.c_str()).x * 0.5f, y), c, s.c_str());
}

// A line from a to b with an arrowhead at b; dashed = money still on a bridge.
void arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color, float thickness, bool dashed) {
  const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
  if (len < 1) return;
  const float ux = dx / len, uy = dy / len, head = std::max(8.f * uiScale(), thickness * 1.7f);
  const ImVec2 base(b.x - ux * head, b.y - uy * head);
  if (dashed) {
    const float dash = 7.f * uiScale();
    for (float s = 0; s < len - head; s += 2 * dash) {
      const float e = std::min(s + dash, len - head);
      dl->AddLine(ImVec2(a.x + ux * s, a.y + uy * s), ImVec2(a.x + ux * e, a.y + uy * e), color, thickness);
    }
  } else {
    dl->AddLine(a, base, color, thickness);
  }
  const float w = head * 0.6f;
  dl->AddTriangleFilled(b, ImVec2(base.x - uy * w, base.y + ux * w), ImVec2(base.x + uy * w, base.y - ux * w), color);
}

// Arrow width: 1.5 px for nothing, up to 14 px for the run's largest flow.
float widthOf(double amount, double largest) {
  if (amount <= 0 || largest <= 0) return 0.f;
  return (1.5f + 12.5f * static_cast<float>(std::sqrt(amount / largest))) * uiScale();
}

void poolTooltip(const PoolFlows& f) {
  ImGui::BeginTooltip();
  ImGui::Text("pool %s%s%s", f.name.c_str(), f.chain.empty() ? "" : " on ", f.chain.c_str());
  ImGui::Text("LP capital: %s", money(f.lpCapital).c_str());
  ImGui::Text("insurance fund: %s", money(f.insuranceFund).c_str());
  ImGui::Text("unpaid claims (cumulative): %s", money(f.unpaid).c_str());
  ImGui::Text("fee share paid into the backstop: %s", money(f.toBackstop).c_str());
  ImGui::Text("backstop payments toward its claims: %s", money(f.fromBackstop).c_str());
  if (f.inTransit > 0 || f.paidLate > 0 || f.lostInTransit > 0)
    ImGui::Text("on a bridge now %s, arrived late %s, lost %s", money(f.inTransit).c_str(), money(f.paidLate).c_str(),
                money(f.lostInTransit).c_str());
  if (std::isfinite(f.nav)) ImGui::Text("NAV per share: %s, %d LPs", navPerShare(f.nav).c_str(), f.lps);
  if (std::isfinite(f.participation)) ImGui::Text("participation: %s of writers", percentOfShare(f.participation).c_str());
  ImGui::TextDisabled("amounts in %s; cumulative since step 0 where marked", kCurrencyUnit);
  ImGui::EndTooltip();
}

// The diagram: the backstop on top, the pools below, the flows between.
void flowDiagram(const PoolsPicture& pic) {
  const float u = uiScale(), fs = ImGui::GetFontSize();
  const int n = static_cast<int>(pic.pools.size());
  // Not a structured binding: clang 14 (emcc) cannot capture those in lambdas.
  const ChartFrame frame = chartFrame("pools-diagram", 300.f);
  ImDrawList* dl = frame.dl;
  const ImVec2 p0 = frame.p0, size = frame.size;
  const bool hovered = frame.hovered;
  const float W = size.x, H = size.y, pad = 8 * u;
  // The title wraps at the frame's edge (large text on a narrow view); the legend follows it, wrapping too.
  const char* title = "Pools and the shared backstop (amounts in currency)";
  dl->AddText(ImGui::GetFont(), fs, ImVec2(p0.x + pad, p0.y + 4), kText, title, nullptr, W - 2 * pad);
  const float titleH = ImGui::CalcTextSize(title, nullptr, false, W - 2 * pad).y;
  float legendBottom = p0.y + 4 + titleH + fs + 2;
  {
    const struct {
      ImU32 c;
      const char* s;
    } items[] = {{kFeeColor, "fee share in"}, {kPaidColor, "backstop paid out"}, {kLpColor, "LP capital"},
                 {kFundColor, "insurance fund"}, {kUnpaidColor, "unpaid claims"}};
    float x = p0.x + pad, y = p0.y + 4 + titleH + 2;
    for (const auto& it : items) {
      const float w = ImGui::CalcTextSize(it.s).x + 16 * u;
      if (x + w > p0.x + W - pad && x > p0.x + pad) {
        x = p0.x + pad;
        y += fs + 2;
        legendBottom = y + fs;
      }
      dl->AddRectFilled(ImVec2(x, y + 4 * u), ImVec2(x + 10 * u, y + 10 * u), it.c);
      text(dl, ImVec2(x + 13 * u, y), kDim, it.s);
      x += ImGui::CalcTextSize(it.s).x + 16 * u;
    }
  }

  // Backstop box: wide enough for its balance line, within the frame.
  const std::string balance = "balance " + money(pic.backstopBalance) + "  (start " + money(pic.backstopInitial) + ")";
  const float bw = std::min(W - 2 * pad, std::max({std::min(300.f * u, W * 0.4f), ImGui::CalcTextSize(balance.c_str()).x + 16 * u,
                                                   ImGui::CalcTextSize("none: the pools are isolated").x + 16 * u}));
  const float bh = 3 * fs + 14 * u;
  const float bx = p0.x + (W - bw) * 0.5f, by = legendBottom + 8 * u;
  dl->AddRectFilled(ImVec2(bx, by), ImVec2(bx + bw, by + bh), IM_COL32(44, 40, 36, 255), 4.f);
  dl->AddRect(ImVec2(bx, by), ImVec2(bx + bw, by + bh), kPaidColor, 4.f, 0, 1.5f * u);
  centered(dl, bx + bw * 0.5f, by + 4 * u, kText,
           std::string("shared backstop") + (pic.backstopChain.empty() ? "" : " on " + pic.backstopChain));
  const bool none = pic.backstopInitial == 0 && pic.backstopBalance == 0 && pic.largestFlow() == 0;
  centered(dl, bx + bw * 0.5f, by + 4 * u + fs, none ? kDim : kPaidColor,
           none ? std::string("none: the pools are isolated") : balance);
  {  // the balance against its largest of start and now
    const double top = std::max({pic.backstopBalance, pic.backstopInitial, 1.0});
    const float x0 = bx + 10 * u, x1 = bx + bw - 10 * u, y = by + 8 * u + 2 * fs;
    dl->AddRectFilled(ImVec2(x0, y), ImVec2(x1, y + 6 * u), IM_COL32(70, 70, 70, 255), 2.f);
    dl->AddRectFilled(ImVec2(x0, y), ImVec2(x0 + (x1 - x0) * static_cast<float>(std::max(0.0, pic.backstopBalance) / top), y + 6 * u),
                      kPaidColor, 2.f);
  }

  // Pool boxes along the bottom.
  const float gap = 14 * u, top = by + bh + 4 * fs + 10 * u;
  const float pw = std::min(240.f * u, (W - 2 * pad - gap * static_cast<float>(n - 1)) / static_cast<float>(std::max(1, n)));
  const float rowW = pw * static_cast<float>(n) + gap * static_cast<float>(n - 1);
  const float left = p0.x + (W - rowW) * 0.5f, bottom = p0.y + H - pad;
  const double largestFlow = pic.largestFlow(), largest = std::max(pic.largestBalance(), 1.0);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  // The flow labels drawn so far (min x, min y, max x, max y): a label that
  // would cover one moves a row further from the backstop, so neighbouring
  // pools' labels never overprint at large text on a narrow view.
  std::vector<ImVec4> labelBoxes;
  // Flow labels are drawn after every arrow, each on a patch of the frame's
  // colour: another pool's arrow would otherwise cross a label drawn before it.
  struct PendingLabel {
    ImVec2 at;
    ImU32 colour;
    std::string text;
  };
  std::vector<PendingLabel> pendingLabels;
  int hoveredPool = -1;
  for (int k = 0; k < n; ++k) {
    const PoolFlows& f = pic.pools[static_cast<size_t>(k)];
    const float x0 = left + static_cast<float>(k) * (pw + gap), x1 = x0 + pw, cx = (x0 + x1) * 0.5f;
    dl->AddRectFilled(ImVec2(x0, top), ImVec2(x1, bottom), IM_COL32(34, 38, 46, 255), 4.f);
    dl->AddRect(ImVec2(x0, top), ImVec2(x1, bottom), f.defaulted ? kUnpaidColor : poolColor(k), 4.f, 0,
                (f.defaulted ? 2.5f : 1.5f) * u);
    std::string title = "pool " + f.name + (f.chain.empty() ? "" : " (" + f.chain + ")");
    centered(dl, cx, top + 3 * u, poolColor(k), title);
    if (f.defaulted) centered(dl, cx, top + 3 * u + fs, kUnpaidColor, "defaulted");
    // Three bars on one scale for every pool: LP capital, insurance fund, unpaid.
    const double v[3] = {f.lpCapital, f.insuranceFund, f.unpaid};
    const ImU32 c[3] = {kLpColor, kFundColor, kUnpaidColor};
    const char* lab[3] = {"LP", "fund", "unpaid"};
    // The line under the bars, on two lines when the box is narrow (large text).
    char nav[32], part[32], line[96];
    if (std::isfinite(f.nav)) std::snprintf(nav, sizeof nav, "NAV %s", navPerShare(f.nav).c_str());
    else std::snprintf(nav, sizeof nav, "no shares");
    if (std::isfinite(f.participation))
      std::snprintf(part, sizeof part, "%s of writers", percentOfShare(f.participation).c_str());
    else std::snprintf(part, sizeof part, "no writers yet");
    std::snprintf(line, sizeof line, "%s, %s, %d LPs", nav, part, f.lps);
    const bool twoLines = ImGui::CalcTextSize(line).x > pw - 6 * u;
    const float barTop = top + 3 * u + 3 * fs, barBottom = bottom - (twoLines ? 3 : 2) * fs - 8 * u;
    const float cell = (pw - 12 * u) / 3.f;
    for (int i = 0; i < 3; ++i) {
      const float bx0 = x0 + 6 * u + cell * static_cast<float>(i) + cell * 0.18f, bx1 = bx0 + cell * 0.64f;
      const float h = (barBottom - barTop) * static_cast<float>(std::max(0.0, v[i]) / largest);
      dl->AddRectFilled(ImVec2(bx0, barBottom - h), ImVec2(bx1, barBottom), c[i]);
      centered(dl, (bx0 + bx1) * 0.5f, barBottom - h - fs - 1, kText, money(v[i]));
      centered(dl, (bx0 + bx1) * 0.5f, barBottom + 2, kDim, lab[i]);
    }
    if (twoLines) {
      std::snprintf(line, sizeof line, "%s, %d LPs", nav, f.lps);
      centered(dl, cx, bottom - 2 * fs - 4 * u, kDim, line);
      centered(dl, cx, bottom - fs - 4 * u, kDim, part);
    } else {
      centered(dl, cx, bottom - fs - 4 * u, kDim, line);
    }
    if (hovered && mouse.x >= x0 && mouse.x <= x1 && mouse.y >= top && mouse.y <= bottom) hoveredPool = k;

    // Flows along the line from the backstop to the pool, side by side so
    // they never cross: the fee share up on one side, payments down on the other.
    const float spread = (static_cast<float>(k) + 0.5f) / static_cast<float>(n) - 0.5f;  // -0.5..0.5
    const float wFee = widthOf(f.toBackstop, largestFlow), wPaid = widthOf(f.fromBackstop, largestFlow);
    // The pool's end stops above its box by half the widest arrow: a thick
    // sloping arrow's corner would otherwise cover the pool's title.
    const ImVec2 B(bx + bw * 0.5f + spread * bw * 0.7f, by + bh + 3 * u), P(cx, top - 6 * u - 0.5f * std::max(wFee, wPaid));
    const float dx = P.x - B.x, dy = P.y - B.y, len = std::max(1.f, std::sqrt(dx * dx + dy * dy));
    const ImVec2 nrm(-dy / len, dx / len);  // to the left of the line as it goes down
    const float dFee = 3 * u + wFee * 0.5f, dPaid = 3 * u + wPaid * 0.5f;
    auto shifted = [](ImVec2 p, ImVec2 dir, float d) { return ImVec2(p.x + dir.x * d, p.y + dir.y * d); };
    const ImVec2 mid((B.x + P.x) * 0.5f, (B.y + P.y) * 0.5f);
    // A label beside its arrow, on the side `sign` points to (+1 left of the
    // line, -1 right), `d` from the line (the arrow's outer edge): line
    // `line` of a block of `lines`, stacked away from the arrow (up where the
    // arrow leans under the label, else down), each row clear of the edge.
    auto label = [&](float sign, float d, int line, int lines, ImU32 c, const std::string& s) {
      const float tw = ImGui::CalcTextSize(s.c_str()).x;
      const bool toLeft = nrm.x * sign < 0 || (std::fabs(nrm.x) < 0.2f && sign > 0);
      const bool up = toLeft ? dx < 0 : dx > 0;
      const float row = static_cast<float>(up ? line - (lines - 1) : line);
      float y0 = mid.y - fs * 0.5f + row * fs;
      const ImVec2 e0 = shifted(B, nrm, sign * d);
      auto edgeX = [&](float y) { return e0.x + dx * std::clamp((y - e0.y) / std::max(dy, 1.f), 0.f, 1.f); };
      auto xAt = [&](float y) {
        const float a = edgeX(y), b = edgeX(y + fs);
        return toLeft ? std::min(a, b) - tw - 4 * u : std::max(a, b) + 4 * u;
      };
      // Clear of each other by half a line's height across: two labels that
      // touch read as one ("fees +408 fees +1.89 k").
      auto covers = [&](float x, float y) {
        const float m = 0.5f * fs;
        for (const ImVec4& r : labelBoxes)
          if (x < r.z + m && x + tw + m > r.x && y < r.w && y + fs > r.y) return true;
        return false;
      };
      // Within the frame: a label beside an outer pool's arrow would run off its edge at large text.
      auto inside = [&](float x) { return std::clamp(x, p0.x + pad, std::max(p0.x + pad, p0.x + W - pad - tw)); };
      for (int tries = 0; tries < 8 && covers(inside(xAt(y0)), y0); ++tries) y0 += fs;
      const float x = inside(xAt(y0));
      labelBoxes.push_back(ImVec4(x, y0, x + tw, y0 + fs));
      pendingLabels.push_back({ImVec2(x, y0), c, s});
    };
    if (f.toBackstop > 0) {
      arrow(dl, shifted(P, nrm, dFee), shifted(B, nrm, dFee), kFeeColor, wFee, false);
      label(1.f, dFee + wFee * 0.5f, 0, 1, kFeeColor, "fees +" + money(f.toBackstop));
    }
    if (f.fromBackstop > 0) {
      const bool bridged = !f.chain.empty() && f.chain != pic.backstopChain;
      arrow(dl, shifted(B, nrm, -dPaid), shifted(P, nrm, -dPaid), kPaidColor, wPaid, bridged && f.inTransit > 0);
      const float d = dPaid + wPaid * 0.5f;
      const int lines = 1 + (f.inTransit > 0) + (f.lostInTransit > 0);
      label(-1.f, d, 0, lines, kPaidColor, "paid " + money(f.fromBackstop));
      if (f.inTransit > 0) label(-1.f, d, 1, lines, style::kLayer[3], "on bridge " + money(f.inTransit));
      if (f.lostInTransit > 0) label(-1.f, d, lines - 1, lines, kUnpaidColor, "lost " + money(f.lostInTransit));
    }
  }
  for (const PendingLabel& l : pendingLabels) {
    const float tw = ImGui::CalcTextSize(l.text.c_str()).x;
    dl->AddRectFilled(ImVec2(l.at.x - 2 * u, l.at.y), ImVec2(l.at.x + tw + 2 * u, l.at.y + fs), IM_COL32(24, 26, 32, 235),
                      2.f * u);
    text(dl, l.at, l.colour, l.text);
  }
  if (hoveredPool >= 0) poolTooltip(pic.pools[static_cast<size_t>(hoveredPool)]);
}

// The width the contagion table needs: its row names, and a money value or a pool's name in each other column.
float contagionTableWidth(const PoolsPicture& pic) {
  const ImGuiStyle& style = ImGui::GetStyle();
  float names = std::max(ImGui::CalcTextSize("initial capital").x, ImGui::CalcTextSize("paid from").x);
  float values = ImGui::CalcTextSize("-999.99 k").x;
  for (const auto& f : pic.pools) {
    names = std::max(names, ImGui::CalcTextSize((f.name + " fees").c_str()).x);
    values = std::max(values, ImGui::CalcTextSize(f.name.c_str()).x);
  }
  const float cells = static_cast<float>(pic.pools.size() + 1);
  return names + values * (cells - 1) + cells * (2 * style.CellPadding.x + 1) + style.ScrollbarSize;
}

// Who paid whose claims, currency: rows are the backstop's contributors.
void contagionTable(const PoolsPicture& pic) {
  const int n = static_cast<int>(pic.pools.size());
  ImGui::PushTextWrapPos(0);  // a half-width column at large text
  ImGui::TextUnformatted("Who paid whose claims (currency, cumulative)");
  ImGui::PopTextWrapPos();
  helpMarker("The shared backstop draws on every contributor's stake pro rata: each pool's fee share and the "
             "initial capital. A non-zero entry off the diagonal of the pool rows is contagion: one pool's fees "
             "paid another pool's buyers.");
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchSame;
  if (!ImGui::BeginTable("contagion", n + 1, flags)) return;
  ImGui::TableSetupColumn("paid from", ImGuiTableColumnFlags_WidthFixed);  // as wide as "initial capital"
  for (const auto& f : pic.pools) ImGui::TableSetupColumn(f.name.c_str());
  ImGui::TableHeadersRow();
  for (int c = 0; c <= n; ++c) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (c < n) ImGui::Text("%s fees", pic.pools[static_cast<size_t>(c)].name.c_str());
    else ImGui::TextUnformatted("initial capital");
    for (int j = 0; j < n; ++j) {
      ImGui::TableNextColumn();
      const double v = pic.contagion[static_cast<size_t>(c)][static_cast<size_t>(j)];
      if (v > 0)
        ImGui::TextColored(c < n && c != j ? style::kWarn : ImVec4(0.9f, 0.9f, 0.9f, 1.f), "%s", money(v).c_str());
      else ImGui::TextDisabled("0");
    }
  }
  ImGui::EndTable();
}

}  // namespace

void drawPoolsView(App& app) {
  const Session* s = app.session();
  if (!s || !hasPools(s->world(0))) {
    ImGui::TextDisabled("This scenario has one pool. Pick a preset with several (tiered-pools, "
                        "isolated-vs-shared-backstop, cross-chain-backstop, capital-migration).");
    return;
  }
  const bool two = s->sideCount() > 1;
  // Comparing: one diagram at a time (two would not fit a projector), the
  // side chosen here; the charts below show both.
  int& side = app.view().poolsSide;
  side = two && side == 1 ? 1 : 0;
  ImGui::BeginChild("poolsv", ImVec2(0, 0), false);
  if (two) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("diagram and table of");
    for (int k = 0; k < 2; ++k) {
      ImGui::SameLine();
      const std::string name = sideLabel(*s, k);
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(k == 0 ? style::kSideA : style::kSideB));
      if (ImGui::RadioButton(name.c_str(), side == k)) side = k;
      ImGui::PopStyleColor();
    }
    sameLineIfFits(ImGui::CalcTextSize("charts: both sides, B dashed").x);
    ImGui::TextDisabled("charts: both sides, B dashed");
  }
  const PoolsPicture pic = poolsPicture(s->world(side));
  flowDiagram(pic);
  const int n = static_cast<int>(pic.pools.size());
  std::vector<SeriesRef> part, cap;
  // Legend text, alive until the charts are drawn: "ETH", or "ETH (A: 3 pools)" and "ETH (B: risk-based)".
  std::vector<std::string> names;
  for (int side = 0; side < s->sideCount(); ++side)
    for (int k = 0; k < n; ++k) names.push_back(sideQuantity(*s, side, pic.pools[static_cast<size_t>(k)].name.c_str()));
  for (int side = 0; side < s->sideCount(); ++side)
    for (int k = 0; k < n && k < s->world(side).poolCount(); ++k) {
      SeriesRef r{&s->world(side), StepMetric::Price, names[static_cast<size_t>(side * n + k)].c_str(), poolColor(k), 100.0,
                  side > 0};
      r.pool = k;
      r.poolMetric = PoolStepMetric::Participation;
      part.push_back(r);
      r.scale = 1.0;
      r.poolMetric = PoolStepMetric::LpCapital;
      cap.push_back(r);
    }
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  const ChartOptions partChart{.title = "participation per pool", .unit = "% of writers", .height = 142.f};
  // As tall as the chart with its legend (on a row of its own when half the width cannot hold it beside the title).
  const float row = std::max(150.f * uiScale(), lineChartHeight(partChart, part, half) + 8.f * uiScale());
  if (half >= contagionTableWidth(pic)) {  // the chart and the table side by side
    ImGui::BeginChild("pools-part", ImVec2(half, row), false, ImGuiWindowFlags_NoScrollbar);
    lineChart(partChart, part);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("pools-contagion", ImVec2(0, row), false);
    contagionTable(pic);
    ImGui::EndChild();
  } else {  // large text: half the row would cut the table's names and numbers
    lineChart(partChart, part);
    contagionTable(pic);
  }
  lineChart({.title = "LP capital per pool", .unit = kCurrencyUnit, .height = 140.f}, cap);
  ImGui::EndChild();
}

}  // namespace mutualab::web
