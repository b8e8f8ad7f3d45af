// The playground's formula box checks what is typed as the scenario loader
// would, while it is typed: a problem in a few words (no JSON path, no lists:
// the box shows the names beside it), or "" when the formula is valid.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace mutualab::web {

// The longest value a link (and so the box) carries (url_state.cpp).
inline constexpr int kMaxFormulaLength = 512;

// `params`: the formula rule's other parameters (k); `fee`: the text typed.
std::string formulaProblem(const nlohmann::json& params, const std::string& fee);

}  // namespace mutualab::web
