#include "experiments/book_io.h"

#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/errors.h"
#include "support/markets.h"
#include "core/risk_engine.h"
#include "core/scenario_json.h"

using namespace mutualab;

namespace {
MarketDef twoAssets() { return testing::twoAssetMarket(); }

std::string refusal(const std::string& csv) {
  try {
    parseBookCsv(csv, "book.csv", twoAssets());
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::string jsonRefusal(const std::string& text) {
  try {
    parseBookJson(parseJsonText(text, "book.json"), twoAssets());
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("book io: CSV and JSON round trip every field exactly", "[risk]") {
  RiskBook b;
  b.assetNames = {"ETH", "BTC"};
  // The put's cover strike is its strike less its collateral per unit, as a run writes it.
  b.add({OptionKind::Put, 0, 1812.3456789, 17, 0.5517, 181.1, 3, 0, 1812.3456789 - 181.1 / 0.5517, 0.85, 300.25, 2013.7, 0.7321});
  b.add({OptionKind::Call, 1, 44000, 1, 0.025, 100, 12, 1, 48000, 1, 200, 40100.5, 0.51});
  b.capital = BookCapital{12.5, 3000.25, 77};
  b.pools = {PoolCapital{"eth", 10, 1000.25}, PoolCapital{"btc", 2.5, 2000}};
  const RiskBook c = parseBookCsv(bookCsv(b), "book.csv", twoAssets());
  const RiskBook j = parseBookJson(bookJson(b, nullptr, 365), twoAssets());
  for (const RiskBook* r : {&c, &j}) {
    REQUIRE(r->size() == 2);
    CHECK(r->kind == b.kind);
    CHECK(r->asset == b.asset);
    CHECK(r->writer == b.writer);
    CHECK(r->pool == b.pool);
    CHECK(r->strike == b.strike);
    CHECK(r->expiryDays == b.expiryDays);
    CHECK(r->units == b.units);
    CHECK(r->collateral == b.collateral);
    CHECK(r->coverStrike == b.coverStrike);
    CHECK(r->coverShare == b.coverShare);
    CHECK(r->maxCover == b.maxCover);
    CHECK(r->spot == b.spot);
    CHECK(r->volAnnual == b.volAnnual);
  }
  // The capital behind the book travels in JSON only.
  CHECK(j.capital.insuranceFund == 12.5);
  CHECK(j.capital.poolCapital == 3000.25);
  CHECK(j.capital.backstop == 77);
  REQUIRE(j.pools.size() == 2);
  CHECK(j.pools[1].name == "btc");
  CHECK(j.pools[1].insuranceFund == 2.5);
  CHECK(j.pools[0].poolCapital == 1000.25);
}

TEST_CASE("book io: a CSV book's cells may be quoted, and an asset name with a comma round-trips", "[risk]") {
  // As a spreadsheet that quotes every text cell saves it.
  const RiskBook b = parseBookCsv("\"kind\",\"asset\",strike,expiry_days,units,collateral,writer\n\"put\",\"BTC\",\"36000\",10,0.5,2000,4\n",
                                  "b.csv", twoAssets());
  REQUIRE(b.size() == 1);
  CHECK(b.kind[0] == static_cast<std::uint8_t>(OptionKind::Put));
  CHECK(b.asset[0] == 1);
  CHECK(b.strike[0] == 36000);

  MarketDef m = twoAssets();
  m.assets[0].name = "ETH, \"staked\"";
  RiskBook w;
  w.assetNames = {m.assets[0].name, m.assets[1].name};
  w.add({OptionKind::Call, 0, 2100, 7, 1.5, 75, 2, 0, 2150, 1, 0, 2000, 0.8});
  const std::string csv = bookCsv(w);
  CHECK(csv.find(",\"ETH, \"\"staked\"\"\",") != std::string::npos);
  const RiskBook r = parseBookCsv(csv, "b.csv", m);
  REQUIRE(r.size() == 1);
  CHECK(r.asset[0] == 0);
  CHECK(r.strike[0] == 2100);

  CHECK(refusal("kind,asset,strike,expiry_days,units,collateral,writer\nput,\"ETH,1800,10,1,100,1\n") ==
        "book.csv:2:5: a quoted cell must close its quote on the same line; the quote opened here has no closing quote");
}

TEST_CASE("book io: optional CSV columns default from the position and the market", "[risk]") {
  const RiskBook b = parseBookCsv("kind,asset,strike,expiry_days,units,collateral,writer\nput,BTC,36000,10,0.5,2000,4\n",
                                  "b.csv", twoAssets());
  REQUIRE(b.size() == 1);
  CHECK(b.coverStrike[0] == 32000);  // strike - collateral / units
  CHECK(b.spot[0] == 40000);
  CHECK(b.volAnnual[0] == 0.5);
  CHECK(b.coverShare[0] == 1);
  CHECK(b.maxCover[0] == 0);
}

TEST_CASE("book io: bad cells are refused with file:line:column, the field, what was expected and found", "[risk]") {
  const std::string head = "kind,asset,strike,expiry_days,units,collateral,writer\n";
  CHECK(refusal(head + "put,ETH,1800,10,1,100,1\nput,SOL,1800,10,1,100,1\n") ==
        "book.csv:3:5: asset: expected one of the market's assets (ETH, BTC), got 'SOL'");
  CHECK(refusal(head + "put,ETH,1800,10,-2,100,1\n") ==
        "book.csv:2:17: units: expected a number >= 0 and <= 1e+12 (quantity of the underlying written; positions are short), got -2");
  CHECK(refusal(head + "straddle,ETH,1800,10,1,100,1\n") == "book.csv:2:1: kind: expected put or call, got 'straddle'");
  CHECK(refusal(head + "put,ETH,abc,10,1,100,1\n") == "book.csv:2:9: strike: expected a decimal number (currency), got 'abc'");
  // strtod's other syntaxes are not numbers here.
  CHECK(refusal(head + "put,ETH,0x10,10,1,100,1\n") == "book.csv:2:9: strike: expected a decimal number (currency), got '0x10'");
  CHECK(refusal(head + "put,ETH, 1800,10,1,100,1\n") == "book.csv:2:9: strike: expected a decimal number (currency), got ' 1800'");
  // A long or binary cell is shown short and escaped.
  CHECK(refusal(head + "put," + std::string(100000, 'Z') + ",1800,10,1,100,1\n") ==
        "book.csv:2:5: asset: expected one of the market's assets (ETH, BTC), got '" + std::string(60, 'Z') +
            "' (100000 bytes; the first 60 shown)");
  // A pool index a scenario cannot have (it would size per-pool tables).
  CHECK(refusal("kind,asset,strike,expiry_days,units,collateral,writer,pool\nput,ETH,1800,10,1,100,1,2000000000\n") ==
        "book.csv:2:25: pool: expected a pool index from 0 to 31 (a scenario has at most 32 pools), got '2000000000'");
  CHECK(jsonRefusal(R"({"positions": [{"kind": "put", "asset": "ETH", "strike": 1800, "expiryDays": 10, "units": 1,
                      "collateral": 0, "writer": 1, "pool": 32}]})") ==
        "/positions/0/pool: expected a pool index from 0 to 31 (a scenario has at most 32 pools), got 32");
  CHECK(refusal(head + "put,E\x1b[31mH,1800,10,1,100,1\n") ==
        "book.csv:2:5: asset: expected one of the market's assets (ETH, BTC), got 'E\\x1b[31mH'");
  // A spreadsheet's byte order mark is not part of the first column's name; a header alone is no book.
  CHECK(refusal("\xEF\xBB\xBF" + head) == "book.csv: expected at least one position after the header row, got none: nothing to measure");
  CHECK(refusal(head + "put,ETH,1800,10,1,100\n") == "book.csv:2:1: row: expected 7 cells (as the header), got 6");
  CHECK(refusal("kind,asset,strike,units,collateral,writer\n") ==
        "book.csv:1:1: header: expected a column 'expiry_days', got none");
  CHECK(jsonRefusal(R"({"positions": [{"kind": "put", "asset": "ETH", "strike": 1800, "expiryDays": 10, "units": -1,
                     "collateral": 0, "writer": 1}]})") ==
        "/positions/0/units: expected a number >= 0 and <= 1e+12 (quantity of the underlying written; positions are short), got -1");
  CHECK(jsonRefusal(R"({"positions": [{"kind": "put", "asset": "DOGE", "strike": 1800, "expiryDays": 10, "units": 1,
                     "collateral": 0, "writer": 1}]})") ==
        "/positions/0/asset: expected one of the market's assets (ETH, BTC), got 'DOGE'");
  // A cover strike that is not where the collateral runs out is a claim the writer never sold.
  const std::string withCover = "kind,asset,strike,expiry_days,units,collateral,writer,cover_strike\n";
  CHECK(refusal(withCover + "put,ETH,1800,30,1,0,1,2500\n") ==
        "book.csv:2:23: cover_strike: expected strike - collateral / units = 1800 (where the pool's cover starts: the "
        "writer's collateral pays the first 0 a unit; leave it out to have it computed), got 2500");
  CHECK(refusal(withCover + "call,ETH,2200,30,1,500,1,1000\n") ==
        "book.csv:2:26: cover_strike: expected strike + collateral / units = 2700 (where the pool's cover starts: the "
        "writer's collateral pays the first 500 a unit; leave it out to have it computed), got 1000");
  CHECK(jsonRefusal(R"({"positions": [{"kind": "put", "asset": "ETH", "strike": 1800, "expiryDays": 10, "units": 2,
                     "collateral": 200, "writer": 1, "coverStrike": 1750}]})") ==
        "/positions/0/coverStrike: expected strike - collateral / units = 1700 (where the pool's cover starts: the "
        "writer's collateral pays the first 100 a unit; leave it out to have it computed), got 1750");
  // Where they agree (a run's books, its collateral rounded to micro-units), it is taken as given.
  CHECK(refusal(withCover + "put,ETH,1800,30,2,200.0000001,1,1700\n").empty());
}

TEST_CASE("book io: extreme but valid books stay finite in the engine (fuzz findings)", "[risk]") {
  // A dust quantity makes collateral per unit overflow (the call's cover strike
  // would be inf), and a tiny cover share makes the cap's strike overflow.
  const RiskBook b = parseBookJson(nlohmann::json::parse(R"({"positions": [
      {"kind": "call", "asset": "ETH", "strike": 1e-9, "expiryDays": 2, "units": 5e-324, "collateral": 1, "writer": 1,
       "spot": 5e-324, "volAnnual": 1e-300},
      {"kind": "call", "asset": "ETH", "strike": 2, "expiryDays": 2, "units": 2, "collateral": 10, "writer": 1,
       "coverShare": 1e-300, "maxCover": 1e12}]})"),
                                   twoAssets());
  CHECK(b.coverStrike[0] == 1e15);
  RiskDef def;
  def.samples = 200;
  def.levels = {0.9};
  validateRiskDef(def, b);
  const RiskEngine engine(b, twoAssets(), def);
  CHECK(std::isfinite(engine.valueNow()));
  RiskWorkspace ws = engine.workspace();
  std::vector<double> losses(200);
  engine.blockLosses(0, ws, losses.data());
  for (double x : losses) CHECK(std::isfinite(x));
  std::vector<double> obligations;
  CHECK(std::isfinite(engine.stressed(StressScenario::uniform("", 2, 0.4, 2.5), ws, obligations)));
}

TEST_CASE("book io: a JSON book's pools agree with its positions and its totals", "[risk]") {
  const std::string pos = R"({"kind": "put", "asset": "ETH", "strike": 1800, "expiryDays": 10, "units": 1, "collateral": 0, "writer": 1)";
  CHECK(jsonRefusal(R"({"positions": [)" + pos + R"(, "pool": 3}], "capital": {"pools": [{"name": "a"}]}})") ==
        "/positions/0/pool: expected a pool index below 1 (capital.pools lists that many), got 3");
  CHECK(jsonRefusal(R"({"positions": [)" + pos + R"(}], "capital": {"pools": [{"name": "a"}, {"name": "a"}]}})") ==
        "/capital/pools/1/name: expected a name no other pool has, got 'a', the name of pool 0 too");
  // Named as a scenario's pools are: risk prints the name, so no control bytes reach a terminal.
  CHECK(jsonRefusal(R"({"positions": [)" + pos + R"(}], "capital": {"pools": [{"name": "sol\u001b[31m"}]}})") ==
        "/capital/pools/0/name: a pool's name may hold only letters, digits, '-' and '_' (series columns are named "
        "pool.metric), got \"sol\\u001b[31m\"");
  CHECK(jsonRefusal(R"({"positions": [)" + pos + R"(}], "capital": {"pools": [{"name": ""}]}})") ==
        "/capital/pools/0/name: a pool's name must be 1 to 40 characters, got 0");
  CHECK(jsonRefusal(R"({"positions": [)" + pos + R"(}], "capital": {"insuranceFund": 10,
                     "pools": [{"name": "a", "insuranceFund": 3}, {"name": "b", "insuranceFund": 4}]}})") ==
        "/capital/insuranceFund: expected the pools' sum, 7 (capital.pools), got 10");
  // Left out, the totals are the pools' sums.
  const RiskBook b = parseBookJson(nlohmann::json::parse(R"({"positions": [)" + pos + R"(}], "capital": {"pools": [
      {"name": "a", "insuranceFund": 3, "poolCapital": 100}, {"name": "b", "insuranceFund": 4, "poolCapital": 50}]}})"),
                                   twoAssets());
  CHECK(b.capital.insuranceFund == 7);
  CHECK(b.capital.poolCapital == 150);
}
