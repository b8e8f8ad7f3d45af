// mutualab menu-check: a pool's screening menu against the writer type
// distribution, before running it (experiments/menu_check.h).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "core/errors.h"
#include "experiments/load_scenario.h"
#include "experiments/menu_check.h"
#include "native/cli_validators.h"
#include "native/commands.h"

namespace mutualab::cli {

namespace {
struct MenuCheckArgs {
  std::string scenario;
  std::vector<std::string> set;
  MenuCheckOptions opt;
  bool json = false;
};
}  // namespace

void addMenuCheck(CLI::App& app, int& exitCode) {
  auto a = std::make_shared<MenuCheckArgs>();
  CLI::App* cmd = app.add_subcommand(
      "menu-check", "Check a pool's screening menu against the writer types: who takes which contract, and why");
  cmd->footer(
      "For each theta band (deciles of the scenario's writers, as drawn with --seed) it computes, from the\n"
      "quotes the pool makes at step 0, the expected profit per position of the expected-utility writer in\n"
      "the silo and in each contract, and reports:\n"
      "  takes                 the band's best choice (silo, a contract, or abstain)\n"
      "  cover/fee             the band's expected cover on the contract it takes / that contract's fee\n"
      "  participation (PC)    whether its best contract beats the silo and abstaining (margin < 0: violated)\n"
      "  incentive comp. (IC)  violated when it takes a contract that loses on it (cover/fee > 1, priced for\n"
      "                        safer writers) while another would serve it without loss: adverse selection\n"
      "  break-even            whether each contract's takers cost it more than it charges (expected loss\n"
      "                        ratio > 1: a fee rule that learns from experience would raise it: the spiral)\n"
      "A pool without a menu is checked as its one contract, \"terms\". Money is currency per position.\n\n"
      "Examples:\n"
      "  mutualab menu-check preset:screening-menu\n"
      "  mutualab menu-check preset:screening-menu --set pool/menu/0/feeRule/params/rate=0.02\n"
      "  mutualab menu-check preset:akerlof-flat-fee --bands 5 --json");
  cmd->add_option("SCENARIO", a->scenario, "scenario JSON file or preset:NAME")->required();
  cmd->add_option("--set", a->set, "override a scenario value: path=value; repeatable (paths: `mutualab fields`)");
  cmd->add_option("--bands", a->opt.bands, "theta bands, by rank: 2 to 100")->capture_default_str();
  cmd->add_option("--seed", a->opt.seed, "seed of the writer population drawn (replication 0)")
      ->check(kSeedValidator)
      ->capture_default_str();
  cmd->add_flag("--json", a->json, "print the check as JSON (every band's numbers) instead of tables");
  cmd->callback([a, &exitCode] {
    if (a->opt.bands < 2 || a->opt.bands > 100)
      throw InputError("--bands", "expected an integer from 2 to 100, got " + std::to_string(a->opt.bands));
    const LoadedScenario sc = loadScenario(a->scenario, a->set);
    const auto checks = checkMenus(sc.def, a->opt);
    if (a->json) std::cout << menuCheckJson(checks).dump(2) << '\n';
    else std::cout << menuCheckText(checks);
    exitCode = 0;
  });
}

}  // namespace mutualab::cli
