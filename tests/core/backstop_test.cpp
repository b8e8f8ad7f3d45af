// The shared backstop's coverage policies and the record of whose money
// paid whose claims (core/backstop.h).
#include <catch2/catch.hpp>

#include <vector>

#include "core/backstop.h"

using namespace mutualab;

TEST_CASE("pro rata pays every claim of a step the same share, rounding down", "[pools][backstop]") {
  Ledger L(1, 0, 2);
  Backstop b;
  BackstopDef d;
  d.capital = 200;
  d.coverage = "pro-rata";
  Bridges none;
  b.setUp(L, d, {0, 0}, 0, &none, 8);
  b.claim(0, toMoney(300));
  b.claim(1, toMoney(100));
  Money paid[2] = {0, 0};
  b.resolveClaims(L, 1, [&](int pool, Backstop::Paid p) { paid[pool] += p.now; });
  CHECK(paid[0] == toMoney(150));
  CHECK(paid[1] == toMoney(50));
  CHECK(b.balance(L) == 0);
  CHECK(L.total() == 0);
  // The initial capital paid both: the matrix row of the capital (c = 2).
  CHECK(b.paid[2 * 2 + 0] == Approx(150));
  CHECK(b.paid[2 * 2 + 1] == Approx(50));
}

TEST_CASE("cap-per-step limits what one pool draws in a step", "[pools][backstop]") {
  Ledger L(1, 0, 2);
  Backstop b;
  BackstopDef d;
  d.capital = 1000;
  d.coverage = "cap-per-step";
  d.capPerPoolPerStep = 100;
  Bridges none;
  b.setUp(L, d, {0, 0}, 0, &none, 8);
  CHECK(b.pay(L, 0, toMoney(70), 1).now == toMoney(70));
  CHECK(b.pay(L, 0, toMoney(70), 1).now == toMoney(30));  // the cap is reached
  CHECK(b.pay(L, 1, toMoney(70), 1).now == toMoney(70));  // another pool has its own
  b.endStep();
  CHECK(b.pay(L, 0, toMoney(70), 2).now == toMoney(70));  // a new step
  CHECK(b.balance(L) == toMoney(1000 - 240));
  CHECK(L.total() == 0);
}


TEST_CASE("a payment to a pool on another chain crosses the bridge: late, capped, or lost, never vanished", "[pools][backstop][bridge]") {
  Ledger L(1, 0, 2);
  std::vector<ChainDef> chains(2);
  chains[0].name = "home";
  chains[1].name = "far";
  chains[1].bridgeDelaySteps = 3;
  chains[1].bridgeCapacityPerStep = 40;
  Bridges bridges;
  bridges.setUp(chains, 2, 20, 1, 0);
  Backstop b;
  BackstopDef d;
  d.capital = 1000;
  d.coverage = "first-come";
  b.setUp(L, d, {0, 1}, 0, &bridges, 8);
  CHECK(b.paysInWaterfall(0));
  CHECK(!b.paysInWaterfall(1));
  const Backstop::Paid p = b.pay(L, 1, toMoney(100), 5);
  CHECK(p.now == 0);
  CHECK(p.sent == toMoney(100));
  CHECK(L.balance(L.inTransit()) == toMoney(100));
  Money arrived = 0;
  int lastLate = -1;
  auto onArrived = [&](int pool, Money m, int late) { CHECK(pool == 1); arrived += m; lastLate = late; };
  auto onLost = [&](int, Money) { FAIL("nothing is lost at failure probability 0"); };
  for (int t = 5; t <= 7; ++t) bridges.deliver(L, t, onArrived, onLost);
  CHECK(arrived == 0);  // not before the delay
  bridges.deliver(L, 8, onArrived, onLost);
  CHECK(arrived == toMoney(40));  // the capacity per step
  CHECK(lastLate == 3);
  bridges.deliver(L, 9, onArrived, onLost);
  bridges.deliver(L, 10, onArrived, onLost);
  CHECK(arrived == toMoney(100));
  CHECK(lastLate == 5);
  CHECK(L.balance(L.inTransit()) == 0);
  CHECK(L.total() == 0);

  // A bridge that always fails: the money lands in kLostInTransit.
  chains[1].bridgeFailureProbability = 1.0;
  bridges.setUp(chains, 2, 20, 1, 0);
  (void)b.pay(L, 1, toMoney(50), 20);
  Money lost = 0;
  bridges.deliver(L, 23, onArrived, [&](int, Money m) { lost += m; });
  CHECK(lost == toMoney(50));
  CHECK(L.balance(L.lostInTransit()) == toMoney(50));
  CHECK(L.total() == 0);
}
