// Properties every preset must have, written once: the ledger balances on
// every step, no account that must stay non-negative goes negative, and a
// run depends on (seed, replication) alone.
#include <catch2/catch.hpp>

#include <cmath>

#include "agents/registry.h"
#include "core/scenario_json.h"
#include "core/world.h"
#include "experiments/presets.h"

using namespace mutualab;

namespace {
ScenarioDef preset(const char* name) { return scenarioFromJson(parseJsonText(findPreset(name), name)); }

bool sameBits(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }
}  // namespace

TEST_CASE("the ledger balances exactly on every step of every preset", "[world][ledger]") {
  for (const auto& p : embeddedPresets()) {
    const ScenarioDef def = preset(p.name);
    for (int rep = 0; rep < 3; ++rep) {
      World w(def, 5, static_cast<std::uint64_t>(rep), makeStrategies(def));
      Money worstTotal = 0, worstNegative = 0;
      while (!w.done()) {
        w.step();
        const Money total = w.ledger().total();
        worstTotal = std::max(worstTotal, total < 0 ? -total : total);
        worstNegative = std::min(worstNegative, w.ledger().mostNegative());
      }
      INFO("preset " << p.name << " replication " << rep);
      CHECK(worstTotal == 0);
      CHECK(worstNegative == 0);
      CHECK(w.ledgerMaxImbalance() == 0);
      CHECK(w.summarize()[SummaryMetric::Trades] > 100);  // the market actually traded
    }
  }
}

TEST_CASE("a world depends on (seed, replication) alone", "[world][determinism]") {
  const ScenarioDef def = preset("akerlof-flat-fee");
  World a(def, 3, 1, makeStrategies(def)), b(def, 3, 1, makeStrategies(def)), c(def, 4, 1, makeStrategies(def));
  a.run();
  b.run();
  c.run();
  bool same = true, differs = false;
  for (int t = 0; t <= a.steps(); ++t)
    for (int m = 0; m < kStepMetricCount; ++m) {
      same = same && sameBits(a.metricsRow(t)[m], b.metricsRow(t)[m]);
      differs = differs || !sameBits(a.metricsRow(t)[m], c.metricsRow(t)[m]);
    }
  CHECK(same);
  CHECK(differs);
}

TEST_CASE("the black swan runs through every layer of the waterfall", "[world][waterfall]") {
  const ScenarioDef def = preset("black-swan");
  World w(def, 1, 0, makeStrategies(def));
  const int shock = def.shock.step;
  while (w.currentStep() < shock - 1) w.step();
  const double lpBefore = w.metric(w.currentStep(), StepMetric::LossLp);
  const double backstopBefore = w.metric(w.currentStep(), StepMetric::LossBackstop);
  CHECK(backstopBefore == 0);  // nothing reached the backstop before the crash
  w.run();
  const int T = w.steps();
  CHECK(w.metric(T, StepMetric::LossCollateral) > 0);
  CHECK(w.metric(T, StepMetric::LossRetained) > 0);
  CHECK(w.metric(T, StepMetric::LossInsurance) > 0);
  CHECK(w.metric(T, StepMetric::LossLp) > lpBefore);
  CHECK(w.metric(T, StepMetric::LossBackstop) == Approx(def.pool.backstopCapital));  // used up
  CHECK(w.metric(T, StepMetric::Unpaid) > 0);  // and the rest is a haircut on buyers
  CHECK(w.metric(T, StepMetric::DefaultEver) == 1);
  CHECK(w.ledgerMaxImbalance() == 0);
}

TEST_CASE("siloed-only scenarios never touch the pool", "[world]") {
  ScenarioDef def = preset("akerlof-flat-fee");
  def.pool.enabled = false;
  World w(def, 2, 0, makeStrategies(def));
  w.run();
  const int T = w.steps();
  CHECK(w.metric(T, StepMetric::OpenPooled) == 0);
  CHECK(w.metric(T, StepMetric::FeesCum) == 0);
  CHECK(w.metric(T, StepMetric::LpCount) == 0);
  CHECK(w.summarize()[SummaryMetric::Trades] > 1000);
  CHECK(w.ledgerMaxImbalance() == 0);
}

TEST_CASE("informed buyers bring toxic flow: they buy before crashes", "[world][buyers]") {
  ScenarioDef def = preset("risk-based-fee");
  def.market.assets[0].jumpIntensityAnnual = 6;
  def.market.assets[0].jumpMeanLog = -0.3;
  auto poolLossPerTrade = [](const ScenarioDef& d) {
    double loss = 0, trades = 0;
    for (int rep = 0; rep < 6; ++rep) {
      World w(d, 21, static_cast<std::uint64_t>(rep), makeStrategies(d));
      w.run();
      const RepSummary s = w.summarize();
      loss += s[SummaryMetric::LossInsurance] + s[SummaryMetric::LossLp] + s[SummaryMetric::LossBackstop] +
              s[SummaryMetric::BuyerShortfall] + s[SummaryMetric::LossCollateral];
      trades += s[SummaryMetric::Trades];
    }
    return loss / trades;
  };
  const double clean = poolLossPerTrade(def);
  def.buyers.informedShare = 0.6;
  const double toxic = poolLossPerTrade(def);
  INFO("loss per trade: uninformed " << clean << ", with 60% informed " << toxic);
  CHECK(toxic > 1.2 * clean);
}

namespace {
// Decides as the scenario's own writer strategy does and records what it is
// handed to learn from: the world makes outcomes only for a strategy that
// says it learns.
class RecordingWriter final : public WriterStrategy {
 public:
  RecordingWriter(std::unique_ptr<WriterStrategy> inner, bool learns, int writers)
      : inner_(std::move(inner)), profit(static_cast<size_t>(writers), 0.0) {
    learnsFromOutcomes = learns;
  }
  void bind(std::uint64_t seed, std::uint64_t rep, int writers, int pools) override { inner_->bind(seed, rep, writers, pools); }
  void decide(std::span<const WriterQuote> quotes, std::span<WriterChoice> choices, std::span<std::int32_t> tags,
              int group) override {
    inner_->decide(quotes, choices, tags, group);
  }
  void learn(std::span<const WriterOutcome> outcomes, int /*group*/) override {
    ++calls;
    for (const WriterOutcome& o : outcomes) {
      ++outcomesSeen;
      profit[static_cast<size_t>(o.writer)] += o.profit;  // in settlement order, as the world adds it
      const double expected = o.choice.action == WriterAction::Pool ? o.counterfactualPools[static_cast<size_t>(o.choice.pool)]
                                                                    : o.counterfactualSilo;
      mismatched += o.profit != expected;
      pooled += o.choice.action == WriterAction::Pool;
    }
  }
  std::unique_ptr<WriterStrategy> inner_;
  std::vector<double> profit;
  int calls = 0, mismatched = 0;
  std::int64_t outcomesSeen = 0, pooled = 0;
};
}  // namespace

TEST_CASE("settlements make outcomes only for a writer strategy that learns from them, and the run is the same either way",
          "[world][learning]") {
  const ScenarioDef def = preset("akerlof-flat-fee");
  auto run = [&](bool learns, RecordingWriter*& rec) {
    WorldStrategies s = makeStrategies(def);
    auto r = std::make_unique<RecordingWriter>(std::move(s.writers[0]), learns, def.writers.count);
    rec = r.get();
    s.writers[0] = std::move(r);
    auto w = std::make_unique<World>(def, 7, 0, std::move(s));
    w->run();
    return w;
  };
  RecordingWriter *learner = nullptr, *fixed = nullptr;
  const auto a = run(true, learner);
  const auto b = run(false, fixed);
  std::int64_t settled = 0;
  bool sameProfit = true, sameAsOutcomes = true;
  for (int i = 0; i < def.writers.count; ++i) {
    settled += a->writer(i).settled;
    sameProfit = sameProfit && a->writer(i).profit == b->writer(i).profit;
    sameAsOutcomes = sameAsOutcomes && learner->profit[static_cast<size_t>(i)] == a->writer(i).profit;
  }
  // The learner saw every settled position once, each profit the
  // counterfactual of what it chose, and the writers' profits are its sums.
  CHECK(settled > 1000);
  CHECK(learner->outcomesSeen == settled);
  CHECK(learner->pooled > 0);
  CHECK(learner->pooled < settled);
  CHECK(learner->mismatched == 0);
  CHECK(sameAsOutcomes);
  // A fixed rule is handed nothing, and nothing else changes.
  CHECK(fixed->calls == 0);
  CHECK(fixed->outcomesSeen == 0);
  CHECK(sameProfit);
  bool sameMetrics = true;
  for (int t = 0; t <= a->steps(); ++t)
    for (int m = 0; m < kStepMetricCount; ++m) sameMetrics = sameMetrics && sameBits(a->metricsRow(t)[m], b->metricsRow(t)[m]);
  CHECK(sameMetrics);
}

TEST_CASE("a pool never pays more on a settled position than its max cover; the writer pays past it", "[world][waterfall]") {
  // Calls whose max loss is a tenth of their notional: any call that ends
  // more than 10 % of its notional in the money passes it.
  ScenarioDef def = preset("akerlof-flat-fee");
  def.positions.putShare = 0.0;
  def.positions.callMaxLossMultiple = 0.1;
  REQUIRE(def.pool.retainedShare == 0.0);  // so whatever the writers pay past their collateral is past the cap
  World w(def, 1, 0, makeStrategies(def));
  const PositionBook& book = w.positions();
  Money worstOver = 0;
  int settledPooled = 0;
  while (!w.done()) {
    // The pooled positions this step settles, and the most the pool pays on them.
    const int next = w.currentStep() + 1;
    Money caps = 0;
    int n = 0;
    for (int s = 0; s < book.capacity(); ++s)
      if (book.isOpen(s) && book.expiry[static_cast<size_t>(s)] == next && book.pool[static_cast<size_t>(s)] == 0) {
        caps += toMoney(book.maxCover[static_cast<size_t>(s)]);
        ++n;
      }
    const Money borneBefore = w.pool(0).layers.poolBorne();
    w.step();
    worstOver = std::max(worstOver, w.pool(0).layers.poolBorne() - borneBefore - caps);
    settledPooled += n;
  }
  const int T = w.steps();
  CHECK(settledPooled > 300);
  CHECK(worstOver <= 0);
  CHECK(w.metric(T, StepMetric::LossRetained) > 0);  // the writers paid what lay past the caps
  CHECK(w.metric(T, StepMetric::LossLp) > 0);
  CHECK(w.ledgerMaxImbalance() == 0);
}
