// Mark-to-model's fixed-option lanes against the one-lane bsPrice they
// stand for: every lane of a book of several pieces, two assets, a nonzero
// rate, and the degenerate lanes (no time left, a cover strike at or below
// zero).
#include "core/mark_to_model.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cmath>
#include <limits>
#include <set>
#include <tuple>
#include <vector>

#include <boost/random/uniform_01.hpp>
#include <catch2/catch.hpp>

#include "core/black_scholes.h"
#include "core/mark_book.h"
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
  MarkBook marks;
  std::vector<int> slots;  // in the order opened
  // Steps left spread over 0..tenor, or all `fixedLeft` (cohorts of
  // hundreds of positions, over several pieces).
  explicit Fixture(int positions, int fixedLeft = -1) {
    MarketDef def;
    def.rateAnnual = kRate;
    def.assets = {AssetDef{.name = "ETH", .spot = 2000.0, .volAnnual = 0.7},
                  AssetDef{.name = "BTC", .spot = 40000.0, .volAnnual = 0.5, .jumpIntensityAnnual = 6.0}};
    market = Market(def, ShockDef{}, 80, kDt, 5, 0, 1.0);
    book.reset(positions, positions, 1, 200);
    marks.reset(2, 2, kTenor);
    Engine rng = makeEngine(9, 0, AgentKind::Pool, 0, Purpose::Sizing);
    boost::random::uniform_01<double> u01;
    for (int i = 0; i < positions; ++i) {
      // Steps left 0..tenor; opened tenor steps before expiry.
      const int spread = std::min(kTenor, static_cast<int>(u01(rng) * (kTenor + 1)));
      const int left = fixedLeft >= 0 ? fixedLeft : spread;
      const int slot = book.open(kT + left);
      const size_t s = static_cast<size_t>(slot);
      const int asset = i % 2, pool = i % 5 == 0 ? 1 : 0;
      const bool put = u01(rng) < 0.7;
      const double S0 = market.price(asset, kT + left - kTenor);
      const double strike = put ? S0 * (0.6 + 0.4 * u01(rng)) : S0 * (1.0 + 0.4 * u01(rng));
      // Cover from 0 to 110 % of the strike's distance to zero: some put
      // covers struck at or below zero.
      double dist = strike * 1.1 * u01(rng);
      if (i % 97 == 0) dist = strike;  // exactly zero
      book.assign(slot, pool);
      book.kind[s] = static_cast<std::uint8_t>(put ? OptionKind::Put : OptionKind::Call);
      book.asset[s] = asset;
      book.strike[s] = strike;
      book.units[s] = 0.5 + u01(rng);
      book.coverStrikeDist[s] = dist;
      marks.add(pool, asset, kT + left, slot, book.kind[s], book.coverStrike(slot), book.units[s]);
      slots.push_back(slot);
    }
    for (int e = kT; e <= kT + kTenor; ++e) marks.computeCoverTerms(e, market, e - kTenor);
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
  // f(slot, price) for every lane of pool `pool`, priced by stage then run
  // in pieces of kMarkPiece.
  template <class F>
  void stagedPrices(int pool, const MarkTable& table, F&& f) const {
    MarkWorkspace ws;
    marks.forEachCohort(pool, [&](const MarkCohort& c, int asset) {
      for (size_t from = 0; from < c.size(); from += kMarkPiece) {
        const size_t n = std::min(kMarkPiece, c.size() - from);
        ws.stage(c, from, n, table.at(asset, c.expiry - kT));
        ws.run(n);
        for (size_t i = 0; i < n; ++i) f(c.slot[from + i], ws.price[i]);
      }
    });
  }
};

}  // namespace

TEST_CASE("mark-to-model: each lane is bsPrice's to rounding, degenerate lanes exactly", "[kernel]") {
  Fixture f(700);
  MarkTable table;
  table.build(f.market, Fixture::kT, Fixture::kDt, Fixture::kRate, Fixture::kTenor);
  double worstScaled = 0, worstRelative = 0;
  int degenerate = 0, priced = 0, differing = 0;
  for (int pool : {0, 1})
    f.stagedPrices(pool, table, [&](int slot, double got) {
      const size_t s = static_cast<size_t>(slot);
      const double want = f.oneLane(s);
      const double K = f.coverStrike(s), S = f.market.price(f.book.asset[s], Fixture::kT);
      if (K <= 0.0 || f.book.expiry[s] == Fixture::kT) {
        // No time left, or a cover struck at or below zero: bsPrice's exact answer.
        CHECK(got == want);
        ++degenerate;
        return;
      }
      ++priced;
      differing += got != want;
      worstScaled = std::max(worstScaled, std::fabs(got - want) / std::max(S, K));
      if (want >= 0.01 * S) worstRelative = std::max(worstRelative, std::fabs(got - want) / want);
    });
  CHECK(degenerate + priced == 700);
  CHECK(degenerate > 10);
  CHECK(priced > 600);
  CHECK(differing > 0);  // a different path, not the general kernel again
  CHECK(worstScaled <= 1e-15);
  CHECK(worstRelative <= 1e-13);
}

TEST_CASE("mark-to-model: a pool's liability is its positions' covers summed over its cohorts in eight partial sums", "[kernel]") {
  // 1300 positions: pool 0 holds about 1040 of them, in cohorts of about
  // 17 (two assets, 31 expiries), or of about 520 (two assets, one expiry:
  // two pieces each). The sum's order is the one LiabilitySum states:
  // cohorts in forEachCohort's order, each in pieces of kMarkPiece, the
  // k-th lane of a piece into partial k mod 8, the partials added
  // pairwise. The reference here is written out lane by lane, to the bits.
  for (int fixedLeft : {-1, 12}) {
  Fixture f(1300, fixedLeft);
  MarkTable table;
  table.build(f.market, Fixture::kT, Fixture::kDt, Fixture::kRate, Fixture::kTenor);
  MarkWorkspace ws;
  size_t largest = 0;
  f.marks.forEachCohort(0, [&](const MarkCohort& c, int) { largest = std::max(largest, c.size()); });
  CHECK(largest > (fixedLeft < 0 ? 10 : kMarkPiece));
  for (int pool : {0, 1}) {
    const double coverShare = 0.8;
    std::vector<double> price(static_cast<size_t>(f.book.capacity()), std::numeric_limits<double>::quiet_NaN());
    f.stagedPrices(pool, table, [&](int slot, double got) { price[static_cast<size_t>(slot)] = got; });
    double p[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    f.marks.forEachCohort(pool, [&](const MarkCohort& c, int) {
      for (size_t i = 0; i < c.size(); ++i) p[(i % kMarkPiece) % 8] += c.units[i] * price[static_cast<size_t>(c.slot[i])];
    });
    const double want = coverShare * (((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7])));
    // And, to rounding, the sum in slot order of the one-lane prices.
    double close = 0;
    size_t count = 0;
    f.book.forEachInPool(pool, [&](int slot) {
      const size_t s = static_cast<size_t>(slot);
      close += coverShare * f.book.units[s] * f.oneLane(s);
      ++count;
    });
    const MarkResult r = markPool(f.marks, pool, Fixture::kT, table, coverShare, ws);
    CHECK(r.lanes == count);
    CHECK(r.lanes == f.book.countInPool(pool));
    CHECK(want > 0);
    CHECK(std::bit_cast<std::uint64_t>(r.liability) == std::bit_cast<std::uint64_t>(want));
    CHECK(std::fabs(r.liability - close) <= 1e-13 * close);
  }
  CHECK(f.book.countInPool(0) > 2 * kMarkPiece);
  }
}

TEST_CASE("mark-to-model: LiabilitySum puts lane k of a piece in partial k mod 8 and adds the partials pairwise", "[kernel]") {
  // Values whose sum depends on the order: 1e16 swallows a 1 added to it
  // alone (ties to even), not 1 + 1 added first.
  const double units[11] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  const double price[11] = {1e16, 1, 1, 1, 1, 1, 1, 1, 1, -1e16, 1};
  LiabilitySum sum;
  sum.add(units, price, 11);
  // p0 = 1e16 + 1 (= 1e16), p1 = 1 + -1e16 (= -1e16), p2 = 1 + 1, p3..p7 = 1.
  CHECK(sum.partial[0] == 1e16);
  CHECK(sum.partial[1] == -1e16);
  CHECK(sum.partial[2] == 2);
  for (int j = 3; j < 8; ++j) CHECK(sum.partial[j] == 1);
  // ((1e16 + -1e16) + (2 + 1)) + ((1 + 1) + (1 + 1)) = 7; in one running sum, 1.
  CHECK(sum.total() == 7);
  // A second piece starts again at partial 0: -1e16 there, 1 in partial 1.
  sum.add(units, price + 9, 2);
  CHECK(sum.partial[0] == 0);
  CHECK(sum.partial[1] == -1e16);
  CHECK(sum.partial[2] == 2);
}

TEST_CASE("mark-to-model: bsMarkCohort, staging inside the kernel, gives the bits of stage then bsRepriceBatch", "[kernel]") {
  // Both pools' cohorts of a 1300-position book, whole and (as pieces
  // start mid-cohort) from every 7th row, so chunks of the kernel end
  // anywhere; degenerate lanes (no time left, cover strikes at or below
  // zero) included.
  Fixture f(1300);
  MarkTable table;
  table.build(f.market, Fixture::kT, Fixture::kDt, Fixture::kRate, Fixture::kTenor);
  MarkWorkspace ws;
  std::vector<double> fused(kMarkPiece);
  int compared = 0, degenerate = 0, cohorts = 0;
  std::set<std::tuple<int, int, int>> distinct;  // (pool, asset, expiry) of the book's positions
  for (int slot : f.slots) {
    const size_t s = static_cast<size_t>(slot);
    distinct.emplace(f.book.pool[s], f.book.asset[s], f.book.expiry[s]);
  }
  for (int pool : {0, 1})
    f.marks.forEachCohort(pool, [&](const MarkCohort& c, int asset) {
      ++cohorts;
      const MarkTerms& terms = table.at(asset, c.expiry - Fixture::kT);
      REQUIRE(c.size() <= kMarkPiece);
      const size_t starts[] = {0, c.size() / 7};
      for (size_t j = 0; j < (starts[1] > 0 ? 2u : 1u); ++j) {
        const size_t from = starts[j];
        const size_t n = c.size() - from;
        ws.stage(c, from, n, terms);
        ws.run(n);
        const CohortLanes lanes{c.kind.data() + from, c.coverStrike.data() + from, c.logMoneyness.data() + from,
                                c.invStrike.data() + from};
        bsMarkCohort(n, terms, lanes, fused.data());
        for (size_t i = 0; i < n; ++i) {
          const size_t s = static_cast<size_t>(c.slot[from + i]);
          if (from == 0) degenerate += f.coverStrike(s) <= 0.0 || f.book.expiry[s] == Fixture::kT;
          REQUIRE(std::bit_cast<std::uint64_t>(fused[i]) == std::bit_cast<std::uint64_t>(ws.price[i]));
          compared += from == 0;
        }
      }
    });
  CHECK(compared == 1300);
  CHECK(static_cast<size_t>(cohorts) == distinct.size());
  CHECK(degenerate > 10);
}
