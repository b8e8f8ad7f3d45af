#include "core/risk_admission.h"

#include <cmath>

#include "core/black_scholes.h"
#include "core/cover_legs.h"
#include "core/risk_engine.h"

namespace mutualab {

void RiskAdmission::measure(const RiskBook& book, const RiskBook& reference, const MarketDef& market,
                            const AdmissionDef& def, double daysPerYear, std::uint64_t seed, int step) {
  def_ = def;
  assets_ = static_cast<int>(market.assets.size());
  daysPerYear_ = daysPerYear;
  stressMul_ = market.regime.enabled ? market.regime.stressVolMultiplier : 1.0;
  step_ = step;
  varScale_ = 1;
  base_ = taken_ = released_ = 0;
  valueNow_ = valueAtRisk_ = expectedShortfall_ = 0;
  growth_.clear();
  stress_.clear();
  const RiskBook& ranked = book.size() > 0 ? book : reference;
  if (ranked.size() == 0) return;  // nothing to rank by: a candidate is charged its value now

  RiskDef rd;
  rd.horizonDays = def.horizonDays;
  rd.levels = {def.level};
  rd.samples = def.samples;
  rd.seed = seed;
  rd.daysPerYear = daysPerYear;
  const RiskEngine engine(ranked, market, rd);
  RiskWorkspace ws = engine.workspace();
  const std::vector<double> losses = allLosses(engine, ws);
  std::vector<std::uint32_t> masks;
  const RiskSummary s = summarizeLosses(losses, rd.levels, masks);
  // VaR's marginal is read off a window of ranks around it, as component
  // VaR is (risk_engine.h): scaled by VaR / the window's mean loss, so N
  // identical positions are each charged exactly 1/N.
  const LevelRisk& l = s.levels[0];
  if (def.measure != "es") {
    double windowLoss = 0;
    int windowCount = 0;
    for (size_t i = 0; i < losses.size(); ++i)
      if (masks[i] & 2u) {
        windowLoss += losses[i];
        ++windowCount;
      }
    windowLoss /= windowCount;
    varScale_ = windowLoss != 0 ? l.valueAtRisk / windowLoss : 1.0;
  }
  if (book.size() > 0) {
    valueNow_ = engine.valueNow();
    valueAtRisk_ = l.valueAtRisk;
    expectedShortfall_ = l.expectedShortfall;
    base_ = valueNow_ + (def.measure == "es" ? expectedShortfall_ : valueAtRisk_);
  }
  // The measure's samples (bit 0: level 0's tail; bit 1: its VaR window), block by block.
  const std::uint32_t bit = def.measure == "es" ? 1u : 2u;
  const size_t G = static_cast<size_t>(def.horizonDays + 1) * static_cast<size_t>(assets_);
  std::vector<int> inBlock;
  for (int b = 0; b < engine.blocks(); ++b) {
    inBlock.clear();
    const long long first = engine.blockBegin(b);
    for (int i = 0; i < engine.blockSize(b); ++i)
      if (masks[static_cast<size_t>(first + i)] & bit) inBlock.push_back(i);
    if (inBlock.empty()) continue;
    const size_t at = stress_.size();
    growth_.resize((at + inBlock.size()) * G);
    stress_.resize(at + inBlock.size());
    engine.blockPaths(b, ws, inBlock, growth_.data() + at * G, stress_.data() + at);
  }
}

double RiskAdmission::added(const AdmissionCandidate& c, double rateAnnual) const {
  CoverLeg legs[2];
  const int n = coverLegs(c.kind, c.coverStrike, c.coverShare, c.units, c.maxCover, legs);
  const double perUnit = c.coverShare * c.units;
  const OptionKind kind = static_cast<OptionKind>(c.kind);
  double now = 0;
  for (int l = 0; l < n; ++l)
    now += legs[l].sign * bsPrice(kind, c.spot, legs[l].strike, rateAnnual, c.volAnnual, c.expiryDays / daysPerYear_);
  now *= perUnit;
  const int kept = keptSamples();
  if (kept == 0) return now;
  // As the engine reprices a leg at the horizon (risk_engine.cpp): read the
  // price on its expiry day if that comes first, with the remaining life.
  const int H = def_.horizonDays;
  const int obs = c.expiryDays >= H ? H : static_cast<int>(std::ceil(c.expiryDays - 1e-9));
  const double years = c.expiryDays > H ? (c.expiryDays - H) / daysPerYear_ : 0.0;
  const size_t G = static_cast<size_t>(H + 1) * static_cast<size_t>(assets_);
  const size_t idx = static_cast<size_t>(obs) * static_cast<size_t>(assets_) + static_cast<size_t>(c.asset);
  double sum = 0;
  for (int j = 0; j < kept; ++j) {
    const double spot = c.spot * growth_[static_cast<size_t>(j) * G + idx];
    const double vol = stress_[static_cast<size_t>(j)] ? c.volAnnual * stressMul_ : c.volAnnual;
    double v = 0;
    for (int l = 0; l < n; ++l) v += legs[l].sign * bsPrice(kind, spot, legs[l].strike, rateAnnual, vol, years);
    sum += v;
  }
  // Its value now plus its marginal loss (ES: the tail's mean; VaR: the window's, scaled).
  return std::max(0.0, now + varScale_ * (perUnit * sum / kept - now));
}

void RiskAdmission::charges(const RiskBook& book, double rateAnnual, std::vector<double>& out) const {
  out.resize(static_cast<size_t>(book.size()));
  for (int i = 0; i < book.size(); ++i) out[static_cast<size_t>(i)] = added(candidateOf(book.position(i)), rateAnnual);
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
  for (size_t i = 0; i < assets.size(); ++i) {
    BookPosition p;
    p.kind = OptionKind::Put;
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
