#include "core/metric_labels.h"

namespace mutualab {

MetricLabel summaryMetricLabel(SummaryMetric m) {
  using K = ValueKind;
  // One wording for `mutualab run`'s table (native/cmd_run.cpp) and the
  // playground's (web/ui/panel_results.cpp), so the two read alike.
  switch (m) {
    case SummaryMetric::Asi: return {"ASI, last quarter of the run", K::Plain, "sd of theta"};
    case SummaryMetric::Participation: return {"pool participation, last quarter", K::Share, "of writers"};
    case SummaryMetric::UnravelingStep: return {"unraveling step", K::Step, "step"};
    case SummaryMetric::PoolDefault: return {"pool default probability", K::Share, "of replications"};
    case SummaryMetric::LpReturnMean: return {"LP return", K::Share, "per year (simple)"};
    case SummaryMetric::LpCvar5: return {"LP CVaR 5%", K::Share, "per step"};
    case SummaryMetric::LpVolatility: return {"LP volatility", K::Share, "per year"};
    case SummaryMetric::LpMaxDrawdown: return {"LP max drawdown", K::Share, "of NAV at its peak"};
    case SummaryMetric::LpCountFinal: return {"LPs holding shares at the end", K::Plain, "LPs"};
    case SummaryMetric::InsuranceFundFinal: return {"insurance fund at end", K::Money, kCurrencyUnit};
    case SummaryMetric::BuyerShortfall: return {"buyer shortfall", K::Money, kCurrencyUnit};
    case SummaryMetric::CapEffSiloed: return {"capital efficiency, siloed", K::Plain, "notional / locked capital"};
    case SummaryMetric::CapEffPooled: return {"capital efficiency, pooled", K::Plain, "notional / locked capital"};
    case SummaryMetric::LossRatio: return {"pool loss ratio", K::Plain, "losses / fees"};
    case SummaryMetric::FeeRate: return {"fee level", K::Share, "of notional"};
    case SummaryMetric::LossCollateral: return {"losses paid by writers' collateral", K::Money, kCurrencyUnit};
    case SummaryMetric::LossRetained: return {"losses writers paid beyond collateral", K::Money, kCurrencyUnit};
    case SummaryMetric::LossInsurance: return {"losses paid by the insurance fund", K::Money, kCurrencyUnit};
    case SummaryMetric::LossLp: return {"losses paid by LP capital", K::Money, kCurrencyUnit};
    case SummaryMetric::LossBackstop: return {"losses paid by the backstop", K::Money, kCurrencyUnit};
    case SummaryMetric::Trades: return {"positions written", K::Plain, "positions"};
    case SummaryMetric::FeeQuotesRefused: return {"fee quotes refused", K::Plain, "quotes"};
    case SummaryMetric::PooledShare: return {"pooled share of positions", K::Share, "of positions written"};
    case SummaryMetric::BuyerSurplus: return {"buyers' surplus", K::Money, kCurrencyUnit};
    case SummaryMetric::WriterProfit: return {"writers' profit", K::Money, kCurrencyUnit};
    case SummaryMetric::LpProfit: return {"LPs' profit", K::Money, kCurrencyUnit};
    case SummaryMetric::LedgerMaxImbalance: return {"ledger max imbalance", K::Money, "currency (0 = conserved)"};
    case SummaryMetric::Count: break;
  }
  return {"?", K::Plain, ""};
}

}  // namespace mutualab
