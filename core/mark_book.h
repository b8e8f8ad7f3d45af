// What mark-to-model needs of each open pooled position, by cohort: the
// positions a pool opened on one asset in one step. Every position opens
// with the scenario's tenor, so a cohort shares its expiry, and so its
// steps left and its MarkTable terms at every step (core/mark_to_model.h):
// pricing a cohort reads its rows in order, from arrays of their own, with
// one set of terms, where pricing from the position book would gather each
// position's fields from arrays indexed by slot (a book's slots are handed
// out as positions come and go, so a pool's are scattered among the
// silo's and other pools'), and each position's terms by its asset and
// expiry.
//
// A cohort is filled in the step its positions open (add, then
// computeCoverTerms once the step's trades are in) and emptied, whole, in
// the step they expire (expire): positions close only at expiry. The
// cohorts sit in a ring of tenor + 1 expiries per pool and asset, so a
// cohort's arrays are reused tenor + 1 steps later and a step allocates
// only when a cohort outgrows every one before it in its place.
//
// The order of rows is the order positions opened, and a pool's liability
// is summed in that order, cohort by cohort (core/mark_to_model.h's
// LiabilitySum). Each row keeps its position's slot in the book, so that a
// row can be traced to its position (tests/core/mark_book_test.cpp ties
// every open pooled position to exactly one row on every step).
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mutualab {

class Market;

struct MarkCohort {
  int expiry = -1;                   // the step its positions expire (-1: never used)
  std::vector<int> slot;             // each row's position in the book
  std::vector<std::uint8_t> kind;    // OptionKind
  std::vector<double> coverStrike;   // K: where the pool's cover starts (core/position_book.h's coverStrikeOf)
  std::vector<double> logMoneyness;  // ln(S0/K), S0 the spot it opened at (0 where K <= 0 or S0 <= 0)
  std::vector<double> invStrike;     // 1/K (0 where K <= 0)
  std::vector<double> units;
  std::size_t size() const { return slot.size(); }
};

class MarkBook {
 public:
  // Empties it, for pools 0..pools-1 and assets 0..assets-1, positions
  // expiring tenorSteps steps after they open.
  void reset(int pools, int assets, int tenorSteps);

  // A pooled position opened this step: its row in its cohort. Its cover
  // terms come with the step's others (computeCoverTerms).
  void add(int pool, int asset, int expiry, int slot, std::uint8_t kind, double coverStrike, double units) {
    MarkCohort& c = at(pool, asset, expiry);
    assert(c.size() == 0 || c.expiry == expiry);
    c.expiry = expiry;
    c.slot.push_back(slot);
    c.kind.push_back(kind);
    c.coverStrike.push_back(coverStrike);
    c.logMoneyness.push_back(0.0);
    c.invStrike.push_back(0.0);
    c.units.push_back(units);
  }
  // The cover terms of the positions opened at step `opened` with expiry
  // `expiry` (every one added to those cohorts since they last expired), at
  // their assets' spots then: core/pricing_kernel.h's bsCoverTermsLane, a
  // batch per cohort.
  void computeCoverTerms(int expiry, const Market& market, int opened);
  // The positions expiring at `step` have closed: their cohorts empty.
  void expire(int step);

  // f(cohort, asset) for each of a pool's cohorts that holds positions.
  template <class F>
  void forEachCohort(int pool, F&& f) const {
    for (std::size_t r = 0; r < ring_; ++r)
      for (std::size_t a = 0; a < assets_; ++a) {
        const MarkCohort& c = cohorts_[index(static_cast<std::size_t>(pool), r, a)];
        if (c.size() > 0) f(c, static_cast<int>(a));
      }
  }

 private:
  // f(cohort, asset) for every pool's cohort of positions expiring at
  // `expiry` that holds any.
  template <class F>
  void forEachExpiring(int expiry, F&& f) {
    const std::size_t r = static_cast<std::size_t>(expiry) % ring_;
    for (std::size_t k = 0; k < pools_; ++k)
      for (std::size_t a = 0; a < assets_; ++a) {
        MarkCohort& c = cohorts_[index(k, r, a)];
        if (c.size() == 0) continue;
        assert(c.expiry == expiry);
        f(c, a);
      }
  }
  MarkCohort& at(int pool, int asset, int expiry) {
    assert(pool >= 0 && static_cast<std::size_t>(pool) < pools_ && asset >= 0 &&
           static_cast<std::size_t>(asset) < assets_ && expiry >= 0);
    return cohorts_[index(static_cast<std::size_t>(pool), static_cast<std::size_t>(expiry) % ring_,
                          static_cast<std::size_t>(asset))];
  }
  // Where a pool's cohort in ring place r (expiry mod ring) of an asset lies.
  std::size_t index(std::size_t pool, std::size_t r, std::size_t asset) const { return (pool * ring_ + r) * assets_ + asset; }

  std::size_t pools_ = 0, assets_ = 0, ring_ = 1;
  std::vector<MarkCohort> cohorts_;  // [pool][expiry mod ring][asset]
};

}  // namespace mutualab
