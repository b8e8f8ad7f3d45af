// Shortest text that reads back as the same double ("0.7", not "0.700000"),
// identical under libstdc++ and Emscripten's libc++ (whose std::to_chars has
// no floating-point overload): nlohmann_json's Grisu2 printer is used on
// both, and whole numbers print without a fraction ("3", not "3.0").
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

namespace mutualab {

inline std::string shortestNumber(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == std::floor(x) && std::fabs(x) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", x);
    return buf;
  }
  return nlohmann::json(x).dump();
}

}  // namespace mutualab
