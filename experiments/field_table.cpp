#include "experiments/field_table.h"

#include <algorithm>
#include <sstream>

#include "agents/learning/learner.h"
#include "agents/registry.h"
#include "core/errors.h"
#include "core/fee_rules.h"
#include "core/param_spec.h"

namespace mutualab {
namespace {

// Where the rows of every `pools` entry repeat `pool`'s (each entry starts
// from `pool`): the reference lists those once.
constexpr std::string_view kPoolsEntry = "/pools/i/";
constexpr std::string_view kPool = "/pool/";

std::string normalized(std::string_view prefix) {
  std::string p(prefix);
  if (!p.empty() && p.front() != '/') p.insert(0, "/");
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p == "/" ? "" : p;
}

bool under(const std::string& path, const std::string& prefix) {
  return prefix.empty() || path == prefix || (path.rfind(prefix + "/", 0) == 0);
}

const FieldInfo* rowAt(const std::string& path) {
  for (const auto& f : scenarioFields())
    if (f.path == path) return &f;
  return nullptr;
}

// A `pools` entry's row that is a `pool` field.
bool repeatsPool(const FieldInfo& f) {
  if (f.path.rfind(kPoolsEntry, 0) != 0) return false;
  return rowAt(std::string(kPool) + f.path.substr(kPoolsEntry.size())) != nullptr;
}

std::string cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else out += c;
  }
  return out;
}

std::string markdownRow(const FieldInfo& f) {
  std::string byDefault = f.defaultValue.is_null() ? f.byDefault : "`" + f.byDefault + "`";
  std::string meaning = "**" + f.name + "**" + (f.text.empty() ? "" : ": " + f.text);
  return "| `" + f.path + "` | " + f.type + " | " + cell(byDefault) + " | " + cell(f.unit) + " | " + cell(meaning) +
         " | " + cell(f.allowed) + " |\n";
}

// The one row standing for every `pools` entry field that is a `pool` field.
std::string poolFieldsRow() {
  std::string missing;
  for (const auto& f : scenarioFields()) {
    if (f.path.rfind(kPool, 0) != 0 || f.path.find('/', kPool.size()) != std::string::npos) continue;
    if (!rowAt(std::string(kPoolsEntry) + f.path.substr(kPool.size())))
      missing += std::string(missing.empty() ? "" : ", ") + "`" + f.path.substr(kPool.size()) + "`";
  }
  return "| `/pools/i/...` | | from `pool` | | every field of `pool` above except " + missing +
         " (`menu` and `shareMarket` included: each pool has its own) | as in `pool` |\n";
}

std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::istringstream words(text);
  std::string word, line;
  while (words >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}


std::string paramRow(const ParamSpec& p) {
  const std::string value = p.defaultValue.dump();
  return "| `" + p.key + "` | " + paramTypeName(p.type) + " | `" + cell(value) + "` | " + cell(p.unit) + " | " +
         cell(p.description) + " | " + cell(paramAllowedText(p)) + " |\n";
}

template <class Table>
std::string entriesMarkdown(const Table& table) {
  std::string out;
  for (const auto& entry : table) {
    out += std::string("\n**`") + entry.name + "`**: " + entry.description + "\n\n";
    if (entry.params.empty()) {
      out += "No parameters.\n";
      continue;
    }
    out += "| Param | Type | Default | Unit | Meaning | Allowed |\n|---|---|---|---|---|---|\n";
    for (const auto& p : entry.params) out += paramRow(p);
  }
  return out;
}

}  // namespace

std::string registryParamsMarkdown(const std::string& registry) {
  if (registry == "fee-rules") return entriesMarkdown(feeRules());
  if (registry == "writer-strategies") return entriesMarkdown(writerStrategies());
  if (registry == "lp-strategies") return entriesMarkdown(lpStrategies());
  if (registry == "learners") return entriesMarkdown(learners());
  throw InputError("", "unknown registry '" + registry + "'; expected fee-rules, writer-strategies, lp-strategies or learners");
}

namespace {
}  // namespace

std::string fieldDescription(const FieldInfo& f) {
  std::string s = f.text.empty() ? f.name : f.text;
  if (!f.unit.empty()) s += " (unit: " + f.unit + ")";
  if (!f.allowed.empty()) s += ". Allowed: " + f.allowed;
  return s;
}

std::vector<const FieldInfo*> fieldsUnder(std::string_view prefix) {
  const std::string p = normalized(prefix);
  std::vector<const FieldInfo*> rows;
  for (const auto& f : scenarioFields())
    if (under(f.path, p)) rows.push_back(&f);
  return rows;
}

std::string fieldsListing(const std::vector<const FieldInfo*>& rows, int width) {
  std::string out;
  const std::size_t textWidth = static_cast<std::size_t>(std::max(40, width - 4));
  for (const FieldInfo* f : rows) {
    std::string facts = f->type + ", default " + f->byDefault;
    if (!f->unit.empty()) facts += ", " + f->unit;
    out += f->path.substr(1) + "  (" + facts + ")\n";
    std::string body = f->name + (f->text.empty() ? "" : ": " + f->text);
    if (!f->allowed.empty()) body += ". Allowed: " + f->allowed;
    for (const auto& line : wrap(body, textWidth)) out += "    " + line + "\n";
  }
  return out;
}

std::string fieldsMarkdown(const std::vector<std::string>& prefixes) {
  std::string out = "| JSON path | Type | Default | Unit | Meaning | Allowed |\n|---|---|---|---|---|---|\n";
  for (const auto& prefix : prefixes) {
    const auto rows = fieldsUnder(prefix);
    if (rows.empty()) throw InputError("", "no scenario field under '" + prefix + "'");
    bool poolRowDone = false;
    for (const FieldInfo* f : rows) {
      if (repeatsPool(*f)) {
        if (!poolRowDone) out += poolFieldsRow();
        poolRowDone = true;
        continue;
      }
      out += markdownRow(*f);
    }
  }
  return out;
}

std::string withFieldTables(const std::string& markdown) {
  constexpr std::string_view open = "<!-- fields ";
  constexpr std::string_view close = "<!-- end fields -->";
  constexpr std::string_view openParams = "<!-- params ";
  constexpr std::string_view closeParams = "<!-- end params -->";
  std::istringstream in(markdown);
  std::string out, line;
  int lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    out += line + "\n";
    const bool params = line.rfind(openParams, 0) == 0;
    if (line.rfind(open, 0) != 0 && !params) continue;
    const std::string_view opening = params ? openParams : open, closing = params ? closeParams : close;
    const std::size_t end = line.rfind("-->");
    std::istringstream prefixText(
        line.substr(opening.size(), end == std::string::npos ? std::string::npos : end - opening.size()));
    std::vector<std::string> prefixes;
    for (std::string p; prefixText >> p;) prefixes.push_back(p);
    const int markerLine = lineNo;
    bool closed = false;
    while (std::getline(in, line)) {
      ++lineNo;
      if (line.rfind(closing, 0) == 0) {
        closed = true;
        break;
      }
    }
    if (!closed)
      throw InputError("", "line " + std::to_string(markerLine) + ": '" + std::string(opening) + "...' without a '" +
                               std::string(closing) + "' after it");
    if (params) {
      for (const auto& registry : prefixes) out += registryParamsMarkdown(registry);
      out += "\n";
    } else {
      out += fieldsMarkdown(prefixes);
    }
    out += std::string(closing) + "\n";
  }
  if (!markdown.empty() && markdown.back() != '\n') out.pop_back();
  return out;
}

}  // namespace mutualab
