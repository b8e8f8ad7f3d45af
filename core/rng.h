// Random streams. Every draw in mutualab comes from a stream named by
// (seed, replication, agent, purpose), so a result depends on the seed alone:
// not on thread count, run order, MPI ranks or platform.
//
// The stream key is hashed with SplitMix64 into a pcg32 engine (16 bytes of
// state, cheap to keep one per agent and purpose). Distributions come from
// Boost.Random, which produces the same numbers under libstdc++ and libc++
// (std:: distributions do not).
#pragma once

#include <cstdint>

#include <pcg_random.hpp>

namespace mutualab {

// What a stream is used for. Append only: reordering changes every result.
enum class Purpose : std::uint64_t {
  MarketDiffusion = 1,  // correlated normal shocks of all assets
  MarketJumps = 2,      // Merton jump counts and sizes, one stream per asset
  MarketRegime = 3,     // calm/stress switching
  BuyerArrivals = 4,    // Poisson arrivals, writer matching, reservation prices
  WriterInit = 5,       // theta, capital
  WriterPositions = 6,  // per-position moneyness, private signal, hidden tail event
  LpInit = 7,           // capital, risk aversion, outside rate, early warning
  LpDecisions = 8,      // LP early-warning noise and any randomized choice
  WriterDecisions = 9,  // randomized writer strategies (learners)
  Sizing = 10,          // Monte Carlo VaR / ES / capital sizing
  SweepSampling = 11,   // random sweeps: the parameter values of each cell
  LpLearning = 12,      // learning LPs' action sampling
  BridgeFailures = 13,  // whether a transfer into a chain is lost in transit, one stream per chain
  RiskEngine = 14,      // the pool risk engine's market moves over the horizon, one stream per block of samples
  RiskAdmission = 15,   // a pool admitting by VaR: the seed of each re-measure of its book, one stream per pool
  Backtest = 16,        // a VaR backtest: the engine's seed on each date, one stream per (replication, date)
  Test = 99,            // tests only
};

// Agent ids in a stream key. Kinds keep writers, LPs and the market apart.
enum class AgentKind : std::uint64_t { Market = 0, Writer = 1, Lp = 2, Buyer = 3, Pool = 4, Chain = 5 };

constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Folds the stream key into 128 bits: state seed and stream selector.
struct StreamKey {
  std::uint64_t seed = 0;         // the user's seed
  std::uint64_t replication = 0;  // replication index, 0-based
  AgentKind kind = AgentKind::Market;
  std::uint64_t agent = 0;  // index within the kind (asset index for the market)
  Purpose purpose = Purpose::Test;
};

using Engine = pcg32;  // 64-bit state + 64-bit stream increment

inline Engine makeEngine(const StreamKey& k) {
  std::uint64_t h = splitmix64(k.seed);
  h = splitmix64(h ^ k.replication);
  h = splitmix64(h ^ (static_cast<std::uint64_t>(k.kind) << 56) ^ k.agent);
  h = splitmix64(h ^ static_cast<std::uint64_t>(k.purpose));
  const std::uint64_t stream = splitmix64(h ^ 0xD1B54A32D192ED03ull);
  return Engine(h, stream);
}

inline Engine makeEngine(std::uint64_t seed, std::uint64_t rep, AgentKind kind, std::uint64_t agent,
                         Purpose purpose) {
  return makeEngine(StreamKey{seed, rep, kind, agent, purpose});
}

}  // namespace mutualab
