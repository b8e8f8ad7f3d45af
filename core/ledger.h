// The ledger: every unit of cash lives in exactly one account, and cash only
// moves by transfer between two accounts, so the total never changes. The
// world checks the total after every step (ledger_max_imbalance).
//
// Account layout is fixed at construction (flat array, no allocation in a
// step): writers' free cash, writers' posted collateral, LPs' cash, each
// pool's capital and insurance fund, then the accounts shared by all pools.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

#include "core/money.h"

namespace mutualab {

class Ledger {
 public:
  // Accounts shared by every pool, after the pools' own.
  enum Shared : int {
    kBackstop = 0,    // the shared backstop's capital; absorbs losses after a pool's LP capital
    kExternal,        // the world outside: buyers' premiums and payoffs; may go negative
    kInTransit,       // backstop payments crossing a bridge to a pool on another chain
    kLostInTransit,   // bridge transfers that failed: gone, but accounted for
    kSharedCount
  };

  Ledger() = default;
  Ledger(int writers, int lps, int pools = 1);

  int writerCash(int w) const { return w; }
  int writerCollateral(int w) const { return writers_ + w; }
  int lpCash(int l) const { return 2 * writers_ + l; }
  // LP capital of pool k: what its shares are a claim on, incl. retained fees.
  int poolCapital(int k) const { return 2 * writers_ + lps_ + 2 * k; }
  // Insurance fund of pool k: fed by a share of its fees; absorbs its losses before LP capital.
  int insuranceFund(int k) const { return 2 * writers_ + lps_ + 2 * k + 1; }
  int shared(Shared n) const { return 2 * writers_ + lps_ + 2 * pools_ + n; }
  int backstop() const { return shared(kBackstop); }
  int external() const { return shared(kExternal); }
  int inTransit() const { return shared(kInTransit); }
  int lostInTransit() const { return shared(kLostInTransit); }

  Money balance(int account) const { return balance_[account]; }
  const Money* balances() const { return balance_.data(); }  // indexed by account (to prefetch a row)
  int accountCount() const { return static_cast<int>(balance_.size()); }

  // Creates money only at set-up (initial endowments), against kExternal so
  // the total stays the same.
  void endow(int account, Money amount) { transfer(external(), account, amount); }

  // Moves `amount` >= 0. Only kExternal may go negative.
  void transfer(int from, int to, Money amount) {
    assert(amount >= 0);
    balance_[from] -= amount;
    balance_[to] += amount;
    assert(from == external() || balance_[from] >= 0);
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
  int pools_ = 0;
  std::vector<Money> balance_;
};

}  // namespace mutualab
