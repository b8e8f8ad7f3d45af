// The ledger: every unit of cash lives in exactly one account, and cash only
// moves by transfer between two accounts, so the total never changes. The
// world checks the total after every step (ledger_max_imbalance).
//
// Account layout is fixed at construction (flat array, no allocation in a
// step): writers' free cash, writers' posted collateral, LPs' cash, then the
// pool's named accounts.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

#include "core/money.h"

namespace mutualab {

class Ledger {
 public:
  // Named accounts after the per-agent ones.
  enum Named : int {
    kPoolCapital = 0,   // LP capital (what pool shares are a claim on), incl. retained fees
    kInsuranceFund,     // fed by a share of fees; absorbs losses before LP capital
    kBackstop,          // external backstop capital; absorbs losses after LP capital
    kExternal,          // the world outside: buyers' premiums and payoffs; may go negative
    kNamedCount
  };

  Ledger() = default;
  Ledger(int writers, int lps);

  int writerCash(int w) const { return w; }
  int writerCollateral(int w) const { return writers_ + w; }
  int lpCash(int l) const { return 2 * writers_ + l; }
  int named(Named n) const { return 2 * writers_ + lps_ + n; }

  Money balance(int account) const { return balance_[account]; }
  int accountCount() const { return static_cast<int>(balance_.size()); }

  // Creates money only at set-up (initial endowments), against kExternal so
  // the total stays the same.
  void endow(int account, Money amount) { transfer(named(kExternal), account, amount); }

  // Moves `amount` >= 0. Only kExternal may go negative.
  void transfer(int from, int to, Money amount) {
    assert(amount >= 0);
    balance_[from] -= amount;
    balance_[to] += amount;
    assert(from == named(kExternal) || balance_[from] >= 0);
  }

  // Moves min(amount, balance of from) and returns what moved.
  Money transferUpTo(int from, int to, Money amount) {
    const Money m = amount < balance_[from] ? amount : balance_[from];
    if (m > 0) transfer(from, to, m);
    return m > 0 ? m : 0;
  }

  // Sum of all balances; zero for a consistent ledger (endowments come from kExternal).
  Money total() const;
  // The most negative balance among accounts that must not go negative (0 if none).
  Money mostNegative() const;

 private:
  int writers_ = 0;
  int lps_ = 0;
  std::vector<Money> balance_;
};

}  // namespace mutualab
