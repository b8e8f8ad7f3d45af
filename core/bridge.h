// Bridges: money moving from the backstop's chain to a pool on another
// chain. A transfer waits the receiving chain's delay, then arrives as far
// as the chain's capacity per step allows (the rest waits, first in first
// out), and may be lost in transit with the chain's failure probability,
// drawn once per transfer when it is due. In the ledger it sits in
// kInTransit until it arrives (to the buyers it pays) or is lost (to
// kLostInTransit): it never silently vanishes.
//
// A step's payments toward one pool travel as one transfer, so the queue
// holds at most pools x (delay + backlog) transfers.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include <boost/random/uniform_01.hpp>

#include "core/ledger.h"
#include "core/money.h"
#include "core/rng.h"
#include "core/scenario.h"

namespace mutualab {

struct Bridges {
  struct Transfer {
    int pool = 0;
    int chain = 0;     // receiving chain
    int sent = 0;      // step it left
    int due = 0;       // step it may arrive
    Money amount = 0;  // still to deliver
    bool drawn = false;  // its failure has been decided (it survived)
  };

  // Per chain: delay, failure probability, capacity (0 = none), its stream.
  std::vector<int> delay;
  std::vector<double> failure;
  std::vector<Money> capacity;
  std::vector<Engine> rng;

  void setUp(const std::vector<ChainDef>& chains, int pools, int steps, std::uint64_t seed, std::uint64_t replication);
  // Sends `amount` toward pool `pool` on `chain` at step t; the ledger
  // moves it from the backstop into kInTransit.
  void send(Ledger& ledger, int fromAccount, int pool, int chain, Money amount, int t);
  // Delivers what is due at step t: onArrived(pool, amount, stepsLate) or
  // onLost(pool, amount) for each part that arrives or is lost.
  template <class Arrived, class Lost>
  void deliver(Ledger& ledger, int t, Arrived&& onArrived, Lost&& onLost);
  Money inTransitTo(int pool) const;

 private:
  std::vector<Transfer> queue_;  // in order sent
  std::vector<Money> room_;      // this step's capacity left, per chain
};

template <class Arrived, class Lost>
void Bridges::deliver(Ledger& ledger, int t, Arrived&& onArrived, Lost&& onLost) {
  if (queue_.empty()) return;
  for (size_t c = 0; c < room_.size(); ++c) room_[c] = capacity[c];
  size_t keep = 0;
  for (size_t i = 0; i < queue_.size(); ++i) {
    Transfer x = queue_[i];
    const size_t c = static_cast<size_t>(x.chain);
    if (x.due <= t && !x.drawn) {
      x.drawn = true;
      // One draw per transfer, in the order sent: reproducible.
      boost::random::uniform_01<double> u01;
      if (failure[c] > 0 && u01(rng[c]) < failure[c]) {
        ledger.transfer(ledger.inTransit(), ledger.lostInTransit(), x.amount);
        onLost(x.pool, x.amount);
        continue;
      }
    }
    if (x.due <= t) {
      const Money part = capacity[c] > 0 ? std::min(x.amount, room_[c]) : x.amount;
      if (part > 0) {
        ledger.transfer(ledger.inTransit(), ledger.external(), part);
        if (capacity[c] > 0) room_[c] -= part;
        x.amount -= part;
        onArrived(x.pool, part, t - x.sent);
      }
    }
    if (x.amount > 0) queue_[keep++] = x;
  }
  queue_.resize(keep);
}

}  // namespace mutualab
