// Backtesting the risk engine against the simulation: on each date of a
// run, the pool's open book is taken (as run --book-at takes it), the
// engine forecasts its VaR and ES over the horizon from that date's
// regime, and the loss the book realized over the horizon on the run's own
// market (core/book_realized.h) is set against it; core/var_backtest.h
// tests the exceptions. The market model the engine simulates is the one
// the run draws from, so a correct engine is exceeded at its level's rate:
// this holds the engine to the simulation, and a scenario's scheduled
// shock, or prices from data, show what the model does not foresee.
//
// Each date's engine draws from its own stream (seed, replication, date),
// and dates are measured on any number of threads, each into its own
// row: --threads never changes a bit.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/scenario.h"
#include "core/var_backtest.h"

namespace mutualab {

struct BacktestDef {
  int horizonDays = 1;                         // H, days
  std::vector<double> levels = {0.99, 0.975};  // VaR and ES levels, each in (0, 1)
  long long samples = 20000;                   // Monte Carlo samples per date
  int from = 1;                                // first date: the step after which the first book is taken
  int every = 0;                               // steps between dates; 0: the horizon (no overlap)
  int everySteps() const { return every > 0 ? every : horizonDays; }
  int reps = 1;                                // replications 0 .. reps - 1, each its own world and dates
  std::uint64_t seed = 1;                      // the run's seed (worlds and engines)
  int pool = -1;                               // one pool's positions (its index), or -1: every pool's together
};

// One date: the forecast made after step `step` of replication `rep`, and what followed.
struct BacktestRow {
  int rep = 0, step = 0;
  double day = 0;
  bool stressed = false;  // the market's regime on the date
  int positions = 0;
  double valueNow = 0;       // V(0), currency
  double meanLoss = 0;       // the forecast's mean loss
  std::vector<double> var, es;  // by level
  double valueAfter = 0;     // realized V(H)
  double realized = 0;       // realized loss V(H) - V(0)
};

struct BacktestResult {
  std::vector<BacktestRow> rows;       // dates with positions, by replication then step
  std::vector<BacktestLevel> levels;   // the tests, by level
  int datesWithoutPositions = 0;       // dates whose book was empty (nothing to forecast)
  int datesExpiringWithin = 0;         // dates whose every position expired within the horizon (the engine refuses those)
  double repricings = 0;               // samples x options, summed over the dates
  // Overlapping horizons (--every below the horizon) make neighbouring
  // dates' exceptions share days, and every test above assumes independent
  // dates: the tests then use every testStride-th date of each replication,
  // whose horizons do not overlap (1: every date). The exceptions on all
  // dates, by level, are kept for what they show.
  int testStride = 1;
  std::vector<int> exceptionsAllDates;
};

struct BacktestOptions {
  int threads = 1;
  std::function<void(int done, int total)> progress;  // after each date's forecast (serialized)
  const std::atomic<bool>* cancel = nullptr;            // polled between dates: throws Cancelled
};

// Throws InputError naming the option of the first bad value: --horizon-days,
// --levels, --samples, --from, --every, --reps, --pool, or the scenario's
// sim/stepDays, which must be 1.
void validateBacktest(const ScenarioDef& def, const BacktestDef& b);

// A pool of the scenario by its name, or its index where no pool has that
// name; throws InputError(option) listing them.
int backtestPool(const ScenarioDef& def, const std::string& given, const std::string& option);

// Validates as above, and after the worlds run (they are quick) throws
// InputError("--samples") when the forecasts' work would exceed the
// engine's limit (core/risk_engine.h), before any forecast runs.
BacktestResult runBacktest(const ScenarioDef& def, const BacktestDef& b, const BacktestOptions& opt);

// What backtest.json says was run: the scenario (its source, `set` its
// overrides), seed, replications, pool, horizon, dates and samples, and
// notes on a data path and a scheduled shock.
nlohmann::json backtestContext(const ScenarioDef& def, const std::string& source, const BacktestDef& b,
                               const std::vector<std::string>& set);

// backtest.csv (a row per date) and backtest.json (context, the tests per
// level); `context` goes into the JSON as is.
std::vector<std::pair<std::string, std::string>> backtestFiles(const BacktestDef& b, const BacktestResult& r,
                                                               const nlohmann::json& context);

}  // namespace mutualab
