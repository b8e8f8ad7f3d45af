// Mark-to-model's pricing: each step, every open pooled position's cover
// (a put or call struck at its cover strike) is priced at the pool's
// pricing volatility with its remaining life, through the kernel's path for
// options whose strike is known in advance (bsRepriceBatch's lanes).
//
// Why that path: what a lane needs beyond its position's own terms is the
// same for every position on one asset with the same steps left (and so,
// as every position opens with the scenario's tenor, the same step opened),
// so a step computes it once per (asset, steps left) in a MarkTable: σ√t
// and its inverse, e^{-rt}, S·e^{rt}, e^{-rt}/S and ln(S/S0) + rt, S0 being
// the spot the position opened at. What depends on the position alone,
// ln(S0/K) of its cover strike K and 1/K, is computed once when it opens
// (its row in core/mark_book.h's MarkBook). Then ln(S/K') =
// ln(S/S0) + rt + ln(S0/K): a sum of terms of the size of the moves, so as
// accurate as the general kernel's ln(S/K'). A lane's setup is additions
// and multiplications, where the general kernel's has a log, a square root
// and three divisions. The price is bsPrice's to rounding (the Φ pair and the
// price are the general kernel's own), and the degenerate cases are
// bsPrice's: no time or volatility left gives the discounted intrinsic
// value, a cover strike at or below zero a worthless put.
//
// A pool's positions are priced a cohort at a time (core/mark_book.h: the
// positions it opened on one asset in one step, which share their terms),
// up to kMarkPiece lanes at a call of bsMarkCohort, which stages each chunk
// of lanes inside the kernel where it stays in the first level of cache.
// The liability is summed as the cohorts are priced, in their order, into
// eight partial sums (LiabilitySum). MarkWorkspace::stage and run price the
// same lanes in two steps, through arrays and bsRepriceBatch, with the same
// bits: what the floor benchmark prices (bench/floor_bench.cpp) and the
// tests compare with.
#pragma once

#include <cstddef>
#include <vector>

#include "core/pricing_kernel.h"

namespace mutualab {

class Market;
class MarkBook;
struct MarkCohort;

inline constexpr std::size_t kMarkPiece = 512;

class MarkTable {
 public:
  // The terms of every asset at step t for 0..tenorSteps steps left, of
  // positions opened tenorSteps before they expire.
  void build(const Market& market, int t, double dt, double rate, int tenorSteps);
  const MarkTerms& at(int asset, int stepsLeft) const {
    return terms_[static_cast<std::size_t>(asset) * width_ + static_cast<std::size_t>(stepsLeft)];
  }
  int maxStepsLeft() const { return static_cast<int>(width_) - 1; }
  const MarkTerms* data() const { return terms_.data(); }
  std::size_t width() const { return width_; }

 private:
  std::vector<MarkTerms> terms_;  // [asset][steps left]
  std::size_t width_ = 0;
};

// Staged lanes and their prices (room for `lanes`, kMarkPiece unless given).
struct MarkWorkspace {
  std::vector<double> sign, strike, discountedStrike, sd, invSd, spot, logMoneyness, farRatio, price;
  explicit MarkWorkspace(std::size_t lanes = kMarkPiece);
  // Stages lanes [at, at + n) from rows [from, from + n) of `cohort`, whose
  // terms are `terms` (bsMarkLane: bsMarkCohort's staging, into these arrays).
  void stage(const MarkCohort& cohort, std::size_t from, std::size_t n, const MarkTerms& terms, std::size_t at = 0);
  // Prices lanes [at, at + n) into price[at, at + n).
  void run(std::size_t n, std::size_t at = 0);
};

// Σ units × price over a pool's positions, in the order they are priced,
// as eight partial sums: the k-th position of a piece (a call of add) goes
// to partial k mod 8, and the total adds them pairwise. Why: one running
// sum is a chain of dependent additions, one per position, which cost more
// than pricing them; eight chains are an eighth as long, and as the order
// is written here, not left to the compiler, every build (AVX-512, AVX2,
// SSE2, WebAssembly) adds the same numbers in the same order, to the same
// bits.
inline constexpr std::size_t kLiabilityPartials = 8;
struct LiabilitySum {
  double partial[kLiabilityPartials] = {};
  void add(const double* units, const double* price, std::size_t n);
  double total() const;  // ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7))
};

struct MarkResult {
  double liability = 0;   // coverShare × Σ units × price (LiabilitySum, over the cohorts in order)
  std::size_t lanes = 0;  // positions priced
};

// The cover of every open position of pool `pool`, at step t: its cohorts
// in `marks` (MarkBook::forEachCohort's order), from `table` (built at t,
// with room for every position's steps left).
MarkResult markPool(const MarkBook& marks, int pool, int t, const MarkTable& table, double coverShare,
                    MarkWorkspace& ws);

}  // namespace mutualab
