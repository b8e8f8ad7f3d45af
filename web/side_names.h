// What a legend calls each side of a comparison: "A: flat", "B: risk-based",
// so a class reads which fee rule a line is without the toolbar. No UI
// here (the panels in web/ui/ use it), so the tests check the exact text.
#pragma once

#include <string>

#include "web/session.h"

namespace mutualab::web {

// What prices side `side` now: its fee rule ("flat"), "menu" or "3 pools"
// (side B of a comparison: the compared fee rule, which prices every pool).
std::string sidePricing(const Session& s, int side);

// "A: flat" / "B: risk-based"; plain "what" (or the pricing) without a comparison.
std::string sideLabel(const Session& s, int side);

// "what (A: flat)" / "what (B: risk-based)" when comparing, else `what`: a
// legend entry for a chart that draws several quantities per side.
std::string sideQuantity(const Session& s, int side, const char* what);

}  // namespace mutualab::web
