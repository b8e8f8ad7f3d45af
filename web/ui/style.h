// Colours the playground uses everywhere, from one colour-blind-safe palette
// (Okabe and Ito's eight colours; their black is white here, on a dark
// background), so a colour means the same in every picture:
// - a writer's latest choice: bluish green pools, sky blue silos, grey abstains;
// - the sides of a comparison: A white and solid, B orange and dashed (a
//   chart of one quantity per side draws A white and B orange; a chart of
//   several keeps each quantity's colour and draws side B dashed). Neither
//   side is ever a choice's colour, so "A" never reads as "pooled";
// - governance marks reddish purple (vermillion when refused);
// - the waterfall's layers in the order losses reach them.
// Within one picture no two roles share a colour; across pictures a few
// must (eight colours for some twenty roles), and the legend names each.
#pragma once

#include <imgui.h>

namespace mutualab::web::style {

// Okabe, M. and Ito, K. (2008), Color Universal Design: the palette.
namespace okabe_ito {
inline constexpr ImU32 kOrange = IM_COL32(230, 159, 0, 255);
inline constexpr ImU32 kSkyBlue = IM_COL32(86, 180, 233, 255);
inline constexpr ImU32 kBluishGreen = IM_COL32(0, 158, 115, 255);
inline constexpr ImU32 kYellow = IM_COL32(240, 228, 66, 255);
inline constexpr ImU32 kBlue = IM_COL32(0, 114, 178, 255);
inline constexpr ImU32 kVermillion = IM_COL32(213, 94, 0, 255);
inline constexpr ImU32 kReddishPurple = IM_COL32(204, 121, 167, 255);
inline constexpr ImU32 kWhite = IM_COL32(235, 235, 235, 255);  // the palette's black, on a dark background
inline constexpr ImU32 kGrey = IM_COL32(150, 150, 150, 230);
}  // namespace okabe_ito

// A writer's latest choice (the dots, participation).
inline constexpr ImU32 kPool = okabe_ito::kBluishGreen;
inline constexpr ImU32 kSilo = okabe_ito::kSkyBlue;
inline constexpr ImU32 kAbstain = okabe_ito::kGrey;
inline constexpr ImU32 kNone = IM_COL32(70, 70, 70, 160);  // not traded yet: dim, not a colour
// A screening menu's contracts, in menu order (pooled dots in the menu view):
// the first is the pool's green, none is the silo's blue or the abstainers' grey.
inline constexpr ImU32 kContract[6] = {okabe_ito::kBluishGreen, okabe_ito::kYellow, okabe_ito::kReddishPurple,
                                       okabe_ito::kVermillion,  okabe_ito::kBlue,   okabe_ito::kWhite};
// The sides of a comparison; side B is also dashed, so it reads without colour.
inline constexpr ImU32 kSideA = okabe_ito::kWhite;
inline constexpr ImU32 kSideB = okabe_ito::kOrange;
// The waterfall, first loss to last: collateral, retained, insurance, LP
// capital, backstop, unpaid (the Pools view's bars and flows use the same).
inline constexpr ImU32 kLayer[6] = {okabe_ito::kSkyBlue, okabe_ito::kBlue,   okabe_ito::kBluishGreen,
                                    okabe_ito::kYellow,  okabe_ito::kOrange, okabe_ito::kVermillion};
// Governance marks on the charts: a change that took effect, one refused.
inline constexpr ImU32 kGovernance = okabe_ito::kReddishPurple;
inline constexpr ImU32 kGovernanceRefused = okabe_ito::kVermillion;
// Downward jumps of the price.
inline constexpr ImU32 kJump = okabe_ito::kVermillion;
// Text: axis numbers and labels, dimmer notes.
inline constexpr ImU32 kAxisText = IM_COL32(170, 170, 170, 255);
inline const ImVec4 kWarn = ImVec4(0.94f, 0.89f, 0.26f, 1.0f);   // yellow
inline const ImVec4 kError = ImVec4(0.90f, 0.45f, 0.20f, 1.0f);  // vermillion, lightened to read as text

}  // namespace mutualab::web::style
