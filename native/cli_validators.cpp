#include "native/cli_validators.h"

#include <cmath>
#include <algorithm>
#include <cstdlib>
#include <string>
#include <thread>

#include "core/errors.h"
#include "core/format_number.h"

namespace mutualab::cli {

long long wholeCount(double v, const char* option, double lo, double hi) {
  if (!std::isfinite(v) || v != std::floor(v) || v < lo || v > hi)
    throw InputError(option, "expected a whole number in [" + shortestNumber(lo) + ", " + shortestNumber(hi) + "], got " +
                                 shortestNumber(v));
  return static_cast<long long>(v);
}

std::vector<std::string> listItems(const std::vector<std::string>& given, const char* option, const char* expected) {
  std::vector<std::string> items;
  for (const std::string& g : given) {
    size_t from = 0;
    for (;;) {
      const size_t comma = g.find(',', from);
      const std::string item = g.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
      if (item.empty())
        throw InputError(option, std::string("expected ") + expected + ", comma-separated, got an empty item in '" + g + "'");
      items.push_back(item);
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
  }
  return items;
}

std::vector<double> parseLevels(const std::vector<std::string>& given) {
  if (given.empty()) return {0.99, 0.975};
  std::vector<double> levels;
  for (const std::string& item : listItems(given, "--levels", "confidence levels in (0, 1) such as 0.99")) {
    char* end = nullptr;
    const double v = std::strtod(item.c_str(), &end);
    if (end != item.c_str() + item.size() || item.find_first_of("xX") != std::string::npos)
      throw InputError("--levels", "level " + std::to_string(levels.size() + 1) +
                                       ": expected a confidence level in (0, 1) such as 0.99, got '" + item + "'");
    levels.push_back(v);
  }
  return levels;
}

void checkThreads(int threads) {
  if (threads < 0 || threads > kMaxThreads)
    throw InputError("--threads", "must be in [0, " + std::to_string(kMaxThreads) + "] (0 = all cores; this machine has " +
                                      std::to_string(std::max(1u, std::thread::hardware_concurrency())) + "), got " +
                                      std::to_string(threads));
}

}  // namespace mutualab::cli
