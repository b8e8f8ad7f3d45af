#include <catch2/catch.hpp>

#include <atomic>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.h"
#include "core/metrics.h"
#include "experiments/runner.h"
#include "experiments/tournament.h"
#include "support/csv.h"
#include "support/input_error.h"

using namespace mutualab;
namespace fs = std::filesystem;

namespace {
nlohmann::json spec(const char* format) {
  auto j = nlohmann::json::parse(R"({
    "name": "t", "scenario": "preset:akerlof-flat-fee", "reps": 4, "seed": 3,
    "set": ["sim/steps=90", "writers/count=60"],
    "strategies": [{"label": "silo", "name": "always-silo"}, {"label": "pool", "name": "always-pool"},
                   {"label": "dump", "name": "threshold-dumping", "params": {"threshold": 0.6}}],
    "designs": [{"label": "flat", "set": ["pool/feeRule/name=flat"]},
                {"label": "risk", "set": ["pool/feeRule/name=risk-based"]}]
  })");
  j["format"] = format;
  if (std::string(format) == "ecological") j["generations"] = 4;
  return j;
}
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
fs::path fresh(const char* n) {
  const fs::path d = fs::temp_directory_path() / n;
  fs::remove_all(d);
  return d;
}
}  // namespace

TEST_CASE("an all-in-one tournament ranks every strategy in every design, whatever the thread count", "[tournament]") {
  const TournamentSpec s = parseTournamentSpec(spec("all-in-one"), "t");
  const fs::path a = fresh("mutualab_tour_a"), b = fresh("mutualab_tour_b");
  TournamentOptions o1, o2;
  o1.outDir = a.string();
  o1.threads = 1;
  o2.outDir = b.string();
  o2.threads = 2;
  int ran = 0;
  const auto scores = runTournament(s, o1, &ran);
  CHECK(ran == 2);
  REQUIRE(scores.size() == 6);
  CHECK(scores[0].design == "flat");
  CHECK(scores[0].rank == 1);
  CHECK(scores[2].rank == 3);
  CHECK(scores[0].mean >= scores[1].mean);
  runTournament(s, o2);
  CHECK(slurp(a / "scores.csv") == slurp(b / "scores.csv"));
  CHECK(slurp(a / "cells.csv") == slurp(b / "cells.csv"));
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST_CASE("a tournament refused for memory leaves an earlier run's files as they were", "[tournament][bad-input]") {
  const fs::path d = fresh("mutualab_tour_memory");
  TournamentOptions o;
  o.outDir = d.string();
  o.threads = 1;
  runTournament(parseTournamentSpec(spec("all-in-one"), "test"), o);
  const std::string before = slurp(d / "scores.csv");
  REQUIRE(!before.empty());
  // Its second design needs 3.6 GiB a replication, a thousand at once: until
  // 2026-12-05 refused only when its cell came to run, the tables gone.
  nlohmann::json big = spec("all-in-one");
  big["reps"] = 1000;
  big["designs"][1]["set"].push_back("writers/count=5000000");
  o.threads = 1000;
  CHECK_THROWS_WITH(runTournament(parseTournamentSpec(big, "test"), o),
                    Catch::Contains("--threads") && Catch::Contains("GiB of memory"));
  CHECK(slurp(d / "scores.csv") == before);
  CHECK(fs::exists(d / "cells.csv"));
  fs::remove_all(d);
}

TEST_CASE("round robin plays every pair, and resume reproduces the files", "[tournament][resume]") {
  const TournamentSpec s = parseTournamentSpec(spec("round-robin"), "t");
  const fs::path d = fresh("mutualab_tour_rr");
  TournamentOptions o;
  o.outDir = d.string();
  int ran = 0;
  runTournament(s, o, &ran);
  CHECK(ran == 6);  // 3 pairs x 2 designs
  const std::string scores = slurp(d / "scores.csv"), cells = slurp(d / "cells.csv");
  fs::remove(d / "scores.csv");
  fs::remove(d / "cells" / "cell-00004.json");
  o.resume = true;
  runTournament(s, o, &ran);
  CHECK(ran == 1);
  CHECK(slurp(d / "scores.csv") == scores);
  CHECK(slurp(d / "cells.csv") == cells);
  // A run stopped on the way leaves no table of an earlier one beside its cells.
  std::atomic<bool> stop{true};
  o.cancel = &stop;
  o.resume = false;
  CHECK_THROWS_AS(runTournament(s, o, &ran), Cancelled);
  for (const char* f : {"scores.csv", "cells.csv", "series.csv"}) CHECK_FALSE(fs::exists(d / f));
  fs::remove_all(d);
}

TEST_CASE("ecological tournaments evolve shares by replicator dynamics", "[tournament]") {
  auto j = spec("ecological");
  j["selection"] = 50.0;
  const TournamentSpec s = parseTournamentSpec(j, "t");
  const fs::path d = fresh("mutualab_tour_eco");
  TournamentOptions o;
  o.outDir = d.string();
  runTournament(s, o);
  const std::string shares = slurp(d / "shares.csv");
  CHECK(shares.rfind("design,generation,strategy,share,score\n", 0) == 0);
  CHECK(std::count(shares.begin(), shares.end(), '\n') == 1 + 2 * 4 * 3);
  // Generation 0 is uniform; later generations are not.
  CHECK(shares.find("flat,0,silo,0.3333333333") != std::string::npos);
  CHECK(shares.find("flat,3,silo,0.3333333333") == std::string::npos);
  fs::remove_all(d);
}

TEST_CASE("bad tournament specs are refused with the JSON path", "[tournament][bad-input]") {
  auto refused = [](nlohmann::json j, const std::string& path) {
    try {
      parseTournamentSpec(j, "t");
      FAIL("accepted");
    } catch (const InputError& e) {
      CHECK(e.path() == path);
    }
  };
  auto j = spec("all-in-one");
  j["format"] = "swiss";
  refused(j, "/format");
  j = spec("all-in-one");
  j["strategies"][1]["name"] = "yolo";
  refused(j, "/strategies/1/name");
  j = spec("all-in-one");
  j["strategies"][2]["label"] = "silo";
  refused(j, "/strategies/2/label");
  j = spec("all-in-one");
  j["designs"] = nlohmann::json::array();
  refused(j, "/designs");
  j = spec("all-in-one");
  j["designs"][1]["set"] = {"pool/feeRule/name=nope"};
  refused(j, "/pool/feeRule/name");
  j = spec("all-in-one");
  j["reps"] = 0;
  refused(j, "/reps");
  j = spec("all-in-one");
  j["strategies"] = nlohmann::json::array({j["strategies"][0]});
  refused(j, "/strategies");
}

TEST_CASE("replicator steps stay finite under any selection strength", "[tournament]") {
  // exp(100 x -5000 / 100) underflows to 0 for every strategy; log space keeps the ratios.
  const auto s = replicatorStep({0.5, 0.25, 0.25}, nlohmann::json{-5000.0, -5001.0, -6000.0}, 100.0);
  REQUIRE(s.size() == 3);
  CHECK(s[0] == Approx(1.0 / (1.0 + 0.5 * std::exp(-1.0))));
  CHECK(s[1] == Approx(0.5 * std::exp(-1.0) / (1.0 + 0.5 * std::exp(-1.0))));
  CHECK(s[2] == 0.0);  // e^-1000 relative: extinct
  CHECK(s[0] + s[1] + s[2] == Approx(1.0));
  // A strategy with no score drops out; nobody scored: shares kept.
  CHECK(replicatorStep({0.5, 0.5}, nlohmann::json{nullptr, 3.0}, 1.0) == std::vector<double>{0.0, 1.0});
  CHECK(replicatorStep({0.4, 0.6}, nlohmann::json{nullptr, nullptr}, 1.0) == std::vector<double>{0.4, 0.6});
}

TEST_CASE("an ecological tournament with extreme selection and tiny steps runs to the end", "[tournament]") {
  auto j = spec("ecological");
  j["selection"] = 100;
  j["set"] = {"sim/steps=30", "writers/count=30", "sim/stepDays=0.001"};
  j["designs"] = nlohmann::json::array({j["designs"][0]});
  const TournamentSpec s = parseTournamentSpec(j, "t");
  const fs::path d = fresh("mutualab_tour_extreme");
  TournamentOptions o;
  o.outDir = d.string();
  const auto scores = runTournament(s, o);
  REQUIRE(scores.size() == 3);
  const std::string shares = slurp(d / "shares.csv");
  CHECK(std::count(shares.begin(), shares.end(), '\n') == 1 + 4 * 3);
  // design,generation,strategy,share,score: every share a number, each generation's summing to 1.
  std::istringstream lines(shares);
  std::string line;
  std::getline(lines, line);
  std::vector<double> sum(4, 0.0);
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    std::istringstream cells(line);
    for (std::string x; std::getline(cells, x, ',');) f.push_back(x);
    REQUIRE(f.size() >= 4);
    REQUIRE(!f[3].empty());
    const double share = std::stod(f[3]);
    CHECK(std::isfinite(share));
    sum[static_cast<size_t>(std::stoi(f[1]))] += share;
  }
  for (double x : sum) CHECK(x == Approx(1.0));
  fs::remove_all(d);
}

TEST_CASE("cell files name the spec by hash, and resume reruns cells without a valid result", "[tournament][resume]") {
  const TournamentSpec s = parseTournamentSpec(spec("ecological"), "t");
  const fs::path d = fresh("mutualab_tour_cells");
  TournamentOptions o;
  o.outDir = d.string();
  runTournament(s, o);
  const std::string scores = slurp(d / "scores.csv");
  const nlohmann::json c0 = nlohmann::json::parse(slurp(d / "cells" / "cell-00000.json"));
  CHECK(c0["identity"].size() == 2);  // spec_hash and cell: the spec itself lives once, in spec.json
  CHECK(c0["identity"]["spec_hash"].get<std::string>().size() == 16);
  CHECK(fs::exists(d / "spec.json"));
  // Generation 1 of the first design loses its result; generation 2's is mistyped.
  nlohmann::json c1 = nlohmann::json::parse(slurp(d / "cells" / "cell-00001.json"));
  nlohmann::json c2 = nlohmann::json::parse(slurp(d / "cells" / "cell-00002.json"));
  c1.erase("result");
  c2["result"]["shares"] = "all";
  std::ofstream(d / "cells" / "cell-00001.json") << c1.dump();
  std::ofstream(d / "cells" / "cell-00002.json") << c2.dump();
  o.resume = true;
  std::vector<std::string> notes;
  o.warn = [&](const std::string& m) { notes.push_back(m); };
  int ran = 0;
  runTournament(s, o, &ran);
  CHECK(ran == 2);
  CHECK(notes.size() == 2);
  CHECK(slurp(d / "scores.csv") == scores);
  fs::remove_all(d);
}

TEST_CASE("tournament spec fields of the wrong type are refused with their path", "[tournament][bad-input]") {
  auto refused = [](nlohmann::json j, const std::string& path, const std::string& words) {
    try {
      parseTournamentSpec(j, "t");
      FAIL("accepted");
    } catch (const InputError& e) {
      CHECK(e.path() == path);
      CHECK_THAT(e.what(), Catch::Contains(words));
    }
  };
  auto j = spec("all-in-one");
  j["strategies"][0]["label"] = 5;
  refused(j, "/strategies/0/label", "expected a non-empty string");
  j = spec("all-in-one");
  j["strategies"][2]["params"] = "fast";
  refused(j, "/strategies/2/params", "expected an object");
  j = spec("all-in-one");
  j["designs"][1]["set"] = {"pool/feeRule/name=nope"};
  refused(j, "/pool/feeRule/name", "in designs/1, 'risk'");
  j = spec("all-in-one");
  j["name"] = "../../x";
  refused(j, "/name", "must not contain");
  // A parameter name with a NUL byte (JSON "\u0000") is named whole, not cut
  // at the NUL (found by fuzzing: the path was cut and the message with it).
  for (const std::string& key : {std::string("thr\0x", 5), std::string("\0", 1), std::string("threshold\0", 10)}) {
    j = spec("all-in-one");
    j["strategies"][2]["params"] = {{key, 0.5}};
    refused(j, "/strategies/2/params/" + key, "unknown parameter");
  }
  j = spec("all-in-one");
  j["strategies"][2]["params"] = {{std::string("thr\0x", 5), 0.5}};
  try {
    parseTournamentSpec(j, "t");
    FAIL("accepted");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::StartsWith("/strategies/2/params/thr\\u0000x: unknown parameter 'thr\\u0000x'"));
  }
}

namespace {
// tiered-pools made small: SOL still crashes on step 200 of 240.
nlohmann::json poolSpec(const char* format) {
  auto j = nlohmann::json::parse(R"({
    "name": "tp", "scenario": "preset:tiered-pools", "reps": 3, "seed": 5,
    "set": ["sim/steps=240", "writers/count=90"],
    "strategies": [{"label": "silo", "name": "always-silo"}, {"label": "pool", "name": "always-pool"},
                   {"label": "eu", "name": "expected-utility"}],
    "designs": [{"label": "shared", "set": []},
                {"label": "isolated", "set": ["backstop/capital=0", "backstop/feeShare=0"]}]
  })");
  j["format"] = format;
  return j;
}
// The header from the first pool column on.
std::string poolHeader(const std::string& csv) {
  const std::string header = csv.substr(0, csv.find('\n'));
  return header.substr(header.find(",eth."));
}
// A row's fields from the first pool column on.
std::string poolFields(const testing::CsvTable& t, size_t row) {
  std::string out;
  size_t first = 0;
  while (t.header[first].rfind("eth.", 0) != 0) ++first;
  for (size_t c = first; c < t.header.size(); ++c) out += "," + t.rows[row][c];
  return out;
}
}  // namespace

TEST_CASE("a tournament over several pools gives each cell and design every pool's numbers, whatever the thread count",
          "[tournament][pools][determinism]") {
  const TournamentSpec s = parseTournamentSpec(poolSpec("all-in-one"), "t");
  const fs::path a = fresh("mutualab_tour_pools_1"), b = fresh("mutualab_tour_pools_2");
  TournamentOptions o1, o2;
  o1.outDir = a.string();
  o1.threads = 1;
  o2.outDir = b.string();
  o2.threads = 2;
  runTournament(s, o1);
  runTournament(s, o2);
  for (const char* f : {"scores.csv", "cells.csv", "series.csv", "cells/cell-00000.json", "cells/cell-00001.json"})
    CHECK(slurp(a / f) == slurp(b / f));

  const std::string cellsText = slurp(a / "cells.csv"), scoresText = slurp(a / "scores.csv");
  const testing::CsvTable cells = testing::parseCsv(cellsText), scores = testing::parseCsv(scoresText);
  // Every pool's every summary metric with its CI, then the contagion numbers: 3 x 19 x 3 + 4 x 3 columns.
  CHECK(cells.header.size() == 8 + 3 * kPoolSummaryMetricCount * 3 + 12);
  CHECK(scores.header.size() == 9 + 3 * kPoolSummaryMetricCount * 3 + 12);
  for (const char* pool : {"eth", "btc", "sol"})
    for (const auto& m : kPoolSummaryMetricInfo)
      for (const char* end : {"", "_lo", "_hi"}) CHECK(cells.has(std::string(pool) + "." + m.name + end));
  for (const char* k : {"pools_defaulted", "joint_default_probability", "backstop_final", "backstop_lowest"})
    CHECK(cells.has(std::string(k) + "_hi"));
  CHECK(poolHeader(scoresText) == poolHeader(cellsText));

  REQUIRE(cells.rows.size() == 6);  // 2 designs x 3 strategies
  for (size_t r = 0; r < cells.rows.size(); ++r) {
    INFO("cells.csv row " << r);
    for (const char* pool : {"eth", "btc", "sol"}) {
      const double part = cells.number(r, std::string(pool) + ".pool_participation");
      CHECK(part >= 0.0);
      CHECK(part <= 1.0);
      const double pd = cells.number(r, std::string(pool) + ".default_probability");
      CHECK((pd >= 0.0 && pd <= 1.0));
    }
    CHECK(poolFields(cells, r) == poolFields(cells, r - r % 3));  // one market: the same on each strategy's row
    if (cells.text(r, "design") == "isolated") {
      // No backstop: SOL's crash leaves its buyers unpaid.
      CHECK(cells.number(r, "sol.unpaid_claims") > 0.0);
      CHECK(cells.number(r, "sol.loss_backstop") == 0.0);
      CHECK(cells.number(r, "backstop_final") == 0.0);
    } else {
      // The shared backstop, fed partly by ETH's and BTC's fees, pays them.
      CHECK(cells.number(r, "sol.unpaid_claims") == 0.0);
      CHECK(cells.number(r, "sol.loss_backstop") > 0.0);
      CHECK(cells.number(r, "backstop_final") > 0.0);
    }
  }
  // All-in-one: a design is its one cell, so scores.csv repeats the cell's pools exactly.
  for (size_t r = 0; r < scores.rows.size(); ++r) {
    size_t c = 0;
    while (cells.text(c, "design") != scores.text(r, "design")) ++c;
    CHECK(poolFields(scores, r) == poolFields(cells, c));
  }
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST_CASE("a round-robin over pools gives each design its cells' pools replication by replication, pools matched by name",
          "[tournament][pools][resume]") {
  auto j = poolSpec("round-robin");
  j["designs"][0] = nlohmann::json::parse(R"({"label": "merged", "set": ["pools=[{\"name\": \"all\"}]"]})");
  const TournamentSpec s = parseTournamentSpec(j, "t");
  const fs::path d = fresh("mutualab_tour_pools_rr");
  TournamentOptions o;
  o.outDir = d.string();
  runTournament(s, o);
  const std::string scoresText = slurp(d / "scores.csv");
  const testing::CsvTable cells = testing::parseCsv(slurp(d / "cells.csv")), scores = testing::parseCsv(scoresText);
  // The designs' pools by name in order of first appearance; a design without a pool leaves its columns empty.
  const std::string header = slurp(d / "cells.csv").substr(0, slurp(d / "cells.csv").find('\n'));
  CHECK(header.find(",all.pool_participation,") < header.find(",eth.pool_participation,"));
  CHECK(header.find(",eth.pool_participation,") < header.find(",sol.pool_participation,"));
  REQUIRE(cells.rows.size() == 12);  // 2 designs x 3 pairs x 2 strategies
  for (size_t r = 0; r < cells.rows.size(); ++r) {
    const bool merged = cells.text(r, "design") == "merged";
    CHECK(cells.text(r, merged ? "sol.unpaid_claims" : "all.unpaid_claims").empty());
    const double part = cells.number(r, merged ? "all.pool_participation" : "sol.pool_participation");
    CHECK((part >= 0.0 && part <= 1.0));
  }
  // A design's value: per replication the mean over its cells, then the mean
  // over replications - so the mean of its cells' means.
  for (const char* column : {"sol.unpaid_claims", "eth.pool_participation", "pools_defaulted"}) {
    double sum = 0;
    int n = 0;
    for (size_t r = 0; r < cells.rows.size(); r += 2)  // each pair's cell has two rows
      if (cells.text(r, "design") == "isolated") { sum += cells.number(r, column); ++n; }
    REQUIRE(n == 3);
    for (size_t r = 0; r < scores.rows.size(); ++r)
      if (scores.text(r, "design") == "isolated") CHECK(scores.number(r, column) == Approx(sum / n).margin(1e-9));
  }
  CHECK(scores.number(0, "all.lp_capital_final") > 0.0);  // merged comes first
  // A cell file without its pools' numbers (an older run's) is run again.
  nlohmann::json c4 = nlohmann::json::parse(slurp(d / "cells" / "cell-00004.json"));
  c4["result"].erase("pools");
  std::ofstream(d / "cells" / "cell-00004.json") << c4.dump();
  o.resume = true;
  int ran = 0;
  runTournament(s, o, &ran);
  CHECK(ran == 1);
  CHECK(slurp(d / "scores.csv") == scoresText);
  fs::remove_all(d);
}

TEST_CASE("tournament designs reach inside the pools with pools/k/... paths, refused with the design named",
          "[tournament][pools][bad-input]") {
  auto j = poolSpec("all-in-one");
  j["designs"][1]["set"] = {"pools/2/feeRule/name=flat", "pools/0/writerCollateralRatio=0.3"};
  const TournamentSpec s = parseTournamentSpec(j, "t");
  CHECK(s.designs[1].scenario.pools[2].terms.feeRule.name == "flat");
  CHECK(s.designs[1].scenario.pools[2].terms.feeRule.params == nlohmann::json::object());  // flat from its defaults
  CHECK(s.designs[1].scenario.pools[0].terms.writerCollateralRatio == 0.3);
  CHECK(s.designs[1].scenario.pools[0].terms.feeRule.name == "risk-based");
  CHECK(s.designs[0].scenario.pools[2].terms.feeRule.name == "risk-based");
  j["designs"][1]["set"] = {"pools/7/feeRule/name=flat"};
  testing::requireInputError([&] { parseTournamentSpec(j, "t"); }, "/pools/7", "(in designs/1, 'isolated')");
  j["designs"][1]["set"] = {"pools/2/feeRule/name=nope"};
  testing::requireInputError([&] { parseTournamentSpec(j, "t"); }, "/pools/2/feeRule/name", "unknown fee rule 'nope'");
}

TEST_CASE("a tournament design whose pool admits by VaR gives each cell and design admission's numbers", "[tournament][admission]") {
  // Round robin over three strategies: three cells a design, so a design's
  // figures are its cells' means replication by replication.
  const nlohmann::json j = nlohmann::json::parse(R"({
    "name": "adm", "scenario": "preset:var-admission", "format": "round-robin", "reps": 3, "seed": 2,
    "strategies": [{"label": "pool", "name": "always-pool"}, {"label": "silo", "name": "always-silo"},
                   {"label": "eu", "name": "expected-utility"}],
    "designs": [{"label": "ratio", "set": ["sim/steps=40", "pool/admission/rule=ratio"]},
                {"label": "var", "set": ["sim/steps=40"]}]})");
  const TournamentSpec s = parseTournamentSpec(j, "t");
  const fs::path d = fresh("mutualab_tour_admission");
  TournamentOptions o;
  o.outDir = d.string();
  o.threads = 2;
  runTournament(s, o);
  const testing::CsvTable cells = testing::parseCsv(slurp(d / "cells.csv")), scores = testing::parseCsv(slurp(d / "scores.csv"));
  for (const auto& m : kAdmissionSummaryMetricInfo)
    for (const char* end : {"", "_lo", "_hi"}) {
      CHECK(cells.has(std::string(m.name) + end));
      CHECK(scores.has(std::string(m.name) + end));
    }
  REQUIRE(cells.rows.size() == 12);  // 2 designs x 3 pairs x 2 strategies
  std::vector<std::vector<double>> perRep(3);  // the var design's declined, per replication, over its cells
  for (size_t r = 0; r < cells.rows.size(); ++r) {
    INFO("cells.csv row " << r);
    if (cells.text(r, "design") == "ratio") {
      CHECK(cells.text(r, "admission_declined").empty());
      continue;
    }
    // The cell file's replications give the cell's mean.
    std::ifstream in(d / "cells" / ("cell-0000" + cells.text(r, "cell") + ".json"));
    const nlohmann::json cell = nlohmann::json::parse(in)["result"];
    REQUIRE(cell["admission"]["reps"].size() == 3);
    double sum = 0;
    for (size_t k = 0; k < 3; ++k) {
      const double x = cell["admission"]["reps"][k][0].get<double>();  // admission_declined
      sum += x;
      if (r % 2 == 0) perRep[k].push_back(x);
    }
    CHECK(cells.number(r, "admission_declined") == Approx(sum / 3).epsilon(1e-9));
  }
  // The design's: replication k's mean over its cells, then the mean over replications.
  double designMean = 0;
  for (const auto& xs : perRep) {
    REQUIRE(xs.size() == 3);
    designMean += (xs[0] + xs[1] + xs[2]) / 3 / 3;
  }
  for (size_t r = 0; r < scores.rows.size(); ++r) {
    if (scores.text(r, "design") == "ratio") CHECK(scores.text(r, "admission_declined").empty());
    else CHECK(scores.number(r, "admission_declined") == Approx(designMean).epsilon(1e-9));
  }
  CHECK(designMean > 0);
  // A cell file from before admission's numbers were kept is run again on resume.
  const fs::path cellFile = d / "cells" / "cell-00003.json";
  nlohmann::json old = nlohmann::json::parse(slurp(cellFile));
  old["result"].erase("admission");
  std::ofstream(cellFile) << old.dump();
  const std::string before = slurp(d / "cells.csv");
  o.resume = true;
  int ran = 0;
  runTournament(s, o, &ran);
  CHECK(ran == 1);
  CHECK(slurp(d / "cells.csv") == before);
  fs::remove_all(d);
}
