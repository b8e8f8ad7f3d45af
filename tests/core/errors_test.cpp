#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "core/errors.h"

using namespace mutualab;

TEST_CASE("an input error's text shows control bytes from the input, where a NUL would have cut it short", "[errors][bad-input]") {
  const std::string key("a\0b", 3);
  const InputError e("/strategies/0/params/" + key, "unknown parameter '" + key + "'\x1b[31m");
  // what() is a C string: the whole text reaches it, the NUL and the escape byte as \u00XX.
  CHECK(std::string(e.what()) == "/strategies/0/params/a\\u0000b: unknown parameter 'a\\u0000b'\\u001b[31m");
  CHECK(std::strlen(e.what()) == std::string(e.what()).size());
  // The raw text is kept for re-throwing under another path.
  CHECK(e.path() == "/strategies/0/params/" + key);
  CHECK(e.message() == "unknown parameter '" + key + "'\x1b[31m");
  // Newlines and tabs are text a message may carry.
  CHECK(std::string(InputError("", "two\nlines\tand a tab").what()) == "two\nlines\tand a tab");
  CHECK(std::string(InputError("--x", "del \x7f").what()) == "--x: del \\u007f");
}
