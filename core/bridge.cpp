#include "core/bridge.h"

namespace mutualab {

void Bridges::setUp(const std::vector<ChainDef>& chains, int pools, int steps, std::uint64_t seed,
                    std::uint64_t replication) {
  delay.clear();
  failure.clear();
  capacity.clear();
  rng.clear();
  for (size_t c = 0; c < chains.size(); ++c) {
    delay.push_back(chains[c].bridgeDelaySteps);
    failure.push_back(chains[c].bridgeFailureProbability);
    capacity.push_back(toMoney(chains[c].bridgeCapacityPerStep));
    rng.push_back(makeEngine(seed, replication, AgentKind::Chain, c, Purpose::BridgeFailures));
  }
  room_.assign(chains.size(), 0);
  queue_.clear();
  // Without a capacity limit at most one transfer per pool per step of the
  // longest delay waits; reserve that (bounded: a capacity backlog past it
  // grows the queue by doubling, a few times a run at most).
  int longest = 0;
  for (int d : delay) longest = std::max(longest, d);
  queue_.reserve(static_cast<size_t>(std::min(pools * (std::min(longest, steps) + 2), 1 << 16)));
}

void Bridges::send(Ledger& ledger, int fromAccount, int pool, int chain, Money amount, int t) {
  if (amount <= 0) return;
  ledger.transfer(fromAccount, ledger.inTransit(), amount);
  // A step's payments toward one pool travel together.
  if (!queue_.empty()) {
    Transfer& last = queue_.back();
    if (last.pool == pool && last.sent == t) {
      last.amount += amount;
      return;
    }
  }
  const int d = delay[static_cast<size_t>(chain)];
  queue_.push_back({pool, chain, t, t + d, amount, false});
}

Money Bridges::inTransitTo(int pool) const {
  Money m = 0;
  for (const Transfer& x : queue_)
    if (x.pool == pool) m += x.amount;
  return m;
}

}  // namespace mutualab
