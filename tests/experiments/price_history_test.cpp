#include "experiments/price_history.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "core/errors.h"
#include "support/markets.h"
#include "support/files.h"

using namespace mutualab;
namespace fs = std::filesystem;

namespace {
std::string refusal(const fs::path& file, int horizon, std::vector<double> levels = {0.9}) {
  try {
    readPriceHistory(file.string(), testing::twoAssetMarket(), horizon, levels);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("price history: read as a price path, refused with what to change", "[risk]") {
  const fs::path d = testing::freshTempDir("mutualab_price_history");
  // Eleven days of both assets: windows of 5 days start on days 0..5 (6).
  std::ofstream(d / "h.csv") << [] {
    std::string s = "time,asset,price\n";
    for (int t = 0; t <= 10; ++t) s += std::to_string(t) + ",ETH," + std::to_string(2000 + t) + "\n" + std::to_string(t) + ",BTC,40000\n";
    return s;
  }();
  const PricePathDef h = readPriceHistory((d / "h.csv").string(), testing::twoAssetMarket(), 5, {0.8});
  CHECK(h.rows == 22);
  CHECK(h.days.size() == 2);
  // 6 windows put floor(0.1 x 6) = 0 beyond 90 %: 10 are needed.
  CHECK(refusal(d / "h.csv", 5) == "--history: " + (d / "h.csv").string() +
                                       ": its 6 windows of 5 days leave none beyond level 0.9, where ES averages the windows "
                                       "beyond VaR; that needs at least 10 windows: give a longer history or lower --levels");
  CHECK(refusal(d / "h.csv", 10) == "--history: " + (d / "h.csv").string() +
                                        ": every asset's prices reach day 10, which gives 1 window of 10 days (days d to d + "
                                        "10, d = 0, 1, ...); expected at least 2, so day 11 or later: give a longer history "
                                        "or a shorter --horizon-days");
  // The price path reader's own refusals, under --history.
  std::ofstream(d / "sol.csv") << "time,asset,price\n0,ETH,2000\n0,SOL,100\n";
  CHECK(refusal(d / "sol.csv", 1).rfind("--history: " + (d / "sol.csv").string() + " line 3, column 3: expected an asset of market.assets (ETH, BTC)", 0) == 0);
  CHECK(refusal(d / "none.csv", 1).rfind("--history: ", 0) == 0);
}
