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
  CHECK(s[0].volMultiplier == 3);
  CHECK(s[1].name == "scenario 2");
  CHECK(s[1].spotMove == std::vector<double>{-0.3, -0.3});
  CHECK(s[1].volMultiplier == 1);
}

TEST_CASE("stress spec: bad scenarios are refused with their JSON path", "[risk]") {
  CHECK(refusal(nlohmann::json::parse(R"([{"spotMove": {"SOL": -0.5}}])")) ==
        "/0/spotMove/SOL: unknown asset: expected one of the market's assets (ETH, BTC)");
  CHECK(refusal(nlohmann::json::parse(R"([{"spotMove": -1.5}])")) ==
        "/0/spotMove: expected a relative price change in (-1, 10] (-0.4 = down 40%), got -1.5");
  CHECK(refusal(nlohmann::json::parse(R"([{"volMultiplier": 0}])")) == "/0/volMultiplier: expected a number in (0, 20], got 0");
  CHECK(refusal(nlohmann::json::parse(R"([{"shock": 1}])")) == "/0/shock: unknown key: expected name, spotMove or volMultiplier");
}
