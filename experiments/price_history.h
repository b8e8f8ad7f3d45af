// mutualab risk --history FILE: the price history whose H-day moves the
// historical simulation applies to today's book (core/historical_sim.h).
// The file is a price path as market/pricePath/file reads it
// (experiments/price_path_csv.h: time,asset,price, time in days from the
// history's start, every asset of the market from day 0 on), so the file
// that drives a run can also measure a book.
#pragma once

#include <string>
#include <vector>

#include "core/scenario.h"

namespace mutualab {

// Reads and checks the history at `path` against `market`'s assets: it must
// give at least two windows of `horizonDays` days and, at every level, at
// least one window beyond VaR (ES averages them). Throws InputError("--history",
// "FILE ...") saying what to change.
PricePathDef readPriceHistory(const std::string& path, const MarketDef& market, int horizonDays,
                              const std::vector<double>& levels);

// The checks above, on a history already read (the file's name `file` in messages).
void checkPriceHistory(const PricePathDef& history, const std::string& file, int horizonDays,
                       const std::vector<double>& levels);

}  // namespace mutualab
