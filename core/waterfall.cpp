#include "core/waterfall.h"

#include <algorithm>
#include <cmath>

namespace mutualab {

WaterfallLayers settle(Ledger& L, const Settlement& s) {
  WaterfallLayers out;
  const int buyer = L.external();
  const int coll = L.writerCollateral(s.writer);
  const int cash = L.writerCash(s.writer);

  out.collateral = std::min(s.payoff, s.collateral);
  L.transfer(coll, buyer, out.collateral);
  L.transfer(coll, cash, s.collateral - out.collateral);  // release what was not needed
  Money rest = s.payoff - out.collateral;
  if (rest == 0) return out;

  if (!s.pooled) {
    out.retained = L.transferUpTo(cash, buyer, rest);
    out.unpaid = rest - out.retained;
    return out;
  }
  // Skin in the game: the writer's share of the excess, and what lies beyond
  // the pool's cover (a call's payoff past its max loss), as far as its cash goes.
  const Money owed = static_cast<Money>(std::llround(static_cast<double>(rest) * s.retainedShare));
  const Money beyond = s.maxCover >= 0 ? std::max<Money>(rest - owed - s.maxCover, 0) : 0;
  out.retained = L.transferUpTo(cash, buyer, owed + beyond);
  rest -= out.retained;
  // The pool pays what the writer did not (its share too, when its cash
  // ran out), never more than its cover: when the cap binds it pays the
  // cap exactly, and what the writer could not pay beyond it is the buyer's loss.
  if (s.maxCover >= 0 && rest > s.maxCover) {
    out.beyondCover = rest - s.maxCover;
    rest = s.maxCover;
  }
  out.insuranceFund = L.transferUpTo(s.insuranceFund, buyer, rest);
  rest -= out.insuranceFund;
  out.lpCapital = L.transferUpTo(s.lpCapital, buyer, rest);
  rest -= out.lpCapital;
  if (s.backstop >= 0) out.backstop = L.transferUpTo(s.backstop, buyer, rest);
  rest -= out.backstop;
  out.unpaid = rest;
  return out;
}

}  // namespace mutualab
