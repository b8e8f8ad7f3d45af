// The open positions of a replication: struct of arrays with a fixed
// capacity (sized at start) and a free list, so opening and closing a
// position never allocates. Each position carries the id of the pool that
// covers it, or kSilo.
//
// Slots are visited in index order wherever order matters (settlement is
// first come first served on a pool's capital), and the free list hands out
// the most recently freed slot first: both are part of what makes a
// replication's numbers depend on its seed alone.
#pragma once

#include <cstdint>
#include <vector>

#include "core/money.h"

namespace mutualab {

inline constexpr std::int8_t kSilo = -1;  // PositionBook::pool of a siloed position (pools fit: kMaxPools = 32)

struct PositionBook {
  std::vector<std::uint8_t> active, kind, hidden, informed;  // kind: OptionKind
  std::vector<std::int8_t> pool;                             // covering pool, or kSilo (one byte: the step scans it)
  std::vector<int> writer, asset, expiry, tag;               // expiry: step
  std::vector<double> strike, units, notional;
  std::vector<double> maxCover;         // the most the pool can pay on it, currency (0 if siloed)
  std::vector<std::int8_t> refPool;     // the covering pool, or (siloed) the quote's reference pool
  std::vector<double> premium;
  std::vector<double> fee;              // the reference pool's quote (what a learner conditioned on)
  std::vector<std::int16_t> offer;      // the offer (a pool's contract) taken, or (siloed) the quote's reference offer
  std::vector<double> offerFee;         // every offer's quote, offers() per slot (learners' counterfactuals)
  std::vector<double> coverStrikeDist;  // strike to the cover strike, per unit: refPool's collateral per unit
  std::vector<double> modelCover;       // the pool's model expected cover at origination (its calibration)
  std::vector<double> signal;           // the writer's private signal on this position
  std::vector<Money> collateral;        // posted

  // Empties the book and sizes it for `capacity` open positions, each quoted
  // `offers` contracts (one per pool without menus).
  void reset(int capacity, int offers);
  int capacity() const { return static_cast<int>(active.size()); }
  int offers() const { return offers_; }
  double* offerFees(int slot) { return offerFee.data() + static_cast<size_t>(slot) * static_cast<size_t>(offers_); }
  const double* offerFees(int slot) const { return offerFee.data() + static_cast<size_t>(slot) * static_cast<size_t>(offers_); }
  // Marks a free slot active and returns it; -1 when the book is full.
  int open();
  void close(int slot);

 private:
  int offers_ = 1;
  std::vector<int> free_;
};

}  // namespace mutualab
