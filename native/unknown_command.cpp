// "mutualab frobnicate": say the command is unknown and suggest the nearest.
#include <algorithm>
#include <string>
#include <vector>

#include "native/commands.h"

namespace mutualab::cli {

namespace {

// Levenshtein distance: "rn" -> "run" is 1, "tornament" -> "tournament" is 1.
size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

bool knownCommand(const CLI::App& app, const std::string& name) {
  for (const CLI::App* c : app.get_subcommands([](const CLI::App*) { return true; }))
    if (c->get_name() == name) return true;
  return false;
}

std::string unknownCommandMessage(const CLI::App& app, const std::string& name) {
  std::string list, nearest;
  size_t best = std::string::npos;
  for (const CLI::App* c : app.get_subcommands([](const CLI::App*) { return true; })) {
    list += (list.empty() ? "" : ", ") + c->get_name();
    const size_t d = editDistance(name.substr(0, 64), c->get_name());
    if (d < best) best = d, nearest = c->get_name();
  }
  std::string shown = name.size() > 64 ? name.substr(0, 64) + "..." : name;
  std::string m = "unknown command '" + shown + "'";
  if (best <= std::max<size_t>(2, nearest.size() / 3)) m += "; did you mean '" + nearest + "'?";
  return m + "\ncommands: " + list;
}

}  // namespace mutualab::cli
