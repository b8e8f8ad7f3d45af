// One replication of the model, and the order of its phases. A World owns
// its parts (the market, the ledger, the writer and LP populations, the
// position book, the pools and the backstop), each a flat-array object sized
// at start, and step() runs the phases over them:
//   market -> buyer demand -> writer decisions -> pool quotes and acceptance
//   -> expiries and the waterfall -> LP decisions (and the share market)
//   -> learning -> metrics.
// No allocation, I/O, strings or exceptions inside step().
//
// [SECTION] World API
// [SECTION] Agent state (read-only views for results files and the playground)
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/backstop.h"
#include "core/bridge.h"
#include "core/governance.h"
#include "core/governance_rules.h"
#include "core/ledger.h"
#include "core/market.h"
#include "core/metrics.h"
#include "core/mark_book.h"
#include "core/mark_to_model.h"
#include "core/pool.h"
#include "core/population.h"
#include "core/position_book.h"
#include "core/risk_admission.h"
#include "core/pricing_kernel.h"
#include "core/rng.h"
#include "core/scenario.h"
#include "core/share_market.h"
#include "core/strategy.h"
#include "core/waterfall.h"

namespace mutualab {

// Latest choice of a writer; None before its first buyer arrives.
enum class WriterStatus : std::int8_t { None = -1, Silo = 0, Pool = 1, Abstain = 2 };

struct WriterState {
  double theta = 0;
  int thetaDecile = 0;  // 0 (safest) .. 9 (riskiest)
  int group = 0;
  WriterStatus status = WriterStatus::None;
  double cash = 0;        // free cash, currency
  double collateral = 0;  // posted collateral, currency
  double initialCash = 0;
  int openPooled = 0;
  int settled = 0;        // settled positions (silo and pool)
  int pooledTotal = 0;    // positions ever pooled
  int siloedTotal = 0;    // positions ever siloed
  double profit = 0;      // realized: premiums - fees - losses it paid - cost of capital of settled positions, currency
};

struct LpState {
  int group = 0;
  double initialCash = 0;
  double cash = 0;
  double shares = 0;
  double queuedShares = 0;
  double wealth = 0;  // cash + shares x NAV
  double riskAversion = 0;
  double outsideRateAnnual = 0;
  bool earlyWarning = false;
};

// What a writer can choose in a pool: one contract of its menu (contract -1:
// a pool without a menu offers its own terms). A quote's terms, a writer's
// choice and a learner's actions are per offer, in this order.
struct Offer {
  int pool = 0;
  int contract = -1;
};
// The pools whose shares trade between LPs: pool.shareMarket (or a pools
// entry's) enabled at start or by any scheduled governance change; in pool
// order. The scenario must have been validated.
std::vector<int> shareMarketPoolsOf(const ScenarioDef& def);
// The pools that admit by VaR (admission rule "var") at start or after any
// governance change, scheduled or a rule's; in pool order. The scenario must have been
// validated.
std::vector<int> admissionPoolsOf(const ScenarioDef& def);
// Whether governance (a scheduled change or a rule's) can change pool k's
// admission terms during a run. The scenario must have been validated.
bool admissionGoverned(const ScenarioDef& def, int pool);

// How much work a run has done so far, for benchmarks (bench/floor_bench.cpp):
// buyers drawn, arrivals that went on to their writer's draws, quotes made
// (those whose buyer took the price, each put to the writer), and
// Black–Scholes lanes priced (quotes and mark-to-model).
struct WorkCounts {
  std::int64_t arrivals = 0, quoted = 0, quotes = 0, kernelLanes = 0;
};

// Strategies for each population group, in the order of the scenario's lists.
struct WorldStrategies {
  std::vector<std::unique_ptr<WriterStrategy>> writers;
  std::vector<std::unique_ptr<LpStrategy>> lps;
};

class World {
 public:
  // [SECTION] World API
  // The scenario must have been validated (scenario_json.h). Strategies come
  // from the agents registry; the fee rule from the core registry.
  World(const ScenarioDef& def, std::uint64_t seed, std::uint64_t replication, WorldStrategies strategies);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  void step();                       // advances one step
  void run();                        // steps to the horizon
  bool done() const { return t_ >= def_.sim.steps; }
  int currentStep() const { return t_; }
  int steps() const { return def_.sim.steps; }
  // Adopts the governance of `def`, a validated scenario that is this World's
  // with schedule entries added or changed at steps after the current one
  // (the playground's interventions): the run goes on from here as if `def`
  // had been given at start. Nothing changes and it returns false when `def`
  // differs in what has already happened (an applied change), in its rules,
  // or in the share markets or the pools admitting by VaR it would need (their
  // series are sized at start). Never call it inside step().
  bool amendGovernance(const ScenarioDef& def);

  // Per-step metrics, row t (0..steps) has kStepMetricCount values.
  double metric(int t, StepMetric m) const {
    return metrics_[static_cast<size_t>(t) * kStepMetricCount + static_cast<size_t>(m)];
  }
  std::span<const double> metricsRow(int t) const {
    return {metrics_.data() + static_cast<size_t>(t) * kStepMetricCount, static_cast<size_t>(kStepMetricCount)};
  }
  // Scenarios with `pools`: pool k's own series (poolSeriesWidth() = 0 otherwise).
  int poolSeriesWidth() const { return tracksPools_ ? poolCount() * kPoolStepMetricCount : 0; }
  double poolMetric(int t, int k, PoolStepMetric m) const {
    return poolMetrics_[static_cast<size_t>(t) * static_cast<size_t>(poolSeriesWidth()) +
                        static_cast<size_t>(k) * kPoolStepMetricCount + static_cast<size_t>(m)];
  }
  std::span<const double> poolMetricsRow(int t) const {
    const size_t w = static_cast<size_t>(poolSeriesWidth());
    return {poolMetrics_.data() + static_cast<size_t>(t) * w, w};
  }
  // Pools whose shares trade (shareMarketPoolsOf): market j's own series
  // (shareMarketSeriesWidth() = 0 when no pool's shares trade).
  std::span<const int> shareMarketPools() const { return marketPools_; }
  int shareMarketSeriesWidth() const { return static_cast<int>(marketPools_.size()) * kShareMarketStepMetricCount; }
  double shareMarketMetric(int t, int j, ShareMarketStepMetric m) const {
    return marketMetrics_[static_cast<size_t>(t) * static_cast<size_t>(shareMarketSeriesWidth()) +
                          static_cast<size_t>(j) * kShareMarketStepMetricCount + static_cast<size_t>(m)];
  }
  std::span<const double> shareMarketMetricsRow(int t) const {
    const size_t w = static_cast<size_t>(shareMarketSeriesWidth());
    return {marketMetrics_.data() + static_cast<size_t>(t) * w, w};
  }
  // Pools that admit by VaR (admissionPoolsOf): admitting pool j's own
  // series (admissionSeriesWidth() = 0 when every pool admits by ratio).
  std::span<const int> admissionPools() const { return admissionPools_; }
  int admissionSeriesWidth() const { return static_cast<int>(admissionPools_.size()) * kAdmissionStepMetricCount; }
  double admissionMetric(int t, int j, AdmissionStepMetric m) const {
    return admissionMetrics_[static_cast<size_t>(t) * static_cast<size_t>(admissionSeriesWidth()) +
                             static_cast<size_t>(j) * kAdmissionStepMetricCount + static_cast<size_t>(m)];
  }
  std::span<const double> admissionMetricsRow(int t) const {
    const size_t w = static_cast<size_t>(admissionSeriesWidth());
    return {admissionMetrics_.data() + static_cast<size_t>(t) * w, w};
  }
  // The replication's summary (valid once done(); partial before).
  RepSummary summarize() const;

  // [SECTION] Agent state
  int writerCount() const { return writers_.count; }
  int lpCount() const { return lps_.count; }
  WriterState writer(int i) const;
  LpState lp(int i) const;
  // Pool 0's NAV per share: (LP capital - model value of open pooled cover) /
  // shares (cash only when markToModel is false); 1 with no shares
  // outstanding. Every pool's: pool(k).nav(ledger()).
  double nav() const { return pools_[0].nav(ledger_); }
  double poolLiability() const { return pools_[0].liability; }
  const Backstop& backstop() const { return backstop_; }
  int poolCount() const { return static_cast<int>(pools_.size()); }
  int offerCount() const { return static_cast<int>(offers_.size()); }
  // What pool k's fee rules see now (its experience, utilization, NAV ...).
  FeeContext feeContext(int k) const;
  Offer offer(int o) const { return offers_[static_cast<size_t>(o)]; }
  const Pool& pool(int k) const { return pools_[static_cast<size_t>(k)]; }
  const PositionBook& positions() const { return book_; }
  const MarkBook& marks() const { return marks_; }  // mark-to-model's rows of the pooled positions
  const Ledger& ledger() const { return ledger_; }
  const Market& market() const { return market_; }
  const ScenarioDef& scenario() const { return def_; }
  // Raw arrays for fast drawing (playground): theta and latest status per writer.
  std::span<const double> writerTheta() const { return writers_.theta; }
  std::span<const std::int8_t> writerStatus() const { return writers_.status; }
  // Per writer, the pool and menu contract of its latest choice when it pooled.
  std::span<const std::int16_t> writerPool() const { return writers_.pool; }
  std::span<const std::int8_t> writerContract() const { return writers_.contract; }
  // Largest |sum of the ledger| seen after any step, in micro-units (0 = exact).
  Money ledgerMaxImbalance() const { return ledgerMaxImbalance_; }
  // What governance did so far (scheduled changes, rule firings, changes
  // applied or refused), in order.
  const std::vector<GovernanceEvent>& governanceEvents() const { return events_; }
  const WorkCounts& workCounts() const { return work_; }
  // Pool k's admission by VaR: its last measure and what it took since
  // (measuredAt() < 0 for a pool that admits by ratio).
  const RiskAdmission& riskAdmission(int k) const { return admissions_[static_cast<size_t>(k)]; }
  // What open pooled position `slot` adds to its pool's liability at the level (pools admitting by VaR).
  double riskCharge(int slot) const {
    return static_cast<size_t>(slot) < riskCharge_.size() ? riskCharge_[static_cast<size_t>(slot)] : 0.0;
  }

 private:
  struct Pending;      // a quote's position terms, parallel to quotes_
  struct PoolPending;  // a quote's terms in one pool, parallel to terms_
  struct Arrival;      // an arrival's draws, between phaseDemand's two passes

  void measureRisk();
  // Whether pool k's risk limit takes a position adding `added` to its
  // book's liability at the level (always, for a pool that admits by ratio).
  bool admitsRisk(size_t k, double added) const {
    return !pools_[k].admitsByRisk || admissions_[k].admits(added, riskResources(pools_[k]));
  }
  // What a pool's liability at the level must fit within: LP capital + insurance fund, currency.
  double riskResources(const Pool& pool) const {
    return toCurrency(ledger_.balance(pool.capitalAccount) + ledger_.balance(pool.fundAccount));
  }
  void phaseDemand();
  void phaseDecide();
  void phaseAccept();
  void phaseExpiries();
  void phaseLps();
  void phaseLearn();
  void phaseMetrics();
  void recordPoolMetrics(double thMean, double thSd, int chosen);
  void setWriterChoice(size_t W, std::int8_t status, std::int16_t pool, std::int8_t contract);
  void summarizePools(RepSummary& r, int from, int to) const;
  void summarizeMenus(RepSummary& r) const;

  void tradeShares(Pool& pool);
  void mintDeferredDeposits();
  void recordShareMarketMetrics();
  void summarizeShareMarkets(RepSummary& r, int to) const;
  void recordAdmissionMetrics();
  void summarizeAdmissions(RepSummary& r, int to) const;
  void viewLps(const double* price, bool build);  // build: views for the LPs to decide on (else only the warnings and peaks)
  void actLps();
  void lpWealthShares(int l, size_t from, size_t to, const double* nav, double* share, double* outside) const;
  void learnLps(const double* navReturn, const std::uint8_t* hasReturn);
  void resolveBackstopClaims();
  void deliverBridgeTransfers();
  void migrateLps();
  void governRules();
  void fireRules();
  RuleState ruleState(int pool) const;
  GovernanceRefusal govern(const std::vector<GovernedWrite>& writes, const GovernedObjects& objects, int& whyPool);

  ScenarioDef def_;
  std::vector<PoolEntryDef> poolDefs_;  // the pools (the one `pool` when the scenario has no `pools`)
  std::vector<Offer> offers_;           // every pool's contracts, in order
  std::uint64_t seed_ = 0, rep_ = 0;
  double dt_ = 1.0 / 365.0;
  int t_ = 0;
  Market market_;
  Ledger ledger_;
  WorldStrategies strategies_;
  WriterPopulation writers_;
  LpPopulation lps_;
  PositionBook book_;
  MarkTable markTable_;          // mark-to-model's per-step terms (core/mark_to_model.h)
  MarkBook marks_;               // its lanes' own terms, by cohort (core/mark_book.h)
  MarkWorkspace markLanes_;      // and its staged lanes, reused every step
  std::vector<Arrival> arrivals_;  // this step's arrivals
  PriceBatch quoteLanes_;          // their options, priced at once
  WorkCounts work_;
  std::vector<Pool> pools_;
  std::vector<RiskAdmission> admissions_;  // per pool: its VaR admission (used when it admits by risk)
  std::vector<Engine> admissionRng_;       // per pool: the seeds of its re-measures
  std::vector<int> riskDeclined_;          // per pool: quotes its VaR test declined this step
  std::vector<double> riskCharge_;         // per book slot, pools admitting by VaR: what the position adds to the liability
  std::vector<double> riskCharges_;        // a measured book's charges, in its order (scratch)
  std::vector<int> admissionPools_;        // admissionPoolsOf(def)
  std::vector<double> admissionMetrics_;   // (steps + 1) x admissionSeriesWidth()
  Bridges bridges_;
  Backstop backstop_;

  // This step's quotes (each with one PoolTerms per offer in terms_) and
  // what came of them.
  std::vector<WriterQuote> quotes_;
  std::vector<int> quoteArrival_;  // per quote: its arrival in arrivals_ (whose terms it holds)
  std::vector<PoolTerms> terms_;
  std::vector<PoolPending> poolPending_;
  std::vector<WriterChoice> choices_;
  std::vector<std::int32_t> tags_;
  std::vector<WriterOutcome> outcomes_;
  std::vector<double> outcomePools_;  // counterfactuals per pool, parallel to outcomes_
  std::vector<int> expiring_;  // slots that expire this step
  std::vector<FeeRule*> settlementObservers_;  // this step's fee rules that observe settlements

  // The writers' latest choices, counted as they change (phaseMetrics
  // reads them rather than pass over every writer): by status (WriterStatus
  // 0..2), by theta decile, pooled by decile and by pool; and the theta
  // moments, fixed at the start.
  struct ChoiceCounts {
    int status[3] = {};
    int chosen[10] = {}, pooled[10] = {};
    int pooledBy[kMaxPools] = {};
  } choiceCounts_;
  double thetaMean_ = 0, thetaSd_ = 0;
  double lpInitial_ = 0;  // the LPs' initial cash, currency, summed in LP order (it never changes)
  bool writersLearn_ = false;  // a writer strategy learns from outcomes: settlements make them
  bool lpsLearn_ = false;  // an LP strategy learns from outcomes: the step makes them (and the wealth shares they need)
  Engine buyerRng_;

  // This step's LP decisions: a view per (LP, pool) it reaches, LP by LP,
  // and what learning needs of each (parallel to lpViews_).
  std::vector<LpView> lpViews_;
  std::vector<LpAction> lpActions_;
  std::vector<int> lpFirstView_;       // LP l's views are [lpFirstView_[l], lpFirstView_[l + 1])
  std::vector<std::uint8_t> lpWarning_;  // this step's early-warning signal, per LP
  std::vector<LpOutcome> lpOutcomes_;  // of views whose pool has a return this step
  std::vector<double> vFracBefore_, vFracAfter_;  // share of the LP's wealth in the view's pool before/after acting
  std::vector<double> vCashBefore_;    // share of the LP's wealth outside every pool before acting
  std::vector<std::uint8_t> vCouldWithdraw_;  // whether its withdrawal request could be made
  // The share market: a deposit into a pool whose shares trade waits for
  // the auction (buying shares below NAV first), per view; what each LP's
  // waiting deposits hold of its cash; and the auction's order books.
  std::vector<Money> vDeposit_;
  std::vector<Money> lpReserved_;
  std::vector<ShareOrder> bids_, asks_;
  std::vector<int> marketPools_;       // shareMarketPoolsOf(def)
  std::vector<double> marketMetrics_;  // (steps + 1) x shareMarketSeriesWidth()

  // Market-wide records.
  WaterfallLayers siloLayers_;
  long refused_ = 0, trades_ = 0, pooledTrades_ = 0;
  double buyerSurplus_ = 0, writerProfit_ = 0;
  int stepTrades_ = 0;
  Money ledgerMaxImbalance_ = 0;
  std::vector<double> metrics_;
  bool tracksPools_ = false;         // the scenario has `pools`: per-pool series and summaries
  std::vector<double> poolMetrics_;  // (steps + 1) x poolSeriesWidth()
  Money backstopLowest_ = 0;
  std::vector<double> lpMoved_;  // [from * pools + to]: LP capital migrated, currency

  // Governance: the scenario after each scheduled change, and the next one due.
  std::vector<GovernedStep> governed_;
  size_t nextChange_ = 0;
  // Rules: what each writes, its condition, and where it stands.
  struct RuleClock {
    int due = -1;      // the step whose start its queued change is due at; -1 = none queued
    int ready = 0;     // the first step at whose end it may fire again (cooldown)
    int firings = 0;
  };
  std::vector<GovernedRule> rules_;
  RuleConditions conditions_;
  std::vector<RuleClock> ruleClocks_;
  std::vector<GovernanceEvent> events_;
};

}  // namespace mutualab
