// The strategy interface writers and LPs act through. Fixed rules live in
// agents/ today; learners (Q-learning, EXP3, Hedge, ...) implement the same
// interface next. Strategies are chosen per population group, and each call
// hands a whole step's batch of decisions to one strategy object: one
// virtual call per group per step, not per agent.
#pragma once

#include <cstdint>
#include <span>

namespace mutualab {

enum class WriterAction : std::uint8_t { Silo = 0, Pool = 1, Abstain = 2 };

// One pool's terms for one position. Money in currency.
struct PoolTerms {
  double fee = 0;            // what this pool charges to take the position
  double collateral = 0;     // collateral the writer posts if pooled here
  double expectedCover = 0;  // E[(payoff - collateral)^+] under the writer's true knowledge: what pooling here insures
  double retainedShare = 0;  // share of the covered loss the writer still pays (skin in the game)
  double capitalCost = 0;    // cost of capital on `collateral` over the life
  double capacity = 0;       // cover this pool can still take at its minimum collateral ratio, currency
  bool available = true;     // underwrites the asset, enabled and not refusing this writer (limits, capacity)
};

// What a writer knows when a buyer asks it for an option: the silo's terms
// and every pool's, in the scenario's order. Money in currency.
struct WriterQuote {
  // User-provided, so the world's quotes_.emplace_back() does not zero the
  // whole struct before the member initializers and its own stores.
  WriterQuote() {}
  int writer = 0;          // writer index
  int group = 0;           // strategy group of the writer
  int step = 0;            // current step
  double theta = 0;        // the writer's private tail type (its own knowledge)
  double signal = 0;       // private per-position risk signal in [0,1] (hidden-jump propensity)
  double notional = 0;     // position notional
  double premium = 0;      // what the buyer pays the writer
  double siloCollateral = 0;  // collateral locked if siloed
  double expectedLoss = 0;    // E[payoff] under the writer's true knowledge (theta, hidden jump)
  double capitalCostSilo = 0; // cost of capital locked over the life if siloed
  double cash = 0;            // writer's free cash before this position
  double riskAversion = 0;    // the writer's mean-variance coefficient (writers.riskAversion)
  std::span<const PoolTerms> pools;  // one per pool
  // The cheapest available pool (the first on ties), or pool 0 when none is
  // available: where a rule that just "pools" goes, and the fee a learner
  // conditions on.
  int referencePool = 0;

  double referenceFee() const { return pools[static_cast<size_t>(referencePool)].fee; }

  // Expected profit of pooling in pool k: premium - fee - E[loss] + the cover it buys - cost of capital.
  double poolProfit(size_t k) const {
    const PoolTerms& p = pools[k];
    return premium - p.fee - expectedLoss + (1.0 - p.retainedShare) * p.expectedCover - p.capitalCost;
  }
  double siloProfit() const { return premium - expectedLoss - capitalCostSilo; }
};

// A writer's choice on one position: the silo, pool `pool`, or abstain.
struct WriterChoice {
  WriterAction action = WriterAction::Abstain;
  int pool = 0;  // which pool, when action is Pool

  static WriterChoice silo() { return {WriterAction::Silo, 0}; }
  static WriterChoice abstain() { return {WriterAction::Abstain, 0}; }
  static WriterChoice inPool(int k) { return {WriterAction::Pool, k}; }
  bool operator==(const WriterChoice&) const = default;
};

// A learner's action set over the choices with `pools` pools: 0 = silo,
// 1..pools = pool 0..pools-1, pools + 1 = abstain (with one pool: silo 0,
// pool 1, abstain 2).
inline int choiceCount(int pools) { return pools + 2; }
inline int choiceIndex(WriterChoice c, int pools) {
  return c.action == WriterAction::Silo ? 0 : c.action == WriterAction::Pool ? 1 + c.pool : pools + 1;
}
inline WriterChoice choiceAt(int index, int pools) {
  return index == 0 ? WriterChoice::silo() : index <= pools ? WriterChoice::inPool(index - 1) : WriterChoice::abstain();
}

// The outcome of one settled position, for learners.
struct WriterOutcome {
  // User-provided, so the world's outcomes_.emplace_back() does not zero the
  // whole struct before the member initializers and its own stores.
  WriterOutcome() {}
  int writer = 0;
  int group = 0;
  WriterChoice choice;          // what happened (a refused pool request was siloed)
  double signal = 0;
  int referencePool = 0;        // the quote's
  double feeRate = 0;           // the quote's referenceFee() / notional
  std::int32_t tag = 0;         // what the strategy tagged the quote with
  double riskAversion = 0;      // the writer's mean-variance coefficient
  double notional = 0;          // position notional, currency
  double profit = 0;            // premium - fee - loss borne by the writer, currency
  double counterfactualSilo = 0;  // profit had it been siloed
  // Profit had it been pooled in pool k at the fee pool k quoted, per pool.
  std::span<const double> counterfactualPools;
};

class WriterStrategy {
 public:
  virtual ~WriterStrategy() = default;
  // Called once by the world before the first step: the replication's seed,
  // the population size and the number of pools, so a randomized strategy
  // can make its streams (Purpose::WriterDecisions, one per writer) and size
  // its state (a learner's action set is choiceCount(pools)).
  virtual void bind(std::uint64_t /*seed*/, std::uint64_t /*replication*/, int /*writers*/, int /*pools*/) {}
  // Decides every quote of this step that belongs to `group` (others are
  // skipped). A strategy may also write tags[i], an integer the world keeps
  // with the position and hands back in its WriterOutcome (a learner's chosen
  // action index, say); tags start at 0.
  virtual void decide(std::span<const WriterQuote> quotes, std::span<WriterChoice> choices,
                      std::span<std::int32_t> tags, int group) = 0;
  // Settled positions of the group, for learning; fixed rules ignore them
  // and leave learnsFromOutcomes false, so no outcomes are made for them
  // (a strategy that overrides learn must set it).
  virtual void learn(std::span<const WriterOutcome> /*outcomes*/, int /*group*/) {}
  bool learnsFromOutcomes = false;
};

enum class LpAction : std::uint8_t { Hold = 0, Deposit = 1, Withdraw = 2 };

// What an LP sees each step, of one pool it reaches: one view per (LP, pool)
// pair, the LP's views next to each other. An LP reaches its home pool and
// every pool it holds shares in (with migration.reach "all": every pool).
// With one pool, one view per LP.
struct LpView {
  // User-provided, so the world's lpViews_.emplace_back() does not zero the
  // whole struct before the member initializers and its own stores.
  LpView() {}
  int lp = 0;
  int pool = 0;              // which pool this view is of
  int group = 0;
  int step = 0;
  double cash = 0;           // outside every pool, currency
  double shares = 0;         // shares held in this pool (including any queued for withdrawal)
  double nav = 1;            // this pool's NAV per share
  double riskAversion = 1;   // mean-variance coefficient
  double outsideRateAnnual = 0;
  double poolYieldAnnual = 0;  // EWMA of the NAV's log return, annualized
  double poolVolAnnual = 0;    // EWMA volatility of the NAV, annualized
  double drawdown = 0;         // 1 - NAV / peak NAV since this LP entered
  bool canWithdraw = true;     // past lockup and not already queued
  bool hasEarlyWarning = false;
  bool warning = false;        // early-warning signal: stress or a crash is coming
  int stepsSinceWarning = 1 << 30;  // steps since the signal last warned (huge if never)
};

// What an LP's last step earned in one pool it reached, and what each action
// there would have earned.
struct LpOutcome {
  int lp = 0;
  int pool = 0;
  int group = 0;
  LpAction action = LpAction::Hold;
  double reward = 0;                   // realized, risk-adjusted, per unit of wealth
  double counterfactual[3] = {0, 0, 0};  // per LpAction: hold, deposit, withdraw
};

class LpStrategy {
 public:
  virtual ~LpStrategy() = default;
  // Called once before the first step: the population size and the number
  // of pools, so a learner can keep a state per (LP, pool).
  virtual void bind(std::uint64_t /*seed*/, std::uint64_t /*replication*/, int /*lps*/, int /*pools*/) {}
  // Last step's outcomes of the group, for learning; fixed rules ignore them
  // and leave learnsFromOutcomes false, so no outcomes are made for them
  // (a strategy that overrides learn must set it).
  virtual void learn(std::span<const LpOutcome> /*outcomes*/, int /*group*/) {}
  bool learnsFromOutcomes = false;
  // An action per view: hold, deposit into or withdraw from that view's pool.
  // An LP depositing into several pools in one step splits the deposit equally.
  virtual void decide(std::span<const LpView> views, std::span<LpAction> actions, int group) = 0;
  // False where decide would hold every view at this step whatever it
  // shows (a buy-and-hold rule after its deposit): when no group's strategy
  // acts, the world builds no views for the step and skips deciding.
  virtual bool actsAt(int /*step*/) const { return true; }
};

}  // namespace mutualab
