#include "core/mark_to_model.h"

#include <cassert>
#include <cmath>
#include <cstdint>

#include "core/kernel_math.h"
#include "core/market.h"
#include "core/position_book.h"
#include "core/pricing_kernel.h"
#include "core/black_scholes.h"

namespace mutualab {

void MarkTable::build(const Market& market, int t, double dt, double rate, int tenorSteps) {
  width_ = static_cast<std::size_t>(tenorSteps < 0 ? 0 : tenorSteps) + 1;
  const int assets = market.assetCount();
  terms_.resize(static_cast<std::size_t>(assets) * width_);
  for (int a = 0; a < assets; ++a) {
    const double S = market.price(a, t), vol = market.pricingVol(a, t);
    for (std::size_t left = 0; left < width_; ++left) {
      // As bsLaneSetup takes a lane's time: (expiry - t) steps of dt years.
      const double years = static_cast<int>(left) * dt;
      const double tt = years > 0.0 ? years : 0.0;
      // Positions with `left` steps left opened at step t + left - tenor
      // (none did before step 0: that entry's move is never read).
      const int opened = t + static_cast<int>(left) - tenorSteps;
      const double S0 = market.price(a, opened < 0 ? 0 : opened);
      MarkTerms& m = terms_[static_cast<std::size_t>(a) * width_ + left];
      m.spot = S;
      m.discount = kmath::exp(-rate * tt);
      m.sd = vol > 0.0 ? vol * std::sqrt(tt) : 0.0;
      m.invSd = m.sd > 0.0 ? 1.0 / m.sd : 0.0;
      // S <= 0 or S0 <= 0 makes every lane degenerate (below), whatever the log.
      m.logMove = (S > 0.0 && S0 > 0.0 ? kmath::log(S / S0) : 0.0) + rate * tt;
      m.spotGrowth = S / m.discount;
      m.discountOverSpot = m.discount / S;
    }
  }
}

MarkWorkspace::MarkWorkspace() {
  for (std::vector<double>* v : {&sign, &strike, &discountedStrike, &sd, &invSd, &spot, &logMoneyness, &farRatio, &price})
    v->assign(kMarkPiece, 0.0);
  slot.assign(kMarkPiece, 0);
}

void CoverTermsBatch::grow() {
  const std::size_t n = slot.size() < 64 ? 64 : 2 * slot.size();
  slot.resize(n);
  for (std::vector<double>* v : {&spot, &strike, &logMoneyness, &invStrike}) v->resize(n);
}

void CoverTermsBatch::writeTo(PositionBook& book) {
  bsCoverTermsBatch(size, spot.data(), strike.data(), logMoneyness.data(), invStrike.data());
  for (std::size_t i = 0; i < size; ++i) {
    const auto s = static_cast<std::size_t>(slot[i]);
    book.logCoverMoneyness[s] = logMoneyness[i];
    book.invCoverStrike[s] = invStrike[i];
  }
  size = 0;
}

namespace {
// The kernel's view of the book's positions at `slots` and of `table`.
MarkLanes markLanes(const PositionBook& book, int t, const MarkTable& table, const int* slots) {
  return MarkLanes{slots,
                   book.kind.data(),
                   book.asset.data(),
                   book.expiry.data(),
                   book.strike.data(),
                   book.coverStrikeDist.data(),
                   book.logCoverMoneyness.data(),
                   book.invCoverStrike.data(),
                   table.data(),
                   table.width(),
                   t};
}
}  // namespace

void MarkWorkspace::stage(std::size_t n, const PositionBook& book, int t, const MarkTable& table) {
  const MarkLanes lanes = markLanes(book, t, table, slot.data());
  for (std::size_t i = 0; i < n; ++i) {
    assert(book.expiry[static_cast<std::size_t>(slot[i])] - t >= 0 &&
           book.expiry[static_cast<std::size_t>(slot[i])] - t <= table.maxStepsLeft());
    const MarkLane l = bsMarkLane(lanes, static_cast<std::size_t>(slot[i]));
    sign[i] = l.sign;
    strike[i] = l.strike;
    discountedStrike[i] = l.discountedStrike;
    sd[i] = l.sd;
    invSd[i] = l.invSd;
    spot[i] = l.spot;
    logMoneyness[i] = l.logMoneyness;
    farRatio[i] = l.farRatio;
  }
}

void MarkWorkspace::run(std::size_t n) {
  const RepriceLanes lanes{sign.data(),  strike.data(), discountedStrike.data(), sd.data(),
                           invSd.data(), spot.data(),   logMoneyness.data(),     farRatio.data()};
  bsRepriceBatch(n, lanes, price.data());
}

MarkResult markPool(const PositionBook& book, int pool, int t, const MarkTable& table, double coverShare,
                    MarkWorkspace& ws) {
  MarkResult r;
  // Pieces of up to kMarkPiece lanes, whole words of the pool's slot bits at
  // a time; the liability is summed in slot order across them.
  const MarkLanes lanes = markLanes(book, t, table, ws.slot.data());
  std::size_t word = 0;
  while (const std::size_t n = book.collectInPool(pool, word, ws.slot.data(), kMarkPiece)) {
    bsMarkBatch(n, lanes, ws.price.data());
    for (std::size_t i = 0; i < n; ++i)
      r.liability += coverShare * book.units[static_cast<std::size_t>(ws.slot[i])] * ws.price[i];
    r.lanes += n;
  }
  return r;
}

}  // namespace mutualab
