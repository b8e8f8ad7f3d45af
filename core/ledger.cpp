#include "core/ledger.h"

#include <cstddef>

#include "core/simd_clones.h"

namespace mutualab {

Ledger::Ledger(int writers, int lps, int pools)
    : writers_(writers),
      lps_(lps),
      pools_(pools),
      balance_(static_cast<size_t>(2 * writers + lps + 2 * pools + kSharedCount), 0) {}

// Every step sums every account (the conservation check): a flat loop of
// integer additions, exact in any order, so the widest lanes the CPU has.
namespace {
MUTUALAB_SIMD_CLONES Money sumOf(const Money* b, std::size_t n) {
  Money s = 0;
  for (std::size_t i = 0; i < n; ++i) s += b[i];
  return s;
}
}  // namespace

Money Ledger::total() const { return sumOf(balance_.data(), balance_.size()); }

Money Ledger::mostNegative() const {
  Money worst = 0;
  const int ext = external();
  for (int i = 0; i < accountCount(); ++i)
    if (i != ext && balance_[i] < worst) worst = balance_[i];
  return worst;
}

}  // namespace mutualab
