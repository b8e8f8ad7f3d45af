#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.h"
#include "core/metrics.h"
#include "experiments/pool_columns.h"
#include "experiments/sweep.h"
#include "support/csv.h"
#include "support/input_error.h"

using namespace mutualab;
namespace fs = std::filesystem;

namespace {
nlohmann::json smallGrid() {
  return nlohmann::json::parse(R"({
    "name": "t", "scenario": "preset:akerlof-flat-fee", "reps": 3, "seed": 4,
    "set": ["sim/steps=60", "writers/count=60"],
    "grid": {"pool/feeRule/name": ["flat", "risk-based"], "writers/theta/sd": [0.1, 0.25]}
  })");
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path freshDir(const char* name) {
  const fs::path d = fs::temp_directory_path() / name;
  fs::remove_all(d);
  return d;
}
}  // namespace

TEST_CASE("a grid sweep has one row per cell, first key slowest", "[sweep]") {
  const SweepSpec s = parseSweepSpec(smallGrid(), "test");
  REQUIRE(s.cellCount == 4);
  CHECK(s.params == std::vector<std::string>{"pool/feeRule/name", "writers/theta/sd"});
  CHECK(sweepCell(s, 1).values["pool/feeRule/name"] == "flat");
  CHECK(sweepCell(s, 1).values["writers/theta/sd"] == 0.25);
  CHECK(sweepCellScenario(s, sweepCell(s, 2)).def.pool.feeRule.name == "risk-based");
  CHECK(sweepCellScenario(s, sweepCell(s, 2)).def.pool.feeRule.params.empty());  // the flat rule's params were dropped
  CHECK(sweepCellScenario(s, sweepCell(s, 3)).def.writers.theta.sd == 0.25);
  CHECK(sweepCellScenario(s, sweepCell(s, 3)).def.sim.steps == 60);  // base overrides apply to every cell

  const fs::path d = freshDir("mutualab_sweep_grid");
  SweepOptions o;
  o.outDir = d.string();
  o.threads = 2;
  CHECK(runSweep(s, o) == 4);
  const std::string csv = slurp(d / "sweep.csv");
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 5);
  CHECK(csv.rfind("cell,pool/feeRule/name,writers/theta/sd,adverse_selection_index,adverse_selection_index_lo", 0) == 0);
  CHECK(fs::exists(d / "cells" / "cell-00003.json"));
  CHECK(fs::exists(d / "spec.json"));
  fs::remove_all(d);
}

TEST_CASE("a sweep's files do not depend on the thread count", "[sweep][determinism]") {
  const SweepSpec s = parseSweepSpec(smallGrid(), "test");
  const fs::path a = freshDir("mutualab_sweep_t1"), b = freshDir("mutualab_sweep_t2");
  SweepOptions o1, o2;
  o1.outDir = a.string();
  o1.threads = 1;
  o2.outDir = b.string();
  o2.threads = 2;
  runSweep(s, o1);
  runSweep(s, o2);
  CHECK(slurp(a / "sweep.csv") == slurp(b / "sweep.csv"));
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST_CASE("an interrupted sweep resumes to exactly the same files", "[sweep][resume]") {
  const SweepSpec s = parseSweepSpec(smallGrid(), "test");
  const fs::path d = freshDir("mutualab_sweep_resume");
  SweepOptions o;
  o.outDir = d.string();
  runSweep(s, o);
  const std::string csv = slurp(d / "sweep.csv"), cell2 = slurp(d / "cells" / "cell-00002.json");
  // As after a kill: the CSV never written, two cells missing, one damaged mid-write.
  fs::remove(d / "sweep.csv");
  fs::remove(d / "cells" / "cell-00002.json");
  fs::remove(d / "cells" / "cell-00003.json");
  std::ofstream(d / "cells" / "cell-00001.json") << "{\"identity\": {\"overr";
  o.resume = true;
  CHECK(runSweep(s, o) == 3);  // cells 1, 2, 3 again; cell 0 kept
  CHECK(slurp(d / "sweep.csv") == csv);
  CHECK(slurp(d / "cells" / "cell-00002.json") == cell2);
  CHECK(runSweep(s, o) == 0);  // nothing left to do
  // A changed spec does not reuse cells of another one: neither other reps ...
  nlohmann::json other = smallGrid();
  other["reps"] = 2;
  CHECK(runSweep(parseSweepSpec(other, "test"), o) == 4);
  // ... nor another base scenario under the same cell overrides.
  other["set"] = {"sim/steps=61", "writers/count=60"};
  CHECK(runSweep(parseSweepSpec(other, "test"), o) == 4);
  fs::remove_all(d);
}

TEST_CASE("random sweeps draw each cell from the seed", "[sweep]") {
  auto spec = nlohmann::json::parse(R"({
    "name": "r", "scenario": "preset:risk-based-fee", "reps": 2, "seed": 8,
    "random": {"samples": 5, "params": {"pool/feeRule/params/loading": {"min": 0.2, "max": 0.9},
                                          "writers/count": {"min": 50, "max": 80, "integer": true},
                                          "pool/feeRule/name": {"choices": ["risk-based", "credibility"]}}}
  })");
  const SweepSpec a = parseSweepSpec(spec, "t"), b = parseSweepSpec(spec, "t");
  REQUIRE(a.cellCount == 5);
  for (size_t k = 0; k < 5; ++k) {
    CHECK(sweepCell(a, static_cast<long long>(k)).values == sweepCell(b, static_cast<long long>(k)).values);
    const double l = sweepCell(a, static_cast<long long>(k)).values["pool/feeRule/params/loading"];
    CHECK(l >= 0.2);
    CHECK(l <= 0.9);
    const int n = sweepCellScenario(a, sweepCell(a, static_cast<long long>(k))).def.writers.count;
    CHECK(n >= 50);
    CHECK(n <= 80);
  }
  spec["seed"] = 9;
  CHECK(sweepCell(parseSweepSpec(spec, "t"), 0).values != sweepCell(a, 0).values);
}

TEST_CASE("bad sweep specs are refused before anything runs, with the JSON path", "[sweep][bad-input]") {
  auto refused = [](nlohmann::json j, const std::string& path) {
    try {
      parseSweepSpec(j, "t");
      FAIL("accepted a bad spec");
    } catch (const InputError& e) {
      CHECK(e.path() == path);
    }
  };
  auto g = smallGrid();
  g["rpes"] = 3;
  refused(g, "/rpes");
  g = smallGrid();
  g["reps"] = 0;
  refused(g, "/reps");
  g = smallGrid();
  g["reps"] = nlohmann::json::parse("0");  // as a spec file reads it: an unsigned 0 (once passed to --reps)
  refused(g, "/reps");
  g = smallGrid();
  g["random"] = {{"samples", 2}};
  refused(g, "/random");
  g = smallGrid();
  g["grid"] = nlohmann::json::object();
  refused(g, "/grid");
  g = smallGrid();
  g["grid"]["writers/theta/sd"] = nlohmann::json::array();
  refused(g, "/grid/writers/theta/sd");
  g = smallGrid();
  g["grid"]["writers/theta/sd"] = {0.1, -1.0};  // the second cell is invalid
  refused(g, "/writers/theta/sd");
  g = smallGrid();
  g["grid"]["pool/feeRule/name"] = {"flat", "nope"};
  refused(g, "/pool/feeRule/name");
  g = smallGrid();
  g.erase("name");
  refused(g, "/name");
  // An inline scenario's own errors are named where they are in the spec.
  g = smallGrid();
  g["scenario"] = nlohmann::json::object();
  refused(g, "/scenario/name");
  g["scenario"] = {{"name", "inline"}, {"writers", {{"count", -1}}}};
  refused(g, "/scenario/writers/count");
}

TEST_CASE("cells that resolve to the same scenario are named in a note", "[sweep]") {
  // A value written twice, as a number and as text, is one cell run twice
  // (until 2026-12-05 both ran, with the same numbers, unremarked). Not
  // refused: a copy on purpose is an A/A check of the pairing.
  auto g = smallGrid();
  g["grid"] = {{"pool/feeRule/params/loading", {"0.5", 1, "1e0", 0.5}}};
  const SweepSpec s = parseSweepSpec(g, "t");
  REQUIRE(s.sameScenario.size() == 2);
  CHECK_THAT(s.sameScenario[0], Catch::StartsWith("cell 1 {\"pool/feeRule/params/loading\":1} and cell 2 "
                                                  "{\"pool/feeRule/params/loading\":\"1e0\"} run the same scenario"));
  CHECK_THAT(s.sameScenario[1], Catch::StartsWith("cell 0 {\"pool/feeRule/params/loading\":\"0.5\"} and cell 3"));
  const fs::path d = freshDir("mutualab_sweep_same");
  SweepOptions o;
  o.outDir = d.string();
  std::vector<std::string> notes;
  o.warn = [&notes](const std::string& m) { notes.push_back(m); };
  runSweep(s, o);
  CHECK(notes == s.sameScenario);
  fs::remove_all(d);
  g["grid"] = {{"pool/feeRule/params/loading", {0.5, 1}}};
  CHECK(parseSweepSpec(g, "t").sameScenario.empty());
  // Two explicit cells that set the same values under different labels.
  g.erase("grid");
  g["cells"] = {{{"label", "a"}, {"set", {{"pool/feeRule/params/loading", 0.3}}}},
                {{"label", "b"}, {"set", {{"pool/feeRule/params/loading", 0.3}}}}};
  CHECK(parseSweepSpec(g, "t").sameScenario.size() == 1);
  // Random samples may draw the same choice: no note.
  g.erase("cells");
  g["random"] = {{"samples", 6}, {"params", {{"pool/feeRule/name", {{"choices", {"flat"}}}}}}};
  CHECK(parseSweepSpec(g, "t").sameScenario.empty());
}

TEST_CASE("a grid parameter written with a leading slash names its column without it", "[sweep]") {
  nlohmann::json g = smallGrid();
  g["grid"] = {{"/writers/theta/sd", {0.1, 0.25}}};
  const SweepSpec s = parseSweepSpec(g, "t");
  REQUIRE(s.gridParams.size() == 1);
  CHECK(s.gridParams[0] == "writers/theta/sd");
}

TEST_CASE("huge sweeps are counted before anything is built", "[sweep][bad-input]") {
  // 10^7 cells: refused from the counts alone, naming /grid and the count.
  nlohmann::json g = smallGrid();
  std::vector<int> values(100);
  for (int i = 0; i < 100; ++i) values[static_cast<size_t>(i)] = 10 + i;
  g["grid"] = {{"writers/count", values}, {"sim/steps", values}, {"lps/count", values}, {"sim/warmupSteps", std::vector<int>(10, 0)}};
  try {
    parseSweepSpec(g, "t");
    FAIL("accepted 10^7 cells");
  } catch (const InputError& e) {
    CHECK(e.path() == "/grid");
    CHECK_THAT(e.what(), Catch::Contains("10000000 cells") && Catch::Contains("100 x 100 x 10 x 100"));
  }
  // 10^6 cells are allowed, and made one at a time: the last cell is there without building the rest.
  g["grid"] = {{"writers/count", values}, {"sim/steps", values}, {"lps/count", values}};
  const SweepSpec s = parseSweepSpec(g, "t");
  CHECK(s.cellCount == 1000000);
  const SweepCell last = sweepCell(s, 999999);
  CHECK(last.values["writers/count"] == 109);
  CHECK(last.values["lps/count"] == 109);
  CHECK(sweepCell(s, 1).values["writers/count"] == 11);  // the last parameter (alphabetically) is the fastest
  CHECK(sweepCell(s, 1).values["lps/count"] == 10);
}

// Beyond the first 10,000 cells a sweep validates each cell as it comes to
// run; every value a later cell can take is still checked up front. Before
// 2026-12-05 the slowest parameter's bad value stopped the sweep after
// 10,000 cells had run (an audit's 11 x 1,000 grid).
TEST_CASE("a value only cells after the first 10,000 take is refused before anything runs", "[sweep][bad-input]") {
  nlohmann::json g = smallGrid();
  std::vector<int> notionals;
  for (int i = 0; i < 10000; ++i) notionals.push_back(100 + i);
  g["grid"] = {{"market/assets/0/volAnnual", {0.5, 20}}, {"positions/notional", notionals}};
  try {
    parseSweepSpec(g, "t");
    FAIL("accepted a volatility of 20");
  } catch (const InputError& e) {
    CHECK(e.path() == "/market/assets/0/volAnnual");
    CHECK_THAT(e.what(), Catch::Contains("got 20 (in sweep cell 10000: "));
  }
  // A random sweep's range end that a draw may come near: positions/tenorSteps
  // allows 100,000, and 10,000 draws from [1, 100001] seldom hit the top.
  nlohmann::json r{{"name", "r"}, {"scenario", "preset:akerlof-flat-fee"},
                   {"random", {{"samples", 20000}, {"params", {{"positions/tenorSteps", {{"min", 1}, {"max", 100001}, {"integer", true}}}}}}}};
  try {
    parseSweepSpec(r, "t");
    FAIL("accepted a tenor of 100001 steps");
  } catch (const InputError& e) {
    CHECK(e.path() == "/positions/tenorSteps");
    CHECK_THAT(e.what(), Catch::Contains("(a value the random sweep's /random/params/positions/tenorSteps can take: "
                                         "{\"positions/tenorSteps\":100001})"));
  }
  r["random"]["params"]["positions/tenorSteps"]["max"] = 100000;
  CHECK(parseSweepSpec(r, "t").cellCount == 20000);
}

TEST_CASE("random sweep ranges and types are checked with their path", "[sweep][bad-input]") {
  auto spec = [](nlohmann::json param) {
    return nlohmann::json{{"name", "r"}, {"scenario", "preset:akerlof-flat-fee"},
                          {"random", {{"samples", 3}, {"params", {{"writers/count", param}}}}}};
  };
  auto refusedWith = [&](nlohmann::json param, const std::string& path, const std::string& words) {
    try {
      parseSweepSpec(spec(param), "t");
      FAIL("accepted " + param.dump());
    } catch (const InputError& e) {
      CHECK(e.path() == path);
      CHECK_THAT(e.what(), Catch::Contains(words));
    }
  };
  refusedWith({{"min", 100.5}, {"max", 100.7}, {"integer", true}}, "/random/params/writers/count", "no integer lies in");
  refusedWith({{"min", 1}, {"max", 9}, {"integer", "yes"}}, "/random/params/writers/count/integer", "expected true or false");
  refusedWith({{"min", 1}, {"max", 1e300}, {"integer", true}}, "/random/params/writers/count", "2^53");
  refusedWith({{"min", 9}, {"max", 1}}, "/random/params/writers/count", "min must be <= max");
  // One integer in range: every sample is it.
  const SweepSpec s = parseSweepSpec(spec({{"min", 99.5}, {"max", 100.5}, {"integer", true}}), "t");
  for (long long k = 0; k < 3; ++k) CHECK(sweepCell(s, k).values["writers/count"] == 100);
}

TEST_CASE("names that would become paths outside the output folder are refused", "[sweep][bad-input]") {
  for (const char* name : {"../../x", "a/b", "..", "/abs"}) {
    nlohmann::json g = smallGrid();
    g["name"] = name;
    CHECK_THROWS_WITH(parseSweepSpec(g, "t"), Catch::StartsWith("/name:"));
  }
}

TEST_CASE("resume reruns cells whose result is missing or mistyped and cleans temporaries", "[sweep][resume]") {
  const SweepSpec s = parseSweepSpec(smallGrid(), "test");
  const fs::path d = freshDir("mutualab_sweep_resume_bad");
  SweepOptions o;
  o.outDir = d.string();
  runSweep(s, o);
  const std::string csv = slurp(d / "sweep.csv");
  // Cell 1: right identity, no result. Cell 2: a result of the wrong type. Plus a killed run's temporary.
  nlohmann::json c1 = nlohmann::json::parse(slurp(d / "cells" / "cell-00001.json"));
  nlohmann::json c2 = nlohmann::json::parse(slurp(d / "cells" / "cell-00002.json"));
  c1.erase("result");
  c2["result"]["adverse_selection_index"] = "high";
  std::ofstream(d / "cells" / "cell-00001.json") << c1.dump();
  std::ofstream(d / "cells" / "cell-00002.json") << c2.dump();
  std::ofstream(d / "cells" / "cell-00003.json.tmp.4242") << "{\"ident";
  std::vector<std::string> notes;
  o.resume = true;
  o.warn = [&](const std::string& m) { notes.push_back(m); };
  CHECK(runSweep(s, o) == 2);
  CHECK(slurp(d / "sweep.csv") == csv);
  REQUIRE(notes.size() == 2);
  CHECK_THAT(notes[0], Catch::Contains("cell-00001.json") && Catch::Contains("no valid result"));
  CHECK_THAT(notes[1], Catch::Contains("cell-00002.json"));
  CHECK(!fs::exists(d / "cells" / "cell-00003.json.tmp.4242"));
  fs::remove_all(d);
}

TEST_CASE("a sweep refuses a folder of someone else's files and keeps foreign files in cells/", "[sweep][output]") {
  const SweepSpec s = parseSweepSpec(smallGrid(), "test");
  const fs::path d = freshDir("mutualab_sweep_foreign");
  fs::create_directories(d);
  std::ofstream(d / "keep") << "mine";
  SweepOptions o;
  o.outDir = d.string();
  CHECK_THROWS_WITH(runSweep(s, o), Catch::Contains("not written by mutualab"));
  CHECK(slurp(d / "keep") == "mine");
  CHECK(!fs::exists(d / "cells"));
  fs::remove(d / "keep");
  runSweep(s, o);
  std::ofstream(d / "cells" / "notes.txt") << "mine";
  runSweep(s, o);  // not resuming: our cell files are replaced, the note stays
  CHECK(slurp(d / "cells" / "notes.txt") == "mine");
  fs::remove_all(d);
}

TEST_CASE("a sweep refused for memory leaves an earlier run's files as they were", "[sweep][output][bad-input]") {
  const fs::path d = freshDir("mutualab_sweep_memory");
  SweepOptions o;
  o.outDir = d.string();
  o.threads = 1;
  runSweep(parseSweepSpec(smallGrid(), "test"), o);
  const std::string before = slurp(d / "sweep.csv");
  REQUIRE(!before.empty());
  // Its second cell needs 3.6 GiB a replication, a thousand of them at once:
  // refused whatever the machine, and (until 2026-12-05) only when that
  // cell came to run, after the folder's summaries had gone.
  nlohmann::json big = smallGrid();
  big["reps"] = 1000;
  big["grid"] = {{"writers/count", {60, 5000000}}};
  const SweepSpec s = parseSweepSpec(big, "test");
  CHECK(s.largestCell == 1);
  o.threads = 1000;
  CHECK_THROWS_WITH(runSweep(s, o), Catch::Contains("--threads") && Catch::Contains("GiB of memory") &&
                                        Catch::Contains("a run may use of this machine's") && Catch::Contains("(90 %)"));
  CHECK(slurp(d / "sweep.csv") == before);
  CHECK(fs::exists(d / "spec.json"));
  CHECK(fs::exists(d / "cells" / "cell-00003.json"));
  // Nor is a new folder made.
  o.outDir = (d / "new").string();
  CHECK_THROWS_AS(runSweep(s, o), InputError);
  CHECK(!fs::exists(d / "new"));
  fs::remove_all(d);
}

TEST_CASE("sweep grids reach inside the pools, and sweep.csv gives every pool's numbers", "[sweep][pools]") {
  const auto j = nlohmann::json::parse(R"({
    "name": "tp", "scenario": "preset:tiered-pools", "reps": 2, "seed": 4,
    "set": ["sim/steps=60", "writers/count=60", "backstop/feeShare=0"],
    "grid": {"pools/2/feeRule/name": ["flat", "risk-based"], "backstop/capital": [0, 20000]}
  })");
  const SweepSpec s = parseSweepSpec(j, "test");
  REQUIRE(s.cellCount == 4);
  CHECK(s.params == std::vector<std::string>{"backstop/capital", "pools/2/feeRule/name"});
  const LoadedScenario c0 = sweepCellScenario(s, sweepCell(s, 0));
  CHECK(c0.def.pools[2].terms.feeRule.name == "flat");
  CHECK(c0.def.pools[0].terms.feeRule.name == "risk-based");  // the other pools keep theirs
  CHECK(c0.def.backstop.capital == 0.0);
  CHECK(sweepCellScenario(s, sweepCell(s, 3)).def.pools[2].terms.feeRule.name == "risk-based");

  const fs::path d = freshDir("mutualab_sweep_pools");
  SweepOptions o;
  o.outDir = d.string();
  o.threads = 2;
  CHECK(runSweep(s, o) == 4);
  const testing::CsvTable csv = testing::parseCsv(slurp(d / "sweep.csv"));
  REQUIRE(csv.rows.size() == 4);
  for (size_t r = 0; r < csv.rows.size(); ++r) {
    for (const char* pool : {"eth", "btc", "sol"}) {
      const double part = csv.number(r, std::string(pool) + ".pool_participation");
      CHECK((part >= 0.0 && part <= 1.0));
      CHECK(csv.has(std::string(pool) + ".unpaid_claims_hi"));
    }
    if (r < 2) CHECK(csv.number(r, "backstop_final") == 0.0);  // no capital and no fee share: isolated pools
    CHECK(csv.has("joint_default_probability_lo"));
  }
  CHECK(csv.number(2, "backstop_final") > 0.0);  // cells 2 and 3 start it with capital
  fs::remove_all(d);

  auto bad = j;
  bad["grid"] = {{"pools/7/feeRule/name", {"flat"}}};
  testing::requireInputError([&] { parseSweepSpec(bad, "test"); }, "/pools/7", "(in sweep cell 0:");
}

TEST_CASE("a sweep over a menu writes each contract's columns, the cells' numbers", "[sweep][menu]") {
  const SweepSpec s = parseSweepSpec(nlohmann::json::parse(R"({
    "name": "m", "scenario": "preset:screening-menu", "reps": 2, "seed": 5,
    "set": ["sim/steps=80", "writers/count=80"],
    "grid": {"pool/menu/0/feeRule/params/rate": [0.002, 0.03]}
  })"), "test");
  const fs::path d = freshDir("mutualab_sweep_menu");
  SweepOptions o;
  o.outDir = d.string();
  o.threads = 2;
  REQUIRE(runSweep(s, o) == 2);
  const testing::CsvTable t = testing::parseCsv(slurp(d / "sweep.csv"));
  REQUIRE(t.has("pool.full.loss_ratio"));
  REQUIRE(t.has("pool.deductible.takers_mean_theta_hi"));
  for (size_t cell = 0; cell < 2; ++cell) {
    char name[32];
    std::snprintf(name, sizeof name, "cell-%05zu.json", cell);
    const nlohmann::json r = nlohmann::json::parse(slurp(d / "cells" / name))["result"];
    for (const auto& c : r["menu"]) {
      const std::string prefix = "pool." + c["contract"].get<std::string>() + ".";
      CHECK(t.number(cell, prefix + "share") == Approx(c["share"].get<double>()).epsilon(1e-9));
      CHECK(t.number(cell, prefix + "positions") == Approx(c["positions"].get<double>()).epsilon(1e-9));
    }
  }
  // Full cover sold as cheaply as the deductible takes every position.
  CHECK(t.number(0, "pool.full.share") == 1.0);
  CHECK(t.number(1, "pool.full.share") < 0.5);
  // A sweep without a menu has no such columns.
  CHECK(menuContractsOfJson(parseSweepSpec(smallGrid(), "test").base).empty());
  fs::remove_all(d);
}

TEST_CASE("a sweep of the admission rule has the VaR admission's columns, empty in its ratio cells", "[sweep][admission]") {
  const SweepSpec s = parseSweepSpec(nlohmann::json::parse(R"({
    "name": "adm", "scenario": "preset:var-admission", "reps": 2, "seed": 3, "set": ["sim/steps=40"],
    "grid": {"pool/admission/rule": ["ratio", "var"]}
  })"),
                                     "test");
  const fs::path d = freshDir("mutualab_sweep_admission");
  SweepOptions o;
  o.outDir = d.string();
  o.threads = 2;
  REQUIRE(runSweep(s, o) == 2);
  const testing::CsvTable t = testing::parseCsv(slurp(d / "sweep.csv"));
  REQUIRE(t.rows.size() == 2);
  for (const auto& m : kAdmissionSummaryMetricInfo) {
    const std::string k = m.name;
    CHECK(t.has(k));
    CHECK(t.has(k + "_lo"));
    CHECK(t.text(0, k).empty());  // the ratio cell measured nothing
  }
  // The var cell's numbers are its cell file's (summary.json's admission[0]).
  std::ifstream cellFile(d / "cells" / "cell-00001.json");
  const nlohmann::json cell = nlohmann::json::parse(cellFile);
  const nlohmann::json& a = cell["result"]["admission"][0];
  CHECK(a["pool"] == "pool");
  CHECK(t.number(1, "admission_declined") == Approx(a["admission_declined"].get<double>()).epsilon(1e-9));
  CHECK(t.number(1, "admission_declined") > 0);
  CHECK(t.number(1, "admission_utilization_max_hi") == Approx(a["ci95"]["admission_utilization_max"][1].get<double>()).epsilon(1e-9));
  fs::remove_all(d);
}

TEST_CASE("a sweep whose pool admits by VaR from a governance change has the admission's columns", "[sweep][admission]") {
  // The pool starts by ratio and a schedule switches it to var, at a swept
  // step: run's files have its admission, and so must sweep.csv (before
  // 2026-12-04 only the base's start terms and the swept paths counted).
  const SweepSpec s = parseSweepSpec(nlohmann::json::parse(R"({
    "name": "adm-gov", "scenario": "preset:var-admission", "reps": 2, "seed": 3,
    "set": ["sim/steps=40", "pool/admission/rule=ratio",
            "governance/schedule=[{\"step\": 20, \"set\": [\"pool/admission/rule=var\"]}]"],
    "grid": {"governance/schedule/0/step": [10, 30]}
  })"),
                                     "test");
  const fs::path d = freshDir("mutualab_sweep_admission_gov");
  SweepOptions o;
  o.outDir = d.string();
  o.threads = 2;
  REQUIRE(runSweep(s, o) == 2);
  const testing::CsvTable t = testing::parseCsv(slurp(d / "sweep.csv"));
  REQUIRE(t.rows.size() == 2);
  REQUIRE(t.has("admission_declined"));
  for (int row = 0; row < 2; ++row) {
    std::ifstream cellFile(d / "cells" / ("cell-0000" + std::to_string(row) + ".json"));
    const nlohmann::json cell = nlohmann::json::parse(cellFile);
    const nlohmann::json& a = cell["result"]["admission"][0];
    CHECK(t.number(row, "admission_declined") == Approx(a["admission_declined"].get<double>()).epsilon(1e-9));
  }
  fs::remove_all(d);
}
