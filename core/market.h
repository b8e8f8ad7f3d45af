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
#pragma once

#include <cstdint>
#include <vector>

#include "core/scenario.h"

namespace mutualab {

class Market {
 public:
  Market() = default;
  // Draws the path for steps 0..steps (step 0 is the initial state).
  Market(const MarketDef& def, const ShockDef& shock, int steps, double stepYears, std::uint64_t seed,
         std::uint64_t replication);

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
  size_t idx(int a, int t) const { return static_cast<size_t>(t) * static_cast<size_t>(assets_) + static_cast<size_t>(a); }

  MarketDef def_;
  int assets_ = 0;
  int steps_ = 0;
  double dt_ = 1.0 / 365.0;
  std::vector<double> price_;       // [t][a]
  std::vector<double> pricingVol_;  // [t][a]
  std::vector<signed char> jump_;   // [t][a]: -1 down jump, +1 up jump, 0 none
  std::vector<unsigned char> regime_;  // [t]: 0 calm, 1 stress
  std::vector<unsigned char> trouble_;  // [t]: 1 if a down jump or a calm->stress switch happens at t
};

// Lower-triangular Cholesky factor of a correlation matrix (n x n, row-major
// rows). Returns false if the matrix is not positive semi-definite.
bool choleskyFactor(const std::vector<std::vector<double>>& c, std::vector<double>& lowerRowMajor);

}  // namespace mutualab
