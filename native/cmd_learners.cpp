// mutualab validate-learners | learners: the learners' self-check on the
// classic matrix games (a table of checks with tolerances; exit 1 if any
// fails) and the listing of the learner registry, one line per parameter.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "agents/learning/learner.h"
#include "core/errors.h"
#include "core/suggest.h"
#include "experiments/validate_learners.h"
#include "native/cli_validators.h"
#include "native/commands.h"
#include "native/param_listing.h"

namespace mutualab::cli {

namespace {

struct ValidateArgs {
  std::uint64_t seed = 1;
  bool json = false;
};

const CLI::Validator& kSeed = kSeedValidator;

int validateCommand(const ValidateArgs& a) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<LearnerCheck> checks = validateLearners(a.seed);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int failed = 0;
  for (const LearnerCheck& c : checks) failed += c.pass ? 0 : 1;
  if (a.json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const LearnerCheck& c : checks)
      list.push_back({{"learner", c.learner}, {"game", c.game}, {"quantity", c.quantity}, {"measured", c.measured},
                      {"target", c.target}, {"tolerance", c.tolerance}, {"pass", c.pass}});
    const nlohmann::ordered_json j = {{"seed", a.seed}, {"checks", list}, {"failed", failed}};
    std::cout << j.dump(2) << '\n';
  } else {
    std::printf("\nmutualab validate-learners  (seed %llu, %zu checks, %.2f s)\n\n",
                static_cast<unsigned long long>(a.seed), checks.size(), seconds);
    // Columns as wide as their longest entry.
    int wl = 7, wg = 4, wq = 8;
    for (const LearnerCheck& c : checks) {
      wl = std::max(wl, static_cast<int>(c.learner.size()));
      wg = std::max(wg, static_cast<int>(c.game.size()));
      wq = std::max(wq, static_cast<int>(c.quantity.size()));
    }
    std::printf("  %-*s  %-*s  %-*s  %9s  %7s  %6s  %s\n", wl, "learner", wg, "game", wq, "quantity", "measured", "target",
                "tol", "result");
    for (const LearnerCheck& c : checks)
      std::printf("  %-*s  %-*s  %-*s  %9.4f  %7.3f  %6.3f  %s\n", wl, c.learner.c_str(), wg, c.game.c_str(), wq,
                  c.quantity.c_str(), c.measured, c.target, c.tolerance, c.pass ? "PASS" : "FAIL");
    std::printf("\n  R(t) = average external regret per round after t rounds, of the mixed strategies played, against\n"
                "  the opponent that best-responds to the learner's current mix (the worst case: R(t) ~ 1/sqrt(t)).\n");
    std::printf("\n  %s: %zu of %zu checks pass (pass = |measured - target| <= tol)\n\n",
                failed == 0 ? "OK" : "FAILED", checks.size() - static_cast<std::size_t>(failed), checks.size());
  }
  return failed == 0 ? 0 : 1;  // a failed self-check is an internal failure, not bad input
}

}  // namespace

void addValidateLearners(CLI::App& app, int& exitCode) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "validate-learners", "Check every learner against the known equilibria of classic matrix games (exit 1 on a failure)");
  cmd->footer(
      "Checks: time-averaged play near the mixed equilibrium (matching pennies, rock-paper-scissors, a zero-sum 2x2),\n"
      "defection in the one-shot prisoner's dilemma, hawk share V/C in hawk-dove under imitation dynamics, and\n"
      "average regret falling like 1/sqrt(t) against an adversary. Results depend on --seed alone.");
  cmd->add_option("--seed", args->seed, "master seed of every game's random streams (an integer >= 0)")
      ->check(kSeed)
      ->capture_default_str();
  cmd->add_flag("--json", args->json, "print the checks as JSON instead of a table");
  cmd->callback([args, &exitCode] { exitCode = validateCommand(*args); });

  auto json = std::make_shared<bool>(false);
  auto name = std::make_shared<std::string>();
  CLI::App* list = app.add_subcommand("learners", "List the learners, each parameter with its default, range, unit and meaning");
  list->add_option("NAME", *name, "show only this learner");
  list->footer("Each parameter: key, default, allowed values and unit, meaning. A learning strategy names one of\n"
               "these, e.g. {\"name\": \"hedge\", \"params\": {\"eta\": 0.5}}.");
  list->add_flag("--json", *json, "print name, description, defaults and each parameter's table row as JSON");
  list->callback([json, name, &exitCode] {
    std::vector<std::string> valid;
    for (const LearnerInfo& l : learners()) valid.emplace_back(l.name);
    if (!name->empty() && std::find(valid.begin(), valid.end(), *name) == valid.end()) {
      std::string message = "unknown learner '" + *name + "'; valid: ";
      for (std::size_t i = 0; i < valid.size(); ++i) message += (i ? ", " : "") + valid[i];
      if (const std::string near = nearestName(*name, valid); !near.empty()) message += " (did you mean '" + near + "'?)";
      throw InputError("NAME", message);
    }
    nlohmann::json out = nlohmann::json::array();
    for (const LearnerInfo& l : learners()) {
      if (!name->empty() && *name != l.name) continue;
      if (*json)
        out.push_back({{"name", l.name}, {"description", l.description}, {"defaults", l.defaults()}, {"params", paramTableJson(l.params)}});
      else
        std::printf("%s\n", entryListing(l.name, l.description, l.params, 16).c_str());
    }
    if (*json) std::cout << out.dump(2) << '\n';
    exitCode = 0;
  });
}

}  // namespace mutualab::cli
