#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "core/metrics.h"
#include "core/scenario.h"
#include "core/scenario_json.h"
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

TEST_CASE("admission columns: pools that admit by VaR in the base or in a swept path, matched by name", "[pool_columns][admission]") {
  // A resolved scenario, as a sweep's base is, with `changes` merged in.
  auto scenario = [](const nlohmann::json& changes) {
    nlohmann::json j = scenarioToJson(makeDefaultScenario());
    j.merge_patch(changes);
    return j;
  };
  // The one pool: by its rule (long or short form), or by a swept admission path.
  CHECK(admissionPoolsOfJson(scenario({{"pool", {{"admission", {{"rule", "var"}}}}}}), {}) ==
        std::vector<std::pair<std::string, std::string>>{{"", "pool"}});
  CHECK(admissionPoolsOfJson(scenario({{"pool", {{"admission", "var"}}}}), {}).size() == 1);
  CHECK(admissionPoolsOfJson(scenario({{"pool", {{"admission", {{"rule", "ratio"}}}}}}), {}).empty());
  CHECK(admissionPoolsOfJson(scenario(nlohmann::json::object()), {"pool/admission/rule"}).size() == 1);
  CHECK(admissionPoolsOfJson(scenario(nlohmann::json::object()), {"pool/exitFee"}).empty());
  // Or from a governance change, as run's files have it.
  CHECK(admissionPoolsOfJson(scenario({{"governance", {{"schedule", {{{"step", 5}, {"set", {"pool/admission/rule=var"}}}}}}}}), {})
            .size() == 1);
  // With pools: each by its own terms or its own swept paths.
  const nlohmann::json two = scenario({{"pools", {{{"name", "eth"}}, {{"name", "sol"}, {"admission", "var"}}}}});
  CHECK(admissionPoolsOfJson(two, {}) == std::vector<std::pair<std::string, std::string>>{{"sol.", "sol"}});
  CHECK(admissionPoolsOfJson(two, {"pools/0/admission/level"}).size() == 2);
  // pool/admission/... reaches every pool (before 2026-12-04 sweep.csv had no admission columns for it).
  CHECK(admissionPoolsOfJson(scenario({{"pools", {{{"name", "eth"}}, {{"name", "btc"}}}}}), {"pool/admission/rule"}) ==
        std::vector<std::pair<std::string, std::string>>{{"eth.", "eth"}, {"btc.", "btc"}});

  std::ostringstream header;
  writeAdmissionColumnsHeader(header, {{"sol.", "sol"}});
  CHECK(header.str().rfind(",sol.admission_declined,sol.admission_declined_lo,sol.admission_declined_hi,", 0) == 0);
  std::ostringstream row;
  nlohmann::json sol = {{"pool", "sol"}, {"ci95", nlohmann::json::object()}};
  for (const auto& m : kAdmissionSummaryMetricInfo) {
    sol[m.name] = 3.0;
    sol["ci95"][m.name] = {1.0, 5.0};
  }
  writeAdmissionColumns(row, {{"eth.", "eth"}, {"sol.", "sol"}}, {{"admission", {sol}}});
  CHECK(row.str() == std::string(3 * kAdmissionSummaryMetricCount, ',') + ",3,1,5,3,1,5,3,1,5");
}
