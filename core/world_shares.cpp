// World's share-market phase: once per step, in the LP phase, each pool
// whose shares trade (pool.shareMarket.enabled) runs a call auction among
// its LPs (core/share_market.h), between the LPs' decisions and the
// withdrawal queue's payments (docs/model.md, "Secondary market for LP
// shares"). Cash moves from LP to LP and shares from holder to holder in
// the pool's register: the pool's capital, its total shares and its NAV do
// not move.
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/world.h"

namespace mutualab {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Below this a holding is dust: a seller left with less has sold out.
constexpr double kDustShares = 1e-12;
}  // namespace

void World::tradeShares(Pool& pool) {
  pool.marketPrice = kNaN;
  pool.marketShares = pool.marketValue = pool.marketOffered = 0;
  const ShareMarketDef& m = pool.def.shareMarket;
  const double nav = pool.nav(ledger_);
  pool.marketNav = nav;
  if (!m.enabled || !pool.def.enabled || pool.totalShares <= 0 || nav <= 1e-9) return;
  const PoolDef& P = pool.def;
  const auto& Lp = def_.lps;
  const bool leaving = Lp.horizonSteps > 0 && t_ >= Lp.horizonSteps;

  // What the queue can pay per step: the gate, within the capital the
  // minimum collateral ratio leaves free (as payQueue pays it).
  const double capital = toCurrency(ledger_.balance(pool.capitalAccount));
  const double fund = toCurrency(ledger_.balance(pool.fundAccount));
  const double perStep = std::min(P.gateShare * capital, std::max(capital + fund - P.minCollateralRatio * pool.exposure, 0.0));
  const double vol = std::sqrt(std::max(pool.varEwma, 0.0));
  const double drawdown = pool.peakNavPool > 0 ? std::max(0.0, 1.0 - nav / pool.peakNavPool) : 0.0;

  bids_.clear();
  asks_.clear();
  double ahead = 0;  // queued value before this LP's: the queue pays in LP order
  for (int l = 0; l < lps_.count; ++l) {
    const size_t L = static_cast<size_t>(l);
    // Its view of this pool, if it reaches it, and the action it took there.
    int view = -1;
    for (int i = lpFirstView_[L]; i < lpFirstView_[L + 1]; ++i)
      if (lpViews_[static_cast<size_t>(i)].pool == pool.id) view = i;
    const LpAction action = view < 0 ? LpAction::Hold
                            : leaving ? LpAction::Withdraw
                                      : lpActions_[static_cast<size_t>(view)];
    const double queuedValue = pool.queued[L] * nav;
    // Sellers: a queued withdrawal (not capital migrating to another pool),
    // or an LP asking out while its lockup forbids a request.
    double offered = 0, blocked = 0;
    int decided = t_;
    if (pool.queued[L] > 0 && !pool.migrating[L]) {
      offered = pool.queued[L];
      blocked = std::max(0, pool.requestStep[L] + P.noticeSteps - t_);
      decided = pool.requestStep[L];
    } else if (action == LpAction::Withdraw && pool.shares[L] > 0 && pool.queued[L] <= 0 &&
               t_ < pool.depositStep[L] + P.lockupSteps) {
      offered = pool.shares[L];
      blocked = pool.depositStep[L] + P.lockupSteps - t_ + P.noticeSteps;
    }
    if (offered > 0) {
      const double own = offered * nav;
      // Steps until the queue would have paid it all: its notice (and
      // lockup), then the queue ahead and its own request at the rate the
      // pool can pay, the step it would be paid in not counting.
      double wait = m.maxWaitSteps;
      if (perStep > 0) wait = blocked + std::max(0.0, std::ceil((ahead + own) / perStep) - 1.0);
      wait = std::min(wait, static_cast<double>(m.maxWaitSteps));
      const double limit = nav * sellerReservation(m, P.exitFee, wait, dt_, pool.yieldEwma, vol, lps_.riskAversion[L],
                                                   lps_.outsideRateAnnual[L]);
      asks_.push_back(ShareOrder{l, decided, limit, offered});
      pool.marketOffered += offered;
    }
    ahead += queuedValue;
    if (offered > 0 || view < 0 || pool.queued[L] > 0 || action == LpAction::Withdraw) continue;
    // Buyers: a deposit into this pool pays up to NAV (it would mint at
    // NAV); an LP holding here with idle cash bids at its own discount.
    const size_t V = static_cast<size_t>(view);
    if (vDeposit_[V] > 0) {
      bids_.push_back(ShareOrder{l, view, nav, toCurrency(vDeposit_[V])});
    } else if (action == LpAction::Hold && m.bargainCashShare > 0) {
      const Money idle = ledger_.balance(ledger_.lpCash(l)) - lpReserved_[L];
      if (idle <= 0) continue;
      const double limit = nav * bargainBid(m, lps_.riskAversion[L], vol, drawdown);
      bids_.push_back(ShareOrder{l, -1, limit, m.bargainCashShare * toCurrency(idle)});
    }
  }

  const AuctionClearing c = clearCallAuction(bids_, asks_);
  if (!c.traded()) return;
  pool.marketPrice = c.price;
  matchOrders(bids_, asks_, c, [&](size_t b, size_t a, double q) {
    const ShareOrder& bid = bids_[b];
    const ShareOrder& ask = asks_[a];
    const size_t B = static_cast<size_t>(bid.lp), S = static_cast<size_t>(ask.lp);
    const Money cash = std::min(toMoney(q * c.price), ledger_.balance(ledger_.lpCash(bid.lp)));
    ledger_.transfer(ledger_.lpCash(bid.lp), ledger_.lpCash(ask.lp), cash);
    // A seller left with dust has sold out: the dust goes with the rest.
    double moved = std::min(q, pool.shares[S]);
    if (pool.shares[S] - moved < kDustShares) moved = pool.shares[S];
    pool.shares[S] -= moved;
    if (pool.shares[S] <= 0) pool.shares[S] = 0;
    pool.queued[S] = std::max(0.0, pool.queued[S] - moved);
    if (pool.queued[S] < kDustShares || pool.shares[S] <= 0) pool.queued[S] = 0;
    if (pool.shares[B] <= 0) pool.peakNav[B] = nav;
    pool.shares[B] += moved;
    pool.depositStep[B] = t_;  // bought shares start a lockup, as minted ones do
    if (bid.ref >= 0) {
      // Part of a waiting deposit: what it spent no longer waits.
      Money& d = vDeposit_[static_cast<size_t>(bid.ref)];
      const Money spent = std::min(cash, d);
      d -= spent;
      lpReserved_[B] -= spent;
    }
    const double value = toCurrency(cash);
    pool.marketShares += moved;
    pool.marketValue += value;
    pool.saleValue += value;
    pool.saleValueSteps += value * (t_ - ask.ref);
  });
}

void World::mintDeferredDeposits() {
  // What each waiting deposit did not spend on shares mints new ones at
  // NAV, in the order the LPs decided.
  for (size_t i = 0; i < vDeposit_.size(); ++i) {
    if (vDeposit_[i] <= 0) continue;
    const int l = lpViews_[i].lp;
    Pool& pool = pools_[static_cast<size_t>(lpViews_[i].pool)];
    pool.deposit(ledger_, l, std::min(vDeposit_[i], ledger_.balance(ledger_.lpCash(l))), t_);
    lpReserved_[static_cast<size_t>(l)] -= vDeposit_[i];
    vDeposit_[i] = 0;
  }
}

void World::recordShareMarketMetrics() {
  const size_t K = kShareMarketStepMetricCount;
  double* row = marketMetrics_.data() + static_cast<size_t>(t_) * marketPools_.size() * K;
  for (size_t j = 0; j < marketPools_.size(); ++j) {
    const Pool& p = pools_[static_cast<size_t>(marketPools_[j])];
    double* x = row + j * K;
    auto set = [x](ShareMarketStepMetric m, double v) { x[static_cast<size_t>(m)] = v; };
    const bool traded = p.marketShares > 0;
    set(ShareMarketStepMetric::Price, traded ? p.marketPrice : kNaN);
    set(ShareMarketStepMetric::Discount, traded && p.marketNav > 0 ? 1.0 - p.marketPrice / p.marketNav : kNaN);
    set(ShareMarketStepMetric::Volume, p.marketShares);
    set(ShareMarketStepMetric::VolumeValue, p.marketValue);
    set(ShareMarketStepMetric::Offered, p.marketOffered);
  }
}

void World::summarizeShareMarkets(RepSummary& r, int T) const {
  const size_t K = kShareMarketSummaryMetricCount;
  r.shareMarkets.assign(marketPools_.size() * K, kNaN);
  for (size_t j = 0; j < marketPools_.size(); ++j) {
    const Pool& p = pools_[static_cast<size_t>(marketPools_[j])];
    const int J = static_cast<int>(j);
    double sum = 0, mx = kNaN, volume = 0, value = 0;
    int n = 0;
    for (int t = 0; t <= T; ++t) {
      const double d = shareMarketMetric(t, J, ShareMarketStepMetric::Discount);
      volume += shareMarketMetric(t, J, ShareMarketStepMetric::Volume);
      value += shareMarketMetric(t, J, ShareMarketStepMetric::VolumeValue);
      if (std::isnan(d)) continue;
      sum += d;
      ++n;
      mx = std::isnan(mx) ? d : std::max(mx, d);
    }
    double* x = r.shareMarkets.data() + j * K;
    auto set = [x](ShareMarketSummaryMetric m, double v) { x[static_cast<size_t>(m)] = v; };
    auto ratio = [](double a, double b) { return b > 0 ? a / b : kNaN; };
    set(ShareMarketSummaryMetric::DiscountMean, n > 0 ? sum / n : kNaN);
    set(ShareMarketSummaryMetric::DiscountMax, mx);
    set(ShareMarketSummaryMetric::TradeSteps, n);
    set(ShareMarketSummaryMetric::Volume, volume);
    set(ShareMarketSummaryMetric::VolumeValue, value);
    set(ShareMarketSummaryMetric::QueueExitSteps, ratio(p.queueExitValueSteps, p.queueExitValue));
    set(ShareMarketSummaryMetric::SaleExitSteps, ratio(p.saleValueSteps, p.saleValue));
    set(ShareMarketSummaryMetric::SaleExitShare, ratio(p.saleValue, p.saleValue + p.queueExitValue));
  }
}

}  // namespace mutualab
