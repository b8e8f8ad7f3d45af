#include "web/side_names.h"

namespace mutualab::web {

std::string sidePricing(const Session& s, int side) {
  const World& w = s.world(side);
  const ScenarioDef& d = w.scenario();
  if (!d.pool.menu.empty() && d.pools.empty()) return "menu";
  if (!d.pools.empty() && side == 0) return std::to_string(d.pools.size()) + " pools";
  return w.pool(0).def.feeRule.name;  // in effect now: an intervention may have changed it
}

std::string sideLabel(const Session& s, int side) {
  const std::string p = sidePricing(s, side);
  return s.sideCount() > 1 ? std::string(side == 0 ? "A: " : "B: ") + p : p;
}

std::string sideQuantity(const Session& s, int side, const char* what) {
  return s.sideCount() > 1 ? std::string(what) + " (" + sideLabel(s, side) + ")" : std::string(what);
}

}  // namespace mutualab::web
