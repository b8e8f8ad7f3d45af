// Mark-to-model's cohorts: a cohort's place in the ring is reused once its
// positions expire, its cover terms are bsCoverTermsLane's at the spot its
// positions opened at, and in a running world every open pooled position
// has exactly one row, in its pool's cohort of its asset and expiry, with
// its own terms.
#include "core/mark_book.h"

#include <bit>
#include <cstdint>
#include <map>
#include <vector>

#include <catch2/catch.hpp>

#include "agents/registry.h"
#include "core/market.h"
#include "core/position_book.h"
#include "core/pricing_kernel.h"
#include "core/scenario_json.h"
#include "core/world.h"
#include "experiments/presets.h"

using namespace mutualab;

namespace {
auto bits(double x) { return std::bit_cast<std::uint64_t>(x); }

// How many rows each of a pool's cohorts holds, by (asset, expiry).
std::map<std::pair<int, int>, std::size_t> sizes(const MarkBook& marks, int pool) {
  std::map<std::pair<int, int>, std::size_t> out;
  marks.forEachCohort(pool, [&](const MarkCohort& c, int asset) { out[{asset, c.expiry}] = c.size(); });
  return out;
}
}  // namespace

TEST_CASE("mark book: cohorts by pool, asset and expiry, emptied at expiry and reused a ring later", "[kernel]") {
  MarketDef def;
  def.assets = {AssetDef{.name = "ETH", .spot = 2000.0, .volAnnual = 0.7}, AssetDef{.name = "BTC", .spot = 40000.0, .volAnnual = 0.5}};
  const Market market(def, ShockDef{}, 40, 1.0 / 365.0, 3, 0, 1.0);
  constexpr int kTenor = 5;
  MarkBook marks;
  marks.reset(2, 2, kTenor);
  // Step 3 opens three positions of pool 0 (two on ETH) and one of pool 1;
  // step 4 one more of pool 0 on ETH.
  marks.add(0, 0, 3 + kTenor, 10, 1, 1800.0, 0.5);
  marks.add(0, 0, 3 + kTenor, 4, 0, 2300.0, 0.25);
  marks.add(0, 1, 3 + kTenor, 7, 1, -5.0, 0.1);  // a cover struck below zero: no terms
  marks.add(1, 0, 3 + kTenor, 2, 1, 1500.0, 2.0);
  marks.computeCoverTerms(3 + kTenor, market, 3);
  marks.add(0, 0, 4 + kTenor, 11, 1, 1700.0, 1.0);
  marks.computeCoverTerms(4 + kTenor, market, 4);

  CHECK(sizes(marks, 0) == std::map<std::pair<int, int>, std::size_t>{{{0, 8}, 2}, {{1, 8}, 1}, {{0, 9}, 1}});
  CHECK(sizes(marks, 1) == std::map<std::pair<int, int>, std::size_t>{{{0, 8}, 1}});
  // Rows in the order opened, with their cover terms at the spot they opened at.
  marks.forEachCohort(0, [&](const MarkCohort& c, int asset) {
    const int opened = c.expiry - kTenor;
    for (std::size_t i = 0; i < c.size(); ++i) {
      const CoverTerms want = bsCoverTermsLane(market.price(asset, opened), c.coverStrike[i]);
      CHECK(bits(c.logMoneyness[i]) == bits(want.logMoneyness));
      CHECK(bits(c.invStrike[i]) == bits(want.invStrike));
    }
    if (asset == 0 && c.expiry == 8) {
      CHECK(c.slot == std::vector<int>{10, 4});
      CHECK(c.kind == std::vector<std::uint8_t>{1, 0});
      CHECK(c.units == std::vector<double>{0.5, 0.25});
      CHECK(c.logMoneyness[0] == Approx(std::log(market.price(0, 3) / 1800.0)).epsilon(1e-15));
      CHECK(c.invStrike[1] == Approx(1.0 / 2300.0).epsilon(1e-15));
    }
    if (asset == 1) CHECK((c.logMoneyness[0] == 0.0 && c.invStrike[0] == 0.0));
  });

  // Step 8: what opened at step 3 expires, in both pools; step 9's stay.
  marks.expire(8);
  CHECK(sizes(marks, 0) == std::map<std::pair<int, int>, std::size_t>{{{0, 9}, 1}});
  CHECK(sizes(marks, 1).empty());
  // Step 9 opens positions expiring at 14, in the place step 8's had.
  marks.add(0, 0, 9 + kTenor, 3, 0, 2100.0, 1.0);
  marks.computeCoverTerms(9 + kTenor, market, 9);
  CHECK(sizes(marks, 0) == std::map<std::pair<int, int>, std::size_t>{{{0, 9}, 1}, {{0, 14}, 1}});
  marks.forEachCohort(0, [&](const MarkCohort& c, int) {
    if (c.expiry == 14) CHECK(bits(c.logMoneyness[0]) == bits(bsCoverTermsLane(market.price(0, 9), 2100.0).logMoneyness));
  });
}

TEST_CASE("mark book: every open pooled position of every preset has one row, with its own terms, on every step",
          "[kernel][world]") {
  for (const auto& p : embeddedPresets()) {
    const ScenarioDef def = scenarioFromJson(parseJsonText(findPreset(p.name), p.name));
    World w(def, 3, 0, makeStrategies(def));
    INFO("preset " << p.name);
    std::size_t rows = 0, mismatched = 0, missing = 0;
    while (!w.done()) {
      w.step();
      const PositionBook& book = w.positions();
      for (int k = 0; k < w.poolCount(); ++k) {
        std::vector<std::uint8_t> seen(static_cast<std::size_t>(book.capacity()), 0);
        w.marks().forEachCohort(k, [&](const MarkCohort& c, int asset) {
          for (std::size_t i = 0; i < c.size(); ++i) {
            const int slot = c.slot[i];
            const auto s = static_cast<std::size_t>(slot);
            ++rows;
            ++seen[s];
            const bool same = book.isOpen(slot) && book.pool[s] == k && book.asset[s] == asset &&
                              book.expiry[s] == c.expiry && c.expiry > w.currentStep() && book.kind[s] == c.kind[i] &&
                              bits(book.units[s]) == bits(c.units[i]) && bits(book.coverStrike(slot)) == bits(c.coverStrike[i]);
            mismatched += !same;
          }
        });
        book.forEachInPool(k, [&](int slot) { missing += seen[static_cast<std::size_t>(slot)] != 1; });
      }
    }
    CHECK(rows > 0);
    CHECK(mismatched == 0);
    CHECK(missing == 0);
  }
}
