#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "core/metrics.h"
#include "experiments/pool_columns.h"

using namespace mutualab;

TEST_CASE("pool columns: none without pools, and a pool missing from the results leaves its columns empty",
          "[pool_columns][pools]") {
  std::ostringstream none;
  writePoolColumnsHeader(none, {});
  writePoolColumns(none, {}, nlohmann::json::object());
  CHECK(none.str().empty());

  std::ostringstream header;
  writePoolColumnsHeader(header, {"eth", "sol"});
  const std::string h = header.str();
  CHECK(h.rfind(",eth.pool_participation,eth.pool_participation_lo,eth.pool_participation_hi,", 0) == 0);
  CHECK(h.find(",sol.lost_in_transit_hi,pools_defaulted,pools_defaulted_lo,") != std::string::npos);
  CHECK(static_cast<int>(std::count(h.begin(), h.end(), ',')) == 2 * kPoolSummaryMetricCount * 3 + 12);

  // Results with only "sol" (matched by name, wherever it stands) and no contagion.
  nlohmann::json sol = {{"name", "sol"}, {"ci95", nlohmann::json::object()}};
  for (const auto& m : kPoolSummaryMetricInfo) {
    sol[m.name] = 0.25;
    sol["ci95"][m.name] = {0.125, 0.5};
  }
  sol["nav_final"] = nullptr;
  sol["ci95"]["nav_final"] = nullptr;
  std::ostringstream row;
  writePoolColumns(row, {"eth", "sol"}, {{"pools", {sol}}});
  const std::string r = row.str();
  CHECK(static_cast<int>(std::count(r.begin(), r.end(), ',')) == 2 * kPoolSummaryMetricCount * 3 + 12);
  CHECK(r.rfind(std::string(3 * kPoolSummaryMetricCount, ','), 0) == 0);  // eth: all empty
  CHECK(r.find(",0.25,0.125,0.5,0.25,0.125,0.5,0.25,0.125,0.5,0.25,0.125,0.5,,,,0.25") != std::string::npos);  // sol, nav_final empty
  CHECK(r.substr(r.size() - 12) == std::string(12, ','));  // no contagion
}
