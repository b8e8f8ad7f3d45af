// Books on disk: the pool's open positions as CSV (one row per position,
// pandas-loadable) or JSON (the same rows, plus the capital behind them and
// the market they were booked in, so `mutualab risk book.json` needs nothing
// else). Reading checks every cell once, at the edge: a bad one is refused
// with where it is (file:line:column in CSV, the JSON pointer in JSON), which
// field, what was expected and what was found.
//
// CSV columns (units in docs/risk.md): position, kind (put|call), asset
// (a market asset's name), strike, expiry_days, units, collateral, writer,
// pool, cover_strike, cover_share, max_cover, spot, vol_annual. Required:
// kind, asset, strike, expiry_days, units, collateral, writer. Missing
// optional columns take: pool 0, cover_strike = strike -/+ collateral/units,
// cover_share 1, max_cover none (0), spot and vol_annual the market asset's.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/book.h"
#include "core/scenario.h"

namespace mutualab {

std::string bookCsv(const RiskBook& book);
// marketJson: the scenario's "market" object (written under "market");
// daysPerYear: the scenario's annualization; shockJson: the scenario's
// "shock" when it has one (null otherwise), which `mutualab risk` stresses
// the book with.
nlohmann::json bookJson(const RiskBook& book, const nlohmann::json& marketJson, double daysPerYear,
                        const nlohmann::json& shockJson = nullptr);

// Reads a .csv or .json book (by its extension; JSON also when the text
// starts with '{'), resolving asset names against `market`. Throws InputError.
// The market's asset names, comma-separated: what an unknown asset is told to be one of.
std::string assetList(const MarketDef& m);

RiskBook readBook(const std::string& path, const MarketDef& market);
RiskBook parseBookCsv(const std::string& text, const std::string& sourceName, const MarketDef& market);
RiskBook parseBookJson(const nlohmann::json& j, const MarketDef& market);

// The "market", "daysPerYear" and "shock" a JSON book carries, those it
// has (null when it has none).
nlohmann::json bookMarketJson(const std::string& path);

}  // namespace mutualab
