// The market: price paths of one or more assets (GBM with Merton jumps,
// calm/stress regime switching and Cholesky-correlated shocks), and the
// pricing volatility the pool can observe (an EWMA of realized returns, or
// the calm volatility when fixed).
//
// The market is exogenous (no price impact), so a replication's whole path is
// drawn when the world starts, into flat arrays. That keeps the step loop
// free of market draws and gives every fee rule compared on the same seed
// exactly the same prices (common random numbers). Informed buyers and LPs
// with an early warning read ahead in the path; nobody else does.
//
// A price path from data (market.pricePath, filled in by the loader) takes
// the place of the drawn one: no draw at all, so every replication and seed
// sees the same prices and replications differ only in agents and demand.
// The price at step t is each asset's last observation at or before day
// t x stepDays: what was known then (interpolating would peek at the next
// observation). The pool's EWMA volatility is estimated from that path as
// from a drawn one, starting from volAnnual (the pool's prior: the data's
// own early volatility would be a look ahead). There is no regime (stress()
// is always false); a jump is a large move, a step whose log return is
// beyond kDataJumpSds of volAnnual's sd per step, so informed buyers and
// early-warning LPs still see a crash coming; trueVol is the step's
// realized volatility |log return| / sqrt(step in years). A shock still
// moves the data path from its step on.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/scenario.h"

namespace mutualab {

// How far a drawn price may move from its asset's spot, either way: 1e250
// times. Beyond it a price is on its way to 0 or infinity in doubles, where
// a position's units (notional / price) or payoff stop being numbers. (A
// long path may legitimately wander far: 548 years of days at 70 %
// volatility reach 1e-12 times the spot. What a price does to the ledger
// within a position's life is toMoney's to refuse, core/money.h.)
inline constexpr double kPriceRange = 1e250;

class Market {
 public:
  Market() = default;
  // Draws the path for steps 0..steps (step 0 is the initial state), or
  // samples it from def.pricePath (which must then be loaded) at day
  // t x stepDays.
  Market(const MarketDef& def, const ShockDef& shock, int steps, double stepYears, std::uint64_t seed,
         std::uint64_t replication, double stepDays);

  int assetCount() const { return assets_; }
  int steps() const { return steps_; }
  double stepYears() const { return dt_; }

  // Price of asset a after step t (t = 0 is the initial spot).
  double price(int a, int t) const { return price_[idx(a, t)]; }
  // Annual volatility the pool sees at the end of step t (used to price at t).
  double pricingVol(int a, int t) const { return pricingVol_[idx(a, t)]; }
  // True volatility in force during step t (calm or stress) - hidden from the pool.
  double trueVol(int a, int t) const;
  // Whether an adverse (down) jump hit asset a during step t.
  bool downJump(int a, int t) const { return jump_[idx(a, t)] < 0; }
  bool upJump(int a, int t) const { return jump_[idx(a, t)] > 0; }
  // 1 when step t is in the stress regime.
  bool stress(int t) const { return regime_[static_cast<size_t>(t)] != 0; }
  // Whether a down jump on any asset, or a switch into stress, happens in steps (t, t+lookahead].
  bool troubleAhead(int t, int lookahead) const;
  // Whether step t+lead is in stress (the early-warning signal's truth).
  bool stressAt(int t) const { return t <= steps_ && stress(t); }

  const MarketDef& def() const { return def_; }

 private:
  void drawPath(const ShockDef& shock, std::uint64_t seed, std::uint64_t replication);
  void samplePath(const ShockDef& shock, double stepDays);
  // Refuses (InputError) a drawn price of asset a at step t outside
  // kPriceRange of its spot: the scenario's drift, volatility and jumps
  // move it further than doubles can follow.
  void checkPrice(size_t a, int t, std::uint64_t replication) const;
  size_t idx(int a, int t) const { return static_cast<size_t>(t) * static_cast<size_t>(assets_) + static_cast<size_t>(a); }

  MarketDef def_;
  int assets_ = 0;
  int steps_ = 0;
  double dt_ = 1.0 / 365.0;
  double stepDays_ = 1.0;  // for checkPrice's message
  std::vector<double> price_;       // [t][a]
  std::vector<double> pricingVol_;  // [t][a]
  std::vector<signed char> jump_;   // [t][a]: -1 down jump, +1 up jump, 0 none
  std::vector<unsigned char> regime_;  // [t]: 0 calm, 1 stress
  std::vector<unsigned char> trouble_;  // [t]: 1 if a down jump or a calm->stress switch happens at t
};

// A data path's step whose log return is beyond this many sds of the
// asset's volAnnual per step counts as a jump (3 sd: about one step in 370
// of a normal market, so a flag means a move the diffusion hardly makes).
inline constexpr double kDataJumpSds = 3.0;

// Observation day d counts as at or before day x when d <= x + this: step
// days t x stepDays are products of doubles (24 x (1/24) need not be 1), and
// an observation stamped on a step's day must not miss it by a rounding.
inline double pricePathDayTolerance(double day) { return 1e-9 * std::max(1.0, std::abs(day)); }

// Lower-triangular Cholesky factor of a correlation matrix (n x n, row-major
// rows). Returns false if the matrix is not positive semi-definite.
bool choleskyFactor(const std::vector<std::vector<double>>& c, std::vector<double>& lowerRowMajor);

}  // namespace mutualab
