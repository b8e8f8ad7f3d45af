// One row of a CSV file, split as RFC 4180 splits it: cells separated by
// commas, a cell in double quotes may hold commas, and "" inside quotes is
// one quote. Spreadsheets and pandas quote a cell when its text needs it
// (and some quote every text cell), so a reader of user files accepts
// quoted cells wherever it accepts plain ones. Shared by the readers of
// books (experiments/book_io.h) and price paths (experiments/price_path_csv.h),
// each of which reports an error in its own words, at the column given.
//
// A row is one line: a quoted cell that does not close on its line is an
// error (none of these files has a cell that needs a line break).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mutualab {

struct CsvCell {
  std::string text;     // unquoted: the quotes removed, "" read as "
  int column = 1;       // 1-based column of its first character (its opening quote, if quoted)
  bool quoted = false;  // was in quotes (a quoted "" is an empty text, not a missing cell)
};

struct CsvRow {
  std::vector<CsvCell> cells;
  std::string error;     // empty when the row is well formed; else what is wrong, e.g. "a quoted cell ..."
  int errorColumn = 0;   // 1-based column the error points at
};

// Splits `line` (without its line end). With `trimBlanks`, spaces and tabs
// around a cell (outside its quotes) are dropped and `column` is where its
// text starts; without, they are part of the cell's text, and a cell is
// quoted only when its first character is the quote.
CsvRow splitCsvRow(std::string_view line, bool trimBlanks);

// Writing, the other way: a cell in quotes, a quote inside doubled, for
// text that may hold anything (a name a user gave); and a cell quoted only
// when it must be (it holds a comma, a quote or a line break).
std::string csvQuoted(const std::string& x);
std::string csvField(const std::string& x);

}  // namespace mutualab
