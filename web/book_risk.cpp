#include "web/book_risk.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/book.h"
#include "core/money.h"
#include "core/reverse_stress.h"
#include "core/risk_engine.h"
#include "core/rng.h"

namespace mutualab::web {

BookRiskDef bookRiskDefOf(const ScenarioDef& scenario) {
  BookRiskDef d;
  auto follow = [&d](const PoolDef& p) {
    if (!p.enabled || !p.admission.byRisk()) return false;
    d.level = p.admission.level;
    d.horizonDays = p.admission.horizonDays;
    return true;
  };
  if (scenario.pools.empty()) follow(scenario.pool);
  for (const PoolEntryDef& p : scenario.pools)
    if (follow(p.terms)) break;
  return d;
}

BookRiskTrack::BookRiskTrack(int steps, std::uint64_t seed, BookRiskDef def) : def_(def), seed_(seed), gap_(def.everySteps) {
  const size_t n = static_cast<size_t>(steps) + 1;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  var_.assign(n, nan);
  es_.assign(n, nan);
  now_.assign(n, nan);
  resources_.assign(n, nan);
  fall_.assign(n, nan);
}

namespace {
// V(0), V(0) + VaR and V(0) + ES of `book` at the level, on the samples `rd`
// draws, and with `fall` the reverse stress's every-asset-down break of the
// whole book against its layers (breakingFall).
struct Measured {
  double now = 0, var = 0, es = 0, fall = std::numeric_limits<double>::quiet_NaN();
};
Measured measureBook(const RiskBook& book, const World& w, const RiskDef& rd, bool fall = false) {
  if (book.size() == 0) return {};
  const RiskEngine engine(book, w.scenario().market, rd);
  RiskWorkspace ws = engine.workspace();
  const std::vector<double> losses = allLosses(engine, ws);
  std::vector<std::uint32_t> masks;
  const LevelRisk l = summarizeLosses(losses, rd.levels, masks).levels[0];
  Measured m{engine.valueNow(), engine.valueNow() + l.valueAtRisk, engine.valueNow() + l.expectedShortfall};
  if (fall) {
    const std::vector<ReverseDirection> down = {reverseDirections(book.assetNames).front()};
    // 5 % steps, then bisection: about 44 evaluations of the book, under a
    // tenth of the Monte Carlo's 1,000 samples.
    const ReverseBreak b = reverseStress(engine, down, book.capital, book.pools.size() > 1 ? &book.pools : nullptr,
                                         ReverseScan{0.05})
                               .front()
                               .breaks[static_cast<size_t>(ReverseTest::WholeBook)];
    m.fall = b.found ? b.move : -1.0;
  }
  return m;
}
}  // namespace

namespace {
// Open pooled positions, and the repricings a measure of them takes (with
// several pools every position is priced twice, in the whole book and in
// its pool's).
struct Work {
  int open = 0;
  double repricings = 0;
};
Work workOf(const World& w, int samples) {
  Work r;
  for (int k = 0; k < w.poolCount(); ++k) r.open += w.pool(k).openPositions;
  r.repricings = static_cast<double>(r.open) * samples * (w.poolCount() > 1 ? 2 : 1);
  return r;
}
}  // namespace

void BookRiskTrack::observe(const World& w) {
  const int t = w.currentStep();
  if (t < 0 || static_cast<size_t>(t) >= resources_.size()) return;
  const size_t T = static_cast<size_t>(t), n = resources_.size();
  const int P = w.poolCount();
  if (P > 1) poolResources_.resize(static_cast<size_t>(P) * n, std::numeric_limits<double>::quiet_NaN());
  Money layers = 0;
  for (int k = 0; k < P; ++k) {
    const Money own = w.ledger().balance(w.pool(k).capitalAccount) + w.ledger().balance(w.pool(k).fundAccount);
    layers += own;
    if (P > 1) poolResources_[static_cast<size_t>(k) * n + T] = toCurrency(own);
  }
  resources_[T] = toCurrency(layers);
  if (!live_) return;
  // At steps 1, 1 + everySteps, ... (more rarely on a big book, so a
  // measure stays within about 2 million repricings per everySteps steps),
  // the same steps however late the view went live, so a lesson can quote
  // them; and at the step the view goes live (setLive), so the chart is
  // not empty.
  gap_ = def_.everySteps * std::max(1, static_cast<int>(std::ceil(workOf(w, def_.samples).repricings / 1e6)));
  if (last_ >= 0 && (t - 1) % gap_ != 0) return;
  measure(w);
}

void BookRiskTrack::setLive(bool live, const World& w) {
  const bool wake = live && !live_;
  live_ = live;
  const int t = w.currentStep();
  if (wake && t >= 1 && t != last_ && static_cast<size_t>(t) < resources_.size()) measure(w);
}

void BookRiskTrack::measure(const World& w) {
  const int t = w.currentStep();
  const size_t T = static_cast<size_t>(t), n = resources_.size();
  const int P = w.poolCount();
  if (P > 1) {
    poolLiability_.resize(static_cast<size_t>(P) * n, std::numeric_limits<double>::quiet_NaN());
    poolByVar_.resize(static_cast<size_t>(P), 0);
  }
  // A frame must not stall on one measure: too big a book is left to
  // `mutualab run --book-at` and `mutualab risk`.
  const Work work = workOf(w, def_.samples);
  tooLarge_ = work.repricings > kMaxLiveRepricings ? work.open : 0;
  if (tooLarge_ > 0) return;
  last_ = t;
  RiskDef rd;
  rd.horizonDays = def_.horizonDays;
  rd.levels = {def_.level};
  rd.samples = def_.samples;
  rd.seed = splitmix64(seed_ ^ splitmix64(static_cast<std::uint64_t>(t)));
  rd.daysPerYear = w.scenario().sim.daysPerYear;
  const Measured all = measureBook(pooledBookOf(w), w, rd, /*fall=*/true);
  fall_[T] = all.fall;
  now_[T] = all.now;
  var_[T] = all.var;
  es_[T] = all.es;
  if (P > 1)
    for (int k = 0; k < P; ++k) {
      // The measure its admission uses now (governance may change it), as the latest measure shows.
      const AdmissionDef& a = w.pool(k).def.admission;
      poolByVar_[static_cast<size_t>(k)] = a.byRisk() && a.measure == "var";
      const Measured m = measureBook(pooledBookOf(w, k), w, rd);
      poolLiability_[static_cast<size_t>(k) * n + T] = poolByVar(k) ? m.var : m.es;
    }
}

}  // namespace mutualab::web
