// The pools (scenarios with `pools`): each pool as a box with its LP capital,
// insurance fund and unpaid claims, the shared backstop above them, and the
// money that moved between them as arrows whose width grows with the amount:
// each pool's fee share into the backstop, and the backstop's payments toward
// each pool's claims (dashed while on a bridge, with what a bridge lost),
// each with its amount beside it, clear of every other label, box and arrow.
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

// An axis-aligned rectangle on screen.
struct Rect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool overlaps(const Rect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  Rect grown(float dx, float dy) const { return {x0 - dx, y0 - dy, x1 + dx, y1 + dy}; }
};

// Money moving between the backstop and a pool: a line from `from` to its head at `to`.
struct Arrow {
  ImVec2 from, to;
  float width = 0;
  ImU32 colour = 0;
  bool dashed = false;  // money still on a bridge
  std::string name;     // "fee.K" or "paid.K", for the tests of where labels sit
};

float headLength(const Arrow& a) { return std::max(8.f * uiScale(), a.width * 1.7f); }

// Where the head's base is, and the unit direction of the arrow (0 for one too short to draw).
ImVec2 direction(const Arrow& a) {
  const float dx = a.to.x - a.from.x, dy = a.to.y - a.from.y, len = std::sqrt(dx * dx + dy * dy);
  return len < 1 ? ImVec2(0, 0) : ImVec2(dx / len, dy / len);
}
ImVec2 headBase(const Arrow& a) {
  const ImVec2 d = direction(a);
  return ImVec2(a.to.x - d.x * headLength(a), a.to.y - d.y * headLength(a));
}

// The box around the head, a triangle 1.2 head lengths wide at its base.
Rect headRect(const Arrow& a) {
  const ImVec2 d = direction(a), base = headBase(a);
  const float w = headLength(a) * 0.6f;
  const ImVec2 c1(base.x - d.y * w, base.y + d.x * w), c2(base.x + d.y * w, base.y - d.x * w);
  return {std::min({a.to.x, c1.x, c2.x}), std::min({a.to.y, c1.y, c2.y}), std::max({a.to.x, c1.x, c2.x}),
          std::max({a.to.y, c1.y, c2.y})};
}

void drawArrow(ImDrawList* dl, const Arrow& a) {
  const ImVec2 d = direction(a);
  if (d.x == 0 && d.y == 0) return;
  const ImVec2 base = headBase(a);
  if (a.dashed) {
    const float dash = 7.f * uiScale(), len = std::hypot(base.x - a.from.x, base.y - a.from.y);
    for (float s = 0; s < len; s += 2 * dash) {
      const float e = std::min(s + dash, len);
      dl->AddLine(ImVec2(a.from.x + d.x * s, a.from.y + d.y * s), ImVec2(a.from.x + d.x * e, a.from.y + d.y * e), a.colour,
                  a.width);
    }
  } else {
    dl->AddLine(a.from, base, a.colour, a.width);
  }
  const float w = headLength(a) * 0.6f;
  dl->AddTriangleFilled(a.to, ImVec2(base.x - d.y * w, base.y + d.x * w), ImVec2(base.x + d.y * w, base.y - d.x * w),
                        a.colour);
}

// Whether the segment a-b crosses rectangle q (Liang-Barsky clipping): a
// shaft `r` thick is tested against q grown by r, a little wide at corners.
bool crosses(ImVec2 a, ImVec2 b, const Rect& q) {
  float t0 = 0, t1 = 1;
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float p[4] = {-dx, dx, -dy, dy}, d[4] = {a.x - q.x0, q.x1 - a.x, a.y - q.y0, q.y1 - a.y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (d[i] < 0) return false;
      continue;
    }
    const float t = d[i] / p[i];
    if (p[i] < 0) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

// Arrow width: 1.5 px for nothing, up to 14 px for the run's largest flow.
float widthOf(double amount, double largest) {
  if (amount <= 0 || largest <= 0) return 0.f;
  return (1.5f + 12.5f * static_cast<float>(std::sqrt(amount / largest))) * uiScale();
}

// A flow's label: a block of lines (the backstop's payments may add what is
// on a bridge and what a bridge lost) beside its arrow.
struct FlowLabel {
  std::vector<std::pair<ImU32, std::string>> lines;
  std::string name;  // "label.K.fee" or "label.K.paid"
  Rect at;
  bool towardRight = false;  // the arrow is to its right: the lines are right-aligned, close to it
};

// Everything the diagram draws, placed: computed before drawing, so that the
// room between the backstop and the pools can grow until every label fits.
struct DiagramLayout {
  float height = 0;  // the frame's, in pixels
  Rect backstop;
  std::vector<Rect> boxes;  // the pools'
  std::vector<Arrow> arrows;
  std::vector<FlowLabel> labels;
  bool clear = true;  // every label found a place clear of the others, every box, head and shaft
};

// The title and the legend, wrapping at the frame's edge (large text on a
// narrow view); returns the y where they end. With no draw list it only measures.
float titleAndLegend(ImDrawList* dl, ImVec2 p0, float W) {
  const float u = uiScale(), fs = ImGui::GetFontSize(), pad = 8 * u;
  const char* title = "Pools and the shared backstop (amounts in currency)";
  if (dl) dl->AddText(ImGui::GetFont(), fs, ImVec2(p0.x + pad, p0.y + 4), kText, title, nullptr, W - 2 * pad);
  const float titleH = ImGui::CalcTextSize(title, nullptr, false, W - 2 * pad).y;
  float legendBottom = p0.y + 4 + titleH + fs + 2;
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
    if (dl) {
      dl->AddRectFilled(ImVec2(x, y + 4 * u), ImVec2(x + 10 * u, y + 10 * u), it.c);
      text(dl, ImVec2(x + 13 * u, y), kDim, it.s);
    }
    x += w;
  }
  return legendBottom;
}

std::string backstopBalanceText(const PoolsPicture& pic) {
  return "balance " + money(pic.backstopBalance) + "  (start " + money(pic.backstopInitial) + ")";
}

// Each line split at its first space ("fees" over "+1.89 k"): a label half
// as wide, for the narrow room between steep arrows at large text.
std::vector<std::pair<ImU32, std::string>> wrapped(const std::vector<std::pair<ImU32, std::string>>& lines) {
  std::vector<std::pair<ImU32, std::string>> out;
  for (const auto& [colour, s] : lines) {
    const size_t space = s.find(' ');
    if (space == std::string::npos) {
      out.push_back({colour, s});
    } else {
      out.push_back({colour, s.substr(0, space)});
      out.push_back({colour, s.substr(space + 1)});
    }
  }
  return out;
}

// What a pool box holds, placed: its text, each piece whole inside the box
// and clear of the others, and its three bars on one scale for every pool.
struct BoxText {
  ImU32 colour = 0;
  std::string s;
  Rect at;
};
struct BoxBar {
  ImU32 colour = 0;
  Rect track, filled;  // track: the bar's whole length (drawn only for bars across the box)
};
struct BoxContents {
  std::vector<BoxText> texts;
  std::vector<BoxBar> bars;
  float height = 0;  // the least height that holds it all
};

// A part of a box's text ("NAV 1.013", "31.6 % of writers") as its words,
// each never broken ("31.6 %" is one: a number keeps its unit).
using Words = std::vector<std::string>;

float textWidth(const std::string& s) { return ImGui::CalcTextSize(s.c_str()).x; }

std::string joined(const Words& w) {
  std::string s;
  for (const std::string& x : w) s += (s.empty() ? "" : " ") + x;
  return s;
}

// The parts, joined by `sep`, on as few lines `width` wide as keep each part
// whole: each on the first line with room for it ("NAV 1.013, 10 LPs" over
// "31.6 % of writers"), a part wider than a line broken between its words.
std::vector<std::string> fitLines(const std::vector<Words>& parts, const std::string& sep, float width) {
  std::vector<std::string> lines;
  for (const Words& part : parts) {
    const std::string whole = joined(part);
    auto room = std::find_if(lines.begin(), lines.end(), [&](const std::string& l) { return textWidth(l + sep + whole) <= width; });
    if (room != lines.end()) {
      *room += sep + whole;
    } else if (textWidth(whole) <= width) {
      lines.push_back(whole);
    } else {
      std::string line;
      for (const std::string& w : part) {
        if (!line.empty() && textWidth(line + " " + w) > width) {
          lines.push_back(line);
          line.clear();
        }
        line = line.empty() ? w : line + " " + w;
      }
      lines.push_back(line);
    }
  }
  return lines;
}

// The pool's name (and chain), its state and the line under the bars, as words.
std::vector<Words> boxTitle(const PoolFlows& f) {
  std::vector<Words> t = {{"pool", f.name}};
  if (!f.chain.empty()) t.push_back({"(" + f.chain + ")"});
  return t;
}
std::vector<Words> boxFooter(const PoolFlows& f) {
  return {std::isfinite(f.nav) ? Words{"NAV", navPerShare(f.nav)} : Words{"no", "shares"},
          std::isfinite(f.participation) ? Words{percentOfShare(f.participation), "of", "writers"}
                                         : Words{"no", "writers", "yet"},
          {std::to_string(f.lps) + " LPs"}};
}

constexpr const char* kBarName[3] = {"LP", "fund", "unpaid"};
constexpr ImU32 kBarColor[3] = {kLpColor, kFundColor, kUnpaidColor};
double barValue(const PoolFlows& f, int i) { return i == 0 ? f.lpCapital : i == 1 ? f.insuranceFund : f.unpaid; }

// The widest piece of a box's text that is never broken: a box narrower than
// it (with its margins) cannot hold the pool's numbers, whatever the layout.
float widestWord(const PoolFlows& f) {
  float w = f.defaulted ? textWidth("defaulted") : 0.f;
  for (const auto& parts : {boxTitle(f), boxFooter(f)})
    for (const Words& part : parts)
      for (const std::string& x : part) w = std::max(w, textWidth(x));
  for (int i = 0; i < 3; ++i) w = std::max({w, textWidth(kBarName[i]), textWidth(money(barValue(f, i)))});
  return w;
}
float boxMargin() { return 6 * uiScale(); }

// Pool k's box at r (its height only a floor: `height` says what it needs).
// Three bars on one scale for every pool (LP capital, insurance fund,
// unpaid), upright side by side with each value over its bar and its name
// under it where a third of the box holds them; else, in a narrow box (large
// text, many pools), across the box one under another, each under its name
// and value. The NAV, participation and LPs under them, wrapped to the box.
BoxContents layoutPoolBox(const PoolFlows& f, int k, const Rect& r, double largest) {
  const float u = uiScale(), fs = ImGui::GetFontSize(), m = boxMargin();
  const float x0 = r.x0 + m, x1 = r.x1 - m, cx = (r.x0 + r.x1) * 0.5f, inner = x1 - x0;
  BoxContents c;
  auto centredLine = [&](float y, ImU32 colour, const std::string& s) {
    const float w = textWidth(s);
    c.texts.push_back({colour, s, {cx - w * 0.5f, y, cx + w * 0.5f, y + fs}});
  };
  float y = r.y0 + 3 * u;
  for (const std::string& s : fitLines(boxTitle(f), " ", inner)) {
    centredLine(y, poolColor(k), s);
    y += fs;
  }
  if (f.defaulted) {
    centredLine(y, kUnpaidColor, "defaulted");
    y += fs;
  }
  const std::vector<std::string> footer = fitLines(boxFooter(f), ", ", inner);
  const float footerH = fs * static_cast<float>(footer.size()) + 4 * u;
  std::string values[3];
  float widest = 0;
  for (int i = 0; i < 3; ++i) {
    values[i] = money(barValue(f, i));
    widest = std::max({widest, textWidth(values[i]), textWidth(kBarName[i])});
  }
  auto share = [&](int i) { return static_cast<float>(std::clamp(barValue(f, i) / largest, 0.0, 1.0)); };
  const float cell = inner / 3.f;
  if (widest + 4 * u <= cell) {
    // Upright: a value over each bar, its name under it; the bars take the height left.
    const float barTop = y + fs + 2 * u, minBar = 2 * fs;
    c.height = barTop - r.y0 + minBar + fs + 2 * u + footerH;
    const float barBottom = std::max(barTop + minBar, r.y1 - footerH - fs - 2 * u);
    for (int i = 0; i < 3; ++i) {
      const float bx0 = x0 + cell * static_cast<float>(i) + cell * 0.18f, bx1 = bx0 + cell * 0.64f, bc = (bx0 + bx1) * 0.5f;
      const float h = (barBottom - barTop) * share(i);
      c.bars.push_back({kBarColor[i], {}, {bx0, barBottom - h, bx1, barBottom}});
      const float vw = textWidth(values[i]), nw = textWidth(kBarName[i]);
      c.texts.push_back({kText, values[i], {bc - vw * 0.5f, barBottom - h - fs - 1, bc + vw * 0.5f, barBottom - h - 1}});
      c.texts.push_back({kDim, kBarName[i], {bc - nw * 0.5f, barBottom + 2, bc + nw * 0.5f, barBottom + 2 + fs}});
    }
  } else {
    // Across: each bar under its name and value (on one line where both fit, else two).
    const float thick = std::max(4 * u, 0.4f * fs);
    y += 2 * u;
    for (int i = 0; i < 3; ++i) {
      const float nw = textWidth(kBarName[i]), vw = textWidth(values[i]);
      c.texts.push_back({kDim, kBarName[i], {x0, y, x0 + nw, y + fs}});
      if (nw + fs + vw > inner) y += fs;  // the value under its name
      c.texts.push_back({kText, values[i], {x1 - vw, y, x1, y + fs}});
      y += fs + u;
      c.bars.push_back({kBarColor[i], {x0, y, x1, y + thick}, {x0, y, x0 + inner * share(i), y + thick}});
      y += thick + 3 * u;
    }
    c.height = y - r.y0 + footerH;
  }
  float fy = std::max(r.y0 + c.height, r.y1) - footerH + 2 * u;
  for (const std::string& s : footer) {
    centredLine(fy, kDim, s);
    fy += fs;
  }
  return c;
}

// The height every pool's box needs at width w: the tallest one's.
float poolBoxHeight(const PoolsPicture& pic, float w, double largest) {
  float h = 0;
  for (int k = 0; k < static_cast<int>(pic.pools.size()); ++k)
    h = std::max(h, layoutPoolBox(pic.pools[static_cast<size_t>(k)], k, {0, 0, w, 0}, largest).height);
  return h;
}

// How much a label may give up to find a place, least first: beside its own
// arrow and clear of other pools' arrows (a label beside another pool's
// arrow reads as that pool's); beside it, only not crossing them; on its own
// pair of arrows, its patch over their shafts (many pools at large text on a
// narrow view leave no room between the arrows).
enum class LabelRoom { Beside, NearOthers, OnOwnArrows };

// Places `label` by the line from B to P, on the side `n` points to (a unit
// normal) clear of its arrow's outer edge `d` from the line, or on the line
// (LabelRoom::OnOwnArrows): the first place along the line, from its middle
// outward, then further out, that overlaps no other label, box or arrow
// head, crosses no arrow (its own pool's too, unless on them), and stays in
// the frame `area`; on one line, else wrapped. False when none is free (it
// is then at the middle, inside the frame).
bool placeLabel(FlowLabel& label, int pool, ImVec2 B, ImVec2 P, ImVec2 n, float d, LabelRoom room, const DiagramLayout& l,
                const Rect& area) {
  const float u = uiScale(), fs = ImGui::GetFontSize();
  const bool onLine = room == LabelRoom::OnOwnArrows;
  label.towardRight = n.x < 0 && !onLine;
  const std::string own = "." + std::to_string(pool);
  auto isFree = [&](const Rect& r) {
    if (r.x0 < area.x0 || r.x1 > area.x1 || r.y0 < area.y0 || r.y1 > area.y1) return false;
    const Rect near = r.grown(2 * u, 2 * u);
    if (near.overlaps(l.backstop)) return false;
    for (const Rect& b : l.boxes)
      if (near.overlaps(b)) return false;
    for (const Arrow& a : l.arrows) {
      const bool mine = a.name.size() > own.size() && a.name.compare(a.name.size() - own.size(), own.size(), own) == 0;
      const float clear = a.width * 0.5f + (mine || room != LabelRoom::Beside ? u : 0.4f * fs);
      if (near.overlaps(headRect(a))) return false;
      if (!(mine && onLine) && crosses(a.from, headBase(a), r.grown(clear, clear))) return false;
    }
    // Half a line apart across: two labels that touch read as one ("fees +408 fees +1.89 k").
    for (const FlowLabel& o : l.labels)
      if (r.grown(0.5f * fs, 0.2f * fs).overlaps(o.at)) return false;
    return true;
  };
  auto box = [&](float t, float extra, float w, float h) {
    // The box's centre this far from the line puts its nearest corner clear of the arrow.
    const float reach = onLine ? 0.f : d + 4 * u + std::fabs(n.x) * w * 0.5f + std::fabs(n.y) * h * 0.5f + extra;
    const ImVec2 c(B.x + (P.x - B.x) * t + n.x * reach, B.y + (P.y - B.y) * t + n.y * reach);
    return Rect{c.x - w * 0.5f, c.y - h * 0.5f, c.x + w * 0.5f, c.y + h * 0.5f};
  };
  static constexpr float kAlong[] = {0.5f, 0.38f, 0.62f, 0.26f, 0.74f, 0.14f, 0.86f};
  const std::vector<std::pair<ImU32, std::string>> oneLine = label.lines;
  for (const auto& lines : {oneLine, wrapped(oneLine)}) {
    float w = 0;
    for (const auto& line : lines) w = std::max(w, ImGui::CalcTextSize(line.second.c_str()).x);
    const float h = fs * static_cast<float>(lines.size());
    for (float extra : {0.f, 0.5f * fs, fs, 2 * fs})
      for (float t : kAlong) {
        if (onLine && extra > 0) break;  // on the line, further out is no other place
        if (const Rect r = box(t, extra, w, h); isFree(r)) {
          label.lines = lines;
          label.at = r;
          return true;
        }
      }
  }
  float w = 0;
  for (const auto& line : oneLine) w = std::max(w, ImGui::CalcTextSize(line.second.c_str()).x);
  const Rect r = box(0.5f, 0, w, fs * static_cast<float>(oneLine.size()));
  const float shift = std::max(0.f, area.x0 - r.x0) - std::max(0.f, r.x1 - area.x1);
  label.at = {r.x0 + shift, r.y0, r.x1 + shift, r.y1};
  return false;
}

// The diagram laid out in a frame W wide at p0, its title and legend ending at
// legendBottom, with `band` pixels between the backstop and the pools, its
// labels giving up at most `room`.
DiagramLayout layoutDiagram(const PoolsPicture& pic, ImVec2 p0, float W, float legendBottom, float band, LabelRoom room) {
  const float u = uiScale(), fs = ImGui::GetFontSize(), pad = 8 * u;
  const int n = std::max(1, static_cast<int>(pic.pools.size()));
  DiagramLayout l;
  // Backstop box: wide enough for its balance line, within the frame.
  const float bw = std::min(W - 2 * pad, std::max({std::min(300.f * u, W * 0.4f),
                                                   ImGui::CalcTextSize(backstopBalanceText(pic).c_str()).x + 16 * u,
                                                   ImGui::CalcTextSize("none: the pools are isolated").x + 16 * u}));
  const float bh = 3 * fs + 14 * u, bx = p0.x + (W - bw) * 0.5f;
  // Pool boxes as wide as the frame allows, at most 240 units, in one row
  // under the backstop. Where they would be narrower than their widest word
  // (six pools at 2x text on a narrow view), half of them go in a row above
  // the backstop instead, each box twice as wide.
  const float gap = 14 * u;
  auto boxWidth = [&](int m) {
    return std::min(240.f * u, (W - 2 * pad - gap * static_cast<float>(m - 1)) / static_cast<float>(m));
  };
  float widest = 0;
  for (const PoolFlows& f : pic.pools) widest = std::max(widest, widestWord(f));
  const int above = n > 1 && boxWidth(n) < widest + 2 * boxMargin() ? n / 2 : 0, below = n - above;
  const float pw = boxWidth(below);
  // As tall as with the band's least height in a 300-unit frame, or as their
  // contents need (large text): a taller band makes the frame taller instead
  // of the bars shorter.
  const float baseBand = 4 * fs + 10 * u;
  const double largest = std::max(pic.largestBalance(), 1.0);
  const float contentH = poolBoxHeight(pic, pw, largest);
  const float boxH = above > 0 ? contentH
                               : std::max({p0.y + 300.f * u - pad - (legendBottom + 8 * u + bh + baseBand), 8 * fs + 12 * u, contentH});
  const float by = legendBottom + 8 * u + (above > 0 ? boxH + band : 0.f);
  l.backstop = {bx, by, bx + bw, by + bh};
  const float top = by + bh + band, bottom = top + boxH;
  l.height = bottom + pad - p0.y;
  // Pool k's row (0: under the backstop, 1: above it), its place in the row and the row's length.
  auto rowOf = [&](int k) { return k < above ? 1 : 0; };
  auto placeInRow = [&](int k) { return k < above ? k : k - above; };
  auto rowLength = [&](int k) { return k < above ? above : below; };
  for (int k = 0; k < static_cast<int>(pic.pools.size()); ++k) {
    const float m = static_cast<float>(rowLength(k));
    const float x0 = p0.x + (W - (pw * m + gap * (m - 1))) * 0.5f + static_cast<float>(placeInRow(k)) * (pw + gap);
    const float y0 = rowOf(k) == 1 ? legendBottom + 8 * u : top;
    l.boxes.push_back({x0, y0, x0 + pw, y0 + boxH});
  }
  // Flows along the line from the backstop to each pool, side by side so they
  // never cross: the fee share up on one side, payments down on the other.
  struct Line {
    ImVec2 B, P, nrm;
    float dFee, dPaid;
  };
  std::vector<Line> lines;
  const double largestFlow = pic.largestFlow();
  for (int k = 0; k < static_cast<int>(pic.pools.size()); ++k) {
    const PoolFlows& f = pic.pools[static_cast<size_t>(k)];
    const float spread = (static_cast<float>(placeInRow(k)) + 0.5f) / static_cast<float>(rowLength(k)) - 0.5f;  // -0.5..0.5
    const float wFee = widthOf(f.toBackstop, largestFlow), wPaid = widthOf(f.fromBackstop, largestFlow);
    const Rect& box = l.boxes[static_cast<size_t>(k)];
    const float cx = (box.x0 + box.x1) * 0.5f, clearance = 6 * u + 0.5f * std::max(wFee, wPaid);
    // The pool's end stops short of its box by half the widest arrow: a thick
    // sloping arrow's corner would otherwise cover the pool's title.
    const ImVec2 B(bx + bw * 0.5f + spread * bw * 0.7f, rowOf(k) == 1 ? by - 3 * u : by + bh + 3 * u),
        P(cx, rowOf(k) == 1 ? box.y1 + clearance : box.y0 - clearance);
    const float dx = P.x - B.x, dy = P.y - B.y, len = std::max(1.f, std::sqrt(dx * dx + dy * dy));
    const Line line{B, P, ImVec2(-dy / len, dx / len), 3 * u + wFee * 0.5f, 3 * u + wPaid * 0.5f};  // nrm: left going down
    lines.push_back(line);
    auto shifted = [](ImVec2 p, ImVec2 dir, float d) { return ImVec2(p.x + dir.x * d, p.y + dir.y * d); };
    const std::string id = std::to_string(k);
    if (f.toBackstop > 0)
      l.arrows.push_back({shifted(P, line.nrm, line.dFee), shifted(B, line.nrm, line.dFee), wFee, kFeeColor, false, "fee." + id});
    if (f.fromBackstop > 0) {
      const bool bridged = !f.chain.empty() && f.chain != pic.backstopChain;
      l.arrows.push_back({shifted(B, line.nrm, -line.dPaid), shifted(P, line.nrm, -line.dPaid), wPaid, kPaidColor,
                          bridged && f.inTransit > 0, "paid." + id});
    }
  }
  // Labels after every arrow and box is placed, so each keeps clear of all of them.
  const Rect area{p0.x + pad, legendBottom + 2 * u, p0.x + W - pad, bottom};
  for (int k = 0; k < static_cast<int>(pic.pools.size()); ++k) {
    const PoolFlows& f = pic.pools[static_cast<size_t>(k)];
    const Line& line = lines[static_cast<size_t>(k)];
    const std::string id = std::to_string(k);
    const float wFee = widthOf(f.toBackstop, largestFlow), wPaid = widthOf(f.fromBackstop, largestFlow);
    if (f.toBackstop > 0) {
      FlowLabel label;
      label.name = "label." + id + ".fee";
      label.lines.push_back({kFeeColor, "fees +" + money(f.toBackstop)});
      l.clear &= placeLabel(label, k, line.B, line.P, line.nrm, line.dFee + wFee * 0.5f, room, l, area);
      l.labels.push_back(std::move(label));
    }
    // What is on a bridge and what a bridge lost are labels of their own
    // beside the same arrow: one block of three lines finds no room between
    // steep arrows where three small labels do.
    const std::pair<const char*, std::pair<ImU32, std::string>> paid[] = {
        {"paid", {kPaidColor, "paid " + money(f.fromBackstop)}},
        {"bridge", {style::kLayer[3], f.inTransit > 0 ? "on bridge " + money(f.inTransit) : ""}},
        {"lost", {kUnpaidColor, f.lostInTransit > 0 ? "lost " + money(f.lostInTransit) : ""}}};
    for (const auto& [what, line0] : paid) {
      if (f.fromBackstop <= 0 || line0.second.empty()) continue;
      FlowLabel label;
      label.name = "label." + id + "." + what;
      label.lines.push_back(line0);
      const ImVec2 away(-line.nrm.x, -line.nrm.y);
      l.clear &= placeLabel(label, k, line.B, line.P, away, line.dPaid + wPaid * 0.5f, room, l, area);
      l.labels.push_back(std::move(label));
    }
  }
  return l;
}

// The layout whose labels all fit beside their arrows with the least room
// between the backstop and the pools (more pools, larger text or a narrower
// view need more); failing that, the least a label gives up (LabelRoom).
DiagramLayout fittedLayout(const PoolsPicture& pic, ImVec2 p0, float W, float legendBottom) {
  const float fs = ImGui::GetFontSize(), baseBand = 4 * fs + 10 * uiScale();
  DiagramLayout l;
  // The last resort may take a tall band: six pools at 2x text on a narrow
  // view need one, and a taller frame scrolls where overprinted labels do not read.
  for (LabelRoom room : {LabelRoom::Beside, LabelRoom::NearOthers, LabelRoom::OnOwnArrows})
    for (int grow = 0; grow <= (room == LabelRoom::OnOwnArrows ? 40 : 16); ++grow) {
      l = layoutDiagram(pic, p0, W, legendBottom, baseBand + 0.5f * fs * static_cast<float>(grow), room);
      if (l.clear) return l;
    }
  return l;
}

void drawBackstop(ImDrawList* dl, const PoolsPicture& pic, const Rect& r) {
  const float u = uiScale(), fs = ImGui::GetFontSize(), cx = (r.x0 + r.x1) * 0.5f;
  dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), IM_COL32(44, 40, 36, 255), 4.f);
  dl->AddRect(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), kPaidColor, 4.f, 0, 1.5f * u);
  centered(dl, cx, r.y0 + 4 * u, kText, std::string("shared backstop") + (pic.backstopChain.empty() ? "" : " on " + pic.backstopChain));
  const bool none = pic.backstopInitial == 0 && pic.backstopBalance == 0 && pic.largestFlow() == 0;
  centered(dl, cx, r.y0 + 4 * u + fs, none ? kDim : kPaidColor, none ? std::string("none: the pools are isolated") : backstopBalanceText(pic));
  // The balance against its largest of start and now.
  const double top = std::max({pic.backstopBalance, pic.backstopInitial, 1.0});
  const float x0 = r.x0 + 10 * u, x1 = r.x1 - 10 * u, y = r.y0 + 8 * u + 2 * fs;
  dl->AddRectFilled(ImVec2(x0, y), ImVec2(x1, y + 6 * u), IM_COL32(70, 70, 70, 255), 2.f);
  dl->AddRectFilled(ImVec2(x0, y), ImVec2(x0 + (x1 - x0) * static_cast<float>(std::max(0.0, pic.backstopBalance) / top), y + 6 * u),
                    kPaidColor, 2.f);
}

// Pool k's box at r, its frame red once a claim on it reached the backstop or went unpaid.
void drawPoolBox(ImDrawList* dl, const PoolFlows& f, int k, const Rect& r, double largest) {
  const float u = uiScale();
  dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), IM_COL32(34, 38, 46, 255), 4.f);
  dl->AddRect(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), f.defaulted ? kUnpaidColor : poolColor(k), 4.f, 0, (f.defaulted ? 2.5f : 1.5f) * u);
  const BoxContents c = layoutPoolBox(f, k, r, largest);
  const std::string id = "pools:box." + std::to_string(k);
  for (size_t i = 0; i < c.bars.size(); ++i) {
    const BoxBar& b = c.bars[i];
    if (b.track.x1 > b.track.x0) dl->AddRectFilled(ImVec2(b.track.x0, b.track.y0), ImVec2(b.track.x1, b.track.y1), IM_COL32(60, 64, 72, 255));
    dl->AddRectFilled(ImVec2(b.filled.x0, b.filled.y0), ImVec2(b.filled.x1, b.filled.y1), b.colour);
    const Rect& whole = b.track.x1 > b.track.x0 ? b.track : b.filled;
    recordDrawnRect(id + ".bar." + std::to_string(i), ImVec2(whole.x0, whole.y0), ImVec2(whole.x1, whole.y1));
  }
  for (size_t i = 0; i < c.texts.size(); ++i) {
    const BoxText& t = c.texts[i];
    text(dl, ImVec2(t.at.x0, t.at.y0), t.colour, t.s);
    recordDrawnRect(id + ".text." + std::to_string(i), ImVec2(t.at.x0, t.at.y0), ImVec2(t.at.x1, t.at.y1));
  }
}

// A label on a patch of the frame's colour, its lines aligned toward its arrow.
void drawLabel(ImDrawList* dl, const FlowLabel& l) {
  const float u = uiScale(), fs = ImGui::GetFontSize();
  dl->AddRectFilled(ImVec2(l.at.x0 - 2 * u, l.at.y0), ImVec2(l.at.x1 + 2 * u, l.at.y1), IM_COL32(24, 26, 32, 235), 2.f * u);
  float y = l.at.y0;
  for (const auto& [colour, s] : l.lines) {
    const float w = ImGui::CalcTextSize(s.c_str()).x;
    text(dl, ImVec2(l.towardRight ? l.at.x1 - w : l.at.x0, y), colour, s);
    y += fs;
  }
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

}  // namespace

// The diagram: the backstop on top, the pools below, the flows between, each
// with its label. Every part is recorded where it was drawn (recordDrawnRect:
// "pools:backstop", "pools:box.K", "pools:head.fee.K", "pools:label.K.fee", ...).
void drawPoolsDiagram(const PoolsPicture& pic) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float W = std::max(ImGui::GetContentRegionAvail().x, 120.f);
  const float legendBottom = titleAndLegend(nullptr, p0, W);
  const DiagramLayout l = fittedLayout(pic, p0, W, legendBottom);
  const ChartFrame frame = chartFrame("pools-diagram", l.height / uiScale());
  ImDrawList* dl = frame.dl;
  titleAndLegend(dl, p0, W);
  drawBackstop(dl, pic, l.backstop);
  recordDrawnRect("pools:backstop", ImVec2(l.backstop.x0, l.backstop.y0), ImVec2(l.backstop.x1, l.backstop.y1));
  const double largest = std::max(pic.largestBalance(), 1.0);  // layoutDiagram's
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  int hoveredPool = -1;
  for (size_t k = 0; k < l.boxes.size(); ++k) {
    const Rect& r = l.boxes[k];
    drawPoolBox(dl, pic.pools[k], static_cast<int>(k), r, largest);
    recordDrawnRect("pools:box." + std::to_string(k), ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1));
    if (frame.hovered && mouse.x >= r.x0 && mouse.x <= r.x1 && mouse.y >= r.y0 && mouse.y <= r.y1) hoveredPool = static_cast<int>(k);
  }
  for (const Arrow& a : l.arrows) {
    drawArrow(dl, a);
    const Rect h = headRect(a);
    recordDrawnRect("pools:head." + a.name, ImVec2(h.x0, h.y0), ImVec2(h.x1, h.y1));
  }
  // Labels last, each on a patch of the frame's colour, over every arrow.
  for (const FlowLabel& label : l.labels) {
    drawLabel(dl, label);
    recordDrawnRect("pools:" + label.name, ImVec2(label.at.x0, label.at.y0), ImVec2(label.at.x1, label.at.y1));
  }
  if (hoveredPool >= 0) poolTooltip(pic.pools[static_cast<size_t>(hoveredPool)]);
}

namespace {

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
  drawPoolsDiagram(pic);
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
