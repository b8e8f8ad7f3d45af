// Small markets for tests of inputs that name assets (books, stress files).
#pragma once

#include "core/scenario.h"

namespace mutualab::testing {

// ETH (spot 2000, vol 0.7) and BTC (spot 40000, vol 0.5), each with the
// default jump size and intensity.
inline MarketDef twoAssetMarket() {
  MarketDef m;
  m.assets = {AssetDef{"ETH", 2000, 0, 0.7, 0, -0.15, 0.1}, AssetDef{"BTC", 40000, 0, 0.5, 0, -0.15, 0.1}};
  return m;
}

}  // namespace mutualab::testing
