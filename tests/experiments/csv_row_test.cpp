#include "experiments/csv_row.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

using namespace mutualab;

namespace {
std::vector<std::string> texts(const CsvRow& r) {
  std::vector<std::string> out;
  for (const CsvCell& c : r.cells) out.push_back(c.text);
  return out;
}
std::vector<int> columns(const CsvRow& r) {
  std::vector<int> out;
  for (const CsvCell& c : r.cells) out.push_back(c.column);
  return out;
}
}  // namespace

TEST_CASE("csv row: cells split at commas outside quotes, as RFC 4180 reads them", "[csv]") {
  const CsvRow plain = splitCsvRow("put,ETH,1800", false);
  CHECK(plain.error.empty());
  CHECK(texts(plain) == std::vector<std::string>{"put", "ETH", "1800"});
  CHECK(columns(plain) == std::vector<int>{1, 5, 9});

  // A quoted cell may hold commas; "" inside quotes is one quote; quotes are not part of the text.
  const CsvRow quoted = splitCsvRow(R"("put","ETH, wrapped","say ""hi""",)", false);
  CHECK(quoted.error.empty());
  CHECK(texts(quoted) == std::vector<std::string>{"put", "ETH, wrapped", "say \"hi\"", ""});
  CHECK(columns(quoted) == std::vector<int>{1, 7, 22, 35});
  CHECK(quoted.cells[0].quoted);
  CHECK_FALSE(quoted.cells[3].quoted);

  // An empty line is one empty cell; "" is an empty quoted cell.
  CHECK(texts(splitCsvRow("", false)) == std::vector<std::string>{""});
  const CsvRow empty = splitCsvRow(R"("",x)", false);
  CHECK(texts(empty) == std::vector<std::string>{"", "x"});
  CHECK(empty.cells[0].quoted);

  // Blanks: kept without trimming (a quote after a blank is then text), dropped with it.
  CHECK(texts(splitCsvRow(R"( "a" ,b)", false)) == std::vector<std::string>{R"( "a" )", "b"});
  const CsvRow trimmed = splitCsvRow(" \"a\" ,\t b ,", true);
  CHECK(trimmed.error.empty());
  CHECK(texts(trimmed) == std::vector<std::string>{"a", "b", ""});
  CHECK(columns(trimmed) == std::vector<int>{2, 9, 12});
}

TEST_CASE("csv row: a quote left open or text after a closing quote is an error at its column", "[csv]") {
  const CsvRow open = splitCsvRow(R"(put,"ETH,1800)", false);
  CHECK(open.errorColumn == 5);
  CHECK(open.error == "a quoted cell must close its quote on the same line; the quote opened here has no closing quote");
  const CsvRow after = splitCsvRow(R"(put,"ETH"x,1800)", false);
  CHECK(after.errorColumn == 10);
  CHECK(after.error ==
        "expected a comma or the end of the line after a quoted cell's closing quote, found 'x' (a quote inside quotes "
        "is written twice: \"\")");
  CHECK(splitCsvRow("\"a\"\x1b", false).error.find("found '\\x1b'") != std::string::npos);
}

TEST_CASE("csv row: what csvField writes, splitCsvRow reads back", "[csv]") {
  const std::vector<std::string> names = {"plain", "a,b", "say \"hi\"", "", " spaced ", "\"", ",,"};
  std::string line;
  for (size_t i = 0; i < names.size(); ++i) line += (i ? "," : "") + csvField(names[i]);
  const CsvRow r = splitCsvRow(line, false);
  CHECK(r.error.empty());
  CHECK(texts(r) == names);
  CHECK(csvField("plain") == "plain");
  CHECK(csvQuoted("plain") == "\"plain\"");
  CHECK(csvField("a\"b") == "\"a\"\"b\"");
}
