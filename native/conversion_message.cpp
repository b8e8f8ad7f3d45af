// A value an option could not take, said as the rest of mutualab's
// refusals are: which option, what was expected, what was found.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

#include "native/commands.h"

namespace mutualab::cli {

namespace {

bool wholeNumberText(const std::string& v) {
  const size_t from = !v.empty() && (v[0] == '-' || v[0] == '+') ? 1 : 0;
  return v.size() > from && v.find_first_not_of("0123456789", from) == std::string::npos;
}

// What a value of CLI11's type name must look like.
std::string expected(const std::string& type, const std::string& value) {
  if (type == "INT") return wholeNumberText(value) ? "a smaller whole number" : "a whole number";
  if (type == "UINT") return wholeNumberText(value) && value[0] != '-' ? "a smaller whole number" : "a whole number >= 0";
  if (type == "FLOAT") return "a number (e.g. 0.5 or 1e5)";
  return "";
}

// "" unless `v` is text CLI11 would read as something other than the
// decimal number it looks like, or as nothing: empty; a 0x, 0b or 0o
// prefix (hex floats too); for a whole number, a leading zero (octal).
// Anything else is CLI11's to convert, and conversionMessage's to explain.
std::string numberTextProblem(const std::string& type, const std::string& v) {
  const bool whole = type != "FLOAT";
  const std::string want = whole ? "a whole number" : "a number (e.g. 0.5 or 1e5)";
  if (v.empty()) return "expected " + want + ", got an empty value";
  const size_t i = v[0] == '-' || v[0] == '+' ? 1 : 0;
  const bool zeroFirst = v.size() > i + 1 && v[i] == '0';
  if (zeroFirst && std::string("xXbBoO").find(v[i + 1]) != std::string::npos)
    return "expected " + want + " in decimal, got '" + v + "'";
  if (whole && zeroFirst && std::isdigit(static_cast<unsigned char>(v[i + 1])))
    return "expected a whole number without a leading zero (it would read as octal), got '" + v + "'";
  return "";
}
}  // namespace

void requireDecimalNumbers(CLI::App& app) {
  for (CLI::App* c : app.get_subcommands([](CLI::App*) { return true; }))
    for (CLI::Option* o : c->get_options()) {
      // Lists ("FLOAT,...") parse their items themselves (parseLevels).
      const std::string type = o->get_type_name();
      if (type != "INT" && type != "UINT" && type != "FLOAT") continue;
      o->check(CLI::Validator([type](std::string& text) { return numberTextProblem(type, text); }, ""));
    }
}

std::string conversionMessage(const CLI::App& app, const std::string& command, const std::string& what) {
  // CLI11 2.x: "Could not convert: NAME = VALUE[,VALUE...]".
  const std::string head = "Could not convert: ";
  const size_t eq = what.find(" = ");
  if (what.rfind(head, 0) != 0 || eq == std::string::npos) return what;
  const std::string name = what.substr(head.size(), eq - head.size()), value = what.substr(eq + 3);
  const CLI::Option* opt = nullptr;
  for (const CLI::App* c : app.get_subcommands([](const CLI::App*) { return true; }))
    if (c->get_name() == command) opt = c->get_option_no_throw(name);
  if (!opt) opt = app.get_option_no_throw(name);
  if (!opt) return what;
  // A list option (--levels 0.99,abc) names the value it could not take.
  const std::string type = opt->get_type_name();
  std::string bad = value;
  for (size_t from = 0; value.find(',') != std::string::npos && from <= value.size();) {  // a list only
    const size_t comma = std::min(value.find(',', from), value.size());
    const std::string piece = value.substr(from, comma - from);
    char* end = nullptr;
    const bool number = !piece.empty() && (std::strtod(piece.c_str(), &end), end == piece.c_str() + piece.size());
    if (!number || (type != "FLOAT" && !wholeNumberText(piece))) {
      bad = piece;
      break;
    }
    from = comma + 1;
  }
  const std::string e = expected(type, bad);
  if (e.empty()) return what;
  return name + ": expected " + e + ", got '" + bad + "'" + (bad != value ? " (in '" + value + "')" : "");
}

}  // namespace mutualab::cli
