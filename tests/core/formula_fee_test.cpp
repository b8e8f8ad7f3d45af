// Formula fees: an expression reads exactly the values it names, a formula
// written as a built-in rule's formula quotes and runs exactly as that rule,
// bad expressions are refused at load with the JSON path and the position,
// and a fee that is not a finite number >= 0 never reaches the ledger.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "agents/registry.h"
#include "core/fee_rules.h"
#include "core/scenario_json.h"
#include "core/world.h"
#include "experiments/load_scenario.h"
#include "experiments/presets.h"
#include "support/fee_fixtures.h"
#include "support/input_error.h"

using namespace mutualab;
using json = nlohmann::json;

namespace {

// The shared put, with a rate and a cover share to read back.
FeeQuoteInput putQuote() {
  FeeQuoteInput q = testing::putQuote();
  q.writer = 1;
  q.rate = 0.01;
  q.coverShare = 0.9;
  return q;
}

// The shared history, with every pool value set.
struct History : testing::History {
  FeeContext ctx() const {
    FeeContext c = testing::History::ctx(0.02, 0.35);
    c.experience.pooledExpectedRate = 0.006;
    c.experience.modelRatio = 1.5;
    c.nav = 0.97;
    c.fundRatio = 0.08;
    c.lpCount = 12;
    c.step = 42;
    return c;
  }
};

double quote(const std::string& fee, const FeeQuoteInput& q, const FeeContext& c, double k = 20.0) {
  return makeFeeRule(FeeRuleDef{"formula", {{"fee", fee}, {"k", k}}})->quote(q, c);
}

}  // namespace

TEST_CASE("a formula reads the position, its greeks, the writer's history and the pool", "[fee_rules][formula]") {
  const History h;
  const FeeContext c = h.ctx();
  const FeeQuoteInput q = putQuote();
  const BsGreeks g = blackScholes({q.kind, q.spot, q.strike, q.rate, q.pricingVol, q.years});
  CHECK(quote("notional", q, c) == 1000);
  CHECK(quote("spot + strike + units + years + vol + rate", q, c) == 2000 + 1800 + 0.5 + 30.0 / 365.0 + 0.7 + 0.01);
  CHECK(quote("put", q, c) == 1);
  CHECK(quote("expected_cover", q, c) == modelExpectedCover(q));
  CHECK(quote("cover_share", q, c) == 0.9);
  CHECK(quote("delta", q, c) == g.delta * 0.5);
  CHECK(g.delta < 0);  // a put
  CHECK(quote("gamma", q, c) == g.gamma * 0.5);
  CHECK(quote("vega", q, c) == g.vega * 0.5);
  CHECK(quote("settled", q, c) == 40);
  CHECK(quote("loss_rate", q, c) == 0.1);
  CHECK(quote("Z", q, c, 40.0) == 0.5);  // n = k: credibility 1/2
  CHECK(quote("utilization", q, c) == 0.35);
  CHECK(quote("pool_loss_rate + pool_expected_rate + initial_loss_rate", q, c) == 0.02 + 0.006 + 0.004);
  CHECK(quote("model_ratio", q, c) == 1.5);
  CHECK(quote("nav", q, c) == 0.97);
  CHECK(quote("fund_ratio", q, c) == 0.08);
  CHECK(quote("lps", q, c) == 12);
  CHECK(quote("step", q, c) == 42);
  CHECK(quote("step > 40 ? 2 * notional : notional", q, c) == 2000);
  CHECK(quote("min(3, max(1, 2)) + sqrt(16)", q, c) == 6);
}

TEST_CASE("a formula written as the flat or credibility rule quotes exactly as that rule", "[fee_rules][formula]") {
  const History h;
  FeeQuoteInput q = putQuote();
  const FeeContext c = h.ctx();
  const auto flat = makeFeeRule(FeeRuleDef{"flat", {{"loading", 0.2}}});
  const auto cred = makeFeeRule(FeeRuleDef{"credibility", {{"loading", 0.1}, {"k", 30.0}}});
  for (int w = 0; w < 2; ++w) {
    q.writer = w;
    CHECK(quote("(1 + 0.2) * max(0, pool_expected_rate) * notional", q, c) == flat->quote(q, c));
    CHECK(quote("(1 + 0.1) * max(0, Z * loss_rate + (1 - Z) * pool_expected_rate) * notional", q, c, 30.0) ==
          cred->quote(q, c));
  }
}

TEST_CASE("a run priced by a formula equal to the flat rule is the flat rule's run, step for step", "[fee_rules][formula][world]") {
  ScenarioDef flat = scenarioFromJson(parseJsonText(findPreset("akerlof-flat-fee"), "akerlof-flat-fee"));
  flat.sim.steps = 200;
  REQUIRE(flat.pool.feeRule.name == "flat");
  ScenarioDef formula = flat;
  const double loading = flat.pool.feeRule.params.value("loading", 0.2);
  REQUIRE(flat.pool.feeRule.params.value("basis", std::string("expected")) == "expected");
  REQUIRE(flat.pool.feeRule.params.value("minRate", 0.0) == 0.0);
  formula.pool.feeRule = {"formula", {{"fee", "(1 + " + std::to_string(loading) + ") * max(0, pool_expected_rate) * notional"}}};
  REQUIRE(std::stod(std::to_string(loading)) == loading);  // the literal is the same number
  World a(flat, 4, 0, makeStrategies(flat)), b(formula, 4, 0, makeStrategies(formula));
  while (!a.done()) {
    a.step();
    b.step();
    const auto ra = a.metricsRow(a.currentStep()), rb = b.metricsRow(b.currentStep());
    for (size_t m = 0; m < ra.size(); ++m)
      if (!(std::isnan(ra[m]) && std::isnan(rb[m]))) REQUIRE(ra[m] == rb[m]);
  }
  CHECK(a.summarize()[SummaryMetric::Trades] > 0);
  CHECK(b.summarize()[SummaryMetric::FeeQuotesRefused] == 0);
}

TEST_CASE("a formula that yields no finite fee >= 0 refuses the quote, counts it, and moves no money", "[fee_rules][formula][world]") {
  auto run = [](const std::string& fee) {
    json j = {{"name", "refusals"},
              {"sim", {{"steps", 120}}},
              {"writers", {{"count", 100}, {"strategies", {{{"name", "always-pool"}, {"share", 1.0}}}}}},
              {"pool", {{"feeRule", {{"name", "formula"}, {"params", {{"fee", fee}}}}}}}};
    const ScenarioDef def = scenarioFromJson(j);
    auto w = std::make_unique<World>(def, 9, 0, makeStrategies(def));
    long pooledBefore60 = 0;
    while (!w->done()) {
      w->step();
      REQUIRE(w->ledger().total() == 0);
      if (w->currentStep() == 59) pooledBefore60 = static_cast<long>(w->pool(0).pooledTotal);
    }
    return std::make_pair(std::move(w), pooledBefore60);
  };
  // Negative for the first 60 steps, then the model's expected cover.
  auto [w, before] = run("step < 60 ? -1 : 1.3 * expected_cover");
  const RepSummary s = w->summarize();
  INFO("refused " << s[SummaryMetric::FeeQuotesRefused] << ", pooled before step 60: " << before << ", trades "
                  << s[SummaryMetric::Trades]);
  CHECK(s[SummaryMetric::FeeQuotesRefused] > 100);
  CHECK(before == 0);
  CHECK(w->pool(0).pooledTotal > 0);

  for (const char* bad : {"sqrt(-1)", "1 / 0", "-notional"}) {
    auto [v, unused] = run(bad);
    const RepSummary r = v->summarize();
    INFO(bad);
    CHECK(r[SummaryMetric::FeeQuotesRefused] > 0);
    CHECK(v->pool(0).pooledTotal == 0);
    CHECK(r[SummaryMetric::PooledShare] == 0);
  }
}

TEST_CASE("a bad formula is refused at load with its JSON path, position and the variables", "[fee_rules][formula][bad-input]") {
  using testing::requireInputError;
  auto load = [](const json& feeRule, bool pools = false) {
    json j = {{"name", "bad"}};
    if (pools)
      j["pools"] = {{{"name", "a"}}, {{"name", "b"}, {"feeRule", feeRule}}};
    else
      j["pool"] = {{"feeRule", feeRule}};
    validateRegistries(scenarioFromJson(j));
  };
  requireInputError([&] { load({{"name", "formula"}, {"params", {{"fee", "1.2 * expected_cove"}}}}); },
                    "/pool/feeRule/params/fee", "unknown name 'expected_cove' (did you mean 'expected_cover'?) at character 7");
  // A number beyond a double, and a stray character, are called what they are (not "unknown name").
  requireInputError([&] { load({{"name", "formula"}, {"params", {{"fee", "1e400 * notional"}}}}); },
                    "/pool/feeRule/params/fee", "cannot read the number '1e400' (a number must be at most about 1.8e308) at character 1");
  requireInputError([&] { load({{"name", "formula"}, {"params", {{"fee", "0.01*notional; 1"}}}}); },
                    "/pool/feeRule/params/fee", "unexpected character ';' at character 14");
  requireInputError([&] { load({{"name", "formula"}, {"params", {{"fee", "(1 + notional"}}}}); },
                    "/pool/feeRule/params/fee", "variables: notional, spot");
  requireInputError([&] { load({{"name", "formula"}, {"params", {{"fee", ""}}}}); }, "/pool/feeRule/params/fee",
                    "expected a non-empty expression");
  requireInputError([&] { load({{"name", "formula"}, {"params", {{"fee", 0.01}}}}); }, "/pool/feeRule/params/fee",
                    "expected a string (the fee, an expression over the names `mutualab fee-rules formula` lists), got number 0.01");
  requireInputError([&] { load({{"name", "formula"}, {"params", {{"fee", "Z"}, {"k", 0}}}}); },
                    "/pool/feeRule/params/k", "");
  requireInputError([&] { load({{"name", "formula"}, {"params", {{"fee", "notional = 3"}}}}); },
                    "/pool/feeRule/params/fee", "an assignment ('=') at character 10");
  requireInputError([&] { load({{"name", "formula"}, {"params", {{"fee", "notional, spot"}}}}); },
                    "/pool/feeRule/params/fee", "gives 2 results");
  requireInputError([&] { load({{"name", "formula"}, {"params", {{"fee", std::string("notional\n")}}}}); },
                    "/pool/feeRule/params/fee", "a control character at character 9 of \"notional\\n\"");
  requireInputError([&] { load({{"name", "formula"}, {"params", {{"fee", std::string(5000, '(') + "1"}}}}); },
                    "/pool/feeRule/params/fee", "(5001 characters)");
  requireInputError([&] { load({{"name", "formula"}, {"params", {{"fee", "notional * zz"}}}}, true); },
                    "/pools/1/feeRule/params/fee", "unknown name 'zz'");
}
