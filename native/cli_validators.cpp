#include "native/cli_validators.h"

#include <cmath>

#include "core/errors.h"
#include "core/format_number.h"

namespace mutualab::cli {

long long wholeCount(double v, const char* option, double lo, double hi) {
  if (!std::isfinite(v) || v != std::floor(v) || v < lo || v > hi)
    throw InputError(option, "expected a whole number in [" + shortestNumber(lo) + ", " + shortestNumber(hi) + "], got " +
                                 shortestNumber(v));
  return static_cast<long long>(v);
}

}  // namespace mutualab::cli
