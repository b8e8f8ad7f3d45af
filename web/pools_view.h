// What the Pools view draws, read off a World with `pools`: each pool's LP
// capital, insurance fund and unpaid claims, the shared backstop's balance,
// the money that flowed between them (the backstop's payments toward each
// pool, each pool's fee share into the backstop), money on bridges, and the
// contagion matrix (whose stake paid whose claims). No ImGui here, so the
// tests check exactly the numbers the panel draws, and stateJson reports them.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/world.h"

namespace mutualab::web {

struct PoolFlows {
  std::string name;
  std::string chain;          // "" when the scenario has one chain
  double lpCapital = 0;       // LP capital account balance, currency
  double insuranceFund = 0;   // insurance fund account balance, currency
  double unpaid = 0;          // cumulative claims its buyers did not receive, currency
  double fromBackstop = 0;    // cumulative backstop payments sent toward its claims, currency
  double toBackstop = 0;      // cumulative share of its fees paid into the backstop, currency
  double inTransit = 0;       // backstop payments on a bridge toward it now, currency
  double lostInTransit = 0;   // cumulative backstop payments to it lost on a bridge, currency
  double paidLate = 0;        // cumulative backstop payments that arrived after a bridge delay, currency
  double participation = 0;   // share of writers whose latest choice is this pool (NaN before any choice)
  double nav = 0;             // NAV per share (NaN with no shares)
  int lps = 0;                // LPs holding its shares
  bool defaulted = false;     // a claim on it reached the backstop or went unpaid
};

struct PoolsPicture {
  int step = 0;
  std::vector<PoolFlows> pools;
  std::string backstopChain;         // "" when the scenario has one chain
  double backstopBalance = 0;        // currency
  double backstopInitial = 0;        // capital at start, currency
  // contagion[c][j]: what contributor c's stake paid toward pool j's claims,
  // currency; c < pools: pool c's fee share, c == pools: the initial capital.
  std::vector<std::vector<double>> contagion;

  double largestFlow() const;     // the largest fromBackstop / toBackstop, for arrow widths (>= 0)
  double largestBalance() const;  // the largest LP capital / insurance fund / unpaid, for bar heights (>= 0)
};

// Whether the run has `pools` (per-pool series): the Pools view is shown only then.
inline bool hasPools(const World& w) { return w.poolSeriesWidth() > 0; }

// The picture at the world's current step. Call only when hasPools(w).
PoolsPicture poolsPicture(const World& w);

// The same numbers for stateJson (tests and scripts).
nlohmann::json poolsJson(const PoolsPicture& p);

}  // namespace mutualab::web
