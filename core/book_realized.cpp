#include "core/book_realized.h"

#include <cassert>
#include <cstdint>
#include <vector>

#include "core/cover_legs.h"
#include "core/market.h"
#include "core/pricing_kernel.h"
#include "core/risk_engine.h"

namespace mutualab {

double realizedHorizonValue(const RiskBook& book, const Market& market, int bookStep, int horizonDays, double rate,
                            double daysPerYear) {
  assert(bookStep >= 0 && bookStep + horizonDays <= market.steps());
  // Every leg through the kernel at once, as the engine prices V(0).
  std::vector<std::uint8_t> kind;
  std::vector<double> spot, strike, vol, years, weight;
  for (int i = 0; i < book.size(); ++i) {
    const size_t k = static_cast<size_t>(i);
    const double days = book.expiryDays[k];
    const int at = bookStep + observationDay(days, horizonDays);
    const int a = book.asset[k];
    CoverLeg legs[2];
    const int n = coverLegs(book.kind[k], book.coverStrike[k], book.coverShare[k], book.units[k], book.maxCover[k], legs);
    for (int j = 0; j < n; ++j) {
      kind.push_back(book.kind[k]);
      spot.push_back(market.price(a, at));
      strike.push_back(legs[j].strike);
      vol.push_back(market.pricingVol(a, at));
      years.push_back(lifeAtObservation(days, horizonDays, daysPerYear));
      weight.push_back(legs[j].sign * book.units[k] * book.coverShare[k]);
    }
  }
  std::vector<double> price(kind.size(), 0.0);
  bsPriceBatch(kind.size(), kind.data(), spot.data(), strike.data(), rate, vol.data(), years.data(), price.data());
  double value = 0;
  for (size_t j = 0; j < price.size(); ++j) value += weight[j] * price[j];
  return value;
}

}  // namespace mutualab
