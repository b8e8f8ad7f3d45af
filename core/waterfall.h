// The loss waterfall (MODEL.md section 5). A settled position's payoff is
// paid to its buyer from, in order:
//   pooled: writer's posted collateral -> writer's retained share, and what
//           lies beyond the pool's cover (its max cover, the most the pool
//           pays on the position), from its free cash -> its pool's
//           insurance fund -> its pool's LP capital (pro rata through the
//           NAV) -> the backstop -> unpaid (a haircut on the buyer);
//   siloed: writer's posted collateral -> writer's free cash -> unpaid.
// Every layer's payment is returned so the world can record it.
#pragma once

#include "core/ledger.h"
#include "core/money.h"

namespace mutualab {

struct WaterfallLayers {
  Money collateral = 0;     // from the writer's posted collateral
  Money retained = 0;       // writer's retained share (pooled) or its free cash (siloed)
  Money insuranceFund = 0;
  Money lpCapital = 0;
  Money backstop = 0;
  Money unpaid = 0;         // what the buyer did not receive of what the pool (or, siloed, the writer) owed
  // Pooled: what lay beyond the pool's cover (the writer's to pay) that the
  // writer's cash could not pay: the buyer did not receive it either, but
  // it was never the pool's to pay, so it is no default of the pool.
  Money beyondCover = 0;

  Money poolBorne() const { return insuranceFund + lpCapital + backstop + unpaid; }
  Money paid() const { return collateral + retained + insuranceFund + lpCapital + backstop; }
  Money notReceived() const { return unpaid + beyondCover; }  // payoff = paid() + notReceived()
  WaterfallLayers& operator+=(const WaterfallLayers& o) {
    collateral += o.collateral; retained += o.retained; insuranceFund += o.insuranceFund;
    lpCapital += o.lpCapital; backstop += o.backstop; unpaid += o.unpaid; beyondCover += o.beyondCover;
    return *this;
  }
};

struct Settlement {
  int writer = 0;
  Money payoff = 0;          // what the buyer is owed
  Money collateral = 0;      // collateral this position posted (released if not used)
  bool pooled = false;
  double retainedShare = 0;  // pooled only: writer's share of losses beyond collateral
  // Pooled only: the ledger accounts of the covering pool, and of a backstop
  // that pays at once (-1: none here; the world claims on it itself).
  int insuranceFund = -1, lpCapital = -1, backstop = -1;
  // Pooled only: the most the pool pays on it (its max cover, (1 - retained
  // share) x (max loss - collateral)); the rest is the writer's. Negative: no cap.
  Money maxCover = -1;
};

// Pays the buyer (kExternal) through the layers and releases unused
// collateral to the writer. Conserves the ledger by construction.
WaterfallLayers settle(Ledger& ledger, const Settlement& s);

}  // namespace mutualab
