// The process's peak resident memory so far (the kernel's high-water mark,
// ru_maxrss), for the run line a user reads: how big a run really was, to
// size the next one against the machine.
#pragma once

#include <cstdio>
#include <string>

#include <sys/resource.h>

namespace mutualab {

inline double peakMemoryBytes() {
  rusage u{};
  if (getrusage(RUSAGE_SELF, &u) != 0) return 0;
  return static_cast<double>(u.ru_maxrss) * 1024.0;  // Linux reports kilobytes
}

// "96 MiB", "2.31 GiB": binary units, the units (not the digits) of the
// memory estimate that refuses oversized runs.
inline std::string formatBytes(double b) {
  char buf[32];
  if (b >= 1024.0 * 1024.0 * 1024.0) std::snprintf(buf, sizeof buf, "%.2f GiB", b / (1024.0 * 1024.0 * 1024.0));
  else std::snprintf(buf, sizeof buf, "%.0f MiB", b / (1024.0 * 1024.0));
  return buf;
}

}  // namespace mutualab
