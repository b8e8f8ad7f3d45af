// A results CSV read back by column name, for tests that check a column's
// values rather than the bytes. Splits on every comma: for files whose
// fields hold no quoted commas (numbers, labels and pool names).
#pragma once

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace mutualab::testing {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  bool has(const std::string& column) const {
    for (const auto& h : header)
      if (h == column) return true;
    return false;
  }
  const std::string& text(size_t row, const std::string& column) const {
    for (size_t c = 0; c < header.size(); ++c)
      if (header[c] == column) return rows.at(row).at(c);
    throw std::out_of_range("no column '" + column + "'");
  }
  // The value as a number; NaN for an empty field.
  double number(size_t row, const std::string& column) const {
    const std::string& t = text(row, column);
    return t.empty() ? std::nan("") : std::stod(t);
  }
};

inline CsvTable parseCsv(const std::string& text) {
  CsvTable t;
  std::istringstream lines(text);
  std::string line;
  auto split = [](const std::string& l) {
    std::vector<std::string> f;
    std::string x;
    std::istringstream cells(l);
    while (std::getline(cells, x, ',')) f.push_back(x);
    if (!l.empty() && l.back() == ',') f.emplace_back();  // a trailing empty field
    return f;
  };
  if (std::getline(lines, line)) t.header = split(line);
  while (std::getline(lines, line)) t.rows.push_back(split(line));
  return t;
}

}  // namespace mutualab::testing
