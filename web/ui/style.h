// Colours the playground uses everywhere, so a writer's colour means the same
// in every picture: green pools, blue silos, grey abstains; side A is solid,
// side B (the comparison fee rule) is orange and dashed.
#pragma once

#include <imgui.h>

namespace mutualab::web::style {

inline constexpr ImU32 kPool = IM_COL32(80, 200, 120, 255);
inline constexpr ImU32 kSilo = IM_COL32(80, 140, 240, 255);
inline constexpr ImU32 kAbstain = IM_COL32(130, 130, 130, 200);
inline constexpr ImU32 kNone = IM_COL32(70, 70, 70, 160);
// A screening menu's contracts, in menu order (pooled dots in the menu view);
// none is the silo's blue or the abstainers' grey.
inline constexpr ImU32 kContract[6] = {IM_COL32(80, 200, 120, 255), IM_COL32(250, 200, 60, 255),
                                       IM_COL32(230, 90, 160, 255), IM_COL32(90, 220, 220, 255),
                                       IM_COL32(250, 130, 60, 255), IM_COL32(190, 150, 250, 255)};
inline constexpr ImU32 kSideA = IM_COL32(240, 240, 240, 255);
inline constexpr ImU32 kSideB = IM_COL32(255, 160, 60, 255);
inline constexpr ImU32 kLayer[6] = {IM_COL32(120, 200, 255, 255), IM_COL32(160, 120, 255, 255),
                                    IM_COL32(80, 200, 120, 255),  IM_COL32(255, 210, 80, 255),
                                    IM_COL32(255, 140, 60, 255),  IM_COL32(255, 70, 70, 255)};
// Governance marks on the charts: a change that took effect, one refused.
inline constexpr ImU32 kGovernance = IM_COL32(190, 140, 255, 200);
inline constexpr ImU32 kGovernanceRefused = IM_COL32(255, 95, 95, 200);
inline const ImVec4 kWarn = ImVec4(1.0f, 0.75f, 0.3f, 1.0f);
inline const ImVec4 kError = ImVec4(1.0f, 0.45f, 0.45f, 1.0f);

}  // namespace mutualab::web::style
