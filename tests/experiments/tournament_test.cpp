#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.h"
#include "experiments/tournament.h"

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
}
