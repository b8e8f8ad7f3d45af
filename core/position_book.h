// The open positions of a replication: struct of arrays with a free list,
// sized at start for a part of the positions that could be open and grown
// (by a quarter, up to a limit) on the rare step that needs more, so its
// memory follows the open positions, not a worst case. Each position carries the id of the pool
// that covers it, or kSilo, and is linked into the list of its expiry step,
// so a step finds what expires without scanning the book.
//
// Slots are visited in index order wherever order matters (settlement is
// first come first served on a pool's capital), and the free list hands out
// the most recently freed slot first, then never-used slots in index order
// (growing appends slots in that order too, so the slot a position gets does
// not depend on the initial size): both are part of what makes a
// replication's numbers depend on its seed alone.
//
// Which slots are open is kept as bits, a word per 64 slots: all open
// slots, the siloed ones, and each pool's. A pass over open positions
// (the step's metrics) visits them in slot order at a word
// per 64 slots plus one visit per open position, instead of a branch per
// slot of the whole table.
#pragma once

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/money.h"

namespace mutualab {

// A position's cover strike: where the pool's cover starts, `dist` per unit
// beyond the strike (below it for a put, kind 1; above it for a call, kind 0).
// strike + sign·dist is strike ∓ dist exactly, with no branch on the kind.
inline double coverStrikeOf(std::uint8_t kind, double strike, double dist) { return strike + (1.0 - 2.0 * kind) * dist; }

inline constexpr std::int8_t kSilo = -1;  // PositionBook::pool of a siloed position (pools fit: kMaxPools = 32)

// What the open positions of one pool (or the silo) add up to, kept as they
// open and close, so a step's metrics need no pass over the book. Exact:
// each position enters as integers (its notional and theta x notional in
// units of 2^-32 currency, its collateral in Money's micro-units) summed in
// 128 bits, so a close takes out exactly what its open put in, the totals do
// not depend on the order positions came and went, and an empty pool's are 0.
struct OpenTotals {
  __extension__ using Wide = __int128;
  static constexpr double kUnit = 0x1p32;  // integer units per currency unit of notional and theta x notional
  std::int64_t count = 0;
  Wide notional = 0, thetaNotional = 0, collateral = 0;

  double notionalCurrency() const { return static_cast<double>(notional) / kUnit; }
  double thetaNotionalCurrency() const { return static_cast<double>(thetaNotional) / kUnit; }
  double collateralCurrency() const { return static_cast<double>(collateral) / kMicrosPerUnit; }
  // One position's share (by = +1 as it opens, -1 as it closes). A notional
  // is at most 1e9 (scenarios refuse more) and theta at most 1, so each term
  // fits 64 bits (2^32 x 1e9 < 2^63), converted there: a double-to-128-bit
  // conversion is a library call.
  void add(double notionalCurrency, double theta, Money posted, int by) {
    assert(notionalCurrency >= 0.0 && notionalCurrency < 0x1p31 && theta >= 0.0 && theta <= 1.0);
    count += by;
    notional += by * static_cast<Wide>(static_cast<std::int64_t>(notionalCurrency * kUnit));
    thetaNotional += by * static_cast<Wide>(static_cast<std::int64_t>(theta * notionalCurrency * kUnit));
    collateral += by * static_cast<Wide>(posted);
  }
  OpenTotals& operator+=(const OpenTotals& o) {
    count += o.count;
    notional += o.notional;
    thetaNotional += o.thetaNotional;
    collateral += o.collateral;
    return *this;
  }
};

struct PositionBook {
  std::vector<std::uint8_t> kind, hidden, informed;  // kind: OptionKind
  std::vector<std::int8_t> pool;                             // covering pool, or kSilo (set by assign)
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
  std::vector<double> theta;            // the writer's type (a copy: what the open totals added is what close takes out)
  std::vector<Money> collateral;        // posted

  // Empties the book and sizes it for `initial` open positions (growing to
  // at most `limit`), each quoted `offers` contracts (one per pool without
  // menus), expiring at steps 0..lastExpiry.
  void reset(int initial, int limit, int offers, int lastExpiry);
  int capacity() const { return static_cast<int>(kind.size()); }
  double coverStrike(int slot) const {
    const auto s = static_cast<std::size_t>(slot);
    return coverStrikeOf(kind[s], strike[s], coverStrikeDist[s]);
  }
  bool isOpen(int slot) const { return hasBit(open_, static_cast<std::size_t>(slot)); }
  int limit() const { return limit_; }
  int offers() const { return offers_; }
  double* offerFees(int slot) { return offerFee.data() + static_cast<size_t>(slot) * static_cast<size_t>(offers_); }
  const double* offerFees(int slot) const { return offerFee.data() + static_cast<size_t>(slot) * static_cast<size_t>(offers_); }
  // Marks a free slot open, expiring at step `expiryStep`, and returns it;
  // -1 when the book is at its limit and full.
  int open(int expiryStep);
  // Records who covers an opened slot: a pool's id, or kSilo. Call it once
  // its notional, theta and collateral are set: they enter the covering
  // pool's totals here, and leave them in close.
  void assign(int slot, int coveringPool);
  void close(int slot);
  // The open positions of a pool (or kSilo) together; zeros for a pool that
  // never covered one.
  OpenTotals totals(int coveringPool) const {
    const auto i = static_cast<std::size_t>(coveringPool + 1);
    return i < totals_.size() ? totals_[i] : OpenTotals{};
  }

  // How many open slots a pool (or kSilo) covers: a popcount over its bits.
  std::size_t countInPool(int coveringPool) const {
    std::size_t n = 0;
    if (const auto* bits = bitsOf(coveringPool))
      for (const std::uint64_t w : *bits) n += static_cast<std::size_t>(std::popcount(w));
    return n;
  }

  // f(slot) for each open slot, in slot order: the pooled ones (any pool),
  // or one pool's (or the siloed ones, for kSilo).
  template <class F>
  void forEachPooled(F&& f) const { visit(open_, &silo_, f); }
  template <class F>
  void forEachInPool(int coveringPool, F&& f) const {
    if (const auto* bits = bitsOf(coveringPool)) visit(*bits, nullptr, f);
  }
  // Appends the open slots that expire at `step`, in slot order.
  // (Not const: it orders them through a scratch bitmap of its own.)
  void expiringAt(int step, std::vector<int>& out);

  // Fetches slot s's fields into the cache ahead of their use (kWrite: to
  // be written). Each field is an array of its own, and the slots a step
  // opens or settles are scattered over the book, so without this every
  // field of such a position is a cache miss of its own. Inline: GCC
  // deletes out-of-line calls whose only effects are prefetches.
  template <bool kWrite>
  __attribute__((always_inline)) void prefetchRow(std::size_t s) const {
    constexpr int rw = kWrite ? 1 : 0;
    __builtin_prefetch(&kind[s], rw);
    __builtin_prefetch(&hidden[s], rw);
    __builtin_prefetch(&informed[s], rw);
    __builtin_prefetch(&pool[s], rw);
    __builtin_prefetch(&refPool[s], rw);
    __builtin_prefetch(&offer[s], rw);
    __builtin_prefetch(&writer[s], rw);
    __builtin_prefetch(&asset[s], rw);
    __builtin_prefetch(&tag[s], rw);
    __builtin_prefetch(&strike[s], rw);
    __builtin_prefetch(&units[s], rw);
    __builtin_prefetch(&notional[s], rw);
    __builtin_prefetch(&maxCover[s], rw);
    __builtin_prefetch(&premium[s], rw);
    __builtin_prefetch(&fee[s], rw);
    __builtin_prefetch(offerFee.data() + s * static_cast<std::size_t>(offers_), rw);
    __builtin_prefetch(&coverStrikeDist[s], rw);
    __builtin_prefetch(&modelCover[s], rw);
    __builtin_prefetch(&signal[s], rw);
    __builtin_prefetch(&theta[s], rw);
    __builtin_prefetch(&collateral[s], rw);
    if (kWrite) {
      __builtin_prefetch(&expiry[s], rw);
      __builtin_prefetch(&expiryNext_[s], rw);
    }
  }
  // The slot that the open() `ahead` calls from now will hand out (0: the
  // next), or -1 when fewer slots are free.
  int freeSlotAhead(std::size_t ahead) const { return ahead < free_.size() ? free_[free_.size() - 1 - ahead] : -1; }

 private:
  void grow(std::size_t to);  // to `to` slots, the new ones free
  // A pool's open-slot bits (the silo's for kSilo); null for a pool that never covered one.
  const std::vector<std::uint64_t>* bitsOf(int coveringPool) const {
    if (coveringPool == kSilo) return &silo_;
    const auto k = static_cast<std::size_t>(coveringPool);
    return k < pools_.size() ? &pools_[k] : nullptr;
  }
  // f(slot) for the set bits of `bits` less those of `less` (if given).
  template <class F>
  static void visit(const std::vector<std::uint64_t>& bits, const std::vector<std::uint64_t>* less, F& f) {
    for (std::size_t w = 0; w < bits.size(); ++w) {
      std::uint64_t b = less ? bits[w] & ~(*less)[w] : bits[w];
      while (b != 0) {
        f(static_cast<int>(w * 64 + static_cast<std::size_t>(std::countr_zero(b))));
        b &= b - 1;
      }
    }
  }
  static bool hasBit(const std::vector<std::uint64_t>& bits, std::size_t slot) { return (bits[slot / 64] >> (slot % 64)) & 1; }
  static void setBit(std::vector<std::uint64_t>& bits, std::size_t slot) { bits[slot / 64] |= std::uint64_t{1} << (slot % 64); }
  static void clearBit(std::vector<std::uint64_t>& bits, std::size_t slot) { bits[slot / 64] &= ~(std::uint64_t{1} << (slot % 64)); }

  int offers_ = 1;
  int limit_ = 0;
  std::vector<int> free_;
  std::vector<int> expiryHead_;  // per step: the last slot opened that expires then, or -1
  std::vector<int> expiryNext_;  // per slot: the previous slot opened with the same expiry, or -1
  std::vector<std::uint64_t> order_;  // expiringAt's scratch: all zero between calls
  std::vector<std::uint64_t> open_, silo_;        // open slots; open siloed slots
  std::vector<std::vector<std::uint64_t>> pools_;  // per pool: its open slots (a row added when a pool first covers one)
  std::vector<OpenTotals> totals_;                 // [0]: the silo's, [1 + k]: pool k's (added as pools_)
};

// Inline: the step calls them per trade and per settlement.
inline void PositionBook::assign(int slot, int coveringPool) {
  const std::size_t S = static_cast<std::size_t>(slot);
  pool[S] = static_cast<std::int8_t>(coveringPool);
  if (coveringPool == kSilo) {
    setBit(silo_, S);
  } else {
    const std::size_t k = static_cast<std::size_t>(coveringPool);
    while (pools_.size() <= k) pools_.emplace_back(open_.size(), std::uint64_t{0});
    setBit(pools_[k], S);
    if (totals_.size() < k + 2) totals_.resize(k + 2);
  }
  totals_[static_cast<std::size_t>(coveringPool + 1)].add(notional[S], theta[S], collateral[S], +1);
}

inline void PositionBook::close(int slot) {
  const std::size_t S = static_cast<std::size_t>(slot);
  // A slot opened but never assigned has no pool's bit and added nothing.
  const std::vector<std::uint64_t>* bits = bitsOf(pool[S]);
  if (bits && hasBit(*bits, S)) totals_[static_cast<std::size_t>(pool[S] + 1)].add(notional[S], theta[S], collateral[S], -1);
  clearBit(open_, S);
  clearBit(silo_, S);
  if (pool[S] != kSilo && static_cast<std::size_t>(pool[S]) < pools_.size()) clearBit(pools_[static_cast<std::size_t>(pool[S])], S);
  free_.push_back(slot);
}

}  // namespace mutualab
