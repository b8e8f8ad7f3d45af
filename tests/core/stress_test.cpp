#include "core/stress.h"

#include <catch2/catch.hpp>

#include "core/black_scholes.h"

using namespace mutualab;

TEST_CASE("stress: a shortfall runs through the insurance fund, pool capital, then the backstop", "[risk]") {
  const BookCapital cap{30, 50, 10};
  const CoverOutcome a = coverWith(100, cap);
  CHECK(a.paidInsuranceFund == 30);
  CHECK(a.shortAfterFund == 70);
  CHECK(a.paidPoolCapital == 50);
  CHECK(a.shortAfterPool == 20);
  CHECK(a.paidBackstop == 10);
  CHECK(a.uncovered == 10);
  CHECK_FALSE(a.covered());
  const CoverOutcome b = coverWith(40, cap);
  CHECK(b.paidInsuranceFund == 30);
  CHECK(b.paidPoolCapital == 10);
  CHECK(b.paidBackstop == 0);
  CHECK(b.covered());
}

TEST_CASE("stress: Cover-2 is at least Cover-1, and the defaulters are the largest stressed writers", "[risk]") {
  MarketDef m;
  m.assets[0] = AssetDef{"ETH", 2000, 0.0, 0.7, 0.0, -0.15, 0.1};
  RiskBook book;
  book.assetNames = {"ETH"};
  // Writer 5 is short the most puts, writer 9 next, writer 1 least.
  const int writers[] = {1, 5, 5, 5, 9, 9};
  for (int w : writers) {
    BookPosition p;
    p.writer = w;
    p.strike = 1800;
    p.coverStrike = 1600;  // collateral 200 per unit
    p.collateral = 200;
    p.units = 1;
    p.expiryDays = 20;
    p.spot = 2000;
    p.volAnnual = 0.7;
    book.add(p);
  }
  RiskDef def;
  def.horizonDays = 2;
  const RiskEngine engine(book, m, def);
  const BookCapital cap{100, 1000, 0};
  const StressResult r = runStress(engine, defaultStressScenarios(1), cap);
  REQUIRE(r.rows.size() == 20);
  for (const StressRow& row : r.rows) {
    CHECK(row.cover2.requirement >= row.cover1.requirement);
    REQUIRE(row.cover1.defaulters.size() == 1);
    CHECK(row.cover1.defaulters[0] == 5);
    CHECK(row.cover2.defaulters == std::vector<int>{5, 9});
  }
  // The worst is spot -40 % with vol x2.5: 3 puts struck at 1600 on 1200, 18 days left.
  const StressRow& worst = r.rows[static_cast<size_t>(r.worstCover1)];
  CHECK(worst.scenario.name == "spot -40% vol x2.5");
  const double one = bsPrice(OptionKind::Put, 1200, 1600, 0, 0.7 * 2.5, 18 / 365.0);
  CHECK(worst.cover1.requirement == Approx(3 * one));
  CHECK(worst.cover2.requirement == Approx(5 * one));
  CHECK(worst.cover2.paidInsuranceFund == Approx(100));
  CHECK(worst.cover2.paidPoolCapital == Approx(std::min(1000.0, 5 * one - 100)));
  CHECK(worst.cover2.uncovered == Approx(std::max(0.0, 5 * one - 1100)));
  // The whole book: six puts' change in value is its loss L; what runs
  // through the layers is all the pool owes, their stressed value V(H),
  // never below a default of some of its writers when they retain no share
  // (Cover-2's five puts).
  const double now = bsPrice(OptionKind::Put, 2000, 1600, 0, 0.7, 20 / 365.0);
  CHECK(worst.poolLoss == Approx(6 * (one - now)));
  CHECK(worst.poolValue == Approx(6 * one));
  CHECK(worst.wholeBook.requirement == Approx(6 * one));
  for (const StressRow& row : r.rows) CHECK(row.wholeBook.requirement >= row.cover2.requirement);
  CHECK(worst.wholeBook.paidInsuranceFund == Approx(100));
  CHECK(r.worstPoolLoss == r.worstCover1);
}
