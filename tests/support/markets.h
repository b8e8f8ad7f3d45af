// Small markets for tests of inputs that name assets (books, stress files).
#pragma once

#include "core/scenario.h"

namespace mutualab::testing {

// One asset, ETH: plain GBM at drift mu, no jumps, no regimes, no rate, and
// the pool's pricing volatility fixed (the risk engine reprices at the
// position's own, so closed forms hold).
inline MarketDef gbmMarket(double spot, double vol, double mu = 0.0) {
  MarketDef m;
  m.pricingVol = "fixed";
  m.assets[0].name = "ETH";
  m.assets[0].spot = spot;
  m.assets[0].volAnnual = vol;
  m.assets[0].driftAnnual = mu;
  m.assets[0].jumpIntensityAnnual = 0.0;
  m.rateAnnual = 0.0;
  return m;
}

// ETH (spot 2000, vol 0.7) and BTC (spot 40000, vol 0.5), each with the
// default jump size and intensity.
inline MarketDef twoAssetMarket() {
  MarketDef m;
  m.assets = {AssetDef{"ETH", 2000, 0, 0.7, 0, -0.15, 0.1}, AssetDef{"BTC", 40000, 0, 0.5, 0, -0.15, 0.1}};
  return m;
}

// ETH (2000, vol 0.8, 4 jumps a year) and BTC (40000, vol 0.6, 2 jumps),
// correlated 0.6, with calm/stress regimes (5 % a day into stress): a market
// where books lose in every way the engine models.
inline MarketDef jumpRegimeMarket() {
  MarketDef m;
  m.assets = {AssetDef{"ETH", 2000, 0.0, 0.8, 4.0, -0.15, 0.1}, AssetDef{"BTC", 40000, 0.0, 0.6, 2.0, -0.1, 0.1}};
  m.correlation = {{1.0, 0.6}, {0.6, 1.0}};
  m.regime.enabled = true;
  m.regime.pCalmToStress = 0.05;
  return m;
}

}  // namespace mutualab::testing
