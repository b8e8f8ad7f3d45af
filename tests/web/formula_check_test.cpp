// The playground's formula box checks what is typed as the loader would.
#include <catch2/catch.hpp>

#include "web/formula_check.h"

using namespace mutualab;
using namespace mutualab::web;

TEST_CASE("the formula box names the problem in a few words, or none", "[web][formula]") {
  const nlohmann::json params = {{"k", 20.0}};
  CHECK(formulaProblem(params, "1.6 * expected_cover").empty());
  CHECK(formulaProblem(params, "1.6 * expected_cove") ==
        "unknown name 'expected_cove' (did you mean 'expected_cover'?) at character 7 of \"1.6 * expected_cove\"");
  CHECK(formulaProblem(params, "(notional") == "Missing parenthesis at the end of \"(notional\"");
  CHECK(formulaProblem(params, "notional = 2").find("an assignment") == 0);
  CHECK(formulaProblem({{"k", -1}}, "Z").find("k: ") == 0);
}
