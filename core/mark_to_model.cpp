#include "core/mark_to_model.h"

#include <cassert>
#include <cmath>
#include <cstdint>

#include "core/kernel_math.h"
#include "core/mark_book.h"
#include "core/market.h"
#include "core/pricing_kernel.h"
#include "core/black_scholes.h"
#include "core/simd_clones.h"

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

MarkWorkspace::MarkWorkspace(std::size_t lanes) {
  for (std::vector<double>* v : {&sign, &strike, &discountedStrike, &sd, &invSd, &spot, &logMoneyness, &farRatio, &price})
    v->assign(lanes, 0.0);
}

void MarkWorkspace::stage(const MarkCohort& cohort, std::size_t from, std::size_t n, const MarkTerms& terms,
                          std::size_t at) {
  assert(at + n <= price.size() && from + n <= cohort.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t r = from + i, o = at + i;
    const MarkLane l = bsMarkLane(terms, 1.0 - 2.0 * cohort.kind[r], cohort.coverStrike[r], cohort.logMoneyness[r],
                                  cohort.invStrike[r]);
    sign[o] = l.sign;
    strike[o] = l.strike;
    discountedStrike[o] = l.discountedStrike;
    sd[o] = l.sd;
    invSd[o] = l.invSd;
    spot[o] = l.spot;
    logMoneyness[o] = l.logMoneyness;
    farRatio[o] = l.farRatio;
  }
}

void MarkWorkspace::run(std::size_t n, std::size_t at) {
  assert(at + n <= price.size());
  const RepriceLanes lanes{sign.data() + at,  strike.data() + at, discountedStrike.data() + at, sd.data() + at,
                           invSd.data() + at, spot.data() + at,   logMoneyness.data() + at,     farRatio.data() + at};
  bsRepriceBatch(n, lanes, price.data() + at);
}

namespace {
// LiabilitySum::add's loop, with the widest lanes the CPU has (each
// partial's additions are the same, in the same order, in every clone).
MUTUALAB_SIMD_CLONES void addInPartials(double* partial, const double* units, const double* price, std::size_t n) {
  // Whole groups of eight, then the rest: element i always goes to partial
  // i mod 8. Local partials, so the compiler need not assume the inputs
  // alias them: the groups' inner loop is then vector multiplies and adds.
  double p[kLiabilityPartials];
  for (std::size_t j = 0; j < kLiabilityPartials; ++j) p[j] = partial[j];
  std::size_t i = 0;
  for (; i + kLiabilityPartials <= n; i += kLiabilityPartials)
    for (std::size_t j = 0; j < kLiabilityPartials; ++j) p[j] += units[i + j] * price[i + j];
  for (std::size_t j = 0; i + j < n; ++j) p[j] += units[i + j] * price[i + j];
  for (std::size_t j = 0; j < kLiabilityPartials; ++j) partial[j] = p[j];
}
}  // namespace

void LiabilitySum::add(const double* units, const double* price, std::size_t n) { addInPartials(partial, units, price, n); }

double LiabilitySum::total() const {
  static_assert(kLiabilityPartials == 8);
  return ((partial[0] + partial[1]) + (partial[2] + partial[3])) + ((partial[4] + partial[5]) + (partial[6] + partial[7]));
}

MarkResult markPool(const MarkBook& marks, int pool, int t, const MarkTable& table, double coverShare,
                    MarkWorkspace& ws) {
  MarkResult r;
  LiabilitySum sum;
  marks.forEachCohort(pool, [&](const MarkCohort& c, int asset) {
    assert(c.expiry - t >= 0 && c.expiry - t <= table.maxStepsLeft());
    const MarkTerms& terms = table.at(asset, c.expiry - t);
    for (std::size_t from = 0; from < c.size(); from += kMarkPiece) {
      const std::size_t n = c.size() - from < kMarkPiece ? c.size() - from : kMarkPiece;
      const CohortLanes lanes{c.kind.data() + from, c.coverStrike.data() + from, c.logMoneyness.data() + from,
                              c.invStrike.data() + from};
      bsMarkCohort(n, terms, lanes, ws.price.data());
      sum.add(c.units.data() + from, ws.price.data(), n);
    }
    r.lanes += c.size();
  });
  r.liability = coverShare * sum.total();
  return r;
}

}  // namespace mutualab
