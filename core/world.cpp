#include "core/world.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>

#include <boost/random/beta_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "core/black_scholes.h"
#include "core/fee_rules.h"

namespace mutualab {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Half-life in steps of the pool's loss-experience EWMA.
constexpr double kExperienceHalfLifeSteps = 30.0;
// Half-life in steps of the pool's model calibration (realized / modelled losses).
constexpr double kCalibrationHalfLifeSteps = 90.0;

double lognormalDraw(const LognormalDef& d, Engine& rng) {
  if (d.sd <= 0) return d.mean;
  // Parameters of the underlying normal that give this mean and sd.
  const double s2 = std::log(1.0 + (d.sd * d.sd) / (d.mean * d.mean));
  boost::random::lognormal_distribution<double> dist(std::log(d.mean) - 0.5 * s2, std::sqrt(s2));
  return dist(rng);
}

double betaDraw(const BetaDef& d, Engine& rng) {
  if (d.sd <= 0) return d.mean;
  // Method of moments: a + b = m(1-m)/sd^2 - 1.
  const double nu = d.mean * (1.0 - d.mean) / (d.sd * d.sd) - 1.0;
  boost::random::beta_distribution<double> dist(d.mean * nu, (1.0 - d.mean) * nu);
  return dist(rng);
}

double normalDraw(const NormalDef& d, Engine& rng) {
  if (d.sd <= 0) return d.mean;
  boost::random::normal_distribution<double> dist(d.mean, d.sd);
  return dist(rng);
}

double payoffPerUnit(OptionKind k, double strike, double settle) {
  return k == OptionKind::Put ? std::max(strike - settle, 0.0) : std::max(settle - strike, 0.0);
}

// E[payoff] (undiscounted, drift = rate) per unit, with a hidden adverse jump
// of size `jump` with probability q. A jump scales the settlement price, so
// the jumped case is the same option on a scaled spot.
double expectedPayoff(OptionKind k, double spot, double strike, double rate, double vol, double years, double q,
                      double jump) {
  const double g = std::exp(rate * years);
  const double jumpedSpot = k == OptionKind::Put ? spot * (1.0 - jump) : spot * (1.0 + jump);
  const double plain = bsPrice(k, spot, strike, rate, vol, years);
  const double jumped = q > 0 ? bsPrice(k, jumpedSpot, strike, rate, vol, years) : 0.0;
  return g * ((1.0 - q) * plain + q * jumped);
}
}  // namespace

// A quote's position terms, parallel to quotes_.
struct World::Pending {
  int asset = 0;
  OptionKind kind = OptionKind::Put;
  bool hidden = false;
  bool informed = false;
  double strike = 0, units = 0, maxLoss = 0, maxCover = 0, reservation = 0, coverStrike = 0;
  double modelCover = 0;  // the pool's model expected cover (for its calibration)
};

World::World(const ScenarioDef& def, std::uint64_t seed, std::uint64_t replication, WorldStrategies strategies)
    : def_(def),
      seed_(seed),
      rep_(replication),
      dt_(def.sim.stepDays / def.sim.daysPerYear),
      nWriters_(def.writers.count),
      nLps_(def.lps.count),
      market_(def.market, def.shock, def.sim.steps, def.sim.stepDays / def.sim.daysPerYear, seed, replication),
      ledger_(def.writers.count, def.lps.count),
      feeRule_(makeFeeRule(def.pool.feeRule)),
      strategies_(std::move(strategies)),
      buyerRng_(makeEngine(seed, replication, AgentKind::Buyer, 0, Purpose::BuyerArrivals)) {
  assert(strategies_.writers.size() == def.writers.strategies.size());
  assert(strategies_.lps.size() == def.lps.strategies.size());
  metrics_.assign(static_cast<size_t>(def.sim.steps + 1) * kStepMetricCount, kNaN);

  // Position capacity: 4x the expected open positions unless set.
  int cap = def.sim.maxOpenPositions;
  if (cap <= 0) {
    const double expected = def.buyers.arrivalsPerWriterPerStep * nWriters_ * def.positions.tenorSteps;
    cap = static_cast<int>(4.0 * expected) + 64;
  }
  const size_t C = static_cast<size_t>(cap);
  pActive_.assign(C, 0); pPooled_.assign(C, 0); pKind_.assign(C, 0); pHidden_.assign(C, 0); pInformed_.assign(C, 0);
  pWriter_.assign(C, 0); pAsset_.assign(C, 0); pExpiry_.assign(C, 0); pTag_.assign(C, 0);
  pStrike_.assign(C, 0); pUnits_.assign(C, 0); pNotional_.assign(C, 0); pMaxCover_.assign(C, 0);
  pPremium_.assign(C, 0); pFee_.assign(C, 0); pCoverStrikeDist_.assign(C, 0); pModelCover_.assign(C, 0); pSignal_.assign(C, 0);
  pCollateral_.assign(C, 0);
  freeSlots_.resize(C);
  for (size_t i = 0; i < C; ++i) freeSlots_[i] = static_cast<int>(C - 1 - i);  // pop_back gives slot 0 first
  outcomes_.reserve(C);

  // Quote buffer: far beyond any plausible Poisson draw (mean + 12 sd + 64).
  const double lambda = def.buyers.arrivalsPerWriterPerStep * nWriters_;
  const size_t qcap = static_cast<size_t>(lambda + 12.0 * std::sqrt(lambda) + 64.0);
  quotes_.reserve(qcap);
  pending_.reserve(qcap);
  actions_.reserve(qcap);
  tags_.reserve(qcap);

  for (auto& st : strategies_.writers) st->bind(seed, replication, nWriters_);
  for (auto& st : strategies_.lps) st->bind(seed, replication, nLps_);
  initAgents();
  phaseLps();      // step 0: LPs decide whether to enter before any writer arrives
  phaseMetrics();  // row 0: the initial state
}

World::~World() = default;

void World::initAgents() {
  const auto& W = def_.writers;
  wTheta_.resize(static_cast<size_t>(nWriters_));
  wDecile_.assign(static_cast<size_t>(nWriters_), 0);
  wGroup_.assign(static_cast<size_t>(nWriters_), 0);
  wStatus_.assign(static_cast<size_t>(nWriters_), static_cast<std::int8_t>(WriterStatus::None));
  wOpenPooled_.assign(static_cast<size_t>(nWriters_), 0);
  wSettled_.assign(static_cast<size_t>(nWriters_), 0);
  wPooledTotal_.assign(static_cast<size_t>(nWriters_), 0);
  wSiloedTotal_.assign(static_cast<size_t>(nWriters_), 0);
  wCoverLoss_.assign(static_cast<size_t>(nWriters_), 0.0);
  wNotionalHist_.assign(static_cast<size_t>(nWriters_), 0.0);
  wProfit_.assign(static_cast<size_t>(nWriters_), 0.0);
  wRiskAversion_.assign(static_cast<size_t>(nWriters_), 0.0);
  wInitialCash_.assign(static_cast<size_t>(nWriters_), 0);

  // Groups are contiguous index ranges in proportion to their shares.
  auto assignGroups = [](const std::vector<StrategyShareDef>& shares, int n, std::vector<int>& out) {
    double acc = 0;
    int start = 0;
    for (size_t g = 0; g < shares.size(); ++g) {
      acc += shares[g].share;
      const int end = g + 1 == shares.size() ? n : static_cast<int>(std::llround(acc * n));
      for (int i = start; i < end && i < n; ++i) out[static_cast<size_t>(i)] = static_cast<int>(g);
      start = std::max(start, end);
    }
  };
  assignGroups(W.strategies, nWriters_, wGroup_);

  for (int i = 0; i < nWriters_; ++i) {
    Engine init = makeEngine(seed_, rep_, AgentKind::Writer, static_cast<std::uint64_t>(i), Purpose::WriterInit);
    wTheta_[static_cast<size_t>(i)] = betaDraw(W.theta, init);
    const Money cash = toMoney(lognormalDraw(W.capital, init));
    wInitialCash_[static_cast<size_t>(i)] = cash;
    ledger_.endow(ledger_.writerCash(i), cash);
    wRiskAversion_[static_cast<size_t>(i)] = std::max(0.0, normalDraw(W.riskAversion, init));  // drawn last: older streams unchanged
    wRng_.push_back(makeEngine(seed_, rep_, AgentKind::Writer, static_cast<std::uint64_t>(i), Purpose::WriterPositions));
  }
  // Theta deciles by rank (ties broken by index, so deterministic).
  std::vector<int> order(static_cast<size_t>(nWriters_));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return wTheta_[static_cast<size_t>(a)] < wTheta_[static_cast<size_t>(b)]; });
  for (int r = 0; r < nWriters_; ++r)
    wDecile_[static_cast<size_t>(order[static_cast<size_t>(r)])] = static_cast<std::int8_t>((r * 10) / nWriters_);

  // The flat fee's starting point: the average expected cover per notional
  // over the whole population at full participation (a fair pooled rate if
  // nobody selected). Computed with true theta: the pool is told this number.
  const auto& P = def_.positions;
  const double tau = P.tenorSteps * dt_;
  double sum = 0;
  for (int i = 0; i < nWriters_; ++i) {
    const double th = wTheta_[static_cast<size_t>(i)];
    const double otm = P.otmSafe + (P.otmRisky - P.otmSafe) * th;
    const double q = std::clamp(P.hiddenJumpProb * th, 0.0, 1.0);
    const auto& A = def_.market.assets[static_cast<size_t>(i % market_.assetCount())];
    const double S = A.spot, units = P.notional / S;
    double rate = 0;
    for (OptionKind k : {OptionKind::Put, OptionKind::Call}) {
      const double K = k == OptionKind::Put ? S * (1 - otm) : S * (1 + otm);
      const double maxLoss = k == OptionKind::Put ? K * units : P.callMaxLossMultiple * P.notional;
      const double coll = def_.pool.writerCollateralRatio * maxLoss / units;
      const double coverK = k == OptionKind::Put ? K - coll : K + coll;
      const double c = (1.0 - def_.pool.retainedShare) * units *
                       expectedPayoff(k, S, coverK, def_.market.rateAnnual, A.volAnnual, tau, q, P.hiddenJumpSize);
      rate += (k == OptionKind::Put ? P.putShare : 1.0 - P.putShare) * c / P.notional;
    }
    sum += rate;
  }
  initialLossRate_ = nWriters_ > 0 ? sum / nWriters_ : 0.0;
  lossRate_ = initialLossRate_;
  pooledExpectedRate_ = initialLossRate_;

  // LPs.
  const auto& Lp = def_.lps;
  const size_t M = static_cast<size_t>(nLps_);
  lGroup_.assign(M, 0);
  assignGroups(Lp.strategies, nLps_, lGroup_);
  lShares_.assign(M, 0); lQueued_.assign(M, 0); lRiskAversion_.assign(M, 0); lOutsideRate_.assign(M, 0);
  lPeakNav_.assign(M, 0); lWarned_.assign(M, 0); lDepositStep_.assign(M, 0); lRequestStep_.assign(M, -1); lLastWarning_.assign(M, -(1 << 29));
  lInitialCash_.assign(M, 0);
  lpViews_.resize(M);
  lpActions_.resize(M);
  lpOutcomes_.resize(M);
  lFracBefore_.assign(M, 0.0);
  lFracAfter_.assign(M, 0.0);
  lCouldWithdraw_.assign(M, 0);
  for (int l = 0; l < nLps_; ++l) {
    const size_t L = static_cast<size_t>(l);
    Engine init = makeEngine(seed_, rep_, AgentKind::Lp, L, Purpose::LpInit);
    const Money cash = toMoney(lognormalDraw(Lp.capital, init));
    lInitialCash_[L] = cash;
    ledger_.endow(ledger_.lpCash(l), cash);
    lRiskAversion_[L] = lognormalDraw(Lp.riskAversion, init);
    lOutsideRate_[L] = normalDraw(Lp.outsideRateAnnual, init);
    boost::random::uniform_01<double> u01;
    lWarned_[L] = u01(init) < Lp.earlyWarningShare ? 1 : 0;
    lRng_.push_back(makeEngine(seed_, rep_, AgentKind::Lp, L, Purpose::LpDecisions));
  }
  ledger_.endow(ledger_.named(Ledger::kInsuranceFund), toMoney(def_.pool.insuranceFundInitial));
  ledger_.endow(ledger_.named(Ledger::kBackstop), toMoney(def_.pool.backstopCapital));
  yieldEwma_ = Lp.yieldPriorAnnual;
  varEwma_ = 0.0;
}

double World::nav() const {
  if (totalShares_ <= 0) return 1.0;
  const double equity = toCurrency(ledger_.balance(ledger_.named(Ledger::kPoolCapital))) - liability_;
  return std::max(equity, 0.0) / totalShares_;
}

void World::markToModel() {
  // The pool owes, on each open pooled position, the cover beyond the
  // writer's collateral; its model value is a Black-Scholes price at the
  // pool's volatility with the remaining life. Netting it from NAV means an
  // LP who leaves after a crash leaves at the crashed value, not a stale one.
  liability_ = 0;
  if (!def_.pool.markToModel || openPooled_ == 0) return;
  const double r = def_.market.rateAnnual, coverShare = 1.0 - def_.pool.retainedShare;
  for (size_t s = 0; s < pActive_.size(); ++s) {
    if (!pActive_[s] || !pPooled_[s]) continue;
    const OptionKind kind = static_cast<OptionKind>(pKind_[s]);
    const double K = kind == OptionKind::Put ? pStrike_[s] - pCoverStrikeDist_[s] : pStrike_[s] + pCoverStrikeDist_[s];
    const double tau = (pExpiry_[s] - t_) * dt_;
    liability_ += coverShare * pUnits_[s] *
                  bsPrice(kind, market_.price(pAsset_[s], t_), K, r, market_.pricingVol(pAsset_[s], t_), tau);
  }
}

double World::utilization() const {
  const double capacity =
      toCurrency(ledger_.balance(ledger_.named(Ledger::kPoolCapital)) + ledger_.balance(ledger_.named(Ledger::kInsuranceFund))) /
      def_.pool.minCollateralRatio;
  return capacity > 0 ? exposure_ / capacity : (exposure_ > 0 ? 1e9 : 0.0);
}

FeeContext World::feeContext() const {
  FeeContext c;
  c.experience.initialLossRate = initialLossRate_;
  c.experience.lossRate = lossRate_;
  c.experience.pooledExpectedRate = pooledExpectedRate_;
  c.experience.modelRatio = modelRatio_;
  c.experience.writerSettled = wSettled_;
  c.experience.writerCoverLoss = wCoverLoss_;
  c.experience.writerNotional = wNotionalHist_;
  c.utilization = utilization();
  return c;
}

bool World::poolCanTake(int w, double maxCover) const {
  const auto& P = def_.pool;
  if (!P.enabled) return false;
  if (wOpenPooled_[static_cast<size_t>(w)] >= P.maxPositionsPerWriter || openPooled_ >= P.maxPositions) return false;
  const double capital = toCurrency(ledger_.balance(ledger_.named(Ledger::kPoolCapital)) +
                                    ledger_.balance(ledger_.named(Ledger::kInsuranceFund)));
  return capital >= P.minCollateralRatio * (exposure_ + maxCover);
}

int World::allocSlot() {
  if (freeSlots_.empty()) return -1;
  const int s = freeSlots_.back();
  freeSlots_.pop_back();
  return s;
}

void World::step() {
  if (done()) return;
  ++t_;
  // The market phase has nothing to do: the path was drawn at start.
  phaseDemand();
  phaseDecide();
  phaseAccept();
  phaseExpiries();
  phaseLps();
  phaseLearn();
  phaseMetrics();
}

void World::run() {
  while (!done()) step();
}

void World::phaseDemand() {
  quotes_.clear();
  pending_.clear();
  const auto& B = def_.buyers;
  const auto& P = def_.positions;
  const double lambda = B.arrivalsPerWriterPerStep * nWriters_;
  boost::random::poisson_distribution<int, double> arrivals(lambda > 0 ? lambda : 1e-300);
  boost::random::uniform_int_distribution<int> pickWriter(0, nWriters_ - 1);
  boost::random::uniform_01<double> u01;
  boost::random::normal_distribution<double> stdNormal(0.0, 1.0);
  const int n = lambda > 0 ? arrivals(buyerRng_) : 0;
  const double tau = P.tenorSteps * dt_;
  const double r = def_.market.rateAnnual;
  const FeeContext ctx = feeContext();

  for (int k = 0; k < n && quotes_.size() < quotes_.capacity(); ++k) {
    // Every arrival consumes the same draws, so streams stay aligned whatever happens next.
    const int w = pickWriter(buyerRng_);
    const bool informed = u01(buyerRng_) < B.informedShare;
    const double resMarkup = B.reservationMarkupMin + (B.reservationMarkupMax - B.reservationMarkupMin) * u01(buyerRng_);
    if (informed && !market_.troubleAhead(t_, B.informedLookaheadSteps)) continue;
    const size_t W = static_cast<size_t>(w);
    if (ledger_.balance(ledger_.writerCash(w)) <= 0) continue;  // a broke writer cannot write

    Engine& rng = wRng_[W];
    const double th = wTheta_[W];
    OptionKind kind = u01(rng) < P.putShare ? OptionKind::Put : OptionKind::Call;
    const double otm = std::clamp(P.otmSafe + (P.otmRisky - P.otmSafe) * th + P.otmNoise * (2.0 * u01(rng) - 1.0), 0.0, 0.95);
    const double signal = std::clamp(th + P.signalNoiseSd * stdNormal(rng), 0.0, 1.0);
    const double q = P.hiddenJumpProb * signal;
    const bool hidden = u01(rng) < q;
    if (informed) kind = OptionKind::Put;  // informed flow buys the crash

    Pending pd;
    pd.asset = w % market_.assetCount();
    pd.kind = kind;
    pd.hidden = hidden;
    pd.informed = informed;
    const double S = market_.price(pd.asset, t_);
    const double vol = market_.pricingVol(pd.asset, t_);
    pd.strike = kind == OptionKind::Put ? S * (1.0 - otm) : S * (1.0 + otm);
    pd.units = P.notional / S;
    const double model = bsPrice(kind, S, pd.strike, r, vol, tau) * pd.units;
    const double premium = model * (1.0 + def_.writers.premiumMarkup);
    pd.reservation = model * (1.0 + resMarkup);
    if (!informed && premium > pd.reservation) continue;  // too expensive for this buyer

    pd.maxLoss = kind == OptionKind::Put ? pd.strike * pd.units : P.callMaxLossMultiple * P.notional;
    const double siloColl = def_.pool.siloCollateralRatio * pd.maxLoss;
    const double poolColl = def_.pool.writerCollateralRatio * pd.maxLoss;
    pd.coverStrike = kind == OptionKind::Put ? pd.strike - poolColl / pd.units : pd.strike + poolColl / pd.units;
    const double coverShare = 1.0 - def_.pool.retainedShare;
    pd.maxCover = coverShare * (pd.maxLoss - poolColl);

    FeeQuoteInput fq;
    fq.writer = w;
    fq.kind = kind;
    fq.spot = S;
    fq.strike = pd.strike;
    fq.units = pd.units;
    fq.notional = P.notional;
    fq.years = tau;
    fq.pricingVol = vol;
    fq.rate = r;
    fq.coverStrike = pd.coverStrike;
    fq.coverShare = coverShare;

    pd.modelCover = modelExpectedCover(fq);

    WriterQuote wq;
    wq.writer = w;
    wq.group = wGroup_[W];
    wq.step = t_;
    wq.theta = th;
    wq.signal = signal;
    wq.notional = P.notional;
    wq.premium = premium;
    wq.fee = def_.pool.enabled ? feeRule_->quote(fq, ctx) : 0.0;
    wq.siloCollateral = siloColl;
    wq.poolCollateral = poolColl;
    wq.expectedLoss = pd.units * expectedPayoff(kind, S, pd.strike, r, vol, tau, q, P.hiddenJumpSize);
    wq.expectedCover = pd.units * expectedPayoff(kind, S, pd.coverStrike, r, vol, tau, q, P.hiddenJumpSize);
    wq.retainedShare = def_.pool.retainedShare;
    wq.capitalCostSilo = def_.writers.costOfCapitalAnnual * siloColl * tau;
    wq.capitalCostPool = def_.writers.costOfCapitalAnnual * poolColl * tau;
    wq.poolAvailable = poolCanTake(w, pd.maxCover) && wq.fee <= pd.maxCover;  // see phaseAccept
    wq.cash = toCurrency(ledger_.balance(ledger_.writerCash(w)));
    wq.riskAversion = wRiskAversion_[W];
    quotes_.push_back(wq);
    pending_.push_back(pd);
    if (def_.pool.enabled) {
      stepFeeSum_ += wq.fee / wq.notional;
      ++stepFeeCount_;
    }
  }
  actions_.assign(quotes_.size(), WriterAction::Abstain);
  tags_.assign(quotes_.size(), 0);
}

void World::phaseDecide() {
  if (quotes_.empty()) return;
  for (size_t g = 0; g < strategies_.writers.size(); ++g)
    strategies_.writers[g]->decide(quotes_, actions_, tags_, static_cast<int>(g));
}

void World::phaseAccept() {
  const int ext = ledger_.named(Ledger::kExternal);
  const int capital = ledger_.named(Ledger::kPoolCapital);
  const int fund = ledger_.named(Ledger::kInsuranceFund);
  double pooledExpected = 0, pooledNotional = 0;
  for (size_t i = 0; i < quotes_.size(); ++i) {
    const WriterQuote& q = quotes_[i];
    const Pending& pd = pending_[i];
    const int w = q.writer;
    const size_t W = static_cast<size_t>(w);
    WriterAction a = actions_[i];
    const Money cash = ledger_.balance(ledger_.writerCash(w));
    const Money premium = toMoney(q.premium);
    // A fee above the most the pool could ever pay out is no insurance (and
    // may not fit int64 micro-units): no cover at that price.
    if (a == WriterAction::Pool && !(q.fee <= pd.maxCover)) { ++refused_; a = WriterAction::Silo; }
    const Money fee = a == WriterAction::Pool ? toMoney(q.fee) : 0;
    if (a == WriterAction::Pool) {
      // Re-check: earlier positions this step may have used the capacity.
      if (!poolCanTake(w, pd.maxCover)) { ++refused_; a = WriterAction::Silo; }
      else if (cash + premium < toMoney(q.poolCollateral) + fee) a = WriterAction::Silo;
    }
    if (a == WriterAction::Silo && cash + premium < toMoney(q.siloCollateral)) a = WriterAction::Abstain;
    int slot = -1;
    if (a != WriterAction::Abstain) {
      slot = allocSlot();
      if (slot < 0) a = WriterAction::Abstain;  // table full: sized 4x demand, so this is rare
    }
    wStatus_[W] = static_cast<std::int8_t>(a);
    if (a == WriterAction::Abstain) continue;

    const bool pooled = a == WriterAction::Pool;
    const Money coll = toMoney(pooled ? q.poolCollateral : q.siloCollateral);
    ledger_.transfer(ext, ledger_.writerCash(w), premium);
    ledger_.transfer(ledger_.writerCash(w), ledger_.writerCollateral(w), coll);
    if (pooled) {
      const Money toFund = static_cast<Money>(std::llround(static_cast<double>(fee) * def_.pool.insuranceFeeShare));
      ledger_.transfer(ledger_.writerCash(w), fund, toFund);
      ledger_.transfer(ledger_.writerCash(w), capital, fee - toFund);
      fees_ += fee;
      exposure_ += pd.maxCover;
      ++openPooled_;
      ++wOpenPooled_[W];
      ++wPooledTotal_[W];
      ++pooledTrades_;
      pooledExpected += (1.0 - q.retainedShare) * q.expectedCover;
      pooledNotional += q.notional;
    } else {
      ++wSiloedTotal_[W];
    }
    const size_t s = static_cast<size_t>(slot);
    pActive_[s] = 1;
    pPooled_[s] = pooled ? 1 : 0;
    pKind_[s] = static_cast<std::uint8_t>(pd.kind);
    pHidden_[s] = pd.hidden ? 1 : 0;
    pInformed_[s] = pd.informed ? 1 : 0;
    pWriter_[s] = w;
    pAsset_[s] = pd.asset;
    pExpiry_[s] = t_ + def_.positions.tenorSteps;
    pStrike_[s] = pd.strike;
    pUnits_[s] = pd.units;
    pNotional_[s] = q.notional;
    pMaxCover_[s] = pooled ? pd.maxCover : 0.0;
    pPremium_[s] = q.premium;
    pFee_[s] = q.fee;  // the quote, paid only if pooled (learners use it as a counterfactual)
    // Distance from strike to the cover strike per unit (the pooled collateral per unit).
    pCoverStrikeDist_[s] = q.poolCollateral / pd.units;
    pCollateral_[s] = coll;
    pModelCover_[s] = pd.modelCover;
    pSignal_[s] = q.signal;
    pTag_[s] = tags_[i];
    ++trades_;
    ++stepTrades_;
    writerProfit_ += q.premium - (pooled ? q.fee : 0.0);
    if (!pd.informed) buyerSurplus_ += pd.reservation - q.premium;
    else buyerSurplus_ -= q.premium;  // informed buyers' surplus is realized at settlement
  }
  if (pooledNotional > 0) {
    const double keep = std::exp2(-1.0 / kExperienceHalfLifeSteps);
    pooledExpectedRate_ = keep * pooledExpectedRate_ + (1.0 - keep) * (pooledExpected / pooledNotional);
  }
}

void World::phaseExpiries() {
  outcomes_.clear();
  settledPoolLoss_ = 0;
  settledPoolNotional_ = 0;
  settledPoolModel_ = 0;
  const auto& P = def_.positions;
  const double tau = P.tenorSteps * dt_;
  const double retained = def_.pool.retainedShare;
  const double coc = def_.writers.costOfCapitalAnnual;
  const size_t C = pActive_.size();
  for (size_t s = 0; s < C; ++s) {
    if (!pActive_[s] || pExpiry_[s] != t_) continue;
    const OptionKind kind = static_cast<OptionKind>(pKind_[s]);
    const int w = pWriter_[s];
    const size_t W = static_cast<size_t>(w);
    double settlePrice = market_.price(pAsset_[s], t_);
    if (pHidden_[s]) settlePrice *= kind == OptionKind::Put ? 1.0 - P.hiddenJumpSize : 1.0 + P.hiddenJumpSize;
    const double payoff = pUnits_[s] * payoffPerUnit(kind, pStrike_[s], settlePrice);
    const bool pooled = pPooled_[s] != 0;

    Settlement st;
    st.writer = w;
    st.payoff = toMoney(payoff);
    st.collateral = pCollateral_[s];
    st.pooled = pooled;
    st.retainedShare = retained;
    const WaterfallLayers layers = settle(ledger_, st);
    const double writerBorne = toCurrency(layers.collateral + layers.retained);
    writerProfit_ -= writerBorne;
    if (pInformed_[s]) buyerSurplus_ += toCurrency(layers.paid());
    else buyerSurplus_ -= toCurrency(layers.unpaid);

    // Public history: what the pool's cover would have paid on this position.
    const double poolColl = pCoverStrikeDist_[s] * pUnits_[s];
    const double coverLoss = (1.0 - retained) * std::max(payoff - poolColl, 0.0);
    ++wSettled_[W];
    wCoverLoss_[W] += coverLoss;
    wNotionalHist_[W] += pNotional_[s];

    if (pooled) {
      pooledLayers_ += layers;
      exposure_ -= pMaxCover_[s];
      --openPooled_;
      --wOpenPooled_[W];
      settledPoolLoss_ += toCurrency(layers.poolBorne());
      settledPoolNotional_ += pNotional_[s];
      settledPoolModel_ += pModelCover_[s];
      if (layers.backstop > 0 || layers.unpaid > 0) defaulted_ = true;
    } else {
      siloLayers_ += layers;
    }

    WriterOutcome o;
    o.writer = w;
    o.group = wGroup_[W];
    o.action = pooled ? WriterAction::Pool : WriterAction::Silo;
    o.signal = pSignal_[s];
    o.tag = pTag_[s];
    o.riskAversion = wRiskAversion_[W];
    o.feeRate = pFee_[s] / pNotional_[s];
    o.notional = pNotional_[s];
    const double siloColl = def_.pool.siloCollateralRatio * (kind == OptionKind::Put ? pStrike_[s] * pUnits_[s]
                                                                                     : P.callMaxLossMultiple * pNotional_[s]);
    o.counterfactualSilo = pPremium_[s] - payoff - coc * siloColl * tau;
    o.counterfactualPool = pPremium_[s] - pFee_[s] - (payoff - coverLoss) - coc * poolColl * tau;
    o.profit = pooled ? o.counterfactualPool : o.counterfactualSilo;
    wProfit_[W] += o.profit;
    outcomes_.push_back(o);

    pActive_[s] = 0;
    freeSlots_.push_back(static_cast<int>(s));
  }
  // Subtracting in a different order than adding leaves rounding dust: clear it.
  exposure_ = openPooled_ == 0 ? 0.0 : std::max(exposure_, 0.0);
  if (settledPoolNotional_ > 0) {
    const double keep = std::exp2(-1.0 / kExperienceHalfLifeSteps);
    lossRate_ = keep * lossRate_ + (1.0 - keep) * (settledPoolLoss_ / settledPoolNotional_);
  }
  if (settledPoolModel_ > 0) {
    // Calibration is slower than the loss EWMA: it should learn the model's
    // bias, not chase one month's market.
    const double keep = std::exp2(-1.0 / kCalibrationHalfLifeSteps);
    modelRatio_ = keep * modelRatio_ + (1.0 - keep) * (settledPoolLoss_ / settledPoolModel_);
  }
}

void World::lpDeposit(int l, Money amount) {
  const size_t L = static_cast<size_t>(l);
  if (amount <= 0) return;
  const int capital = ledger_.named(Ledger::kPoolCapital);
  const double price = nav();
  if (price <= 1e-9) return;  // insolvent on a mark-to-model basis: new money would only pay old claims
  ledger_.transfer(ledger_.lpCash(l), capital, amount);
  if (lShares_[L] <= 0) lPeakNav_[L] = price;
  const double minted = toCurrency(amount) / price;
  lShares_[L] += minted;
  totalShares_ += minted;
  lDepositStep_[L] = t_;
}

void World::phaseLps() {
  const auto& Lp = def_.lps;
  const auto& P = def_.pool;
  const int capital = ledger_.named(Ledger::kPoolCapital);

  markToModel();
  // A pool whose capital is gone: old shares are worthless, retire them.
  if (totalShares_ > 0 && ledger_.balance(capital) <= 0) {
    std::fill(lShares_.begin(), lShares_.end(), 0.0);
    std::fill(lQueued_.begin(), lQueued_.end(), 0.0);
    totalShares_ = 0;
  }
  const double price = nav();
  if (t_ > 0 && totalShares_ > 0 && navPrev_ > 0) learnLps(price / navPrev_ - 1.0);
  // The LPs' common yield estimate: EWMA of the NAV's log return.
  if (t_ > 0) {
    const double keep = std::exp2(-1.0 / Lp.yieldHalfLifeSteps);
    if (totalShares_ > 0) {
      const double lr = (navPrev_ > 0 && price > 0) ? std::log(price / navPrev_) : 0.0;
      yieldEwma_ = keep * yieldEwma_ + (1.0 - keep) * lr / dt_;
      varEwma_ = keep * varEwma_ + (1.0 - keep) * lr * lr / dt_;
    } else {
      // An empty pool has no NAV history; its advertised yield stands in, so LPs can come back.
      yieldEwma_ = keep * yieldEwma_ + (1.0 - keep) * Lp.yieldPriorAnnual;
      varEwma_ = keep * varEwma_;
    }
  }
  navPrev_ = price;

  boost::random::uniform_01<double> u01;
  for (int l = 0; l < nLps_; ++l) {
    const size_t L = static_cast<size_t>(l);
    lPeakNav_[L] = std::max(lPeakNav_[L], price);
    LpView& v = lpViews_[L];
    v.lp = l;
    v.group = lGroup_[L];
    v.step = t_;
    v.cash = toCurrency(ledger_.balance(ledger_.lpCash(l)));
    v.shares = lShares_[L];
    v.nav = price;
    v.riskAversion = lRiskAversion_[L];
    v.outsideRateAnnual = lOutsideRate_[L];
    v.poolYieldAnnual = yieldEwma_;
    v.poolVolAnnual = std::sqrt(std::max(varEwma_, 0.0));
    v.drawdown = lPeakNav_[L] > 0 ? 1.0 - price / lPeakNav_[L] : 0.0;
    v.canWithdraw = lShares_[L] > 0 && lQueued_[L] <= 0 && t_ >= lDepositStep_[L] + P.lockupSteps;
    v.hasEarlyWarning = lWarned_[L] != 0;
    if (v.hasEarlyWarning) {
      const int lead = Lp.earlyWarningLeadSteps;
      const bool truth = market_.troubleAhead(t_, lead) || market_.stressAt(std::min(t_ + lead, market_.steps()));
      v.warning = u01(lRng_[L]) < Lp.earlyWarningAccuracy ? truth : !truth;
      if (v.warning) lLastWarning_[L] = t_;
      v.stepsSinceWarning = t_ - lLastWarning_[L];
    } else {
      v.warning = false;
    }
    lpActions_[L] = LpAction::Hold;
  }
  if (!P.enabled) return;
  for (size_t g = 0; g < strategies_.lps.size(); ++g)
    strategies_.lps[g]->decide(lpViews_, lpActions_, static_cast<int>(g));

  for (int l = 0; l < nLps_; ++l) {
    const size_t L = static_cast<size_t>(l);
    LpAction a = lpActions_[L];
    lFracBefore_[L] = wealthShareInPool(l);
    lCouldWithdraw_[L] = lpViews_[L].canWithdraw ? 1 : 0;
    if (Lp.horizonSteps > 0 && t_ >= Lp.horizonSteps) a = LpAction::Withdraw;  // horizon reached: leave
    if (a == LpAction::Deposit) {
      const Money cash = ledger_.balance(ledger_.lpCash(l));
      lpDeposit(l, static_cast<Money>(std::llround(static_cast<double>(cash) * Lp.initialDepositFraction)));
    } else if (a == LpAction::Withdraw && lpViews_[L].canWithdraw) {
      lQueued_[L] = lShares_[L];
      lRequestStep_[L] = t_;
    }
  }

  // Pay the queue in LP order, after notice, within the gate and without
  // taking the pool below its minimum collateral ratio.
  const Money fundBal = ledger_.balance(ledger_.named(Ledger::kInsuranceFund));
  Money budget = static_cast<Money>(std::llround(static_cast<double>(ledger_.balance(capital)) * P.gateShare));
  const Money required = toMoney(P.minCollateralRatio * exposure_);
  Money free = ledger_.balance(capital) + fundBal - required;
  for (int l = 0; l < nLps_ && totalShares_ > 0; ++l) {
    const size_t L = static_cast<size_t>(l);
    if (lQueued_[L] <= 0 || t_ < lRequestStep_[L] + P.noticeSteps) continue;
    const double px = nav();
    const Money want = toMoney(lQueued_[L] * px);
    const Money pay = std::min({want, budget, std::max<Money>(free, 0), ledger_.balance(capital)});
    if (pay <= 0) continue;
    const double burned = want > 0 ? lQueued_[L] * static_cast<double>(pay) / static_cast<double>(want) : 0.0;
    const Money net = pay - static_cast<Money>(std::llround(static_cast<double>(pay) * P.exitFee));
    ledger_.transfer(capital, ledger_.lpCash(l), net);  // the exit fee stays with the remaining LPs
    lShares_[L] = std::max(0.0, lShares_[L] - burned);
    lQueued_[L] = pay == want ? 0.0 : std::max(0.0, lQueued_[L] - burned);
    totalShares_ = std::max(0.0, totalShares_ - burned);
    if (lShares_[L] < 1e-12) { totalShares_ -= lShares_[L]; lShares_[L] = 0; lQueued_[L] = 0; }
    budget -= pay;
    free -= net;
  }
  // Shares are doubles, and the total is kept apart from the LPs' own: after
  // rounding, a total with no holder left (all LPs gone) or one below dust
  // is retired together with any LP dust, so NAV is defined exactly when an
  // LP holds shares, and no capital is owned by shares nobody holds.
  bool held = false;
  for (int l = 0; l < nLps_ && !held; ++l) held = lShares_[static_cast<size_t>(l)] > 0;
  if (!held || totalShares_ < 1e-9) {
    totalShares_ = 0;
    std::fill(lShares_.begin(), lShares_.end(), 0.0);
    std::fill(lQueued_.begin(), lQueued_.end(), 0.0);
  }
  for (int l = 0; l < nLps_; ++l) lFracAfter_[static_cast<size_t>(l)] = wealthShareInPool(l);
}

double World::wealthShareInPool(int l) const {
  const double inPool = lShares_[static_cast<size_t>(l)] * nav();
  const double w = inPool + toCurrency(ledger_.balance(ledger_.lpCash(l)));
  return w > 0 ? inPool / w : 0.0;
}

void World::learnLps(double navReturn) {
  // Reward per unit of wealth, in basis points: the pool share earns the NAV
  // return, the rest the outside rate, less a mean-variance charge with the
  // LP's own risk aversion. Counterfactuals: the same step had the LP held,
  // deposited or withdrawn (paying the exit fee, and only if it could).
  const auto& P = def_.pool;
  for (int l = 0; l < nLps_; ++l) {
    const size_t L = static_cast<size_t>(l);
    const double outside = lOutsideRate_[L] * dt_, g = lRiskAversion_[L];
    auto reward = [&](double f, double cost) {
      return 1e4 * (f * navReturn + (1.0 - f) * outside - 0.5 * g * f * f * navReturn * navReturn - cost);
    };
    const double before = lFracBefore_[L];
    const double deposited = before + def_.lps.initialDepositFraction * (1.0 - before);
    const bool canLeave = lCouldWithdraw_[L] && P.noticeSteps == 0;
    LpOutcome& o = lpOutcomes_[L];
    o.lp = l;
    o.group = lGroup_[L];
    o.action = lpActions_[L];
    o.counterfactual[0] = reward(before, 0.0);
    o.counterfactual[1] = reward(deposited, 0.0);
    o.counterfactual[2] = canLeave ? reward(0.0, P.exitFee * before) : reward(before, P.exitFee * before);
    o.reward = reward(lFracAfter_[L], o.action == LpAction::Withdraw && lCouldWithdraw_[L] ? P.exitFee * before : 0.0);
  }
  for (size_t g = 0; g < strategies_.lps.size(); ++g) strategies_.lps[g]->learn(lpOutcomes_, static_cast<int>(g));
}

void World::phaseLearn() {
  if (outcomes_.empty()) return;
  for (size_t g = 0; g < strategies_.writers.size(); ++g)
    strategies_.writers[g]->learn(outcomes_, static_cast<int>(g));
}

void World::phaseMetrics() {
  double* row = metrics_.data() + static_cast<size_t>(t_) * kStepMetricCount;
  auto set = [row](StepMetric m, double v) { row[static_cast<size_t>(m)] = v; };
  set(StepMetric::Price, market_.price(0, t_));
  set(StepMetric::PricingVol, market_.pricingVol(0, t_));
  set(StepMetric::Stress, market_.stress(t_) ? 1.0 : 0.0);
  bool jump = false;
  for (int a = 0; a < market_.assetCount(); ++a) jump = jump || market_.downJump(a, t_);
  set(StepMetric::Jump, jump ? 1.0 : 0.0);

  // Writers: latest choices, overall and by theta decile; theta moments for ASI.
  int counts[3] = {0, 0, 0};
  int decChosen[10] = {}, decPooled[10] = {};
  double thSum = 0, thSq = 0;
  for (int i = 0; i < nWriters_; ++i) {
    const size_t W = static_cast<size_t>(i);
    thSum += wTheta_[W];
    thSq += wTheta_[W] * wTheta_[W];
    const int s = wStatus_[W];
    if (s < 0) continue;
    ++counts[s];
    ++decChosen[wDecile_[W]];
    if (s == static_cast<int>(WriterStatus::Pool)) ++decPooled[wDecile_[W]];
  }
  const int chosen = counts[0] + counts[1] + counts[2];
  auto share = [](int a, int b) { return b > 0 ? static_cast<double>(a) / b : kNaN; };
  set(StepMetric::Participation, share(counts[1], chosen));
  set(StepMetric::SiloShare, share(counts[0], chosen));
  set(StepMetric::AbstainShare, share(counts[2], chosen));
  for (int d = 0; d < 10; ++d) set(static_cast<StepMetric>(static_cast<int>(StepMetric::D1) + d), share(decPooled[d], decChosen[d]));

  // Open positions: ASI over pooled risk, notional and locked capital.
  double pooledTheta = 0, notionalPooled = 0, notionalSiloed = 0, siloLocked = 0, poolLocked = 0;
  int openP = 0, openS = 0;
  for (size_t s = 0; s < pActive_.size(); ++s) {
    if (!pActive_[s]) continue;
    if (pPooled_[s]) {
      ++openP;
      pooledTheta += wTheta_[static_cast<size_t>(pWriter_[s])] * pNotional_[s];
      notionalPooled += pNotional_[s];
      poolLocked += toCurrency(pCollateral_[s]);
    } else {
      ++openS;
      notionalSiloed += pNotional_[s];
      siloLocked += toCurrency(pCollateral_[s]);
    }
  }
  const double n = nWriters_;
  const double thMean = thSum / n;
  const double thSd = std::sqrt(std::max(thSq / n - thMean * thMean, 0.0));
  set(StepMetric::Asi, notionalPooled > 0 && thSd > 0 ? (pooledTheta / notionalPooled - thMean) / thSd : kNaN);

  const double poolCapital = toCurrency(ledger_.balance(ledger_.named(Ledger::kPoolCapital)));
  const double fund = toCurrency(ledger_.balance(ledger_.named(Ledger::kInsuranceFund)));
  set(StepMetric::FeeRate, stepFeeCount_ > 0 ? stepFeeSum_ / stepFeeCount_ : kNaN);
  feeRateSum_ += stepFeeSum_;
  feeRateCount_ += stepFeeCount_;
  stepFeeSum_ = 0;
  stepFeeCount_ = 0;
  set(StepMetric::PoolCapital, poolCapital);
  set(StepMetric::Nav, totalShares_ > 0 ? nav() : kNaN);
  set(StepMetric::InsuranceFund, fund);
  set(StepMetric::PoolLiability, liability_);
  set(StepMetric::Backstop, toCurrency(ledger_.balance(ledger_.named(Ledger::kBackstop))));
  set(StepMetric::LossCollateral, toCurrency(pooledLayers_.collateral));
  set(StepMetric::LossRetained, toCurrency(pooledLayers_.retained));
  set(StepMetric::LossInsurance, toCurrency(pooledLayers_.insuranceFund));
  set(StepMetric::LossLp, toCurrency(pooledLayers_.lpCapital));
  set(StepMetric::LossBackstop, toCurrency(pooledLayers_.backstop));
  set(StepMetric::Unpaid, toCurrency(pooledLayers_.unpaid + siloLayers_.unpaid));
  set(StepMetric::FeesCum, toCurrency(fees_));
  set(StepMetric::LossRatio, fees_ > 0 ? toCurrency(pooledLayers_.poolBorne()) / toCurrency(fees_) : kNaN);
  set(StepMetric::DefaultEver, defaulted_ ? 1.0 : 0.0);

  int lpHolding = 0;
  double queue = 0, lpWealth = 0, lpInitial = 0;
  const double px = nav();
  for (int l = 0; l < nLps_; ++l) {
    const size_t L = static_cast<size_t>(l);
    if (lShares_[L] > 0) ++lpHolding;
    queue += lQueued_[L] * px;
    lpWealth += toCurrency(ledger_.balance(ledger_.lpCash(l))) + lShares_[L] * px;
    lpInitial += toCurrency(lInitialCash_[L]);
  }
  set(StepMetric::LpCount, lpHolding);
  set(StepMetric::WithdrawalQueue, queue);
  set(StepMetric::OpenPooled, openP);
  set(StepMetric::OpenSiloed, openS);
  set(StepMetric::NotionalPooled, notionalPooled);
  set(StepMetric::NotionalSiloed, notionalSiloed);
  set(StepMetric::CapEffSiloed, siloLocked > 0 ? notionalSiloed / siloLocked : kNaN);
  // Capital the rules lock behind pooled risk: writers' collateral plus the
  // pool capital the minimum collateral ratio requires (the rest is free capacity).
  const double pooledCapital = poolLocked + def_.pool.minCollateralRatio * exposure_;
  set(StepMetric::CapEffPooled, notionalPooled > 0 && pooledCapital > 0 ? notionalPooled / pooledCapital : kNaN);
  set(StepMetric::Trades, stepTrades_);
  stepTrades_ = 0;
  set(StepMetric::Refused, static_cast<double>(refused_));
  set(StepMetric::BuyerSurplus, buyerSurplus_);
  set(StepMetric::WriterProfit, writerProfit_);
  set(StepMetric::LpProfit, toCurrency(toMoney(lpWealth - lpInitial)));  // to the micro-unit, as cash is

  // Value conservation: endowments came from kExternal, so the sum is exactly 0.
  const Money total = ledger_.total();
  assert(ledger_.mostNegative() >= 0);
  ledgerMaxImbalance_ = std::max(ledgerMaxImbalance_, total < 0 ? -total : total);
  set(StepMetric::LedgerImbalance, toCurrency(total));
}

WriterState World::writer(int i) const {
  const size_t W = static_cast<size_t>(i);
  WriterState s;
  s.theta = wTheta_[W];
  s.thetaDecile = wDecile_[W];
  s.group = wGroup_[W];
  s.status = static_cast<WriterStatus>(wStatus_[W]);
  s.cash = toCurrency(ledger_.balance(ledger_.writerCash(i)));
  s.collateral = toCurrency(ledger_.balance(ledger_.writerCollateral(i)));
  s.initialCash = toCurrency(wInitialCash_[W]);
  s.openPooled = wOpenPooled_[W];
  s.settled = wSettled_[W];
  s.pooledTotal = wPooledTotal_[W];
  s.siloedTotal = wSiloedTotal_[W];
  s.profit = wProfit_[W];
  return s;
}

LpState World::lp(int i) const {
  const size_t L = static_cast<size_t>(i);
  LpState s;
  s.group = lGroup_[L];
  s.initialCash = toCurrency(lInitialCash_[L]);
  s.cash = toCurrency(ledger_.balance(ledger_.lpCash(i)));
  s.shares = lShares_[L];
  s.queuedShares = lQueued_[L];
  s.wealth = s.cash + s.shares * nav();
  s.riskAversion = lRiskAversion_[L];
  s.outsideRateAnnual = lOutsideRate_[L];
  s.earlyWarning = lWarned_[L] != 0;
  return s;
}

}  // namespace mutualab
