#include "core/mark_book.h"

#include "core/market.h"
#include "core/pricing_kernel.h"

namespace mutualab {

void MarkBook::reset(int pools, int assets, int tenorSteps) {
  pools_ = static_cast<std::size_t>(pools > 0 ? pools : 0);
  assets_ = static_cast<std::size_t>(assets > 0 ? assets : 0);
  ring_ = static_cast<std::size_t>(tenorSteps > 0 ? tenorSteps : 0) + 1;
  cohorts_.assign(pools_ * ring_ * assets_, MarkCohort{});
}

void MarkBook::computeCoverTerms(int expiry, const Market& market, int opened) {
  forEachExpiring(expiry, [&](MarkCohort& c, std::size_t asset) {
    bsCoverTermsBatch(c.size(), market.price(static_cast<int>(asset), opened), c.coverStrike.data(),
                      c.logMoneyness.data(), c.invStrike.data());
  });
}

void MarkBook::expire(int step) {
  if (step < 0) return;
  forEachExpiring(step, [](MarkCohort& c, std::size_t) {
    // clear() keeps each array's room for the cohort that opens here next.
    c.slot.clear();
    c.kind.clear();
    c.coverStrike.clear();
    c.logMoneyness.clear();
    c.invStrike.clear();
    c.units.clear();
  });
}

}  // namespace mutualab
