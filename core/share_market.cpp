#include "core/share_market.h"

#include <algorithm>
#include <cmath>

namespace mutualab {

namespace {
// Relative tolerance under which two volumes or imbalances count as equal,
// so that rounding in budget / price does not decide the price.
constexpr double kTie = 1e-12;

bool tied(double x, double y) { return std::abs(x - y) <= kTie * std::max({std::abs(x), std::abs(y), 1e-300}); }
}  // namespace

AuctionClearing clearCallAuction(std::span<ShareOrder> bids, std::span<ShareOrder> asks) {
  std::sort(bids.begin(), bids.end(), [](const ShareOrder& x, const ShareOrder& y) {
    return x.limit != y.limit ? x.limit > y.limit : x.lp < y.lp;
  });
  std::sort(asks.begin(), asks.end(), [](const ShareOrder& x, const ShareOrder& y) {
    return x.limit != y.limit ? x.limit < y.limit : x.lp < y.lp;
  });
  AuctionClearing c;
  if (bids.empty() || asks.empty() || bids.front().limit < asks.front().limit) return c;

  double budgetTotal = 0;
  for (const ShareOrder& o : bids) budgetTotal += o.amount;
  // Candidates ascending: merge the asks (ascending) with the bids read
  // backwards (ascending). At price p, supply = asks with limit <= p, and
  // budget = bids with limit >= p = total - bids with limit < p.
  size_t ia = 0, ib = bids.size();  // bids[ib..] have limit < the current candidate
  double supply = 0, budgetBelow = 0;
  double bestVol = 0, bestImb = 0, lo = 0, hi = 0;
  bool any = false;
  while (ia < asks.size() || ib > 0) {
    const double pa = ia < asks.size() ? asks[ia].limit : INFINITY;
    const double pb = ib > 0 ? bids[ib - 1].limit : INFINITY;
    const double p = std::min(pa, pb);
    while (ia < asks.size() && asks[ia].limit <= p) supply += asks[ia++].amount;
    // Bids below p drop out; those at p still buy at p.
    while (ib > 0 && bids[ib - 1].limit < p) budgetBelow += bids[--ib].amount;
    const double demand = p > 0 ? (budgetTotal - budgetBelow) / p : 0.0;
    const double vol = std::min(demand, supply), imb = std::abs(demand - supply);
    if (vol > 0) {
      if (!any || (vol > bestVol && !tied(vol, bestVol)) || (tied(vol, bestVol) && imb < bestImb && !tied(imb, bestImb))) {
        bestVol = vol;
        bestImb = imb;
        lo = hi = p;
        any = true;
      } else if (tied(vol, bestVol) && tied(imb, bestImb)) {
        hi = p;
      }
    }
    // Bids at exactly p have been counted at p; past p they drop out.
    while (ib > 0 && bids[ib - 1].limit <= p) budgetBelow += bids[--ib].amount;
  }
  if (!any) return c;
  c.price = lo == hi ? lo : 0.5 * (lo + hi);
  // The volume at the chosen price (the midpoint trades as much as its ends).
  double s = 0, budget = 0;
  for (const ShareOrder& o : asks)
    if (o.limit <= c.price) s += o.amount;
  for (const ShareOrder& o : bids)
    if (o.limit >= c.price) budget += o.amount;
  c.shares = std::min(budget / c.price, s);
  if (!(c.shares > 0)) c = AuctionClearing{};
  return c;
}

double sellerReservation(const ShareMarketDef& m, double exitFee, double waitSteps, double dt, double poolYieldAnnual,
                         double poolVolAnnual, double riskAversion, double outsideRateAnnual) {
  const double years = std::max(waitSteps, 0.0) * dt;
  const double carry = poolYieldAnnual - outsideRateAnnual - 0.5 * riskAversion * poolVolAnnual * poolVolAnnual;
  const double v = (1.0 - exitFee) * (1.0 + carry * years);
  return std::clamp(v, 1.0 - m.maxDiscount, 1.0);
}

double bargainBid(const ShareMarketDef& m, double riskAversion, double poolVolAnnual, double poolDrawdown) {
  const double d = m.minDiscount + riskAversion * (m.volDiscount * poolVolAnnual + m.drawdownDiscount * std::max(poolDrawdown, 0.0));
  return 1.0 - std::clamp(d, 0.0, m.maxDiscount);
}

}  // namespace mutualab
