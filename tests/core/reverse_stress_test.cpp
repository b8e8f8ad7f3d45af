#include "core/reverse_stress.h"

#include <catch2/catch.hpp>

#include "core/black_scholes.h"
#include "core/book.h"
#include "support/books.h"
#include "support/markets.h"

using namespace mutualab;

namespace {
// One short put at 100 on a spot of 100, 30 days, priced at 0.5, no
// collateral: the pool owes the whole put, and its one writer's loss beyond
// collateral is that put too.
RiskBook onePut() {
  RiskBook book = testing::onePutBook(100, 100, 30, 0.5);
  book.writer[0] = 7;
  return book;
}
}  // namespace

TEST_CASE("reverse stress: the least move after which the layers no longer cover the book", "[risk]") {
  const RiskBook book = onePut();
  RiskDef def;
  def.horizonDays = 2;
  def.samples = 100;
  const RiskEngine engine(book, testing::gbmMarket(100, 0.5), def);
  const BookCapital layers{5, 15, 0};  // 20 in all
  const auto dirs = reverseDirections({"ETH"});
  REQUIRE(dirs.size() == 3);  // one asset: every asset down, up, volatility
  const auto rows = reverseStress(engine, dirs, layers);
  REQUIRE(rows.size() == 3);
  const double years = 28 / 365.0;
  auto put = [&](double spot, double vol) { return bsPrice(OptionKind::Put, spot, 100, 0, vol, years); };
  // Down: the put is worth 20 at the break, and less just short of it.
  const ReverseBreak& down = rows[0].breaks[0];
  REQUIRE(down.found);
  CHECK(down.move < -0.1);
  CHECK(down.move > -0.3);
  CHECK(put(100 * (1 + down.move), 0.5) > 20);
  CHECK(put(100 * (1 + down.move + 1e-6), 0.5) <= 20 + 1e-9);
  CHECK(down.requirement == Approx(put(100 * (1 + down.move), 0.5)).epsilon(1e-12));
  CHECK(down.uncovered == Approx(down.requirement - 20).margin(1e-9));
  // One writer: Cover-1 and Cover-2 are its whole put, the book's break.
  CHECK(rows[0].breaks[1].move == down.move);
  CHECK(rows[0].breaks[2].move == down.move);
  // Up: a put only loses value, so the layers hold to +1000 %.
  for (const ReverseBreak& b : rows[1].breaks) CHECK_FALSE(b.found);
  // Volatility at unchanged prices: about x3.5 makes the put worth 20.
  const ReverseBreak& vol = rows[2].breaks[0];
  REQUIRE(vol.found);
  CHECK(put(100, 0.5 * vol.move) > 20);
  CHECK(put(100, 0.5 * (vol.move - 1e-6)) <= 20 + 1e-9);
  CHECK(vol.move == Approx(3.5).margin(0.3));
}

TEST_CASE("reverse stress: layers short with no move break at once; several assets add a direction each way", "[risk]") {
  const RiskBook book = onePut();
  RiskDef def;
  def.horizonDays = 2;
  def.samples = 100;
  const RiskEngine engine(book, testing::gbmMarket(100, 0.5), def);
  const auto rows = reverseStress(engine, reverseDirections({"ETH"}), BookCapital{0, 1, 0});  // V(0) is about 5.5
  CHECK(rows[0].breaks[0].found);
  CHECK(rows[0].breaks[0].move == 0.0);
  CHECK(rows[2].breaks[0].move == 1.0);  // volatility x1
  CHECK(rows[0].evaluations == 1);       // every test broken at the first point
  const auto dirs = reverseDirections({"ETH", "BTC"});
  REQUIRE(dirs.size() == 7);
  CHECK(dirs[2].name == "ETH down");
  CHECK(dirs[2].asset == 0);
  CHECK(dirs[5].name == "BTC up");
  CHECK(dirs[6].sign == 0);
}
