#include <catch2/catch.hpp>

#include <cmath>

#include "experiments/tournament_pools.h"

using namespace mutualab;

namespace {
// One replication of two pools: every per-pool metric = base + pool index, contagion numbers given.
RepSummary rep(double base, double poolsDefaulted = 0, double backstopFinal = 0) {
  RepSummary r;
  for (int k = 0; k < 2; ++k)
    for (int m = 0; m < kPoolSummaryMetricCount; ++m) r.pools.push_back(base + k);
  r.contagion.poolsDefaulted = poolsDefaulted;
  r.contagion.backstopFinal = backstopFinal;
  r.contagion.backstopLowest = backstopFinal;
  return r;
}
const std::vector<std::string> kNames = {"a", "b"};
}  // namespace

TEST_CASE("a cell's pools go to its file and come back the same, undefined values as null", "[tournament][pools]") {
  std::vector<RepSummary> reps = {rep(1.5, 1, 20000), rep(0)};
  reps[1].pools[3] = std::nan("");
  const nlohmann::json j = tournamentPoolsJson(kNames, reps);
  CHECK(j["names"] == nlohmann::json(kNames));
  CHECK(j["reps"][1][3].is_null());
  const nlohmann::json stored = nlohmann::json::parse(j.dump());  // as the cell store writes and reads it
  REQUIRE(validTournamentPools(stored, kNames, 2));
  const std::vector<RepSummary> back = tournamentPoolReps(stored);
  REQUIRE(back.size() == 2);
  CHECK(back[0].pools == reps[0].pools);
  CHECK(std::isnan(back[1].pools[3]));
  CHECK(back[0].contagion.poolsDefaulted == 1);
  CHECK(back[0].contagion.backstopLowest == 20000);
}

TEST_CASE("a cell file's pools of the wrong shape are not trusted", "[tournament][pools][resume]") {
  const nlohmann::json good = tournamentPoolsJson(kNames, {rep(1), rep(2)});
  CHECK(validTournamentPools(good, kNames, 2));
  CHECK_FALSE(validTournamentPools(good, kNames, 3));                          // another replication count
  CHECK_FALSE(validTournamentPools(good, {"a", "c"}, 2));                      // other pools
  CHECK_FALSE(validTournamentPools(nlohmann::json::object(), kNames, 2));      // missing
  auto bad = good;
  bad["reps"][0].erase(0);
  CHECK_FALSE(validTournamentPools(bad, kNames, 2));                           // a value short
  bad = good;
  bad["contagion"][1][2] = "lots";
  CHECK_FALSE(validTournamentPools(bad, kNames, 2));                           // mistyped
}

TEST_CASE("a design's pools are its cells' means replication by replication, undefined values skipped",
          "[tournament][pools]") {
  DesignPoolMeans d;
  std::vector<RepSummary> one = {rep(0), rep(3, 1, 100)};
  one[0].pools[0] = -0.0;
  one[1].pools[0] = std::nan("");
  d.add(one);
  const auto single = d.means();  // one cell: its values exactly (even -0.0)
  REQUIRE(single.size() == 2);
  CHECK(std::signbit(single[0].pools[0]));
  CHECK(std::isnan(single[1].pools[0]));
  CHECK(single[1].contagion.backstopFinal == 100);
  d.add({rep(1), rep(5, 0, 300)});
  const auto two = d.means();
  CHECK(two[0].pools[0] == 0.5);
  CHECK(two[0].pools[kPoolSummaryMetricCount] == 1.5);  // pool b: (1 + 2) / 2
  CHECK(two[1].pools[0] == 5);                          // the one defined value
  CHECK(two[1].pools[1] == 4);
  CHECK(two[1].contagion.poolsDefaulted == 0.5);
  CHECK(two[1].contagion.backstopFinal == 200);
  d.clear();
  CHECK(d.means().empty());
}
