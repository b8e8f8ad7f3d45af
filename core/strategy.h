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
inline constexpr int kWriterActionCount = 3;

// What a writer knows when a buyer asks it for an option. Money in currency.
struct WriterQuote {
  int writer = 0;          // writer index
  int group = 0;           // strategy group of the writer
  int step = 0;            // current step
  double theta = 0;        // the writer's private tail type (its own knowledge)
  double signal = 0;       // private per-position risk signal in [0,1] (hidden-jump propensity)
  double notional = 0;     // position notional
  double premium = 0;      // what the buyer pays the writer
  double fee = 0;          // what the pool charges to take the position
  double siloCollateral = 0;  // collateral locked if siloed
  double poolCollateral = 0;  // collateral posted if pooled
  double expectedLoss = 0;    // E[payoff] under the writer's true knowledge (theta, hidden jump)
  double expectedCover = 0;   // E[(payoff - poolCollateral)^+] under the same: what pooling insures
  double retainedShare = 0;   // share of the covered loss the writer still pays (skin in the game)
  double capitalCostSilo = 0; // cost of capital locked over the life if siloed
  double capitalCostPool = 0; // same if pooled
  bool poolAvailable = true;  // pool enabled and not refusing this writer (limits, capacity)
  double cash = 0;            // writer's free cash before this position
  double riskAversion = 0;    // the writer's mean-variance coefficient (writers.riskAversion)
};

// The outcome of one settled position, for learners.
struct WriterOutcome {
  int writer = 0;
  int group = 0;
  WriterAction action = WriterAction::Silo;
  double signal = 0;
  double feeRate = 0;           // the fee quoted at origination / notional
  std::int32_t tag = 0;         // what the strategy tagged the quote with
  double riskAversion = 0;      // the writer's mean-variance coefficient
  double notional = 0;          // position notional, currency
  double profit = 0;            // premium - fee - loss borne by the writer, currency
  double counterfactualSilo = 0;  // profit had it been siloed
  double counterfactualPool = 0;  // profit had it been pooled at the same fee
};

class WriterStrategy {
 public:
  virtual ~WriterStrategy() = default;
  // Called once by the world before the first step: the replication's seed
  // and the population size, so a randomized strategy can make its streams
  // (Purpose::WriterDecisions, one per writer) and size its state.
  virtual void bind(std::uint64_t /*seed*/, std::uint64_t /*replication*/, int /*writers*/) {}
  // Decides every quote of this step that belongs to `group` (others are
  // skipped). A strategy may also write tags[i], an integer the world keeps
  // with the position and hands back in its WriterOutcome (a learner's chosen
  // action index, say); tags start at 0.
  virtual void decide(std::span<const WriterQuote> quotes, std::span<WriterAction> actions,
                      std::span<std::int32_t> tags, int group) = 0;
  // Settled positions of the group, for learning; fixed rules ignore them.
  virtual void learn(std::span<const WriterOutcome> /*outcomes*/, int /*group*/) {}
};

enum class LpAction : std::uint8_t { Hold = 0, Deposit = 1, Withdraw = 2 };

// What an LP sees each step.
struct LpView {
  int lp = 0;
  int group = 0;
  int step = 0;
  double cash = 0;           // outside the pool, currency
  double shares = 0;         // pool shares held (including any queued for withdrawal)
  double nav = 1;            // pool NAV per share
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

// What an LP's last step earned, and what each action would have earned.
struct LpOutcome {
  int lp = 0;
  int group = 0;
  LpAction action = LpAction::Hold;
  double reward = 0;                   // realized, risk-adjusted, per unit of wealth
  double counterfactual[3] = {0, 0, 0};  // per LpAction: hold, deposit, withdraw
};

class LpStrategy {
 public:
  virtual ~LpStrategy() = default;
  virtual void bind(std::uint64_t /*seed*/, std::uint64_t /*replication*/, int /*lps*/) {}
  // Last step's outcomes of the group, for learning; fixed rules ignore them.
  virtual void learn(std::span<const LpOutcome> /*outcomes*/, int /*group*/) {}
  virtual void decide(std::span<const LpView> views, std::span<LpAction> actions, int group) = 0;
};

}  // namespace mutualab
