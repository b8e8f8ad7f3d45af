// Ctrl-C (SIGINT) and SIGTERM during a long run, sweep, tournament or risk
// measure: the work stops at the next step (risk: block of samples) and the
// command exits 130 having written
// nothing of its results (a sweep's or tournament's finished cells stay,
// for --resume), instead of dying with its output folder half-made beside
// the target. A second signal ends the process at once.
#pragma once

#include <atomic>

namespace mutualab::cli {

// Installs the handlers (not under MPI, whose launcher owns the signals).
void installInterruptHandlers();
// Set once a signal came: what RunOptions, SweepOptions, TournamentOptions,
// RiskRunOptions and SolveOptions poll as `cancel`.
const std::atomic<bool>* interruptFlag();

}  // namespace mutualab::cli
