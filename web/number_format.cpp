#include "web/number_format.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace mutualab::web {

namespace {

// v rounded to three significant digits, so the suffix is chosen after
// rounding: 999.5 becomes 1000 and reads "1 k", not "1e+03".
double threeDigits(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return std::strtod(buf, nullptr);
}

}  // namespace

std::string compactNumber(double v) {
  if (std::isnan(v)) return "n/a";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  const double r = threeDigits(v), a = std::fabs(r);
  if (a == 0) return "0";  // also -0 and what rounds to it
  char buf[40];
  if (a < 1e-3 || a >= 1e12) {
    std::snprintf(buf, sizeof buf, "%.3g", r);
    return buf;
  }
  // "bn", not "G": a class reads G as gigabytes; k and M are read as money everywhere.
  static const struct {
    double scale;
    const char* suffix;
  } kSuffixes[] = {{1e9, " bn"}, {1e6, " M"}, {1e3, " k"}};
  for (const auto& s : kSuffixes)
    if (a >= s.scale) {
      // %g drops trailing zeros: 1.2e6 -> "1.2 M", 1e6 -> "1 M".
      std::snprintf(buf, sizeof buf, "%.3g%s", r / s.scale, s.suffix);
      return buf;
    }
  std::snprintf(buf, sizeof buf, "%.3g", r);
  return buf;
}

std::string percentValue(double percent) {
  if (std::isnan(percent)) return "n/a";
  char buf[40];
  // Whole percent from 1000 up (a loss ratio's 1234 %), never "1.23e+03 %".
  if (std::isfinite(percent) && std::fabs(percent) >= 999.5) std::snprintf(buf, sizeof buf, "%.0f %%", percent);
  else std::snprintf(buf, sizeof buf, "%s %%", compactNumber(percent).c_str());
  return buf;
}

std::string percentOfShare(double share) { return percentValue(share * 100.0); }

std::string navPerShare(double nav) {
  if (!std::isfinite(nav)) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", nav);
  return text;
}

}  // namespace mutualab::web
