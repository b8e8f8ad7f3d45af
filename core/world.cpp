#include "core/world.h"

#include "core/fee_rules.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <exception>
#include <limits>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "core/black_scholes.h"

namespace mutualab {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Volatility floor (annual) in the migration score, so a pool with no NAV
// history yet does not score infinite yield per unit of risk.
constexpr double kMinMigrationVol = 0.05;

double payoffPerUnit(OptionKind k, double strike, double settle) {
  return k == OptionKind::Put ? std::max(strike - settle, 0.0) : std::max(settle - strike, 0.0);
}
}  // namespace

// A quote's position terms, kept with its arrival (World::Arrival).
struct World::Pending {
  int asset = 0;
  OptionKind kind = OptionKind::Put;
  bool hidden = false;
  bool informed = false;
  double strike = 0, units = 0, maxLoss = 0, reservation = 0;
};

// A quote's terms in one pool that the writer does not see, parallel to terms_.
struct World::PoolPending {
  double maxCover = 0;    // the most the pool can pay on it
  double modelCover = 0;  // the pool's model expected cover (for its calibration)
  double riskAdded = 0;   // a pool admitting by VaR: what it adds to the book's liability at the level
  bool feeRefused = false;  // its fee rule gave no finite fee >= 0: no cover on these terms
};

// An arrival's draws, kept between phaseDemand's two passes.
struct World::Arrival {
  // User-provided, so emplace_back() does not zero the whole struct before
  // the member initializers and the caller's stores (a rep stos per arrival).
  Arrival() {}
  int writer = 0;
  double resMarkup = 0, signal = 0, q = 0;  // q: the probability of its hidden jump
  int firstLane = 0;                        // its first lane in quoteLanes_
  Pending pd;                               // the quote's position terms (the reservation price set by the second pass)
};

namespace {
// The pools a scenario has: its `pools`, or the one `pool`.
std::vector<PoolEntryDef> poolsOf(const ScenarioDef& d) {
  if (!d.pools.empty()) return d.pools;
  return {PoolEntryDef{"pool", {}, "", 1.0, d.pool}};
}

// The pools for which `on` holds of their terms at start or after any
// governed change: a scheduled one (the scenario of each segment of the
// schedule), or a rule's, which writes `term` whole (`written` of the
// change's objects and the write's object).
template <class On, class Written>
std::vector<int> poolsEverOn(const ScenarioDef& d, const std::vector<GovernedStep>& governed,
                             const std::vector<GovernedRule>& rules, GovernedTerm term, On on, Written written) {
  const std::vector<PoolEntryDef> start = poolsOf(d);
  std::vector<std::uint8_t> ever(start.size(), 0);
  for (size_t k = 0; k < start.size(); ++k) ever[k] = on(start[k].terms) ? 1 : 0;
  for (const GovernedStep& g : governed) {
    const std::vector<PoolEntryDef> next = poolsOf(g.def);
    for (size_t k = 0; k < next.size() && k < ever.size(); ++k) ever[k] = ever[k] || on(next[k].terms);
  }
  for (const GovernedRule& r : rules)
    for (const GovernedObjects& o : r.objects)
      for (const GovernedWrite& w : r.writes)
        if (w.term == term && static_cast<size_t>(w.pool) < ever.size())
          ever[static_cast<size_t>(w.pool)] |= written(o, static_cast<size_t>(w.object)) ? 1 : 0;
  std::vector<int> out;
  for (size_t k = 0; k < ever.size(); ++k)
    if (ever[k]) out.push_back(static_cast<int>(k));
  return out;
}

// The pools whose share market is on at start or after any governed change.
std::vector<int> marketPoolsOf(const ScenarioDef& d, const std::vector<GovernedStep>& governed,
                               const std::vector<GovernedRule>& rules) {
  return poolsEverOn(
      d, governed, rules, GovernedTerm::ShareMarket, [](const PoolDef& p) { return p.shareMarket.enabled; },
      [](const GovernedObjects& o, size_t i) { return o.shareMarkets[i].enabled; });
}

// The pools that admit by VaR at start or after any governed change (a
// pool's `enabled` never changes: a disabled one never admits).
std::vector<int> admittingPoolsOf(const ScenarioDef& d, const std::vector<GovernedStep>& governed,
                                  const std::vector<GovernedRule>& rules) {
  const std::vector<PoolEntryDef> start = poolsOf(d);
  std::vector<int> out;
  for (const int k : poolsEverOn(
           d, governed, rules, GovernedTerm::Admission, [](const PoolDef& p) { return p.admission.byRisk(); },
           [](const GovernedObjects& o, size_t i) { return o.admissions[i].byRisk(); }))
    if (start[static_cast<size_t>(k)].terms.enabled) out.push_back(k);
  return out;
}
}  // namespace

std::vector<int> shareMarketPoolsOf(const ScenarioDef& def) {
  const std::vector<GovernedStep> governed = governedScenarios(def);
  return marketPoolsOf(def, governed, governedRules(def, governed));
}

std::vector<int> admissionPoolsOf(const ScenarioDef& def) {
  const std::vector<GovernedStep> governed = governedScenarios(def);
  return admittingPoolsOf(def, governed, governedRules(def, governed));
}

bool admissionGoverned(const ScenarioDef& def, int pool) {
  const std::vector<GovernedStep> governed = governedScenarios(def);
  const size_t k = static_cast<size_t>(pool);
  const AdmissionDef start = poolsOf(def)[k].terms.admission;
  for (const GovernedStep& g : governed) {
    const std::vector<PoolEntryDef> next = poolsOf(g.def);
    if (k < next.size() && !(next[k].terms.admission == start)) return true;
  }
  for (const GovernedRule& r : governedRules(def, governed))
    for (const GovernedWrite& w : r.writes)
      if (w.term == GovernedTerm::Admission && w.pool == pool) return true;
  return false;
}

World::World(const ScenarioDef& def, std::uint64_t seed, std::uint64_t replication, WorldStrategies strategies)
    : def_(def),
      poolDefs_(poolsOf(def)),
      seed_(seed),
      rep_(replication),
      dt_(def.sim.stepDays / def.sim.daysPerYear),
      market_(def.market, def.shock, def.sim.steps, def.sim.stepDays / def.sim.daysPerYear, seed, replication,
              def.sim.stepDays),
      ledger_(def.writers.count, def.lps.count, static_cast<int>(poolDefs_.size())),
      strategies_(std::move(strategies)),
      buyerRng_(makeEngine(seed, replication, AgentKind::Buyer, 0, Purpose::BuyerArrivals)) {
  assert(strategies_.writers.size() == def.writers.strategies.size());
  assert(strategies_.lps.size() == def.lps.strategies.size());
  metrics_.assign(static_cast<size_t>(def.sim.steps + 1) * kStepMetricCount, kNaN);
  tracksPools_ = !def.pools.empty();
  governed_ = governedScenarios(def);  // validated with the scenario: never throws here
  rules_ = governedRules(def, governed_);
  conditions_ = RuleConditions(def.governance.rules);
  ruleClocks_.assign(rules_.size(), RuleClock{});
  events_.reserve(governed_.size() + 4 * rules_.size());  // grows only in a run with many firings
  const int nWriters = def.writers.count, nLps = def.lps.count;

  // Position capacity: 4x the positions that could be open (every arrival
  // a trade) unless set. The book starts at a quarter of those (plus 64:
  // trades are fewer than arrivals) and grows by a quarter only if it must;
  // the step's scratch arrays start at a step's expected settlements.
  const double expectedOpen = def.buyers.arrivalsPerWriterPerStep * nWriters * def.positions.tenorSteps;
  int cap = def.sim.maxOpenPositions;
  if (cap <= 0) cap = static_cast<int>(4.0 * expectedOpen) + 64;
  const int initialSlots = std::min(cap, static_cast<int>(0.25 * expectedOpen) + 64);
  const size_t perStep = static_cast<size_t>(2.0 * def.buyers.arrivalsPerWriterPerStep * nWriters) + 64;
  const int nPools = static_cast<int>(poolDefs_.size());
  for (int k = 0; k < nPools; ++k) {
    const int menu = static_cast<int>(poolDefs_[static_cast<size_t>(k)].terms.menu.size());
    if (menu == 0) offers_.push_back(Offer{k, -1});
    for (int c = 0; c < menu; ++c) offers_.push_back(Offer{k, c});
  }
  const int nOffers = static_cast<int>(offers_.size());
  book_.reset(initialSlots, cap, nOffers, def.sim.steps + def.positions.tenorSteps);
  marks_.reset(nPools, market_.assetCount(), def.positions.tenorSteps);
  outcomes_.reserve(perStep);
  expiring_.reserve(perStep);
  outcomePools_.reserve(perStep * static_cast<size_t>(nOffers));

  // Quote buffer: far beyond any plausible Poisson draw (mean + 12 sd + 64).
  const double lambda = def.buyers.arrivalsPerWriterPerStep * nWriters;
  const size_t qcap = static_cast<size_t>(lambda + 12.0 * std::sqrt(lambda) + 64.0);
  quotes_.reserve(qcap);
  arrivals_.reserve(qcap);
  quoteLanes_.reserve(qcap * (2 + 2 * static_cast<size_t>(nOffers)));
  quoteArrival_.reserve(qcap);
  terms_.reserve(qcap * nOffers);  // never reallocates: quotes_ hold spans into it
  poolPending_.reserve(qcap * nOffers);
  choices_.reserve(qcap);
  tags_.reserve(qcap);

  for (auto& st : strategies_.writers) {
    st->bind(seed, replication, nWriters, nOffers);
    writersLearn_ = writersLearn_ || st->learnsFromOutcomes;
  }
  for (auto& st : strategies_.lps) {
    st->bind(seed, replication, nLps, nPools);
    lpsLearn_ = lpsLearn_ || st->learnsFromOutcomes;
  }

  writers_.draw(def_.writers, seed_, rep_, ledger_);
  // Theta moments for ASI: types never change, so once.
  double thSum = 0, thSq = 0;
  for (const double th : writers_.theta) {
    thSum += th;
    thSq += th * th;
  }
  const double n = writers_.count;
  thetaMean_ = thSum / n;
  thetaSd_ = std::sqrt(std::max(thSq / n - thetaMean_ * thetaMean_, 0.0));
  pools_.reserve(poolDefs_.size());  // Pools hold references into poolDefs_: neither may move
  for (int k = 0; k < nPools; ++k) pools_.emplace_back(k, poolDefs_[static_cast<size_t>(k)], def_, ledger_, nWriters, nLps);
  admissions_.resize(static_cast<size_t>(nPools));
  for (int k = 0; k < nPools; ++k)
    admissionRng_.push_back(makeEngine(seed, replication, AgentKind::Pool, static_cast<std::uint64_t>(k), Purpose::RiskAdmission));
  for (Pool& p : pools_) p.calibrate(def_, writers_, market_, dt_);
  poolMetrics_.assign(static_cast<size_t>(def.sim.steps + 1) * static_cast<size_t>(poolSeriesWidth()), kNaN);
  lpMoved_.assign(static_cast<size_t>(nPools) * static_cast<size_t>(nPools), 0.0);
  lps_.draw(def_.lps, seed_, rep_, ledger_);
  for (const Money c : lps_.initialCash) lpInitial_ += toCurrency(c);
  std::vector<double> lpShares;
  for (const PoolEntryDef& e : poolDefs_) lpShares.push_back(e.lpShare);
  assignHomes(lpShares, nLps, lps_.home);
  const size_t M = static_cast<size_t>(nLps);
  marketPools_ = marketPoolsOf(def_, governed_, rules_);
  marketMetrics_.assign(static_cast<size_t>(def.sim.steps + 1) * static_cast<size_t>(shareMarketSeriesWidth()), kNaN);
  riskDeclined_.assign(static_cast<size_t>(nPools), 0);
  admissionPools_ = admittingPoolsOf(def_, governed_, rules_);
  admissionMetrics_.assign(static_cast<size_t>(def.sim.steps + 1) * static_cast<size_t>(admissionSeriesWidth()), kNaN);
  if (!marketPools_.empty()) {
    bids_.reserve(M);  // one order per LP and side in each auction
    asks_.reserve(M);
    lpReserved_.assign(M, 0);
  }
  lpViews_.reserve(M);  // one view per LP to start with (more as LPs spread over pools)
  lpFirstView_.assign(M + 1, 0);
  lpWarning_.assign(M, 0);
  lpOutcomes_.reserve(M);
  for (Pool& p : pools_) {
    ledger_.endow(p.fundAccount, toMoney(p.def.insuranceFundInitial));
    p.yieldEwma = def_.lps.yieldPriorAnnual;
  }
  bridges_.setUp(def_.chains, nPools, def_.sim.steps, seed_, rep_);
  std::vector<int> poolChains;
  for (const Pool& p : pools_) poolChains.push_back(p.chain);
  if (def_.pools.empty()) {
    // The one pool's backstop (pool.backstopCapital) pays first come, first served.
    BackstopDef one;
    one.coverage = "first-come";
    one.capital = def_.pool.backstopCapital;
    backstop_.setUp(ledger_, one, poolChains, 0, &bridges_, static_cast<int>(perStep));
  } else {
    int chain = 0;
    for (size_t c = 0; c < def_.chains.size(); ++c)
      if (def_.chains[c].name == def_.backstop.chain) chain = static_cast<int>(c);
    backstop_.setUp(ledger_, def_.backstop, poolChains, chain, &bridges_, static_cast<int>(perStep));
  }
  backstopLowest_ = backstop_.balance(ledger_);

  phaseLps();      // step 0: LPs decide whether to enter before any writer arrives
  phaseMetrics();  // row 0: the initial state
  fireRules();     // a rule may fire on the initial state: its change applies from step 1 + delay
}

World::~World() = default;

bool World::amendGovernance(const ScenarioDef& def) {
  std::vector<GovernedStep> governed;
  std::vector<GovernedRule> rules;
  try {
    governed = governedScenarios(def);  // validated: throws only for a scenario the caller did not load
    rules = governedRules(def, governed);
  } catch (const std::exception&) {
    return false;
  }
  // What has happened stays: the changes applied so far, and no new one at or before this step.
  if (governed.size() < nextChange_) return false;
  for (size_t i = 0; i < nextChange_; ++i)
    if (governed[i].step != governed_[i].step || governed[i].set != governed_[i].set) return false;
  if (nextChange_ < governed.size() && governed[nextChange_].step <= t_) return false;
  const auto& mine = def_.governance.rules;
  if (def.governance.rules.size() != mine.size()) return false;
  for (size_t r = 0; r < mine.size(); ++r) {
    const GovernanceRuleDef& o = def.governance.rules[r];
    if (o.name != mine[r].name || o.pool != mine[r].pool || o.when != mine[r].when || o.params != mine[r].params ||
        o.set != mine[r].set || o.delay != mine[r].delay || o.cooldown != mine[r].cooldown ||
        o.maxFirings != mine[r].maxFirings)
      return false;
  }
  if (marketPoolsOf(def, governed, rules) != marketPools_) return false;  // its series were sized at start
  if (admittingPoolsOf(def, governed, rules) != admissionPools_) return false;  // likewise
  governed_ = std::move(governed);
  rules_ = std::move(rules);
  def_.governance.schedule = def.governance.schedule;
  return true;
}

void World::step() {
  if (done()) return;
  ++t_;
  // Governance first, so the whole step runs on the new terms: the
  // schedule's changes for this step, then the rules' changes due now.
  while (nextChange_ < governed_.size() && governed_[nextChange_].step == t_) {
    const GovernedStep& g = governed_[nextChange_];
    GovernanceEvent e{.step = t_, .change = static_cast<int>(nextChange_++)};
    e.why = govern(g.writes, g.objects, e.whyPool);
    if (e.why != GovernanceRefusal::None) e.kind = GovernanceEventKind::Refused;
    events_.push_back(e);
  }
  governRules();
  measureRisk();
  // The market phase has nothing to do: the path was drawn at start.
  phaseDemand();
  phaseDecide();
  phaseAccept();
  phaseExpiries();
  phaseLps();
  phaseLearn();
  phaseMetrics();
  fireRules();  // on the state this step ended in
}

// Pools that admit by VaR re-measure their books every `everySteps` steps
// (and on the first step they admit by it), before the step's quotes, on
// the book the last step left. Each re-measure draws its own seed from the
// pool's stream, so the result depends on the seed alone.
void World::measureRisk() {
  for (size_t k = 0; k < pools_.size(); ++k) {
    Pool& pool = pools_[k];
    RiskAdmission& ra = admissions_[k];
    const bool was = pool.admitsByRisk;
    pool.admitsByRisk = pool.def.enabled && pool.def.admission.byRisk();
    if (!pool.admitsByRisk) continue;
    const AdmissionDef& A = pool.def.admission;
    // Due, or just switched on, or its terms changed (governance): measure now.
    if (was && ra.measuredAt() >= 0 && ra.def() == A && t_ - ra.measuredAt() < A.everySteps) continue;
    std::vector<int> assets;
    std::vector<double> spots, vols;
    std::vector<std::string> names;
    for (int a = 0; a < market_.assetCount(); ++a) {
      names.push_back(def_.market.assets[static_cast<size_t>(a)].name);
      if (!pool.underwrites[static_cast<size_t>(a)]) continue;
      assets.push_back(a);
      spots.push_back(market_.price(a, t_));
      vols.push_back(market_.pricingVol(a, t_));
    }
    RiskBook reference = referenceBook(assets, spots, vols, def_.positions.tenorSteps * def_.sim.stepDays, names);
    reference.stressed = market_.stressAt(t_);  // as the pool's own book (pooledBookOf)
    Engine& rng = admissionRng_[k];
    const std::uint64_t hi = rng(), lo = rng();
    const RiskBook book = pooledBookOf(*this, static_cast<int>(k));
    ra.measure(book, reference, def_.market, A, def_.sim.daysPerYear, hi << 32 | lo, t_);
    // Each open position's share, taken off when it expires before the next measure.
    ra.charges(book, def_.market.rateAnnual, riskCharges_);
    riskCharge_.resize(static_cast<size_t>(book_.capacity()), 0.0);  // the book grows
    size_t i = 0;
    book_.forEachInPool(static_cast<int>(k), [&](int s) { riskCharge_[static_cast<size_t>(s)] = riskCharges_[i++]; });
  }
}

void World::governRules() {
  static const GovernedObjects kNoObjects;
  for (size_t r = 0; r < rules_.size(); ++r) {
    RuleClock& c = ruleClocks_[r];
    if (c.due != t_) continue;
    // A fee-rule change is the one the schedule has in effect now, with the rule's assignments.
    const GovernedRule& rule = rules_[r];
    const GovernedObjects& objects = rule.objects.empty() ? kNoObjects : rule.objects[nextChange_];
    GovernanceEvent e{.step = t_, .rule = static_cast<int>(r)};
    e.why = govern(rule.writes, objects, e.whyPool);
    if (e.why != GovernanceRefusal::None) e.kind = GovernanceEventKind::Refused;
    events_.push_back(e);
    c.due = -1;
    c.ready = t_ + def_.governance.rules[r].cooldown;
  }
}

void World::fireRules() {
  for (size_t r = 0; r < rules_.size(); ++r) {
    RuleClock& c = ruleClocks_[r];
    const GovernanceRuleDef& d = def_.governance.rules[r];
    if (c.due >= 0 || t_ < c.ready || (d.maxFirings > 0 && c.firings >= d.maxFirings)) continue;
    const int due = t_ + 1 + d.delay;
    if (due > def_.sim.steps) continue;  // it could no longer take effect
    if (!conditions_.holds(static_cast<int>(r), ruleState(rules_[r].pool))) continue;
    c.due = due;
    ++c.firings;
    events_.push_back({.step = t_, .kind = GovernanceEventKind::Queued, .rule = static_cast<int>(r), .dueStep = due});
  }
}

RuleState World::ruleState(int k) const {
  const Pool& p = pools_[static_cast<size_t>(k)];
  RuleState s;
  const Money capital = ledger_.balance(p.capitalAccount), fund = ledger_.balance(p.fundAccount);
  s.utilization = p.utilization(ledger_);
  s.poolLossRate = p.lossRate;
  s.poolExpectedRate = p.pooledExpectedRate;
  s.initialLossRate = p.initialLossRate;
  s.modelRatio = p.modelRatio;
  s.nav = p.nav(ledger_);
  s.fundRatio = capital > 0 ? toCurrency(fund) / toCurrency(capital) : 0.0;
  for (double x : p.shares) s.lps += x > 0;
  s.step = t_;
  s.lpCapital = toCurrency(capital);
  s.insuranceFund = toCurrency(fund);
  s.exposure = p.exposure;
  s.liability = p.liability;
  s.openPositions = p.openPositions;
  s.unpaid = toCurrency(p.unpaidAtSettlement);
  s.backstop = toCurrency(backstop_.balance(ledger_));
  s.participation = tracksPools_ ? poolMetric(t_, k, PoolStepMetric::Participation) : metric(t_, StepMetric::Participation);
  return s;
}

GovernanceRefusal World::govern(const std::vector<GovernedWrite>& writes, const GovernedObjects& objects,
                                int& whyPool) {
  // All or nothing. Each value was checked at load, in every scenario the
  // schedule gives; what a rule's change and other changes make together
  // can still break the one rule across governed fields: a pool's fees
  // cannot be shared out more than once.
  if (!def_.pools.empty()) {
    double backstop = def_.backstop.feeShare;
    for (const GovernedWrite& w : writes)
      if (w.term == GovernedTerm::BackstopFeeShare) backstop = w.value;
    for (size_t k = 0; k < pools_.size(); ++k) {
      double insurance = poolDefs_[k].terms.insuranceFeeShare;
      for (const GovernedWrite& w : writes)
        if (w.term == GovernedTerm::InsuranceFeeShare && w.pool == static_cast<int>(k)) insurance = w.value;
      if (insurance + backstop > 1.0 + 1e-9) {
        whyPool = static_cast<int>(k);
        return GovernanceRefusal::FeeSharesAboveOne;
      }
    }
  }
  // The new terms, in place (each Pool refers to its entry in poolDefs_). A
  // pool whose fee rule changed gets a new rule: its own state (a
  // bonus-malus ladder) starts over; the pool's loss experience carries on.
  for (const GovernedWrite& w : writes) {
    const size_t k = static_cast<size_t>(w.pool);
    PoolDef* terms = k < poolDefs_.size() ? &poolDefs_[k].terms : nullptr;
    switch (w.term) {
      case GovernedTerm::BackstopFeeShare:
        def_.backstop.feeShare = w.value;
        for (Pool& p : pools_) p.backstopFeeShare = w.value;
        continue;
      case GovernedTerm::MigrationSpeed: def_.migration.speed = w.value; continue;
      case GovernedTerm::MigrationMinGain: def_.migration.minGain = w.value; continue;
      case GovernedTerm::FeeRule: {
        const FeeRuleDef& next = objects.feeRules[static_cast<size_t>(w.object)];
        if (terms->feeRule.name != next.name || terms->feeRule.params != next.params) {
          terms->feeRule = next;
          pools_[k].feeRule = makeFeeRule(next);  // checked at load: cannot throw
          pools_[k].feeRule->bind(writers_.count);
        }
        break;
      }
      case GovernedTerm::Menu: {
        // Same contracts, new terms: only a contract whose rule changed
        // gets a new one (a bonus-malus ladder elsewhere keeps its state).
        const std::vector<ContractDef>& next = objects.menus[static_cast<size_t>(w.object)];
        Pool& pool = pools_[k];
        for (size_t c = 0; c < next.size(); ++c) {
          const FeeRuleDef& before = terms->menu[c].feeRule;
          if (before.name != next[c].feeRule.name || before.params != next[c].feeRule.params) {
            pool.menuRules[c] = makeFeeRule(next[c].feeRule);  // checked at load: cannot throw
            pool.menuRules[c]->bind(writers_.count);
          }
        }
        terms->menu = next;
        break;
      }
      case GovernedTerm::ShareMarket: terms->shareMarket = objects.shareMarkets[static_cast<size_t>(w.object)]; break;
      case GovernedTerm::Admission: terms->admission = objects.admissions[static_cast<size_t>(w.object)]; break;  // measureRisk re-measures
      case GovernedTerm::WriterCollateralRatio: terms->writerCollateralRatio = w.value; break;
      case GovernedTerm::RetainedShare: terms->retainedShare = w.value; break;
      case GovernedTerm::MinCollateralRatio: terms->minCollateralRatio = w.value; break;
      case GovernedTerm::MaxPositionsPerWriter: terms->maxPositionsPerWriter = static_cast<int>(w.value); break;
      case GovernedTerm::MaxPositions: terms->maxPositions = static_cast<int>(w.value); break;
      case GovernedTerm::InsuranceFeeShare: terms->insuranceFeeShare = w.value; break;
      case GovernedTerm::LockupSteps: terms->lockupSteps = static_cast<int>(w.value); break;
      case GovernedTerm::NoticeSteps: terms->noticeSteps = static_cast<int>(w.value); break;
      case GovernedTerm::ExitFee: terms->exitFee = w.value; break;
      case GovernedTerm::GateShare: terms->gateShare = w.value; break;
    }
    // The scenario the world reports says the same.
    if (def_.pools.empty())
      def_.pool = *terms;
    else
      def_.pools[k].terms = *terms;
  }
  return GovernanceRefusal::None;
}

FeeContext World::feeContext(int k) const {
  FeeContext c = pools_[static_cast<size_t>(k)].feeContext(ledger_, writers_);
  c.step = t_;
  return c;
}

void World::run() {
  while (!done()) step();
}

void World::phaseDemand() {
  quotes_.clear();
  quoteArrival_.clear();
  terms_.clear();
  poolPending_.clear();
  const auto& B = def_.buyers;
  const auto& P = def_.positions;
  const int nWriters = writers_.count;
  const size_t nPools = pools_.size(), nOffers = offers_.size();
  const double lambda = B.arrivalsPerWriterPerStep * nWriters;
  boost::random::poisson_distribution<int, double> arrivals(lambda > 0 ? lambda : 1e-300);
  boost::random::uniform_int_distribution<int> pickWriter(0, nWriters - 1);
  boost::random::uniform_01<double> u01;
  boost::random::normal_distribution<double> stdNormal(0.0, 1.0);
  const int n = lambda > 0 ? arrivals(buyerRng_) : 0;
  work_.arrivals += n;
  const double tau = P.tenorSteps * dt_;
  const double r = def_.market.rateAnnual;
  const double coc = def_.writers.costOfCapitalAnnual;
  const double growth = std::exp(r * tau);  // to expiry, the same for every quote this step
  // Fee contexts are read once per step, before any of its trades.
  FeeContext ctx[kMaxPools];
  for (size_t k = 0; k < nPools; ++k) {
    ctx[k] = pools_[k].feeContext(ledger_, writers_);
    ctx[k].step = t_;
  }

  // Two passes. First each arrival's draws (every arrival consumes the same
  // draws, so streams stay aligned whatever happens next) and the options its
  // quote needs priced, all into one batch for the kernel; then, in arrival
  // order, the quotes, whose fees and capacity checks see the ones before.
  // (The arrivals kept are capped at the quote buffer, mean + 12 sd + 64.)
  arrivals_.clear();
  quoteLanes_.clear();
  // The buyers' draws come a window of arrivals ahead of the writers' own,
  // so the writers' scattered rows (their stream, type, cash) can be fetched
  // while earlier arrivals are worked on. A window never runs past the quote
  // buffer's room (each arrival keeps at most one quote), so the buyers'
  // stream is drawn exactly as far as one arrival at a time would draw it.
  constexpr int kWindow = 16;
  int ahead[kWindow];
  bool aheadInformed[kWindow];
  double aheadMarkup[kWindow];
  const bool trouble = market_.troubleAhead(t_, B.informedLookaheadSteps);
  auto arrive = [&](int w, bool informed, double resMarkup) {
    if (informed && !trouble) return;
    const size_t W = static_cast<size_t>(w);
    if (ledger_.balance(ledger_.writerCash(w)) <= 0) return;  // a broke writer cannot write
    Engine& rng = writers_.rng[W];
    ++work_.quoted;
    const double th = writers_.theta[W];
    OptionKind kind = u01(rng) < P.putShare ? OptionKind::Put : OptionKind::Call;
    const double otm = std::clamp(P.otmSafe + (P.otmRisky - P.otmSafe) * th + P.otmNoise * (2.0 * u01(rng) - 1.0), 0.0, 0.95);
    const double signal = std::clamp(th + P.signalNoiseSd * stdNormal(rng), 0.0, 1.0);
    const double q = P.hiddenJumpProb * signal;
    const bool hidden = u01(rng) < q;
    if (informed) kind = OptionKind::Put;  // informed flow buys the crash

    // Built in place (a local copied in cost store-forwarding stalls per arrival).
    Arrival& ar = arrivals_.emplace_back();
    ar.writer = w;
    ar.resMarkup = resMarkup;
    ar.signal = signal;
    ar.q = q;
    ar.firstLane = static_cast<int>(quoteLanes_.size);
    Pending& pd = ar.pd;
    pd.asset = w % market_.assetCount();
    pd.kind = kind;
    pd.hidden = hidden;
    pd.informed = informed;
    const double S = market_.price(pd.asset, t_);
    const double vol = market_.pricingVol(pd.asset, t_);
    pd.strike = kind == OptionKind::Put ? S * (1.0 - otm) : S * (1.0 + otm);
    pd.units = P.notional / S;
    pd.maxLoss = kind == OptionKind::Put ? pd.strike * pd.units : P.callMaxLossMultiple * P.notional;
    // Lanes: the option (premium, expected loss), then per offer on this
    // asset its cover (the option struck at the cover strike); each followed
    // by the same on the spot a hidden jump would move it to, when q > 0.
    const std::uint8_t k8 = static_cast<std::uint8_t>(kind);
    const double jumpedSpot = kind == OptionKind::Put ? S * (1.0 - P.hiddenJumpSize) : S * (1.0 + P.hiddenJumpSize);
    quoteLanes_.add(k8, S, pd.strike, vol, tau, 0);
    if (q > 0) quoteLanes_.add(k8, jumpedSpot, pd.strike, vol, tau, 0);
    for (size_t o = 0; o < nOffers; ++o) {
      const Pool& pool = pools_[static_cast<size_t>(offers_[o].pool)];
      if (!pool.underwrites[static_cast<size_t>(pd.asset)]) continue;
      const double poolColl = pool.contractCollateral(offers_[o].contract, pd.maxLoss);
      const double coverStrike = coverStrikeOf(static_cast<std::uint8_t>(kind), pd.strike, poolColl / pd.units);
      quoteLanes_.add(k8, S, coverStrike, vol, tau, 0);
      if (q > 0) quoteLanes_.add(k8, jumpedSpot, coverStrike, vol, tau, 0);
    }
  };
  for (int a = 0; a < n && arrivals_.size() < quotes_.capacity();) {
    const int room = static_cast<int>(quotes_.capacity() - arrivals_.size());
    const int m = std::min({kWindow, n - a, room});
    for (int j = 0; j < m; ++j) {
      const int w = pickWriter(buyerRng_);
      aheadInformed[j] = u01(buyerRng_) < B.informedShare;
      aheadMarkup[j] = B.reservationMarkupMin + (B.reservationMarkupMax - B.reservationMarkupMin) * u01(buyerRng_);
      ahead[j] = w;
      __builtin_prefetch(&writers_.rng[static_cast<size_t>(w)]);
      __builtin_prefetch(&writers_.theta[static_cast<size_t>(w)]);
      __builtin_prefetch(ledger_.balances() + ledger_.writerCash(w));
      // What the second pass reads of the writer: its group, risk aversion
      // and open positions in each pool.
      __builtin_prefetch(&writers_.group[static_cast<size_t>(w)]);
      __builtin_prefetch(&writers_.riskAversion[static_cast<size_t>(w)]);
      for (size_t k = 0; k < nPools; ++k) __builtin_prefetch(pools_[k].openByWriter.data() + w);
    }
    a += m;
    for (int j = 0; j < m; ++j) arrive(ahead[j], aheadInformed[j], aheadMarkup[j]);
  }
  quoteLanes_.run(r);
  work_.kernelLanes += static_cast<std::int64_t>(quoteLanes_.size);
  // Each pool's capital and spare capacity, read once: no cash moves while
  // the step quotes (its trades are phaseAccept's).
  double capital[kMaxPools], capacity[kMaxPools];
  for (size_t k = 0; k < nPools; ++k) {
    capital[k] = pools_[k].capital(ledger_);
    capacity[k] = pools_[k].capacityAt(capital[k]);
  }

  for (Arrival& ar : arrivals_) {
    const int w = ar.writer;
    const size_t W = static_cast<size_t>(w);
    const double q = ar.q;
    const Pending& pd = ar.pd;  // read in place (a copy of it cost a store-forwarding stall per arrival)
    const OptionKind kind = pd.kind;
    const double S = market_.price(pd.asset, t_);
    const double vol = market_.pricingVol(pd.asset, t_);
    const double* lane = quoteLanes_.price.data() + ar.firstLane;
    const double plain = *lane++;
    const double plainJumped = q > 0 ? *lane++ : 0.0;
    const double model = plain * pd.units;
    const double premium = model * (1.0 + def_.writers.premiumMarkup);
    const double reservation = model * (1.0 + ar.resMarkup);
    if (!pd.informed && premium > reservation) continue;  // too expensive for this buyer

    // Each offer's terms (a pool's contract): its collateral, the cover
    // beyond it, and its fee.
    const size_t first = terms_.size();
    int reference = -1;
    std::uint32_t declinedByRisk = 0;  // pools whose VaR test alone declined one of this quote's offers
    for (size_t o = 0; o < nOffers; ++o) {
      const size_t k = static_cast<size_t>(offers_[o].pool);
      const int contract = offers_[o].contract;
      Pool& pool = pools_[k];
      const PoolDef& PD = pool.def;
      if (!pool.underwrites[static_cast<size_t>(pd.asset)]) {
        // Not its asset: no terms, not available.
        PoolTerms none;
        none.available = false;
        terms_.push_back(none);
        poolPending_.push_back(PoolPending{});
        continue;
      }
      const double poolColl = pool.contractCollateral(contract, pd.maxLoss);
      // The cover strike its lane was priced at (a division the first pass did).
      const double coverStrike = quoteLanes_.strike[static_cast<size_t>(lane - quoteLanes_.price.data())];
      const double retained = pool.contractRetained(contract);
      const double coverShare = 1.0 - retained;
      const double coverPrice = *lane++;
      const double coverJumped = q > 0 ? *lane++ : 0.0;
      PoolPending pp;
      pp.maxCover = coverShare * (pd.maxLoss - poolColl);

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
      fq.coverStrike = coverStrike;
      fq.coverShare = coverShare;
      fq.coverPrice = coverPrice;  // priced once: the model's, the fee rule's and the expected cover's
      fq.growth = growth;
      pp.modelCover = modelExpectedCover(fq);

      PoolTerms pt;
      pt.fee = PD.enabled ? pool.contractQuote(contract, fq, ctx[k]) : 0.0;
      // A fee that is not a finite number >= 0 (a formula's NaN, infinity or
      // negative result) never reaches the ledger: the pool refuses the quote.
      const bool feeOk = std::isfinite(pt.fee) && pt.fee >= 0.0;
      if (!feeOk) {
        ++pool.feesRefused;
        pt.fee = 0.0;
        pp.feeRefused = true;
      }
      pt.collateral = poolColl;
      pt.expectedCover = pd.units * expectedPayoffFromGrowth(growth, q, coverPrice, coverJumped);
      pt.retainedShare = retained;
      pt.capitalCost = coc * poolColl * tau;
      pt.capacity = capacity[k];
      if (pool.admitsByRisk) {
        AdmissionCandidate c;
        c.kind = static_cast<std::uint8_t>(kind);
        c.asset = pd.asset;
        c.spot = S;
        c.coverStrike = coverStrike;
        c.coverShare = coverShare;
        c.units = pd.units;
        c.maxCover = pp.maxCover;
        c.expiryDays = P.tenorSteps * def_.sim.stepDays;
        c.volAnnual = vol;
        pp.riskAdded = admissions_[k].added(c, r);
      }
      const bool otherwise = feeOk && pool.canTakeAt(capital[k], w, pd.asset, pp.maxCover) && pt.fee <= pp.maxCover;  // see phaseAccept
      pt.available = otherwise && admitsRisk(k, pp.riskAdded);
      if (otherwise && !pt.available) declinedByRisk |= 1u << k;
      if (pt.available && (reference < 0 || pt.fee < terms_[first + static_cast<size_t>(reference)].fee))
        reference = static_cast<int>(o);
      terms_.push_back(pt);
      poolPending_.push_back(pp);
      if (PD.enabled && feeOk) pool.quoted(pt.fee, P.notional);
    }

    for (std::uint32_t m = declinedByRisk; m != 0; m &= m - 1) ++riskDeclined_[static_cast<size_t>(std::countr_zero(m))];

    WriterQuote& wq = quotes_.emplace_back();  // in place, as the arrival
    wq.writer = w;
    wq.group = writers_.group[W];
    wq.step = t_;
    wq.theta = writers_.theta[W];
    wq.signal = ar.signal;
    wq.notional = P.notional;
    wq.premium = premium;
    wq.siloCollateral = pools_[0].def.siloCollateralRatio * pd.maxLoss;
    wq.expectedLoss = pd.units * expectedPayoffFromGrowth(growth, q, plain, plainJumped);
    wq.capitalCostSilo = coc * wq.siloCollateral * tau;
    wq.cash = toCurrency(ledger_.balance(ledger_.writerCash(w)));
    wq.riskAversion = writers_.riskAversion[W];
    wq.pools = std::span<const PoolTerms>(terms_.data() + first, nOffers);
    wq.referencePool = reference < 0 ? 0 : reference;
    ar.pd.reservation = reservation;
    quoteArrival_.push_back(static_cast<int>(&ar - arrivals_.data()));
  }
  choices_.assign(quotes_.size(), WriterChoice::abstain());
  tags_.assign(quotes_.size(), 0);
  work_.quotes += static_cast<std::int64_t>(quotes_.size());
}

void World::phaseDecide() {
  if (quotes_.empty()) return;
  for (size_t g = 0; g < strategies_.writers.size(); ++g)
    strategies_.writers[g]->decide(quotes_, choices_, tags_, static_cast<int>(g));
}

// Inline in phaseAccept, its one caller (a call per quote otherwise).
__attribute__((always_inline)) inline void World::setWriterChoice(size_t W, std::int8_t status, std::int16_t pool, std::int8_t contract) {
  constexpr std::int8_t kPooled = static_cast<std::int8_t>(WriterStatus::Pool);
  ChoiceCounts& c = choiceCounts_;
  const int d = writers_.decile[W];
  auto count = [&](std::int8_t s, std::int16_t k, int by) {
    if (s < 0) return;
    c.status[s] += by;
    c.chosen[d] += by;
    if (s != kPooled) return;
    c.pooled[d] += by;
    c.pooledBy[k] += by;
  };
  count(writers_.status[W], writers_.pool[W], -1);
  count(status, pool, +1);
  writers_.status[W] = status;
  writers_.pool[W] = pool;
  writers_.contract[W] = contract;
}

void World::phaseAccept() {
  const int ext = ledger_.external();
  const size_t nOffers = offers_.size();
  for (size_t i = 0; i < quotes_.size(); ++i) {
    const WriterQuote& q = quotes_[i];
    const Pending& pd = arrivals_[static_cast<size_t>(quoteArrival_[i])].pd;
    const int w = q.writer;
    const size_t W = static_cast<size_t>(w);
    // Writers' rows are scattered: fetch those of the quote a few ahead
    // (its cash and collateral accounts, its choice and counts).
    constexpr size_t kAhead = 8;
    if (i + kAhead < quotes_.size()) {
      const int wa = quotes_[i + kAhead].writer;
      const size_t A = static_cast<size_t>(wa);
      __builtin_prefetch(ledger_.balances() + ledger_.writerCash(wa));
      __builtin_prefetch(ledger_.balances() + ledger_.writerCollateral(wa));
      __builtin_prefetch(&writers_.decile[A]);
      __builtin_prefetch(&writers_.status[A]);
      __builtin_prefetch(&writers_.pool[A]);
      __builtin_prefetch(&writers_.contract[A]);
      __builtin_prefetch(&writers_.pooledTotal[A]);
      __builtin_prefetch(&writers_.siloedTotal[A]);
    }
    // And the book's row that a position opened a few quotes ahead will be
    // written to (not every quote opens one: the guess is the slot four
    // opens on, fetched again until it is).
    if (const int next = book_.freeSlotAhead(4); next >= 0) book_.prefetchRow<true>(static_cast<size_t>(next));
    WriterChoice c = choices_[i];
    assert(c.action != WriterAction::Pool || (c.pool >= 0 && static_cast<size_t>(c.pool) < nOffers));
    // The offer taken, or (silo, abstain) the quote's reference offer.
    const size_t o = c.action == WriterAction::Pool ? static_cast<size_t>(c.pool) : static_cast<size_t>(q.referencePool);
    const Offer offer = offers_[o];
    const size_t k = static_cast<size_t>(offer.pool);
    const PoolTerms& pt = q.pools[o];
    const PoolPending& pp = poolPending_[i * nOffers + o];
    Pool& pool = pools_[k];
    const Money cash = ledger_.balance(ledger_.writerCash(w));
    const Money premium = toMoney(q.premium);
    // A fee above the most the pool could ever pay out is no insurance (and
    // may not fit int64 micro-units): no cover at that price.
    if (c.action == WriterAction::Pool && (pp.feeRefused || !(pt.fee <= pp.maxCover))) {
      ++refused_;
      c = WriterChoice::silo();
    }
    const Money fee = c.action == WriterAction::Pool ? toMoney(pt.fee) : 0;
    if (c.action == WriterAction::Pool) {
      // Re-check: earlier positions this step may have used the capacity.
      const bool canTake = pool.canTake(ledger_, w, pd.asset, pp.maxCover);
      if (!canTake || !admitsRisk(k, pp.riskAdded)) {
        if (canTake && pt.available) ++riskDeclined_[k];  // newly declined (one unavailable was counted at its quote)
        ++refused_;
        c = WriterChoice::silo();
      }
      else if (cash + premium < toMoney(pt.collateral) + fee) c = WriterChoice::silo();
    }
    if (c.action == WriterAction::Silo && cash + premium < toMoney(q.siloCollateral)) c = WriterChoice::abstain();
    int slot = -1;
    if (c.action != WriterAction::Abstain) {
      slot = book_.open(t_ + def_.positions.tenorSteps);
      if (slot < 0) c = WriterChoice::abstain();  // book at its limit (4x demand unless set), so this is rare
    }
    setWriterChoice(W, static_cast<std::int8_t>(c.action),
                    static_cast<std::int16_t>(c.action == WriterAction::Pool ? offers_[static_cast<size_t>(c.pool)].pool : c.pool),
                    static_cast<std::int8_t>(c.action == WriterAction::Pool ? offers_[static_cast<size_t>(c.pool)].contract : -1));
    if (c.action == WriterAction::Abstain) continue;

    const bool pooled = c.action == WriterAction::Pool;
    const Money coll = toMoney(pooled ? pt.collateral : q.siloCollateral);
    ledger_.transfer(ext, ledger_.writerCash(w), premium);
    ledger_.transfer(ledger_.writerCash(w), ledger_.writerCollateral(w), coll);
    if (pooled) {
      const Money toBackstop =
          pool.accept(ledger_, w, fee, pp.maxCover, (1.0 - pt.retainedShare) * pt.expectedCover, q.notional, backstop_.account,
                      offers_[static_cast<size_t>(c.pool)].contract);
      if (toBackstop > 0) backstop_.funded(static_cast<int>(k), toBackstop);
      if (pool.admitsByRisk) {
        admissions_[k].took(pp.riskAdded);
        riskCharge_.resize(static_cast<size_t>(book_.capacity()), 0.0);  // the book grows
        riskCharge_[static_cast<size_t>(slot)] = pp.riskAdded;
      }
      if (offer.contract >= 0) {
        Pool::ContractRecord& rec = pool.menuRecords[static_cast<size_t>(offer.contract)];
        ++rec.positions;
        rec.notional += q.notional;
        rec.thetaNotional += q.theta * q.notional;
        rec.fees += fee;
      }
      ++writers_.pooledTotal[W];
      ++pooledTrades_;
    } else {
      ++writers_.siloedTotal[W];
    }
    const size_t s = static_cast<size_t>(slot);
    book_.refPool[s] = static_cast<std::int8_t>(k);
    book_.offer[s] = static_cast<std::int16_t>(o);
    book_.kind[s] = static_cast<std::uint8_t>(pd.kind);
    book_.hidden[s] = pd.hidden ? 1 : 0;
    book_.informed[s] = pd.informed ? 1 : 0;
    book_.writer[s] = w;
    book_.asset[s] = pd.asset;
    book_.strike[s] = pd.strike;
    book_.units[s] = pd.units;
    book_.notional[s] = q.notional;
    book_.maxCover[s] = pooled ? pp.maxCover : 0.0;
    book_.premium[s] = q.premium;
    book_.fee[s] = q.referenceFee();
    double* fees = book_.offerFees(slot);
    for (size_t j = 0; j < nOffers; ++j) fees[j] = q.pools[j].fee;
    book_.coverStrikeDist[s] = pt.collateral / pd.units;
    // Mark-to-model's row; its cover terms (a log and a division) come with the step's others, below.
    if (pooled) marks_.add(static_cast<int>(k), pd.asset, t_ + def_.positions.tenorSteps, slot, book_.kind[s],
                           book_.coverStrike(slot), pd.units);
    book_.collateral[s] = coll;
    book_.modelCover[s] = pp.modelCover;
    book_.signal[s] = q.signal;
    book_.theta[s] = q.theta;
    book_.tag[s] = tags_[i];
    book_.assign(slot, pooled ? static_cast<int>(k) : kSilo);  // last: its notional, theta and collateral enter the totals
    ++trades_;
    ++stepTrades_;
    writerProfit_ += q.premium - (pooled ? pt.fee : 0.0);
    if (!pd.informed) buyerSurplus_ += pd.reservation - q.premium;
    else buyerSurplus_ -= q.premium;  // informed buyers' surplus is realized at settlement
  }
  marks_.computeCoverTerms(t_ + def_.positions.tenorSteps, market_, t_);
  for (Pool& p : pools_) p.endAcceptance();
}

void World::phaseExpiries() {
  outcomes_.clear();
  outcomePools_.clear();
  const auto& P = def_.positions;
  const double tau = P.tenorSteps * dt_;
  const double coc = def_.writers.costOfCapitalAnnual;
  const double siloRatio = pools_[0].def.siloCollateralRatio;
  const size_t nOffers = offers_.size();
  // The fee rules told of every settlement, in pool order (a pool's own
  // rule, then its menu's); usually none.
  settlementObservers_.clear();
  for (Pool& p : pools_) {
    if (p.feeRule->observesSettlements) settlementObservers_.push_back(p.feeRule.get());
    for (auto& r : p.menuRules)
      if (r->observesSettlements) settlementObservers_.push_back(r.get());
  }
  // The slots that expire now, in slot order, from the book's expiry list.
  expiring_.clear();
  book_.expiringAt(t_, expiring_);
  // Outcomes hold spans into outcomePools_: it must not move while they are
  // added (room for every expiring position; allocates only on a step with
  // more than any before).
  outcomePools_.reserve(expiring_.size() * nOffers);
  // Writers' rows are scattered: fetch those of a few positions ahead.
  // (Written in the loop, not in a helper: GCC deletes calls to a function
  // whose only effects are prefetches.)
  constexpr size_t kAhead = 8;
  for (size_t i = 0; i < expiring_.size(); ++i) {
    if (i + kAhead < expiring_.size()) {
      const int w = book_.writer[static_cast<size_t>(expiring_[i + kAhead])];
      const size_t W = static_cast<size_t>(w);
      __builtin_prefetch(ledger_.balances() + ledger_.writerCash(w));
      __builtin_prefetch(ledger_.balances() + ledger_.writerCollateral(w));
      __builtin_prefetch(&writers_.settled[W]);
      __builtin_prefetch(&writers_.coverLoss[W]);
      __builtin_prefetch(&writers_.notionalHist[W]);
      __builtin_prefetch(&writers_.profit[W]);
      if (writersLearn_) {
        __builtin_prefetch(&writers_.group[W]);
        __builtin_prefetch(&writers_.riskAversion[W]);
      }
    }
    // The book's own row of the position after that (its slot is known
    // before its writer is).
    if (i + 2 * kAhead < expiring_.size()) book_.prefetchRow<false>(static_cast<size_t>(expiring_[i + 2 * kAhead]));
    const int slot = expiring_[i];
    const size_t s = static_cast<size_t>(slot);
    const OptionKind kind = static_cast<OptionKind>(book_.kind[s]);
    const int w = book_.writer[s];
    const size_t W = static_cast<size_t>(w);
    double settlePrice = market_.price(book_.asset[s], t_);
    if (book_.hidden[s]) settlePrice *= kind == OptionKind::Put ? 1.0 - P.hiddenJumpSize : 1.0 + P.hiddenJumpSize;
    const double payoff = book_.units[s] * payoffPerUnit(kind, book_.strike[s], settlePrice);
    const bool pooled = book_.pool[s] != kSilo;
    Pool& ref = pools_[static_cast<size_t>(book_.refPool[s])];  // the covering pool if pooled
    const int contract = offers_[static_cast<size_t>(book_.offer[s])].contract;  // and its contract
    const double retained = ref.contractRetained(contract);

    Settlement st;
    st.writer = w;
    st.payoff = toMoney(payoff);
    st.collateral = book_.collateral[s];
    st.pooled = pooled;
    st.retainedShare = retained;
    if (pooled) st.maxCover = toMoney(book_.maxCover[s]);
    st.insuranceFund = ref.fundAccount;
    st.lpCapital = ref.capitalAccount;
    const bool direct = backstop_.paysInWaterfall(ref.id);
    st.backstop = direct ? backstop_.account : -1;
    WaterfallLayers layers = settle(ledger_, st);
    if (pooled) {
      // What the pool's own layers could not pay goes to the backstop; a
      // payment over a bridge reaches the buyers later (deliverBridgeTransfers).
      if (direct) {
        backstop_.paidInWaterfall(ref.id, layers.backstop);
      } else if (backstop_.coverage == Coverage::ProRata) {
        backstop_.claim(ref.id, layers.unpaid);  // paid, pro rata, once the step's claims are in
      } else if (layers.unpaid > 0) {
        const Backstop::Paid paid = backstop_.pay(ledger_, ref.id, layers.unpaid, t_);
        layers.backstop += paid.now;
        layers.unpaid -= paid.now;
      }
      ref.unpaidAtSettlement += layers.unpaid;
    }
    const double writerBorne = toCurrency(layers.collateral + layers.retained);
    writerProfit_ -= writerBorne;
    if (book_.informed[s]) buyerSurplus_ += toCurrency(layers.paid());
    else buyerSurplus_ -= toCurrency(layers.notReceived());

    // Public history: what the (reference) pool's cover would have paid on this position.
    const double poolColl = book_.coverStrikeDist[s] * book_.units[s];
    const double maxLoss = kind == OptionKind::Put ? book_.strike[s] * book_.units[s] : P.callMaxLossMultiple * book_.notional[s];
    // Never more than the cover's cap, as settle() pays (a siloed position's: what it would have been).
    const double refMaxCover = pooled ? book_.maxCover[s] : (1.0 - retained) * (maxLoss - poolColl);
    const double coverLoss = std::min((1.0 - retained) * std::max(payoff - poolColl, 0.0), refMaxCover);
    ++writers_.settled[W];
    writers_.coverLoss[W] += coverLoss;
    writers_.notionalHist[W] += book_.notional[s];
    for (FeeRule* rule : settlementObservers_) rule->settled(w, t_, coverLoss);
    if (pooled && contract >= 0) ref.menuRecords[static_cast<size_t>(contract)].claims += coverLoss;

    if (pooled) ref.settled(w, layers, book_.maxCover[s], book_.notional[s], book_.modelCover[s], contract);
    else siloLayers_ += layers;

    // The writer's profit, and had it taken the silo or offer j instead:
    // each offer's cover on the same settlement price, at the fee it quoted.
    const double siloColl = siloRatio * maxLoss;
    const double counterfactualSilo = book_.premium[s] - payoff - coc * siloColl * tau;
    const double* fees = book_.offerFees(static_cast<int>(s));
    auto counterfactualPool = [&](size_t j) {
      const Pool& pj = pools_[static_cast<size_t>(offers_[j].pool)];
      const int cj = offers_[j].contract;
      const double collK = pj.contractCollateral(cj, maxLoss) / book_.units[s] * book_.units[s];
      // Never more than that offer's cover, (1 - retained) x (max loss - collateral), as settle() pays.
      const double shareJ = 1.0 - pj.contractRetained(cj);
      const double coverK = std::min(shareJ * std::max(payoff - collK, 0.0), shareJ * (maxLoss - collK));
      return book_.premium[s] - fees[j] - (payoff - coverK) - coc * collK * tau;
    };
    const size_t taken = static_cast<size_t>(book_.offer[s]);
    double profit;
    if (writersLearn_) {
      // The learners' record of it (only they read one: without a learner
      // the step makes none).
      WriterOutcome& o = outcomes_.emplace_back();  // in place (a local copied in stalled on store forwarding)
      o.writer = w;
      o.group = writers_.group[W];
      o.choice = pooled ? WriterChoice::inPool(book_.offer[s]) : WriterChoice::silo();
      o.signal = book_.signal[s];
      o.tag = book_.tag[s];
      o.riskAversion = writers_.riskAversion[W];
      o.referencePool = book_.offer[s];
      o.feeRate = book_.fee[s] / book_.notional[s];
      o.notional = book_.notional[s];
      o.counterfactualSilo = counterfactualSilo;
      const size_t first = outcomePools_.size();
      for (size_t j = 0; j < nOffers; ++j) outcomePools_.push_back(counterfactualPool(j));
      o.counterfactualPools = std::span<const double>(outcomePools_.data() + first, nOffers);
      o.profit = profit = pooled ? o.counterfactualPools[taken] : o.counterfactualSilo;
    } else {
      profit = pooled ? counterfactualPool(taken) : counterfactualSilo;
    }
    writers_.profit[W] += profit;

    if (pooled && pools_[static_cast<size_t>(book_.pool[s])].admitsByRisk)
      admissions_[static_cast<size_t>(book_.pool[s])].released(riskCharge_[s]);
    book_.close(static_cast<int>(s));
  }
  marks_.expire(t_);  // their rows, a cohort at a time
  for (size_t k = 0; k < pools_.size(); ++k)
    if (pools_[k].admitsByRisk && book_.totals(static_cast<int>(k)).count == 0) admissions_[k].emptied();
  resolveBackstopClaims();
  deliverBridgeTransfers();
  for (Pool& p : pools_) p.endSettlements();
}

void World::resolveBackstopClaims() {
  // A claim counted as unpaid at settlement gets the backstop's share now
  // (or, over a bridge, later).
  backstop_.resolveClaims(ledger_, t_, [&](int pool, Backstop::Paid paid) {
    if (paid.now <= 0) return;
    Pool& p = pools_[static_cast<size_t>(pool)];
    p.layers.backstop += paid.now;
    p.layers.unpaid -= paid.now;
    p.unpaidAtSettlement -= paid.now;  // paid in the step it settled
    buyerSurplus_ += toCurrency(paid.now);
  });
  backstop_.endStep();
}

void World::deliverBridgeTransfers() {
  bridges_.deliver(
      ledger_, t_,
      [&](int pool, Money amount, int stepsLate) {
        Pool& p = pools_[static_cast<size_t>(pool)];
        p.layers.backstop += amount;
        p.layers.unpaid -= amount;
        if (stepsLate == 0) {
          p.unpaidAtSettlement -= amount;  // a bridge with no delay: paid as the claims settled
        } else {
          p.paidLate += amount;
          p.lateSteps += toCurrency(amount) * stepsLate;
        }
        buyerSurplus_ += toCurrency(amount);
      },
      [&](int pool, Money amount) { pools_[static_cast<size_t>(pool)].lostInTransit += amount; });
}

void World::phaseLps() {
  const auto& Lp = def_.lps;
  const size_t nPools = pools_.size();

  // Each pool: mark to model, retire wiped-out shares, and its NAV return.
  double price[kMaxPools] = {}, navReturn[kMaxPools] = {};
  std::uint8_t hasReturn[kMaxPools];
  bool anyReturn = false, anyEnabled = false;
  bool marks = false;
  for (const Pool& pool : pools_) marks = marks || pool.marksToModel();
  // Open positions have 1..tenor steps left (those expiring now have
  // settled), and every one opened `tenor` steps before its expiry.
  if (marks) markTable_.build(market_, t_, dt_, def_.market.rateAnnual, def_.positions.tenorSteps);
  for (size_t k = 0; k < nPools; ++k) {
    Pool& pool = pools_[k];
    work_.kernelLanes += static_cast<std::int64_t>(pool.markToModel(marks_, t_, markTable_, markLanes_));
    pool.retireIfWipedOut(ledger_);
    price[k] = pool.nav(ledger_);
    if (pool.totalShares > 0) pool.peakNavPool = std::max(pool.peakNavPool, price[k]);
    hasReturn[k] = t_ > 0 && pool.totalShares > 0 && pool.navPrev > 0;
    navReturn[k] = hasReturn[k] ? price[k] / pool.navPrev - 1.0 : 0.0;
    anyReturn = anyReturn || hasReturn[k];
    anyEnabled = anyEnabled || pool.def.enabled;
  }
  if (anyReturn && lpsLearn_) learnLps(navReturn, hasReturn);
  for (size_t k = 0; k < nPools; ++k) {
    if (t_ > 0) pools_[k].updateYieldEstimate(price[k], dt_, Lp);
    pools_[k].navPrev = price[k];
  }

  // Migration is each LP's standing order: what it moves this step is
  // queued before its strategy decides, which then sees those shares queued.
  if (anyEnabled && def_.migration.speed > 0 && t_ > 0) migrateLps();
  // Views are built and the LPs decide only at a step where one may act:
  // some group's strategy acts then, the horizon makes every LP leave, or
  // learning or a share market reads the views. (Buy-and-hold LPs act at
  // step 0 only.)
  bool acting = lpsLearn_ || !marketPools_.empty() || (Lp.horizonSteps > 0 && t_ >= Lp.horizonSteps);
  for (const auto& s : strategies_.lps) acting = acting || s->actsAt(t_);
  viewLps(price, acting);
  if (!anyEnabled) return;
  if (acting) {
    for (size_t g = 0; g < strategies_.lps.size(); ++g)
      strategies_.lps[g]->decide(lpViews_, lpActions_, static_cast<int>(g));
    actLps();
  }
  if (!marketPools_.empty()) {
    // The share market clears between the LPs' decisions and the queue's
    // payments: a seller whose shares sell leaves the queue before it is
    // paid, and a deposit buys shares below NAV before it mints new ones.
    for (const int k : marketPools_) tradeShares(pools_[static_cast<size_t>(k)]);
    mintDeferredDeposits();
  }
  for (Pool& pool : pools_) {
    pool.payQueue(ledger_, t_, [&](int l, Money net, bool migrating) {
      if (!migrating) {
        pool.queueExitValue += toCurrency(net);
        pool.queueExitValueSteps += toCurrency(net) * (t_ - pool.requestStep[static_cast<size_t>(l)]);
      }
      // Capital on its way to the LP's (new) home pool goes straight in.
      Pool& home = pools_[static_cast<size_t>(lps_.home[static_cast<size_t>(l)])];
      if (!migrating || &home == &pool || !home.def.enabled) return;
      const Money before = ledger_.balance(ledger_.lpCash(l));
      home.deposit(ledger_, l, net, t_);
      const Money moved = before - ledger_.balance(ledger_.lpCash(l));
      lpMoved_[static_cast<size_t>(pool.id) * pools_.size() + static_cast<size_t>(home.id)] += toCurrency(moved);
    });
    pool.retireOrphanShares();
  }
  if (!lpsLearn_) return;  // the wealth shares after acting are for learning's rewards
  double navNow[kMaxPools];
  for (size_t k = 0; k < nPools; ++k) navNow[k] = pools_[k].nav(ledger_);
  for (int l = 0; l < lps_.count; ++l) {
    const size_t from = static_cast<size_t>(lpFirstView_[static_cast<size_t>(l)]);
    lpWealthShares(l, from, static_cast<size_t>(lpFirstView_[static_cast<size_t>(l) + 1]), navNow,
                   vFracAfter_.data() + from, nullptr);
  }
}

void World::viewLps(const double* price, bool build) {
  // Each LP's early-warning signal: one draw per LP and step, whatever the
  // number of pools it sees.
  const auto& Lp = def_.lps;
  boost::random::uniform_01<double> u01;
  const int lead = Lp.earlyWarningLeadSteps;
  const bool truth = market_.troubleAhead(t_, lead) || market_.stressAt(std::min(t_ + lead, market_.steps()));  // the same for every LP
  for (int l = 0; l < lps_.count; ++l) {
    const size_t L = static_cast<size_t>(l);
    lpWarning_[L] = 0;
    if (!lps_.warned[L]) continue;
    lpWarning_[L] = (u01(lps_.rng[L]) < Lp.earlyWarningAccuracy ? truth : !truth) ? 1 : 0;
    if (lpWarning_[L]) lps_.lastWarning[L] = t_;
  }
  // A view of each pool the LP reaches (its peak NAV kept up to date even
  // when no views are built). The vectors grow only when more LPs hold
  // shares in several pools than ever before.
  const bool reachAll = def_.migration.reach == "all";
  double poolVol[kMaxPools];  // each pool's, the same in every LP's view
  for (size_t k = 0; k < pools_.size(); ++k) poolVol[k] = std::sqrt(std::max(pools_[k].varEwma, 0.0));
  lpViews_.clear();
  if (!build) {
    // Only the peaks: pool by pool, a loop the compiler vectorizes (a max
    // is exact, so the order does not matter).
    for (size_t k = 0; k < pools_.size(); ++k) {
      double* peak = pools_[k].peakNav.data();
      const double* held = pools_[k].shares.data();
      const std::int16_t* home = lps_.home.data();
      const double p = price[k];
      const auto K = static_cast<std::int16_t>(k);
      for (size_t L = 0; L < static_cast<size_t>(lps_.count); ++L) {
        const bool reaches = reachAll || home[L] == K || !(held[L] <= 0);  // as the views' test below
        peak[L] = reaches && p > peak[L] ? p : peak[L];
      }
    }
    std::fill(lpFirstView_.begin(), lpFirstView_.begin() + lps_.count + 1, 0);
  }
  else for (int l = 0; l < lps_.count; ++l) {
    const size_t L = static_cast<size_t>(l);
    lpFirstView_[L] = static_cast<int>(lpViews_.size());
    for (size_t k = 0; k < pools_.size(); ++k) {
      Pool& pool = pools_[k];
      if (!reachAll && static_cast<int>(k) != lps_.home[L] && pool.shares[L] <= 0) continue;
      pool.peakNav[L] = std::max(pool.peakNav[L], price[k]);
      LpView& v = lpViews_.emplace_back();
      v.lp = l;
      v.pool = static_cast<int>(k);
      v.group = lps_.group[L];
      v.step = t_;
      v.cash = toCurrency(ledger_.balance(ledger_.lpCash(l)));
      v.shares = pool.shares[L];
      v.nav = price[k];
      v.riskAversion = lps_.riskAversion[L];
      v.outsideRateAnnual = lps_.outsideRateAnnual[L];
      v.poolYieldAnnual = pool.yieldEwma;
      v.poolVolAnnual = poolVol[k];
      v.drawdown = pool.peakNav[L] > 0 ? 1.0 - price[k] / pool.peakNav[L] : 0.0;
      v.canWithdraw = pool.canWithdraw(l, t_);
      v.hasEarlyWarning = lps_.warned[L] != 0;
      v.warning = lpWarning_[L] != 0;
      v.stepsSinceWarning = v.hasEarlyWarning ? t_ - lps_.lastWarning[L] : v.stepsSinceWarning;
    }
  }
  const size_t n = lpViews_.size();
  lpFirstView_[static_cast<size_t>(lps_.count)] = static_cast<int>(n);
  lpActions_.assign(n, LpAction::Hold);
  vFracBefore_.resize(n);
  vFracAfter_.resize(n);
  vCashBefore_.resize(n);
  vCouldWithdraw_.resize(n);
  if (!marketPools_.empty()) vDeposit_.assign(n, 0);
}

void World::actLps() {
  const auto& Lp = def_.lps;
  // Each pool's NAV, kept current: a deposit moves it by a rounding.
  double navNow[kMaxPools];
  for (size_t k = 0; k < pools_.size(); ++k) navNow[k] = pools_[k].nav(ledger_);
  for (int l = 0; l < lps_.count; ++l) {
    const size_t L = static_cast<size_t>(l);
    const size_t from = static_cast<size_t>(lpFirstView_[L]), to = static_cast<size_t>(lpFirstView_[L + 1]);
    // Its wealth shares just before it acts (NAVs move by a rounding as
    // earlier LPs deposit), for learning's rewards.
    if (lpsLearn_) lpWealthShares(l, from, to, navNow, vFracBefore_.data() + from, vCashBefore_.data() + from);
    const bool leaving = Lp.horizonSteps > 0 && t_ >= Lp.horizonSteps;  // horizon reached: leave
    int deposits = 0;
    for (size_t i = from; i < to; ++i) {
      const LpAction a = pools_[static_cast<size_t>(lpViews_[i].pool)].def.enabled ? lpActions_[i] : LpAction::Hold;
      deposits += !leaving && a == LpAction::Deposit;
    }
    const double cash = static_cast<double>(ledger_.balance(ledger_.lpCash(l)));
    if (!marketPools_.empty()) lpReserved_[L] = 0;
    for (size_t i = from; i < to; ++i) {
      Pool& pool = pools_[static_cast<size_t>(lpViews_[i].pool)];
      LpAction a = pool.def.enabled ? lpActions_[i] : LpAction::Hold;
      vCouldWithdraw_[i] = lpViews_[i].canWithdraw ? 1 : 0;
      if (leaving) a = LpAction::Withdraw;
      if (a == LpAction::Deposit) {
        // Rounding each part may ask one micro-unit more than is left.
        const Money part = static_cast<Money>(std::llround(cash * Lp.initialDepositFraction / deposits));
        if (pool.def.shareMarket.enabled) {
          // It waits for the auction (tradeShares), then mints what it did not spend.
          const Money held = std::min(part, ledger_.balance(ledger_.lpCash(l)) - lpReserved_[L]);
          vDeposit_[i] = std::max<Money>(held, 0);
          lpReserved_[L] += vDeposit_[i];
          continue;
        }
        pool.deposit(ledger_, l, std::min(part, ledger_.balance(ledger_.lpCash(l))), t_);
        navNow[static_cast<size_t>(pool.id)] = pool.nav(ledger_);
      } else if (a == LpAction::Withdraw && lpViews_[i].canWithdraw) {
        pool.requestWithdrawal(l, t_);
      }
    }
  }
}

void World::lpWealthShares(int l, size_t from, size_t to, const double* nav, double* share, double* outside) const {
  // Of LP l's wealth (cash plus shares at NAV in every pool), the share in
  // each of its views' pools, and the share outside every pool.
  const size_t L = static_cast<size_t>(l);
  double inPools = 0;
  for (size_t k = 0; k < pools_.size(); ++k) inPools += pools_[k].shares[L] * nav[k];
  const double w = inPools + toCurrency(ledger_.balance(ledger_.lpCash(l)));
  for (size_t i = from; i < to; ++i) {
    const size_t k = static_cast<size_t>(lpViews_[i].pool);
    share[i - from] = w > 0 ? pools_[k].shares[L] * nav[k] / w : 0.0;
  }
  if (!outside) return;
  double sum = 0;
  for (size_t k = 0; k < pools_.size(); ++k) sum += w > 0 ? pools_[k].shares[L] * nav[k] / w : 0.0;
  for (size_t i = from; i < to; ++i) outside[i - from] = 1.0 - sum;
}

void World::migrateLps() {
  // Each pool's risk-adjusted yield: the LPs' common EWMA estimates.
  const size_t P = pools_.size();
  double score[kMaxPools];
  for (size_t k = 0; k < P; ++k) {
    const Pool& p = pools_[k];
    score[k] = p.def.enabled ? p.yieldEwma / std::max(std::sqrt(std::max(p.varEwma, 0.0)), kMinMigrationVol) : -1e300;
  }
  const MigrationDef& M = def_.migration;
  for (int l = 0; l < lps_.count; ++l) {
    const size_t L = static_cast<size_t>(l);
    std::int16_t& home = lps_.home[L];
    size_t best = static_cast<size_t>(home);
    for (size_t k = 0; k < P; ++k)
      if (score[k] > score[best] + M.minGain) best = k;
    home = static_cast<std::int16_t>(best);
    // Part of every holding outside the home pool moves there, as the
    // pool's lockup and notice allow (its gate and exit fee apply when paid).
    for (size_t k = 0; k < P; ++k) {
      Pool& p = pools_[k];
      if (k == best || !(score[best] > score[k] + M.minGain) || !p.canWithdraw(l, t_)) continue;
      p.requestWithdrawal(l, t_, M.speed, true);
    }
  }
}

void World::learnLps(const double* navReturn, const std::uint8_t* hasReturn) {
  // Per view of last step (an LP and a pool it reached), reward per unit of
  // wealth in basis points: the share in that pool earns its NAV return, the
  // rest the outside rate, less a mean-variance charge with the LP's own risk
  // aversion. Counterfactuals: the same step had the LP held, deposited
  // (there alone) or withdrawn (paying the exit fee, and only if it could).
  // Views whose pool has no return this step learn nothing.
  lpOutcomes_.clear();
  for (size_t i = 0; i < lpViews_.size(); ++i) {
    const int l = lpViews_[i].lp;
    const size_t L = static_cast<size_t>(l), k = static_cast<size_t>(lpViews_[i].pool);
    if (!hasReturn[k]) continue;
    const auto& P = pools_[k].def;
    const double r = navReturn[k];
    const double outside = lps_.outsideRateAnnual[L] * dt_, g = lps_.riskAversion[L];
    auto reward = [&](double f, double cost) {
      return 1e4 * (f * r + (1.0 - f) * outside - 0.5 * g * f * f * r * r - cost);
    };
    const double before = vFracBefore_[i];
    const double deposited = before + def_.lps.initialDepositFraction * vCashBefore_[i];
    const bool canLeave = vCouldWithdraw_[i] && P.noticeSteps == 0;
    LpOutcome o;
    o.lp = l;
    o.pool = lpViews_[i].pool;
    o.group = lps_.group[L];
    o.action = lpActions_[i];
    o.counterfactual[0] = reward(before, 0.0);
    o.counterfactual[1] = reward(deposited, 0.0);
    o.counterfactual[2] = canLeave ? reward(0.0, P.exitFee * before) : reward(before, P.exitFee * before);
    o.reward = reward(vFracAfter_[i], o.action == LpAction::Withdraw && vCouldWithdraw_[i] ? P.exitFee * before : 0.0);
    lpOutcomes_.push_back(o);
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
  const Pool& pool = pools_[0];
  set(StepMetric::Price, market_.price(0, t_));
  set(StepMetric::PricingVol, market_.pricingVol(0, t_));
  set(StepMetric::Stress, market_.stress(t_) ? 1.0 : 0.0);
  bool jump = false;
  for (int a = 0; a < market_.assetCount(); ++a) jump = jump || market_.downJump(a, t_);
  set(StepMetric::Jump, jump ? 1.0 : 0.0);

  // Writers: latest choices, overall and by theta decile (counted as they change).
  const int* counts = choiceCounts_.status;
  const int *decChosen = choiceCounts_.chosen, *decPooled = choiceCounts_.pooled;
  const int chosen = counts[0] + counts[1] + counts[2];
  auto share = [](int a, int b) { return b > 0 ? static_cast<double>(a) / b : kNaN; };
  set(StepMetric::Participation, share(counts[1], chosen));
  set(StepMetric::SiloShare, share(counts[0], chosen));
  set(StepMetric::AbstainShare, share(counts[2], chosen));
  for (int d = 0; d < 10; ++d) set(static_cast<StepMetric>(static_cast<int>(StepMetric::D1) + d), share(decPooled[d], decChosen[d]));

  // Open positions: ASI over pooled risk, notional and locked capital.
  // (The book keeps these totals as positions open and close.)
  OpenTotals openPooled;
  for (size_t k = 0; k < pools_.size(); ++k) openPooled += book_.totals(static_cast<int>(k));
  const OpenTotals openSiloed = book_.totals(kSilo);
  const double pooledTheta = openPooled.thetaNotionalCurrency(), notionalPooled = openPooled.notionalCurrency();
  const double notionalSiloed = openSiloed.notionalCurrency(), siloLocked = openSiloed.collateralCurrency(),
               poolLocked = openPooled.collateralCurrency();
  const int openP = static_cast<int>(openPooled.count), openS = static_cast<int>(openSiloed.count);
  const double thMean = thetaMean_, thSd = thetaSd_;
  set(StepMetric::Asi, notionalPooled > 0 && thSd > 0 ? (pooledTheta / notionalPooled - thMean) / thSd : kNaN);

  // Pools together (with one pool: that pool's own numbers, bit for bit).
  double poolCapital = 0, fund = 0, liability = 0, navWeighted = 0, equity = 0;
  bool shares = false;
  for (const Pool& p : pools_) {
    poolCapital += toCurrency(ledger_.balance(p.capitalAccount));
    fund += toCurrency(ledger_.balance(p.fundAccount));
    liability += p.liability;
    if (p.totalShares <= 0) continue;
    shares = true;
    const double nv = p.nav(ledger_), value = nv * p.totalShares;
    navWeighted += nv * value;
    equity += value;
  }
  // Several pools: their NAVs weighted by LP equity (each pool has its own series).
  const double navAll = pools_.size() == 1 ? pool.nav(ledger_) : equity > 0 ? navWeighted / equity : 0.0;
  if (tracksPools_) recordPoolMetrics(thMean, thSd, chosen);
  if (!marketPools_.empty()) recordShareMarketMetrics();
  if (!admissionPools_.empty()) recordAdmissionMetrics();
  backstopLowest_ = std::min(backstopLowest_, backstop_.balance(ledger_));
  double stepFeeSum = 0;
  int stepFeeCount = 0;
  for (Pool& p : pools_) {
    stepFeeSum += p.stepFeeSum;
    stepFeeCount += p.stepFeeCount;
    p.feeRateSum += p.stepFeeSum;
    p.feeRateCount += p.stepFeeCount;
    p.stepFeeSum = 0;
    p.stepFeeCount = 0;
  }
  set(StepMetric::FeeRate, stepFeeCount > 0 ? stepFeeSum / stepFeeCount : kNaN);
  set(StepMetric::PoolCapital, poolCapital);
  set(StepMetric::Nav, shares ? navAll : kNaN);
  set(StepMetric::InsuranceFund, fund);
  set(StepMetric::PoolLiability, liability);
  set(StepMetric::Backstop, toCurrency(backstop_.balance(ledger_)));
  WaterfallLayers pooled;
  Money fees = 0;
  bool defaulted = false;
  for (const Pool& p : pools_) {
    pooled += p.layers;
    fees += p.fees;
    defaulted = defaulted || p.defaulted;
  }
  set(StepMetric::LossCollateral, toCurrency(pooled.collateral));
  set(StepMetric::LossRetained, toCurrency(pooled.retained));
  set(StepMetric::LossInsurance, toCurrency(pooled.insuranceFund));
  set(StepMetric::LossLp, toCurrency(pooled.lpCapital));
  set(StepMetric::LossBackstop, toCurrency(pooled.backstop));
  set(StepMetric::Unpaid, toCurrency(pooled.unpaid + pooled.beyondCover + siloLayers_.unpaid));
  set(StepMetric::FeesCum, toCurrency(fees));
  set(StepMetric::LossRatio, fees > 0 ? toCurrency(pooled.poolBorne()) / toCurrency(fees) : kNaN);
  set(StepMetric::DefaultEver, defaulted ? 1.0 : 0.0);

  int lpHolding = 0;
  double queue = 0, lpWealth = 0;
  double px[kMaxPools];
  for (size_t k = 0; k < pools_.size(); ++k) px[k] = pools_[k].nav(ledger_);
  for (int l = 0; l < lps_.count; ++l) {
    const size_t L = static_cast<size_t>(l);
    bool holds = false;
    double inPools = 0;
    for (size_t k = 0; k < pools_.size(); ++k) {
      const Pool& p = pools_[k];
      holds = holds || p.shares[L] > 0;
      queue += p.queued[L] * px[k];
      inPools += p.shares[L] * px[k];
    }
    if (holds) ++lpHolding;
    lpWealth += toCurrency(ledger_.balance(ledger_.lpCash(l))) + inPools;
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
  double required = 0;
  for (const Pool& p : pools_) required += p.def.minCollateralRatio * p.exposure;
  const double pooledCapital = poolLocked + required;
  set(StepMetric::CapEffPooled, notionalPooled > 0 && pooledCapital > 0 ? notionalPooled / pooledCapital : kNaN);
  set(StepMetric::Trades, stepTrades_);
  stepTrades_ = 0;
  set(StepMetric::Refused, static_cast<double>(refused_));
  set(StepMetric::BuyerSurplus, buyerSurplus_);
  set(StepMetric::WriterProfit, writerProfit_);
  set(StepMetric::LpProfit, toCurrency(toMoney(lpWealth - lpInitial_)));  // to the micro-unit, as cash is

  // Value conservation: endowments came from kExternal, so the sum is exactly 0.
  const Money total = ledger_.total();
  assert(ledger_.mostNegative() >= 0);
  ledgerMaxImbalance_ = std::max(ledgerMaxImbalance_, total < 0 ? -total : total);
  set(StepMetric::LedgerImbalance, toCurrency(total));
}

void World::recordPoolMetrics(double thMean, double thSd, int chosen) {
  const size_t P = pools_.size(), K = kPoolStepMetricCount;
  double* row = poolMetrics_.data() + static_cast<size_t>(t_) * P * K;
  const int* pooledBy = choiceCounts_.pooledBy;
  for (size_t k = 0; k < P; ++k) {
    const Pool& p = pools_[k];
    const OpenTotals open = book_.totals(static_cast<int>(k));  // kept by the book as positions open and close
    const double theta = open.thetaNotionalCurrency(), notional = open.notionalCurrency();
    int holders = 0;
    for (int l = 0; l < lps_.count; ++l) holders += p.shares[static_cast<size_t>(l)] > 0 ? 1 : 0;
    double* x = row + k * K;
    auto set = [x](PoolStepMetric m, double v) { x[static_cast<size_t>(m)] = v; };
    set(PoolStepMetric::Participation, chosen > 0 ? static_cast<double>(pooledBy[k]) / chosen : kNaN);
    set(PoolStepMetric::Asi, notional > 0 && thSd > 0 ? (theta / notional - thMean) / thSd : kNaN);
    set(PoolStepMetric::FeeRate, p.stepFeeCount > 0 ? p.stepFeeSum / p.stepFeeCount : kNaN);
    set(PoolStepMetric::Nav, p.totalShares > 0 ? p.nav(ledger_) : kNaN);
    set(PoolStepMetric::LpCapital, toCurrency(ledger_.balance(p.capitalAccount)));
    set(PoolStepMetric::InsuranceFund, toCurrency(ledger_.balance(p.fundAccount)));
    set(PoolStepMetric::Liability, p.liability);
    set(PoolStepMetric::OpenPositions, static_cast<double>(open.count));
    set(PoolStepMetric::LpCount, holders);
    set(PoolStepMetric::LossLp, toCurrency(p.layers.lpCapital));
    set(PoolStepMetric::LossBackstop, toCurrency(p.layers.backstop));
    set(PoolStepMetric::Unpaid, toCurrency(p.layers.unpaid));
    set(PoolStepMetric::BackstopFees, toCurrency(backstop_.feesFrom[k]));
    set(PoolStepMetric::LpDeposits, toCurrency(p.lpDeposits));
    set(PoolStepMetric::LpWithdrawals, toCurrency(p.lpWithdrawals));
    set(PoolStepMetric::Defaulted, p.defaulted ? 1.0 : 0.0);
    set(PoolStepMetric::UnpaidAtSettlement, toCurrency(p.unpaidAtSettlement));
    set(PoolStepMetric::InTransit, toCurrency(bridges_.inTransitTo(static_cast<int>(k))));
    set(PoolStepMetric::PaidLate, toCurrency(p.paidLate));
    set(PoolStepMetric::LostInTransit, toCurrency(p.lostInTransit));
    double in = 0, out = 0;
    for (size_t j = 0; j < P; ++j) {
      if (j == k) continue;
      in += lpMoved_[j * P + k];
      out += lpMoved_[k * P + j];
    }
    set(PoolStepMetric::MigratedIn, in);
    set(PoolStepMetric::MigratedOut, out);
  }
}

WriterState World::writer(int i) const {
  const size_t W = static_cast<size_t>(i);
  WriterState s;
  s.theta = writers_.theta[W];
  s.thetaDecile = writers_.decile[W];
  s.group = writers_.group[W];
  s.status = static_cast<WriterStatus>(writers_.status[W]);
  s.cash = toCurrency(ledger_.balance(ledger_.writerCash(i)));
  s.collateral = toCurrency(ledger_.balance(ledger_.writerCollateral(i)));
  s.initialCash = toCurrency(writers_.initialCash[W]);
  for (const Pool& p : pools_) s.openPooled += p.openByWriter[W];
  s.settled = writers_.settled[W];
  s.pooledTotal = writers_.pooledTotal[W];
  s.siloedTotal = writers_.siloedTotal[W];
  s.profit = writers_.profit[W];
  return s;
}

LpState World::lp(int i) const {
  const size_t L = static_cast<size_t>(i);
  const Pool& pool = pools_[static_cast<size_t>(lps_.home[L])];
  LpState s;
  s.group = lps_.group[L];
  s.initialCash = toCurrency(lps_.initialCash[L]);
  s.cash = toCurrency(ledger_.balance(ledger_.lpCash(i)));
  s.shares = pool.shares[L];
  s.queuedShares = pool.queued[L];
  double inPools = 0;
  for (const Pool& p : pools_) inPools += p.shares[L] * p.nav(ledger_);
  s.wealth = s.cash + inPools;
  s.riskAversion = lps_.riskAversion[L];
  s.outsideRateAnnual = lps_.outsideRateAnnual[L];
  s.earlyWarning = lps_.warned[L] != 0;
  return s;
}

}  // namespace mutualab
