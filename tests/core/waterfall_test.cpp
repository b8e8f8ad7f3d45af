#include <catch2/catch.hpp>

#include "core/waterfall.h"

using namespace mutualab;

namespace {
// One writer, no LPs; balances in whole currency units.
Ledger makeLedger(double writerCash, double collateral, double fund, double lpCapital, double backstop) {
  Ledger L(1, 0);
  L.endow(L.writerCash(0), toMoney(writerCash));
  L.endow(L.writerCollateral(0), toMoney(collateral));
  L.endow(L.insuranceFund(0), toMoney(fund));
  L.endow(L.poolCapital(0), toMoney(lpCapital));
  L.endow(L.backstop(), toMoney(backstop));
  return L;
}
}  // namespace

TEST_CASE("a black swan larger than the pool is paid layer by layer, in order", "[waterfall]") {
  Ledger L = makeLedger(/*cash*/ 50, /*collateral*/ 100, /*fund*/ 200, /*lp*/ 300, /*backstop*/ 400);
  const Money externalBefore = L.balance(L.external());
  Settlement s;
  s.writer = 0;
  s.payoff = toMoney(1500);
  s.collateral = toMoney(100);
  s.pooled = true;
  s.insuranceFund = L.insuranceFund(0);
  s.lpCapital = L.poolCapital(0);
  s.backstop = L.backstop();
  s.retainedShare = 0.2;  // owes 20% of the 1400 beyond collateral = 280, but has only 50
  const WaterfallLayers w = settle(L, s);
  CHECK(w.collateral == toMoney(100));
  CHECK(w.retained == toMoney(50));
  CHECK(w.insuranceFund == toMoney(200));
  CHECK(w.lpCapital == toMoney(300));
  CHECK(w.backstop == toMoney(400));
  CHECK(w.unpaid == toMoney(450));  // 1500 - 100 - 50 - 200 - 300 - 400
  CHECK(w.paid() + w.unpaid == s.payoff);
  // Every layer is emptied; the buyer received exactly what was paid.
  CHECK(L.balance(L.writerCash(0)) == 0);
  CHECK(L.balance(L.writerCollateral(0)) == 0);
  CHECK(L.balance(L.insuranceFund(0)) == 0);
  CHECK(L.balance(L.poolCapital(0)) == 0);
  CHECK(L.balance(L.backstop()) == 0);
  CHECK(L.balance(L.external()) - externalBefore == w.paid());
  CHECK(L.total() == 0);
}

TEST_CASE("a loss inside a layer leaves the later layers untouched", "[waterfall]") {
  Ledger L = makeLedger(1000, 100, 200, 300, 400);
  Settlement s{0, toMoney(450), toMoney(100), true, 0.5, L.insuranceFund(0), L.poolCapital(0), L.backstop()};
  const WaterfallLayers w = settle(L, s);
  // 350 beyond collateral: writer retains 175, fund pays the other 175.
  CHECK(w.collateral == toMoney(100));
  CHECK(w.retained == toMoney(175));
  CHECK(w.insuranceFund == toMoney(175));
  CHECK(w.lpCapital == 0);
  CHECK(w.backstop == 0);
  CHECK(w.unpaid == 0);
  CHECK(L.balance(L.poolCapital(0)) == toMoney(300));
  CHECK(L.total() == 0);
}

TEST_CASE("a small loss uses part of the collateral and releases the rest", "[waterfall]") {
  Ledger L = makeLedger(10, 100, 0, 0, 0);
  Settlement s{0, toMoney(30), toMoney(100), true, 0.0, L.insuranceFund(0), L.poolCapital(0), L.backstop()};
  const WaterfallLayers w = settle(L, s);
  CHECK(w.collateral == toMoney(30));
  CHECK(w.poolBorne() == 0);
  CHECK(L.balance(L.writerCollateral(0)) == 0);
  CHECK(L.balance(L.writerCash(0)) == toMoney(80));  // 10 + 70 released
  CHECK(L.total() == 0);
}

TEST_CASE("a siloed position is paid by the writer alone, then goes unpaid", "[waterfall]") {
  Ledger L = makeLedger(20, 100, 500, 500, 500);
  Settlement s{0, toMoney(150), toMoney(100), false, 0.0, L.insuranceFund(0), L.poolCapital(0), L.backstop()};
  const WaterfallLayers w = settle(L, s);
  CHECK(w.collateral == toMoney(100));
  CHECK(w.retained == toMoney(20));
  CHECK(w.unpaid == toMoney(30));
  CHECK(w.insuranceFund == 0);
  CHECK(w.lpCapital == 0);
  CHECK(w.backstop == 0);
  CHECK(L.balance(L.insuranceFund(0)) == toMoney(500));
  CHECK(L.total() == 0);
}

TEST_CASE("the pool pays no more than its max cover; the writer pays beyond it from its cash", "[waterfall]") {
  // A call whose payoff passed its max loss: 1000 beyond collateral, the
  // writer retains 20 %, the pool's cover is capped at 600.
  Ledger L = makeLedger(/*cash*/ 500, /*collateral*/ 100, /*fund*/ 1000, /*lp*/ 1000, /*backstop*/ 1000);
  const Money externalBefore = L.balance(L.external());
  Settlement s{0, toMoney(1100), toMoney(100), true, 0.2, L.insuranceFund(0), L.poolCapital(0), L.backstop(), toMoney(600)};
  const WaterfallLayers w = settle(L, s);
  CHECK(w.collateral == toMoney(100));
  CHECK(w.retained == toMoney(400));       // its 20 % (200) and the 200 past the cap
  CHECK(w.insuranceFund == toMoney(600));  // the cap exactly
  CHECK(w.lpCapital == 0);
  CHECK(w.unpaid == 0);
  CHECK(w.beyondCover == 0);
  CHECK(w.poolBorne() == toMoney(600));
  CHECK(w.paid() + w.notReceived() == s.payoff);
  CHECK(L.balance(L.writerCash(0)) == toMoney(100));
  CHECK(L.balance(L.external()) - externalBefore == w.paid());
  CHECK(L.total() == 0);

  SECTION("a writer short of cash leaves the rest past the cap unpaid, and the pool still pays only the cap") {
    Ledger M = makeLedger(/*cash*/ 50, 100, 1000, 1000, 1000);
    Settlement t{0, toMoney(1100), toMoney(100), true, 0.2, M.insuranceFund(0), M.poolCapital(0), M.backstop(), toMoney(600)};
    const WaterfallLayers v = settle(M, t);
    CHECK(v.retained == toMoney(50));
    CHECK(v.insuranceFund == toMoney(600));
    CHECK(v.unpaid == 0);                   // the pool owed 600 and paid it: no default of the pool
    CHECK(v.beyondCover == toMoney(350));   // 1000 - 50 - 600: the writer's, unpaid
    CHECK(v.paid() + v.notReceived() == t.payoff);
    CHECK(M.balance(M.writerCash(0)) == 0);
    CHECK(M.total() == 0);
  }
  SECTION("below the cap the pool still covers the writer's share when its cash runs out, as without a cap") {
    Ledger M = makeLedger(/*cash*/ 50, 100, 1000, 1000, 1000);
    Settlement t{0, toMoney(600), toMoney(100), true, 0.2, M.insuranceFund(0), M.poolCapital(0), M.backstop(), toMoney(600)};
    const WaterfallLayers v = settle(M, t);
    CHECK(v.retained == toMoney(50));        // owed 100 of the 500, had 50
    CHECK(v.insuranceFund == toMoney(450));  // the rest, within the cap
    CHECK(v.beyondCover == 0);
    CHECK(v.unpaid == 0);
  }
  SECTION("a cap of 0 (collateral at max loss): the pool pays nothing") {
    Ledger M = makeLedger(/*cash*/ 1000, 100, 1000, 1000, 1000);
    Settlement t{0, toMoney(300), toMoney(100), true, 0.0, M.insuranceFund(0), M.poolCapital(0), M.backstop(), 0};
    const WaterfallLayers v = settle(M, t);
    CHECK(v.retained == toMoney(200));
    CHECK(v.poolBorne() == 0);
    CHECK(M.balance(M.insuranceFund(0)) == toMoney(1000));
  }
  SECTION("the pool's layers short of the cap: what they could not pay is the pool's default") {
    Ledger M = makeLedger(/*cash*/ 1000, 100, /*fund*/ 100, /*lp*/ 100, /*backstop*/ 0);
    Settlement t{0, toMoney(1100), toMoney(100), true, 0.0, M.insuranceFund(0), M.poolCapital(0), -1, toMoney(600)};
    const WaterfallLayers v = settle(M, t);
    CHECK(v.retained == toMoney(400));  // past the cap
    CHECK(v.insuranceFund == toMoney(100));
    CHECK(v.lpCapital == toMoney(100));
    CHECK(v.unpaid == toMoney(400));    // 600 owed, 200 paid
    CHECK(v.beyondCover == 0);
  }
}
