// The position book hands out the same slots whatever its starting size, so
// growing on demand cannot change a run; and it finds what expires from its
// expiry lists, in slot order.
#include "core/position_book.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include <boost/random/uniform_01.hpp>
#include <catch2/catch.hpp>

#include "core/rng.h"

using namespace mutualab;

namespace {
// Opens and closes positions at random for 200 steps (tenors 1..8): the slot
// of every open, in order, and the expiring slots of every step.
std::vector<int> history(int initial, int limit) {
  PositionBook book;
  book.reset(initial, limit, 2, 300);
  Engine rng = makeEngine(3, 0, AgentKind::Pool, 0, Purpose::Test);
  boost::random::uniform_01<double> u;
  std::vector<int> out, expiring;
  for (int t = 1; t <= 200; ++t) {
    const int opens = static_cast<int>(40 * u(rng));
    for (int i = 0; i < opens; ++i) out.push_back(book.open(t + 1 + static_cast<int>(8 * u(rng))));
    expiring.clear();
    book.expiringAt(t, expiring);
    out.push_back(-2);  // step separator
    for (int s : expiring) {
      out.push_back(s);
      book.close(s);
    }
  }
  return out;
}
}  // namespace

TEST_CASE("the book gives the same slots grown on demand as sized at the start", "[book]") {
  const std::vector<int> sized = history(100000, 100000);
  const std::vector<int> grown = history(1, 100000);
  REQUIRE(sized.size() > 2000);
  CHECK(grown == sized);
  // A limit below the demand refuses (-1) rather than grows past it, the same way at any start size.
  CHECK(history(1, 50) == history(50, 50));
  bool refused = false;
  for (int s : history(1, 50)) refused = refused || s == -1;
  CHECK(refused);
}

TEST_CASE("the book's expiry lists give the expiring slots in slot order", "[book]") {
  PositionBook book;
  book.reset(4, 64, 1, 10);
  const int a = book.open(5), b = book.open(3), c = book.open(5), d = book.open(5);
  CHECK(book.capacity() == 4);
  const int e = book.open(12);  // past the last expiry it was sized for, and past its capacity: both grow
  CHECK(book.capacity() == 64);
  std::vector<int> got;
  book.expiringAt(5, got);
  CHECK(got == std::vector<int>{a, c, d});
  got.clear();
  book.expiringAt(3, got);
  CHECK(got == std::vector<int>{b});
  book.close(b);
  const int f = book.open(5);  // b's slot again, now expiring at 5
  CHECK(f == b);
  got.clear();
  book.expiringAt(3, got);
  CHECK(got.empty());
  got.clear();
  book.expiringAt(5, got);
  CHECK(got == std::vector<int>{0, 1, 2, 3});
  got.clear();
  book.expiringAt(12, got);
  CHECK(got == std::vector<int>{e});
}

TEST_CASE("the book's open-slot bits visit each pool's, the silo's and the pooled slots in slot order", "[book]") {
  // Random opens (pools 0..2 or the silo) and closes over 100 steps, past
  // several growths; after each step every visit equals a scan of the table.
  PositionBook book;
  book.reset(1, 100000, 1, 200);
  Engine rng = makeEngine(4, 0, AgentKind::Pool, 0, Purpose::Test);
  boost::random::uniform_01<double> u;
  std::vector<int> expiring;
  std::vector<bool> opened;  // the test's own record: slot -> open
  int visits = 0;
  for (int t = 1; t <= 100; ++t) {
    for (int i = static_cast<int>(60 * u(rng)); i > 0; --i) {
      const int s = book.open(t + 1 + static_cast<int>(9 * u(rng)));
      book.assign(s, static_cast<int>(4 * u(rng)) - 1);  // -1 is kSilo
      opened.resize(static_cast<size_t>(book.capacity()), false);
      opened[static_cast<size_t>(s)] = true;
    }
    expiring.clear();
    book.expiringAt(t, expiring);
    for (int s : expiring) {
      book.close(s);
      opened[static_cast<size_t>(s)] = false;
    }
    // isOpen (the bits) against the test's own record of opens and closes.
    for (int s = 0; s < book.capacity(); ++s) REQUIRE(book.isOpen(s) == opened[static_cast<size_t>(s)]);
    for (int k = kSilo; k < 3; ++k) {
      std::vector<int> scanned, visited;
      for (int s = 0; s < book.capacity(); ++s)
        if (opened[static_cast<size_t>(s)] && book.pool[static_cast<size_t>(s)] == k) scanned.push_back(s);
      book.forEachInPool(k, [&](int s) { visited.push_back(s); });
      REQUIRE(visited == scanned);
      REQUIRE(book.countInPool(k) == scanned.size());
      visits += static_cast<int>(visited.size());
    }
    std::vector<int> scanned, visited;
    for (int s = 0; s < book.capacity(); ++s)
      if (opened[static_cast<size_t>(s)] && book.pool[static_cast<size_t>(s)] != kSilo) scanned.push_back(s);
    book.forEachPooled([&](int s) { visited.push_back(s); });
    REQUIRE(visited == scanned);
  }
  CHECK(book.capacity() >= 128);  // it grew
  CHECK(visits > 5000);
  std::vector<int> none;
  book.forEachInPool(7, [&](int s) { none.push_back(s); });  // a pool that never covered a position
  CHECK(none.empty());
  CHECK(book.countInPool(7) == 0);
}

TEST_CASE("the book's open totals per pool equal a fresh sum of its open positions, and are 0 when it empties", "[book]") {
  // Random opens (pools 0..2 or the silo) with random notionals, types and
  // collateral, and closes, over 120 steps; after each step every pool's
  // totals equal the same integers summed afresh over its open slots.
  PositionBook book;
  book.reset(1, 100000, 1, 300);
  Engine rng = makeEngine(5, 0, AgentKind::Pool, 0, Purpose::Test);
  boost::random::uniform_01<double> u;
  std::vector<int> expiring;
  std::int64_t peak = 0;
  for (int t = 1; t <= 130; ++t) {
    for (int i = t <= 120 ? static_cast<int>(50 * u(rng)) : 0; i > 0; --i) {
      const int s = book.open(t + 1 + static_cast<int>(9 * u(rng)));
      const auto S = static_cast<size_t>(s);
      book.notional[S] = 1000.0 * (0.5 + u(rng));
      book.theta[S] = u(rng);
      book.collateral[S] = toMoney(300.0 * u(rng));
      book.assign(s, static_cast<int>(4 * u(rng)) - 1);  // -1 is kSilo
    }
    expiring.clear();
    book.expiringAt(t, expiring);
    for (int s : expiring) book.close(s);
    for (int k = kSilo; k < 3; ++k) {
      OpenTotals fresh;
      book.forEachInPool(k, [&](int s) {
        const auto S = static_cast<size_t>(s);
        fresh.add(book.notional[S], book.theta[S], book.collateral[S], +1);
      });
      const OpenTotals kept = book.totals(k);
      REQUIRE(kept.count == fresh.count);
      REQUIRE(kept.notional == fresh.notional);
      REQUIRE(kept.thetaNotional == fresh.thetaNotional);
      REQUIRE(kept.collateral == fresh.collateral);
      REQUIRE(static_cast<std::size_t>(kept.count) == book.countInPool(k));
      peak = std::max(peak, kept.count);
    }
  }
  CHECK(peak > 40);  // a pool held dozens at once
  // Every position has expired: each total is exactly 0 again, with no
  // rounding left over, and its currency values are 0.
  for (int k = kSilo; k < 3; ++k) {
    const OpenTotals o = book.totals(k);
    CHECK(o.count == 0);
    CHECK(o.notionalCurrency() == 0.0);
    CHECK(o.thetaNotionalCurrency() == 0.0);
    CHECK(o.collateralCurrency() == 0.0);
  }
  // One position's values: notional 1000.5, theta 0.25, collateral 12.345678.
  PositionBook one;
  one.reset(1, 4, 1, 10);
  const int s = one.open(3);
  one.notional[0] = 1000.5;
  one.theta[0] = 0.25;
  one.collateral[0] = toMoney(12.345678);
  one.assign(s, 1);
  CHECK(one.totals(1).notionalCurrency() == 1000.5);
  CHECK(one.totals(1).thetaNotionalCurrency() == 250.125);
  CHECK(one.totals(1).collateralCurrency() == 12.345678);
  CHECK(one.totals(0).count == 0);
  CHECK(one.totals(7).count == 0);  // a pool that never covered one
}
