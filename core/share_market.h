// The secondary market for a pool's LP shares: a call auction that clears
// once per step at one uniform price, and the limit prices LPs bring to it
// (docs/model.md, "Secondary market for LP shares").
//
// The auction knows nothing of pools or the ledger: it takes buy orders
// (a budget in currency up to a limit price) and sell orders (shares down
// to a limit price), finds the price, and pairs fills. The world moves the
// cash and the shares (World::tradeShares), so it alone touches the books.
//
// Nothing here allocates: orders are sorted in the caller's buffers.
#pragma once

#include <cmath>
#include <limits>
#include <span>

#include "core/scenario.h"

namespace mutualab {

// One order. `amount` is a budget in currency for a buy order, shares for a
// sell order; `limit` is a price per share, currency. `ref` is the caller's
// (the world keeps the LP's view index there) and does not affect priority.
struct ShareOrder {
  int lp = 0;
  int ref = 0;
  double limit = 0;
  double amount = 0;
};

struct AuctionClearing {
  double price = std::numeric_limits<double>::quiet_NaN();  // NaN: nothing crosses
  double shares = 0;                                         // volume, shares
  bool traded() const { return shares > 0; }
};

// Sorts bids (highest limit first) and asks (lowest limit first), ties by LP
// index, in place, and finds the uniform price. Among the orders' limit
// prices it picks the one that trades the most shares; on a tie, the one
// that leaves the least unmatched (|demand - supply| in shares); on a tie
// still, the midpoint of the lowest and highest tied prices. A buyer's
// demand at price p is its budget / p (when p <= its limit); a seller's
// supply is its shares (when p >= its limit).
AuctionClearing clearCallAuction(std::span<ShareOrder> bids, std::span<ShareOrder> asks);

// Pairs the fills of a clearing, in priority order (price, then LP index):
// calls onMatch(bid, ask, shares) once per (buyer, seller) pair that trades,
// bid and ask being indexes into the sorted spans. The shares sum to
// c.shares; no buyer gets more than budget / price, no seller sells more
// than it offered.
template <class F>
void matchOrders(std::span<const ShareOrder> bids, std::span<const ShareOrder> asks, const AuctionClearing& c,
                 F&& onMatch) {
  if (!c.traded()) return;
  const double p = c.price, eps = 1e-12 * c.shares;
  double leftBuy = c.shares, leftSell = c.shares;
  size_t b = 0, a = 0;
  double wantB = 0, haveA = 0;
  auto nextBid = [&] {
    while (b < bids.size() && bids[b].limit >= p && leftBuy > eps) {
      wantB = std::min(bids[b].amount / p, leftBuy);
      leftBuy -= wantB;
      if (wantB > 0) return true;
      ++b;
    }
    return false;
  };
  auto nextAsk = [&] {
    while (a < asks.size() && asks[a].limit <= p && leftSell > eps) {
      haveA = std::min(asks[a].amount, leftSell);
      leftSell -= haveA;
      if (haveA > 0) return true;
      ++a;
    }
    return false;
  };
  bool okB = nextBid(), okA = nextAsk();
  while (okB && okA) {
    const double q = std::min(wantB, haveA);
    if (q > 0) onMatch(b, a, q);
    wantB -= q;
    haveA -= q;
    if (wantB <= eps) { ++b; okB = nextBid(); }
    if (haveA <= eps) { ++a; okA = nextAsk(); }
  }
}

// A seller's limit, as a fraction of NAV: what waiting in the queue is
// worth to it. It gets NAV less the exit fee after `waitSteps`; meanwhile
// the NAV drifts at the pool's EWMA yield, it forgoes its outside rate, and
// it bears the pool's variance at its own risk aversion (mean-variance).
// Clamped to [1 - maxDiscount, 1]. dt is years per step.
double sellerReservation(const ShareMarketDef& m, double exitFee, double waitSteps, double dt, double poolYieldAnnual,
                         double poolVolAnnual, double riskAversion, double outsideRateAnnual);

// The limit, as a fraction of NAV, of an LP with idle cash: it asks
// minDiscount, plus, scaled by its risk aversion, a discount for the pool's
// volatility and for its drawdown from its peak; at most maxDiscount.
double bargainBid(const ShareMarketDef& m, double riskAversion, double poolVolAnnual, double poolDrawdown);

}  // namespace mutualab
