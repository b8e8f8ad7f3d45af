#include "native/plot.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

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
  // The script's errors go to a file of our own, so the note can say why it failed.
  char errPath[] = "/tmp/mutualab-plot-XXXXXX";
  const int fd = ::mkstemp(errPath);
  if (fd >= 0) ::close(fd);
  const std::string errTo = fd >= 0 ? quoted(errPath) : std::string("/dev/null");
  if (fs::exists(script))
    rc = std::system((python + " " + quoted(script.string()) + " " + quoted(dir) + " > /dev/null 2> " + errTo).c_str());
  std::string why = fs::exists(script) ? python + " failed" : "experiments/" + std::string(scriptName) + " is missing";
  if (fd >= 0) {
    std::ifstream in(errPath);
    std::string line, last;
    bool noMatplotlib = false;
    while (std::getline(in, line)) {
      if (line.find("No module named 'matplotlib'") != std::string::npos) noMatplotlib = true;
      if (!line.empty()) last = line;
    }
    std::error_code ignored;
    fs::remove(errPath, ignored);
    if (noMatplotlib) why = "needs python3-matplotlib";
    else if (!last.empty()) why = last.size() > 200 ? last.substr(0, 200) + "..." : last;
  }
  if (rc == 0) {
    if (!quiet) {
      std::printf("  figure: %s/figure.png  %s/figure.svg", dir.c_str(), dir.c_str());
      // A sweep with a baseline: its paired differences too (plot_batch.py).
      if (fs::exists(fs::path(dir) / "paired.png")) std::printf("  %s/paired.png  %s/paired.svg", dir.c_str(), dir.c_str());
      std::printf("\n");
    }
    return true;
  }
  if (!quiet)
    std::printf("  note: no figure drawn (%s); draw it with: python3 experiments/%s %s\n", why.c_str(), scriptName,
                dir.c_str());
  return false;
}
}  // namespace

bool drawBatchFigure(const std::string& dir, bool quiet) { return drawWith("plot_batch.py", dir, quiet); }
bool drawRiskFigure(const std::string& dir, bool quiet) { return drawWith("plot_risk.py", dir, quiet); }
bool drawBacktestFigure(const std::string& dir, bool quiet) { return drawWith("plot_backtest.py", dir, quiet); }

}  // namespace mutualab::cli
