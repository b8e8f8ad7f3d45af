// The scenario: everything a run needs besides the seed and replication
// count. Plain structs with default member initializers; the defaults are the
// model's documented defaults. What each field means, its unit and its range
// are written once, in the field lists of scenario_json.cpp (`visitFields`),
// which make the validator, `mutualab fields`, docs/scenario-reference.md,
// the JSON Schema and the playground's sliders; comments here say only what
// a struct is for. A scenario is validated once at the edge (scenario_json.h);
// inside the core it is used without re-checking.
//
// Units: time in steps (1 step = `sim.stepDays` days), rates annual unless a
// name says otherwise, money in currency units, probabilities in [0,1].
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mutualab {

// The most pools a scenario may hold.
inline constexpr int kMaxPools = 32;

// A positive quantity drawn per agent from a lognormal with this mean and sd
// (sd = 0 gives every agent exactly `mean`).
struct LognormalDef {
  double mean = 1.0;
  double sd = 0.0;
};

// A quantity drawn per agent from a normal with this mean and sd.
struct NormalDef {
  double mean = 0.0;
  double sd = 0.0;
};

// A value in [0,1] drawn per agent from a Beta distribution with this mean
// and sd (sd = 0 gives every agent exactly `mean`; sd^2 < mean(1-mean)).
struct BetaDef {
  double mean = 0.5;
  double sd = 0.25;
};

// A strategy for part of a population, made by name from the agents registry.
struct StrategyShareDef {
  std::string name;
  double share = 1.0;
  nlohmann::json params = nlohmann::json::object();
};

struct SimDef {
  int steps = 365;
  double stepDays = 1.0;
  double daysPerYear = 365.0;
  double unravelShare = 0.25;
  int warmupSteps = 30;
  int maxOpenPositions = 0;
};

// Calm/stress regime switching shared by all assets (a Markov chain per step).
struct RegimeDef {
  bool enabled = false;
  double stressVolMultiplier = 2.5;
  double stressJumpMultiplier = 3.0;
  double pCalmToStress = 0.01;
  double pStressToCalm = 0.10;
};

struct AssetDef {
  std::string name = "ETH";
  double spot = 2000.0;
  double driftAnnual = 0.0;
  double volAnnual = 0.7;
  double jumpIntensityAnnual = 0.0;
  double jumpMeanLog = -0.15;
  double jumpSdLog = 0.10;
};

// A price path read from data (a CSV of time, asset, price) instead of
// drawn: `file` names it; the observations are filled in by whoever reads
// the file (experiments/price_path_csv.h; the core reads no files), and
// carried in the resolved scenario so it re-runs without the file. Empty
// `file` = the simulated market. days[a]/prices[a] follow market.assets'
// order: asset a's observation times (days from the start, increasing) and
// prices. The market samples them onto steps (core/market.h).
struct PricePathDef {
  std::string file;
  int rows = 0;
  std::string fnv1a64;
  std::vector<std::vector<double>> days;
  std::vector<std::vector<double>> prices;
  bool fromData() const { return !file.empty(); }
  bool loaded() const { return !days.empty(); }
};

struct MarketDef {
  std::vector<AssetDef> assets = {AssetDef{}};
  std::vector<std::vector<double>> correlation;
  RegimeDef regime;
  double rateAnnual = 0.0;
  std::string pricingVol = "ewma";
  double ewmaLambda = 0.94;
  PricePathDef pricePath;
};

// What a writer's new positions look like. Theta (the private tail type)
// moves them along two channels: an observable one (risky writers write
// closer to the money, which the pool can see in the greeks) and a hidden one
// (a per-position idiosyncratic adverse jump the pool cannot see).
struct PositionDef {
  double putShare = 0.8;
  int tenorSteps = 30;
  double notional = 1000.0;
  double otmSafe = 0.20;
  double otmRisky = 0.00;
  double otmNoise = 0.03;
  double signalNoiseSd = 0.15;
  double hiddenJumpProb = 0.06;
  double hiddenJumpSize = 0.25;
  double callMaxLossMultiple = 1.0;
};

struct WritersDef {
  int count = 200;
  BetaDef theta;
  LognormalDef capital = {50000.0, 10000.0};
  double costOfCapitalAnnual = 0.08;
  double premiumMarkup = 0.50;
  NormalDef riskAversion = {0.0, 0.0};
  std::vector<StrategyShareDef> strategies = {{"expected-utility", 1.0, nlohmann::json::object()}};
};

struct LpsDef {
  int count = 30;
  LognormalDef capital = {4000.0, 1200.0};
  LognormalDef riskAversion = {2.0, 0.5};
  NormalDef outsideRateAnnual = {0.05, 0.01};
  int horizonSteps = 0;
  double earlyWarningShare = 0.0;
  double earlyWarningAccuracy = 0.9;
  int earlyWarningLeadSteps = 5;
  double initialDepositFraction = 0.8;
  double yieldPriorAnnual = 0.10;
  double yieldHalfLifeSteps = 90.0;
  std::vector<StrategyShareDef> strategies = {{"yield-chaser", 1.0, nlohmann::json::object()}};
};

struct BuyersDef {
  double arrivalsPerWriterPerStep = 0.10;
  double reservationMarkupMin = 0.30;
  double reservationMarkupMax = 1.00;
  double informedShare = 0.0;
  int informedLookaheadSteps = 5;
};

struct FeeRuleDef {
  std::string name = "flat";
  nlohmann::json params = nlohmann::json::object();
};

// One contract of a pool's screening menu (Rothschild–Stiglitz): how much
// of the loss beyond the writer's deductible the pool covers, the deductible
// itself, and the fee. A contract starts from its pool's own terms
// (collateral ratio, 1 - retained share, fee rule) and takes what it sets.
struct ContractDef {
  std::string name;
  double coverage = 1.0;
  double collateralRatio = 0.20;
  double firstLoss = 0.0;
  FeeRuleDef feeRule;
};

// The most contracts a pool's menu may hold, and the most offers (contracts,
// a pool without a menu counting as one) over all pools: every learner's
// action set is silo + offers + abstain.
inline constexpr int kMaxContracts = 8;
inline constexpr int kMaxOffers = 64;

// Tokenized LP shares: a pool's shares trade between its LPs in a call
// auction once per step (docs/model.md, "Secondary market for LP shares").
// Sellers are LPs that want out (queued, or asking while locked up); each
// sells only at a price at least its value of waiting in the queue. Buyers
// are LPs depositing this step (they pay up to NAV rather than mint) and LPs
// with idle cash, who ask a discount for the pool's risk. Off by default.
struct ShareMarketDef {
  bool enabled = false;
  double bargainCashShare = 0.25;
  double minDiscount = 0.01;
  double volDiscount = 0.10;
  double drawdownDiscount = 0.25;
  double maxDiscount = 0.50;
  int maxWaitSteps = 180;
  bool operator==(const ShareMarketDef&) const = default;
};

// How a pool decides whether it can take a new position (docs/risk.md,
// "Admission by VaR"). "ratio": its LP capital and insurance fund must stay
// at least minCollateralRatio x its max cover. "var": the book's liability
// at the horizon at the given confidence (value now plus VaR, or plus ES)
// with the new position must stay within them. The measure is recomputed by
// the risk engine every `everySteps` steps; between, each new position adds
// the larger of its Euler marginal (its mean value at the horizon over the
// samples that make up the measure: the VaR window or the ES tail) and its
// own liability standing alone (core/risk_admission.h).
struct AdmissionDef {
  std::string rule = "ratio";   // "ratio" or "var"
  std::string measure = "es";   // with "var": "var" or "es" (expected shortfall, the coherent one)
  double level = 0.99;          // confidence of the measure
  int horizonDays = 30;         // horizon, whole days (the default tenor: a pool holds its cover to expiry)
  int samples = 1000;           // Monte Carlo samples of the book at each re-measure
  int everySteps = 7;           // re-measure period, steps
  bool operator==(const AdmissionDef&) const = default;
  bool byRisk() const { return rule == "var"; }
};

struct PoolDef {
  bool enabled = true;
  double writerCollateralRatio = 0.20;
  double siloCollateralRatio = 1.00;
  double retainedShare = 0.0;
  double minCollateralRatio = 0.20;
  int maxPositionsPerWriter = 50;
  int maxPositions = 100000;
  double insuranceFeeShare = 0.10;
  double insuranceFundInitial = 0.0;
  double backstopCapital = 0.0;
  int lockupSteps = 0;
  int noticeSteps = 0;
  double exitFee = 0.0;
  double gateShare = 1.0;
  bool markToModel = true;
  FeeRuleDef feeRule;
  // A screening menu: the contracts a writer chooses between (written only
  // when given). Empty = one contract, the terms above.
  std::vector<ContractDef> menu;
  ShareMarketDef shareMarket;
  AdmissionDef admission;
};

// A chain that pools and the backstop live on. Money moving between two
// chains crosses a bridge: the receiving chain's, with its delay, failure
// probability and capacity.
struct ChainDef {
  std::string name = "ethereum";
  int bridgeDelaySteps = 0;
  double bridgeFailureProbability = 0.0;
  double bridgeCapacityPerStep = 0.0;
};

// One of the scenario's `pools`. Its terms start from the scenario's `pool`
// object (the defaults every pool shares, and the silo's terms) and take
// whatever the entry sets.
struct PoolEntryDef {
  std::string name;
  std::vector<std::string> assets;
  std::string chain;
  double lpShare = 0.0;
  PoolDef terms;
};

// The backstop shared by the pools: pays a pool's claims its own waterfall
// could not, before they go unpaid.
struct BackstopDef {
  double capital = 0.0;
  double feeShare = 0.0;
  std::string chain;
  std::string coverage = "pro-rata";
  double capPerPoolPerStep = 0.0;
};

// With `pools`: LPs move capital toward the pool with the best risk-adjusted
// yield (its EWMA NAV return over its EWMA volatility, the LPs' common
// estimate), within each pool's lockup, notice, exit fee and gate.
// Separately, each LP's own strategy decides for every pool it reaches.
struct MigrationDef {
  double speed = 0.0;
  double minGain = 2.0;
  std::string reach = "home";
};

// A one-off shock: on `step`, an asset (or every asset) jumps by `logJump`
// (e.g. -0.5 ~ -39%).
struct ShockDef {
  int step = -1;
  double logJump = -0.5;
  std::string asset;
};

// Governance: changes to the pools' terms decided in advance. At the start
// of step `step` (1 = the first), each `set` assignment ("pools/0/exitFee=0.05",
// as with --set) is applied; every change is validated with the scenario.
struct GovernanceChange {
  int step = 1;
  std::vector<std::string> set;
};

// Governance by rule: when `when` holds (nonzero) on a pool's state at the end
// of a step t, the rule fires and its `set` is queued; it applies at the start
// of step t + 1 + delay (a timelock), as a scheduled change would
// (core/governance_rules.h has the variables `when` may read).
struct GovernanceRuleDef {
  std::string name;
  std::string pool;
  std::string when;
  nlohmann::json params = nlohmann::json::object();
  std::vector<std::string> set;
  int delay = 0;
  int cooldown = 0;
  int maxFirings = 1;
};

struct GovernanceDef {
  std::vector<GovernanceChange> schedule;
  std::vector<GovernanceRuleDef> rules;
};

struct ScenarioDef {
  std::string name = "custom";
  std::string description;
  SimDef sim;
  MarketDef market;
  PositionDef positions;
  WritersDef writers;
  LpsDef lps;
  BuyersDef buyers;
  PoolDef pool;
  std::vector<PoolEntryDef> pools;
  BackstopDef backstop;
  std::vector<ChainDef> chains;
  MigrationDef migration;
  ShockDef shock;
  GovernanceDef governance;
};

inline ScenarioDef makeDefaultScenario() { return ScenarioDef{}; }

// The contracts a writer chooses between: each pool's menu in order (a pool
// without a menu offering its own terms as one contract). Without menus,
// offer k is pool k.
inline int offerCount(const ScenarioDef& d) {
  auto of = [](const PoolDef& p) { return p.menu.empty() ? 1 : static_cast<int>(p.menu.size()); };
  if (d.pools.empty()) return of(d.pool);
  int n = 0;
  for (const PoolEntryDef& e : d.pools) n += of(e.terms);
  return n;
}

}  // namespace mutualab
