// Ctrl-C (SIGINT) and SIGTERM during a long run, sweep, tournament, risk
// measure or backtest: the work stops at the next step (risk: block of
// samples; backtest: date) and the
// command exits 130 having written
// nothing of its results (a sweep's or tournament's finished cells stay,
// for --resume), instead of dying with its output folder half-made beside
// the target. A second signal ends the process at once (one that comes
// within 250 ms of the first is taken as the same interrupt delivered twice).
#pragma once

#include <atomic>

namespace mutualab::cli {

// Installs the handlers (not under MPI, whose launcher owns the signals).
void installInterruptHandlers();
// Set once a signal came: what RunOptions, SweepOptions, TournamentOptions,
// RiskHooks and BacktestOptions poll as `cancel`.
const std::atomic<bool>* interruptFlag();

}  // namespace mutualab::cli
