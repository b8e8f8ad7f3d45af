// mutualab schema: the JSON Schema of scenario files, for editors. The same
// text is committed as docs/scenario.schema.json (a test keeps it current).
#include <iostream>

#include "experiments/scenario_schema.h"
#include "native/commands.h"

namespace mutualab::cli {

void addSchema(CLI::App& app, int& exitCode) {
  CLI::App* cmd = app.add_subcommand("schema", "Print the JSON Schema of scenario files (for editors' completion and checks)");
  cmd->footer(
      "The schema (JSON Schema draft-07) gives every field's type, range, default and meaning, and the\n"
      "fee rules', strategies' and learners' names and params; `mutualab validate` checks more (rules across\n"
      "fields). It is also in the repository as docs/scenario.schema.json.\n"
      "\n"
      "Use it in VS Code, either in the scenario file itself (mutualab ignores a top-level \"$schema\"):\n"
      "  { \"$schema\": \"../docs/scenario.schema.json\", \"name\": \"my-scenario\", ... }\n"
      "or once in .vscode/settings.json, for all your scenarios:\n"
      "  \"json.schemas\": [{\"fileMatch\": [\"scenarios/*.json\"], \"url\": \"./docs/scenario.schema.json\"}]\n"
      "\n"
      "Example: mutualab schema > my-scenario.schema.json");
  cmd->callback([&exitCode] {
    std::cout << scenarioSchema().dump(2) << '\n';
    exitCode = 0;
  });
}

}  // namespace mutualab::cli
