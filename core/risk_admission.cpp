#include "core/risk_admission.h"

#include <cmath>
#include <numeric>

#include "core/black_scholes.h"
#include "core/cover_legs.h"
#include "core/risk_engine.h"

namespace mutualab {

// A candidate's cover as the engine reprices it at the horizon
// (risk_engine.cpp): its legs, its value now, and where and how its price
// is read in a sample (observationDay, lifeAtObservation).
struct RepricedCandidate {
  CoverLeg legs[2];
  int n = 0;
  OptionKind kind = OptionKind::Put;
  double perUnit = 0, now = 0, years = 0;
  double varDecayed = 0;  // λ^obsDay σ0²: the estimator's start on its observation day
  size_t index = 0;  // obsDay x assets + asset, in a sample's path
};

namespace {

// The rank window measure "var" reads a marginal off, scaled to VaR: VaR /
// the window's mean loss (1 under "es", or a window of mean 0).
double varScaleOf(const std::vector<double>& losses, const std::vector<std::uint32_t>& masks, const LevelRisk& l,
                  const AdmissionDef& def) {
  if (def.measure == "es") return 1.0;
  double windowLoss = 0;
  int windowCount = 0;
  for (size_t i = 0; i < losses.size(); ++i)
    if (masks[i] & 2u) {
      windowLoss += losses[i];
      ++windowCount;
    }
  windowLoss /= windowCount;
  return windowLoss != 0 ? l.valueAtRisk / windowLoss : 1.0;
}

RepricedCandidate repricedOf(const AdmissionCandidate& c, double rateAnnual, int horizonDays, int assets, double daysPerYear,
                             double lambda) {
  RepricedCandidate r;
  r.n = coverLegs(c.kind, c.coverStrike, c.coverShare, c.units, c.maxCover, r.legs);
  r.perUnit = c.coverShare * c.units;
  r.kind = static_cast<OptionKind>(c.kind);
  for (int l = 0; l < r.n; ++l)
    r.now += r.legs[l].sign * bsPrice(r.kind, c.spot, r.legs[l].strike, rateAnnual, c.volAnnual, c.expiryDays / daysPerYear);
  r.now *= r.perUnit;
  const int obs = observationDay(c.expiryDays, horizonDays);
  r.years = lifeAtObservation(c.expiryDays, horizonDays, daysPerYear);
  r.index = static_cast<size_t>(obs) * static_cast<size_t>(assets) + static_cast<size_t>(c.asset);
  const double vol = c.volAnnual > 0.0 ? c.volAnnual : 0.0;
  r.varDecayed = ewmaDecay(lambda, obs) * (vol * vol);
  return r;
}

// Its value per unit of cover in the sample whose path is `path` and the
// pricing estimator's increments `ewma` (as the engine reprices: with the
// estimator carried along the path, or at its fixed volatility).
double valueIn(const RepricedCandidate& r, const AdmissionCandidate& c, const double* path, const double* ewma, bool byEwma,
               double rateAnnual) {
  const double spot = c.spot * path[r.index];
  const double vol = byEwma ? std::sqrt(r.varDecayed + ewma[r.index]) : c.volAnnual;
  double v = 0;
  for (int l = 0; l < r.n; ++l) v += r.legs[l].sign * bsPrice(r.kind, spot, r.legs[l].strike, rateAnnual, vol, r.years);
  return v;
}

}  // namespace

void RiskAdmission::measure(const RiskBook& book, const RiskBook& reference, const MarketDef& market,
                            const AdmissionDef& def, double daysPerYear, std::uint64_t seed, int step) {
  def_ = def;
  assets_ = static_cast<int>(market.assets.size());
  daysPerYear_ = daysPerYear;
  lambda_ = market.ewmaLambda;
  byEwma_ = repricesByEwma(market);  // as the engine reprices
  step_ = step;
  base_ = taken_ = released_ = 0;
  valueNow_ = valueAtRisk_ = expectedShortfall_ = 0;
  book_ = Tail{};
  references_.clear();
  // The engine's market paths do not depend on the book: either draws them.
  const RiskBook& drawn = book.size() > 0 ? book : reference;
  if (drawn.size() == 0) return;  // nothing to rank by: a candidate is charged its value now

  RiskDef rd;
  rd.horizonDays = def.horizonDays;
  rd.levels = {def.level};
  rd.samples = def.samples;
  rd.seed = seed;
  rd.daysPerYear = daysPerYear;
  const RiskEngine engine(drawn, market, rd);
  RiskWorkspace ws = engine.workspace();
  const size_t G = static_cast<size_t>(def.horizonDays + 1) * static_cast<size_t>(assets_);
  const size_t samples = static_cast<size_t>(def.samples);
  // Each ranking's mask per sample (bit 0: the level's tail; bit 1: its VaR
  // window): the book's first when it has positions, then each reference option's.
  std::vector<std::vector<std::uint32_t>> masks;
  std::vector<Tail*> tails;
  if (book.size() > 0) {
    const std::vector<double> losses = allLosses(engine, ws);
    masks.emplace_back();
    const LevelRisk l = summarizeLosses(losses, rd.levels, masks.back()).levels[0];
    book_.varScale = varScaleOf(losses, masks.back(), l, def);
    valueNow_ = engine.valueNow();
    valueAtRisk_ = l.valueAtRisk;
    expectedShortfall_ = l.expectedShortfall;
    base_ = valueNow_ + (def.measure == "es" ? expectedShortfall_ : valueAtRisk_);
    tails.push_back(&book_);
  }
  // Each reference option's own loss in every sample, block by block from the paths.
  const int R = reference.size();
  references_.resize(static_cast<size_t>(R));
  std::vector<AdmissionCandidate> refs;
  std::vector<RepricedCandidate> priced;
  std::vector<std::vector<double>> refLosses(static_cast<size_t>(R), std::vector<double>(samples));
  for (int r = 0; r < R; ++r) {
    refs.push_back(candidateOf(reference.position(r)));
    priced.push_back(repricedOf(refs.back(), market.rateAnnual, def.horizonDays, assets_, daysPerYear, market.ewmaLambda));
  }
  std::vector<int> inBlock;
  std::vector<double> growth, ewma;
  if (R > 0)
    for (int b = 0; b < engine.blocks(); ++b) {
      const size_t n = static_cast<size_t>(engine.blockSize(b)), first = static_cast<size_t>(engine.blockBegin(b));
      inBlock.resize(n);
      std::iota(inBlock.begin(), inBlock.end(), 0);
      growth.resize(n * G);
      ewma.resize(n * G);
      engine.blockPaths(b, ws, inBlock, growth.data(), ewma.data());
      for (int r = 0; r < R; ++r) {
        const RepricedCandidate& p = priced[static_cast<size_t>(r)];
        double* out = refLosses[static_cast<size_t>(r)].data() + first;
        for (size_t i = 0; i < n; ++i)
          out[i] = p.perUnit * valueIn(p, refs[static_cast<size_t>(r)], growth.data() + i * G, ewma.data() + i * G, byEwma_,
                                       market.rateAnnual) -
                   p.now;
      }
    }
  for (int r = 0; r < R; ++r) {
    Tail& t = references_[static_cast<size_t>(r)];
    t.asset = refs[static_cast<size_t>(r)].asset;
    t.kind = refs[static_cast<size_t>(r)].kind;
    const std::vector<double>& losses = refLosses[static_cast<size_t>(r)];
    masks.emplace_back();
    std::vector<std::uint32_t>& mask = masks.back();
    const LevelRisk l = summarizeLosses(losses, rd.levels, mask).levels[0];
    if (def.measure != "es") {
      // Standalone VaR is the loss at VaR's own rank: keep that one sample
      // (the first whose loss is the VaR), where a window's mean scaled by
      // the reference's VaR would only approximate a candidate's (and could
      // pass a capped cover's cap).
      const auto at = std::find_if(losses.begin(), losses.end(), [&](double x) { return x == l.valueAtRisk; });
      const size_t i = static_cast<size_t>(at - losses.begin());
      std::fill(mask.begin(), mask.end(), 0u);
      mask[i] = 2u;
    }
    tails.push_back(&t);
  }
  // The kept samples' paths, block by block: those any ranking keeps drawn
  // once, each copied to the tails that keep it.
  const std::uint32_t bit = def.measure == "es" ? 1u : 2u;
  for (int b = 0; b < engine.blocks(); ++b) {
    inBlock.clear();
    const size_t first = static_cast<size_t>(engine.blockBegin(b));
    for (int i = 0; i < engine.blockSize(b); ++i)
      for (const auto& m : masks)
        if (m[first + static_cast<size_t>(i)] & bit) {
          inBlock.push_back(i);
          break;
        }
    if (inBlock.empty()) continue;
    growth.resize(inBlock.size() * G);
    ewma.resize(inBlock.size() * G);
    engine.blockPaths(b, ws, inBlock, growth.data(), ewma.data());
    for (size_t j = 0; j < inBlock.size(); ++j)
      for (size_t m = 0; m < masks.size(); ++m) {
        if (!(masks[m][first + static_cast<size_t>(inBlock[j])] & bit)) continue;
        Tail& t = *tails[m];
        t.growth.insert(t.growth.end(), growth.begin() + static_cast<std::ptrdiff_t>(j * G),
                        growth.begin() + static_cast<std::ptrdiff_t>((j + 1) * G));
        t.ewma.insert(t.ewma.end(), ewma.begin() + static_cast<std::ptrdiff_t>(j * G),
                      ewma.begin() + static_cast<std::ptrdiff_t>((j + 1) * G));
        ++t.count;
      }
  }
}

double RiskAdmission::chargeOn(const Tail& tail, const AdmissionCandidate& c, const RepricedCandidate& r, double rateAnnual) const {
  const int kept = tail.kept();
  if (kept == 0) return r.now;
  const size_t G = static_cast<size_t>(def_.horizonDays + 1) * static_cast<size_t>(assets_);
  double sum = 0;
  for (int j = 0; j < kept; ++j)
    sum += valueIn(r, c, tail.growth.data() + static_cast<size_t>(j) * G, tail.ewma.data() + static_cast<size_t>(j) * G,
                   byEwma_, rateAnnual);
  // Its value now plus its marginal loss (ES: the tail's mean; VaR: the window's, scaled).
  return std::max(0.0, r.now + tail.varScale * (r.perUnit * sum / kept - r.now));
}

const RiskAdmission::Tail& RiskAdmission::referenceFor(const AdmissionCandidate& c) const {
  static const Tail kNone;
  for (const Tail& t : references_)
    if (t.asset == c.asset && t.kind == c.kind) return t;
  return kNone;
}

double RiskAdmission::marginal(const AdmissionCandidate& c, double rateAnnual) const {
  return chargeOn(book_, c, repricedOf(c, rateAnnual, def_.horizonDays, assets_, daysPerYear_, lambda_), rateAnnual);
}

double RiskAdmission::standalone(const AdmissionCandidate& c, double rateAnnual) const {
  return chargeOn(referenceFor(c), c, repricedOf(c, rateAnnual, def_.horizonDays, assets_, daysPerYear_, lambda_), rateAnnual);
}

double RiskAdmission::added(const AdmissionCandidate& c, double rateAnnual) const {
  // Priced once for both figures: this runs for every quote a VaR pool gets.
  const RepricedCandidate r = repricedOf(c, rateAnnual, def_.horizonDays, assets_, daysPerYear_, lambda_);
  return std::max(chargeOn(book_, c, r, rateAnnual), chargeOn(referenceFor(c), c, r, rateAnnual));
}

void RiskAdmission::charges(const RiskBook& book, double rateAnnual, std::vector<double>& out) const {
  out.resize(static_cast<size_t>(book.size()));
  for (int i = 0; i < book.size(); ++i) out[static_cast<size_t>(i)] = marginal(candidateOf(book.position(i)), rateAnnual);
}

AdmissionCandidate candidateOf(const BookPosition& p) {
  AdmissionCandidate c;
  c.kind = static_cast<std::uint8_t>(p.kind);
  c.asset = p.asset;
  c.spot = p.spot;
  c.coverStrike = p.coverStrike;
  c.coverShare = p.coverShare;
  c.units = p.units;
  c.maxCover = p.maxCover;
  c.expiryDays = p.expiryDays;
  c.volAnnual = p.volAnnual;
  return c;
}

RiskBook referenceBook(const std::vector<int>& assets, const std::vector<double>& spots, const std::vector<double>& vols,
                       double expiryDays, const std::vector<std::string>& assetNames) {
  RiskBook out;
  out.assetNames = assetNames;
  for (size_t i = 0; i < assets.size(); ++i)
    for (const OptionKind kind : {OptionKind::Put, OptionKind::Call}) {
      BookPosition p;
      p.kind = kind;
      p.asset = assets[i];
      p.spot = spots[i];
      p.strike = p.coverStrike = spots[i];
      p.units = 1;
      p.expiryDays = expiryDays;
      p.volAnnual = vols[i];
      p.writer = 0;
      out.add(p);
    }
  return out;
}

}  // namespace mutualab
