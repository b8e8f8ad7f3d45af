// Option validators shared by the subcommands.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace mutualab::cli {

// An unsigned 64-bit integer, exactly: CLI11 alone would wrap "-3" around to
// 2^64 - 3 and saturate an overlong number.
inline const CLI::Validator kSeedValidator(
    [](std::string& s) {
      std::uint64_t v = 0;
      const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (!s.empty() && ec == std::errc() && end == s.data() + s.size()) return std::string();
      return "expected an integer in [0, 18446744073709551615], got '" + s + "'";
    },
    "");

// A value that may not be empty (a folder, a name): `--out ""` would
// otherwise read as the option left out and write to the default place.
inline const CLI::Validator kNonEmpty(
    [](std::string& s) { return s.empty() ? std::string("expected a value, got an empty one") : std::string(); }, "");

// A count given as a number ("1e5" or "100000"): a whole number in [lo, hi].
// Throws InputError naming the option.
long long wholeCount(double v, const char* option, double lo, double hi);

}  // namespace mutualab::cli
