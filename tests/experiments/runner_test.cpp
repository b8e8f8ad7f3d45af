#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "experiments/load_scenario.h"
#include "experiments/results.h"
#include "experiments/runner.h"
#include "experiments/stats.h"

using namespace mutualab;
namespace fs = std::filesystem;

TEST_CASE("summary.json is identical with 1 and with 2 threads", "[runner][determinism]") {
  const LoadedScenario sc = loadScenario("preset:akerlof-flat-fee", {"sim/steps=120"});
  RunOptions one, two;
  one.seed = two.seed = 77;
  one.reps = two.reps = 6;
  one.threads = 1;
  two.threads = 2;
  const RunResult a = runReplications(sc.def, one), b = runReplications(sc.def, two);
  CHECK(summaryJson(a, sc.resolved, 77).dump() == summaryJson(b, sc.resolved, 77).dump());
  CHECK(timeseriesCsv(a, 1.0) == timeseriesCsv(b, 1.0));
  CHECK(agentsCsv(a) == agentsCsv(b));
  // And the seed matters.
  RunOptions other = one;
  other.seed = 78;
  CHECK(summaryJson(runReplications(sc.def, other), sc.resolved, 78)["adverse_selection_index"] !=
        summaryJson(a, sc.resolved, 77)["adverse_selection_index"]);
}

TEST_CASE("a run reports the share of its steps done at each new percent, ending at 1, and the same results", "[runner]") {
  const LoadedScenario sc = loadScenario("preset:akerlof-flat-fee", {"sim/steps=90", "writers/count=200", "lps/count=40"});
  RunOptions quiet, watched;
  quiet.reps = watched.reps = 3;
  quiet.threads = watched.threads = 2;
  std::vector<double> shares;
  int replications = 0;
  watched.stepProgress = [&](double share) { shares.push_back(share); };
  watched.progress = [&](int done, int total) {
    CHECK(total == 3);
    replications = done;
  };
  const RunResult a = runReplications(sc.def, quiet), b = runReplications(sc.def, watched);
  CHECK(summaryJson(a, sc.resolved, 1).dump() == summaryJson(b, sc.resolved, 1).dump());
  CHECK(replications == 3);
  // 3 x 90 = 270 steps, a step 0.37 %: a report at each new percent, each
  // in a higher percent than the last, the last all of them. (Two threads
  // finishing steps at once may fold two percents into one report.)
  REQUIRE(shares.size() <= 100);
  CHECK(shares.size() >= 50);
  for (size_t i = 1; i < shares.size(); ++i)
    CHECK(static_cast<int>(100.0 * shares[i]) > static_cast<int>(100.0 * shares[i - 1]));
  CHECK(shares.back() == 1.0);
  RunOptions single = watched;
  single.threads = 1;
  shares.clear();
  runReplications(sc.def, single);
  CHECK(shares.size() == 100);  // one thread: every percent
}

TEST_CASE("every pools preset gives the same files with 1 and with 3 threads, pools and contagion included", "[runner][determinism][pools]") {
  for (const char* preset : {"tiered-pools", "cross-chain-backstop", "capital-migration"}) {
    const LoadedScenario sc = loadScenario(std::string("preset:") + preset, {});
    RunOptions one, three;
    one.seed = three.seed = 9;
    one.reps = three.reps = 5;
    one.threads = 1;
    three.threads = 3;
    const RunResult a = runReplications(sc.def, one), b = runReplications(sc.def, three);
    INFO(preset);
    const nlohmann::json s = summaryJson(a, sc.resolved, 9);
    CHECK(s.dump() == summaryJson(b, sc.resolved, 9).dump());
    CHECK(timeseriesCsv(a, 1.0) == timeseriesCsv(b, 1.0));
    CHECK(replicationsCsv(a) == replicationsCsv(b));
    // Every pool and the contagion record are there, with CIs.
    REQUIRE(s["pools"].size() == sc.def.pools.size());
    CHECK(s["pools"][0]["ci95"].contains("unpaid_claims"));
    CHECK(s["contagion"]["backstop_paid"]["mean"].size() == sc.def.pools.size() + 1);
    CHECK(s["contagion"]["lp_capital_moved"]["mean"].size() == sc.def.pools.size());
    CHECK(timeseriesCsv(a, 1.0).find(sc.def.pools[0].name + ".lp_capital") != std::string::npos);
  }
}

TEST_CASE("summary.json has every documented key with a CI", "[runner]") {
  const LoadedScenario sc = loadScenario("preset:risk-based-fee", {"sim/steps=60"});
  RunOptions opt;
  opt.reps = 3;
  const nlohmann::json j = summaryJson(runReplications(sc.def, opt), sc.resolved, 1);
  for (const char* k : {"adverse_selection_index", "pool_participation", "unraveling_step", "pool_default_probability",
                        "lp_return_mean", "lp_cvar5", "insurance_fund_final", "buyer_shortfall", "ledger_max_imbalance"}) {
    INFO(k);
    CHECK(j.contains(k));
    CHECK(j["ci95"].contains(k));
  }
  CHECK(j["participation_by_theta_decile"].size() == 10);
  CHECK(j["capital_efficiency"].contains("siloed"));
  CHECK(j["capital_efficiency"].contains("pooled"));
  CHECK(j["ledger_max_imbalance"] == 0.0);
  CHECK(j["reps"] == 3);
  CHECK(j["seed"] == 1);
  CHECK(j["scenario"]["name"] == "risk-based-fee");
}

TEST_CASE("mean and 95% CI use Student's t and skip undefined values", "[stats]") {
  const MeanCi c = meanCi95({1.0, 2.0, 3.0, std::nan("")});
  CHECK(c.n == 3);
  CHECK(c.mean == Approx(2.0));
  // sd = 1, se = 1/sqrt(3), t(2) = 4.3027
  CHECK(c.hi - c.mean == Approx(4.3027 / std::sqrt(3.0)).epsilon(1e-4));
  CHECK(tQuantile975(1000) == Approx(1.9623).epsilon(1e-3));
  CHECK(std::isnan(meanCi95({5.0}).lo));
  // Wilson: 0 of 10 defaults -> [0, 0.2775]; stays inside [0, 1].
  const MeanCi w = proportionCi95(std::vector<double>(10, 0.0));
  CHECK(w.mean == 0.0);
  CHECK(w.lo == 0.0);
  CHECK(w.hi == Approx(0.2775).epsilon(1e-3));
  const MeanCi half = proportionCi95({1, 0, 1, 0, 1, 0, 1, 0, 1, 0});
  CHECK(half.lo == Approx(0.2366).epsilon(1e-3));
  CHECK(half.hi == Approx(0.7634).epsilon(1e-3));
}

TEST_CASE("results replace an output directory whole, never half", "[runner][files]") {
  const fs::path dir = fs::temp_directory_path() / "mutualab_results_test";
  fs::remove_all(dir);
  writeResultsDir(dir.string(), {{"a.txt", "first"}, {"b.txt", "first"}});
  writeResultsDir(dir.string(), {{"a.txt", "second"}});
  std::ifstream in(dir / "a.txt");
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() == "second");
  CHECK_FALSE(fs::exists(dir / "b.txt"));  // the old directory is gone as a whole
  int siblings = 0;
  for (const auto& e : fs::directory_iterator(dir.parent_path()))
    if (e.path().filename().string().rfind("mutualab_results_test.", 0) == 0) ++siblings;
  CHECK(siblings == 0);  // no temporary or backup directory left behind
  fs::remove_all(dir);
}
