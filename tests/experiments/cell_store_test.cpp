// The cell store of sweeps and tournaments deletes only its own files, and
// resumes only cells it can trust.
#include <catch2/catch.hpp>

#include "support/files.h"

#include <filesystem>
#include <fstream>

#include "experiments/cell_store.h"

using namespace mutualab;
namespace fs = std::filesystem;

namespace {
fs::path dir(const std::string& name) { return mutualab::testing::freshTempDir("mutualab_cells_" + name); }
using mutualab::testing::slurp;
bool anyResult(const nlohmann::json& r) { return r.contains("x") && r["x"].is_number(); }
}  // namespace

TEST_CASE("prepare removes only the store's files", "[cells]") {
  const fs::path d = dir("prepare");
  for (const char* n : {"cell-00000.json", "cell-00001.json.tmp.123", "notes.txt", "cell-x.json", "cell-00002.json.bak"})
    std::ofstream(d / n) << "x";
  const CellStore store(d);
  store.prepare(/*resume=*/true);  // only the killed run's temporary
  CHECK(fs::exists(d / "cell-00000.json"));
  CHECK(!fs::exists(d / "cell-00001.json.tmp.123"));
  store.prepare(/*resume=*/false);
  CHECK(!fs::exists(d / "cell-00000.json"));
  for (const char* n : {"notes.txt", "cell-x.json", "cell-00002.json.bak"}) CHECK(fs::exists(d / n));
  fs::remove_all(d);
}

TEST_CASE("a cell file without a valid result is run again, and says which file", "[cells][resume]") {
  const fs::path d = dir("load");
  const CellStore store(d);
  const nlohmann::json id = {{"spec_hash", "abc"}, {"cell", 0}};
  store.save(0, id, {{"x", 1.5}});
  std::string why;
  CHECK(store.load(0, id, anyResult, &why) == nlohmann::json{{"x", 1.5}});
  CHECK(why.empty());
  CHECK(store.load(0, {{"spec_hash", "other"}, {"cell", 0}}, anyResult, &why).is_null());  // another spec's: silent
  CHECK(why.empty());
  for (const char* text : {R"({"identity": {"spec_hash": "abc", "cell": 0}})",               // no result
                           R"({"identity": {"spec_hash": "abc", "cell": 0}, "result": {}})",  // empty
                           R"({"identity": {"spec_hash": "abc", "cell": 0}, "result": [1]})", // wrong type
                           R"({"identity": {"spec_hash": "abc", "cell": 0}, "result": {"x": "1"}})",
                           R"({"identity": {"spec_hash": "abc", "cell": 0}, "res)"}) {           // cut short
    std::ofstream(store.file(0)) << text;
    why.clear();
    CHECK(store.load(0, id, anyResult, &why).is_null());
    CHECK_THAT(why, Catch::Contains("cell-00000.json") && Catch::Contains("running that cell again"));
  }
  fs::remove_all(d);
}

TEST_CASE("contentHash is stable and tells specs apart", "[cells]") {
  CHECK(contentHash({{"a", 1}}) == contentHash(nlohmann::json::parse(R"({"a": 1})")));
  CHECK(contentHash({{"a", 1}}) != contentHash({{"a", 2}}));
  CHECK(contentHash({{"a", 1}}).size() == 16);
  CHECK(contentHash(nlohmann::json("")) == "07cc7607b4949e25");  // FNV-1a 64 of the two bytes '""', by hand
}
