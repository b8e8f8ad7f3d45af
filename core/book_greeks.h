// The book's sensitivities now: how V, the value of the cover the pool owes
// on its open book (the risk engine's V(0), core/risk_engine.h), moves with
// each asset's price, its volatility and time. What a risk desk reads beside
// VaR: the first- and second-order terms a full repricing sums up.
//
// Each position's cover is its options (core/cover_legs.h: coverShare x
// units x the option at the cover strike, less the cap's option), each
// priced by Black-Scholes at the position's pricing volatility, spot and
// remaining life, as V(0) is; the Greeks are blackScholes()'s, summed per
// asset. V is what the pool owes, so a positive figure is a loss to the
// pool when its variable rises (a put book's delta is negative: the pool
// loses when the price falls).
#pragma once

#include <vector>

#include "core/book.h"
#include "core/scenario.h"

namespace mutualab {

struct AssetSensitivity {
  int positions = 0;   // open positions on the asset
  double spot = 0;     // the positions' spot (NaN if they give different ones)
  double delta = 0;    // dV/dS, units of the asset
  double gamma = 0;    // d2V/dS2, units per currency unit
  double vega = 0;     // dV/dsigma, currency per 1.00 of annual volatility, every position's at once
  double theta = 0;    // dV/dt as calendar time passes, currency per year
  // The same in a risk report's units, each position at its own spot:
  double delta1pct = 0;  // V's first-order change for a +1 % spot move, sum of delta x S / 100, currency
  double gamma1pct = 0;  // its second-order term, sum of gamma x (S / 100)^2 / 2, currency
  double vega1pt = 0;    // V's change for +1 volatility point (+0.01) on every position, currency
  double theta1day = 0;  // theta / days per year: V's first-order change over a day, currency (far from
                         // the real one for a position within a day or so of its expiry)
};

// Per asset of the market, by index (assets with no position are zeros):
// the whole book's, or with onlyPool >= 0 the positions of that pool alone.
// The book's assets must be the market's (validated at the edge).
std::vector<AssetSensitivity> bookSensitivities(const RiskBook& book, const MarketDef& market, double daysPerYear,
                                                int onlyPool = -1);

}  // namespace mutualab
