// The scenario parameter table as people read it (experiments/field_table.h):
// docs/scenario-reference.md's tables are generated from it and current, and
// every page section and listing covers every field.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "core/errors.h"
#include "experiments/field_table.h"

using namespace mutualab;

namespace {
std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("docs/scenario-reference.md's tables are the parameter table (mutualab fields --reference)", "[docs][fields]") {
  const std::string page = readFile(std::string(MUTUALAB_SOURCE_DIR) + "/docs/scenario-reference.md");
  REQUIRE(page.find("<!-- fields /sim -->") != std::string::npos);
  INFO("regenerate: build/release/mutualab fields --reference docs/scenario-reference.md > /tmp/ref.md && "
       "mv /tmp/ref.md docs/scenario-reference.md");
  CHECK(withFieldTables(page) == page);
  // Every field is in one of the page's tables (a new section needs a marker).
  for (const auto& f : scenarioFields()) {
    INFO(f.path);
    const std::string top = f.path.substr(0, f.path.find('/', 1));
    CHECK((page.find("<!-- fields " + top + " ") != std::string::npos ||
           page.find(" " + top + " -->") != std::string::npos || page.find(" " + top + " ") != std::string::npos ||
           page.find("`" + f.path + "`") != std::string::npos));
  }
}

TEST_CASE("a markdown table row says the field's type, default, unit, meaning and range", "[docs][fields]") {
  const std::string md = fieldsMarkdown({"/sim"});
  CHECK_THAT(md, Catch::Contains("| `/sim/steps` | int | `365` | steps | **horizon**: length of the run T | [1, 100000] |"));
  CHECK_THAT(md, Catch::StartsWith("| JSON path | Type | Default | Unit | Meaning | Allowed |"));
  // The pools entries' copies of the pool's terms are one row, naming what a pool entry lacks.
  const std::string pools = fieldsMarkdown({"/pools"});
  CHECK(pools.find("`/pools/i/exitFee`") == std::string::npos);
  CHECK_THAT(pools, Catch::Contains("| `/pools/i/...` |") && Catch::Contains("`siloCollateralRatio`, `backstopCapital`"));
  CHECK_THAT(pools, Catch::Contains("`/pools/i/lpShare`"));
}

TEST_CASE("generated tables replace only what lies between their markers", "[docs][fields]") {
  const std::string page = "# Title\n\ntext\n<!-- fields /shock -->\nstale\n<!-- end fields -->\nafter\n";
  const std::string out = withFieldTables(page);
  CHECK_THAT(out, Catch::StartsWith("# Title\n\ntext\n<!-- fields /shock -->\n| JSON path"));
  CHECK_THAT(out, Catch::EndsWith("<!-- end fields -->\nafter\n"));
  CHECK(out.find("stale") == std::string::npos);
  CHECK(withFieldTables(out) == out);
  CHECK_THROWS_AS(withFieldTables("<!-- fields /shock -->\nno end\n"), InputError);
  CHECK_THROWS_AS(withFieldTables("<!-- fields /nosuch -->\n<!-- end fields -->\n"), InputError);
}

TEST_CASE("the listing wraps each field's meaning under its path, type, default and unit", "[fields]") {
  const std::string text = fieldsListing(fieldsUnder("pool/exitFee"), 60);
  CHECK_THAT(text, Catch::StartsWith("pool/exitFee  (number, default 0.0, of withdrawal)\n    exit fee: "));
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) CHECK(line.size() <= 60);
  CHECK(fieldsUnder("pool/exitFee").size() == 1);
  CHECK(fieldsUnder("/writers/theta/").size() == 2);
  CHECK(fieldsUnder("").size() == scenarioFields().size());
  CHECK(fieldsUnder("pool/exit").empty());  // a prefix is whole path segments
}

TEST_CASE("the reference's registry sections are each entry's param table", "[docs][fields]") {
  const std::string fees = registryParamsMarkdown("fee-rules");
  CHECK_THAT(fees, Catch::Contains("**`credibility`**: ") && Catch::Contains("| `k` | number | `20.0` |"));
  CHECK_THAT(registryParamsMarkdown("learners"), Catch::Contains("**`q-learning`**"));
  CHECK_THAT(registryParamsMarkdown("writer-strategies"), Catch::Contains("**`expected-utility`**"));
  CHECK_THROWS_AS(registryParamsMarkdown("nosuch"), InputError);
  const std::string page = withFieldTables("<!-- params lp-strategies -->\n<!-- end params -->\n");
  CHECK_THAT(page, Catch::Contains("**`yield-chaser`**") && Catch::EndsWith("<!-- end params -->\n"));
  CHECK(withFieldTables(page) == page);
}
