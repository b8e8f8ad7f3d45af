#include "experiments/stress_spec.h"

#include <catch2/catch.hpp>

#include "core/errors.h"
#include "support/markets.h"

using namespace mutualab;

namespace {
MarketDef twoAssets() { return testing::twoAssetMarket(); }
std::string refusal(const nlohmann::json& j) {
  try {
    parseStressScenarios(j, twoAssets());
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("stress spec: a number moves every asset, an object the assets it names", "[risk]") {
  const auto s = parseStressScenarios(nlohmann::json::parse(R"([
      {"name": "ETH crash", "spotMove": {"ETH": -0.5}, "volMultiplier": 3},
      {"spotMove": -0.3}])"),
                                      twoAssets());
  REQUIRE(s.size() == 2);
  CHECK(s[0].name == "ETH crash");
  CHECK(s[0].spotMove == std::vector<double>{-0.5, 0.0});
  CHECK(s[0].volMultiplier == std::vector<double>{3, 3});
  CHECK(s[0].volShift == std::vector<double>{0, 0});
  CHECK(s[1].name == "scenario 2");
  CHECK(s[1].spotMove == std::vector<double>{-0.3, -0.3});
  CHECK(s[1].volMultiplier == std::vector<double>{1, 1});
}

TEST_CASE("stress spec: volatility multipliers and shifts, for every asset or the ones named", "[risk]") {
  const auto s = parseStressScenarios(nlohmann::json::parse(R"([
      {"spotMove": {"BTC": 0.2}, "volMultiplier": {"BTC": 0.8}, "volShift": {"ETH": 0.25}},
      {"volShift": -0.1}])"),
                                      twoAssets());
  REQUIRE(s.size() == 2);
  CHECK(s[0].spotMove == std::vector<double>{0.0, 0.2});
  CHECK(s[0].volMultiplier == std::vector<double>{1.0, 0.8});
  CHECK(s[0].volShift == std::vector<double>{0.25, 0.0});
  CHECK(s[1].volShift == std::vector<double>{-0.1, -0.1});
}

TEST_CASE("stress spec: a shift that takes a position's volatility below zero is refused, not clamped", "[risk]") {
  // BTC's positions are priced at 0.4 and 0.6: -0.4 reaches zero (allowed,
  // the intrinsic value), -0.41 would go below it; with x0.5 the floor is -0.2.
  RiskBook book;
  book.assetNames = {"ETH", "BTC"};
  for (const auto& [asset, vol] : {std::pair<int, double>{1, 0.6}, {1, 0.4}, {0, 0.9}}) {
    BookPosition p;
    p.asset = asset;
    p.volAnnual = vol;
    p.strike = p.coverStrike = p.spot = 100;
    p.units = 1;
    p.expiryDays = 10;
    book.add(p);
  }
  const auto check = [&](const char* text) -> std::string {
    try {
      checkStressVolatility(parseStressScenarios(nlohmann::json::parse(text), twoAssets()), book, twoAssets());
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  CHECK(check(R"([{"volShift": -0.4}])") == "");
  CHECK(check(R"([{"name": "ok"}, {"volShift": {"BTC": -0.41}}])") ==
        "/1/volShift: takes BTC's pricing volatility below zero: its positions' lowest is 0.4, times volMultiplier 1 "
        "plus -0.41; expected a shift of at least -0.4 for BTC");
  CHECK(check(R"([{"volMultiplier": 0.5, "volShift": -0.21}])") ==
        "/0/volShift: takes BTC's pricing volatility below zero: its positions' lowest is 0.4, times volMultiplier 0.5 "
        "plus -0.21; expected a shift of at least -0.2 for BTC");
}

TEST_CASE("stress spec: bad scenarios are refused with their JSON path", "[risk]") {
  CHECK(refusal(nlohmann::json::parse(R"([{"spotMove": {"SOL": -0.5}}])")) ==
        "/0/spotMove/SOL: unknown asset: expected one of the market's assets (ETH, BTC)");
  CHECK(refusal(nlohmann::json::parse(R"([{"spotMove": -1.5}])")) ==
        "/0/spotMove: expected a relative price change in (-1, 10] (-0.4 = down 40%), got -1.5");
  CHECK(refusal(nlohmann::json::parse(R"([{"volMultiplier": 0}])")) == "/0/volMultiplier: expected a number in (0, 20], got 0");
  CHECK(refusal(nlohmann::json::parse(R"([{"volMultiplier": {"BTC": 21}}])")) ==
        "/0/volMultiplier/BTC: expected a number in (0, 20], got 21");
  CHECK(refusal(nlohmann::json::parse(R"([{"volShift": {"SOL": 0.1}}])")) ==
        "/0/volShift/SOL: unknown asset: expected one of the market's assets (ETH, BTC)");
  CHECK(refusal(nlohmann::json::parse(R"([{"volShift": "20%"}])")) ==
        "/0/volShift: expected volatility points to add, annual, in [-5, 5] (0.2 = +20 points), got \"20%\"");
  CHECK(refusal(nlohmann::json::parse(R"([{"volShift": 6}])")) ==
        "/0/volShift: expected volatility points to add, annual, in [-5, 5] (0.2 = +20 points), got 6");
  CHECK(refusal(nlohmann::json::parse(R"([{"shock": 1}])")) ==
        "/0/shock: unknown key: expected name, spotMove, volMultiplier or volShift");
}
