// The writer and LP populations: what each agent is (its draws at start,
// from its own streams) and what it has done, as struct-of-arrays indexed by
// agent. What an LP holds in a pool lives in that pool's share register
// (pool.h); what a writer has open lives in the position book.
#pragma once

#include <cstdint>
#include <vector>

#include "core/ledger.h"
#include "core/rng.h"
#include "core/scenario.h"

namespace mutualab {

struct WriterPopulation {
  int count = 0;
  std::vector<double> theta;        // private tail type in [0,1]
  std::vector<std::int8_t> decile;  // theta decile by rank: 0 (safest) .. 9 (riskiest)
  std::vector<int> group;           // strategy group
  std::vector<std::int8_t> status;  // latest choice (WriterStatus)
  std::vector<std::int16_t> pool;   // the pool of that choice, when it is Pool
  std::vector<std::int8_t> contract;  // and the contract of its menu (-1: a pool without a menu)
  std::vector<int> settled, pooledTotal, siloedTotal;
  std::vector<double> coverLoss;     // public history: what pool cover would have paid on its settled positions
  std::vector<double> notionalHist;  // public history: their notional
  std::vector<double> profit;        // realized, currency
  std::vector<double> riskAversion;
  std::vector<Money> initialCash;
  std::vector<Engine> rng;           // Purpose::WriterPositions

  // Draws every writer (theta, cash into the ledger, risk aversion) from its
  // Purpose::WriterInit stream, and assigns groups and deciles.
  void draw(const WritersDef& def, std::uint64_t seed, std::uint64_t replication, Ledger& ledger);
};

struct LpPopulation {
  int count = 0;
  std::vector<int> group;
  std::vector<std::int16_t> home;    // the pool it deposits in
  std::vector<double> riskAversion, outsideRateAnnual;
  std::vector<std::uint8_t> warned;  // has the early-warning signal
  std::vector<int> lastWarning;      // step the signal last warned
  std::vector<Money> initialCash;
  std::vector<Engine> rng;           // Purpose::LpDecisions

  // Draws every LP (cash into the ledger, risk aversion, outside rate,
  // early warning) from its Purpose::LpInit stream, and assigns groups.
  void draw(const LpsDef& def, std::uint64_t seed, std::uint64_t replication, Ledger& ledger);
};

// Groups are contiguous index ranges in proportion to their shares.
void assignGroups(const std::vector<StrategyShareDef>& shares, int n, std::vector<int>& out);
// Home pools are interleaved in proportion to `shares` (all 0: equal), so
// every strategy group is spread over the pools: agent i goes to the pool
// furthest behind its share after i agents.
void assignHomes(const std::vector<double>& shares, int n, std::vector<std::int16_t>& out);

}  // namespace mutualab
