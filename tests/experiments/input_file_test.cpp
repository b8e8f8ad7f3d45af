// What a user names as input is read only when it is a regular file (or -),
// and only up to kMaxInputBytes: no hang on a FIFO, no endless read of
// /dev/zero, a clear word for a directory.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

#include "core/errors.h"
#include "experiments/input_file.h"
#include "experiments/load_scenario.h"

using namespace mutualab;
namespace fs = std::filesystem;

namespace {
std::string refusal(const std::string& path) {
  try {
    readInputFile(path, "scenario file", "SCENARIO");
  } catch (const InputError& e) {
    CHECK(e.path() == "SCENARIO");
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("inputs must be regular files of bounded size", "[input][bad-input]") {
  const fs::path d = fs::temp_directory_path() / "mutualab_input_file";
  fs::remove_all(d);
  fs::create_directories(d);
  CHECK_THAT(refusal(d.string()), Catch::Contains("is a directory"));
  CHECK_THAT(refusal("/dev/zero"), Catch::Contains("not a regular file"));
  REQUIRE(::mkfifo((d / "fifo").c_str(), 0600) == 0);
  CHECK_THAT(refusal((d / "fifo").string()), Catch::Contains("not a regular file"));  // returns at once: no writer needed
  CHECK_THAT(refusal((d / "missing.json").string()), Catch::Contains("No such file"));
  {
    std::ofstream big(d / "big.json");
  }
  fs::resize_file(d / "big.json", kMaxInputBytes + 1);  // sparse: costs no disk
  CHECK_THAT(refusal((d / "big.json").string()), Catch::Contains("16 MiB"));
  std::ofstream(d / "ok.json") << "{}";
  CHECK(readInputFile((d / "ok.json").string(), "scenario file", "SCENARIO") == "{}");
  // Through the scenario loader, and from inside a spec (no stdin there).
  CHECK_THROWS_WITH(loadScenario(d.string()), Catch::Contains("is a directory"));
  CHECK_THROWS_WITH(loadScenario("-", {}, "/scenario", false), Catch::Contains("standard input"));
  fs::remove_all(d);
}
