#include "native/param_listing.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace mutualab::cli {

namespace {
constexpr std::size_t kWidth = 100;
}  // namespace

std::string wrapText(const std::string& text, std::size_t at, std::size_t indent) {
  std::string out;
  std::size_t col = at;
  std::size_t i = 0;
  bool lineEmpty = true;
  while (i < text.size()) {
    const std::size_t end = std::min(text.find(' ', i), text.size());
    const std::string word = text.substr(i, end - i);
    if (!lineEmpty && col + 1 + word.size() > kWidth) {
      out += "\n" + std::string(indent, ' ');
      col = indent;
      lineEmpty = true;
    }
    if (!lineEmpty) {
      out += ' ';
      ++col;
    }
    out += word;
    col += word.size();
    lineEmpty = false;
    i = end + 1;
  }
  return out;
}

namespace {

// The default as the JSON a scenario would hold (20.0 vs 20 shows number vs
// integer), a choice without its quotes. A long formula, ladder or learner
// object shows "(below)" in its column and follows the meaning instead.
constexpr std::size_t kDefaultWidth = 12;
std::string fullDefault(const ParamSpec& p) {
  if (p.type == ParamType::choice) return p.defaultValue.get<std::string>();
  return p.defaultValue.dump();
}
bool defaultBelow(const ParamSpec& p) {
  const bool scalar = p.type != ParamType::text && p.type != ParamType::list && p.type != ParamType::object;
  return !scalar && fullDefault(p).size() > kDefaultWidth;
}
std::string defaultText(const ParamSpec& p) { return defaultBelow(p) ? "(below)" : fullDefault(p); }
std::string meaning(const ParamSpec& p) {
  return defaultBelow(p) ? p.description + "; default " + fullDefault(p) : p.description;
}

std::string allowedText(const ParamSpec& p) {
  const std::string allowed = paramAllowedText(p);
  return p.unit.empty() ? allowed : allowed + " " + p.unit;
}

std::string padded(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

}  // namespace

std::string entryListing(const std::string& name, const std::string& description, const ParamTable& params,
                         int nameWidth) {
  const std::size_t nameCol = 2 + static_cast<std::size_t>(nameWidth) + 1;
  std::string out = "  " + padded(name, static_cast<std::size_t>(nameWidth)) + " ";
  out += wrapText(description, nameCol, nameCol) + "\n";
  if (params.empty()) return out + std::string(nameCol, ' ') + "(no parameters)\n";
  // Columns sized to this entry, so its descriptions line up; a long
  // default goes after its meaning instead.
  std::size_t keyW = 0, defaultW = 0, allowedW = 0;
  for (const ParamSpec& p : params) {
    keyW = std::max(keyW, p.key.size());
    defaultW = std::max(defaultW, defaultText(p).size());
    allowedW = std::max(allowedW, allowedText(p).size());
  }
  const std::size_t indent = 4;
  const std::size_t descCol = indent + keyW + 2 + defaultW + 2 + allowedW + 2;
  for (const ParamSpec& p : params) {
    const std::string line = std::string(indent, ' ') + padded(p.key, keyW) + "  " + padded(defaultText(p), defaultW) +
                             "  " + padded(allowedText(p), allowedW) + "  ";
    // Too far right to read: the meaning goes on the next line, indented.
    if (descCol > kWidth - 32)
      out += line.substr(0, line.find_last_not_of(' ') + 1) + "\n" + std::string(indent + 4, ' ') +
             wrapText(meaning(p), indent + 4, indent + 4) + "\n";
    else
      out += line + wrapText(meaning(p), descCol, descCol) + "\n";
  }
  return out;
}

nlohmann::json paramTableJson(const ParamTable& params) {
  nlohmann::json out = nlohmann::json::array();
  for (const ParamSpec& p : params) {
    nlohmann::json row = {{"key", p.key}, {"type", paramTypeName(p.type)}, {"default", p.defaultValue}};
    auto bound = [&](double x) -> nlohmann::json {
      if (p.type == ParamType::integer) return static_cast<long long>(x);
      return x;
    };
    if (p.type == ParamType::number || p.type == ParamType::integer) {
      if (std::isfinite(p.range.lo)) row[p.range.loOpen ? "exclusiveMinimum" : "minimum"] = bound(p.range.lo);
      if (std::isfinite(p.range.hi)) row[p.range.hiOpen ? "exclusiveMaximum" : "maximum"] = bound(p.range.hi);
    }
    if (p.type == ParamType::choice) row["options"] = p.options;
    row["unit"] = p.unit;
    row["description"] = p.description;
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace mutualab::cli
