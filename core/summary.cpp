// World::summarize: one replication's headline numbers from its per-step
// metrics and final agent state (MODEL.md section 6).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/world.h"

namespace mutualab {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Mean of the defined (non-NaN) values of metric m over rows [from, to].
double meanOver(const World& w, StepMetric m, int from, int to) {
  double s = 0;
  int n = 0;
  for (int t = from; t <= to; ++t) {
    const double v = w.metric(t, m);
    if (!std::isnan(v)) { s += v; ++n; }
  }
  return n > 0 ? s / n : kNaN;
}
}  // namespace

void World::summarizePools(RepSummary& r, int from, int T) const {
  const size_t P = pools_.size(), K = kPoolSummaryMetricCount;
  r.pools.assign(P * K, kNaN);
  int defaulted = 0;
  for (size_t k = 0; k < P; ++k) {
    const Pool& p = pools_[k];
    const int K_ = static_cast<int>(k);
    auto mean = [&](PoolStepMetric m) {
      double s = 0;
      int n = 0;
      for (int t = from; t <= T; ++t) {
        const double v = poolMetric(t, K_, m);
        if (!std::isnan(v)) { s += v; ++n; }
      }
      return n > 0 ? s / n : kNaN;
    };
    double* x = r.pools.data() + k * K;
    auto set = [x](PoolSummaryMetric m, double v) { x[static_cast<size_t>(m)] = v; };
    set(PoolSummaryMetric::Participation, mean(PoolStepMetric::Participation));
    set(PoolSummaryMetric::Asi, mean(PoolStepMetric::Asi));
    set(PoolSummaryMetric::FeeRate, p.feeRateCount > 0 ? p.feeRateSum / static_cast<double>(p.feeRateCount) : kNaN);
    set(PoolSummaryMetric::PooledPositions, static_cast<double>(p.pooledTotal));
    set(PoolSummaryMetric::NavFinal, poolMetric(T, K_, PoolStepMetric::Nav));
    set(PoolSummaryMetric::LpCapitalFinal, poolMetric(T, K_, PoolStepMetric::LpCapital));
    set(PoolSummaryMetric::InsuranceFundFinal, poolMetric(T, K_, PoolStepMetric::InsuranceFund));
    set(PoolSummaryMetric::LossInsurance, toCurrency(p.layers.insuranceFund));
    set(PoolSummaryMetric::LossLp, toCurrency(p.layers.lpCapital));
    set(PoolSummaryMetric::LossBackstop, toCurrency(p.layers.backstop));
    set(PoolSummaryMetric::Unpaid, toCurrency(p.layers.unpaid));
    set(PoolSummaryMetric::Default, p.defaulted ? 1.0 : 0.0);
    set(PoolSummaryMetric::BackstopFees, toCurrency(backstop_.feesFrom[k]));
    set(PoolSummaryMetric::LpDeposits, toCurrency(p.lpDeposits));
    set(PoolSummaryMetric::LpWithdrawals, toCurrency(p.lpWithdrawals));
    set(PoolSummaryMetric::UnpaidAtSettlement, toCurrency(p.unpaidAtSettlement));
    set(PoolSummaryMetric::PaidLate, toCurrency(p.paidLate));
    set(PoolSummaryMetric::BridgeDelay, p.paidLate > 0 ? p.lateSteps / toCurrency(p.paidLate) : kNaN);
    set(PoolSummaryMetric::LostInTransit, toCurrency(p.lostInTransit));
    defaulted += p.defaulted ? 1 : 0;
  }
  ContagionSummary& c = r.contagion;
  c.backstopPaid = backstop_.paid;
  c.lpMoved = lpMoved_;
  c.poolsDefaulted = defaulted;
  c.jointDefault = defaulted >= 2 ? 1.0 : 0.0;
  c.backstopFinal = toCurrency(backstop_.balance(ledger_));
  c.backstopLowest = toCurrency(backstopLowest_);
}

void World::summarizeMenus(RepSummary& r) const {
  static_assert(kContractSummaryMetricCount == 6, "one value per ContractSummaryMetric, in order");
  for (const Pool& p : pools_) {
    for (const Pool::ContractRecord& c : p.menuRecords) {
      const double fees = toCurrency(c.fees);
      r.contracts.push_back(static_cast<double>(c.positions));
      r.contracts.push_back(trades_ > 0 ? static_cast<double>(c.positions) / static_cast<double>(trades_) : kNaN);
      r.contracts.push_back(c.notional > 0 ? c.thetaNotional / c.notional : kNaN);
      r.contracts.push_back(fees);
      r.contracts.push_back(c.claims);
      r.contracts.push_back(fees > 0 ? c.claims / fees : kNaN);
    }
  }
}

RepSummary World::summarize() const {
  RepSummary r;
  r.values.fill(kNaN);
  r.governance = events_;
  const int T = t_;
  const int from = std::max(1, T - std::max(1, T / 4) + 1);  // the last quarter of the run
  r[SummaryMetric::Asi] = meanOver(*this, StepMetric::Asi, from, T);
  r[SummaryMetric::Participation] = meanOver(*this, StepMetric::Participation, from, T);
  for (int d = 0; d < 10; ++d)
    r.participationByDecile[static_cast<size_t>(d)] =
        meanOver(*this, static_cast<StepMetric>(static_cast<int>(StepMetric::D1) + d), from, T);

  // Unraveled: the trailing mean of participation over a window (the warm-up
  // length, at least 1 step) falls below the set share, so a one-step dip
  // of a noisy series does not count.
  const int window = std::max(1, def_.sim.warmupSteps);
  for (int t = def_.sim.warmupSteps + 1; t <= T; ++t) {
    const double p = meanOver(*this, StepMetric::Participation, std::max(1, t - window + 1), t);
    if (!std::isnan(p) && p < def_.sim.unravelShare) { r[SummaryMetric::UnravelingStep] = t; break; }
  }
  bool defaulted = false;
  double feeRateSum = 0;
  long feeRateCount = 0;
  for (const Pool& p : pools_) {
    defaulted = defaulted || p.defaulted;
    feeRateSum += p.feeRateSum;
    feeRateCount += p.feeRateCount;
  }
  r[SummaryMetric::PoolDefault] = defaulted ? 1.0 : 0.0;

  // LPs: wealth return of those that ever held shares (or hold cash that left the pool).
  const double years = T * dt_;
  double retSum = 0;
  int retN = 0, holding = 0;
  for (int l = 0; l < lps_.count; ++l) {
    const LpState s = lp(l);
    if (s.shares > 0) ++holding;
    const bool entered = s.shares > 0 || s.cash != s.initialCash;
    if (!entered || s.initialCash <= 0 || years <= 0) continue;
    retSum += (s.wealth / s.initialCash - 1.0) / years;  // simple return, annualized pro rata
    ++retN;
  }
  r[SummaryMetric::LpReturnMean] = retN > 0 ? retSum / retN : kNaN;
  r[SummaryMetric::LpCountFinal] = holding;

  // NAV returns between consecutive steps with shares outstanding.
  std::vector<double> rets;
  rets.reserve(static_cast<size_t>(T));
  double peak = 0, maxDd = 0;
  for (int t = 0; t <= T; ++t) {
    const double nv = metric(t, StepMetric::Nav);
    if (std::isnan(nv)) continue;
    peak = std::max(peak, nv);
    if (peak > 0) maxDd = std::max(maxDd, 1.0 - nv / peak);
    if (t > 0) {
      const double prev = metric(t - 1, StepMetric::Nav);
      if (!std::isnan(prev) && prev > 0 && nv > 0) rets.push_back(std::log(nv / prev));
    }
  }
  if (rets.size() >= 20) {
    std::vector<double> sorted = rets;
    std::sort(sorted.begin(), sorted.end());
    const size_t k = std::max<size_t>(1, static_cast<size_t>(std::ceil(0.05 * static_cast<double>(sorted.size()))));
    double tail = 0;
    for (size_t i = 0; i < k; ++i) tail += sorted[i];
    r[SummaryMetric::LpCvar5] = -tail / static_cast<double>(k);
    double m = 0, v = 0;
    for (double x : rets) m += x;
    m /= static_cast<double>(rets.size());
    for (double x : rets) v += (x - m) * (x - m);
    v /= static_cast<double>(rets.size() - 1);
    r[SummaryMetric::LpVolatility] = std::sqrt(v / dt_);
  }
  r[SummaryMetric::LpMaxDrawdown] = peak > 0 ? maxDd : kNaN;

  r[SummaryMetric::InsuranceFundFinal] = metric(T, StepMetric::InsuranceFund);
  r[SummaryMetric::BuyerShortfall] = metric(T, StepMetric::Unpaid);
  r[SummaryMetric::CapEffSiloed] = meanOver(*this, StepMetric::CapEffSiloed, 1, T);
  r[SummaryMetric::CapEffPooled] = meanOver(*this, StepMetric::CapEffPooled, 1, T);
  r[SummaryMetric::LossRatio] = metric(T, StepMetric::LossRatio);
  r[SummaryMetric::FeeRate] = feeRateCount > 0 ? feeRateSum / static_cast<double>(feeRateCount) : kNaN;
  r[SummaryMetric::LossCollateral] = metric(T, StepMetric::LossCollateral);
  r[SummaryMetric::LossRetained] = metric(T, StepMetric::LossRetained);
  r[SummaryMetric::LossInsurance] = metric(T, StepMetric::LossInsurance);
  r[SummaryMetric::LossLp] = metric(T, StepMetric::LossLp);
  r[SummaryMetric::LossBackstop] = metric(T, StepMetric::LossBackstop);
  r[SummaryMetric::Trades] = static_cast<double>(trades_);
  long feesRefused = 0;
  for (const Pool& p : pools_) feesRefused += p.feesRefused;
  r[SummaryMetric::FeeQuotesRefused] = static_cast<double>(feesRefused);
  r[SummaryMetric::PooledShare] = trades_ > 0 ? static_cast<double>(pooledTrades_) / static_cast<double>(trades_) : kNaN;
  r[SummaryMetric::BuyerSurplus] = buyerSurplus_;
  r[SummaryMetric::WriterProfit] = writerProfit_;
  r[SummaryMetric::LpProfit] = metric(T, StepMetric::LpProfit);
  r[SummaryMetric::LedgerMaxImbalance] = toCurrency(ledgerMaxImbalance_);
  if (tracksPools_) summarizePools(r, from, T);
  summarizeMenus(r);
  if (!marketPools_.empty()) summarizeShareMarkets(r, T);
  if (!admissionPools_.empty()) summarizeAdmissions(r, T);
  return r;
}

}  // namespace mutualab
