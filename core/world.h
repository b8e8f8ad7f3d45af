// One replication of the model: its state as flat arrays sized at start, and
// step(), a fixed sequence of phases, each a loop over contiguous data:
//   market -> buyer demand -> writer decisions -> pool quotes and acceptance
//   -> expiries and the waterfall -> LP decisions -> learning -> metrics.
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

#include "core/fee_rule.h"
#include "core/ledger.h"
#include "core/market.h"
#include "core/metrics.h"
#include "core/rng.h"
#include "core/scenario.h"
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

  // Per-step metrics, row t (0..steps) has kStepMetricCount values.
  double metric(int t, StepMetric m) const {
    return metrics_[static_cast<size_t>(t) * kStepMetricCount + static_cast<size_t>(m)];
  }
  std::span<const double> metricsRow(int t) const {
    return {metrics_.data() + static_cast<size_t>(t) * kStepMetricCount, static_cast<size_t>(kStepMetricCount)};
  }
  // The replication's summary (valid once done(); partial before).
  RepSummary summarize() const;

  // [SECTION] Agent state
  int writerCount() const { return nWriters_; }
  int lpCount() const { return nLps_; }
  WriterState writer(int i) const;
  LpState lp(int i) const;
  // NAV per pool share: (LP capital - model value of open pooled cover) / shares
  // (cash only when pool.markToModel is false); 1 with no shares outstanding.
  double nav() const;
  double poolLiability() const { return liability_; }
  const Ledger& ledger() const { return ledger_; }
  const Market& market() const { return market_; }
  const ScenarioDef& scenario() const { return def_; }
  // Raw arrays for fast drawing (playground): theta and latest status per writer.
  std::span<const double> writerTheta() const { return wTheta_; }
  std::span<const std::int8_t> writerStatus() const { return wStatus_; }
  // Largest |sum of the ledger| seen after any step, in micro-units (0 = exact).
  Money ledgerMaxImbalance() const { return ledgerMaxImbalance_; }

 private:
  struct Pending;  // a quote's position terms, parallel to quotes_

  void initAgents();
  void phaseDemand();
  void phaseDecide();
  void phaseAccept();
  void phaseExpiries();
  void phaseLps();
  void phaseLearn();
  void phaseMetrics();

  bool poolCanTake(int writer, double maxCover) const;
  FeeContext feeContext() const;
  double utilization() const;
  void lpDeposit(int l, Money amount);
  double wealthShareInPool(int l) const;
  void markToModel();
  void learnLps(double navReturn);
  int allocSlot();

  ScenarioDef def_;
  std::uint64_t seed_ = 0, rep_ = 0;
  double dt_ = 1.0 / 365.0;
  int t_ = 0;
  int nWriters_ = 0, nLps_ = 0;
  Market market_;
  Ledger ledger_;
  std::unique_ptr<FeeRule> feeRule_;
  WorldStrategies strategies_;

  // Writers (struct of arrays).
  std::vector<double> wTheta_;
  std::vector<std::int8_t> wDecile_;
  std::vector<int> wGroup_;
  std::vector<std::int8_t> wStatus_;
  std::vector<int> wOpenPooled_, wSettled_, wPooledTotal_, wSiloedTotal_;
  std::vector<double> wCoverLoss_, wNotionalHist_, wProfit_, wRiskAversion_;
  std::vector<Money> wInitialCash_;
  std::vector<Engine> wRng_;

  // LPs (struct of arrays).
  std::vector<int> lGroup_;
  std::vector<double> lShares_, lQueued_, lRiskAversion_, lOutsideRate_, lPeakNav_;
  std::vector<std::uint8_t> lWarned_;
  std::vector<int> lDepositStep_, lRequestStep_, lLastWarning_;
  std::vector<Money> lInitialCash_;
  std::vector<Engine> lRng_;
  std::vector<LpView> lpViews_;
  std::vector<LpAction> lpActions_;
  std::vector<LpOutcome> lpOutcomes_;
  std::vector<double> lFracBefore_, lFracAfter_;  // share of an LP's wealth in the pool before/after its last action
  std::vector<std::uint8_t> lCouldWithdraw_;        // whether its last withdrawal request could be made

  // Positions (struct of arrays, fixed capacity, free list).
  std::vector<std::uint8_t> pActive_, pPooled_, pKind_, pHidden_, pInformed_;
  std::vector<int> pWriter_, pAsset_, pExpiry_, pTag_;
  std::vector<double> pStrike_, pUnits_, pNotional_, pMaxCover_, pPremium_, pFee_, pCoverStrikeDist_, pModelCover_, pSignal_;
  std::vector<Money> pCollateral_;
  std::vector<int> freeSlots_;

  // This step's quotes.
  std::vector<WriterQuote> quotes_;
  std::vector<Pending> pending_;
  std::vector<WriterAction> actions_;
  std::vector<std::int32_t> tags_;
  std::vector<WriterOutcome> outcomes_;
  Engine buyerRng_;

  // Pool and accumulators.
  double totalShares_ = 0;
  double exposure_ = 0;  // sum of max cover of open pooled positions, currency
  double liability_ = 0; // model value of the pool's open cover (mark to model), currency
  int openPooled_ = 0;
  double lossRate_ = 0, initialLossRate_ = 0, pooledExpectedRate_ = 0, modelRatio_ = 1;
  double navPrev_ = 1.0, yieldEwma_ = 0, varEwma_ = 0;
  WaterfallLayers pooledLayers_, siloLayers_;
  Money fees_ = 0;
  double feeRateSum_ = 0;
  long feeRateCount_ = 0, refused_ = 0, trades_ = 0, pooledTrades_ = 0;
  double buyerSurplus_ = 0, writerProfit_ = 0;
  bool defaulted_ = false;
  Money ledgerMaxImbalance_ = 0;
  int stepTrades_ = 0;
  double stepFeeSum_ = 0;
  int stepFeeCount_ = 0;
  double settledPoolLoss_ = 0, settledPoolNotional_ = 0, settledPoolModel_ = 0;
  std::vector<double> metrics_;
};

}  // namespace mutualab
