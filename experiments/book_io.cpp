#include "experiments/book_io.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string_view>

#include "core/errors.h"
#include "core/format_number.h"
#include "core/scenario_json.h"
#include "experiments/csv_row.h"
#include "experiments/input_file.h"

namespace mutualab {

namespace {

const char* kColumns[] = {"position", "kind",        "asset",       "strike",    "expiry_days", "units",    "collateral",
                          "writer",   "pool",        "cover_strike", "cover_share", "max_cover", "spot",     "vol_annual"};
const char* kRequired[] = {"kind", "asset", "strike", "expiry_days", "units", "collateral", "writer"};

}  // namespace

std::string assetList(const MarketDef& m) {
  std::string s;
  for (const AssetDef& a : m.assets) s += (s.empty() ? "" : ", ") + a.name;
  return s;
}

namespace {

// The length of the UTF-8 character that starts at text[i] (a lead byte
// above 0x7f), or 0 if the bytes there are not one (validUtf8's rules).
size_t utf8Length(const std::string& text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  return len > 0 && i + len <= text.size() && validUtf8(std::string_view(text).substr(i, len)) ? len : 0;
}

// A cell as an error message shows it: quoted, control bytes as \xNN, and
// at most 60 bytes of it (a 5 MB cell is not echoed whole).
std::string shown(const std::string& text) {
  std::string out = "'";
  const size_t n = std::min<size_t>(text.size(), 60);
  for (size_t i = 0; i < n;) {
    const auto c = static_cast<unsigned char>(text[i]);
    // A whole UTF-8 character is shown as it is; any other byte above 0x7f
    // (a UTF-16 file's, a Latin-1 one's) as \xNN, like the control bytes.
    const size_t len = c < 0x80 ? 1 : utf8Length(text, i);
    if (c >= 0x80 && len > 0 && i + len <= n) {
      out.append(text, i, len);
      i += len;
      continue;
    }
    if (c < 0x20 || c >= 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  out += "'";
  if (text.size() > n) out += " (" + std::to_string(text.size()) + " bytes; the first 60 shown)";
  return out;
}

// One field's checks, whatever syntax it came in; `where` says where it is.
struct FieldReader {
  const MarketDef& market;
  std::string where;  // "book.csv:5:17" or "/positions/3/units"

  [[noreturn]] void fail(const std::string& field, const std::string& expected, const std::string& found) const {
    // A JSON pointer already ends with the field's name; a file:line:column does not.
    const bool named = where.size() > field.size() && where.compare(where.size() - field.size() - 1, std::string::npos, "/" + field) == 0;
    throw InputError(where, (named ? "" : field + ": ") + "expected " + expected + ", got " + found);
  }
  double number(const std::string& field, const std::string& text, double lo, bool loOpen, double hi,
                const std::string& meaning) const {
    // Decimal only: strtod alone would take "0x10" as 16, " 5" and "inf".
    const bool decimal = !text.empty() && text.find_first_not_of("0123456789.eE+-") == std::string::npos;
    char* end = nullptr;
    errno = 0;
    const double v = decimal ? std::strtod(text.c_str(), &end) : 0.0;
    if (!decimal || end != text.c_str() + text.size()) fail(field, "a decimal number (" + meaning + ")", shown(text));
    // A number too small for a normal double (1e-400) would be read as 0 or
    // a subnormal without a word; a zero written as one ("0", "0e5") is fine.
    if (errno == ERANGE && std::isfinite(v))
      fail(field, "a decimal number (" + meaning + ") of at least 2.2e-308 in size, or 0", shown(text) + ", which underflows");
    return checked(field, v, lo, loOpen, hi, meaning);
  }
  double checked(const std::string& field, double v, double lo, bool loOpen, double hi, const std::string& meaning) const {
    auto bound = [](double x) {  // 1e+12, not 1000000000000
      char b[32];
      std::snprintf(b, sizeof b, "%g", x);
      return std::abs(x) >= 1e6 ? std::string(b) : shortestNumber(x);
    };
    const std::string range = std::string(loOpen ? "> " : ">= ") + bound(lo) + (std::isfinite(hi) ? " and <= " + bound(hi) : "");
    if (!std::isfinite(v) || (loOpen ? !(v > lo) : !(v >= lo)) || !(v <= hi))
      fail(field, "a number " + range + " (" + meaning + ")", shortestNumber(v));
    return v;
  }
  int integer(const std::string& field, const std::string& text, long long lo) const {
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || end != text.c_str() + text.size() || v < lo || v > 2147483647LL)
      fail(field, "a whole number >= " + std::to_string(lo), shown(text));
    return static_cast<int>(v);
  }
  // A covering pool's index, read as a whole number (shown as `found`): a
  // scenario has at most kMaxPools pools.
  int poolIndex(int v, const std::string& found) const {
    if (v >= kMaxPools)
      fail("pool", "a pool index from 0 to " + std::to_string(kMaxPools - 1) + " (a scenario has at most " +
                       std::to_string(kMaxPools) + " pools)",
           found);
    return v;
  }
  OptionKind kind(const std::string& text) const {
    if (text == "put") return OptionKind::Put;
    if (text == "call") return OptionKind::Call;
    fail("kind", "put or call", shown(text));
  }
  int asset(const std::string& text) const {
    for (size_t a = 0; a < market.assets.size(); ++a)
      if (market.assets[a].name == text) return static_cast<int>(a);
    fail("asset", "one of the market's assets (" + assetList(market) + ")", shown(text));
  }
};

// Fills what optional fields leave open, from the position and the market.
void completeDefaults(BookPosition& p, bool hasCoverStrike, bool hasSpot, bool hasVol, const MarketDef& m) {
  const AssetDef& a = m.assets[static_cast<size_t>(p.asset)];
  if (!hasSpot) p.spot = a.spot;
  if (!hasVol) p.volAnnual = a.volAnnual;
  if (!hasCoverStrike) {
    // Collateral per unit can be huge (a dust quantity); a call's cover strike
    // past 1e15 is never reached by prices up to 1e12, so stop there.
    const double perUnit = p.units > 0 ? p.collateral / p.units : 0.0;
    p.coverStrike = p.kind == OptionKind::Put ? std::max(p.strike - perUnit, 0.0) : std::min(p.strike + perUnit, 1e15);
  }
}

// The pool's cover starts where the writer's collateral runs out, so a
// cover strike given with the position must be strike - collateral / units
// for a put (0 at the least) and strike + collateral / units for a call,
// as completeDefaults computes it. One that is not describes a claim the
// writer never sold (a put's cover struck above its strike is worth more
// than the put) and would put every figure on it. The tolerance takes in
// the rounding of a run's collateral to Money's micro-units (a relative
// 6e-10 seen in run --book-at's books).
void checkCoverStrike(const FieldReader& r, const BookPosition& p, const char* field) {
  const double perUnit = p.units > 0 ? p.collateral / p.units : 0.0;
  const bool put = p.kind == OptionKind::Put;
  const double expected = put ? std::max(p.strike - perUnit, 0.0) : std::min(p.strike + perUnit, 1e15);
  if (std::fabs(p.coverStrike - expected) <= 1e-8 * std::max({p.strike, expected, 1.0})) return;
  r.fail(field,
         std::string(put ? "strike - collateral / units" : "strike + collateral / units") + " = " + shortestNumber(expected) +
             " (where the pool's cover starts: the writer's collateral pays the first " + shortestNumber(perUnit) +
             " a unit; leave it out to have it computed)",
         shortestNumber(p.coverStrike));
}

// Upper bounds keep every product the engine forms (units x price, summed
// over a book) finite: prices to 1e12, quantities to 1e12, money to 1e15.
const double kMaxPrice = 1e12, kMaxUnits = 1e12, kMaxMoney = 1e15;

}  // namespace

std::string bookCsv(const RiskBook& b) {
  std::string out;
  for (size_t c = 0; c < std::size(kColumns); ++c) out += (c ? "," : "") + std::string(kColumns[c]);
  out += '\n';
  for (int i = 0; i < b.size(); ++i) {
    const BookPosition p = b.position(i);
    out += std::to_string(i) + ',' + (p.kind == OptionKind::Put ? "put" : "call") + ',' +
           csvField(b.assetNames[static_cast<size_t>(p.asset)]) + ',' + shortestNumber(p.strike) + ',' + shortestNumber(p.expiryDays) +
           ',' + shortestNumber(p.units) + ',' + shortestNumber(p.collateral) + ',' + std::to_string(p.writer) + ',' +
           std::to_string(p.pool) + ',' + shortestNumber(p.coverStrike) + ',' + shortestNumber(p.coverShare) + ',' +
           shortestNumber(p.maxCover) + ',' + shortestNumber(p.spot) + ',' + shortestNumber(p.volAnnual) + '\n';
  }
  return out;
}

nlohmann::json bookJson(const RiskBook& b, const nlohmann::json& marketJson, double daysPerYear,
                        const nlohmann::json& shockJson) {
  nlohmann::json rows = nlohmann::json::array();
  for (int i = 0; i < b.size(); ++i) {
    const BookPosition p = b.position(i);
    rows.push_back({{"kind", p.kind == OptionKind::Put ? "put" : "call"},
                    {"asset", b.assetNames[static_cast<size_t>(p.asset)]},
                    {"strike", p.strike},
                    {"expiryDays", p.expiryDays},
                    {"units", p.units},
                    {"collateral", p.collateral},
                    {"writer", p.writer},
                    {"pool", p.pool},
                    {"coverStrike", p.coverStrike},
                    {"coverShare", p.coverShare},
                    {"maxCover", p.maxCover},
                    {"spot", p.spot},
                    {"volAnnual", p.volAnnual}});
  }
  nlohmann::json pools = nlohmann::json::array();
  for (const PoolCapital& p : b.pools)
    pools.push_back({{"name", p.name}, {"insuranceFund", p.insuranceFund}, {"poolCapital", p.poolCapital}});
  nlohmann::json j = {{"step", b.step},
                      {"day", b.day},
                      {"regime", b.stressed ? "stress" : "calm"},
                      {"capital",
                       {{"insuranceFund", b.capital.insuranceFund},
                        {"poolCapital", b.capital.poolCapital},
                        {"backstop", b.capital.backstop},
                        {"pools", pools}}},
                      {"positions", rows}};
  if (!marketJson.is_null()) {
    j["market"] = marketJson;
    j["daysPerYear"] = daysPerYear;
  }
  if (!shockJson.is_null()) j["shock"] = shockJson;
  return j;
}

RiskBook parseBookCsv(const std::string& text, const std::string& source, const MarketDef& market) {
  RiskBook book;
  for (const AssetDef& a : market.assets) book.assetNames.push_back(a.name);
  std::istringstream in(text);
  std::string line;
  int lineNo = 0;
  std::map<std::string, size_t> col;  // column name -> index
  std::size_t headerCells = 0;  // the header's cell count, once read
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (lineNo == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a UTF-8 byte order mark (spreadsheets write one)
    if (line.empty()) continue;
    const CsvRow row = splitCsvRow(line, false);
    if (!row.error.empty()) throw InputError(source + ":" + std::to_string(lineNo) + ":" + std::to_string(row.errorColumn), row.error);
    const std::vector<CsvCell>& cells = row.cells;
    if (headerCells == 0) {
      headerCells = cells.size();
      for (size_t c = 0; c < cells.size(); ++c) {
        const std::string& name = cells[c].text;
        const std::string where = source + ":" + std::to_string(lineNo) + ":" + std::to_string(cells[c].column);
        bool known = false;
        for (const char* k : kColumns) known = known || name == k;
        if (!known) {
          std::string all;
          for (const char* k : kColumns) all += (all.empty() ? "" : ", ") + std::string(k);
          throw InputError(where, "header: expected a column name (" + all + "), got " + shown(name));
        }
        if (col.count(name)) throw InputError(where, "header: column '" + name + "' appears twice");
        col[name] = c;
      }
      for (const char* k : kRequired)
        if (!col.count(k))
          throw InputError(source + ":" + std::to_string(lineNo) + ":1", std::string("header: expected a column '") + k + "', got none");
      continue;
    }
    if (cells.size() != headerCells)
      throw InputError(source + ":" + std::to_string(lineNo) + ":1",
                       "row: expected " + std::to_string(headerCells) + " cells (as the header), got " + std::to_string(cells.size()));
    FieldReader r{market, ""};
    auto cell = [&](const char* name) -> const std::string* {
      auto it = col.find(name);
      if (it == col.end()) return nullptr;
      r.where = source + ":" + std::to_string(lineNo) + ":" + std::to_string(cells[it->second].column);
      return &cells[it->second].text;
    };
    BookPosition p;
    p.kind = r.kind(*cell("kind"));
    p.asset = r.asset(*cell("asset"));
    p.strike = r.number("strike", *cell("strike"), 0, true, kMaxPrice, "currency");
    p.expiryDays = r.number("expiry_days", *cell("expiry_days"), 0, true, 36500, "days from the book's date");
    p.units = r.number("units", *cell("units"), 0, false, kMaxUnits, "quantity of the underlying written; positions are short");
    p.collateral = r.number("collateral", *cell("collateral"), 0, false, kMaxMoney, "currency");
    p.writer = r.integer("writer", *cell("writer"), 0);
    if (const std::string* c = cell("pool")) p.pool = r.poolIndex(r.integer("pool", *c, 0), shown(*c));
    const std::string* cs = cell("cover_strike");
    if (cs) p.coverStrike = r.number("cover_strike", *cs, 0, false, kMaxPrice, "currency");
    if (const std::string* c = cell("cover_share")) p.coverShare = r.number("cover_share", *c, 0, false, 1, "share of the loss beyond collateral");
    if (const std::string* c = cell("max_cover")) p.maxCover = r.number("max_cover", *c, 0, false, kMaxMoney, "currency; 0 = no cap");
    const std::string* sp = cell("spot");
    if (sp) p.spot = r.number("spot", *sp, 0, true, kMaxPrice, "currency");
    const std::string* vo = cell("vol_annual");
    if (vo) p.volAnnual = r.number("vol_annual", *vo, 0, false, 10, "annual");
    completeDefaults(p, cs != nullptr, sp != nullptr, vo != nullptr, market);
    if (cs) {
      cell("cover_strike");  // its place, for the message
      checkCoverStrike(r, p, "cover_strike");
    }
    book.add(p);
  }
  if (headerCells == 0) throw InputError(source + ":1:1", "header: expected a header row (kind,asset,strike,...), got an empty file");
  if (book.size() == 0) throw InputError(source, "expected at least one position after the header row, got none: nothing to measure");
  return book;
}

RiskBook parseBookJson(const nlohmann::json& j, const MarketDef& market) {
  RiskBook book;
  for (const AssetDef& a : market.assets) book.assetNames.push_back(a.name);
  if (!j.is_object()) throw InputError("", "a JSON book must be an object with \"positions\", got " + std::string(j.type_name()));
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "positions" && it.key() != "capital" && it.key() != "step" && it.key() != "day" && it.key() != "regime" &&
        it.key() != "market" && it.key() != "daysPerYear" && it.key() != "shock")
      throw InputError("/" + it.key(),
                       "unknown key: expected positions, capital, step, day, regime, market, daysPerYear or shock");
  if (!j.contains("positions") || !j["positions"].is_array())
    throw InputError("/positions", "expected an array of positions, got " +
                                       std::string(j.contains("positions") ? j["positions"].type_name() : "none"));
  if (j["positions"].empty())
    throw InputError("/positions", "expected at least one position, got an empty array: nothing to measure");
  // The book's date: the step run --book-at wrote it after, and its day.
  if (j.contains("step") && !(j["step"].is_number_integer() && j["step"].get<long long>() >= 0 &&
                              j["step"].get<long long>() <= 2147483647LL))
    throw InputError("/step", "expected a whole number >= 0 (the step the book was written after), got " + j["step"].dump());
  if (j.contains("day") && !(j["day"].is_number() && std::isfinite(j["day"].get<double>()) && j["day"].get<double>() >= 0))
    throw InputError("/day", "expected a number of days >= 0 (the book's date from the run's start), got " + j["day"].dump());
  if (j.contains("regime") && !(j["regime"] == "calm" || j["regime"] == "stress"))
    throw InputError("/regime", "expected \"calm\" or \"stress\" (the market's regime on the book's date), got " + j["regime"].dump());
  FieldReader r{market, ""};
  auto num = [&](const nlohmann::json& o, const std::string& base, const char* key, bool required, double lo, bool loOpen,
                 double hi, const std::string& meaning, double& out) -> bool {
    r.where = base + "/" + key;
    if (!o.contains(key)) {
      if (required) r.fail(key, "a number (" + meaning + ")", "none");
      return false;
    }
    if (!o[key].is_number()) r.fail(key, "a number (" + meaning + ")", o[key].dump());
    out = r.checked(key, o[key].get<double>(), lo, loOpen, hi, meaning);
    return true;
  };
  auto str = [&](const nlohmann::json& o, const std::string& base, const char* key) -> std::string {
    r.where = base + "/" + key;
    if (!o.contains(key) || !o[key].is_string()) r.fail(key, "a string", o.contains(key) ? o[key].dump() : "none");
    return o[key].get<std::string>();
  };
  auto integer = [&](const nlohmann::json& o, const std::string& base, const char* key, bool required, int& out) {
    r.where = base + "/" + key;
    if (!o.contains(key)) {
      if (required) r.fail(key, "a whole number >= 0", "none");
      return;
    }
    if (!o[key].is_number_integer() || o[key].get<long long>() < 0 || o[key].get<long long>() > 2147483647LL)
      r.fail(key, "a whole number >= 0", o[key].dump());
    out = o[key].get<int>();
  };
  const auto& rows = j["positions"];
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string base = "/positions/" + std::to_string(i);
    const auto& o = rows[i];
    if (!o.is_object()) throw InputError(base, "expected a position object, got " + std::string(o.type_name()));
    static const char* keys[] = {"kind", "asset", "strike", "expiryDays", "units", "collateral", "writer",
                                 "pool", "coverStrike", "coverShare", "maxCover", "spot", "volAnnual"};
    for (auto it = o.begin(); it != o.end(); ++it) {
      bool known = false;
      for (const char* k : keys) known = known || it.key() == k;
      if (!known) throw InputError(base + "/" + it.key(), "unknown key: expected kind, asset, strike, expiryDays, units, collateral, writer, pool, coverStrike, coverShare, maxCover, spot or volAnnual");
    }
    BookPosition p;
    const std::string k = str(o, base, "kind");
    p.kind = r.kind(k);
    const std::string a = str(o, base, "asset");
    p.asset = r.asset(a);
    num(o, base, "strike", true, 0, true, kMaxPrice, "currency", p.strike);
    num(o, base, "expiryDays", true, 0, true, 36500, "days from the book's date", p.expiryDays);
    num(o, base, "units", true, 0, false, kMaxUnits, "quantity of the underlying written; positions are short", p.units);
    num(o, base, "collateral", true, 0, false, kMaxMoney, "currency", p.collateral);
    integer(o, base, "writer", true, p.writer);
    integer(o, base, "pool", false, p.pool);
    r.poolIndex(p.pool, std::to_string(p.pool));
    const bool cs = num(o, base, "coverStrike", false, 0, false, kMaxPrice, "currency", p.coverStrike);
    num(o, base, "coverShare", false, 0, false, 1, "share of the loss beyond collateral", p.coverShare);
    num(o, base, "maxCover", false, 0, false, kMaxMoney, "currency; 0 = no cap", p.maxCover);
    const bool sp = num(o, base, "spot", false, 0, true, kMaxPrice, "currency", p.spot);
    const bool vo = num(o, base, "volAnnual", false, 0, false, 10, "annual", p.volAnnual);
    completeDefaults(p, cs, sp, vo, market);
    if (cs) {
      r.where = base + "/coverStrike";
      checkCoverStrike(r, p, "coverStrike");
    }
    book.add(p);
  }
  if (j.contains("capital")) {
    const auto& c = j["capital"];
    if (!c.is_object()) throw InputError("/capital", "expected an object with insuranceFund, poolCapital, backstop, got " + c.dump());
    for (auto it = c.begin(); it != c.end(); ++it)
      if (it.key() != "insuranceFund" && it.key() != "poolCapital" && it.key() != "backstop" && it.key() != "pools")
        throw InputError("/capital/" + it.key(), "unknown key: expected insuranceFund, poolCapital, backstop or pools");
    num(c, "/capital", "insuranceFund", false, 0, false, kMaxMoney, "currency", book.capital.insuranceFund);
    num(c, "/capital", "poolCapital", false, 0, false, kMaxMoney, "currency", book.capital.poolCapital);
    num(c, "/capital", "backstop", false, 0, false, kMaxMoney, "currency", book.capital.backstop);
    if (c.contains("pools")) {
      if (!c["pools"].is_array()) throw InputError("/capital/pools", "expected an array of {name, insuranceFund, poolCapital}, got " + c["pools"].dump());
      for (size_t k = 0; k < c["pools"].size(); ++k) {
        const std::string base = "/capital/pools/" + std::to_string(k);
        const auto& o = c["pools"][k];
        if (!o.is_object()) throw InputError(base, "expected an object {name, insuranceFund, poolCapital}, got " + o.dump());
        PoolCapital p;
        if (o.contains("name")) p.name = str(o, base, "name");
        // As a scenario's pool names are (they are printed, and name columns).
        if (o.contains("name"))
          if (auto problem = poolNameProblem(p.name)) throw InputError(base + "/name", "a pool's name " + *problem);
        num(o, base, "insuranceFund", false, 0, false, kMaxMoney, "currency", p.insuranceFund);
        num(o, base, "poolCapital", false, 0, false, kMaxMoney, "currency", p.poolCapital);
        for (size_t q = 0; q < book.pools.size(); ++q)
          if (!p.name.empty() && book.pools[q].name == p.name)
            throw InputError(base + "/name", "expected a name no other pool has, got '" + p.name + "', the name of pool " +
                                                 std::to_string(q) + " too");
        book.pools.push_back(p);
      }
      // The positions' pools are indexes into this list.
      for (int i = 0; i < book.size(); ++i)
        if (book.pool[static_cast<size_t>(i)] >= static_cast<int>(book.pools.size()))
          throw InputError("/positions/" + std::to_string(i) + "/pool",
                           "expected a pool index below " + std::to_string(book.pools.size()) +
                               " (capital.pools lists that many), got " + std::to_string(book.pool[static_cast<size_t>(i)]));
      // The top level is every pool together: given too, it must be their sum.
      // Left out, it is their sum.
      auto agrees = [&](const char* key, double& top, double PoolCapital::*field) {
        double sum = 0;
        for (const PoolCapital& q : book.pools) sum += q.*field;
        if (!c.contains(key)) {
          top = sum;
          return;
        }
        if (std::fabs(sum - top) > 1e-9 * std::max({1.0, std::fabs(sum), std::fabs(top)}))
          throw InputError(std::string("/capital/") + key, "expected the pools' sum, " + shortestNumber(sum) +
                                                               " (capital.pools), got " + shortestNumber(top));
      };
      if (!book.pools.empty()) {
        agrees("insuranceFund", book.capital.insuranceFund, &PoolCapital::insuranceFund);
        agrees("poolCapital", book.capital.poolCapital, &PoolCapital::poolCapital);
      }
    }
  }
  if (j.contains("step") && j["step"].is_number_integer()) book.step = j["step"].get<int>();
  if (j.contains("day") && j["day"].is_number()) book.day = j["day"].get<double>();
  book.stressed = j.contains("regime") && j["regime"] == "stress";
  return book;
}

namespace {
bool looksJson(const std::string& path, const std::string& text) {
  if (path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0) return true;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
    return c == '{';
  }
  return false;
}
}  // namespace

RiskBook readBook(const std::string& path, const MarketDef& market) {
  const std::string text = readInputFile(path, "book", "BOOK", false);
  if (looksJson(path, text)) {
    const nlohmann::json j = parseJsonText(text, path);
    try {
      return parseBookJson(j, market);
    } catch (const InputError& e) {
      // Name the file too: "book.json: /positions/3/units: ..."
      if (e.path().empty()) throw InputError(path, e.what());
      throw InputError(path + ": " + e.path(), e.message());
    }
  }
  return parseBookCsv(text, path, market);
}

nlohmann::json bookMarketJson(const std::string& path) {
  const std::string text = readInputFile(path, "book", "BOOK", false);
  if (!looksJson(path, text)) return nullptr;
  const nlohmann::json j = parseJsonText(text, path);
  if (!j.is_object()) return nullptr;
  nlohmann::json out;
  for (const char* key : {"market", "daysPerYear", "shock"})
    if (j.contains(key)) out[key] = j[key];
  return out;
}

}  // namespace mutualab
