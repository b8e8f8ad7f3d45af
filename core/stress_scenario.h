// One stress scenario of the pool's book (mutualab risk's Cover-1 / Cover-2
// stress, core/stress.h): the market at the horizon moved asset by asset.
// A position's pricing volatility σ becomes σ × volMultiplier + volShift of
// its asset: a multiplier scales every volatility alike ("vol x2"), a shift
// adds the same volatility points to each ("vol +20 points", 0.2), as a
// clearing house's volatility shocks are often given.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace mutualab {

struct StressScenario {
  std::string name;                   // e.g. "spot -40% vol x2.5"
  std::vector<double> spotMove;       // per market asset: relative price change at the horizon (-0.4 = down 40 %)
  std::vector<double> volMultiplier;  // per market asset: its positions' pricing volatility times this (> 0)
  std::vector<double> volShift;       // per market asset: then plus this, annual (0.2 = +20 points)

  // Every one of `assets` assets moved alike.
  static StressScenario uniform(std::string name, std::size_t assets, double spotMove, double volMultiplier,
                                double volShift = 0.0) {
    return {std::move(name), std::vector<double>(assets, spotMove), std::vector<double>(assets, volMultiplier),
            std::vector<double>(assets, volShift)};
  }
};

}  // namespace mutualab
