#include "experiments/price_path_csv.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "core/errors.h"
#include "core/format_number.h"
#include "core/market.h"
#include "experiments/csv_row.h"
#include "experiments/fnv1a.h"
#include "experiments/input_file.h"

namespace mutualab {

namespace {

std::string shown(std::string_view s) {
  constexpr std::size_t kShown = 40;  // a runaway field (a whole binary line) stays readable
  return "'" + std::string(s.substr(0, kShown)) + (s.size() > kShown ? "...'" : "'");
}

enum class Parsed { ok, notNumber, notFinite };

// A plain decimal number (strtod's syntax without hex, and spelled-out
// infinities and NaNs reported as not finite rather than not numbers).
// strtod is correctly rounded in glibc and in Emscripten's musl, so the
// browser reads the same doubles as the CLI.
Parsed parseNumber(std::string_view s, double& out) {
  if (s.empty() || s.size() > 64) return Parsed::notNumber;
  for (const char c : s)
    if (c == 'x' || c == 'X') return Parsed::notNumber;
  const std::string z(s);
  char* end = nullptr;
  out = std::strtod(z.c_str(), &end);
  if (end != z.c_str() + z.size()) return Parsed::notNumber;
  return std::isfinite(out) ? Parsed::ok : Parsed::notFinite;
}

[[noreturn]] void refuseAt(const std::string& file, int line, int column, const std::string& what) {
  throw InputError(kPricePathFilePath,
                   file + " line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what);
}

struct AssetRows {
  std::vector<double> days, prices;
  std::vector<int> lines;  // the line of each row, for refusals about the asset as a whole
};

}  // namespace

PricePathDef parsePricePathCsv(std::string_view text, const std::string& displayName, const ScenarioDef& s) {
  auto refuse = [&](int line, int column, const std::string& what) { refuseAt(displayName, line, column, what); };
  const std::vector<AssetDef>& assets = s.market.assets;
  std::string names;
  for (const AssetDef& a : assets) names += (names.empty() ? "" : ", ") + a.name;

  std::vector<AssetRows> rows(assets.size());
  int rowCount = 0;
  int line = 0;
  bool header = false;
  std::size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // a UTF-8 byte order mark, as spreadsheets write
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view ln = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line;
    if (!ln.empty() && ln.back() == '\r') ln.remove_suffix(1);
    if (ln.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank lines (a trailing one above all)
    const CsvRow row = splitCsvRow(ln, true);
    if (!row.error.empty()) refuse(line, row.errorColumn, row.error);
    const std::vector<CsvCell>& f = row.cells;

    if (!header) {
      static constexpr const char* kHeader[3] = {"time", "asset", "price"};
      for (std::size_t k = 0; k < 3; ++k) {
        if (k >= f.size())
          refuse(line, static_cast<int>(ln.size()) + 1,
                 "expected the header time,asset,price, found the end of the line before '" + std::string(kHeader[k]) + "'");
        if (f[k].text != kHeader[k])
          refuse(line, f[k].column, "expected the header time,asset,price, found " + shown(f[k].text) + " for '" +
                                        kHeader[k] + "'");
      }
      if (f.size() > 3)
        refuse(line, f[3].column, "expected the header time,asset,price, found a 4th column " + shown(f[3].text));
      header = true;
      continue;
    }

    if (f.size() != 3)
      refuse(line, f.size() < 3 ? static_cast<int>(ln.size()) + 1 : f[3].column - 1,
             "expected 3 fields (time,asset,price), found " + std::to_string(f.size()));
    double day = 0, price = 0;
    const Parsed t = parseNumber(f[0].text, day);
    if (t == Parsed::notNumber)
      refuse(line, f[0].column, "expected a time (a number of days from the start), found " + shown(f[0].text));
    if (t == Parsed::notFinite) refuse(line, f[0].column, "expected a finite time in days, found " + shown(f[0].text));
    std::size_t a = 0;
    while (a < assets.size() && assets[a].name != f[1].text) ++a;
    if (a == assets.size())
      refuse(line, f[1].column, "expected an asset of market.assets (" + names + "), found " + shown(f[1].text));
    const Parsed q = parseNumber(f[2].text, price);
    if (q == Parsed::notNumber) refuse(line, f[2].column, "expected a price (a number > 0), found " + shown(f[2].text));
    if (q == Parsed::notFinite) refuse(line, f[2].column, "expected a finite price > 0, found " + shown(f[2].text));
    if (!(price > 0)) refuse(line, f[2].column, "expected a price > 0, found " + shown(f[2].text));
    AssetRows& r = rows[a];
    if (!r.days.empty() && !(day > r.days.back()))
      refuse(line, f[0].column, "expected a time after " + shortestNumber(r.days.back()) + " (" + assets[a].name +
                                    "'s row on line " + std::to_string(r.lines.back()) +
                                    "; times increase per asset), found " + shown(f[0].text));
    r.days.push_back(day);
    r.prices.push_back(price);
    r.lines.push_back(line);
    ++rowCount;
  }

  if (!header) refuse(line + 1, 1, "expected the header time,asset,price, found the end of the file");
  if (rowCount == 0) refuse(line + 1, 1, "expected data rows after the header, found the end of the file");
  const double horizon = s.sim.steps * s.sim.stepDays;
  for (std::size_t a = 0; a < assets.size(); ++a) {
    const AssetRows& r = rows[a];
    const std::string& name = assets[a].name;
    if (r.days.empty())
      refuse(line + 1, 1, "expected rows for asset " + shown(name) + " of market.assets, found the end of the file "
                          "without any");
    if (r.days.front() > pricePathDayTolerance(0.0))
      refuse(r.lines.front(), 1, "expected " + name + "'s first time at or before day 0 (the start of the run), found " +
                                     shortestNumber(r.days.front()));
    if (r.days.back() + pricePathDayTolerance(horizon) < horizon)
      refuse(r.lines.back(), 1, "expected " + name + "'s rows to reach day " + shortestNumber(horizon) +
                                    " (the horizon: sim.steps x sim.stepDays), found its last at day " +
                                    shortestNumber(r.days.back()));
  }

  PricePathDef out;
  out.file = displayName;
  out.rows = rowCount;
  out.fnv1a64 = fnv1a64Hex(text);
  for (AssetRows& r : rows) {
    out.days.push_back(std::move(r.days));
    out.prices.push_back(std::move(r.prices));
  }
  return out;
}

void loadPricePathFile(ScenarioDef& s, const std::string& baseDir) {
  PricePathDef& p = s.market.pricePath;
  if (!p.fromData() || p.loaded()) return;
  const std::filesystem::path file(p.file);
  const std::string at = file.is_relative() && !baseDir.empty() ? (std::filesystem::path(baseDir) / file).string() : p.file;
  const std::string text = readInputFile(at, "price data file", kPricePathFilePath, /*allowStdin=*/false);
  PricePathDef read = parsePricePathCsv(text, at, s);
  read.file = p.file;  // as the scenario says: results cite what the user wrote, whichever folder it ran from
  p = std::move(read);
}

}  // namespace mutualab
