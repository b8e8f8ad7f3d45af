// Cover-1 / Cover-2 stress tests of the pool's book, as a clearing house runs
// them (MODEL.md §5 "Sizing"): under each extreme but plausible scenario,
// the one (Cover-1) or two (Cover-2) writers whose stressed loss beyond their
// collateral is largest default, and what they leave behind runs through the
// pool's layers in the order of the loss waterfall (core/waterfall.cpp):
// the insurance fund, then LP capital, then the backstop. What is left is
// the uncovered shortfall (buyers go unpaid).
//
// A writer's stressed loss beyond collateral is the value, on the stressed
// market at the horizon, of everything it owes beyond its collateral: its
// positions' options struck at their cover strikes (capped by maxCover),
// retained share included, since a defaulter pays none of it.
#pragma once

#include <string>
#include <vector>

#include "core/book.h"
#include "core/risk_engine.h"
#include "core/scenario.h"
#include "core/stress_scenario.h"

namespace mutualab {

// The default grid: every asset together down or up 10, 25 and 40 %, each
// with volatility x1, x1.5 and x2.5, and volatility alone x1.5 and x2.5 (20).
std::vector<StressScenario> defaultStressScenarios(int assets);

// The scenario's own `shock` (a jump of e^logJump in one asset, or in all
// when it names none) as a stress scenario, volatility unchanged: the move a
// run of that scenario sees, tested against today's book. `market` gives the
// assets' order.
StressScenario shockStressScenario(const ShockDef& shock, const MarketDef& market);

// One pool's part of a cover with several pools: what falls on it, what its
// own insurance fund and LP capital pay, what is left (its claim on the
// backstop), what the backstop pays of that claim (pro rata to the pools'
// claims, as the backstop's default coverage shares a step's claims) and
// what stays unpaid.
// Cash is counted in micro-units (core/money.h): less than half of one left
// unpaid is nothing a ledger could pay (a deep out-of-the-money option is
// worth 1e-30, not 0).
inline constexpr double kUnpayable = 0.5e-6;

struct PoolCover {
  double requirement = 0, paidInsuranceFund = 0, paidPoolCapital = 0, shortAfterPool = 0;  // currency
  double paidBackstop = 0, uncovered = 0;                                                 // currency
  bool covered() const { return uncovered < kUnpayable; }
};

struct CoverOutcome {
  std::vector<int> defaulters;   // writer ids, largest stressed loss first
  double requirement = 0;        // their stressed loss beyond collateral, together, currency
  double paidInsuranceFund = 0, paidPoolCapital = 0, paidBackstop = 0;  // currency, in waterfall order
  double shortAfterFund = 0, shortAfterPool = 0, uncovered = 0;         // what is left after each layer
  // With several pools' own layers (runStress's `pools`), each pool's part,
  // by index; the sums above add them up. Empty when the layers are one.
  std::vector<PoolCover> pools;
  bool covered() const { return uncovered < kUnpayable; }
};

struct StressRow {
  StressScenario scenario;
  double poolLoss = 0;   // the pool's loss L = V(H) - V(0) on its whole book under the scenario, currency
  double poolValue = 0;  // V(H): what the pool owes on its whole book under the scenario, currency
  CoverOutcome cover1, cover2;
  // V(H) through the layers (no defaulters: the cover the pool owes anyway).
  // The layers are cash, which pays the whole of what is owed, V(0) as well
  // as its change, as Cover-1 and Cover-2 and the solvers' default test count.
  CoverOutcome wholeBook;
};

struct StressResult {
  std::vector<StressRow> rows;
  // The rows that leave the most uncovered, and among those (all covered,
  // most often) the largest requirement; the whole book's by its pool loss.
  int worstCover1 = -1, worstCover2 = -1;
  int worstPoolLoss = -1;
};

// Runs every scenario through the engine's book (its horizon) against
// `capital`. With `pools` (several pools, each with its own layers, by the
// book's pool index), what falls on each pool is paid by its own insurance
// fund, then its own LP capital, and what the pools cannot pay by the
// shared backstop (capital.backstop): a pool's capital does not pay another
// pool's claims. Without, every layer is one (capital's sums).
StressResult runStress(const RiskEngine& engine, const std::vector<StressScenario>& scenarios, const BookCapital& capital,
                       const std::vector<PoolCapital>* pools = nullptr);

// The waterfall for one requirement (exposed for tests).
CoverOutcome coverWith(double requirement, const BookCapital& capital);
// The waterfall with several pools: requirement[p] through pool p's own
// fund and capital (a pool beyond `pools` has none), the rest through the backstop.
CoverOutcome coverWithPools(const std::vector<double>& requirement, const std::vector<PoolCapital>& pools, double backstop);

}  // namespace mutualab
