#include "web/metric_labels.h"

#include <cmath>
#include <cstdio>

#include "web/number_format.h"

namespace mutualab::web {

std::string formatValue(double v, ValueKind kind) {
  switch (kind) {
    case ValueKind::Share: return percentOfShare(v);
    case ValueKind::Money: return money(v);
    case ValueKind::Step: {
      if (!std::isfinite(v)) return compactNumber(v);
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.0f", v);  // step 1234, never "1.23 k"
      return buf;
    }
    case ValueKind::Plain: break;
  }
  return compactNumber(v);
}

}  // namespace mutualab::web
