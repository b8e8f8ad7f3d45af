#include "core/book_greeks.h"

#include <cmath>
#include <limits>

#include "core/black_scholes.h"
#include "core/cover_legs.h"

namespace mutualab {

std::vector<AssetSensitivity> bookSensitivities(const RiskBook& book, const MarketDef& market, double daysPerYear,
                                                int onlyPool) {
  std::vector<AssetSensitivity> out(market.assets.size());
  for (int i = 0; i < book.size(); ++i) {
    const size_t k = static_cast<size_t>(i);
    if (onlyPool >= 0 && (k >= book.pool.size() || book.pool[k] != onlyPool)) continue;
    AssetSensitivity& a = out[static_cast<size_t>(book.asset[k])];
    const double S = book.spot[k];
    a.spot = a.positions == 0 || a.spot == S ? S : std::numeric_limits<double>::quiet_NaN();
    ++a.positions;
    CoverLeg legs[2];
    const int n = coverLegs(book.kind[k], book.coverStrike[k], book.coverShare[k], book.units[k], book.maxCover[k], legs);
    for (int j = 0; j < n; ++j) {
      // As the engine's V(0): the full remaining life, the pricing volatility.
      const BsGreeks g = blackScholes({.kind = static_cast<OptionKind>(book.kind[k]),
                                       .spot = S,
                                       .strike = legs[j].strike,
                                       .rate = market.rateAnnual,
                                       .vol = book.volAnnual[k],
                                       .years = book.expiryDays[k] / daysPerYear});
      const double w = legs[j].sign * book.units[k] * book.coverShare[k];
      a.delta += w * g.delta;
      a.gamma += w * g.gamma;
      a.vega += w * g.vega;
      a.theta += w * g.theta;
      a.delta1pct += w * g.delta * S / 100.0;
      a.gamma1pct += w * g.gamma * (S / 100.0) * (S / 100.0) / 2.0;
    }
  }
  for (AssetSensitivity& a : out) {
    a.vega1pt = a.vega / 100.0;
    a.theta1day = a.theta / daysPerYear;
  }
  return out;
}

}  // namespace mutualab
