// The presets' descriptions serve a class (the playground's Scenario tab) and
// the command line (`mutualab presets`): what only the command line can do
// comes last, after " Command line: ", and the playground leaves it out.
#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "experiments/presets.h"

using namespace mutualab;

TEST_CASE("a preset's classroom text is its description before the command line's part", "[presets]") {
  CHECK(presetClassroomText("Safe writers leave. Command line: --set pool/exitFee=0.05") == "Safe writers leave.");
  CHECK(presetClassroomText("Safe writers leave") == "Safe writers leave");
  CHECK(presetClassroomText("").empty());
}

TEST_CASE("what the playground shows of a preset's description names no command-line switch or file", "[presets]") {
  // --set, a scenario path with a value (pool/exitFee=0.05), a file of experiments/.
  const std::regex cli(R"(--|\.json|experiments/|[a-zA-Z]+/[a-zA-Z/0-9]+=)");
  for (const auto& p : embeddedPresets()) {
    const std::string d = nlohmann::json::parse(p.json).value("description", std::string());
    INFO(p.name << ": " << d);
    CHECK(!d.empty());
    CHECK_FALSE(std::regex_search(std::string(presetClassroomText(d)), cli));
  }
}
