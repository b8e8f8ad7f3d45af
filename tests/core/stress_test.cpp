#include "core/stress.h"

#include <catch2/catch.hpp>

#include "core/black_scholes.h"

using namespace mutualab;

namespace {
// One ETH put struck at 1800 on a spot of 2000, 20 days left, collateral 200
// a unit (cover from 1600), per writer listed, in pool `pools[i]` (0 if none).
RiskBook putsOf(const std::vector<int>& writers, const std::vector<int>& pools = {}) {
  RiskBook book;
  book.assetNames = {"ETH"};
  for (size_t i = 0; i < writers.size(); ++i) {
    BookPosition p;
    p.writer = writers[i];
    p.pool = i < pools.size() ? pools[i] : 0;
    p.strike = 1800;
    p.coverStrike = 1600;
    p.collateral = 200;
    p.units = 1;
    p.expiryDays = 20;
    p.spot = 2000;
    p.volAnnual = 0.7;
    book.add(p);
  }
  return book;
}
}  // namespace

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
  // Writer 5 is short the most puts, writer 9 next, writer 1 least.
  const RiskBook book = putsOf({1, 5, 5, 5, 9, 9});
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

TEST_CASE("stress with several pools: each pool pays its part from its own layers, then the shared backstop", "[risk][pools]") {
  // Pool 0 owes 100 with fund 10 and capital 20; pool 1 owes 50 with capital
  // 100; the backstop has 30. Pool 1's spare capital does not pay pool 0's
  // claims: 70 is left to the backstop, which pays 30, and 40 goes unpaid
  // (as one layer, 130 of fund and capital would have covered all 150).
  const std::vector<PoolCapital> pools = {{"a", 10, 20}, {"b", 0, 100}};
  const CoverOutcome c = coverWithPools({100, 50}, pools, 30);
  REQUIRE(c.pools.size() == 2);
  CHECK(c.pools[0].paidInsuranceFund == 10);
  CHECK(c.pools[0].paidPoolCapital == 20);
  CHECK(c.pools[0].shortAfterPool == 70);
  CHECK(c.pools[1].paidPoolCapital == 50);
  CHECK(c.pools[1].shortAfterPool == 0);
  CHECK(c.requirement == 150);
  CHECK(c.paidInsuranceFund == 10);
  CHECK(c.shortAfterFund == 140);
  CHECK(c.paidPoolCapital == 70);
  CHECK(c.shortAfterPool == 70);
  CHECK(c.paidBackstop == 30);
  CHECK(c.uncovered == 40);
  CHECK(c.pools[0].paidBackstop == 30);
  CHECK(c.pools[0].uncovered == 40);
  CHECK(c.pools[1].uncovered == 0);
  CHECK(coverWith(150, BookCapital{10, 120, 30}).covered());
  // Less than half a micro-unit left is nothing a ledger could pay (a deep
  // out-of-the-money option's 1e-30 read as UNCOVERED before); half of one is.
  CHECK(coverWith(1e-30, BookCapital{0, 0, 0}).covered());
  CHECK(coverWith(0.49e-6, BookCapital{0, 0, 0}).covered());
  CHECK_FALSE(coverWith(0.5e-6, BookCapital{0, 0, 0}).covered());
  // Two pools short: the backstop shares what it pays pro rata to their claims (70 and 100 of 170).
  const CoverOutcome both = coverWithPools({100, 200}, pools, 60);
  CHECK(both.pools[0].shortAfterPool == 70);
  CHECK(both.pools[1].shortAfterPool == 100);
  CHECK(both.pools[0].paidBackstop == Approx(60.0 * 70 / 170));
  CHECK(both.pools[1].paidBackstop == Approx(60.0 * 100 / 170));
  CHECK(both.pools[0].uncovered + both.pools[1].uncovered == Approx(both.uncovered));
  CHECK(both.uncovered == 110);
  // A pool the list does not reach has no layers of its own.
  CHECK(coverWithPools({0, 0, 5}, pools, 0).uncovered == 5);

  // Through the engine: pool 0 holds writer 5's three puts, pool 1 writer 9's
  // two; a crash's cover falls on each pool by its writers' positions.
  MarketDef m;
  m.assets[0] = AssetDef{"ETH", 2000, 0.0, 0.7, 0.0, -0.15, 0.1};
  const RiskBook book = putsOf({5, 5, 5, 9, 9}, {0, 0, 0, 1, 1});
  RiskDef def;
  def.horizonDays = 2;
  const RiskEngine engine(book, m, def);
  REQUIRE(engine.poolCount() == 2);
  const double one = bsPrice(OptionKind::Put, 1200, 1600, 0, 0.7 * 2.5, 18 / 365.0);
  const std::vector<PoolCapital> layers = {{"a", 0, 2 * one}, {"b", 0, 10 * one}};
  const StressResult own = runStress(engine, defaultStressScenarios(1), BookCapital{0, 12 * one, 0}, &layers);
  const StressResult lumped = runStress(engine, defaultStressScenarios(1), BookCapital{0, 12 * one, 0});
  const StressRow& worst = own.rows[static_cast<size_t>(own.worstPoolLoss)];
  CHECK(worst.scenario.name == "spot -40% vol x2.5");
  REQUIRE(worst.wholeBook.pools.size() == 2);
  CHECK(worst.wholeBook.pools[0].requirement == Approx(3 * one));
  CHECK(worst.wholeBook.pools[1].requirement == Approx(2 * one));
  CHECK(worst.wholeBook.uncovered == Approx(one));  // pool a's third put: no backstop, b's capital is b's
  CHECK(lumped.rows[static_cast<size_t>(lumped.worstPoolLoss)].wholeBook.covered());
  // Cover-2: writers 5 and 9 default, each pool paying its own writer's part.
  CHECK(worst.cover2.pools[0].requirement == Approx(3 * one));
  CHECK(worst.cover2.pools[1].requirement == Approx(2 * one));
  CHECK(worst.cover2.requirement == Approx(lumped.rows[static_cast<size_t>(own.worstPoolLoss)].cover2.requirement));
  // The pools' parts add up to the writers' whole obligations, row by row.
  for (size_t i = 0; i < own.rows.size(); ++i) {
    CHECK(own.rows[i].cover1.requirement == Approx(lumped.rows[i].cover1.requirement));
    CHECK(own.rows[i].wholeBook.requirement == Approx(lumped.rows[i].wholeBook.requirement));
  }
}

TEST_CASE("stress with several pools: the headline is the scenario that leaves the most unpaid", "[risk][pools]") {
  // Pool 0 writes ETH puts with ample capital, pool 1 one SOL put with
  // none. "ETH -50%" asks the most of the writers, and pool 0 pays it all;
  // "SOL -30%" asks less, and pool 1 can pay none of it. Before 2026-12-04
  // the headline was the largest requirement, covered, while the other
  // scenario left buyers unpaid.
  MarketDef m;
  m.assets = {AssetDef{"ETH", 2000, 0.0, 0.7, 0.0, -0.15, 0.1}, AssetDef{"SOL", 2000, 0.0, 0.7, 0.0, -0.15, 0.1}};
  RiskBook book = putsOf({5, 5, 5, 9}, {0, 0, 0, 1});
  book.assetNames = {"ETH", "SOL"};
  book.asset = {0, 0, 0, 1};
  RiskDef def;
  def.horizonDays = 2;
  const RiskEngine engine(book, m, def);
  const std::vector<StressScenario> scenarios = {{"ETH -50%", {-0.5, 0.0}, {1.0, 1.0}, {0.0, 0.0}},
                                                 {"SOL -30%", {0.0, -0.3}, {1.0, 1.0}, {0.0, 0.0}}};
  const std::vector<PoolCapital> layers = {{"eth", 0, 1e6}, {"sol", 0, 0}};
  const StressResult r = runStress(engine, scenarios, BookCapital{0, 1e6, 0}, &layers);
  REQUIRE(r.rows[0].cover1.requirement > r.rows[1].cover1.requirement);
  CHECK(r.rows[0].cover1.covered());
  CHECK(r.rows[1].cover1.uncovered > 0);
  CHECK(r.worstCover1 == 1);
  CHECK(r.worstCover2 == 1);
  CHECK(r.worstPoolLoss == 1);  // the whole book: SOL's put unpaid, though ETH's loss is larger
  CHECK(r.rows[0].poolLoss > r.rows[1].poolLoss);
  // One layer: every scenario is covered, and the largest requirement is the headline.
  const StressResult one = runStress(engine, scenarios, BookCapital{0, 1e6, 0});
  CHECK(one.worstCover1 == 0);
  CHECK(one.worstPoolLoss == 0);
}

TEST_CASE("stress: a volatility shock applies to the assets it names and no other", "[risk]") {
  // Writer 1's put on ETH, writer 2's on SOL. ETH's volatility x2 then +10
  // points moves only writer 1's stressed obligation, to the Black-Scholes
  // value at 0.7 x 2 + 0.1 = 1.5; SOL's stays at 0.7.
  MarketDef m;
  m.assets = {AssetDef{"ETH", 2000, 0.0, 0.7, 0.0, -0.15, 0.1}, AssetDef{"SOL", 2000, 0.0, 0.7, 0.0, -0.15, 0.1}};
  RiskBook book = putsOf({1, 2});
  book.assetNames = {"ETH", "SOL"};
  book.asset = {0, 1};
  RiskDef def;
  def.horizonDays = 2;
  const RiskEngine engine(book, m, def);
  RiskWorkspace ws = engine.workspace();
  std::vector<double> calm, shocked;
  engine.stressed({"calm", {-0.2, -0.2}, {1.0, 1.0}, {0.0, 0.0}}, ws, calm);
  engine.stressed({"ETH vol", {-0.2, -0.2}, {2.0, 1.0}, {0.1, 0.0}}, ws, shocked);
  const double years = 18 / 365.0;
  CHECK(calm[0] == Approx(bsPrice(OptionKind::Put, 1600, 1600, 0, 0.7, years)).epsilon(1e-12));
  CHECK(shocked[0] == Approx(bsPrice(OptionKind::Put, 1600, 1600, 0, 1.5, years)).epsilon(1e-12));
  CHECK(shocked[1] == calm[1]);
  // A multiplier with no shift, on every asset: 0.7 x 2.5.
  std::vector<double> multiplied;
  engine.stressed(StressScenario::uniform("x2.5", 2, -0.2, 2.5), ws, multiplied);
  CHECK(multiplied[0] == Approx(bsPrice(OptionKind::Put, 1600, 1600, 0, 1.75, years)).epsilon(1e-12));
}
