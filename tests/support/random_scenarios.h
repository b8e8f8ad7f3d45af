// Random valid scenarios for the property tests (tests/core/properties_test.cpp,
// tests/experiments/properties_test.cpp): a fixed-seed sequence of scenarios
// drawn inside the documented ranges (docs/scenario-reference.md), each run
// through the real validator, that together use every fee rule, every writer
// and LP strategy and every learner in the registries. Most numbers are
// typical values; a few (kEdgeChance each) sit at an end of their range.
//
// Coverage comes from the registries themselves, not from a list here:
// scenario k uses fee rule k mod (number of rules) and has one writer and one
// LP strategy taken round-robin from the tables, plus 0-2 random others; each
// learning entry takes the next learner round-robin. A new registry entry is
// therefore drawn without editing this file (with its default parameters,
// until a drawer for its parameters is added below), and the tests check
// that every entry was actually exercised.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <nlohmann/json.hpp>

#include "agents/learning/learner.h"
#include "agents/registry.h"
#include "core/errors.h"
#include "core/fee_rules.h"
#include "core/rng.h"
#include "experiments/load_scenario.h"

namespace mutualab::testing {

struct DrawnScenario {
  int index = 0;
  nlohmann::json drawn;                 // what the generator produced
  std::optional<LoadedScenario> loaded; // the validated scenario; empty if the validator refused it
  std::string error;                    // the validator's message when it refused
};

class ScenarioDrawer {
 public:
  explicit ScenarioDrawer(std::uint64_t seed) : rng_(makeEngine(seed, 0, AgentKind::Market, 0, Purpose::Test)) {}

  // 200 scenarios (under a second in Release), and more if the registries
  // grow: each registry entry must be the round-robin pick at least twice,
  // and each learner picked twice by both learning entries.
  static int countToCoverRegistries() {
    const int nFee = static_cast<int>(feeRules().size());
    const int nW = static_cast<int>(writerStrategies().size());
    const int nL = static_cast<int>(lpStrategies().size());
    const int nLearn = static_cast<int>(learners().size());
    return std::max({200, 2 * nFee * kPoolOffEvery, 2 * nW * nLearn, 2 * nL * nLearn});
  }

  // Every kPoolOffEvery-th round of the fee rules runs with the pool disabled
  // (siloed only), so every rule still appears with the pool on.
  static constexpr int kPoolOffEvery = 5;

  nlohmann::json draw(int k) {
    using nlohmann::json;
    const int nFee = static_cast<int>(feeRules().size());
    json s;
    s["name"] = "property-" + std::to_string(k);

    const int steps = integer(30, 120);
    s["sim"] = {{"steps", steps},
                {"stepDays", pick<double>({1.0, 1.0, 1.0, 0.5, 7.0})},
                {"daysPerYear", pick<double>({365.0, 365.0, 360.0, 252.0})},
                {"unravelShare", typical(0.0, 0.5, 0.0, 1.0)},
                {"warmupSteps", chance(kEdgeChance) ? steps + 10 : integer(0, 40)}};  // warm-up past the horizon is allowed

    // Market: one or two assets, sometimes jumps, regimes and a crash. Its
    // edges are milder than the validator's (vol 10, 365 jumps a year): over
    // a few hundred days those overflow prices by design, which the scenario
    // reference accepts as "swamps everything else".
    const int assets = chance(0.25) ? 2 : 1;
    json list = json::array();
    for (int a = 0; a < assets; ++a) {
      list.push_back({{"name", a == 0 ? "ETH" : "BTC"},
                      {"spot", chance(kEdgeChance) ? pick<double>({1e-3, 1e6}) : logUniform(50.0, 50000.0)},
                      {"driftAnnual", typical(-0.5, 0.5, -2.0, 2.0)},
                      {"volAnnual", typical(0.1, 1.5, 0.01, 3.0)},
                      {"jumpIntensityAnnual", chance(0.4) ? 0.0 : typical(0.0, 20.0, 0.0, 50.0)},
                      {"jumpMeanLog", typical(-0.5, 0.1, -1.0, 0.3)},
                      {"jumpSdLog", typical(0.0, 0.3, 0.0, 0.5)}});
    }
    s["market"]["assets"] = list;
    if (assets == 2) {
      const double rho = typical(-0.9, 0.9, -1.0, 1.0);  // +-1: a singular matrix, which is valid
      s["market"]["correlation"] = {{1.0, rho}, {rho, 1.0}};
    }
    if (chance(0.3)) {
      s["market"]["regime"] = {{"enabled", true},
                               {"stressVolMultiplier", typical(1.0, 4.0, 0.5, 5.0)},
                               {"stressJumpMultiplier", typical(0.0, 5.0, 0.0, 10.0)},
                               {"pCalmToStress", typical(0.0, 0.05, 0.0, 1.0)},
                               {"pStressToCalm", typical(0.02, 0.3, 0.0, 1.0)}};
    }
    s["market"]["rateAnnual"] = typical(-0.02, 0.08, -0.2, 0.3);
    s["market"]["pricingVol"] = chance(0.7) ? "ewma" : "fixed";
    s["market"]["ewmaLambda"] = typical(0.8, 0.99, 0.01, 0.999);

    s["positions"] = {{"putShare", typical(0.0, 1.0, 0.0, 1.0)},
                      {"tenorSteps", chance(kEdgeChance) ? pick<int>({1, steps + 30}) : integer(1, 60)},
                      {"notional", chance(kEdgeChance) ? pick<double>({1.0, 1e6}) : logUniform(100.0, 10000.0)},
                      {"otmSafe", typical(0.0, 0.4, 0.0, 0.95)},
                      {"otmRisky", typical(0.0, 0.3, 0.0, 0.95)},
                      {"otmNoise", typical(0.0, 0.1, 0.0, 0.5)},
                      {"signalNoiseSd", typical(0.0, 0.5, 0.0, 10.0)},
                      {"hiddenJumpProb", typical(0.0, 0.3, 0.0, 1.0)},
                      {"hiddenJumpSize", typical(0.0, 0.6, 0.0, 0.99)},
                      {"callMaxLossMultiple", typical(0.5, 3.0, 0.01, 100.0)}};

    // Writers: theta's sd stays below the Beta bound sqrt(m(1-m)); sometimes
    // 0, and then theta may sit at 0 or 1.
    const bool thetaFixed = chance(0.1);
    const double thetaMean = thetaFixed ? typical(0.05, 0.95, 0.0, 1.0) : uniform(0.05, 0.95);
    const double thetaSd = thetaFixed ? 0.0 : uniform(0.0, 0.9) * std::sqrt(thetaMean * (1.0 - thetaMean));
    const double writerCapital = chance(kEdgeChance) ? pick<double>({1.0, 1e8}) : logUniform(5000.0, 200000.0);
    s["writers"] = {{"count", integer(20, 200)},
                    {"theta", {{"mean", thetaMean}, {"sd", thetaSd}}},
                    {"capital", {{"mean", writerCapital}, {"sd", typical(0.0, 0.5, 0.0, 10.0) * writerCapital}}},
                    {"costOfCapitalAnnual", typical(0.0, 0.2, 0.0, 10.0)},
                    {"premiumMarkup", typical(0.0, 1.5, -0.99, 10.0)},
                    {"riskAversion", {{"mean", typical(0.0, 5.0, 0.0, 100.0)}, {"sd", typical(0.0, 2.0, 0.0, 100.0)}}},
                    {"strategies", writerMix(k)}};

    const double lpCapital = chance(kEdgeChance) ? pick<double>({1.0, 1e8}) : logUniform(500.0, 50000.0);
    const double lpAversion = typical(0.5, 5.0, 0.01, 100.0);
    s["lps"] = {{"count", chance(0.05) ? 0 : integer(1, 60)},
                {"capital", {{"mean", lpCapital}, {"sd", typical(0.0, 0.5, 0.0, 10.0) * lpCapital}}},
                {"riskAversion", {{"mean", lpAversion}, {"sd", typical(0.0, 0.5, 0.0, 10.0) * lpAversion}}},
                {"outsideRateAnnual", {{"mean", typical(-0.02, 0.15, -1.0, 1.0)}, {"sd", typical(0.0, 0.03, 0.0, 1.0)}}},
                {"horizonSteps", chance(0.7) ? 0 : integer(1, 100)},
                {"earlyWarningShare", typical(0.0, 1.0, 0.0, 1.0)},
                {"earlyWarningAccuracy", typical(0.5, 1.0, 0.0, 1.0)},
                {"earlyWarningLeadSteps", integer(0, 10)},
                {"initialDepositFraction", typical(0.1, 1.0, 0.0, 1.0)},
                {"yieldPriorAnnual", typical(0.0, 0.3, -1.0, 10.0)},
                {"yieldHalfLifeSteps", typical(5.0, 200.0, 0.1, 100000.0)},
                {"strategies", lpMix(k)}};

    const double markupMin = typical(-0.2, 0.8, -0.99, 10.0);
    s["buyers"] = {{"arrivalsPerWriterPerStep", typical(0.02, 0.5, 0.001, 5.0)},
                   {"reservationMarkupMin", markupMin},
                   {"reservationMarkupMax", std::min(10.0, markupMin + typical(0.0, 1.0, 0.0, 10.0))},
                   {"informedShare", chance(0.5) ? 0.0 : typical(0.0, 0.6, 0.0, 1.0)},
                   {"informedLookaheadSteps", integer(0, 10)}};

    const FeeRuleInfo& rule = feeRules()[static_cast<size_t>(k % nFee)];
    s["pool"] = {{"enabled", (k / nFee) % kPoolOffEvery != kPoolOffEvery - 1},
                 {"writerCollateralRatio", typical(0.0, 1.0, 0.0, 10.0)},
                 {"siloCollateralRatio", typical(0.5, 1.5, 0.01, 10.0)},
                 {"retainedShare", typical(0.0, 0.5, 0.0, 1.0)},
                 {"minCollateralRatio", typical(0.0, 1.0, 0.0, 100.0)},
                 {"maxPositionsPerWriter", chance(kEdgeChance) ? 0 : integer(1, 50)},
                 {"maxPositions", chance(0.2) ? integer(0, 200) : 100000},
                 {"insuranceFeeShare", typical(0.0, 1.0, 0.0, 1.0)},
                 {"insuranceFundInitial", chance(0.5) ? 0.0 : typical(0.0, 1e5, 0.0, 1e9)},
                 {"backstopCapital", chance(0.5) ? 0.0 : typical(0.0, 1e5, 0.0, 1e9)},
                 {"lockupSteps", chance(0.5) ? 0 : integer(1, 60)},
                 {"noticeSteps", chance(0.5) ? 0 : integer(1, 20)},
                 {"exitFee", chance(0.5) ? 0.0 : typical(0.0, 0.2, 0.0, 0.99)},
                 {"gateShare", typical(0.05, 1.0, 0.001, 1.0)},
                 {"markToModel", chance(0.8)},
                 {"feeRule", {{"name", rule.name}, {"params", feeParams(rule.name)}}}};

    s["shock"] = {{"step", chance(0.7) ? -1 : integer(1, steps + 10)}, {"logJump", typical(-1.5, 0.3, -3.0, 1.0)}};
    // Drawn last, so the draws above are those of the one-pool generator.
    if (chance(kPoolsChance)) addPools(s, k);
    addGovernance(s, k);
    addMenu(s, k);
    addShareMarket(s, k);
    addRule(s, k);
    return s;
  }

  // One scenario in three: the (first) pool offers a menu of 2-3 contracts,
  // with fixed rates or the pool's own rule. From the index, not the stream.
  static void addMenu(nlohmann::json& s, int k) {
    std::uint64_t h = splitmix64(static_cast<std::uint64_t>(k) * 131 + 11);
    if (h % 3 != 0) return;
    auto unit = [&h] {  // the next number in [0, 1) of the index's own sequence
      h = splitmix64(h);
      return static_cast<double>(h >> 11) * 0x1.0p-53;
    };
    nlohmann::json menu = nlohmann::json::array();
    const int n = 2 + static_cast<int>(unit() * 2.0);
    for (int c = 0; c < n; ++c) {
      nlohmann::json contract = {{"name", "c" + std::to_string(c)}, {"coverage", unit()}};
      if (unit() < 0.25) contract["firstLoss"] = 1.0 + unit() * 2000.0;
      else contract["collateralRatio"] = unit() * 1.2;
      if (unit() < 0.7) contract["feeRule"] = {{"name", "fixed-rate"}, {"params", {{"rate", unit() * 0.05}}}};
      menu.push_back(contract);
    }
    if (s.contains("pools")) s["pools"][0]["menu"] = menu;
    else s["pool"]["menu"] = menu;
  }

  // One scenario in four: the pool's shares (every pool's, with `pools`)
  // trade between LPs, on terms drawn from the index, not the stream, so
  // the other draws stay what they were.
  static void addShareMarket(nlohmann::json& s, int k) {
    const std::uint64_t h = splitmix64(static_cast<std::uint64_t>(k) * 53 + 13);
    if (h % 4 != 1) return;
    const double maxDiscount = 0.1 + 0.8 * static_cast<double>((h >> 8) % 100) / 100.0;  // [0.1, 0.9)
    s["pool"]["shareMarket"] = {{"enabled", true},
                                {"bargainCashShare", static_cast<double>((h >> 16) % 101) / 100.0},  // [0, 1]
                                {"minDiscount", std::min(0.05, maxDiscount)},
                                {"volDiscount", static_cast<double>((h >> 24) % 4) * 0.1},
                                {"drawdownDiscount", static_cast<double>((h >> 32) % 4) * 0.2},
                                {"maxDiscount", maxDiscount},
                                {"maxWaitSteps", static_cast<int>((h >> 40) % 200)}};
  }

  // One scenario in four: governance halfway through switches a pool's fee
  // rule (to its defaults) and exit fee, and with pools the backstop's fee
  // share. Chosen from the index, not the stream, so the other draws stay.
  static void addGovernance(nlohmann::json& s, int k) {
    const std::uint64_t h = splitmix64(static_cast<std::uint64_t>(k) * 31 + 7);
    if (h % 4 != 0) return;
    const auto& rules = feeRules();
    const std::string rule = rules[static_cast<size_t>((h >> 8) % rules.size())].name;
    const int steps = s["sim"]["steps"].get<int>();
    const std::string pool = s.contains("pools") ? "pools/0/" : "pool/";
    nlohmann::json set = {pool + "feeRule/name=" + rule, pool + "exitFee=0.01"};
    if (s.contains("pools")) set.push_back("backstop/feeShare=0");
    s["governance"] = {{"schedule", {{{"step", std::max(1, steps / 2)}, {"set", set}}}}};
  }

  // Another quarter of the indices (bits of the same hash, so some have a
  // schedule too): a rule on pool 0's state gates LP exits after a timelock
  // and cooldown, firing without limit. From the index, not the stream.
  static void addRule(nlohmann::json& s, int k) {
    const std::uint64_t h = splitmix64(static_cast<std::uint64_t>(k) * 31 + 7);
    if ((h >> 20) % 4 != 1) return;
    static const char* kWhen[] = {"utilization > 0.5", "pool_loss_rate > initial_loss_rate", "nav < 0.98", "step >= 3"};
    const int steps = s["sim"]["steps"].get<int>();
    const std::string pool = s.contains("pools") ? "pools/0/" : "pool/";
    s["governance"]["rules"] = {{{"name", "drawn"},
                                 {"when", kWhen[(h >> 24) % 4]},
                                 {"set", {pool + "exitFee=0.02", pool + "gateShare=0.5"}},
                                 {"delay", std::min(static_cast<int>((h >> 28) % 5), std::max(0, steps - 1))},
                                 {"cooldown", static_cast<int>((h >> 32) % 7)},
                                 {"maxFirings", 0}}};
  }

  // With this probability a scenario gets 1-3 `pools`, a shared backstop,
  // maybe chains with bridges, and maybe migration.
  static constexpr double kPoolsChance = 0.3;

  // Each drawn number is, with this probability, an end of its range
  // instead of a typical value (see typical()).
  static constexpr double kEdgeChance = 0.08;

 private:
  double uniform(double lo, double hi) { return lo + (hi - lo) * boost::random::uniform_01<double>()(rng_); }
  double logUniform(double lo, double hi) { return std::exp(uniform(std::log(lo), std::log(hi))); }
  int integer(int lo, int hi) { return boost::random::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return boost::random::uniform_01<double>()(rng_) < p; }
  // A typical value in [lo, hi], or, with probability kEdgeChance, one end
  // of [edgeLo, edgeHi]: the validator's range where that is finite and
  // meaningful (docs/scenario-reference.md), the largest value below an open end.
  double typical(double lo, double hi, double edgeLo, double edgeHi) {
    if (chance(kEdgeChance)) return chance(0.5) ? edgeLo : edgeHi;
    return uniform(lo, hi);
  }
  template <typename T>
  T pick(std::initializer_list<T> options) {
    return *(options.begin() + integer(0, static_cast<int>(options.size()) - 1));
  }

  void addPools(nlohmann::json& s, int k) {
    using nlohmann::json;
    const int nFee = static_cast<int>(feeRules().size());
    const json& assets = s["market"]["assets"];
    const int nPools = integer(1, 3);
    const int nChains = chance(0.5) ? 0 : integer(1, 3);
    json chains = json::array();
    for (int c = 0; c < nChains; ++c)
      chains.push_back({{"name", "chain" + std::to_string(c)},
                        {"bridgeDelaySteps", chance(0.3) ? 0 : integer(1, 20)},
                        {"bridgeFailureProbability", typical(0.1, 0.6, 0.0, 1.0)},
                        {"bridgeCapacityPerStep", chance(0.5) ? 0.0 : typical(10.0, 1e5, 0.0, 1e9)}});
    double maxInsurance = 0;
    json pools = json::array();
    for (int p = 0; p < nPools; ++p) {
      json e = {{"name", "p" + std::to_string(p)}};
      if (assets.size() > 1 && chance(0.6)) e["assets"] = {assets[static_cast<size_t>(integer(0, 1))]["name"]};
      if (nChains > 0) e["chain"] = "chain" + std::to_string(integer(0, nChains - 1));
      const FeeRuleInfo& rule = feeRules()[static_cast<size_t>((k + p) % nFee)];
      e["feeRule"] = {{"name", rule.name}, {"params", feeParams(rule.name)}};
      e["writerCollateralRatio"] = typical(0.0, 1.0, 0.0, 10.0);
      e["retainedShare"] = typical(0.0, 0.5, 0.0, 1.0);
      e["insuranceFeeShare"] = typical(0.0, 0.5, 0.0, 1.0);
      e["lockupSteps"] = chance(0.5) ? 0 : integer(1, 30);
      e["exitFee"] = chance(0.5) ? 0.0 : typical(0.0, 0.2, 0.0, 0.99);
      maxInsurance = std::max(maxInsurance, e["insuranceFeeShare"].get<double>());
      pools.push_back(e);
    }
    s["pools"] = pools;
    s["pool"]["backstopCapital"] = 0.0;
    s["pool"]["insuranceFeeShare"] = std::min(s["pool"]["insuranceFeeShare"].get<double>(), 1.0);
    const char* coverage = pick<const char*>({"pro-rata", "first-come", "cap-per-step"});
    s["backstop"] = {{"capital", chance(0.3) ? 0.0 : typical(0.0, 1e5, 0.0, 1e9)},
                     {"feeShare", uniform(0.0, 1.0 - maxInsurance)},
                     {"coverage", coverage},
                     {"capPerPoolPerStep", typical(1.0, 1e4, 0.001, 1e9)}};
    if (nChains > 0) {
      s["chains"] = chains;
      s["backstop"]["chain"] = "chain" + std::to_string(integer(0, nChains - 1));
    }
    if (chance(0.5)) {
      s["migration"] = {{"speed", typical(0.0, 1.0, 0.0, 1.0)}, {"minGain", typical(0.0, 5.0, 0.0, 100.0)}};
      // From the index, not the stream: the scenarios drawn after this one
      // stay those whose coverage the checks were tuned on.
      s["migration"]["reach"] = (splitmix64(static_cast<std::uint64_t>(k)) & 1) ? "all" : "home";
    }
    // Mostly a crash that pools' own capital may not cover, so the backstop
    // and the bridges get work; sometimes on one asset.
    if (chance(0.7)) {
      const int steps = s["sim"]["steps"].get<int>();
      s["shock"] = {{"step", integer(5, std::max(6, steps - 20))}, {"logJump", uniform(-2.5, -0.7)}};
      if (assets.size() > 1 && chance(0.5)) s["shock"]["asset"] = assets[static_cast<size_t>(integer(0, 1))]["name"];
      s["writers"]["strategies"] = json::array({{{"name", "always-pool"}, {"share", 1.0}}});
      s["pool"]["writerCollateralRatio"] = uniform(0.0, 0.3);
      s["pool"]["enabled"] = true;
      s["positions"]["putShare"] = 1.0;
      s["backstop"]["capital"] = logUniform(1e3, 1e6);
      for (auto& e : s["pools"]) {
        e["writerCollateralRatio"] = uniform(0.0, 0.3);
        e["minCollateralRatio"] = uniform(0.02, 0.2);
        e["enabled"] = true;
      }
    }
  }

  // Parameters of the rules this file knows, drawn inside each rule's range
  // (core/fee_rules/*.cpp); any other rule runs with its defaults.
  nlohmann::json feeParams(const std::string& name) {
    if (name == "flat")
      return {{"loading", uniform(0.0, 1.0)}, {"minRate", uniform(0.0, 0.01)},
              {"basis", pick<const char*>({"expected", "experience", "fixed"})}};
    if (name == "utilization")
      return {{"baseAnnual", uniform(0.0, 0.1)}, {"slopeAnnual", uniform(0.0, 0.5)}, {"kink", uniform(0.5, 0.95)},
              {"steepAnnual", uniform(0.0, 3.0)}};
    if (name == "risk-based")
      return {{"loading", uniform(0.0, 1.0)}, {"capitalChargeAnnual", uniform(0.0, 0.3)}, {"alpha", uniform(0.01, 0.2)},
              {"minRate", uniform(0.0, 0.002)}, {"calibrate", chance(0.5)}, {"maxCalibration", uniform(1.0, 5.0)}};
    if (name == "credibility")
      return {{"loading", uniform(0.0, 1.0)}, {"k", uniform(1.0, 100.0)}, {"minRate", uniform(0.0, 0.01)},
              {"poolBasis", pick<const char*>({"expected", "experience"})}};
    if (name == "bonus-malus") {
      nlohmann::json classes = nlohmann::json::array();
      double m = uniform(0.0, 1.0);
      const int n = integer(1, 8);
      for (int c = 0; c < n; ++c, m += uniform(0.0, 1.5)) classes.push_back(m);
      return {{"classes", classes}, {"startClass", integer(0, n - 1)}, {"upOnClaim", integer(0, 4)},
              {"claimFreeSteps", integer(1, 120)}, {"loading", uniform(0.0, 1.0)},
              {"basis", pick<const char*>({"expected", "experience"})}};
    }
    if (name == "fixed-rate") return {{"rate", uniform(0.0, 0.05)}};
    if (name == "formula") {
      // Plain prices, and formulas that sometimes yield NaN, infinity or a
      // negative fee (each must refuse the quote, never reach the ledger).
      const double a = uniform(0.0, 1.0), b = uniform(0.0, 0.02);
      const std::string A = std::to_string(a), B = std::to_string(b);
      const std::string fee = pick<std::string>({
          "(1 + " + A + ") * max(" + B + ", pool_expected_rate) * notional",
          "expected_cover * (1 + " + A + ") + abs(delta) * spot * " + B,
          "(Z * loss_rate + (1 - Z) * pool_loss_rate) * notional + utilization * " + B + " * notional",
          "sin(step) < -0.5 ? -" + A + " : expected_cover * (1 + " + A + ")",
          "sqrt(pool_loss_rate - " + B + ") * notional",
          "nav < 0.95 ? 1 / 0 : vega * vol * " + B + " + fund_ratio * notional * " + B + " + lps * " + B,
          "put ? gamma * spot ^ 2 * vol ^ 2 * years * " + A + " : log(cover_share) * notional",
          "model_ratio * initial_loss_rate * notional + (settled > 3 ? 0 : " + B + " * notional)",
      });
      return {{"fee", fee}, {"k", uniform(1.0, 100.0)}};
    }
    return nlohmann::json::object();
  }

  nlohmann::json nextLearner(int& counter) {
    const auto& table = learners();
    const LearnerInfo& l = table[static_cast<size_t>(counter++ % static_cast<int>(table.size()))];
    return {{"name", l.name}, {"params", nlohmann::json::object()}};
  }

  nlohmann::json writerParams(const std::string& name) {
    if (name == "threshold-dumping") return {{"threshold", uniform(0.0, 1.0)}};
    if (name == "expected-utility") return {{"minProfit", uniform(-5.0, 5.0)}};
    if (name == "learning")
      return {{"learner", nextLearner(writerLearner_)},
              {"mode", pick<const char*>({"choice", "threshold"})},
              {"signalBuckets", integer(1, 8)},
              {"feeBuckets", integer(1, 8)},
              {"feeBucketMaxRate", uniform(0.005, 0.1)},
              {"shared", chance(0.7)}};
    return nlohmann::json::object();
  }

  nlohmann::json lpParams(const std::string& name) {
    if (name == "yield-chaser") return {{"enterMargin", uniform(-0.05, 0.05)}, {"exitMargin", uniform(0.0, 0.1)}};
    if (name == "loss-averse") return {{"tolerance", uniform(0.0, 0.5)}, {"reenter", chance(0.5)}};
    if (name == "informed-runner")
      return {{"enterMargin", uniform(-0.05, 0.05)}, {"exitMargin", uniform(0.0, 0.1)}, {"cooldownSteps", integer(0, 60)}};
    if (name == "learning") return {{"learner", nextLearner(lpLearner_)}};
    return nlohmann::json::object();
  }

  // The round-robin entry `first` plus 0-2 distinct others, with shares that
  // are each at least ~9% and sum to 1 (the last takes the remainder).
  template <typename Table, typename ParamsOf>
  nlohmann::json mix(const Table& table, int first, ParamsOf paramsOf) {
    std::vector<int> chosen = {first};
    const int n = static_cast<int>(table.size());
    const int extra = std::min(n - 1, integer(0, 2));
    while (static_cast<int>(chosen.size()) < 1 + extra) {
      const int c = integer(0, n - 1);
      if (std::find(chosen.begin(), chosen.end(), c) == chosen.end()) chosen.push_back(c);
    }
    std::vector<double> weight;
    double total = 0;
    for (size_t i = 0; i < chosen.size(); ++i) total += weight.emplace_back(uniform(0.2, 1.0));
    nlohmann::json out = nlohmann::json::array();
    double used = 0;
    for (size_t i = 0; i < chosen.size(); ++i) {
      const double share = i + 1 == chosen.size() ? 1.0 - used : weight[i] / total;
      used += share;
      const std::string name = table[static_cast<size_t>(chosen[i])].name;
      out.push_back({{"name", name}, {"share", share}, {"params", (this->*paramsOf)(name)}});
    }
    return out;
  }

  nlohmann::json writerMix(int k) {
    const int n = static_cast<int>(writerStrategies().size());
    return mix(writerStrategies(), k % n, &ScenarioDrawer::writerParams);
  }
  nlohmann::json lpMix(int k) {
    // Shifted by one every round so writer and LP strategies meet in varying pairs.
    const int n = static_cast<int>(lpStrategies().size());
    return mix(lpStrategies(), (k + k / n) % n, &ScenarioDrawer::lpParams);
  }

  Engine rng_;
  int writerLearner_ = 0, lpLearner_ = 0;
};

// The property tests' scenarios, drawn once per test binary and shared by
// both files. The sample is fixed (seed 20240610, countToCoverRegistries()
// scenarios) so a failure reproduces; for a longer search by hand, set
// MUTUALAB_PROPERTY_SEED and MUTUALAB_PROPERTY_SCENARIOS (a failure names
// the scenario's JSON, which `mutualab run FILE` replays). Such a search
// (3 seeds x 3000 scenarios, ~17 s each) found the bugs kept as regression
// tests at the end of tests/core/properties_test.cpp.
inline const std::vector<DrawnScenario>& propertyScenarios() {
  static const std::vector<DrawnScenario> all = [] {
    const char* seedText = std::getenv("MUTUALAB_PROPERTY_SEED");
    const char* countText = std::getenv("MUTUALAB_PROPERTY_SCENARIOS");
    ScenarioDrawer drawer(seedText ? std::stoull(seedText) : 20240610);
    const int n = std::max(ScenarioDrawer::countToCoverRegistries(), countText ? std::stoi(countText) : 0);
    std::vector<DrawnScenario> out;
    for (int k = 0; k < n; ++k) {
      DrawnScenario d;
      d.index = k;
      d.drawn = drawer.draw(k);
      try {
        d.loaded = loadScenarioJson(d.drawn, {}, d.drawn["name"].get<std::string>());
      } catch (const InputError& e) {
        d.error = e.what();
      }
      out.push_back(std::move(d));
    }
    return out;
  }();
  return all;
}

}  // namespace mutualab::testing
