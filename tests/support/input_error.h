// Requires that a call is refused with an InputError at exactly a JSON path,
// with a message that names what to fix.
#pragma once

#include <string>

#include <catch2/catch.hpp>

#include "core/errors.h"

namespace mutualab::testing {

// Runs `f` and requires an InputError at exactly `path` whose message
// contains `part`.
template <class F>
void requireInputError(F&& f, const std::string& path, const std::string& part) {
  try {
    f();
  } catch (const InputError& e) {
    INFO("message: " << e.what());
    CHECK(e.path() == path);
    CHECK_THAT(std::string(e.what()), Catch::Contains(part));
    return;
  }
  FAIL("no InputError thrown; expected one at '" << path << "' containing '" << part << "'");
}

}  // namespace mutualab::testing
