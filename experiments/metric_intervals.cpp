#include "experiments/metric_intervals.h"

#include <array>
#include <stdexcept>
#include <string>
#include <utility>

namespace mutualab {

namespace {

using enum Interval;

// One entry per metric name. A name used by several tables (fee_rate per
// step, per run and per pool) means the same kind of quantity in each.
constexpr std::pair<std::string_view, Interval> kIntervals[] = {
    // Shares of writers, positions or currency, per replication in [0, 1].
    {"pool_participation", Share}, {"silo_share", Share}, {"abstain_share", Share}, {"participation", Share},
    {"participation_d1", Share}, {"participation_d2", Share}, {"participation_d3", Share}, {"participation_d4", Share},
    {"participation_d5", Share}, {"participation_d6", Share}, {"participation_d7", Share}, {"participation_d8", Share},
    {"participation_d9", Share}, {"participation_d10", Share}, {"pooled_share", Share}, {"lp_max_drawdown", Share},
    {"share", Share}, {"sale_exit_share", Share},
    // 0/1 outcomes.
    {"pool_default_probability", Probability}, {"default_probability", Probability}, {"pool_defaulted", Probability},
    {"defaulted", Probability}, {"stress", Probability}, {"jump", Probability}, {"joint_default_probability", Probability},
    {"joint_default", Probability},
    // Event times.
    {"unraveling_step", EventTime},
    // Can be negative: profits, returns, discounts, indices.
    {"adverse_selection_index", Mean}, {"asi", Mean}, {"lp_return_mean", Mean}, {"lp_cvar5", Mean},
    {"welfare_buyers", Mean}, {"welfare_writers", Mean}, {"welfare_lps", Mean}, {"buyer_surplus", Mean},
    {"writer_profit", Mean}, {"lp_profit", Mean}, {"ledger_imbalance", Mean}, {"nav", Mean}, {"nav_final", Mean},
    {"takers_mean_theta", Mean}, {"share_discount", Mean}, {"share_discount_mean", Mean}, {"share_discount_max", Mean},
    {"admission_var", Mean}, {"admission_es", Mean},
    // Amounts, rates and counts that cannot be negative.
    {"price", NonNegative}, {"pricing_vol", NonNegative}, {"fee_rate", NonNegative}, {"pool_capital", NonNegative},
    {"pool_liability", NonNegative}, {"insurance_fund", NonNegative}, {"backstop", NonNegative},
    {"loss_collateral", NonNegative}, {"loss_retained", NonNegative}, {"loss_insurance", NonNegative},
    {"loss_lp", NonNegative}, {"loss_backstop", NonNegative}, {"unpaid", NonNegative}, {"fees", NonNegative},
    {"loss_ratio", NonNegative}, {"lp_count", NonNegative}, {"withdrawal_queue", NonNegative},
    {"open_pooled", NonNegative}, {"open_siloed", NonNegative}, {"notional_pooled", NonNegative},
    {"notional_siloed", NonNegative}, {"capital_efficiency_siloed", NonNegative},
    {"capital_efficiency_pooled", NonNegative}, {"trades", NonNegative}, {"refused", NonNegative},
    {"lp_volatility", NonNegative}, {"lp_count_final", NonNegative}, {"insurance_fund_final", NonNegative},
    {"buyer_shortfall", NonNegative}, {"fee_quotes_refused", NonNegative}, {"ledger_max_imbalance", NonNegative},
    {"lp_capital", NonNegative}, {"liability", NonNegative}, {"open_positions", NonNegative},
    {"backstop_fees", NonNegative}, {"lp_deposits", NonNegative}, {"lp_withdrawals", NonNegative},
    {"unpaid_at_settlement", NonNegative}, {"in_transit", NonNegative}, {"paid_late", NonNegative},
    {"lost_in_transit", NonNegative}, {"migrated_in", NonNegative}, {"migrated_out", NonNegative},
    {"pooled_positions", NonNegative}, {"lp_capital_final", NonNegative}, {"unpaid_claims", NonNegative},
    {"bridge_delay_mean", NonNegative}, {"positions", NonNegative}, {"claims", NonNegative},
    {"share_price", NonNegative}, {"share_volume", NonNegative}, {"share_volume_value", NonNegative},
    {"share_offered", NonNegative}, {"share_trade_steps", NonNegative}, {"queue_exit_steps_mean", NonNegative},
    {"sale_exit_steps_mean", NonNegative}, {"pools_defaulted", NonNegative}, {"backstop_final", NonNegative},
    {"backstop_lowest", NonNegative}, {"backstop_paid", NonNegative}, {"lp_capital_moved", NonNegative},
    {"admission_liability", NonNegative}, {"admission_capital", NonNegative}, {"admission_value", NonNegative},
    {"admission_declined", NonNegative}, {"admission_utilization_max", NonNegative}, {"admission_over_steps", NonNegative},
};

}  // namespace

Interval intervalOf(std::string_view metric) {
  for (const auto& [name, method] : kIntervals)
    if (name == metric) return method;
  throw std::logic_error("metric '" + std::string(metric) + "' has no interval method (experiments/metric_intervals.cpp)");
}

const char* intervalText(Interval method) {
  switch (method) {
    case Share: return "logit";
    case Probability: return "Wilson";
    case EventTime: return "censored median";
    case NonNegative: return "t, >= 0";
    default: return "t";
  }
}

MeanCi metricCi95(std::string_view metric, const std::vector<double>& xs) {
  switch (intervalOf(metric)) {
    case Share: return shareMeanCi95(xs);
    case Probability: return proportionCi95(xs);
    case NonNegative: return nonNegativeMeanCi95(xs);
    case EventTime: {
      // The median step with the replications that never had the event
      // counted as beyond the horizon, as summary.json gives it: NaN until
      // half had it, and an end NaN where it lies beyond the horizon.
      const EventTimeCi e = censoredMedianCi95(xs);
      MeanCi c;
      c.mean = e.median;
      c.lo = e.lo;
      c.hi = e.hi;
      c.n = e.n;
      return c;
    }
    default: return meanCi95(xs);
  }
}

}  // namespace mutualab
