#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.h"
#include "experiments/sweep.h"

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
  REQUIRE(s.cells.size() == 4);
  CHECK(s.params == std::vector<std::string>{"pool/feeRule/name", "writers/theta/sd"});
  CHECK(s.cells[1].values["pool/feeRule/name"] == "flat");
  CHECK(s.cells[1].values["writers/theta/sd"] == 0.25);
  CHECK(sweepCellScenario(s, s.cells[2]).def.pool.feeRule.name == "risk-based");
  CHECK(sweepCellScenario(s, s.cells[2]).def.pool.feeRule.params.empty());  // the flat rule's params were dropped
  CHECK(sweepCellScenario(s, s.cells[3]).def.writers.theta.sd == 0.25);
  CHECK(sweepCellScenario(s, s.cells[3]).def.sim.steps == 60);  // base overrides apply to every cell

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
  REQUIRE(a.cells.size() == 5);
  for (size_t k = 0; k < 5; ++k) {
    CHECK(a.cells[k].values == b.cells[k].values);
    const double l = a.cells[k].values["pool/feeRule/params/loading"];
    CHECK(l >= 0.2);
    CHECK(l <= 0.9);
    const int n = sweepCellScenario(a, a.cells[k]).def.writers.count;
    CHECK(n >= 50);
    CHECK(n <= 80);
  }
  spec["seed"] = 9;
  CHECK(parseSweepSpec(spec, "t").cells[0].values != a.cells[0].values);
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
}
