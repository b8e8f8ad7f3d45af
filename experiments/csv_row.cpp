#include "experiments/csv_row.h"

#include <cstdio>

namespace mutualab {

namespace {
bool blank(char c) { return c == ' ' || c == '\t'; }

// A byte as a message shows it: control bytes as \xNN, not sent to the terminal.
std::string shownByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u != 0x7f) return std::string(1, c);
  char hex[8];
  std::snprintf(hex, sizeof hex, "\\x%02x", u);
  return hex;
}
}  // namespace

CsvRow splitCsvRow(std::string_view line, bool trimBlanks) {
  CsvRow row;
  std::size_t i = 0;
  for (;;) {
    if (trimBlanks)
      while (i < line.size() && blank(line[i])) ++i;
    CsvCell cell;
    cell.column = static_cast<int>(i) + 1;
    if (i < line.size() && line[i] == '"') {
      cell.quoted = true;
      const std::size_t open = i++;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] != '"') {
          cell.text += line[i++];
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          cell.text += '"';
          i += 2;
        } else {
          closed = true;
          ++i;
          break;
        }
      }
      if (!closed) {
        row.error = "a quoted cell must close its quote on the same line; the quote opened here has no closing quote";
        row.errorColumn = static_cast<int>(open) + 1;
        return row;
      }
      if (trimBlanks)
        while (i < line.size() && blank(line[i])) ++i;
      if (i < line.size() && line[i] != ',') {
        row.error = std::string("expected a comma or the end of the line after a quoted cell's closing quote, found '") +
                    shownByte(line[i]) + "' (a quote inside quotes is written twice: \"\")";
        row.errorColumn = static_cast<int>(i) + 1;
        return row;
      }
    } else {
      const std::size_t comma = line.find(',', i);
      std::size_t end = comma == std::string_view::npos ? line.size() : comma;
      i = end;
      const auto textStart = static_cast<std::size_t>(cell.column - 1);
      if (trimBlanks)
        while (end > textStart && blank(line[end - 1])) --end;
      cell.text = std::string(line.substr(textStart, end - textStart));
    }
    row.cells.push_back(std::move(cell));
    if (i >= line.size()) break;
    ++i;  // the comma
    if (i == line.size()) {  // a trailing comma: one more, empty cell
      CsvCell last;
      last.column = static_cast<int>(i) + 1;
      row.cells.push_back(last);
      break;
    }
  }
  return row;
}

std::string csvQuoted(const std::string& x) {
  std::string q = "\"";
  for (char c : x) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string csvField(const std::string& x) { return x.find_first_of(",\"\r\n") == std::string::npos ? x : csvQuoted(x); }

}  // namespace mutualab
