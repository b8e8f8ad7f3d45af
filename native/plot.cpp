#include "native/plot.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace mutualab::cli {

namespace {
std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}
}  // namespace

namespace {
bool drawWith(const char* scriptName, const std::string& dir, bool quiet) {
  namespace fs = std::filesystem;
  const fs::path script = fs::path(MUTUALAB_SOURCE_DIR) / "experiments" / scriptName;
  // Debian's matplotlib lives with /usr/bin/python3 even when another python3 is first on PATH.
  const std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  int rc = -1;
  if (fs::exists(script)) rc = std::system((python + " " + quoted(script.string()) + " " + quoted(dir) + " > /dev/null 2>&1").c_str());
  if (rc == 0) {
    if (!quiet) std::printf("  figure: %s/figure.png  %s/figure.svg\n", dir.c_str(), dir.c_str());
    return true;
  }
  if (!quiet)
    std::printf("  note: no figure drawn (needs python3-matplotlib); draw it with: python3 experiments/%s %s\n",
                scriptName, dir.c_str());
  return false;
}
}  // namespace

bool drawBatchFigure(const std::string& dir, bool quiet) { return drawWith("plot_batch.py", dir, quiet); }
bool drawRiskFigure(const std::string& dir, bool quiet) { return drawWith("plot_risk.py", dir, quiet); }

}  // namespace mutualab::cli
