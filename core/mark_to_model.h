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
// (PositionBook::logCoverMoneyness, invCoverStrike). Then ln(S/K') =
// ln(S/S0) + rt + ln(S0/K): a sum of terms of the size of the moves, so as
// accurate as the general kernel's ln(S/K'). A lane's setup is additions
// and multiplications, where the general kernel's has a log, a square root
// and three divisions. The price is bsPrice's to rounding (the Φ pair and the
// price are the general kernel's own), and the degenerate cases are
// bsPrice's: no time or volatility left gives the discounted intrinsic
// value, a cover strike at or below zero a worthless put.
//
// A pool's positions are priced up to kMarkPiece at a time (whole words of
// the pool's slot bits, PositionBook::collectInPool), so the workspace does
// not grow with the book, through bsMarkBatch, which stages each chunk of
// lanes inside the kernel (bsMarkLane) where it stays in the first level of
// cache; the liability is summed in slot order, piece after piece.
// MarkWorkspace::stage and run do the same in two steps, through arrays and
// bsRepriceBatch, with the same bits: what the floor benchmark prices
// (bench/floor_bench.cpp) and the tests compare with.
#pragma once

#include <cstddef>
#include <vector>

#include "core/pricing_kernel.h"

namespace mutualab {

class Market;
struct PositionBook;

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

// A piece of slots, their staged lanes and their prices (kMarkPiece each), kept between steps.
struct MarkWorkspace {
  std::vector<double> sign, strike, discountedStrike, sd, invSd, spot, logMoneyness, farRatio, price;
  std::vector<int> slot;
  MarkWorkspace();
  // Stages lanes [0, n) from the open positions of `book` in slot[0, n)
  // (bsMarkLane: bsMarkBatch's staging, into these arrays).
  void stage(std::size_t n, const PositionBook& book, int t, const MarkTable& table);
  // Prices lanes [0, n) into price.
  void run(std::size_t n);
};

struct MarkResult {
  double liability = 0;   // coverShare × Σ units × price, in slot order
  std::size_t lanes = 0;  // positions priced
};

// The cover of every open position of pool `pool` in `book`, at step t,
// from `table` (built at t, with room for every position's steps left).
MarkResult markPool(const PositionBook& book, int pool, int t, const MarkTable& table, double coverShare,
                    MarkWorkspace& ws);

// The cover terms of the pooled positions a step opens (what a position's
// lanes need of its cover strike K, fixed when it opens at spot S0: ln(S0/K)
// and 1/K, core/pricing_kernel.h's bsCoverTermsLane), computed together once
// they are all accepted (bsCoverTermsBatch, over SIMD lanes), then written
// to the book. Its arrays are
// kept between steps, so a step allocates only when it opens more pooled
// positions than any before.
struct CoverTermsBatch {
  std::vector<int> slot;
  std::vector<double> spot, strike, logMoneyness, invStrike;
  std::size_t size = 0;

  void add(int positionSlot, double spotAtOpen, double coverStrike) {
    if (size == slot.size()) grow();
    slot[size] = positionSlot;
    spot[size] = spotAtOpen;
    strike[size] = coverStrike;
    ++size;
  }
  // Computes the terms of the positions added and writes them to `book`
  // (PositionBook::logCoverMoneyness, invCoverStrike); then empties the batch.
  void writeTo(PositionBook& book);

 private:
  void grow();
};

}  // namespace mutualab
