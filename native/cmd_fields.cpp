// mutualab fields: the scenario parameter table (every field's path, type,
// default, unit, range and meaning), from the field lists the validator runs.
#include <iostream>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/suggest.h"
#include "experiments/field_table.h"
#include "experiments/input_file.h"
#include "native/commands.h"

namespace mutualab::cli {
namespace {

struct FieldsArgs {
  std::string prefix;
  bool json = false;
  bool markdown = false;
  std::string reference;
};

// "no scenario field under 'pool/exitfe'; did you mean 'pool/exitFee'? ..."
[[noreturn]] void unknownPrefix(const std::string& prefix) {
  std::vector<std::string> paths, sections;
  for (const auto& f : scenarioFields()) {
    paths.push_back(f.path.substr(1));
    const std::string top = f.path.substr(1, f.path.find('/', 1) - 1);
    if (sections.empty() || sections.back() != top) sections.push_back(top);
  }
  std::string message = "no scenario field under '" + prefix + "'";
  std::string wanted = prefix;
  if (!wanted.empty() && wanted.front() == '/') wanted.erase(0, 1);
  const std::string best = nearestName(wanted, paths);
  if (!best.empty()) message += " (did you mean '" + best + "'?)";
  std::string list;
  for (const auto& s : sections) list += (list.empty() ? "" : ", ") + s;
  throw InputError("PREFIX", message + "; sections: " + list + "; list indices are written i (market/assets/i/spot)");
}

}  // namespace

void addFields(CLI::App& app, int& exitCode) {
  auto a = std::make_shared<FieldsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "fields", "List the scenario's fields: path, type, default, unit, range and meaning (the parameter table)");
  cmd->footer(
      "Every path listed can be changed with `--set PATH=VALUE` (run, validate, sweep) and varied in a sweep;\n"
      "an `i` stands for a list index (market/assets/0/spot). The same table, from the same field lists the\n"
      "validator checks, is in docs/scenario-reference.md and in the JSON Schema (`mutualab schema`).\n"
      "Fee rules', strategies' and learners' params: `mutualab fee-rules`, `strategies`, `learners`.\n"
      "\n"
      "Examples:\n"
      "  mutualab fields pool            every field of the pool\n"
      "  mutualab fields writers/theta   the writers' type distribution\n"
      "  mutualab fields --json > fields.json");
  cmd->add_option("PREFIX", a->prefix, "only fields under this path (e.g. pool, market/assets/i)");
  cmd->add_flag("--json", a->json, "print the rows as JSON (path, name, unit, text, type, default, allowed, ...)");
  cmd->add_flag("--markdown", a->markdown, "print a markdown table, as in docs/scenario-reference.md");
  cmd->add_option("--reference", a->reference,
                  "print this markdown file with its generated tables (between '<!-- fields PREFIX -->' and "
                  "'<!-- end fields -->') brought up to date; docs/scenario-reference.md is made so");
  cmd->callback([a, &exitCode] {
    if (!a->reference.empty()) {
      std::cout << withFieldTables(readInputFile(a->reference, "markdown file", "--reference", false));
      exitCode = 0;
      return;
    }
    const auto rows = fieldsUnder(a->prefix);
    if (rows.empty()) unknownPrefix(a->prefix);
    if (a->json) {
      nlohmann::json list = nlohmann::json::array();
      for (const FieldInfo* f : rows) {
        nlohmann::json row = {{"path", f->path}, {"name", f->name}, {"unit", f->unit},         {"text", f->text},
                              {"type", f->type}, {"default", f->byDefault}, {"allowed", f->allowed},
                              {"required", f->required}};
        if (!f->defaultValue.is_null()) row["default"] = f->defaultValue;
        if (f->type == "number" || f->type == "int") {
          if (f->min > -std::numeric_limits<double>::infinity()) row[f->minOpen ? "exclusiveMinimum" : "minimum"] = f->min;
          if (f->max < std::numeric_limits<double>::infinity()) row[f->maxOpen ? "exclusiveMaximum" : "maximum"] = f->max;
        }
        if (!f->choices.empty()) row["choices"] = f->choices;
        list.push_back(std::move(row));
      }
      std::cout << list.dump(2) << '\n';
    } else if (a->markdown) {
      std::cout << fieldsMarkdown({a->prefix.empty() ? "/" : a->prefix});
    } else {
      std::cout << fieldsListing(rows);
    }
    exitCode = 0;
  });
}

}  // namespace mutualab::cli
