// Reverse stress: instead of asking what a given move costs (core/stress.h),
// the least move that leaves buyers unpaid once every layer has paid, as a
// clearing house reports how far the market must go before its default
// resources run out. For each direction (every asset down, every asset up,
// each asset alone down and up where the market has several, and every
// volatility up at unchanged prices) and each test the stress applies
// (the whole book's V(H), Cover-1, Cover-2), the move is found by a scan
// outward from no move, then bisection inside the first step where the
// test fails:
//   - spot: 1 % steps to -99 % down; up, 1 % steps to +100 %, then 10 % to
//     +1,000 % (the bounds of a stress file's moves);
//   - volatility: multipliers x1 to x20 in steps of 0.1, prices unchanged;
// refined to 1e-6 (a move narrower than a step that breaks and recovers
// inside it is not seen). Volatility is held in the spot directions.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/risk_engine.h"
#include "core/stress.h"

namespace mutualab {

struct ReverseDirection {
  std::string name;  // "every asset down", "ETH up", "volatility up"
  int asset = -1;    // the asset moved alone; -1: every asset
  int sign = -1;     // -1 prices down, +1 up, 0 volatility up at unchanged prices
};

// The directions for a market of these assets, in the order above.
std::vector<ReverseDirection> reverseDirections(const std::vector<std::string>& assetNames);

enum class ReverseTest { WholeBook = 0, Cover1 = 1, Cover2 = 2 };
inline constexpr int kReverseTests = 3;
const char* reverseTestName(ReverseTest t);  // "whole_book", "cover1", "cover2"

struct ReverseBreak {
  bool found = false;     // false: every layer holds to the end of the range
  double move = 0;        // the least relative price move (spot), or the volatility multiplier (volatility)
  double requirement = 0; // at that move: V(H) (whole book) or the defaulters' loss beyond collateral, currency
  double uncovered = 0;   // what it leaves unpaid there, currency (> 0 when found)
  int pool = -1;          // with several pools' own layers: the one left shortest there; -1 otherwise
};

struct ReverseRow {
  ReverseDirection direction;
  std::array<ReverseBreak, kReverseTests> breaks;  // by ReverseTest
  int evaluations = 0;    // stress evaluations the row took (each reprices the book once)
};

// The scan's step for spot moves: 1 % (the command's), or coarser where a
// measure must be cheap (the playground's live book: 5 %, about a fifth of
// the evaluations, the bisections the same).
struct ReverseScan {
  double spotStep = 0.01;
};

// Every direction's breaks for the engine's book against `capital` (and,
// with `pools`, each pool's own layers before the shared backstop, as
// runStress pays them).
std::vector<ReverseRow> reverseStress(const RiskEngine& engine, const std::vector<ReverseDirection>& directions,
                                      const BookCapital& capital, const std::vector<PoolCapital>* pools = nullptr,
                                      const ReverseScan& scan = {});

// Stress evaluations a direction may take at most (scan and bisections):
// for the work cap, each counts as a stress scenario.
int reverseEvaluationsPerDirection();

}  // namespace mutualab
