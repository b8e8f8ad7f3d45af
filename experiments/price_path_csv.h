// Markets from data: a CSV price path (time, asset, price) read into a
// scenario's market.pricePath. The core reads no files; this is where a
// file's bytes (from disk, or from the playground's file picker) become the
// observations the market samples (core/market.h), checked row by row so a
// refusal names the file, its line and column, what was expected and what
// was found.
//
// The format, long form:
//   time,asset,price
//   0,ETH,2000
//   0,BTC,40000
//   1,ETH,1985.5
//   ...
// time is in days from the start of the run (the price at step t is each
// asset's last observation at or before day t x sim.stepDays); rows of
// several assets may interleave; blank lines are skipped; a cell may be
// quoted, as RFC 4180 quotes it (experiments/csv_row.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/scenario.h"

namespace mutualab {

// Where a refusal points: the field a user wrote.
inline constexpr const char* kPricePathFilePath = "/market/pricePath/file";

// Parses `text` (the file's bytes; `displayName` names it in messages)
// against scenario `s`: its market.assets names and its horizon
// (sim.steps x sim.stepDays). Returns the data path with file =
// displayName, rows, fnv1a64 (experiments/fnv1a.h: the data's identity in
// results, computed the same in the browser) and the observations per asset in
// market.assets' order. Throws InputError(kPricePathFilePath,
// "NAME line L, column C: expected ..., found ...") on a bad header, a row
// without exactly three fields, a non-numeric or non-finite time or price, a
// price <= 0, an asset not in market.assets, times not increasing per asset,
// no data rows, an asset of market.assets with no rows, a first observation
// after day 0, or a last one before the horizon.
PricePathDef parsePricePathCsv(std::string_view text, const std::string& displayName, const ScenarioDef& s);

// When s names a data file (market.pricePath.file) whose observations are
// not in the scenario yet, reads it (a relative path from `baseDir`, "" =
// the working folder) and fills them in; file keeps what the scenario says.
// Refusals are InputErrors at kPricePathFilePath.
void loadPricePathFile(ScenarioDef& s, const std::string& baseDir);

}  // namespace mutualab
