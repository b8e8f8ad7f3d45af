// The secondary market for LP shares: the call auction on hand-computed
// books (core/share_market.*), the limit prices LPs bring, and the market in
// a world (core/world_shares.cpp): the discount opens in a crash, shares and
// cash are conserved, a sale is quicker than the queue, and bad terms are
// refused at load with their JSON path.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "agents/registry.h"
#include "core/errors.h"
#include "core/scenario_json.h"
#include "core/share_market.h"
#include "core/world.h"
#include "experiments/presets.h"
#include "support/input_error.h"

using namespace mutualab;
using json = nlohmann::json;

namespace {

struct Fill {
  int buyer, seller;
  double shares;
};

std::vector<Fill> fills(std::vector<ShareOrder>& bids, std::vector<ShareOrder>& asks, const AuctionClearing& c) {
  std::vector<Fill> out;
  matchOrders(bids, asks, c, [&](size_t b, size_t a, double q) { out.push_back({bids[b].lp, asks[a].lp, q}); });
  return out;
}

ScenarioDef tokenized() { return scenarioFromJson(parseJsonText(findPreset("tokenized-shares"), "tokenized-shares")); }

}  // namespace

TEST_CASE("a call auction with no crossing orders trades nothing", "[share-market][auction]") {
  std::vector<ShareOrder> bids = {{0, 0, 0.90, 100.0}};
  std::vector<ShareOrder> asks = {{1, 0, 0.95, 50.0}};
  const AuctionClearing c = clearCallAuction(bids, asks);
  CHECK_FALSE(c.traded());
  CHECK(std::isnan(c.price));
  CHECK(fills(bids, asks, c).empty());
  std::vector<ShareOrder> none;
  CHECK_FALSE(clearCallAuction(none, asks).traded());
  CHECK_FALSE(clearCallAuction(bids, none).traded());
}

TEST_CASE("a call auction clears at the price that trades the most, then leaves the least unmatched",
          "[share-market][auction]") {
  SECTION("excess demand: the price rises to the buyer's limit") {
    // At 0.9: demand 100/0.9 = 111.1, supply 50, volume 50, imbalance 61.1;
    // at 1.0: demand 100, supply 50, volume 50, imbalance 50: 1.0 wins.
    std::vector<ShareOrder> bids = {{0, 0, 1.0, 100.0}};
    std::vector<ShareOrder> asks = {{1, 0, 0.9, 50.0}};
    const AuctionClearing c = clearCallAuction(bids, asks);
    CHECK(c.price == 1.0);
    CHECK(c.shares == Approx(50.0));
    const auto f = fills(bids, asks, c);
    REQUIRE(f.size() == 1);
    CHECK(f[0].buyer == 0);
    CHECK(f[0].seller == 1);
    CHECK(f[0].shares == Approx(50.0));
  }
  SECTION("excess supply: the price falls to the seller's limit, where the budget buys the most") {
    // At 0.8: demand 45/0.8 = 56.25, supply 100; at 0.9: demand 50: 0.8 trades more.
    std::vector<ShareOrder> bids = {{0, 0, 0.9, 45.0}};
    std::vector<ShareOrder> asks = {{1, 0, 0.8, 100.0}};
    const AuctionClearing c = clearCallAuction(bids, asks);
    CHECK(c.price == 0.8);
    CHECK(c.shares == Approx(56.25));
  }
  SECTION("volume and imbalance tied at two prices: the midpoint") {
    // At 0.8: demand 100/0.8 = 125, supply 100 -> volume 100, imbalance 25.
    // At 1.0: demand 100, supply 125 -> volume 100, imbalance 25. Midpoint
    // 0.9: demand 111.1, supply 100 -> volume 100.
    std::vector<ShareOrder> bids = {{0, 0, 1.0, 100.0}};
    std::vector<ShareOrder> asks = {{2, 0, 1.0, 25.0}, {1, 0, 0.8, 100.0}};
    const AuctionClearing c = clearCallAuction(bids, asks);
    CHECK(c.price == Approx(0.9));
    CHECK(c.shares == Approx(100.0));
    const auto f = fills(bids, asks, c);
    REQUIRE(f.size() == 1);
    CHECK(f[0].seller == 1);  // the ask at 1.0 is above the price
  }
  SECTION("several orders: the price between the books, fills in price priority") {
    // Bids 1.0 x 60 (LP 4), 0.95 x 38 (LP 5), 0.7 x 100 (LP 6); asks 0.85 x 40
    // (LP 1), 0.9 x 40 (LP 2), 0.99 x 100 (LP 3). Volumes: at 0.85: min(115.3,
    // 40) = 40; at 0.9: min(108.9, 80) = 80; at 0.95: min(103.2, 80) = 80
    // (imbalance 23.2 < 28.9); at 0.99: min(60.6, 180) = 60.6; at 1.0: 60.
    // So 0.95, 80 shares.
    std::vector<ShareOrder> bids = {{6, 0, 0.7, 100.0}, {4, 0, 1.0, 60.0}, {5, 0, 0.95, 38.0}};
    std::vector<ShareOrder> asks = {{3, 0, 0.99, 100.0}, {2, 0, 0.9, 40.0}, {1, 0, 0.85, 40.0}};
    const AuctionClearing c = clearCallAuction(bids, asks);
    CHECK(c.price == 0.95);
    CHECK(c.shares == Approx(80.0));
    const auto f = fills(bids, asks, c);
    double sold1 = 0, sold2 = 0, bought4 = 0, bought5 = 0, total = 0;
    for (const Fill& x : f) {
      total += x.shares;
      (x.seller == 1 ? sold1 : sold2) += x.shares;
      (x.buyer == 4 ? bought4 : bought5) += x.shares;
      CHECK(x.buyer != 6);
      CHECK(x.seller != 3);
    }
    CHECK(total == Approx(80.0));
    CHECK(sold1 == Approx(40.0));
    CHECK(sold2 == Approx(40.0));
    CHECK(bought4 == Approx(60.0 / 0.95));  // the higher bid fills whole
    CHECK(bought5 == Approx(80.0 - 60.0 / 0.95));
    CHECK(bought5 * 0.95 <= 38.0 + 1e-9);
  }
}

TEST_CASE("orders at the same limit fill in LP index order", "[share-market][auction]") {
  // Asks of LPs 3 and 1 at 0.9, 30 shares each; one bid 1.0 x 40. At 0.9:
  // demand 44.4, supply 60 -> 44.4; at 1.0: 40. LP 1 sells 30 first, LP 3 the rest.
  std::vector<ShareOrder> bids = {{0, 0, 1.0, 40.0}};
  std::vector<ShareOrder> asks = {{3, 0, 0.9, 30.0}, {1, 0, 0.9, 30.0}};
  const AuctionClearing c = clearCallAuction(bids, asks);
  CHECK(c.price == 0.9);
  CHECK(c.shares == Approx(40.0 / 0.9));
  const auto f = fills(bids, asks, c);
  REQUIRE(f.size() == 2);
  CHECK(f[0].seller == 1);
  CHECK(f[0].shares == Approx(30.0));
  CHECK(f[1].seller == 3);
  CHECK(f[1].shares == Approx(40.0 / 0.9 - 30.0));
}

TEST_CASE("limit prices: a seller values the queue, an LP with idle cash asks a risk discount", "[share-market]") {
  const ShareMarketDef m;  // defaults: minDiscount 0.01, volDiscount 0.10, drawdownDiscount 0.25, maxDiscount 0.5
  // Waiting 30 steps of 1/365 year for NAV x 0.98, the NAV falling at 60 %
  // a year, an outside rate of 5 % and a variance charge 0.5 x 2 x 0.3^2:
  // 0.98 x (1 - 0.74 x 30/365) = 0.920394...
  CHECK(sellerReservation(m, 0.02, 30, 1.0 / 365, -0.6, 0.3, 2.0, 0.05) == Approx(0.98 * (1 - 0.74 * 30.0 / 365)));
  // No wait: NAV less the exit fee; never above NAV, never below 1 - maxDiscount.
  CHECK(sellerReservation(m, 0.02, 0, 1.0 / 365, -0.6, 0.3, 2.0, 0.05) == Approx(0.98));
  CHECK(sellerReservation(m, 0.0, 30, 1.0 / 365, 5.0, 0.0, 2.0, 0.0) == 1.0);
  CHECK(sellerReservation(m, 0.02, 180, 1.0 / 365, -5.0, 1.0, 5.0, 0.05) == 0.5);
  // 0.01 + 2 x (0.1 x 0.3 + 0.25 x 0.2) = 0.17; at risk aversion 10, 0.81,
  // capped at maxDiscount 0.5.
  CHECK(bargainBid(m, 2.0, 0.3, 0.2) == Approx(0.83));
  CHECK(bargainBid(m, 10.0, 0.3, 0.2) == 0.5);
  CHECK(bargainBid(m, 2.0, 0.0, 0.0) == Approx(0.99));
}

TEST_CASE("tokenized-shares: the discount to NAV opens in the crash, shares and cash are conserved, and a sale is "
          "quicker than the queue",
          "[share-market][world]") {
  const ScenarioDef def = tokenized();
  REQUIRE(def.pool.shareMarket.enabled);
  const int shock = def.shock.step;
  double before = 0, after = 0, volume = 0, saleSteps = 0, queueSteps = 0;
  int nBefore = 0, nAfter = 0, reps = 4;
  for (int r = 0; r < reps; ++r) {
    World w(def, 7, static_cast<std::uint64_t>(r), makeStrategies(def));
    REQUIRE(w.shareMarketPools().size() == 1);
    Money worstLedger = 0;
    double worstShares = 0;
    while (!w.done()) {
      w.step();
      const Money total = w.ledger().total();
      worstLedger = std::max({worstLedger, total < 0 ? -total : total, -w.ledger().mostNegative()});
      const Pool& p = w.pool(0);
      double held = 0;
      for (double s : p.shares) held += s;
      worstShares = std::max(worstShares, std::abs(held - p.totalShares) / std::max(1.0, p.totalShares));
      const int t = w.currentStep();
      const double d = w.shareMarketMetric(t, 0, ShareMarketStepMetric::Discount);
      volume += w.shareMarketMetric(t, 0, ShareMarketStepMetric::Volume);
      if (std::isnan(d)) continue;
      if (t < shock) { before += d; ++nBefore; }
      else { after += d; ++nAfter; }
    }
    CHECK(worstLedger == 0);
    CHECK(worstShares < 1e-9);
    const RepSummary s = w.summarize();
    REQUIRE(s.shareMarkets.size() == static_cast<size_t>(kShareMarketSummaryMetricCount));
    saleSteps += s.shareMarket(0, ShareMarketSummaryMetric::SaleExitSteps);
    queueSteps += s.shareMarket(0, ShareMarketSummaryMetric::QueueExitSteps);
  }
  INFO("discount before the crash " << before / nBefore << " over " << nBefore << " steps with a trade, after "
                                    << after / nAfter << " over " << nAfter << "; volume " << volume
                                    << "; mean steps to exit by sale " << saleSteps / reps << ", by the queue "
                                    << queueSteps / reps);
  REQUIRE(nBefore > 0);
  REQUIRE(nAfter > 0);
  CHECK(volume > 0);
  CHECK(after / nAfter > before / nBefore + 0.02);
  CHECK(saleSteps < queueSteps);
}

TEST_CASE("the share market is deterministic by seed", "[share-market][world]") {
  const ScenarioDef def = tokenized();
  World a(def, 3, 1, makeStrategies(def)), b(def, 3, 1, makeStrategies(def));
  a.run();
  b.run();
  for (int t = 0; t <= a.steps(); ++t) {
    const auto x = a.shareMarketMetricsRow(t), y = b.shareMarketMetricsRow(t);
    for (size_t c = 0; c < x.size(); ++c) CHECK((x[c] == y[c] || (std::isnan(x[c]) && std::isnan(y[c]))));
  }
}

TEST_CASE("without the share market nothing trades and no market series exists", "[share-market][world]") {
  ScenarioDef def = tokenized();
  def.pool.shareMarket = ShareMarketDef{};  // the defaults: off
  World w(def, 7, 0, makeStrategies(def));
  w.run();
  CHECK(w.shareMarketSeriesWidth() == 0);
  CHECK(w.summarize().shareMarkets.empty());
  CHECK(scenarioToJson(def)["pool"].contains("shareMarket") == false);
}

TEST_CASE("share market terms are written only when given, and round-trip", "[share-market][scenario_json]") {
  const json defaults = scenarioToJson(makeDefaultScenario());
  CHECK_FALSE(defaults["pool"].contains("shareMarket"));
  const ScenarioDef def = tokenized();
  const json j = scenarioToJson(def);
  REQUIRE(j["pool"].contains("shareMarket"));
  CHECK(j["pool"]["shareMarket"]["enabled"] == true);
  CHECK(j["pool"]["shareMarket"]["maxDiscount"] == 0.5);
  CHECK(scenarioToJson(scenarioFromJson(j)) == j);
  // --set reaches the market's fields although a default market is not written.
  json resolved = defaults;
  applyOverride(resolved, "pool/shareMarket/enabled=true");
  applyOverride(resolved, "pool/shareMarket/maxDiscount=0.3");
  const ScenarioDef set = scenarioFromJson(resolved);
  CHECK(set.pool.shareMarket.enabled);
  CHECK(set.pool.shareMarket.maxDiscount == 0.3);
  CHECK(set.pool.shareMarket.volDiscount == ShareMarketDef{}.volDiscount);
}

TEST_CASE("bad share market terms are refused at load with their JSON path", "[share-market][scenario_json][bad-input]") {
  auto refused = [](const json& j, const std::string& path, const std::string& part) {
    testing::requireInputError([&] { (void)scenarioFromJson(j); }, path, part);
  };
  const json base = {{"name", "x"}, {"pool", {{"shareMarket", {{"enabled", true}}}}}};
  auto with = [&](const char* key, json value) {
    json j = base;
    j["pool"]["shareMarket"][key] = std::move(value);
    return j;
  };
  refused(with("maxDiscount", 1.0), "/pool/shareMarket/maxDiscount", "must be in [0, 1)");
  refused(with("maxDiscount", -0.1), "/pool/shareMarket/maxDiscount", "got -0.1");
  refused(with("bargainCashShare", 1.5), "/pool/shareMarket/bargainCashShare", "got 1.5");
  refused(with("volDiscount", -1), "/pool/shareMarket/volDiscount", "got -1");
  refused(with("drawdownDiscount", 101), "/pool/shareMarket/drawdownDiscount", "got 101");
  refused(with("maxWaitSteps", -1), "/pool/shareMarket/maxWaitSteps", "got -1");
  refused(with("maxWaitSteps", 2.5), "/pool/shareMarket/maxWaitSteps", "");
  refused(with("enabled", "yes"), "/pool/shareMarket/enabled", "expected true or false");
  refused(with("minDiscount", 0.6), "/pool/shareMarket/minDiscount", "must be <= maxDiscount (0.5), got 0.6");
  refused(with("maxDiscout", 0.2), "/pool/shareMarket/maxDiscout", "unknown key");
  json pools = {{"name", "x"}, {"pools", {{{"name", "a"}}, {{"name", "b"}, {"shareMarket", {{"minDiscount", -0.5}}}}}}};
  refused(pools, "/pools/1/shareMarket/minDiscount", "got -0.5");
}
