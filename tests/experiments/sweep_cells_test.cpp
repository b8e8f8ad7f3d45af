// Explicit cells in sweep specs (experiments/sweep.cpp): labelled sets of
// values, alone or crossed with a grid, so fee rules that take different
// params are compared in one sweep.
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/errors.h"
#include "experiments/sweep.h"
#include "support/cli.h"
#include "support/csv.h"
#include "support/files.h"
#include "support/input_error.h"

using namespace mutualab;
namespace fs = std::filesystem;

namespace {
// Two fee rules with params of their own, and the base as it is, crossed with two volatilities.
nlohmann::json cellsByGrid() {
  return nlohmann::json::parse(R"({
    "name": "cells", "scenario": "preset:akerlof-flat-fee", "reps": 3, "seed": 4,
    "set": ["sim/steps=60", "writers/count=60"],
    "cells": [{"label": "flat 20%", "set": {"pool/feeRule/name": "flat", "pool/feeRule/params/loading": 0.2}},
              {"label": "credibility k=5", "set": {"pool/feeRule/name": "credibility", "pool/feeRule/params/k": 5}},
              {"label": "base"}],
    "grid": {"market/assets/0/volAnnual": [0.5, 0.9]}
  })");
}

nlohmann::json cellFile(const fs::path& dir, int k) {
  char name[32];
  std::snprintf(name, sizeof name, "cell-%05d.json", k);
  return nlohmann::json::parse(testing::slurp(dir / "cells" / name))["result"];
}
}  // namespace

TEST_CASE("explicit cells are the slowest digit, crossed with the grid", "[sweep][cells]") {
  const SweepSpec s = parseSweepSpec(cellsByGrid(), "test");
  REQUIRE(s.cellCount == 6);
  CHECK(s.params == std::vector<std::string>{"pool/feeRule/name", "pool/feeRule/params/k", "pool/feeRule/params/loading",
                                             "market/assets/0/volAnnual"});
  const SweepCell c3 = sweepCell(s, 3);
  CHECK(c3.design == 1);
  CHECK(c3.label == "credibility k=5");
  CHECK(c3.values == nlohmann::json{{"pool/feeRule/name", "credibility"}, {"pool/feeRule/params/k", 5}, {"market/assets/0/volAnnual", 0.9}});
  CHECK(c3.overrides == std::vector<std::string>{"pool/feeRule/name=credibility", "pool/feeRule/params/k=5", "market/assets/0/volAnnual=0.9"});
  const LoadedScenario sc3 = sweepCellScenario(s, c3);
  CHECK(sc3.def.pool.feeRule.name == "credibility");
  CHECK(sc3.def.pool.feeRule.params == nlohmann::json{{"k", 5}});  // flat's params dropped with the rename
  CHECK(sc3.def.market.assets[0].volAnnual == 0.9);
  CHECK(sweepCellScenario(s, sweepCell(s, 0)).def.pool.feeRule.params["loading"] == 0.2);
  const SweepCell c4 = sweepCell(s, 4);  // "base": no values of its own, the base as the spec's set left it
  CHECK(c4.label == "base");
  CHECK(c4.values == nlohmann::json{{"market/assets/0/volAnnual", 0.5}});
  CHECK(sweepCellScenario(s, c4).def.sim.steps == 60);

  // Cells alone: one cell per entry, no grid needed.
  auto alone = cellsByGrid();
  alone.erase("grid");
  const SweepSpec a = parseSweepSpec(alone, "test");
  CHECK(a.cellCount == 3);
  CHECK(sweepCell(a, 2).label == "base");
}

TEST_CASE("a param its rule does not take is refused before running, naming the cell and the path", "[sweep][cells][bad-input]") {
  auto j = cellsByGrid();
  j["cells"][1]["set"] = {{"pool/feeRule/name", "flat"}, {"pool/feeRule/params/k", 2}};
  j["cells"][1]["label"] = "flat k=2";
  testing::requireInputError([&] { parseSweepSpec(j, "test"); }, "/cells/1/set/pool~1feeRule~1params~1k",
                             "unknown parameter 'k'; valid: loading, minRate, basis");
  try {
    parseSweepSpec(j, "test");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("in sweep cell 2, /cells/1 labelled \"flat k=2\"") &&
                             Catch::Contains("scenario path /pool/feeRule/params/k"));
  }
  // Past the cells validated one by one (10 000), every explicit cell is still checked up front.
  std::vector<int> steps;
  for (int i = 0; i < 5000; ++i) steps.push_back(20 + i);
  auto big = cellsByGrid();
  big["grid"] = {{"sim/steps", steps}};
  big["cells"][2] = {{"label", "risk-based k=2"}, {"set", {{"pool/feeRule/name", "risk-based"}, {"pool/feeRule/params/k", 2}}}};
  testing::requireInputError([&] { parseSweepSpec(big, "test"); }, "/cells/2/set/pool~1feeRule~1params~1k",
                             "in sweep cell 10000, /cells/2 labelled \"risk-based k=2\"");
}

TEST_CASE("bad explicit cells are refused with the field, what was expected and what was found", "[sweep][cells][bad-input]") {
  auto with = [](const std::function<void(nlohmann::json&)>& change) {
    auto j = cellsByGrid();
    change(j);
    return j;
  };
  using testing::requireInputError;
  requireInputError([&] { parseSweepSpec(with([](auto& j) { j["cells"] = nlohmann::json::array(); }), "t"); }, "/cells",
                    "expected a non-empty array");
  requireInputError([&] { parseSweepSpec(with([](auto& j) { j["cells"][0].erase("label"); }), "t"); }, "/cells/0/label",
                    "missing required field");
  requireInputError([&] { parseSweepSpec(with([](auto& j) { j["cells"][2]["label"] = "flat 20%"; }), "t"); },
                    "/cells/2/label", "'flat 20%' is already the label of /cells/0");
  requireInputError([&] { parseSweepSpec(with([](auto& j) { j["cells"][0]["set"] = {"pool/feeRule/name=flat"}; }), "t"); },
                    "/cells/0/set", "expected an object {\"path\": value, ...}");
  requireInputError([&] { parseSweepSpec(with([](auto& j) { j["cells"][0]["sett"] = 1; }), "t"); }, "/cells/0/sett",
                    "unknown key 'sett'; valid keys: label, set");
  requireInputError(
      [&] { parseSweepSpec(with([](auto& j) { j["grid"]["pool/feeRule/params/loading"] = {0.1, 0.3}; }), "t"); },
      "/cells/0/set/pool~1feeRule~1params~1loading", "is also swept by the grid");
  requireInputError(
      [&] { parseSweepSpec(with([](auto& j) { j["random"] = {{"samples", 2}, {"params", {{"writers/count", {{"min", 50}, {"max", 60}}}}}}; }), "t"); },
      "/random", "a random sweep stands alone");
  requireInputError([&] { parseSweepSpec(with([](auto& j) { j["cells"][0]["set"]["/pool/minFee"] = 1; }), "t"); },
                    "/cells/0/set/~1pool~1minFee", "without the leading '/'");
  requireInputError([&] { parseSweepSpec(with([](auto& j) { j["cells"][1]["set"]["pool/feeRule/params/k"] = -1; }), "t"); },
                    "/cells/1/set/pool~1feeRule~1params~1k", "must be");
}

TEST_CASE("each explicit cell gives the numbers of `mutualab run` with its overrides and the seed", "[sweep][cells][determinism]") {
  const SweepSpec s = parseSweepSpec(cellsByGrid(), "test");
  const fs::path d = testing::freshTempDir("mutualab_sweep_cells_run");
  fs::remove_all(d);
  SweepOptions o;
  o.outDir = d.string();
  o.threads = 2;
  REQUIRE(runSweep(s, o) == 6);
  const testing::CsvTable csv = testing::parseCsv(testing::slurp(d / "sweep.csv"));
  REQUIRE(csv.rows.size() == 6);
  CHECK(csv.text(3, "label") == "credibility k=5");
  CHECK(csv.text(0, "pool/feeRule/params/k").empty());  // not set by "flat 20%": the rule does not take it
  CHECK(csv.number(3, "pool/feeRule/params/k") == 5.0);
  for (int k : {0, 3, 5}) {
    const SweepCell c = sweepCell(s, k);
    std::string sets = " --set sim/steps=60 --set writers/count=60";
    for (const auto& ov : c.overrides) sets += " --set " + ov;
    const fs::path out = d / ("run-" + std::to_string(k));
    const testing::CliResult r = testing::cli("run preset:akerlof-flat-fee" + sets + " --seed 4 --reps 3 --threads 1 --quiet --out " + out.string());
    REQUIRE(r.code == 0);
    const nlohmann::json run = nlohmann::json::parse(testing::slurp(out / "summary.json"));
    const nlohmann::json cell = cellFile(d, k);
    for (auto it = cell.begin(); it != cell.end(); ++it) {
      INFO("cell " << k << " " << it.key());
      CHECK(run[it.key()] == it.value());
    }
    CHECK(csv.number(static_cast<size_t>(k), "adverse_selection_index") == Approx(run["adverse_selection_index"].get<double>()).epsilon(1e-9));
  }
  fs::remove_all(d);
}

TEST_CASE("explicit cells and a grid with the same values give the same numbers (common random numbers)", "[sweep][cells][determinism]") {
  auto cells = nlohmann::json::parse(R"({
    "name": "c", "scenario": "preset:akerlof-flat-fee", "reps": 3, "seed": 4, "set": ["sim/steps=60", "writers/count=60"],
    "cells": [{"label": "low", "set": {"pool/feeRule/params/loading": 0.1}},
              {"label": "high", "set": {"pool/feeRule/params/loading": 0.6}},
              {"label": "high again", "set": {"pool/feeRule/params/loading": 0.6}}]
  })");
  auto grid = cells;
  grid.erase("cells");
  grid["grid"] = {{"pool/feeRule/params/loading", {0.1, 0.6}}};
  const fs::path a = testing::freshTempDir("mutualab_sweep_cells_crn_a"), b = testing::freshTempDir("mutualab_sweep_cells_crn_b");
  SweepOptions oa, ob;
  oa.outDir = a.string();
  ob.outDir = b.string();
  REQUIRE(runSweep(parseSweepSpec(cells, "t"), oa) == 3);
  REQUIRE(runSweep(parseSweepSpec(grid, "t"), ob) == 2);
  CHECK(cellFile(a, 0) == cellFile(b, 0));
  CHECK(cellFile(a, 1) == cellFile(b, 1));
  CHECK(cellFile(a, 2) == cellFile(a, 1));  // same values, same seed: the same markets and draws
  CHECK(cellFile(a, 0)["adverse_selection_index"] != cellFile(a, 1)["adverse_selection_index"]);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST_CASE("an interrupted explicit-cell sweep resumes to the same bytes", "[sweep][cells][resume]") {
  const SweepSpec s = parseSweepSpec(cellsByGrid(), "test");
  const fs::path d = testing::freshTempDir("mutualab_sweep_cells_resume");
  fs::remove_all(d);
  SweepOptions o;
  o.outDir = d.string();
  REQUIRE(runSweep(s, o) == 6);
  const std::string csv = testing::slurp(d / "sweep.csv"), params = testing::slurp(d / "params.json"),
                    cell4 = testing::slurp(d / "cells" / "cell-00004.json");
  fs::remove(d / "sweep.csv");
  fs::remove(d / "params.json");
  fs::remove(d / "cells" / "cell-00004.json");
  std::ofstream(d / "cells" / "cell-00002.json") << "{\"identity\": {\"overr";
  o.resume = true;
  CHECK(runSweep(s, o) == 2);
  CHECK(testing::slurp(d / "sweep.csv") == csv);
  CHECK(testing::slurp(d / "params.json") == params);
  CHECK(testing::slurp(d / "cells" / "cell-00004.json") == cell4);
  // A relabelled cell is the same cell (its file is kept); the new label is in the CSV.
  auto relabelled = cellsByGrid();
  relabelled["cells"][2]["label"] = "baseline";
  CHECK(runSweep(parseSweepSpec(relabelled, "t"), o) == 0);
  CHECK(testing::parseCsv(testing::slurp(d / "sweep.csv")).text(5, "label") == "baseline");
  // Another cell's values are not: its two cells run again.
  auto changed = cellsByGrid();
  changed["cells"][1]["set"]["pool/feeRule/params/k"] = 6;
  CHECK(runSweep(parseSweepSpec(changed, "t"), o) == 2);
  fs::remove_all(d);
}
