// The pool's open book, as the risk engine sees it: one row per open pooled
// position, struct of arrays, with what the pool owes on it (the cover beyond
// the writer's collateral) and the market state it was booked at. The same
// struct comes from a running World (pooledBookOf), from a file
// (experiments/book_io.h) or from a synthetic generator (scale tests and
// benchmarks), so the engine never knows where a book came from.
//
// Units: prices, strikes, collateral and cover in currency; expiries in days
// from the book's date; units in the underlying; volatility annual.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/black_scholes.h"

namespace mutualab {

class World;

// One position, for building a book row by row (readers, tests).
struct BookPosition {
  OptionKind kind = OptionKind::Put;
  int asset = 0;                // index into the market's assets
  double strike = 0;            // the option's strike, currency
  double expiryDays = 0;        // remaining life from the book's date, days (> 0)
  double units = 0;             // quantity of the underlying, >= 0 (the position is short)
  double collateral = 0;        // posted by the writer, currency: pays before the pool
  int writer = 0;               // writer id (any integer; components are per writer)
  int pool = 0;                 // covering pool's index
  double coverStrike = 0;       // strike of the pool's cover: strike -/+ collateral per unit (put/call)
  double coverShare = 1;        // pool's share of the loss beyond collateral (1 - retained share)
  double maxCover = 0;          // the most the pool pays on it, currency; <= 0: no cap
  double spot = 0;              // the asset's price at the book's date, currency
  double volAnnual = 0;         // the pool's pricing volatility at the book's date, annual
};

// What stands behind the book, at the book's date: the layers a stress
// shortfall runs through (currency), in the order of the loss waterfall.
struct BookCapital {
  double insuranceFund = 0;  // the pools' insurance funds, together
  double poolCapital = 0;    // the pools' LP capital, together
  double backstop = 0;       // the shared backstop, if any
};

// One pool's own layers (a pool's capital is not another pool's).
struct PoolCapital {
  std::string name;          // the pool's name ("" for the one pool of a scenario without `pools`)
  double insuranceFund = 0;  // currency
  double poolCapital = 0;    // LP capital, currency
};

struct RiskBook {
  std::vector<std::uint8_t> kind;  // OptionKind's value: 0 call, 1 put
  std::vector<int> asset, writer, pool;
  std::vector<double> strike, expiryDays, units, collateral, coverStrike, coverShare, maxCover, spot, volAnnual;
  std::vector<std::string> assetNames;  // the market's assets, by index
  BookCapital capital;              // every pool's layers summed, and the backstop
  std::vector<PoolCapital> pools;   // per pool, by index (empty for a book without them)
  int step = 0;       // the step the book was taken after (0 for a book from a file)
  double day = 0;     // its day
  // The market in its stress regime on the book's date: a horizon's path
  // starts there (a book without a regime, from a file, starts calm).
  bool stressed = false;

  int size() const { return static_cast<int>(kind.size()); }
  void add(const BookPosition& p);
  BookPosition position(int i) const;
  // The positions of pool k alone, with its own fund and capital (and the
  // shared backstop) as `capital`; 0 for a pool the book lists no capital
  // of (a book.csv alone lists none).
  RiskBook onlyPool(int k) const;
};

// The open pooled positions of a world after its current step, every pool's,
// in slot order; expiries in days (steps x stepDays); capital from the
// ledger. Siloed positions are the writers' own and are left out.
// With onlyPool >= 0, that pool's positions alone (its capital still listed per pool).
RiskBook pooledBookOf(const World& world, int onlyPool = -1);

// A synthetic book of n short options for scale tests and benchmarks: 80 %
// puts 0-20 % out of the money, expiries spread over 1-30 days, ten
// positions per writer, collateral 20 % of the strike, on the market's
// assets in turn (spots and vols given per asset). Deterministic: no draws.
RiskBook syntheticBook(int n, const std::vector<std::string>& assetNames, const std::vector<double>& spots,
                       const std::vector<double>& vols);

}  // namespace mutualab
