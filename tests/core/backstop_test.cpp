// The shared backstop's coverage policies and the record of whose money
// paid whose claims (core/backstop.h).
#include <catch2/catch.hpp>

#include "core/backstop.h"

using namespace mutualab;

TEST_CASE("pro rata pays every claim of a step the same share, rounding down", "[pools][backstop]") {
  Ledger L(1, 0, 2);
  Backstop b;
  BackstopDef d;
  d.capital = 200;
  d.coverage = "pro-rata";
  b.setUp(L, d, 2, 8);
  b.claim(0, toMoney(300));
  b.claim(1, toMoney(100));
  Money paid[2] = {0, 0};
  b.resolveClaims(L, [&](int, int pool, Money p) { paid[pool] += p; });
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
  b.setUp(L, d, 2, 8);
  CHECK(b.payCapped(L, 0, toMoney(70)) == toMoney(70));
  CHECK(b.payCapped(L, 0, toMoney(70)) == toMoney(30));  // the cap is reached
  CHECK(b.payCapped(L, 1, toMoney(70)) == toMoney(70));  // another pool has its own
  b.endStep();
  CHECK(b.payCapped(L, 0, toMoney(70)) == toMoney(70));  // a new step
  CHECK(b.balance(L) == toMoney(1000 - 240));
  CHECK(L.total() == 0);
}

