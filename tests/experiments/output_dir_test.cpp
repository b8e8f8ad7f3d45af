// Output folders: mutualab replaces only what it wrote (issue 10's data-loss
// cases). Every refusal must leave the folder exactly as it was.
#include <catch2/catch.hpp>

#include "support/files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "experiments/output_dir.h"
#include "experiments/results.h"

using namespace mutualab;
namespace fs = std::filesystem;

namespace {
fs::path dir(const std::string& name) { return mutualab::testing::freshTempDir("mutualab_outdir_" + name); }
using mutualab::testing::slurp;
std::string refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("a run never replaces a folder holding files it did not write", "[output][bad-input]") {
  const fs::path root = dir("foreign");
  const fs::path d = root / "d";
  fs::create_directories(d);
  std::ofstream(d / "keep") << "mine";
  const std::string why = refusal([&] { writeResultsDir(d.string(), {{"summary.json", "{}\n"}}); });
  CHECK_THAT(why, Catch::Contains("not written by mutualab") && Catch::Contains("keep"));
  CHECK(slurp(d / "keep") == "mine");  // untouched
  CHECK(!fs::exists(d / "summary.json"));
  // Nothing was left beside it either.
  CHECK(std::distance(fs::directory_iterator(root), fs::directory_iterator()) == 1);
  fs::remove_all(root);
}

TEST_CASE("a run replaces its own earlier results, and an empty folder", "[output]") {
  const fs::path root = dir("own");
  const fs::path d = root / "r";
  fs::create_directories(d);  // empty: allowed
  writeResultsDir(d.string(), {{"summary.json", "1\n"}});
  CHECK(slurp(d / "summary.json") == "1\n");
  CHECK(fs::exists(d / kOutputMarker));
  writeResultsDir((d / ".").string(), {{"summary.json", "2\n"}});  // "d/." names d itself
  CHECK(slurp(d / "summary.json") == "2\n");
  CHECK(std::distance(fs::directory_iterator(root), fs::directory_iterator()) == 1);  // no .tmp/.old left
  fs::remove_all(root);
}

TEST_CASE("a run refuses another kind's results and the current directory", "[output][bad-input]") {
  const fs::path root = dir("kinds");
  claimOutputDir(root / "s", "sweep");
  CHECK_THAT(refusal([&] { writeResultsDir((root / "s").string(), {{"summary.json", "{}\n"}}); }),
             Catch::Contains("holds a sweep's results"));
  CHECK(fs::is_directory(root / "s" / "cells"));
  const fs::path before = fs::current_path();
  fs::current_path(root / "s");
  CHECK_THAT(refusal([&] { checkOutputDir(".", "sweep"); }), Catch::Contains("current directory"));
  CHECK_THAT(refusal([&] { checkOutputDir("..", "run"); }), Catch::Contains("current directory"));
  fs::current_path(before);
  std::ofstream(root / "file") << "x";
  CHECK_THAT(refusal([&] { checkOutputDir(root / "file", "run"); }), Catch::Contains("not a directory"));
  fs::remove_all(root);
}

TEST_CASE("folders a killed run left beside its output are cleaned, foreign ones kept", "[output]") {
  const fs::path root = dir("orphans");
  const fs::path d = root / "r";
  // PID 999999999 cannot exist (pid_max is at most 2^22).
  fs::create_directories(root / "r.tmp.999999999");
  std::ofstream(root / "r.tmp.999999999" / kOutputMarker) << outputMarkerText("run");
  fs::create_directories(root / "r.old.999999998");  // no marker: not provably ours
  std::ofstream(root / "r.old.999999998" / "notes.txt") << "x";
  writeResultsDir(d.string(), {{"summary.json", "{}\n"}});
  CHECK(!fs::exists(root / "r.tmp.999999999"));
  CHECK(fs::exists(root / "r.old.999999998" / "notes.txt"));
  fs::remove_all(root);
}
