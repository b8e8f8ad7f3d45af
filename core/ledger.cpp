#include "core/ledger.h"

namespace mutualab {

Ledger::Ledger(int writers, int lps, int pools)
    : writers_(writers),
      lps_(lps),
      pools_(pools),
      balance_(static_cast<size_t>(2 * writers + lps + 2 * pools + kSharedCount), 0) {}

Money Ledger::total() const {
  Money s = 0;
  for (Money b : balance_) s += b;
  return s;
}

Money Ledger::mostNegative() const {
  Money worst = 0;
  const int ext = external();
  for (int i = 0; i < accountCount(); ++i)
    if (i != ext && balance_[i] < worst) worst = balance_[i];
  return worst;
}

}  // namespace mutualab
