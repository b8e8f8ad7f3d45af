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

TEST_CASE("a run refuses its own earlier results once files were added to them, and leaves them as they were",
          "[output][bad-input]") {
  const fs::path root = dir("added");
  const fs::path d = root / "r";
  {
    ResultsDirWriter w(d.string());
    w.add("summary.json", "1\n");
    std::ofstream(w.pathOf("series.csv")) << "rep,step\n";  // streamed files are listed too
    w.commit();
  }
  CHECK_THAT(slurp(d / kOutputMarker), Catch::Contains(R"("files":["series.csv","summary.json"])"));
  writeResultsDir(d.string(), {{"summary.json", "2\n"}});  // only its own files: replaced
  CHECK(slurp(d / "summary.json") == "2\n");
  CHECK(!fs::exists(d / "series.csv"));

  std::ofstream(d / "notes.txt") << "mine";
  fs::create_directories(d / "analysis");
  std::ofstream(d / "analysis" / "plot.py") << "mine too";
  const std::string why = refusal([&] { writeResultsDir(d.string(), {{"summary.json", "3\n"}}); });
  CHECK_THAT(why, Catch::Contains("holds 'analysis' and 1 more") && Catch::Contains("did not write"));
  CHECK(slurp(d / "notes.txt") == "mine");
  CHECK(slurp(d / "analysis" / "plot.py") == "mine too");
  CHECK(slurp(d / "summary.json") == "2\n");
  CHECK(std::distance(fs::directory_iterator(root), fs::directory_iterator()) == 1);  // nothing beside it

  fs::remove_all(d / "analysis");  // one left: named alone
  CHECK_THAT(refusal([&] { writeResultsDir(d.string(), {{"summary.json", "3\n"}}); }),
             Catch::Contains("holds 'notes.txt', which"));
  fs::remove(d / "notes.txt");
  writeResultsDir(d.string(), {{"summary.json", "3\n"}});
  CHECK(slurp(d / "summary.json") == "3\n");
  fs::remove_all(root);
}

TEST_CASE("a folder filled while a run ran (another run given the same --out) is left as it is, and said so",
          "[output][bad-input]") {
  const fs::path root = dir("raced");
  const fs::path d = root / "r";
  {
    ResultsDirWriter w(d.string());  // d is new when the run starts
    w.add("summary.json", "mine\n");
    fs::create_directories(d);  // the other run (another process) finishes first
    std::ofstream(d / "summary.json") << "theirs\n";
    const std::string why = refusal([&] { w.commit(); });
    CHECK_THAT(why, Catch::Contains("was filled while this mutualab run ran (another command writing to the same folder?)") &&
                        Catch::Contains("results were not written"));
  }
  CHECK(slurp(d / "summary.json") == "theirs\n");
  CHECK(std::distance(fs::directory_iterator(root), fs::directory_iterator()) == 1);  // no temporary left beside it
  fs::remove_all(root);
}

TEST_CASE("a folder from before markers listed files is replaced only if it holds its writer's names",
          "[output][bad-input]") {
  const fs::path root = dir("legacy");
  const fs::path d = root / "r";
  fs::create_directories(d);
  std::ofstream(d / kOutputMarker) << outputMarkerText("run");  // no list
  std::ofstream(d / "summary.json") << "old";
  std::ofstream(d / "series.csv.gz") << "old";
  std::ofstream(d / "my.ipynb") << "mine";
  CHECK_THAT(refusal([&] { writeResultsDir(d.string(), {{"summary.json", "new\n"}}); }), Catch::Contains("'my.ipynb'"));
  CHECK(slurp(d / "summary.json") == "old");
  fs::remove(d / "my.ipynb");
  writeResultsDir(d.string(), {{"summary.json", "new\n"}});
  CHECK(slurp(d / "summary.json") == "new\n");
  fs::remove_all(root);
}

TEST_CASE("a risk folder keeps accepting the figures its plot script drew into it", "[output]") {
  const fs::path root = dir("riskfig");
  const fs::path d = root / "k";
  writeResultsDir(d.string(), {{"risk.json", "1\n"}}, "risk");
  std::ofstream(d / "figure.png") << "png";
  std::ofstream(d / "figure.svg") << "svg";
  writeResultsDir(d.string(), {{"risk.json", "2\n"}}, "risk");
  CHECK(slurp(d / "risk.json") == "2\n");
  CHECK(!fs::exists(d / "figure.png"));  // the old figure went with the old results
  std::ofstream(d / "figure.pdf") << "mine";  // not the script's
  CHECK_THAT(refusal([&] { writeResultsDir(d.string(), {{"risk.json", "3\n"}}, "risk"); }),
             Catch::Contains("'figure.pdf'"));
  fs::remove_all(root);
}
