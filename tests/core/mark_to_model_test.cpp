// Mark-to-model's fixed-option lanes against the one-lane bsPrice they
// stand for: every lane of a book of several pieces, two assets, a nonzero
// rate, and the degenerate lanes (no time left, a cover strike at or below
// zero).
#include "core/mark_to_model.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cmath>
#include <vector>

#include <boost/random/uniform_01.hpp>
#include <catch2/catch.hpp>

#include "core/black_scholes.h"
#include "core/market.h"
#include "core/position_book.h"
#include "core/rng.h"

using namespace mutualab;

namespace {

struct Fixture {
  static constexpr int kTenor = 30, kT = 40;
  static constexpr double kRate = 0.03, kDt = 1.0 / 365.0;
  Market market;
  PositionBook book;
  std::vector<int> slots;  // in the order opened
  Fixture(int positions) {
    MarketDef def;
    def.rateAnnual = kRate;
    def.assets = {AssetDef{.name = "ETH", .spot = 2000.0, .volAnnual = 0.7},
                  AssetDef{.name = "BTC", .spot = 40000.0, .volAnnual = 0.5, .jumpIntensityAnnual = 6.0}};
    market = Market(def, ShockDef{}, 80, kDt, 5, 0, 1.0);
    book.reset(positions, positions, 1, 200);
    Engine rng = makeEngine(9, 0, AgentKind::Pool, 0, Purpose::Sizing);
    boost::random::uniform_01<double> u01;
    for (int i = 0; i < positions; ++i) {
      // Steps left 0..tenor; opened tenor steps before expiry.
      const int left = std::min(kTenor, static_cast<int>(u01(rng) * (kTenor + 1)));
      const int slot = book.open(kT + left);
      const size_t s = static_cast<size_t>(slot);
      const int asset = i % 2;
      const bool put = u01(rng) < 0.7;
      const double S0 = market.price(asset, kT + left - kTenor);
      const double strike = put ? S0 * (0.6 + 0.4 * u01(rng)) : S0 * (1.0 + 0.4 * u01(rng));
      // Cover from 0 to 110 % of the strike's distance to zero: some put
      // covers struck at or below zero.
      double dist = strike * 1.1 * u01(rng);
      if (i % 97 == 0) dist = strike;  // exactly zero
      book.assign(slot, i % 5 == 0 ? 1 : 0);
      book.kind[s] = static_cast<std::uint8_t>(put ? OptionKind::Put : OptionKind::Call);
      book.asset[s] = asset;
      book.strike[s] = strike;
      book.units[s] = 0.5 + u01(rng);
      book.coverStrikeDist[s] = dist;
      const CoverTerms c = bsCoverTermsLane(S0, put ? strike - dist : strike + dist);
      book.logCoverMoneyness[s] = c.logMoneyness;
      book.invCoverStrike[s] = c.invStrike;
      slots.push_back(slot);
    }
  }
  double coverStrike(size_t s) const {
    return static_cast<OptionKind>(book.kind[s]) == OptionKind::Put ? book.strike[s] - book.coverStrikeDist[s]
                                                                     : book.strike[s] + book.coverStrikeDist[s];
  }
  double oneLane(size_t s) const {
    const int a = book.asset[s];
    return bsPrice(static_cast<OptionKind>(book.kind[s]), market.price(a, kT), coverStrike(s), kRate,
                   market.pricingVol(a, kT), (book.expiry[s] - kT) * kDt);
  }
};

}  // namespace

TEST_CASE("mark-to-model: each lane is bsPrice's to rounding, degenerate lanes exactly", "[kernel]") {
  Fixture f(700);
  MarkTable table;
  table.build(f.market, Fixture::kT, Fixture::kDt, Fixture::kRate, Fixture::kTenor);
  MarkWorkspace ws;
  double worstScaled = 0, worstRelative = 0;
  int degenerate = 0, priced = 0, differing = 0;
  for (size_t from = 0; from < f.slots.size(); from += kMarkPiece) {
    const size_t n = std::min(kMarkPiece, f.slots.size() - from);
    for (size_t i = 0; i < n; ++i) ws.slot[i] = f.slots[from + i];
    ws.stage(n, f.book, Fixture::kT, table);
    ws.run(n);
    for (size_t i = 0; i < n; ++i) {
      const size_t s = static_cast<size_t>(f.slots[from + i]);
      const double want = f.oneLane(s), got = ws.price[i];
      const double K = f.coverStrike(s), S = f.market.price(f.book.asset[s], Fixture::kT);
      if (K <= 0.0 || f.book.expiry[s] == Fixture::kT) {
        // No time left, or a cover struck at or below zero: bsPrice's exact answer.
        CHECK(got == want);
        ++degenerate;
        continue;
      }
      ++priced;
      differing += got != want;
      worstScaled = std::max(worstScaled, std::fabs(got - want) / std::max(S, K));
      if (want >= 0.01 * S) worstRelative = std::max(worstRelative, std::fabs(got - want) / want);
    }
  }
  CHECK(degenerate > 10);
  CHECK(priced > 600);
  CHECK(differing > 0);  // a different path, not the general kernel again
  CHECK(worstScaled <= 1e-15);
  CHECK(worstRelative <= 1e-13);
}

TEST_CASE("mark-to-model: a pool's liability is its positions' covers summed in slot order", "[kernel]") {
  // 1300 positions: pool 0 holds about 1040 of them, over three pieces.
  Fixture f(1300);
  MarkTable table;
  table.build(f.market, Fixture::kT, Fixture::kDt, Fixture::kRate, Fixture::kTenor);
  MarkWorkspace ws;
  for (int pool : {0, 1}) {
    const double coverShare = 0.8;
    double want = 0;
    size_t count = 0;
    f.book.forEachInPool(pool, [&](int slot) {
      want += coverShare * f.book.units[static_cast<size_t>(slot)] * f.oneLane(static_cast<size_t>(slot));
      ++count;
    });
    const MarkResult r = markPool(f.book, pool, Fixture::kT, table, coverShare, ws);
    CHECK(r.lanes == count);
    CHECK(r.lanes == f.book.countInPool(pool));
    CHECK(want > 0);
    CHECK(std::fabs(r.liability - want) <= 1e-13 * want);
  }
  CHECK(f.book.countInPool(0) > 2 * kMarkPiece);
}

TEST_CASE("mark-to-model: bsMarkBatch, staging inside the kernel, gives the bits of stage then bsRepriceBatch", "[kernel]") {
  // 1300 positions in the fixture's order (not slot order), over pieces of
  // kMarkPiece and a last short one, so chunks of the kernel end mid-piece;
  // degenerate lanes (no time left, cover strikes at or below zero) included.
  Fixture f(1300);
  MarkTable table;
  table.build(f.market, Fixture::kT, Fixture::kDt, Fixture::kRate, Fixture::kTenor);
  MarkWorkspace ws;
  std::vector<double> fused(kMarkPiece);
  int compared = 0, degenerate = 0;
  for (size_t from = 0; from < f.slots.size(); from += kMarkPiece) {
    const size_t n = std::min(kMarkPiece, f.slots.size() - from);
    for (size_t i = 0; i < n; ++i) ws.slot[i] = f.slots[from + i];
    ws.stage(n, f.book, Fixture::kT, table);
    ws.run(n);
    const MarkLanes lanes{ws.slot.data(),
                          f.book.kind.data(),
                          f.book.asset.data(),
                          f.book.expiry.data(),
                          f.book.strike.data(),
                          f.book.coverStrikeDist.data(),
                          f.book.logCoverMoneyness.data(),
                          f.book.invCoverStrike.data(),
                          table.data(),
                          table.width(),
                          Fixture::kT};
    bsMarkBatch(n, lanes, fused.data());
    for (size_t i = 0; i < n; ++i) {
      const size_t s = static_cast<size_t>(ws.slot[i]);
      degenerate += f.coverStrike(s) <= 0.0 || f.book.expiry[s] == Fixture::kT;
      REQUIRE(std::bit_cast<std::uint64_t>(fused[i]) == std::bit_cast<std::uint64_t>(ws.price[i]));
      ++compared;
    }
  }
  CHECK(compared == 1300);
  CHECK(degenerate > 10);
}
