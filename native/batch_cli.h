// What `mutualab sweep` and `mutualab tournament` share: their options, the
// progress line with an estimate of time left, and turning a write failure
// into the bad-input error it is.
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "core/errors.h"
#include "native/cli_validators.h"

namespace mutualab::cli {

struct BatchArgs {
  std::string spec, out;
  int threads = 0;
  bool resume = false, quiet = false, noPlot = false;
  std::string series = "none";  // --series: none | auto | csv | gz
};

inline void addBatchOptions(CLI::App* cmd, BatchArgs& a, const char* specHelp, const char* outHelp) {
  cmd->add_option("SPEC", a.spec, specHelp)->required();
  cmd->add_option("--out", a.out, outHelp)->check(kNonEmpty);
  cmd->add_option("--threads", a.threads, "worker threads (0 = all cores); results do not depend on it")->capture_default_str();
  cmd->add_flag("--resume", a.resume, "keep cells already finished in the output directory and run the rest");
  cmd->add_flag("--quiet", a.quiet, "print nothing on success");
  cmd->add_option("--series", a.series,
                  "also write each cell's per-replication, per-step series (long form, as `mutualab run`'s "
                  "series.csv) to DIR/series/cell-NNNNN.csv: auto (gzip when the whole batch's series exceed 2 "
                  "million values), csv, gz, or none")
      ->capture_default_str();
  cmd->add_flag("--no-plot", a.noPlot, "do not draw DIR/figure.png and .svg (experiments/plot_batch.py, matplotlib)");
}

// A progress line on stderr (only when `show`): cells done, resumed, elapsed, time left.
inline std::function<void(int, int, int)> batchProgress(std::chrono::steady_clock::time_point start, bool show) {
  return [start, show](int done, int total, int skipped) {
    if (!show) return;
    const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const int ran = done - skipped;
    const double eta = ran > 0 ? el / ran * (total - done) : 0.0;
    std::fprintf(stderr, "\r  cells %d/%d (%d resumed)  %3.0f%%  elapsed %.1fs  eta %.1fs   ", done, total, skipped,
                 100.0 * done / total, el, eta);
    if (done == total) std::fprintf(stderr, "\n");
  };
}

// Notes that do not stop the run (a damaged cell file that --resume runs again), on stderr.
inline std::function<void(const std::string&)> batchWarning(bool quiet) {
  return [quiet](const std::string& message) {
    if (!quiet) std::fprintf(stderr, "note: %s\n", message.c_str());
  };
}

inline bool showProgress(const BatchArgs& a, int rank) { return !a.quiet && ::isatty(2) && rank == 0; }

// Runs `body`; a filesystem failure there means the output directory is unusable: bad input (exit 2).
template <typename Body>
auto writingTo(Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const InputError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw InputError("--out", e.what());
  }
}

}  // namespace mutualab::cli
