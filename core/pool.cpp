#include "core/pool.h"

#include <algorithm>
#include <cmath>

#include "core/black_scholes.h"
#include "core/fee_rules.h"

namespace mutualab {

namespace {
// Half-life in steps of the pool's loss-experience EWMA.
constexpr double kExperienceHalfLifeSteps = 30.0;
// Half-life in steps of the pool's model calibration (realized / modelled losses).
constexpr double kCalibrationHalfLifeSteps = 90.0;
}  // namespace

Pool::Pool(int id_, const PoolEntryDef& entry, const ScenarioDef& S, const Ledger& ledger, int writers, int lps)
    : id(id_),
      name(entry.name),
      def(entry.terms),
      feeRule(makeFeeRule(entry.terms.feeRule)),
      capitalAccount(ledger.poolCapital(id_)),
      fundAccount(ledger.insuranceFund(id_)),
      backstopFeeShare(S.pools.empty() ? 0.0 : S.backstop.feeShare) {
  const auto& assets = S.market.assets;
  underwrites.assign(assets.size(), entry.assets.empty() ? 1 : 0);
  for (const std::string& a : entry.assets)
    for (size_t i = 0; i < assets.size(); ++i)
      if (assets[i].name == a) underwrites[i] = 1;
  for (size_t c = 0; c < S.chains.size(); ++c)
    if (S.chains[c].name == entry.chain) chain = static_cast<int>(c);
  const size_t M = static_cast<size_t>(lps);
  shares.assign(M, 0);
  queued.assign(M, 0);
  peakNav.assign(M, 0);
  depositStep.assign(M, 0);
  requestStep.assign(M, -1);
  migrating.assign(M, 0);
  openByWriter.assign(static_cast<size_t>(writers), 0);
  feeRule->bind(writers);
  makeMenuRules(writers);
  menuRecords.assign(def.menu.size(), ContractRecord{});
  menuExperience.assign(def.menu.size(), ContractExperience{});
}

void Pool::makeMenuRules(int writers) {
  menuRules.clear();
  for (size_t c = 0; c < def.menu.size(); ++c) {
    menuRules.push_back(makeFeeRule(def.menu[c].feeRule));
    menuRules.back()->bind(writers);
  }
}

Pool::~Pool() = default;
Pool::Pool(Pool&&) noexcept = default;

FeeContext Pool::contractContext(const FeeContext& pool, int c) const {
  FeeContext ctx = pool;
  const ContractExperience& e = menuExperience[static_cast<size_t>(c)];
  ctx.experience.initialLossRate = e.initialLossRate;
  ctx.experience.lossRate = e.lossRate;
  ctx.experience.pooledExpectedRate = e.pooledExpectedRate;
  return ctx;
}

FeeContext Pool::feeContext(const Ledger& ledger, const WriterPopulation& writers) const {
  FeeContext c;
  c.experience.initialLossRate = initialLossRate;
  c.experience.lossRate = lossRate;
  c.experience.pooledExpectedRate = pooledExpectedRate;
  c.experience.modelRatio = modelRatio;
  c.experience.writerSettled = writers.settled;
  c.experience.writerCoverLoss = writers.coverLoss;
  c.experience.writerNotional = writers.notionalHist;
  c.utilization = utilization(ledger);
  c.nav = nav(ledger);
  const Money capital = ledger.balance(capitalAccount);
  c.fundRatio = capital > 0 ? toCurrency(ledger.balance(fundAccount)) / toCurrency(capital) : 0.0;
  for (double s : shares) c.lpCount += s > 0;
  return c;
}

void Pool::calibrate(const ScenarioDef& S, const WriterPopulation& writers, const Market& market, double dt) {
  const auto& P = S.positions;
  const double tau = P.tenorSteps * dt;
  // The average over the writers it underwrites of a position's expected
  // cover per notional, at contract c's terms (-1: the pool's own).
  auto averageRate = [&](int c) {
    double sum = 0;
    int covered = 0;
    for (int i = 0; i < writers.count; ++i) {
      if (!underwrites[static_cast<size_t>(i % market.assetCount())]) continue;
      ++covered;
      const double th = writers.theta[static_cast<size_t>(i)];
      const double otm = P.otmSafe + (P.otmRisky - P.otmSafe) * th;
      const double q = std::clamp(P.hiddenJumpProb * th, 0.0, 1.0);
      const auto& A = S.market.assets[static_cast<size_t>(i % market.assetCount())];
      const double spot = A.spot, units = P.notional / spot;
      double rate = 0;
      for (OptionKind k : {OptionKind::Put, OptionKind::Call}) {
        const double K = k == OptionKind::Put ? spot * (1 - otm) : spot * (1 + otm);
        const double maxLoss = k == OptionKind::Put ? K * units : P.callMaxLossMultiple * P.notional;
        const double coll = contractCollateral(c, maxLoss) / units;
        const double coverK = k == OptionKind::Put ? K - coll : K + coll;
        const double cover = (1.0 - contractRetained(c)) * units *
                             expectedPayoffWithJump(k, spot, coverK, S.market.rateAnnual, A.volAnnual, tau, q, P.hiddenJumpSize);
        rate += (k == OptionKind::Put ? P.putShare : 1.0 - P.putShare) * cover / P.notional;
      }
      sum += rate;
    }
    return covered > 0 ? sum / covered : 0.0;
  };
  initialLossRate = averageRate(-1);
  lossRate = initialLossRate;
  pooledExpectedRate = initialLossRate;
  for (size_t c = 0; c < menuExperience.size(); ++c) {
    ContractExperience& e = menuExperience[c];
    e.initialLossRate = e.lossRate = e.pooledExpectedRate = averageRate(static_cast<int>(c));
  }
}

void Pool::quoted(double fee, double notional) {
  stepFeeSum += fee / notional;
  ++stepFeeCount;
}

Money Pool::accept(Ledger& ledger, int writer, Money fee, double maxCover, double expectedCover, double notional,
                   int backstopAccount, int contract) {
  const Money toFund = static_cast<Money>(std::llround(static_cast<double>(fee) * def.insuranceFeeShare));
  // Validation keeps the two shares <= 1 together; rounding each may not.
  const Money toBackstop =
      backstopFeeShare > 0
          ? std::min(static_cast<Money>(std::llround(static_cast<double>(fee) * backstopFeeShare)), fee - toFund)
          : 0;
  ledger.transfer(ledger.writerCash(writer), fundAccount, toFund);
  if (toBackstop > 0) ledger.transfer(ledger.writerCash(writer), backstopAccount, toBackstop);
  ledger.transfer(ledger.writerCash(writer), capitalAccount, fee - toFund - toBackstop);
  fees += fee;
  exposure += maxCover;
  ++openPositions;
  ++pooledTotal;
  ++openByWriter[static_cast<size_t>(writer)];
  acceptedExpected += expectedCover;
  acceptedNotional += notional;
  if (contract >= 0) {
    ContractExperience& e = menuExperience[static_cast<size_t>(contract)];
    e.acceptedExpected += expectedCover;
    e.acceptedNotional += notional;
  }
  return toBackstop;
}

void Pool::endAcceptance() {
  const double keep = std::exp2(-1.0 / kExperienceHalfLifeSteps);
  if (acceptedNotional > 0)
    pooledExpectedRate = keep * pooledExpectedRate + (1.0 - keep) * (acceptedExpected / acceptedNotional);
  acceptedExpected = 0;
  acceptedNotional = 0;
  for (ContractExperience& e : menuExperience) {
    if (e.acceptedNotional > 0)
      e.pooledExpectedRate = keep * e.pooledExpectedRate + (1.0 - keep) * (e.acceptedExpected / e.acceptedNotional);
    e.acceptedExpected = 0;
    e.acceptedNotional = 0;
  }
}

void Pool::settled(int writer, const WaterfallLayers& paid, double maxCover, double notional, double modelCover,
                   int contract) {
  layers += paid;
  exposure -= maxCover;
  --openPositions;
  --openByWriter[static_cast<size_t>(writer)];
  settledLoss += toCurrency(paid.poolBorne());
  settledNotional += notional;
  settledModel += modelCover;
  if (contract >= 0) {
    ContractExperience& e = menuExperience[static_cast<size_t>(contract)];
    e.settledLoss += toCurrency(paid.poolBorne());
    e.settledNotional += notional;
  }
  if (paid.backstop > 0 || paid.unpaid > 0) defaulted = true;
}

void Pool::endSettlements() {
  // Subtracting in a different order than adding leaves rounding dust: clear it.
  exposure = openPositions == 0 ? 0.0 : std::max(exposure, 0.0);
  const double keepLoss = std::exp2(-1.0 / kExperienceHalfLifeSteps);
  if (settledNotional > 0) lossRate = keepLoss * lossRate + (1.0 - keepLoss) * (settledLoss / settledNotional);
  for (ContractExperience& e : menuExperience) {
    if (e.settledNotional > 0) e.lossRate = keepLoss * e.lossRate + (1.0 - keepLoss) * (e.settledLoss / e.settledNotional);
    e.settledLoss = 0;
    e.settledNotional = 0;
  }
  if (settledModel > 0) {
    // Calibration is slower than the loss EWMA: it should learn the model's
    // bias, not chase one month's market.
    const double keep = std::exp2(-1.0 / kCalibrationHalfLifeSteps);
    modelRatio = keep * modelRatio + (1.0 - keep) * (settledLoss / settledModel);
  }
  settledLoss = 0;
  settledNotional = 0;
  settledModel = 0;
}

std::size_t Pool::markToModel(const MarkBook& marks, int t, const MarkTable& table, MarkWorkspace& ws) {
  // The pool owes, on each open position it covers, the cover beyond the
  // writer's collateral; its model value is a Black-Scholes price at the
  // pool's volatility with the remaining life. Netting it from NAV means an
  // LP who leaves after a crash leaves at the crashed value, not a stale one.
  // Summed over its cohorts in order (core/mark_to_model.h's LiabilitySum).
  liability = 0;
  if (!marksToModel()) return 0;
  const MarkResult r = markPool(marks, id, t, table, 1.0 - def.retainedShare, ws);
  assert(r.lanes == static_cast<std::size_t>(openPositions));
  liability = r.liability;
  return r.lanes;
}

void Pool::retireIfWipedOut(const Ledger& ledger) {
  if (totalShares > 0 && ledger.balance(capitalAccount) <= 0) {
    std::fill(shares.begin(), shares.end(), 0.0);
    std::fill(queued.begin(), queued.end(), 0.0);
    std::fill(migrating.begin(), migrating.end(), 0);
    totalShares = 0;
  }
}

void Pool::updateYieldEstimate(double price, double dt, const LpsDef& Lp) {
  const double keep = std::exp2(-1.0 / Lp.yieldHalfLifeSteps);
  if (totalShares > 0) {
    const double lr = (navPrev > 0 && price > 0) ? std::log(price / navPrev) : 0.0;
    yieldEwma = keep * yieldEwma + (1.0 - keep) * lr / dt;
    varEwma = keep * varEwma + (1.0 - keep) * lr * lr / dt;
  } else {
    // An empty pool has no NAV history; its advertised yield stands in, so LPs can come back.
    yieldEwma = keep * yieldEwma + (1.0 - keep) * Lp.yieldPriorAnnual;
    varEwma = keep * varEwma;
  }
}

bool Pool::canWithdraw(int lp, int t) const {
  const size_t L = static_cast<size_t>(lp);
  return shares[L] > 0 && queued[L] <= 0 && t >= depositStep[L] + def.lockupSteps;
}

void Pool::deposit(Ledger& ledger, int lp, Money amount, int t) {
  const size_t L = static_cast<size_t>(lp);
  if (amount <= 0) return;
  const double price = nav(ledger);
  if (price <= 1e-9) return;  // insolvent on a mark-to-model basis: new money would only pay old claims
  ledger.transfer(ledger.lpCash(lp), capitalAccount, amount);
  lpDeposits += amount;
  if (shares[L] <= 0) peakNav[L] = price;
  const double minted = toCurrency(amount) / price;
  shares[L] += minted;
  totalShares += minted;
  depositStep[L] = t;
}

void Pool::requestWithdrawal(int lp, int t, double share, bool moving) {
  const size_t L = static_cast<size_t>(lp);
  queued[L] = share >= 1.0 ? shares[L] : shares[L] * share;
  requestStep[L] = t;
  migrating[L] = moving ? 1 : 0;
}

void Pool::retireOrphanShares() {
  // Shares are doubles, and the total is kept apart from the LPs' own: after
  // rounding, a total with no holder left (all LPs gone) or one below dust
  // is retired together with any LP dust, so NAV is defined exactly when an
  // LP holds shares, and no capital is owned by shares nobody holds.
  bool held = false;
  for (size_t l = 0; l < shares.size() && !held; ++l) held = shares[l] > 0;
  if (!held || totalShares < 1e-9) {
    totalShares = 0;
    std::fill(shares.begin(), shares.end(), 0.0);
    std::fill(queued.begin(), queued.end(), 0.0);
    std::fill(migrating.begin(), migrating.end(), 0);
  }
}

}  // namespace mutualab
