// What is measured (MODEL.md section 6). Per-step metrics are a fixed list of
// doubles per step (a flat array the world fills in place); per-replication
// summary metrics are a fixed list of doubles. NaN means "undefined this
// step/replication" (e.g. ASI with nothing pooled) and is skipped when
// averaging over replications. Names are the CSV/JSON column names.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "core/governance_event.h"

namespace mutualab {

// clang-format off
#define MUTUALAB_STEP_METRICS(X)                                                         \
  X(Price, "price", "price of asset 0")                                                \
  X(PricingVol, "pricing_vol", "pool's annual volatility estimate, asset 0")           \
  X(Stress, "stress", "1 in the stress regime")                                        \
  X(Jump, "jump", "1 if an asset jumped down this step")                               \
  X(Asi, "asi", "adverse selection index of open pooled positions")                    \
  X(Participation, "pool_participation", "share of writers whose latest choice is pool") \
  X(SiloShare, "silo_share", "share of writers whose latest choice is silo")           \
  X(AbstainShare, "abstain_share", "share of writers whose latest choice is abstain")  \
  X(D1, "participation_d1", "pool participation, theta decile 1 (safest)")             \
  X(D2, "participation_d2", "pool participation, theta decile 2")  X(D3, "participation_d3", "pool participation, theta decile 3")                          \
  X(D4, "participation_d4", "pool participation, theta decile 4")  X(D5, "participation_d5", "pool participation, theta decile 5")                          \
  X(D6, "participation_d6", "pool participation, theta decile 6")  X(D7, "participation_d7", "pool participation, theta decile 7")                          \
  X(D8, "participation_d8", "pool participation, theta decile 8")  X(D9, "participation_d9", "pool participation, theta decile 9")                          \
  X(D10, "participation_d10", "pool participation, theta decile 10 (riskiest)")        \
  X(FeeRate, "fee_rate", "mean fee per unit notional quoted this step")                \
  X(PoolCapital, "pool_capital", "LP capital in the pool, currency")                    \
  X(Nav, "nav", "NAV per pool share (marked to model)")                                \
  X(PoolLiability, "pool_liability", "model value of the pool's open cover, currency")  \
  X(InsuranceFund, "insurance_fund", "insurance fund balance, currency")               \
  X(Backstop, "backstop", "backstop balance, currency")                                \
  X(LossCollateral, "loss_collateral", "cumulative losses paid from writers' collateral") \
  X(LossRetained, "loss_retained", "cumulative losses paid by writers beyond collateral") \
  X(LossInsurance, "loss_insurance", "cumulative losses paid by the insurance fund")   \
  X(LossLp, "loss_lp", "cumulative losses paid by LP capital")                         \
  X(LossBackstop, "loss_backstop", "cumulative losses paid by the backstop")           \
  X(Unpaid, "unpaid", "cumulative claims buyers have not received (falls when a bridge delivers a late payment)")                      \
  X(FeesCum, "fees", "cumulative fees paid to the pool")                               \
  X(LossRatio, "loss_ratio", "pool-borne losses / fees, cumulative")                   \
  X(DefaultEver, "pool_defaulted", "1 once a pooled claim reached the backstop or went unpaid") \
  X(LpCount, "lp_count", "LPs holding pool shares")                                    \
  X(WithdrawalQueue, "withdrawal_queue", "value of queued withdrawal requests, currency") \
  X(OpenPooled, "open_pooled", "open pooled positions")                                \
  X(OpenSiloed, "open_siloed", "open siloed positions")                                \
  X(NotionalPooled, "notional_pooled", "open pooled notional, currency")              \
  X(NotionalSiloed, "notional_siloed", "open siloed notional, currency")              \
  X(CapEffSiloed, "capital_efficiency_siloed", "siloed notional per unit of locked capital") \
  X(CapEffPooled, "capital_efficiency_pooled", "pooled notional per unit of capital locked behind it (writer collateral + min ratio x max cover)") \
  X(Trades, "trades", "positions written this step")                                  \
  X(Refused, "refused", "cumulative pooling requests the pool refused")               \
  X(BuyerSurplus, "buyer_surplus", "cumulative buyer surplus, currency")              \
  X(WriterProfit, "writer_profit", "cumulative writer profit, currency")              \
  X(LpProfit, "lp_profit", "LP wealth minus initial capital, currency")              \
  X(LedgerImbalance, "ledger_imbalance", "sum of all ledger accounts, currency (0 = conserved)")
// clang-format on

enum class StepMetric : int {
#define MUTUALAB_X(id, name, help) id,
  MUTUALAB_STEP_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
      Count
};
inline constexpr int kStepMetricCount = static_cast<int>(StepMetric::Count);

struct MetricInfo {
  const char* name;
  const char* help;
};
inline constexpr std::array<MetricInfo, kStepMetricCount> kStepMetricInfo = {{
#define MUTUALAB_X(id, name, help) {name, help},
    MUTUALAB_STEP_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
}};

// clang-format off
#define MUTUALAB_SUMMARY_METRICS(X)                                                                 \
  X(Asi, "adverse_selection_index", "ASI averaged over the last quarter of the run")                \
  X(Participation, "pool_participation", "pool participation averaged over the last quarter")       \
  X(UnravelingStep, "unraveling_step", "first step after warm-up where participation, averaged over the trailing warm-up window, is below sim.unravelShare (null if none)") \
  X(PoolDefault, "pool_default_probability", "1 if a pooled claim reached the backstop or went unpaid") \
  X(LpReturnMean, "lp_return_mean", "mean simple return of LPs who entered, annualized pro rata")              \
  X(LpCvar5, "lp_cvar5", "CVaR 5% of per-step NAV returns, as a positive loss per step")          \
  X(LpVolatility, "lp_volatility", "annualized volatility of NAV returns")                         \
  X(LpMaxDrawdown, "lp_max_drawdown", "largest fall of NAV from a peak")                            \
  X(LpCountFinal, "lp_count_final", "LPs holding shares at the end")                               \
  X(InsuranceFundFinal, "insurance_fund_final", "insurance fund at the end, currency")             \
  X(BuyerShortfall, "buyer_shortfall", "claims buyers did not receive, currency")                  \
  X(CapEffSiloed, "capital_efficiency_siloed", "siloed notional per unit of locked capital (time average)") \
  X(CapEffPooled, "capital_efficiency_pooled", "pooled notional per unit of locked capital (time average)") \
  X(LossRatio, "loss_ratio", "pool-borne losses / fees at the end")                                \
  X(FeeRate, "fee_rate", "mean fee per unit notional over the run")                                \
  X(LossCollateral, "loss_collateral", "losses paid from writers' collateral, currency")           \
  X(LossRetained, "loss_retained", "losses paid by writers beyond collateral, currency")           \
  X(LossInsurance, "loss_insurance", "losses paid by the insurance fund, currency")                \
  X(LossLp, "loss_lp", "losses paid by LP capital, currency")                                      \
  X(LossBackstop, "loss_backstop", "losses paid by the backstop, currency")                        \
  X(Trades, "trades", "positions written over the run")                                            \
  X(FeeQuotesRefused, "fee_quotes_refused", "quotes a pool refused because its fee rule gave no finite fee >= 0 (a formula's NaN, infinity or negative result)") \
  X(PooledShare, "pooled_share", "share of written positions that were pooled")                    \
  X(BuyerSurplus, "welfare_buyers", "buyer surplus, currency")                                     \
  X(WriterProfit, "welfare_writers", "writer profit, currency")                                    \
  X(LpProfit, "welfare_lps", "LP profit, currency")                                                \
  X(LedgerMaxImbalance, "ledger_max_imbalance", "largest |sum of ledger| over all steps, currency (0 = conserved)")
// clang-format on

enum class SummaryMetric : int {
#define MUTUALAB_X(id, name, help) id,
  MUTUALAB_SUMMARY_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
      Count
};
inline constexpr int kSummaryMetricCount = static_cast<int>(SummaryMetric::Count);
inline constexpr std::array<MetricInfo, kSummaryMetricCount> kSummaryMetricInfo = {{
#define MUTUALAB_X(id, name, help) {name, help},
    MUTUALAB_SUMMARY_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
}};

// Scenarios with `pools`: each pool's own series, columns "<pool>.<name>".
// clang-format off
#define MUTUALAB_POOL_STEP_METRICS(X)                                                              \
  X(Participation, "participation", "share of writers whose latest choice is this pool")           \
  X(Asi, "asi", "adverse selection index of its open positions")                                  \
  X(FeeRate, "fee_rate", "mean fee per unit notional it quoted this step")                          \
  X(Nav, "nav", "NAV per share (marked to model)")                                                 \
  X(LpCapital, "lp_capital", "LP capital, currency")                                               \
  X(InsuranceFund, "insurance_fund", "insurance fund, currency")                                   \
  X(Liability, "liability", "model value of its open cover, currency")                             \
  X(OpenPositions, "open_positions", "open positions it covers")                                   \
  X(LpCount, "lp_count", "LPs holding its shares")                                                 \
  X(LossLp, "loss_lp", "cumulative losses its LP capital paid, currency")                          \
  X(LossBackstop, "loss_backstop", "cumulative losses the shared backstop paid for it, currency")    \
  X(Unpaid, "unpaid", "cumulative claims on it buyers did not receive, currency")                   \
  X(BackstopFees, "backstop_fees", "cumulative share of its fees paid into the backstop, currency")  \
  X(LpDeposits, "lp_deposits", "cumulative LP deposits, currency")                                 \
  X(LpWithdrawals, "lp_withdrawals", "cumulative LP withdrawals paid, currency")                    \
  X(Defaulted, "defaulted", "1 once a claim on it reached the backstop or went unpaid")              \
  X(UnpaidAtSettlement, "unpaid_at_settlement", "cumulative claims on it not paid when they settled, currency") \
  X(InTransit, "in_transit", "backstop payments on their way to it over a bridge, currency")       \
  X(PaidLate, "paid_late", "cumulative backstop payments that reached its buyers after a bridge delay, currency") \
  X(LostInTransit, "lost_in_transit", "cumulative backstop payments to it lost on a bridge, currency") \
  X(MigratedIn, "migrated_in", "cumulative LP capital that migrated into it from other pools, currency") \
  X(MigratedOut, "migrated_out", "cumulative LP capital that migrated out of it to other pools, currency")

// Scenarios with `pools`: each pool's headline numbers per replication.
#define MUTUALAB_POOL_SUMMARY_METRICS(X)                                                           \
  X(Participation, "pool_participation", "its participation averaged over the last quarter")      \
  X(Asi, "adverse_selection_index", "ASI of its open positions averaged over the last quarter")  \
  X(FeeRate, "fee_rate", "mean fee per unit notional it quoted over the run")                      \
  X(PooledPositions, "pooled_positions", "positions it covered over the run")                      \
  X(NavFinal, "nav_final", "NAV per share at the end (null with no shares)")                       \
  X(LpCapitalFinal, "lp_capital_final", "LP capital at the end, currency")                          \
  X(InsuranceFundFinal, "insurance_fund_final", "insurance fund at the end, currency")             \
  X(LossInsurance, "loss_insurance", "losses its insurance fund paid, currency")                   \
  X(LossLp, "loss_lp", "losses its LP capital paid, currency")                                     \
  X(LossBackstop, "loss_backstop", "losses the shared backstop paid for it, currency")              \
  X(Unpaid, "unpaid_claims", "claims on it buyers did not receive, currency")                      \
  X(Default, "default_probability", "1 if a claim on it reached the backstop or went unpaid")       \
  X(BackstopFees, "backstop_fees", "share of its fees paid into the backstop, currency")           \
  X(LpDeposits, "lp_deposits", "LP deposits, currency")                                            \
  X(LpWithdrawals, "lp_withdrawals", "LP withdrawals paid, currency")                               \
  X(UnpaidAtSettlement, "unpaid_at_settlement", "claims on it not paid when they settled, currency") \
  X(PaidLate, "paid_late", "backstop payments that reached its buyers after a bridge delay, currency") \
  X(BridgeDelay, "bridge_delay_mean", "mean delay of those late payments, steps (amount-weighted)")  \
  X(LostInTransit, "lost_in_transit", "backstop payments to it lost on a bridge, currency")
// clang-format on

enum class PoolStepMetric : int {
#define MUTUALAB_X(id, name, help) id,
  MUTUALAB_POOL_STEP_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
      Count
};
inline constexpr int kPoolStepMetricCount = static_cast<int>(PoolStepMetric::Count);
inline constexpr std::array<MetricInfo, kPoolStepMetricCount> kPoolStepMetricInfo = {{
#define MUTUALAB_X(id, name, help) {name, help},
    MUTUALAB_POOL_STEP_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
}};

enum class PoolSummaryMetric : int {
#define MUTUALAB_X(id, name, help) id,
  MUTUALAB_POOL_SUMMARY_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
      Count
};
inline constexpr int kPoolSummaryMetricCount = static_cast<int>(PoolSummaryMetric::Count);
inline constexpr std::array<MetricInfo, kPoolSummaryMetricCount> kPoolSummaryMetricInfo = {{
#define MUTUALAB_X(id, name, help) {name, help},
    MUTUALAB_POOL_SUMMARY_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
}};

// A screening menu's contracts: who took each, and what it cost the pool
// (scenarios with a `menu`; the same for every replication's summary).
// clang-format off
#define MUTUALAB_CONTRACT_SUMMARY_METRICS(X)                                                        \
  X(Positions, "positions", "positions written on it over the run")                                  \
  X(Share, "share", "its share of every position written, silo and pools included")                  \
  X(MeanTheta, "takers_mean_theta", "notional-weighted mean theta of the writers who took it")       \
  X(Fees, "fees", "fees paid for it, currency")                                                      \
  X(Claims, "claims", "what its cover was liable for on settled positions, currency")                \
  X(LossRatio, "loss_ratio", "claims / fees: above 1 it lost money on its takers (null with no fees)")
// clang-format on

enum class ContractSummaryMetric : int {
#define MUTUALAB_X(id, name, help) id,
  MUTUALAB_CONTRACT_SUMMARY_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
      Count
};
inline constexpr int kContractSummaryMetricCount = static_cast<int>(ContractSummaryMetric::Count);
inline constexpr std::array<MetricInfo, kContractSummaryMetricCount> kContractSummaryMetricInfo = {{
#define MUTUALAB_X(id, name, help) {name, help},
    MUTUALAB_CONTRACT_SUMMARY_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
}};

// Pools whose shares trade (pool.shareMarket.enabled, at start or by a
// governance change): each one's market series, columns "<pool>.<name>"
// with `pools` and "<name>" with the one pool; none otherwise, so scenarios
// without the market write exactly the files they always did.
// clang-format off
#define MUTUALAB_SHARE_MARKET_STEP_METRICS(X)                                                       \
  X(Price, "share_price", "price of a share in this step's call auction, currency (empty: nothing traded)") \
  X(Discount, "share_discount", "1 - price / NAV in this step's auction (empty: nothing traded)")   \
  X(Volume, "share_volume", "shares that changed hands this step")                                 \
  X(VolumeValue, "share_volume_value", "currency paid for them")                                   \
  X(Offered, "share_offered", "shares LPs who want out offered this step (sold or not)")

#define MUTUALAB_SHARE_MARKET_SUMMARY_METRICS(X)                                                    \
  X(DiscountMean, "share_discount_mean", "mean discount to NAV over the steps with a trade")      \
  X(DiscountMax, "share_discount_max", "largest discount to NAV in any step with a trade")        \
  X(TradeSteps, "share_trade_steps", "steps with a trade")                                         \
  X(Volume, "share_volume", "shares that changed hands over the run")                              \
  X(VolumeValue, "share_volume_value", "currency paid for shares over the run")                    \
  X(QueueExitSteps, "queue_exit_steps_mean", "mean steps from a withdrawal request to its payment, weighted by the currency paid (migration excluded)") \
  X(SaleExitSteps, "sale_exit_steps_mean", "mean steps from the decision to leave to the sale, weighted by the proceeds") \
  X(SaleExitShare, "sale_exit_share", "share of the currency LPs leaving received that came from sales (the rest: queue payments net of the exit fee)")
// clang-format on

enum class ShareMarketStepMetric : int {
#define MUTUALAB_X(id, name, help) id,
  MUTUALAB_SHARE_MARKET_STEP_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
      Count
};
inline constexpr int kShareMarketStepMetricCount = static_cast<int>(ShareMarketStepMetric::Count);
inline constexpr std::array<MetricInfo, kShareMarketStepMetricCount> kShareMarketStepMetricInfo = {{
#define MUTUALAB_X(id, name, help) {name, help},
    MUTUALAB_SHARE_MARKET_STEP_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
}};

enum class ShareMarketSummaryMetric : int {
#define MUTUALAB_X(id, name, help) id,
  MUTUALAB_SHARE_MARKET_SUMMARY_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
      Count
};
inline constexpr int kShareMarketSummaryMetricCount = static_cast<int>(ShareMarketSummaryMetric::Count);
inline constexpr std::array<MetricInfo, kShareMarketSummaryMetricCount> kShareMarketSummaryMetricInfo = {{
#define MUTUALAB_X(id, name, help) {name, help},
    MUTUALAB_SHARE_MARKET_SUMMARY_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
}};

// Pools that admit by VaR (pool.admission rule "var", at start or by a
// governance change, scheduled or a rule's): what admission saw, columns
// "<pool>.<name>" with `pools` and "<name>" with the one pool; none
// otherwise, so scenarios that admit by ratio write exactly the files they
// always did. Empty (NaN) at steps where the pool does not admit by VaR, and
// the measure's figures before its first measure.
// clang-format off
#define MUTUALAB_ADMISSION_STEP_METRICS(X)                                                          \
  X(Liability, "admission_liability", "its book's liability at the admission level after the step: V(0) + VaR (or + ES) at the latest measure, plus the charges of what it took since (each the larger of its Euler marginal and its own liability), less the charges of what expired since, currency") \
  X(Capital, "admission_capital", "LP capital + insurance fund after the step, what that liability must fit within, currency") \
  X(Value, "admission_value", "V(0), model value of its open book at the latest measure, currency") \
  X(Var, "admission_var", "VaR of its book's loss to the horizon at the admission level, at the latest measure, currency") \
  X(Es, "admission_es", "expected shortfall of that loss at the level, at the latest measure, currency") \
  X(Declined, "admission_declined", "quotes this step on which its VaR (or ES) test declined the cover: shown unavailable at the quote, or refused when taken (an earlier trade of the step used the room); a pool with no capital is closed and declines nothing here")

#define MUTUALAB_ADMISSION_SUMMARY_METRICS(X)                                                       \
  X(Declined, "admission_declined", "quotes on which its VaR (or ES) test declined the cover over the run (as the per-step column)") \
  X(UtilizationMax, "admission_utilization_max", "largest admission_liability / admission_capital after any step (null with no capital)") \
  X(OverSteps, "admission_over_steps", "steps that ended with admission_liability above admission_capital (losses paid, or a new measure after the market moved)")
// clang-format on

enum class AdmissionStepMetric : int {
#define MUTUALAB_X(id, name, help) id,
  MUTUALAB_ADMISSION_STEP_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
      Count
};
inline constexpr int kAdmissionStepMetricCount = static_cast<int>(AdmissionStepMetric::Count);
inline constexpr std::array<MetricInfo, kAdmissionStepMetricCount> kAdmissionStepMetricInfo = {{
#define MUTUALAB_X(id, name, help) {name, help},
    MUTUALAB_ADMISSION_STEP_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
}};

enum class AdmissionSummaryMetric : int {
#define MUTUALAB_X(id, name, help) id,
  MUTUALAB_ADMISSION_SUMMARY_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
      Count
};
inline constexpr int kAdmissionSummaryMetricCount = static_cast<int>(AdmissionSummaryMetric::Count);
inline constexpr std::array<MetricInfo, kAdmissionSummaryMetricCount> kAdmissionSummaryMetricInfo = {{
#define MUTUALAB_X(id, name, help) {name, help},
    MUTUALAB_ADMISSION_SUMMARY_METRICS(MUTUALAB_X)
#undef MUTUALAB_X
}};

// Who paid for whose losses, and how far the failure spread (scenarios with
// `pools`; empty otherwise).
struct ContagionSummary {
  // backstopPaid[c * pools + j]: what contributor c's stake in the shared
  // backstop paid toward pool j's claims, currency; c = pools is the
  // backstop's initial capital.
  std::vector<double> backstopPaid;
  // lpMoved[i * pools + j]: LP capital that migrated from pool i to pool j, currency.
  std::vector<double> lpMoved;
  double poolsDefaulted = 0;   // pools with a claim that reached the backstop or went unpaid
  double jointDefault = 0;     // 1 if two or more pools defaulted
  double backstopFinal = 0;    // balance at the end, currency
  double backstopLowest = 0;   // lowest balance after any step, currency
};

// One replication's results.
struct RepSummary {
  std::array<double, kSummaryMetricCount> values{};
  std::array<double, 10> participationByDecile{};  // last quarter average, NaN if a decile never chose
  std::vector<double> pools;  // scenarios with `pools`: pools x kPoolSummaryMetricCount
  ContagionSummary contagion;
  std::vector<double> contracts;  // scenarios with menus: menu contracts (pool by pool) x kContractSummaryMetricCount
  std::vector<double> shareMarkets;  // pools whose shares trade: markets x kShareMarketSummaryMetricCount
  std::vector<double> admissions;    // pools that admit by VaR: admitting pools x kAdmissionSummaryMetricCount
  std::vector<GovernanceEvent> governance;  // what governance did, in order (scenarios with governance rules)
  double& operator[](SummaryMetric m) { return values[static_cast<size_t>(m)]; }
  double operator[](SummaryMetric m) const { return values[static_cast<size_t>(m)]; }
  double pool(int k, PoolSummaryMetric m) const {
    return pools[static_cast<size_t>(k) * kPoolSummaryMetricCount + static_cast<size_t>(m)];
  }
  double contract(int c, ContractSummaryMetric m) const {
    return contracts[static_cast<size_t>(c) * kContractSummaryMetricCount + static_cast<size_t>(m)];
  }
  // Market j is the j-th pool whose shares trade (World::shareMarketPools).
  double shareMarket(int j, ShareMarketSummaryMetric m) const {
    return shareMarkets[static_cast<size_t>(j) * kShareMarketSummaryMetricCount + static_cast<size_t>(m)];
  }
  // Admitting pool j is the j-th pool that admits by VaR (World::admissionPools).
  double admission(int j, AdmissionSummaryMetric m) const {
    return admissions[static_cast<size_t>(j) * kAdmissionSummaryMetricCount + static_cast<size_t>(m)];
  }
};

}  // namespace mutualab
