#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "experiments/atomic_file.h"
#include "experiments/paired_stats.h"
#include "experiments/runner.h"
#include "experiments/sweep.h"
#include "experiments/sweep_paired.h"
#include "support/csv.h"
#include "support/files.h"
#include "support/input_error.h"

using namespace mutualab;
namespace fs = std::filesystem;

namespace {
nlohmann::json twoRules() {
  return nlohmann::json::parse(R"({
    "name": "p", "scenario": "preset:akerlof-flat-fee", "reps": 4, "seed": 2,
    "set": ["sim/steps=60", "writers/count=60"],
    "grid": {"pool/feeRule/name": ["flat", "risk-based"]},
    "baseline": {"pool/feeRule/name": "flat"}
  })");
}

nlohmann::json cellsByGrid() {
  return nlohmann::json::parse(R"({
    "name": "c", "scenario": "preset:akerlof-flat-fee", "reps": 2, "seed": 1,
    "set": ["sim/steps=30", "writers/count=40"],
    "cells": [{"label": "a", "set": {"pool/feeRule/params/loading": 0.1}},
              {"label": "b", "set": {"pool/feeRule/params/loading": 0.2}},
              {"label": "c", "set": {"pool/feeRule/params/loading": 0.3}}],
    "grid": {"writers/theta/sd": [0.1, 0.2], "market/assets/0/volAnnual": [0.5, 0.6, 0.7]},
    "baseline": "b"
  })");
}

using testing::slurp;

fs::path freshDir(const char* name) { return testing::freshTempDir(name); }

nlohmann::json cellResult(const fs::path& dir, int k) {
  std::ifstream in(dir / "cells" / cellFile(k));
  return nlohmann::json::parse(in)["result"];
}

// Column `name` of a cell file's per-replication values.
std::vector<double> perRep(const nlohmann::json& result, const std::string& name) {
  const auto& p = result["per_replication"];
  for (size_t c = 0; c < p["columns"].size(); ++c)
    if (p["columns"][c] == name) {
      std::vector<double> out;
      for (const auto& row : p["values"]) out.push_back(row[c].is_number() ? row[c].get<double>() : std::nan(""));
      return out;
    }
  throw std::out_of_range(name);
}

// paired.csv's row for a cell and metric.
size_t rowOf(const testing::CsvTable& t, const std::string& cell, const std::string& metric) {
  for (size_t r = 0; r < t.rows.size(); ++r)
    if (t.text(r, "cell") == cell && t.text(r, "metric") == metric) return r;
  FAIL("no row for cell " << cell << " and " << metric);
  return 0;
}
}  // namespace

TEST_CASE("each cell's baseline is the baseline design at the cell's other values", "[sweep][paired]") {
  // 3 cells (slowest) x 3 x 2 grid values (a JSON object's keys in
  // alphabetical order: volatility, then theta's sd): cell (d, v, s) = 6d + 2v + s.
  const SweepSpec s = parseSweepSpec(cellsByGrid(), "t");
  REQUIRE(s.paired());
  REQUIRE(s.cellCount == 18);
  CHECK(sweepBaselineCell(s, 0) == 6);    // (a, 0.1, 0.5) -> (b, 0.1, 0.5)
  CHECK(sweepBaselineCell(s, 17) == 11);  // (c, 0.2, 0.7) -> (b, 0.2, 0.7)
  CHECK(sweepBaselineCell(s, 8) == 8);    // b's own cells are their own baseline
  CHECK(sweepPairedCellCount(s) == 12);
  // A grid baseline fixes its params and keeps the others.
  nlohmann::json g = cellsByGrid();
  g.erase("cells");
  g["baseline"] = {{"market/assets/0/volAnnual", 0.6}};
  const SweepSpec gs = parseSweepSpec(g, "t");
  CHECK(sweepBaselineCell(gs, 0) == 2);  // (0.5, 0.1) -> (0.6, 0.1)
  CHECK(sweepBaselineCell(gs, 5) == 3);  // (0.7, 0.2) -> (0.6, 0.2)
  CHECK(sweepPairedCellCount(gs) == 4);
  // The cell a baseline index names has the baseline's values.
  CHECK(sweepCell(gs, sweepBaselineCell(gs, 5)).values["market/assets/0/volAnnual"] == 0.6);
  CHECK(sweepCell(gs, sweepBaselineCell(gs, 5)).values["writers/theta/sd"] == 0.2);
  // A label and a grid value: every cell against design b at volatility 0.5.
  nlohmann::json lg = cellsByGrid();
  lg["baseline"] = {{"label", "b"}, {"market/assets/0/volAnnual", 0.5}};
  const SweepSpec ls = parseSweepSpec(lg, "t");
  CHECK(sweepBaselineCell(ls, 17) == 7);  // (c, 0.7, 0.2) -> (b, 0.5, 0.2)
  CHECK(sweepBaselineCell(ls, 6) == 6);
  CHECK(sweepPairedCellCount(ls) == 16);
  CHECK_FALSE(parseSweepSpec(nlohmann::json::parse(R"({"name": "n", "scenario": "preset:akerlof-flat-fee",
    "grid": {"writers/theta/sd": [0.1]}})"), "t").paired());
}

TEST_CASE("a baseline that names no cell or grid value is refused at /baseline", "[sweep][paired][bad-input]") {
  using testing::requireInputError;
  nlohmann::json j = cellsByGrid();
  j["baseline"] = "flat";
  requireInputError([&] { parseSweepSpec(j, "t"); }, "/baseline", "expected the label of one of the cells (\"a\", \"b\", \"c\"), got \"flat\"");
  j["baseline"] = 3;
  requireInputError([&] { parseSweepSpec(j, "t"); }, "/baseline", "expected a cell's label, or {\"path\": value}");
  j = twoRules();
  j["baseline"] = "flat";
  requireInputError([&] { parseSweepSpec(j, "t"); }, "/baseline", "this sweep has none; for a grid, give {\"path\": value}, e.g. {\"pool/feeRule/name\": \"flat\"}");
  j["baseline"] = {{"pool/feeRule/name", "credibility"}};
  requireInputError([&] { parseSweepSpec(j, "t"); }, "/baseline/pool~1feeRule~1name",
                    "expected one of the grid's values for pool/feeRule/name (\"flat\", \"risk-based\"), got \"credibility\"");
  j["baseline"] = {{"writers/theta/sd", 0.1}};
  requireInputError([&] { parseSweepSpec(j, "t"); }, "/baseline/writers~1theta~1sd",
                    "'writers/theta/sd' is not swept by the grid (it sweeps pool/feeRule/name)");
  j = nlohmann::json::parse(R"({"name": "r", "scenario": "preset:akerlof-flat-fee",
    "random": {"samples": 3, "params": {"writers/theta/sd": {"min": 0.1, "max": 0.3}}}, "baseline": {"writers/theta/sd": 0.1}})");
  requireInputError([&] { parseSweepSpec(j, "t"); }, "/baseline", "a random sweep has no two cells that differ in one design only");
  // A baseline that every cell already is pairs nothing.
  j = twoRules();
  j["grid"] = {{"pool/feeRule/name", {"flat"}}};
  requireInputError([&] { parseSweepSpec(j, "t"); }, "/baseline", "every cell is its own baseline, so nothing is paired");
  j = twoRules();
  j["reps"] = 200000;
  requireInputError([&] { parseSweepSpec(j, "t"); }, "/baseline",
                    "a paired sweep keeps every replication's values in its cell files, so it runs at most 100000 "
                    "replications a cell; /reps is 200000");
}

TEST_CASE("paired.csv holds each cell minus its baseline, replication by replication", "[sweep][paired]") {
  const SweepSpec s = parseSweepSpec(twoRules(), "t");
  const fs::path d = freshDir("mutualab_sweep_paired");
  SweepOptions o;
  o.outDir = d.string();
  o.threads = 2;
  std::vector<PairedHeadline> headlines;
  o.pairedHeadlines = &headlines;
  REQUIRE(runSweep(s, o) == 2);
  const testing::CsvTable t = testing::parseCsv(slurp(d / "paired.csv"));
  CHECK(t.header == std::vector<std::string>{"cell", "pool/feeRule/name", "baseline_cell", "metric", "difference", "lo", "hi", "n", "method"});
  const nlohmann::json flat = cellResult(d, 0), risk = cellResult(d, 1);
  // Every row is cell 1 against cell 0, one per replications.csv column
  // (unraveling_step as unraveled_share).
  REQUIRE(t.rows.size() == risk["per_replication"]["columns"].size());
  for (size_t r = 0; r < t.rows.size(); ++r) {
    CHECK(t.text(r, "cell") == "1");
    CHECK(t.text(r, "pool/feeRule/name") == "risk-based");
    CHECK(t.text(r, "baseline_cell") == "0");
  }
  // A money metric: the t interval of the four differences, and its mean is
  // the difference of the two cells' means in sweep.csv.
  const size_t w = rowOf(t, "1", "welfare_lps");
  const MeanCi expect = pairedMeanCi95(perRep(risk, "welfare_lps"), perRep(flat, "welfare_lps"));
  CHECK(t.number(w, "n") == 4);
  CHECK(t.text(w, "method") == "paired t");
  CHECK(t.number(w, "difference") == expect.mean);
  CHECK(t.number(w, "lo") == expect.lo);
  CHECK(t.number(w, "hi") == expect.hi);
  const testing::CsvTable sweep = testing::parseCsv(slurp(d / "sweep.csv"));
  CHECK(t.number(w, "difference") == Approx(sweep.number(1, "welfare_lps") - sweep.number(0, "welfare_lps")).epsilon(1e-12));
  // A 0/1 outcome by Tango; the event time as the share that had it.
  CHECK(t.text(rowOf(t, "1", "pool_default_probability"), "method") == "Tango");
  const size_t u = rowOf(t, "1", "unraveled_share");
  CHECK(t.text(u, "method") == "Tango");
  const MeanCi unr = pairedProportionCi95(eventIndicators(perRep(risk, "unraveling_step")),
                                          eventIndicators(perRep(flat, "unraveling_step")));
  CHECK(t.number(u, "difference") == Approx(unr.mean).margin(1e-15));
  CHECK(t.number(u, "lo") == Approx(unr.lo).margin(1e-15));
  // The terminal's headlines are the same numbers.
  REQUIRE(headlines.size() == 1);
  CHECK(headlines[0].cell == "pool/feeRule/name=risk-based");
  CHECK(headlines[0].baseline == "pool/feeRule/name=flat");
  CHECK(headlines[0].diffs.front().metric == "pool_participation");
  // The same files on one thread.
  const fs::path d1 = freshDir("mutualab_sweep_paired_1");
  o.outDir = d1.string();
  o.threads = 1;
  o.pairedHeadlines = nullptr;
  runSweep(s, o);
  CHECK(slurp(d1 / "paired.csv") == slurp(d / "paired.csv"));
  fs::remove_all(d);
  fs::remove_all(d1);
}

TEST_CASE("a design paired with its own copy differs by exactly 0: replication i meets replication i", "[sweep][paired]") {
  nlohmann::json j = twoRules();
  j["grid"] = {{"pool/feeRule/params/loading", {0.2, 0.2000000001, 0.2}}};  // cells 0 and 2 are the same design
  j["baseline"] = {{"pool/feeRule/params/loading", 0.2}};
  const SweepSpec s = parseSweepSpec(j, "t");
  // Two grid values equal to the baseline's: the first is the baseline.
  CHECK(sweepBaselineCell(s, 2) == 0);
  CHECK(sweepBaselineCell(s, 0) == 0);
  const fs::path d = freshDir("mutualab_sweep_paired_self");
  SweepOptions o;
  o.outDir = d.string();
  runSweep(s, o);
  const testing::CsvTable t = testing::parseCsv(slurp(d / "paired.csv"));
  for (const char* m : {"welfare_lps", "welfare_writers", "pool_participation", "trades"}) {
    const size_t r = rowOf(t, "2", m);
    CHECK(t.number(r, "difference") == 0.0);
    CHECK(t.number(r, "lo") == 0.0);
    CHECK(t.number(r, "hi") == 0.0);
  }
  // A loading 1e-9 higher moves the money a little, never by luck.
  const size_t r = rowOf(t, "1", "welfare_lps");
  CHECK(std::fabs(t.number(r, "difference")) < 1.0);
  fs::remove_all(d);
}

TEST_CASE("adding a baseline reruns cells stored without their replications; removing it removes paired.csv", "[sweep][paired][resume]") {
  nlohmann::json j = twoRules();
  j.erase("baseline");
  const fs::path d = freshDir("mutualab_sweep_paired_resume");
  SweepOptions o;
  o.outDir = d.string();
  REQUIRE(runSweep(parseSweepSpec(j, "t"), o) == 2);
  CHECK_FALSE(fs::exists(d / "paired.csv"));
  CHECK_FALSE(cellResult(d, 0).contains("per_replication"));
  o.resume = true;
  CHECK(runSweep(parseSweepSpec(twoRules(), "t"), o) == 2);  // no replications kept: run again
  CHECK(fs::exists(d / "paired.csv"));
  const std::string paired = slurp(d / "paired.csv");
  fs::remove(d / "paired.csv");
  fs::remove(d / "cells" / cellFile(1));
  CHECK(runSweep(parseSweepSpec(twoRules(), "t"), o) == 1);  // resumed: the same differences
  CHECK(slurp(d / "paired.csv") == paired);
  // Without the baseline, the paired cells resume as they are (they hold more than it needs) ...
  CHECK(runSweep(parseSweepSpec(j, "t"), o) == 0);
  CHECK_FALSE(fs::exists(d / "paired.csv"));  // ... and an earlier baseline's differences would read as this run's
  // A run stopped on the way leaves no summary of an earlier one beside its cells.
  runSweep(parseSweepSpec(twoRules(), "t"), o);
  REQUIRE(fs::exists(d / "paired.csv"));
  std::atomic<bool> stop{true};
  o.cancel = &stop;
  o.resume = false;
  nlohmann::json other = twoRules();
  other["baseline"] = {{"pool/feeRule/name", "risk-based"}};
  CHECK_THROWS_AS(runSweep(parseSweepSpec(other, "t"), o), Cancelled);
  for (const char* f : {"sweep.csv", "paired.csv", "spec.json", "params.json"}) CHECK_FALSE(fs::exists(d / f));
  fs::remove_all(d);
}

TEST_CASE("every example spec in experiments/sweeps parses, and the paired ones name their baseline", "[sweep][paired][examples]") {
  int paired = 0, specs = 0;
  for (const auto& e : fs::directory_iterator(fs::path(MUTUALAB_SOURCE_DIR) / "experiments" / "sweeps")) {
    if (e.path().extension() != ".json") continue;
    INFO(e.path().string());
    const SweepSpec s = loadSweepSpec(e.path().string());
    ++specs;
    if (s.paired()) {
      ++paired;
      CHECK(sweepPairedCellCount(s) > 0);
    }
  }
  CHECK(specs >= 7);
  CHECK(paired >= 3);  // fee-rules-by-volatility, ratio-vs-var-admission, screening-menu-vs-flat
}
