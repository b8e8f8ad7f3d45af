// mutualab presets | price | fee-rules | strategies | metrics: the listings
// and the pricing calculator.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "agents/registry.h"
#include "core/black_scholes.h"
#include "core/errors.h"
#include "core/fee_rules.h"
#include "core/format_number.h"
#include "core/metrics.h"
#include "experiments/metric_intervals.h"
#include "core/scenario_json.h"
#include "core/suggest.h"
#include "experiments/presets.h"
#include "native/commands.h"
#include "native/param_listing.h"

namespace mutualab::cli {

void addPresets(CLI::App& app, int& exitCode) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("presets", "List the built-in scenarios, each with what it shows");
  cmd->footer("Run one with `mutualab run preset:NAME`; its JSON is in experiments/presets/NAME.json.");
  cmd->add_flag("--json", *json, "print name and description as JSON");
  cmd->callback([json, &exitCode] {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : embeddedPresets()) {
      const nlohmann::json j = parseJsonText(p.json, std::string("preset:") + p.name);
      const std::string desc = j.value("description", "");
      if (*json) list.push_back({{"name", p.name}, {"description", desc}});
      else std::printf("  %-24s %s\n", p.name, desc.c_str());
    }
    if (*json) std::cout << list.dump(2) << '\n';
    exitCode = 0;
  });
}

namespace {
struct PriceArgs {
  std::string kind;
  double spot = 0, strike = 0, rate = 0, vol = 0, years = 0;
};
}  // namespace

void addPrice(CLI::App& app, int& exitCode) {
  auto a = std::make_shared<PriceArgs>();
  CLI::App* cmd = app.add_subcommand("price", "Black-Scholes price and greeks of a European option, as JSON");
  cmd->footer(
      "Rates and volatility are annual with continuous compounding; greeks: vega per 1.00 of volatility,\n"
      "theta per year. Example (Hull): mutualab price --kind call --spot 42 --strike 40 --rate 0.1 --vol 0.2 --years 0.5");
  cmd->add_option("--kind", a->kind, "call or put")->required();
  cmd->add_option("--spot", a->spot, "underlying price, in (0, 1e12]")->required();
  cmd->add_option("--strike", a->strike, "strike price, in (0, 1e12], within 10^12 of the spot")->required();
  cmd->add_option("--rate", a->rate, "risk-free rate, annual, continuous (e.g. 0.05), in [-1, 1]")->required();
  cmd->add_option("--vol", a->vol, "volatility, annual (e.g. 0.2), in [0, 10]")->required();
  cmd->add_option("--years", a->years, "time to expiry in years, in [0, 100]")->required();
  cmd->callback([a, &exitCode] {
    if (a->kind != "call" && a->kind != "put") throw InputError("--kind", "expected call or put, got '" + a->kind + "'");
    BsInputs in;
    in.kind = a->kind == "call" ? OptionKind::Call : OptionKind::Put;
    in.spot = a->spot;
    in.strike = a->strike;
    in.rate = a->rate;
    in.vol = a->vol;
    in.years = a->years;
    requireBsDomain(in, "--");
    const BsGreeks g = blackScholes(in);
    nlohmann::ordered_json j = {{"kind", a->kind}, {"spot", a->spot},   {"strike", a->strike}, {"rate", a->rate},
                        {"vol", a->vol},   {"years", a->years}, {"price", g.price},    {"delta", g.delta},
                        {"gamma", g.gamma}, {"vega", g.vega},   {"theta", g.theta},    {"rho", g.rho}};
    std::cout << j.dump(2) << '\n';
    exitCode = 0;
  });
}

namespace {
// Whether `name` selects entries of `table` ("" selects all).
template <class Table>
bool anyNamed(const Table& table, const std::string& name) {
  for (const auto& e : table)
    if (name.empty() || name == e.name) return true;
  return false;
}

template <class Table>
void addNames(const Table& table, std::vector<std::string>& names) {
  for (const auto& e : table)
    if (std::find(names.begin(), names.end(), e.name) == names.end()) names.emplace_back(e.name);
}

// An unknown NAME argument: bad input naming the valid ones.
InputError unknownEntry(const std::string& name, const char* what, const std::vector<std::string>& valid) {
  std::string list;
  for (const auto& v : valid) list += (list.empty() ? "" : ", ") + v;
  std::string message = std::string("unknown ") + what + " '" + name + "'; valid: " + list;
  if (const std::string near = nearestName(name, valid); !near.empty()) message += " (did you mean '" + near + "'?)";
  return InputError("NAME", message);
}

template <class Table>
void printEntries(const Table& table, const std::string& name, int nameWidth) {
  for (const auto& e : table)
    if (name.empty() || name == e.name) std::printf("%s\n", entryListing(e.name, e.description, e.params, nameWidth).c_str());
}
}  // namespace

void addListings(CLI::App& app, int& exitCode) {
  const char* columns = "Each parameter: key, default, allowed values and unit, meaning. Set them in a scenario's ";
  auto feeName = std::make_shared<std::string>();
  CLI::App* fees = app.add_subcommand("fee-rules", "List the pool's fee rules, each parameter with its default, range, unit and meaning");
  fees->add_option("NAME", *feeName, "show only this rule");
  fees->footer(std::string(columns) + "pool.feeRule.params (docs/scenario-reference.md).");
  fees->callback([feeName, &exitCode] {
    if (!anyNamed(feeRules(), *feeName)) {
      std::vector<std::string> valid;
      addNames(feeRules(), valid);
      throw unknownEntry(*feeName, "fee rule", valid);
    }
    for (const auto& r : feeRules()) {
      if (!feeName->empty() && *feeName != r.name) continue;
      std::printf("%s", entryListing(r.name, r.description, r.params, 14).c_str());
      if (std::string(r.name) == "formula") {
        std::string names;
        for (const auto& v : formulaVariables()) names += (names.empty() ? "" : ", ") + v;
        std::printf("    names: %s\n", wrapText(names + " (docs/model.md, \"Formula fees\")", 11, 11).c_str());
      }
      std::printf("\n");
    }
    exitCode = 0;
  });
  auto strategyName = std::make_shared<std::string>();
  CLI::App* strat = app.add_subcommand("strategies", "List writer and LP strategies, each parameter with its default, range, unit and meaning");
  strat->add_option("NAME", *strategyName, "show only this strategy (a writer's, an LP's, or both when both have the name)");
  strat->footer(std::string(columns) + "writers.strategies[].params or lps.strategies[].params.");
  strat->callback([strategyName, &exitCode] {
    const std::string& name = *strategyName;
    const bool writers = anyNamed(writerStrategies(), name), lps = anyNamed(lpStrategies(), name);
    if (!writers && !lps) {
      std::vector<std::string> valid;
      addNames(writerStrategies(), valid);
      addNames(lpStrategies(), valid);
      throw unknownEntry(name, "strategy", valid);
    }
    if (writers) {
      std::printf("writer strategies (writers.strategies[].name):\n");
      printEntries(writerStrategies(), name, 18);
    }
    if (lps) {
      std::printf("LP strategies (lps.strategies[].name):\n");
      printEntries(lpStrategies(), name, 18);
    }
    exitCode = 0;
  });
  CLI::App* metrics = app.add_subcommand("metrics", "Explain every column of summary.json, timeseries.csv and series.csv");
  metrics->callback([&exitCode] {
    // Each metric with the method of its 95% interval (experiments/metric_intervals.h).
    auto line = [](const char* name, const char* help) {
      std::printf("  %-28s %-17s %s\n", name, (std::string("[") + intervalText(intervalOf(name)) + "]").c_str(), help);
    };
    std::printf("ci95 methods: [t] Student t; [t, >= 0] t cut at 0 (amounts that cannot be negative);\n"
                "[logit] t on the logit scale, inside (0, 1) (shares); [Wilson] Wilson score (0/1 outcomes);\n"
                "[censored median] median step with replications that never got there counted as beyond\n"
                "the end, CI from order statistics (null end: beyond the end, or under 6 replications).\n"
                "Units: shares, probabilities, returns and fee rates are fractions in the files (0.05 = 5 %%;\n"
                "the terminal prints them as percent); amounts are in the scenario's currency; returns and\n"
                "volatility are per year unless the line says per step.\n\n");
    std::printf("summary.json (mean over replications; ci95 holds [lo, hi]):\n");
    for (const auto& m : kSummaryMetricInfo) line(m.name, m.help);
    std::printf("  %-28s %-17s %s\n", "unraveled_share", "[Wilson]", "share of replications that unraveled by the end");
    std::printf("  %-28s %-17s %s\n", "participation_by_theta_decile", "[logit]", "pool participation per theta decile (10 numbers, safest first)");
    std::printf("\ntimeseries.csv (per step, mean over replications; empty = undefined) and series.csv (the same\n"
                "columns per replication, long form: replication, step, day, then these; the [method] is the\n"
                "interval of a step's mean over replications):\n");
    for (const auto& m : kStepMetricInfo)
      if (m.help[0]) line(m.name, m.help);
    std::printf("\nscenarios with pools: summary.json pools[] (and replications.csv, sweep.csv columns POOL.NAME):\n");
    for (const auto& m : kPoolSummaryMetricInfo) line(m.name, m.help);
    std::printf("\nscenarios with pools: timeseries.csv and series.csv columns POOL.NAME, per step:\n");
    for (const auto& m : kPoolStepMetricInfo) line(m.name, m.help);
    std::printf("\nscenarios with pools: summary.json contagion:\n");
    line("backstop_paid", "matrix: what each pool's fee shares (and the initial capital) paid toward each pool's claims");
    line("lp_capital_moved", "matrix: LP capital that migrated from pool i to pool j");
    line("pools_defaulted", "pools with a claim that reached the backstop or went unpaid, per replication");
    line("joint_default_probability", "share of replications where two or more pools defaulted (Wilson CI)");
    line("backstop_final", "the shared backstop's balance at the end, currency");
    line("backstop_lowest", "its lowest balance after any step, currency");
    std::printf("\npools with a screening menu: summary.json menu[], one per contract with its pool and contract names\n"
                "(and replications.csv columns POOL.CONTRACT.NAME; the one pool is called pool):\n");
    for (const auto& m : kContractSummaryMetricInfo) line(m.name, m.help);
    std::printf("\npools whose shares trade (shareMarket.enabled): summary.json share_market[] (and replications.csv):\n");
    for (const auto& m : kShareMarketSummaryMetricInfo) line(m.name, m.help);
    std::printf("\npools whose shares trade: timeseries.csv and series.csv columns [POOL.]NAME, per step:\n");
    for (const auto& m : kShareMarketStepMetricInfo) line(m.name, m.help);
    std::printf("\npools that admit by VaR (admission rule \"var\"): summary.json admission[] (and replications.csv):\n");
    for (const auto& m : kAdmissionSummaryMetricInfo) line(m.name, m.help);
    std::printf("\npools that admit by VaR: timeseries.csv and series.csv columns [POOL.]NAME, per step (empty at\n"
                "steps where the pool admits by ratio, and the measure's before its first):\n");
    for (const auto& m : kAdmissionStepMetricInfo) line(m.name, m.help);
    exitCode = 0;
  });
}

}  // namespace mutualab::cli
