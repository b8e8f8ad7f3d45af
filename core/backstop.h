// The backstop: capital shared by the pools that pays a pool's claims once
// the pool's own layers (writer collateral, retained share, insurance fund,
// LP capital) are spent, before a claim goes unpaid. It is funded by its
// initial capital and by a share of every pool's fees, and it records whose
// money paid whose claims: the contagion matrix.
//
// A payment toward a pool on another chain crosses a bridge (bridge.h): it
// leaves the backstop now and reaches the buyers later, or never.
//
// Coverage between pools claiming in the same step:
//   first-come   - pays each claim as it settles, while money lasts (the one
//                  pool's backstop, pool.backstopCapital, works this way);
//   pro-rata     - collects the step's claims and pays every one the same
//                  fraction, the whole claim if the balance allows;
//   cap-per-step - pays as claims settle, but at most capPerPoolPerStep to
//                  one pool in one step.
#pragma once

#include <cstdint>
#include <vector>

#include "core/bridge.h"
#include "core/ledger.h"
#include "core/money.h"
#include "core/scenario.h"

namespace mutualab {

enum class Coverage { FirstCome, ProRata, CapPerStep };

struct Backstop {
  int account = -1;    // its ledger account
  Money initial = 0;   // capital at start
  Coverage coverage = Coverage::FirstCome;
  Money capPerStep = 0;
  int pools = 0;
  // What of the balance each contributor owns, currency: pools 0..pools-1
  // (their fee shares), then the initial capital. Payments draw on every
  // stake pro rata.
  std::vector<double> stake;
  // paid[c * pools + j]: what contributor c's stake paid toward pool j's
  // claims, currency (c = pools: the initial capital).
  std::vector<double> paid;
  std::vector<Money> paidTo;    // per pool, cumulative (sent, whether or not it arrived)
  std::vector<Money> feesFrom;  // per pool, cumulative fee shares received
  std::vector<std::uint8_t> bridged;  // per pool: on another chain than the backstop
  std::vector<int> poolChain;
  Bridges* bridges = nullptr;

  // Takes the ledger's backstop account and endows it with def.capital.
  // poolChains: each pool's chain (index into the scenario's chains),
  // backstopChain: its own.
  void setUp(Ledger& ledger, const BackstopDef& def, const std::vector<int>& poolChains, int backstopChain,
             Bridges* bridges, int claimCapacity);
  Money balance(const Ledger& ledger) const { return ledger.balance(account); }
  // Whether settle() may draw on it directly for pool k's claims.
  bool paysInWaterfall(int pool) const { return coverage == Coverage::FirstCome && !bridged[static_cast<size_t>(pool)]; }

  // Pool k's fee share arrives (already moved in the ledger).
  void funded(int pool, Money amount);
  // Records a payment the waterfall made directly (first-come).
  void paidInWaterfall(int pool, Money amount) { attribute(pool, amount); }
  // first-come across a bridge, or cap-per-step: pays what it can of pool
  // k's unpaid claim now (within the cap); returns {paid to buyers now,
  // sent over a bridge}.
  struct Paid {
    Money now = 0, sent = 0;
  };
  Paid pay(Ledger& ledger, int pool, Money claim, int t);
  // pro-rata: records pool k's unpaid claim; resolveClaims pays them.
  void claim(int pool, Money amount);
  // Pays this step's claims and calls onPaid(pool, Paid) for each.
  template <class F>
  void resolveClaims(Ledger& ledger, int t, F&& onPaid);
  // Clears the per-step state.
  void endStep();

 private:
  struct Claim {
    int pool = 0;
    Money amount = 0;
  };
  void attribute(int pool, Money amount);
  // Moves a payment out: to the buyers, or onto the bridge to the pool's chain.
  Paid release(Ledger& ledger, int pool, Money amount, int t);
  std::vector<Claim> claims_;
  std::vector<Money> drawnThisStep_;
};

template <class F>
void Backstop::resolveClaims(Ledger& ledger, int t, F&& onPaid) {
  if (claims_.empty()) return;
  Money total = 0;
  for (const Claim& c : claims_) total += c.amount;
  const Money available = balance(ledger);
  for (size_t i = 0; i < claims_.size(); ++i) {
    const Claim& c = claims_[i];
    // Each claim gets amount x available / total, rounded down, so the sum
    // never exceeds the balance; 128 bits hold the product exactly.
    __extension__ using Wide = __int128;
    const Money pay = total <= available ? c.amount : static_cast<Money>(static_cast<Wide>(c.amount) * available / total);
    onPaid(c.pool, pay > 0 ? release(ledger, c.pool, pay, t) : Paid{});
  }
  claims_.clear();
}

}  // namespace mutualab
