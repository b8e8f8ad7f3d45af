// Fee rules: what the pool charges a writer to take a position. Pluggable by
// name (fee_rules.h holds the one table); every rule is compared on common
// random numbers. A rule sees only what the pool can observe: the position's
// terms and greeks, the pool's state, and each writer's public (on-chain)
// loss history, never theta.
//
// Adding a rule: copy core/fee_rules/flat.cpp, then add one line to the table
// in core/fee_rules.cpp.
#pragma once

#include <cmath>
#include <memory>
#include <span>

#include <nlohmann/json.hpp>

#include "core/black_scholes.h"

namespace mutualab {

// The position the pool is asked to take, as the pool sees it.
struct FeeQuoteInput {
  int writer = 0;
  OptionKind kind = OptionKind::Put;
  double spot = 0;        // underlying price now
  double strike = 0;      // option strike
  double units = 0;       // units of the underlying
  double notional = 0;    // spot x units, currency
  double years = 0;       // time to expiry, years
  double pricingVol = 0;  // the pool's volatility estimate (annual)
  double rate = 0;        // risk-free rate (annual)
  double coverStrike = 0; // strike of the pool's cover: losses beyond the writer's collateral
  double coverShare = 1;  // share of losses beyond collateral the pool bears (1 - retained share)
  // bsPrice(kind, spot, coverStrike, rate, pricingVol, years) when the
  // caller has priced it already (the step prices in batches); < 0: not known.
  double coverPrice = -1;
  // std::exp(rate * years), the growth to expiry, when the caller has it
  // (the step: once for all its quotes); < 0: not known.
  double growth = -1;
};

// Public loss experience the pool keeps (all in the pool's accounting).
struct PoolExperience {
  double initialLossRate = 0;  // population-average expected cover per notional at full participation
  double pooledExpectedRate = 0;  // EWMA of the expected cover loss per notional of newly pooled positions
                                  // (what an insurer pricing at its members' average cost would learn)
  double modelRatio = 1;  // EWMA of realized pool losses / the model's expected cover, over settled pooled positions
  double lossRate = 0;  // EWMA of pool cover loss per unit notional over settled pooled positions
  std::span<const int> writerSettled;          // settled positions per writer (silo and pool: on-chain)
  std::span<const double> writerCoverLoss;     // what the pool's cover would have paid on them, currency
  std::span<const double> writerNotional;      // their notional, currency
};

struct FeeContext {
  PoolExperience experience;
  double utilization = 0;  // pool max cover / capacity at the minimum collateral ratio (0..)
  double nav = 1;          // NAV per share (1 with no shares)
  double fundRatio = 0;    // insurance fund / LP capital (0 with no capital)
  int lpCount = 0;         // LPs holding shares
  int step = 0;            // the step being quoted
};

class FeeRule {
 public:
  virtual ~FeeRule() = default;
  // Fee in currency for taking the position now. Called in the step loop: no
  // allocation, no exceptions.
  virtual double quote(const FeeQuoteInput& q, const FeeContext& ctx) const = 0;

  // Rules that keep their own record of each writer's public history (a
  // bonus-malus class) set this, and are then sized once with bind() and
  // told of every settlement, silo ones too (on-chain history is public):
  // coverLoss is what the pool's cover would have paid (> 0 = a claim).
  bool observesSettlements = false;
  virtual void bind(int /*writers*/) {}
  virtual void settled(int /*writer*/, int /*step*/, double /*coverLoss*/) {}
};

// The pool's expected cover payout on a position under its observable model
// (lognormal at the pricing volatility, no jumps): E[coverShare * payoff beyond collateral].
// Cover pays (payoff - collateral)^+ = payoff of the same option struck at
// coverStrike, so the expectation is a Black-Scholes value (undiscounted).
// Inline: the step calls it per quote and pool, with the price and growth known.
inline double modelExpectedCover(const FeeQuoteInput& q) {
  const double growth = q.growth >= 0 ? q.growth : std::exp(q.rate * q.years);
  const double price =
      q.coverPrice >= 0 ? q.coverPrice : bsPrice(q.kind, q.spot, q.coverStrike, q.rate, q.pricingVol, q.years);
  return q.coverShare * q.units * growth * price;
}

}  // namespace mutualab
