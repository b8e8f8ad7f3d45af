// mutualab size: Monte Carlo capital sizing of a pool of short options
// (MODEL.md section 5): VaR, expected shortfall and the capital that holds a
// target default probability; --scan shows the sqrt(N) law of pooling.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <iostream>
#include <memory>
#include <vector>

#include "core/errors.h"
#include <nlohmann/json.hpp>

#include "core/sizing.h"
#include "native/cli_validators.h"
#include "native/commands.h"

namespace mutualab::cli {

namespace {
struct SizeArgs {
  SizingDef def;
  std::string kind = "put";
  double samples = 20000;  // read as a number, so 1e5 works as in `mutualab risk`
  std::string scan;
};

// "25,100,400": every item a whole number in [1, 1000000]; an empty item is
// refused (a stray comma is a typo, not a size).
std::vector<int> parseScan(const std::string& text) {
  std::vector<int> out;
  size_t start = 0;
  for (;;) {
    const size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const std::string at = "N " + std::to_string(out.size() + 1);
    if (item.empty()) throw InputError("--scan", at + ": expected a whole number in [1, 1000000], got an empty item");
    char* end = nullptr;
    const double v = std::strtod(item.c_str(), &end);
    if (end != item.c_str() + item.size() || item.find_first_of("xX") != std::string::npos || !(v >= 1 && v <= 1'000'000) ||
        v != std::floor(v))
      throw InputError("--scan", at + ": expected a whole number in [1, 1000000], got '" + item + "'");
    out.push_back(static_cast<int>(v));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

nlohmann::json toJson(const SizingDef& d, const SizingResult& r) {
  return {{"positions", d.positions},
          {"correlation", d.correlation},
          {"default_probability", d.defaultProbability},
          {"expected_loss", r.expectedLoss},
          {"expected_loss_stderr", r.expectedLossStdErr},
          {"loss_sd", r.lossSd},
          {"value_at_risk", r.valueAtRisk},
          {"expected_shortfall", r.expectedShortfall},
          {"capital_above_expected_loss", r.capitalAboveExpectedLoss},
          {"capital_per_position", r.capitalPerPosition},
          {"tail_samples", r.tailSamples}};
}
}  // namespace

void addSize(CLI::App& app, int& exitCode) {
  auto a = std::make_shared<SizeArgs>();
  CLI::App* cmd = app.add_subcommand("size", "Monte Carlo capital a pool of short options needs for a target default probability");
  cmd->footer(
      "Each position is a short European option on its own underlying (spot 1, strike = moneyness),\n"
      "lognormal at --vol-annual; positions' log returns share one Gaussian factor with --correlation.\n"
      "Capital = VaR at 1 - p minus the expected loss (premiums cover the expected loss).\n"
      "Example - the sqrt(N) law: mutualab size --scan 25,100,400 --correlation 0\n"
      "          and without it:  mutualab size --scan 25,100,400 --correlation 0.8");
  cmd->add_option("--positions", a->def.positions, "number of positions N")->capture_default_str();
  cmd->add_option("--kind", a->kind, "put or call")->capture_default_str();
  cmd->add_option("--moneyness", a->def.moneyness, "strike / spot")->capture_default_str();
  cmd->add_option("--vol-annual", a->def.volAnnual, "volatility, annual")->capture_default_str();
  cmd->add_option("--drift-annual", a->def.driftAnnual, "expected growth of the underlying, annual")->capture_default_str();
  cmd->add_option("--tenor-years", a->def.tenorYears, "time to expiry, years")->capture_default_str();
  cmd->add_option("--notional", a->def.notional, "notional per position, currency")->capture_default_str();
  cmd->add_option("--correlation", a->def.correlation, "pairwise correlation of the positions, in [0,1]")->capture_default_str();
  cmd->add_option("--default-probability", a->def.defaultProbability, "target probability that losses exceed the capital")
      ->capture_default_str();
  cmd->add_option("--samples", a->samples, "Monte Carlo samples (2e4 or 20000)")->check(kNonEmpty)->capture_default_str();
  cmd->add_option("--seed", a->def.seed, "seed (an integer >= 0)")->check(kSeedValidator)->capture_default_str();
  cmd->add_option("--scan", a->scan, "comma-separated N values to size one after another (e.g. 25,100,400)")
      ->check(kNonEmpty);
  cmd->callback([a, &exitCode] {
    if (a->kind != "put" && a->kind != "call") throw InputError("--kind", "expected put or call, got '" + a->kind + "'");
    a->def.kind = a->kind == "put" ? OptionKind::Put : OptionKind::Call;
    a->def.samples = static_cast<int>(wholeCount(a->samples, "--samples", 1, 2147483647));
    const std::vector<int> ns = a->scan.empty() ? std::vector<int>{a->def.positions} : parseScan(a->scan);
    for (int n : ns) {  // every size checked before the first one runs
      SizingDef d = a->def;
      d.positions = n;
      validateSizingDef(d, InputSyntax::CliOption);
    }
    nlohmann::json out = nlohmann::json::array();
    for (int n : ns) {
      SizingDef d = a->def;
      d.positions = n;
      out.push_back(toJson(d, runSizing(d)));
    }
    if (ns.size() > 1) {
      // The growth law between consecutive sizes: capital ratio vs N ratio.
      for (size_t i = 1; i < out.size(); ++i) {
        const double cn = out[i]["capital_above_expected_loss"], cp = out[i - 1]["capital_above_expected_loss"];
        const double nr = static_cast<double>(ns[i]) / ns[i - 1];
        out[i]["growth_exponent_vs_previous"] = cp > 0 && cn > 0 ? std::log(cn / cp) / std::log(nr) : 0.0;
      }
    }
    std::cout << (ns.size() > 1 ? out.dump(2) : out[0].dump(2)) << '\n';
    exitCode = 0;
  });
}

}  // namespace mutualab::cli
