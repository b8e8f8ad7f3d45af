#include <catch2/catch.hpp>

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
