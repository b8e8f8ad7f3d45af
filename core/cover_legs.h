// The options that make up what the pool owes on one pooled position: its
// cover beyond the writer's collateral, coverShare x units x an option struck
// at the cover strike, capped at maxCover. Past the strike where the cover
// reaches the cap, a short option at that strike takes over (a call's cover
// is a call spread, a put's a put spread). The risk engine and the pool's
// admission by VaR both value a position this way.
#pragma once

#include <cstdint>

#include "core/black_scholes.h"

namespace mutualab {

struct CoverLeg {
  double strike = 0;
  double sign = 1;  // +1 long the option, -1 short (the cap)
};

// The position's legs into out[0..n), n (1 or 2) returned; each leg's value is
// coverShare x units x sign x option(strike).
inline int coverLegs(std::uint8_t kind, double coverStrike, double coverShare, double units, double maxCover,
                     CoverLeg out[2]) {
  out[0] = CoverLeg{coverStrike, 1.0};
  const double perUnit = coverShare * units;
  const double width = perUnit > 0 ? maxCover / perUnit : 0.0;
  // A cap that needs a strike beyond 1e15 (a tiny cover share) never binds on prices up to 1e12: no leg.
  if (maxCover > 0 && perUnit > 0 && width <= 1e15) {
    if (kind == static_cast<std::uint8_t>(OptionKind::Call)) {
      out[1] = CoverLeg{coverStrike + width, -1.0};
      return 2;
    }
    if (coverStrike - width > 1e-12 * coverStrike) {  // a put's cover is capped by Kc itself otherwise
      out[1] = CoverLeg{coverStrike - width, -1.0};
      return 2;
    }
  }
  return 1;
}

}  // namespace mutualab
