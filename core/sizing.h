// Monte Carlo capital sizing of a pool of short option positions (MODEL.md
// §5 "Sizing"): the distribution of the pool's loss at expiry, its VaR and
// expected shortfall, and the capital beyond the expected loss that holds a
// target default probability.
//
// The positions are alike (same kind, moneyness, tenor, notional) so that the
// one thing that varies between runs is how they co-move: their log returns
// follow a one-factor Gaussian model, Z_i = √ρ·M + √(1-ρ)·ε_i, giving every
// pair correlation ρ. This is the experiment behind the sanity anchor of
// MODEL.md §7: with ρ = 0 the capital grows like √N, with ρ near 1 like N.
//
// Sizing runs at set-up and between experiments, not in the step loop, so it
// may allocate (one double per sample).
#pragma once

#include <cstdint>
#include <string>

#include "core/black_scholes.h"

namespace mutualab {

struct SizingDef {
  int positions = 100;                      // N, short option positions in the pool
  OptionKind kind = OptionKind::Put;        // every position is this kind, written (short)
  double moneyness = 1.0;                   // strike / spot now; 0.9 is a 10% out-of-the-money put
  double volAnnual = 0.7;                   // volatility of each underlying's log price, annual
  double driftAnnual = 0.0;                 // real-world drift of the price: E[S_T] = S_0·e^{drift·T}
  double tenorYears = 30.0 / 365.0;         // time to expiry, years
  double notional = 1.0;                    // spot x units per position, currency units
  double correlation = 0.0;                 // pairwise correlation of log returns, in [0, 1]
  double defaultProbability = 0.01;         // target p: P(loss > expected loss + capital) = p, in [1e-7, 0.5]
  int samples = 20000;                      // Monte Carlo draws of the whole pool (>= 10/p)
  std::uint64_t seed = 1;                   // stream seed (Purpose::Sizing, AgentKind::Pool)
};

struct SizingResult {
  double expectedLoss = 0;              // mean pool loss at expiry (undiscounted), currency units
  double expectedLossStdErr = 0;        // Monte Carlo standard error of expectedLoss, currency units
  double lossSd = 0;                    // standard deviation of the pool loss, currency units
  double valueAtRisk = 0;               // (1 - p) quantile of the pool loss, currency units
  double expectedShortfall = 0;         // mean pool loss over the worst p of samples, currency units
  double expectedShortfallStdErr = 0;   // its standard error given the tail (ignores VaR noise)
  double capitalAboveExpectedLoss = 0;  // max(VaR - expected loss, 0): holds default probability p
  double capitalPerPosition = 0;        // capitalAboveExpectedLoss / positions
  int tailSamples = 0;                  // samples in the worst-p tail: floor(p·samples)
};

// Spelling of input paths in error messages: JSON pointers use the field
// names as written above ("/defaultProbability"), command-line options the
// kebab-case form ("--default-probability").
enum class InputSyntax { JsonPointer, CliOption };

// Limits of one sizing: samples, and positions x samples normal draws.
inline constexpr int kMaxSizingSamples = 100'000'000;
inline constexpr double kMaxSizingDraws = 1e10;

// Throws InputError naming the first bad field, e.g. "/positions: must be
// >= 1, got 0". jsonBase prefixes JSON pointers (e.g. "/sizing"); it is
// ignored for command-line options.
void validateSizingDef(const SizingDef& def, InputSyntax syntax = InputSyntax::JsonPointer,
                       const std::string& jsonBase = "");

// Simulates def.samples pools from the stream makeEngine(def.seed, 0,
// AgentKind::Pool, 0, Purpose::Sizing). Expects a validated def. The same def
// gives the same result bit for bit.
SizingResult runSizing(const SizingDef& def);

}  // namespace mutualab
