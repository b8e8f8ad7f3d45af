// Option validators shared by the subcommands.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

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

// --threads: 0 (all cores) up to kMaxThreads, a bound no machine this runs
// on reaches (a typo's 100000 would start one thread per task, and the
// results would not change). Throws InputError("--threads").
inline constexpr int kMaxThreads = 1024;
void checkThreads(int threads);

// A count given as a number ("1e5" or "100000"): a whole number in [lo, hi].
// Throws InputError naming the option.
long long wholeCount(double v, const char* option, double lo, double hi);

// A comma-separated option's items, from every occurrence of it. An empty
// item ("0.99,", ",0.99" or "0.99,,0.975") is refused, not dropped: it is
// most often a value lost to a shell variable or a typo. `expected` says
// what an item is, for the error.
std::vector<std::string> listItems(const std::vector<std::string>& given, const char* option, const char* expected);

// --levels as risk and backtest take it: each a decimal number (the range
// is validateRiskDef's to check); none given: 0.99 and 0.975.
std::vector<double> parseLevels(const std::vector<std::string>& given);

}  // namespace mutualab::cli
