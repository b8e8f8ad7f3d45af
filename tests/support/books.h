// Small risk books for tests of the risk engine and what runs on it.
#pragma once

#include "core/black_scholes.h"
#include "core/book.h"

namespace mutualab::testing {

// One short put of one unit on ETH with no collateral: the pool owes the
// whole put (its cover strike is its strike), priced at `vol`.
inline BookPosition shortPut(double spot, double strike, double days, double vol) {
  BookPosition p;
  p.kind = OptionKind::Put;
  p.strike = strike;
  p.coverStrike = strike;
  p.expiryDays = days;
  p.units = 1.0;
  p.spot = spot;
  p.volAnnual = vol;
  return p;
}

// A book of that one put (writer 0).
inline RiskBook onePutBook(double spot, double strike, double days, double vol) {
  RiskBook book;
  book.assetNames = {"ETH"};
  book.add(shortPut(spot, strike, days, vol));
  return book;
}

}  // namespace mutualab::testing
