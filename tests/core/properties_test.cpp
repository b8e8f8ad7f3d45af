// Properties of World over random valid scenarios (tests/support/random_scenarios.h)
// that together use every fee rule, strategy and learner in the registries.
// After every step: the ledger sums to exactly zero and no account that must
// stay non-negative is negative; every per-step metric is finite, or NaN
// exactly where core/metrics.h calls it undefined; agent states are finite.
// After the run: the summary is finite, or NaN only where undefined.
// Thread-count independence is in tests/experiments/properties_test.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <string>

#include "agents/learning/learner.h"
#include "agents/registry.h"
#include "core/fee_rules.h"
#include "core/scenario_json.h"
#include "core/world.h"
#include "support/random_scenarios.h"

using namespace mutualab;
using mutualab::testing::DrawnScenario;
using mutualab::testing::propertyScenarios;

namespace {

// Collects violations instead of asserting each one: a scenario makes
// ~10^5 checks, and the first few messages say more than a count.
struct Violations {
  int count = 0;
  std::string first;
  template <typename... Parts>
  void add(Parts&&... parts) {
    if (count++ >= 8) return;
    std::ostringstream o;
    o.precision(17);
    (o << ... << parts);
    first += o.str() + "\n";
  }
};


const char* stepName(StepMetric m) { return kStepMetricInfo[static_cast<size_t>(m)].name; }
const char* summaryName(SummaryMetric m) { return kSummaryMetricInfo[static_cast<size_t>(m)].name; }
StepMetric decile(int d) { return static_cast<StepMetric>(static_cast<int>(StepMetric::D1) + d); }

// What may legitimately be NaN in row t, from what the world shows outside
// its metrics (agent states, counts), so the test does not copy phaseMetrics.
void checkRow(const World& w, Violations& v) {
  const int t = w.currentStep();
  auto at = [&](StepMetric m) { return w.metric(t, m); };

  for (int m = 0; m < kStepMetricCount; ++m)
    if (std::isinf(w.metricsRow(t)[static_cast<size_t>(m)]))
      v.add("step ", t, ": ", kStepMetricInfo[static_cast<size_t>(m)].name, " is infinite");

  // Writers' latest choices, overall and per theta decile.
  int chosen = 0, chosenInDecile[10] = {};
  bool thetaVaries = false;
  const double theta0 = w.writer(0).theta;
  for (int i = 0; i < w.writerCount(); ++i) {
    const WriterState s = w.writer(i);
    thetaVaries = thetaVaries || s.theta != theta0;
    if (s.status == WriterStatus::None) continue;
    ++chosen;
    ++chosenInDecile[s.thetaDecile];
  }
  for (StepMetric m : {StepMetric::Participation, StepMetric::SiloShare, StepMetric::AbstainShare}) {
    if (std::isnan(at(m)) != (chosen == 0)) v.add("step ", t, ": ", stepName(m), " = ", at(m), " with ", chosen, " writers having chosen");
    if (at(m) < 0 || at(m) > 1) v.add("step ", t, ": ", stepName(m), " = ", at(m), " outside [0, 1]");
  }
  if (chosen > 0) {
    const double sum = at(StepMetric::Participation) + at(StepMetric::SiloShare) + at(StepMetric::AbstainShare);
    if (std::fabs(sum - 1.0) > 1e-12) v.add("step ", t, ": pool + silo + abstain shares sum to ", sum);
  }
  for (int d = 0; d < 10; ++d) {
    const double p = at(decile(d));
    if (std::isnan(p) != (chosenInDecile[d] == 0))
      v.add("step ", t, ": ", stepName(decile(d)), " = ", p, " with ", chosenInDecile[d], " writers of the decile having chosen");
    if (p < 0 || p > 1) v.add("step ", t, ": ", stepName(decile(d)), " = ", p, " outside [0, 1]");
  }

  // ASI: undefined with nothing pooled, or when every writer has the same theta.
  const double openPooled = at(StepMetric::OpenPooled), openSiloed = at(StepMetric::OpenSiloed);
  if (openPooled == 0 && !std::isnan(at(StepMetric::Asi))) v.add("step ", t, ": asi = ", at(StepMetric::Asi), " with nothing pooled");
  if (openPooled > 0 && thetaVaries && std::isnan(at(StepMetric::Asi))) v.add("step ", t, ": asi is NaN with ", openPooled, " open pooled positions");

  // The fee rate is the mean quote of the step: none without a pool; with a
  // pool, every written position was quoted. A fee is never negative (it is
  // a transfer from the writer to the pool).
  // With several pools, positions on an asset no enabled pool underwrites
  // are quoted by none.
  bool anyEnabled = false, someoneQuotesAll = false;
  for (int k = 0; k < w.poolCount(); ++k) {
    const Pool& p = w.pool(k);
    anyEnabled = anyEnabled || p.def.enabled;
    // (A formula may refuse every quote of a step: then no fee is quoted.)
    someoneQuotesAll = someoneQuotesAll || (p.def.enabled && p.def.feeRule.name != "formula" &&
                                            std::count(p.underwrites.begin(), p.underwrites.end(), 1) ==
                                                static_cast<long>(p.underwrites.size()));
  }
  const double fee = at(StepMetric::FeeRate);
  if (!anyEnabled && !std::isnan(fee)) v.add("step ", t, ": fee_rate = ", fee, " with the pool disabled");
  if (someoneQuotesAll && at(StepMetric::Trades) > 0 && std::isnan(fee)) v.add("step ", t, ": fee_rate is NaN although positions were written");
  if (fee < 0) v.add("step ", t, ": fee_rate = ", fee, " is negative");

  // NAV: undefined exactly when no LP holds pool shares (before a fix, share
  // dust and phantom shares broke this both ways; see the regression tests below).
  double largest = 0;
  int holders = 0;
  for (int l = 0; l < w.lpCount(); ++l) {
    bool holds = false;
    for (int k = 0; k < w.poolCount(); ++k) {
      const double sh = w.pool(k).shares[static_cast<size_t>(l)];
      largest = std::max(largest, sh);
      holds = holds || sh > 0;
    }
    holders += holds ? 1 : 0;
  }
  const double nav = at(StepMetric::Nav);
  if (std::isnan(nav) && largest > 0) v.add("step ", t, ": nav is NaN while an LP holds ", largest, " shares");
  if (!std::isnan(nav) && holders == 0) v.add("step ", t, ": nav = ", nav, " while no LP holds shares");
  if (!std::isnan(nav) && nav < 0) v.add("step ", t, ": nav = ", nav, " is negative");
  if (at(StepMetric::LpCount) != holders) v.add("step ", t, ": lp_count = ", at(StepMetric::LpCount), " but ", holders, " LPs hold shares");

  if (std::isnan(at(StepMetric::LossRatio)) != (at(StepMetric::FeesCum) == 0))
    v.add("step ", t, ": loss_ratio = ", at(StepMetric::LossRatio), " with fees = ", at(StepMetric::FeesCum));
  if (std::isnan(at(StepMetric::CapEffSiloed)) != (openSiloed == 0))
    v.add("step ", t, ": capital_efficiency_siloed = ", at(StepMetric::CapEffSiloed), " with ", openSiloed, " open siloed positions");
  // Pooled capital efficiency needs capital locked behind the pooled risk:
  // writers' collateral, or the minimum ratio times a non-zero cover.
  bool poolLocksCapital = true;
  for (int k = 0; k < w.poolCount(); ++k) {
    const PoolDef& p = w.pool(k).def;
    poolLocksCapital = poolLocksCapital && (p.writerCollateralRatio > 0 || (p.minCollateralRatio > 0 && p.retainedShare < 1));
  }
  const double capEffPooled = at(StepMetric::CapEffPooled);
  if (openPooled == 0 && !std::isnan(capEffPooled)) v.add("step ", t, ": capital_efficiency_pooled = ", capEffPooled, " with nothing pooled");
  if (openPooled > 0 && poolLocksCapital && std::isnan(capEffPooled))
    v.add("step ", t, ": capital_efficiency_pooled is NaN with ", openPooled, " open pooled positions");

  // Every other metric is always defined.
  for (StepMetric m : {StepMetric::Price, StepMetric::PricingVol, StepMetric::Stress, StepMetric::Jump,
                       StepMetric::PoolCapital, StepMetric::PoolLiability, StepMetric::InsuranceFund,
                       StepMetric::Backstop, StepMetric::LossCollateral, StepMetric::LossRetained,
                       StepMetric::LossInsurance, StepMetric::LossLp, StepMetric::LossBackstop, StepMetric::Unpaid,
                       StepMetric::FeesCum, StepMetric::DefaultEver, StepMetric::LpCount, StepMetric::WithdrawalQueue,
                       StepMetric::OpenPooled, StepMetric::OpenSiloed, StepMetric::NotionalPooled,
                       StepMetric::NotionalSiloed, StepMetric::Trades, StepMetric::Refused, StepMetric::BuyerSurplus,
                       StepMetric::WriterProfit, StepMetric::LpProfit, StepMetric::LedgerImbalance})
    if (!std::isfinite(at(m))) v.add("step ", t, ": ", stepName(m), " = ", at(m), " (always defined)");

  // Balances and stocks that cannot be negative; cumulative counters that cannot fall.
  for (StepMetric m : {StepMetric::Price, StepMetric::PricingVol, StepMetric::PoolCapital, StepMetric::PoolLiability,
                       StepMetric::InsuranceFund, StepMetric::Backstop, StepMetric::WithdrawalQueue,
                       StepMetric::NotionalPooled, StepMetric::NotionalSiloed, StepMetric::Trades})
    if (at(m) < 0) v.add("step ", t, ": ", stepName(m), " = ", at(m), " is negative");
  // The backstop holds at most its capital and the fee shares paid in.
  Money paidIn = w.backstop().initial;
  for (Money f : w.backstop().feesFrom) paidIn += f;
  if (at(StepMetric::Backstop) > toCurrency(paidIn) + 1e-6)
    v.add("step ", t, ": backstop = ", at(StepMetric::Backstop), " exceeds its capital and fee shares ", toCurrency(paidIn));
  if (t > 0) {
    for (StepMetric m : {StepMetric::LossCollateral, StepMetric::LossRetained, StepMetric::LossInsurance, StepMetric::LossLp,
                         StepMetric::LossBackstop, StepMetric::FeesCum, StepMetric::Refused, StepMetric::DefaultEver})
      if (at(m) < w.metric(t - 1, m)) v.add("step ", t, ": cumulative ", stepName(m), " fell from ", w.metric(t - 1, m), " to ", at(m));
    // Unpaid claims fall only when a bridge delivers a late backstop payment.
    double late = 0;
    for (int k = 0; w.poolSeriesWidth() > 0 && k < w.poolCount(); ++k)
      late += w.poolMetric(t, k, PoolStepMetric::PaidLate) - w.poolMetric(t - 1, k, PoolStepMetric::PaidLate);
    if (at(StepMetric::Unpaid) < w.metric(t - 1, StepMetric::Unpaid) - late - 1e-6)
      v.add("step ", t, ": unpaid fell from ", w.metric(t - 1, StepMetric::Unpaid), " to ", at(StepMetric::Unpaid),
            " with ", late, " paid late over bridges");
  }

  if (at(StepMetric::LedgerImbalance) != 0.0) v.add("step ", t, ": ledger_imbalance = ", at(StepMetric::LedgerImbalance));
}

// The ledger itself, and the agents' states built on it.
void checkLedgerAndAgents(const World& w, Violations& v) {
  const int t = w.currentStep();
  if (w.ledger().total() != 0) v.add("step ", t, ": the ledger sums to ", w.ledger().total(), " micro-units, not 0");
  if (w.ledger().mostNegative() != 0)
    v.add("step ", t, ": an account that must stay >= 0 holds ", w.ledger().mostNegative(), " micro-units");
  for (int i = 0; i < w.writerCount(); ++i) {
    const WriterState s = w.writer(i);
    if (!std::isfinite(s.cash) || !std::isfinite(s.collateral) || !std::isfinite(s.profit) || s.cash < 0 || s.collateral < 0)
      v.add("step ", t, ": writer ", i, " cash ", s.cash, " collateral ", s.collateral, " profit ", s.profit);
  }
  for (int l = 0; l < w.lpCount(); ++l) {
    const LpState s = w.lp(l);
    if (!std::isfinite(s.cash) || !std::isfinite(s.shares) || !std::isfinite(s.queuedShares) || !std::isfinite(s.wealth) ||
        s.cash < 0 || s.shares < 0 || s.queuedShares < 0 || s.queuedShares > s.shares || s.wealth < 0)
      v.add("step ", t, ": LP ", l, " cash ", s.cash, " shares ", s.shares, " queued ", s.queuedShares, " wealth ", s.wealth);
  }
  // Shares: the register's holdings add up to the pool's total (trades move
  // shares between holders; only deposits and the queue mint and burn), to
  // the rounding of doubles at the scale of the LPs' money (NAV starts at 1).
  double lpMoney = 0;
  for (int l = 0; l < w.lpCount(); ++l) lpMoney += w.lp(l).initialCash;
  for (int k = 0; k < w.poolCount(); ++k) {
    const Pool& p = w.pool(k);
    double held = 0;
    for (double s : p.shares) held += s;
    if (std::abs(held - p.totalShares) > 1e-12 * lpMoney + 1e-9 * p.totalShares)
      v.add("step ", t, ": pool ", k, " holdings sum to ", held, " shares but its total is ", p.totalShares);
  }
  // The share market: a price, and a discount in [0, 1) (no order is above NAV), exactly when shares traded.
  for (size_t j = 0; j < w.shareMarketPools().size(); ++j) {
    const int J = static_cast<int>(j);
    const double vol = w.shareMarketMetric(t, J, ShareMarketStepMetric::Volume);
    const double d = w.shareMarketMetric(t, J, ShareMarketStepMetric::Discount);
    const double px = w.shareMarketMetric(t, J, ShareMarketStepMetric::Price);
    if (!(vol >= 0) || std::isnan(d) != (vol == 0) || std::isnan(px) != (vol == 0) || (vol > 0 && !(px > 0)) ||
        (vol > 0 && !(d >= 0 && d < 1)))
      v.add("step ", t, ": share market ", J, " volume ", vol, " price ", px, " discount ", d);
  }
  if (!std::isfinite(w.nav()) || !std::isfinite(w.poolLiability()))
    v.add("step ", t, ": nav() = ", w.nav(), ", poolLiability() = ", w.poolLiability());
}

// Mean-over-window summary metrics are NaN exactly when every step of their window is.
bool allNaN(const World& w, StepMetric m, int from, int to) {
  for (int t = from; t <= to; ++t)
    if (!std::isnan(w.metric(t, m))) return false;
  return true;
}

void checkSummary(const World& w, const RepSummary& r, Violations& v) {
  const int T = w.steps();
  const int from = std::max(1, T - std::max(1, T / 4) + 1);  // the last quarter, as documented in metrics.h
  for (double x : r.values)
    if (std::isinf(x)) v.add("summary: an infinite value");
  auto definedIff = [&](SummaryMetric m, bool defined) {
    if (std::isnan(r[m]) == defined) v.add("summary: ", summaryName(m), " = ", r[m], " but expected ", defined ? "a value" : "NaN");
  };
  definedIff(SummaryMetric::Asi, !allNaN(w, StepMetric::Asi, from, T));
  definedIff(SummaryMetric::Participation, !allNaN(w, StepMetric::Participation, from, T));
  for (int d = 0; d < 10; ++d)
    if (std::isnan(r.participationByDecile[static_cast<size_t>(d)]) != allNaN(w, decile(d), from, T))
      v.add("summary: participation of decile ", d + 1, " = ", r.participationByDecile[static_cast<size_t>(d)]);
  definedIff(SummaryMetric::CapEffSiloed, !allNaN(w, StepMetric::CapEffSiloed, 1, T));
  definedIff(SummaryMetric::CapEffPooled, !allNaN(w, StepMetric::CapEffPooled, 1, T));
  definedIff(SummaryMetric::FeeRate, !allNaN(w, StepMetric::FeeRate, 1, T));
  definedIff(SummaryMetric::LossRatio, w.metric(T, StepMetric::FeesCum) > 0);
  definedIff(SummaryMetric::PooledShare, r[SummaryMetric::Trades] > 0);
  const double unravel = r[SummaryMetric::UnravelingStep];
  if (!std::isnan(unravel) && (unravel <= w.scenario().sim.warmupSteps || unravel > T || unravel != std::floor(unravel)))
    v.add("summary: unraveling_step = ", unravel);
  // (lp_cvar5 may be negative: when even the worst NAV returns are gains.)
  for (SummaryMetric m : {SummaryMetric::LpVolatility, SummaryMetric::LpMaxDrawdown})
    if (r[m] < 0) v.add("summary: ", summaryName(m), " = ", r[m], " is negative");
  if (r[SummaryMetric::LpMaxDrawdown] > 1) v.add("summary: lp_max_drawdown = ", r[SummaryMetric::LpMaxDrawdown], " above 1");
  if (r[SummaryMetric::PooledShare] < 0 || r[SummaryMetric::PooledShare] > 1)
    v.add("summary: pooled_share = ", r[SummaryMetric::PooledShare]);
  for (SummaryMetric m : {SummaryMetric::PoolDefault, SummaryMetric::LpCountFinal, SummaryMetric::InsuranceFundFinal,
                          SummaryMetric::BuyerShortfall, SummaryMetric::LossCollateral, SummaryMetric::LossRetained,
                          SummaryMetric::LossInsurance, SummaryMetric::LossLp, SummaryMetric::LossBackstop,
                          SummaryMetric::Trades, SummaryMetric::BuyerSurplus, SummaryMetric::WriterProfit,
                          SummaryMetric::LpProfit, SummaryMetric::LedgerMaxImbalance})
    if (!std::isfinite(r[m])) v.add("summary: ", summaryName(m), " = ", r[m], " (always defined)");
  if (r[SummaryMetric::LedgerMaxImbalance] != 0.0) v.add("summary: ledger_max_imbalance = ", r[SummaryMetric::LedgerMaxImbalance]);
}

// What one scenario exercised: a fee rule quoted at least once, strategies
// with at least one agent that acted (writers: made a choice; LPs: exist
// with the pool on, so they decided every step).
struct Exercised {
  std::set<std::string> feeRules, writerStrategies, lpStrategies, writerLearners, lpLearners;
  // Scenarios with pools where the backstop paid a claim, a bridge carried
  // or lost money, LP capital migrated, and an LP ended with shares in
  // several pools.
  int backstopPaid = 0, bridged = 0, lost = 0, migrated = 0, spread = 0;
  int menuUsed = 0, menuTaken = 0;  // scenarios where a menu's contracts took positions: one, and two or more
  int sharesTraded = 0;  // scenarios where LP shares changed hands on the share market
};

void record(const World& w, Exercised& e) {
  const ScenarioDef& def = w.scenario();
  if (!def.pools.empty()) {
    const RepSummary r = w.summarize();
    double paid = 0, late = 0, lost = 0, moved = 0;
    for (int k = 0; k < w.poolCount(); ++k) {
      paid += r.pool(k, PoolSummaryMetric::LossBackstop);
      late += r.pool(k, PoolSummaryMetric::PaidLate);
      lost += r.pool(k, PoolSummaryMetric::LostInTransit);
    }
    for (double x : r.contagion.lpMoved) moved += x;
    e.backstopPaid += paid > 0;
    e.bridged += late > 0;
    e.lost += lost > 0;
    e.migrated += moved > 0;
    bool spread = false;
    for (int l = 0; l < w.lpCount() && !spread; ++l) {
      int in = 0;
      for (int k = 0; k < w.poolCount(); ++k) in += w.pool(k).shares[static_cast<size_t>(l)] > 0;
      spread = in > 1;
    }
    e.spread += spread;
  }
  if (!w.shareMarketPools().empty()) {
    const RepSummary r = w.summarize();
    double value = 0;
    for (size_t j = 0; j < w.shareMarketPools().size(); ++j)
      value += r.shareMarket(static_cast<int>(j), ShareMarketSummaryMetric::VolumeValue);
    e.sharesTraded += value > 0;
  }
  if (def.pool.enabled && !allNaN(w, StepMetric::FeeRate, 1, w.steps())) e.feeRules.insert(def.pool.feeRule.name);
  const RepSummary rs = w.summarize();
  int taken = 0;
  for (size_t c = 0; c * kContractSummaryMetricCount < rs.contracts.size(); ++c)
    taken += rs.contract(static_cast<int>(c), ContractSummaryMetric::Positions) > 0;
  e.menuUsed += taken >= 1;
  e.menuTaken += taken >= 2;
  for (int i = 0; i < w.writerCount(); ++i) {
    const WriterState s = w.writer(i);
    if (s.status == WriterStatus::None) continue;
    const StrategyShareDef& g = def.writers.strategies[static_cast<size_t>(s.group)];
    e.writerStrategies.insert(g.name);
    if (g.params.contains("learner")) e.writerLearners.insert(g.params["learner"]["name"].get<std::string>());
  }
  if (!def.pool.enabled) return;
  for (int l = 0; l < w.lpCount(); ++l) {
    const StrategyShareDef& g = def.lps.strategies[static_cast<size_t>(w.lp(l).group)];
    e.lpStrategies.insert(g.name);
    if (g.params.contains("learner")) e.lpLearners.insert(g.params["learner"]["name"].get<std::string>());
  }
}

}  // namespace

TEST_CASE("every drawn scenario passes the validator and round-trips exactly", "[properties]") {
  for (const DrawnScenario& d : propertyScenarios()) {
    INFO("scenario " << d.index << ": " << d.drawn.dump());
    // A refusal is a bug in the generator (it must draw inside the documented
    // ranges) or in the validator (it must accept them): never skipped.
    REQUIRE(d.error.empty());
    REQUIRE(d.loaded.has_value());
    CHECK(scenarioToJson(scenarioFromJson(d.loaded->resolved)) == d.loaded->resolved);
  }
}

TEST_CASE("on random scenarios the ledger balances and nothing is NaN where defined, after every step",
          "[properties][world][ledger]") {
  Exercised exercised;
  long stepsChecked = 0;
  int ruleApplied = 0;  // scenarios where a drawn governance rule changed terms
  for (const DrawnScenario& d : propertyScenarios()) {
    INFO("scenario " << d.index << ": " << d.drawn.dump());
    REQUIRE(d.loaded.has_value());
    const ScenarioDef& def = d.loaded->def;
    const std::uint64_t seed = 1000 + static_cast<std::uint64_t>(d.index);
    INFO("replay: save the JSON above as FILE, then mutualab run FILE --reps 1 --seed " << seed);
    World w(def, seed, 0, makeStrategies(def));
    Violations v;
    checkRow(w, v);  // row 0: the state before the first step
    checkLedgerAndAgents(w, v);
    while (!w.done()) {
      w.step();
      checkRow(w, v);
      checkLedgerAndAgents(w, v);
      ++stepsChecked;
    }
    checkSummary(w, w.summarize(), v);
    CHECK(w.ledgerMaxImbalance() == 0);
    for (const GovernanceEvent& e : w.governanceEvents())
      if (e.rule >= 0 && e.kind == GovernanceEventKind::Applied) {
        ++ruleApplied;
        break;
      }
    INFO(v.count << " violations; the first:\n" << v.first);
    CHECK(v.count == 0);
    record(w, exercised);
  }
  CHECK(stepsChecked > 1000);
  INFO("pool scenarios where the backstop paid " << exercised.backstopPaid << ", a bridge paid late " << exercised.bridged
                                                 << ", a bridge lost money " << exercised.lost << ", LPs migrated "
                                                 << exercised.migrated << ", LPs ended in several pools "
                                                 << exercised.spread << ", LP shares traded " << exercised.sharesTraded);
  CHECK(exercised.backstopPaid >= 3);
  CHECK(exercised.bridged >= 1);
  CHECK(exercised.lost >= 1);
  CHECK(exercised.migrated >= 3);
  CHECK(exercised.spread >= 3);
  INFO("scenarios where a menu's contracts took positions: " << exercised.menuUsed << ", two or more of them: "
                                                            << exercised.menuTaken);
  CHECK(exercised.menuUsed >= 5);
  CHECK(exercised.menuTaken >= 2);
  CHECK(exercised.sharesTraded >= 3);
  INFO("scenarios where a governance rule applied a change: " << ruleApplied);
  CHECK(ruleApplied >= 3);

  // Every registry entry ran in at least one scenario: a new entry the
  // generator cannot exercise fails here instead of going untested.
  for (const auto& r : feeRules()) {
    INFO("fee rule " << r.name << " never quoted a fee");
    CHECK(exercised.feeRules.count(r.name) == 1);
  }
  for (const auto& s : writerStrategies()) {
    INFO("writer strategy " << s.name << " never made a choice");
    CHECK(exercised.writerStrategies.count(s.name) == 1);
  }
  for (const auto& s : lpStrategies()) {
    INFO("LP strategy " << s.name << " never ran with the pool on");
    CHECK(exercised.lpStrategies.count(s.name) == 1);
  }
  for (const auto& l : learners()) {
    INFO("learner " << l.name);
    CHECK(exercised.writerLearners.count(l.name) == 1);
    CHECK(exercised.lpLearners.count(l.name) == 1);
  }
}

// Bugs the property test found, kept as regression tests (fixed in
// core/world.cpp: phaseLps retires a share total with no holder, or below
// dust, together with any LP dust; phaseAccept gives no cover at a fee above
// the position's maximum cover).

// Share accounting: phaseLps keeps the pool's share total apart from the
// LPs' shares and rounds them separately; before the fix the total was
// retired below 1e-9 but an LP's shares only below 1e-12, so the two drifted
// apart, both ways.
namespace {
bool navDefinedIffLpsHoldShares(const ScenarioDef& def, std::uint64_t seed, std::string& firstMismatch) {
  World w(def, seed, 0, makeStrategies(def));
  int mismatches = 0;
  while (!w.done()) {
    w.step();
    const int t = w.currentStep();
    bool held = false;
    for (int l = 0; l < w.lpCount(); ++l) held = held || w.lp(l).shares > 0;
    if (!std::isnan(w.metric(t, StepMetric::Nav)) == held || mismatches++ > 0) continue;
    std::ostringstream o;
    o << "step " << t << ": nav " << w.metric(t, StepMetric::Nav) << ", lp_count " << w.metric(t, StepMetric::LpCount)
      << ", pool capital " << w.metric(t, StepMetric::PoolCapital);
    firstMismatch = o.str();
  }
  std::ostringstream o;
  o << "; " << mismatches << " such steps; at the end: nav " << w.metric(w.steps(), StepMetric::Nav) << ", lp_count "
    << w.metric(w.steps(), StepMetric::LpCount) << ", pool capital " << w.metric(w.steps(), StepMetric::PoolCapital);
  firstMismatch += o.str();
  return mismatches == 0;
}
}  // namespace

// A lone LP leaves through a gate while the exit fee raises the NAV per
// share: it ends with ~7e-10 shares that nothing values (nav empty, lp_count
// 1, a withdrawal queue that is never paid) and 43 micro-units of capital no
// share owns. Found as scenario 50 of the fixed sample.
TEST_CASE("no LP keeps share dust after the pool retired its shares", "[properties][world]") {
  const ScenarioDef def = scenarioFromJson(parseJsonText(R"({"name": "share-dust", "sim": {"steps": 60},
      "writers": {"strategies": [{"name": "always-silo"}]},
      "lps": {"count": 1, "horizonSteps": 10, "strategies": [{"name": "passive"}]},
      "pool": {"gateShare": 0.5, "exitFee": 0.3}})", "test"));
  std::string mismatch;
  const bool ok = navDefinedIffLpsHoldShares(def, 1, mismatch);
  INFO(mismatch);  // before the fix: step 51: nav nan, lp_count 1, pool capital 4.3e-05
  CHECK(ok);
}

// All LPs leave at their horizon (step 60) while the pool still carries open
// pooled risk, so capital equal to its model value stays in the pool. The
// share total keeps ~1e-8 of rounding drift though no LP holds a share: the
// pool goes on writing, and the fees it earns (12163 currency by step 365)
// belong to phantom shares. NAV per share climbs to 6e12 and passes through
// 0, so lp_max_drawdown (1.0) and lp_volatility (3.8) measure the phantom.
// Found by a longer search (MUTUALAB_PROPERTY_SEED=1 MUTUALAB_PROPERTY_SCENARIOS=3000).
TEST_CASE("no phantom pool shares own capital after every LP has left", "[properties][world]") {
  const ScenarioDef def = scenarioFromJson(parseJsonText(
      R"({"name": "phantom-shares", "lps": {"capital": {"mean": 20000}, "horizonSteps": 60},
          "pool": {"insuranceFundInitial": 30000}})", "test"));
  std::string mismatch;
  const bool ok = navDefinedIffLpsHoldShares(def, 14, mismatch);
  INFO(mismatch);  // before the fix: step 60: nav 20.97, lp_count 0, ...
  CHECK(ok);
}

// With pool.minCollateralRatio = 0 the pool takes risk with no capital;
// once losses leave capital and insurance fund at 0, utilization() returns
// its 1e9 sentinel, the utilization rule quotes a fee of ~4e11 per unit of
// notional, toMoney() overflows int64 micro-units (llround out of range),
// and the fee moves as INT64_MIN: the pool's capital, the cumulative fees
// and the paying writer's cash all end near -9.2e12 (the int64 arithmetic
// wraps), yet the ledger still sums to 0, so ledger_max_imbalance reports 0. Hidden: a build with assertions aborts
// at Ledger::transfer's `amount >= 0`, and without them moving INT64_MIN is
// a signed overflow (undefined behaviour). Found by MUTUALAB_PROPERTY_SEED=2
// MUTUALAB_PROPERTY_SCENARIOS=3000.
TEST_CASE("a fee beyond the position's maximum cover buys no cover (it wrapped int64 micro-units)", "[properties][world]") {
  const ScenarioDef def = scenarioFromJson(parseJsonText(
      R"({"name": "fee-overflow", "sim": {"steps": 60}, "lps": {"count": 0},
          "writers": {"strategies": [{"name": "always-pool"}]},
          "pool": {"minCollateralRatio": 0, "insuranceFeeShare": 0,
                   "feeRule": {"name": "utilization", "params": {"steepAnnual": 1000}}}})", "test"));
  World w(def, 1, 0, makeStrategies(def));
  Money worst = 0;
  while (!w.done()) {
    w.step();
    worst = std::min(worst, w.ledger().mostNegative());
  }
  INFO("most negative account " << worst << " micro-units; pool capital at the end "
                                << w.metric(w.steps(), StepMetric::PoolCapital));
  CHECK(worst == 0);
  CHECK(w.metric(w.steps(), StepMetric::FeesCum) >= 0);
}
