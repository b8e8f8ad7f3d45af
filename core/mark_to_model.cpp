#include "core/mark_to_model.h"

#include <algorithm>
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
  for (std::vector<double>* v : {&discountedStrike, &sd, &invSd, &spot, &logMoneyness, &farRatio, &price})
    v->assign(kMarkPiece, 0.0);
}

CoverTerms coverTerms(double spotAtOpen, double coverStrike) {
  CoverTerms c;
  if (coverStrike <= 0.0) return c;
  c.invStrike = 1.0 / coverStrike;
  if (spotAtOpen > 0.0) c.logMoneyness = kmath::log(spotAtOpen / coverStrike);
  return c;
}

void MarkWorkspace::stage(const PoolRows& rows, std::size_t from, std::size_t n, int t, const MarkTable& table) {
  assert(n <= kMarkPiece && from + n <= rows.size());
  // One loop over the piece, reading the rows in order.
  const int *asset = rows.asset.data() + from, *expiry = rows.expiry.data() + from;
  const double *K = rows.coverStrike.data() + from, *logM0 = rows.logCoverMoneyness.data() + from,
               *invK = rows.invCoverStrike.data() + from;
  double *kd = discountedStrike.data(), *sdv = sd.data(), *isd = invSd.data(), *sp = spot.data(), *lm = logMoneyness.data(),
         *far = farRatio.data();
  for (std::size_t i = 0; i < n; ++i) {
    const int left = expiry[i] - t;
    assert(left >= 0 && left <= table.maxStepsLeft());
    const MarkTerms& m = table.at(asset[i], left);
    kd[i] = K[i] * m.discount;
    sdv[i] = m.sd;
    isd[i] = m.invSd;
    sp[i] = m.spot;
    lm[i] = m.logMove + logM0[i];
    // min(S/K', K'/S): a cover strike at or below zero gives 0 or less here
    // (1/K is then 0), which makes the lane the degenerate one, as bsPrice has it.
    const double up = m.spotGrowth * invK[i], down = K[i] * m.discountOverSpot;
    far[i] = up < down ? up : down;
  }
}

void MarkWorkspace::run(const PoolRows& rows, std::size_t from, std::size_t n) {
  const RepriceLanes lanes{rows.sign.data() + from, rows.coverStrike.data() + from, discountedStrike.data(), sd.data(),
                           invSd.data(),            spot.data(),                     logMoneyness.data(),     farRatio.data()};
  bsRepriceBatch(n, lanes, price.data());
}

MarkResult markPool(const PositionBook& book, int pool, int t, const MarkTable& table, double coverShare,
                    MarkWorkspace& ws) {
  MarkResult r;
  const PoolRows& rows = book.rows(pool);
  const double* units = rows.units.data();
  for (std::size_t from = 0; from < rows.size(); from += kMarkPiece) {
    const std::size_t n = std::min(kMarkPiece, rows.size() - from);
    ws.stage(rows, from, n, t, table);
    ws.run(rows, from, n);
    for (std::size_t i = 0; i < n; ++i) r.liability += coverShare * units[from + i] * ws.price[i];
  }
  r.lanes = rows.size();
  return r;
}

}  // namespace mutualab
