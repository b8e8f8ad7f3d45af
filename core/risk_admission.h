// A pool's admission by VaR (AdmissionDef rule "var"; docs/risk.md,
// "Admission by VaR"): the pool takes a new position only while its book's
// liability at the horizon, at the chosen confidence, stays within its LP
// capital and insurance fund.
//
// Every `everySteps` steps the risk engine measures the pool's open book in
// full (core/risk_engine.h): V(0), VaR and ES of the loss L = V(H) - V(0).
// The book's liability at the level is V(0) + VaR (or + ES). Pricing the
// whole book again for every quote would cost samples x positions per
// quote, so between measures a new position is charged the larger of two
// figures, each read off a few samples the measure keeps:
//  - its Euler marginal on the book: its value now plus its mean loss over
//    the samples the book's measure is made of (the ES tail; for VaR the
//    window of ranks around it, scaled as component VaR is), which is
//    d(V(0) + ES)/d(size) (or + VaR) at first order;
//  - its standalone liability: its value now plus its own ES (or VaR), its
//    samples ranked by a reference option of its kind on its asset (an
//    at-the-money put or call, as long as the tenor), whose tail is its own
//    wherever the two rank the samples alike.
// ES is subadditive, ES(A + B) <= ES(A) + ES(B), so charging the standalone
// figure keeps the liability counted between measures at or above what a
// measure of the book with the new positions would find on the same market:
// a first-order marginal alone undercharges what is large against the book
// or unlike it (calls on a book whose tail is a crash are charged near 0,
// and a pool could fill with them until the next measure). An empty book is
// charged the standalone figure alone.
//
// What a pool takes adds to the liability until the next measure re-prices
// everything; what expires before then takes its charge off (each measured
// position is charged its Euler share of the measure, so the shares add up
// to the liability). A charge is never below 0: every position is a short
// option, worth at least 0 in every sample, so none can lower the level's
// quantile (or tail mean) of the book's value; a first-order marginal below
// 0 (VaR's window, scaled) is an artifact.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/book.h"
#include "core/scenario.h"

namespace mutualab {

// A position a pool is asked to cover, as the risk engine values it (BookPosition's terms).
struct AdmissionCandidate {
  std::uint8_t kind = 1;   // OptionKind's value
  int asset = 0;
  double spot = 0;         // currency
  double coverStrike = 0;  // currency
  double coverShare = 1;
  double units = 0;
  double maxCover = 0;     // currency; <= 0: no cap
  double expiryDays = 0;   // remaining life, days
  double volAnnual = 0;    // the pool's pricing volatility
};

struct RepricedCandidate;  // risk_admission.cpp: a candidate's legs, value now and where a sample prices it

class RiskAdmission {
 public:
  // Measures `book` (the pool's open book now) at `step`, drawing from `seed`,
  // and ranks the same samples by each option of `reference` (referenceBook:
  // one put and one call per asset the pool underwrites) on its own.
  void measure(const RiskBook& book, const RiskBook& reference, const MarketDef& market, const AdmissionDef& def,
               double daysPerYear, std::uint64_t seed, int step);
  // What the candidate adds to the liability at the level between measures:
  // the larger of marginal() and standalone().
  double added(const AdmissionCandidate& c, double rateAnnual) const;
  // Its Euler marginal on the book: its value now plus its mean loss over the
  // book's measure's samples (ES: the tail; VaR: the window around the VaR
  // rank, scaled by VaR / the window's mean loss, as component VaR is); its
  // value now when the book was empty. At least 0.
  double marginal(const AdmissionCandidate& c, double rateAnnual) const;
  // Its standalone liability: the same over the samples of the reference
  // option of its kind on its asset, its value now when there is none. At least 0.
  double standalone(const AdmissionCandidate& c, double rateAnnual) const;
  // The charge of each position of the book last measured, in its order:
  // marginal() of it as a candidate, its Euler share of the liability.
  void charges(const RiskBook& book, double rateAnnual, std::vector<double>& out) const;
  // The book's liability at the level now: as measured, plus what was
  // taken since, less the charges of what expired since (never below 0).
  double liability() const { return std::max(0.0, base_ + taken_ - released_); }
  // Within the resources, and never with none: a position charged 0 (a call
  // on a book whose tail is a crash, expiring by the horizon) is still risk
  // that a pool with no capital cannot carry.
  bool admits(double addedLiability, double resources) const {
    return resources > 0 && liability() + addedLiability <= resources;
  }
  void took(double addedLiability) { taken_ += addedLiability; }
  void released(double charge) { released_ += charge; }
  // Every position of the pool has expired: its liability is exactly 0
  // (what was taken less what was released would leave a rounding residue,
  // e.g. 1.4e-14, which a pool with no capital would count as over it).
  void emptied() { base_ = taken_ = released_ = 0; }

  int measuredAt() const { return step_; }  // -1 before the first measure
  const AdmissionDef& def() const { return def_; }  // the terms of the last measure
  double valueNow() const { return valueNow_; }             // V(0) at the last measure, currency
  double valueAtRisk() const { return valueAtRisk_; }       // VaR of L at the level, currency
  double expectedShortfall() const { return expectedShortfall_; }  // ES of L at the level, currency
  int keptSamples() const { return book_.kept(); }  // of the book's measure

 private:
  // The samples a ranking keeps (the ES tail, or VaR's window), with their
  // market paths: what a charge is read off.
  struct Tail {
    int asset = -1;         // a reference option's asset and kind (OptionKind's value); -1 for the book's
    std::uint8_t kind = 0;
    std::vector<double> growth;  // kept sample j, day d, asset a: [(j (H + 1) + d) assets + a]
    std::vector<double> ewma;    // the pricing estimator's increment there (RiskEngine::blockPaths)
    int count = 0;               // kept samples
    double varScale = 1;         // measure "var": VaR / the mean loss over its window
    int kept() const { return count; }
  };
  // The candidate's value now plus its mean loss over the tail's samples
  // (scaled for VaR), at least 0; its value now over no samples.
  double chargeOn(const Tail& tail, const AdmissionCandidate& c, const RepricedCandidate& r, double rateAnnual) const;
  // The reference tail of the candidate's asset and kind (an empty one if none).
  const Tail& referenceFor(const AdmissionCandidate& c) const;

  AdmissionDef def_;
  int assets_ = 0;
  double daysPerYear_ = 365, lambda_ = 0.94;
  bool byEwma_ = false;  // repriced at the estimator carried along each path (RiskEngine::ewmaRemark)
  Tail book_;
  std::vector<Tail> references_;
  double base_ = 0, taken_ = 0, released_ = 0;
  double valueNow_ = 0, valueAtRisk_ = 0, expectedShortfall_ = 0;
  int step_ = -1;
};

// A book position as a candidate (its terms now, its remaining life).
AdmissionCandidate candidateOf(const BookPosition& p);

// The reference book whose options rank the samples of a candidate's
// standalone liability: one at-the-money put and one call of one unit per
// asset in `assets` (spot and pricing volatility now), expiring after
// `expiryDays`.
RiskBook referenceBook(const std::vector<int>& assets, const std::vector<double>& spots, const std::vector<double>& vols,
                       double expiryDays, const std::vector<std::string>& assetNames);

}  // namespace mutualab
