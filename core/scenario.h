// The scenario: everything a run needs besides the seed and replication
// count. Plain structs with default member initializers; the defaults are the
// model's documented defaults and feed the JSON schema, `--help` and the
// playground's sliders. A scenario is validated once at the edge
// (scenario_json.h); inside the core it is used without re-checking.
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
  double mean = 1.0;  // mean of the draw
  double sd = 0.0;    // standard deviation of the draw (>= 0)
};

// A quantity drawn per agent from a normal with this mean and sd.
struct NormalDef {
  double mean = 0.0;
  double sd = 0.0;  // >= 0
};

// A value in [0,1] drawn per agent from a Beta distribution with this mean
// and sd (sd = 0 gives every agent exactly `mean`; sd^2 < mean(1-mean)).
struct BetaDef {
  double mean = 0.5;
  double sd = 0.25;
};

// A strategy for part of a population, made by name from the agents registry.
struct StrategyShareDef {
  std::string name;                               // registry name, e.g. "expected-utility"
  double share = 1.0;                             // fraction of the population, shares sum to 1
  nlohmann::json params = nlohmann::json::object();  // strategy parameters; missing ones take defaults
};

struct SimDef {
  int steps = 365;               // horizon T in steps
  double stepDays = 1.0;         // days per step
  double daysPerYear = 365.0;    // annualization
  double unravelShare = 0.25;    // pool participation below this share counts as unraveled
  int warmupSteps = 30;          // steps ignored before unraveling is looked for
  int maxOpenPositions = 0;      // capacity of the position table; 0 = sized from demand (4x expected)
};

// Calm/stress regime switching shared by all assets (a Markov chain per step).
struct RegimeDef {
  bool enabled = false;
  double stressVolMultiplier = 2.5;   // stress volatility = calm volatility x this
  double stressJumpMultiplier = 3.0;  // stress jump intensity = calm intensity x this
  double pCalmToStress = 0.01;        // per-step transition probability calm -> stress
  double pStressToCalm = 0.10;        // per-step transition probability stress -> calm
};

struct AssetDef {
  std::string name = "ETH";
  double spot = 2000.0;            // initial price, currency units
  double driftAnnual = 0.0;        // expected growth rate of the price, annual (jumps compensated)
  double volAnnual = 0.7;          // calm-regime volatility, annual
  double jumpIntensityAnnual = 0.0;  // Merton jumps per year (calm regime)
  double jumpMeanLog = -0.15;      // mean of log jump size
  double jumpSdLog = 0.10;         // sd of log jump size (>= 0)
};

struct MarketDef {
  std::vector<AssetDef> assets = {AssetDef{}};
  std::vector<std::vector<double>> correlation;  // n x n, empty = identity
  RegimeDef regime;
  double rateAnnual = 0.0;              // risk-free rate used in pricing
  std::string pricingVol = "ewma";      // "ewma" of realized returns, or "fixed" (= volAnnual)
  double ewmaLambda = 0.94;             // RiskMetrics decay for the EWMA volatility
};

// What a writer's new positions look like. Theta (the private tail type)
// moves them along two channels: an observable one (risky writers write
// closer to the money, which the pool can see in the greeks) and a hidden one
// (a per-position idiosyncratic adverse jump the pool cannot see).
struct PositionDef {
  double putShare = 0.8;          // fraction of positions that are puts (rest: calls)
  int tenorSteps = 30;            // option life in steps
  double notional = 1000.0;       // position size in currency at origination (spot x units)
  double otmSafe = 0.20;          // out-of-the-money distance of a theta = 0 writer (fraction of spot)
  double otmRisky = 0.00;         // out-of-the-money distance of a theta = 1 writer
  double otmNoise = 0.03;         // +/- uniform noise on that distance
  double signalNoiseSd = 0.15;    // sd of the per-position private signal around theta
  double hiddenJumpProb = 0.06;   // probability of the hidden adverse jump over the life, at signal = 1
  double hiddenJumpSize = 0.25;   // its size: the settlement price moves this fraction against the writer
  double callMaxLossMultiple = 1.0;  // max loss of a short call, as a multiple of notional
};

struct WritersDef {
  int count = 200;
  BetaDef theta;                           // private tail type in [0,1]
  LognormalDef capital = {50000.0, 10000.0};  // free cash at start, currency
  double costOfCapitalAnnual = 0.08;       // opportunity cost of locked collateral
  double premiumMarkup = 0.50;             // quote = model price x (1 + markup)
  NormalDef riskAversion = {0.0, 0.0};     // mean-variance coefficient on a position's return in learning rewards (0 = neutral; draws < 0 count as 0)
  std::vector<StrategyShareDef> strategies = {{"expected-utility", 1.0, nlohmann::json::object()}};
};

struct LpsDef {
  int count = 30;
  LognormalDef capital = {4000.0, 1200.0};  // cash at start, currency
  LognormalDef riskAversion = {2.0, 0.5};      // relative risk aversion (mean-variance coefficient)
  NormalDef outsideRateAnnual = {0.05, 0.01};  // what the LP earns elsewhere
  int horizonSteps = 0;                        // LP leaves after this many steps; 0 = never
  double earlyWarningShare = 0.0;              // fraction of LPs with an early-warning regime signal
  double earlyWarningAccuracy = 0.9;           // probability that signal is right
  int earlyWarningLeadSteps = 5;               // how many steps ahead the signal looks
  double initialDepositFraction = 0.8;         // share of its cash an LP puts in on each deposit decision
  double yieldPriorAnnual = 0.10;              // the pool's advertised yield, LPs' estimate before any history
  double yieldHalfLifeSteps = 90.0;            // half-life of the LPs' EWMA estimate of pool yield and volatility
  std::vector<StrategyShareDef> strategies = {{"yield-chaser", 1.0, nlohmann::json::object()}};
};

struct BuyersDef {
  double arrivalsPerWriterPerStep = 0.10;  // Poisson demand rate, per writer per step
  double reservationMarkupMin = 0.30;      // buyer's reservation = model price x (1 + U[min,max])
  double reservationMarkupMax = 1.00;
  double informedShare = 0.0;              // fraction of arrivals that are informed (toxic flow)
  int informedLookaheadSteps = 5;          // an informed buyer buys only if an adverse jump or stress
                                           // begins within this many steps
};

struct FeeRuleDef {
  std::string name = "flat";                      // fee rule registry name
  nlohmann::json params = nlohmann::json::object();  // rule parameters; missing ones take defaults
};

// One contract of a pool's screening menu (Rothschild–Stiglitz): how much
// of the loss beyond the writer's deductible the pool covers, the deductible
// itself, and the fee. A contract starts from its pool's own terms
// (collateral ratio, 1 - retained share, fee rule) and takes what it sets.
struct ContractDef {
  std::string name;               // unique in its pool; names its summary entry
  double coverage = 1.0;          // share of the loss beyond the deductible the pool pays (1 - retained share)
  double collateralRatio = 0.20;  // the deductible as collateral the writer posts, fraction of max loss
  double firstLoss = 0.0;         // or as a first-loss amount, currency (> 0: the writer posts min(firstLoss, max loss))
  FeeRuleDef feeRule;             // what this contract charges
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
  bool enabled = false;            // the pool's shares trade between LPs once per step
  double bargainCashShare = 0.25;  // share of its free cash an LP not depositing bids for discounted shares (0 = only depositors buy)
  double minDiscount = 0.01;       // discount below NAV an LP with idle cash asks at least
  double volDiscount = 0.10;       // its discount per unit of the pool's annual NAV volatility, per unit of risk aversion
  double drawdownDiscount = 0.25;  // its discount per unit of the pool's NAV drawdown from its peak, per unit of risk aversion
  double maxDiscount = 0.50;       // no bid or ask below NAV x (1 - this)
  int maxWaitSteps = 180;          // the longest queue wait a seller prices; a stuck queue counts as this
  bool operator==(const ShareMarketDef&) const = default;
};

struct PoolDef {
  bool enabled = true;                 // false = siloed only
  double writerCollateralRatio = 0.20; // collateral a pooling writer posts, fraction of max loss
  double siloCollateralRatio = 1.00;   // collateral a siloed position locks, fraction of max loss
  double retainedShare = 0.0;          // writer's first-loss share of losses beyond its collateral
  double minCollateralRatio = 0.20;    // (LP capital + insurance fund) / pool max cover must stay >= this
  int maxPositionsPerWriter = 50;      // open pooled positions per writer
  int maxPositions = 100000;           // open pooled positions in total
  double insuranceFeeShare = 0.10;     // share of every fee paid into the insurance fund
  double insuranceFundInitial = 0.0;   // seed money of the insurance fund, currency
  double backstopCapital = 0.0;        // external backstop, currency (0 = none)
  int lockupSteps = 0;                 // an LP deposit cannot be withdrawn for this many steps
  int noticeSteps = 0;                 // a withdrawal is paid this many steps after the request
  double exitFee = 0.0;                // fraction of a withdrawal kept by the pool
  double gateShare = 1.0;              // at most this share of LP capital leaves per step (queue beyond)
  bool markToModel = true;             // NAV nets open pooled risk at its model value; false = cash NAV (stale)
  FeeRuleDef feeRule;
  // A screening menu: the contracts a writer chooses between (written only
  // when given). Empty = one contract, the terms above.
  std::vector<ContractDef> menu;
  ShareMarketDef shareMarket;          // secondary market for its shares (written only when not the default)
};

// A chain that pools and the backstop live on. Money moving between two
// chains crosses a bridge: the receiving chain's, with its delay, failure
// probability and capacity.
struct ChainDef {
  std::string name = "ethereum";
  int bridgeDelaySteps = 0;               // steps a transfer into this chain takes to arrive
  double bridgeFailureProbability = 0.0;  // probability a transfer into this chain is lost in transit
  double bridgeCapacityPerStep = 0.0;     // most currency arriving per step, 0 = no limit (the rest waits its turn)
};

// One of the scenario's `pools`. Its terms start from the scenario's `pool`
// object (the defaults every pool shares, and the silo's terms) and take
// whatever the entry sets.
struct PoolEntryDef {
  std::string name;                 // unique, names its summary entry and series columns
  std::vector<std::string> assets;  // names of the assets it underwrites; empty = every asset
  std::string chain;                // the chain it lives on ("" = the first of `chains`)
  double lpShare = 0.0;             // share of the LPs whose home is this pool; all 0 = an equal split
  PoolDef terms;                    // collateral, retained share, insurance fund, LP rules, fee rule
};

// The backstop shared by the pools: pays a pool's claims its own waterfall
// could not, before they go unpaid.
struct BackstopDef {
  double capital = 0.0;                // capital at start, currency
  double feeShare = 0.0;               // share of every pool's fees paid into it
  std::string chain;                   // the chain it lives on ("" = the first of `chains`)
  std::string coverage = "pro-rata";   // between pools claiming in one step: "pro-rata", "first-come", "cap-per-step"
  double capPerPoolPerStep = 0.0;      // "cap-per-step": the most one pool may draw in one step, currency
};

// With `pools`: LPs move capital toward the pool with the best risk-adjusted
// yield (its EWMA NAV return over its EWMA volatility, the LPs' common
// estimate), within each pool's lockup, notice, exit fee and gate.
// Separately, each LP's own strategy decides for every pool it reaches.
struct MigrationDef {
  double speed = 0.0;    // share of an LP's shares in a worse pool it asks to move per step; 0 = LPs stay put
  double minGain = 2.0;  // how much higher the best pool's yield / volatility must be than the LP's pool to move
  std::string reach = "home";  // the pools an LP's strategy decides on: "home" (its home pool and any pool it
                               // holds shares in) or "all" (every pool)
};

// A one-off shock: on `step`, an asset (or every asset) jumps by `logJump`
// (e.g. -0.5 ~ -39%).
struct ShockDef {
  int step = -1;          // -1 = none
  double logJump = -0.5;  // log price move
  std::string asset;      // the asset it hits (a name in market.assets); "" = every asset
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
  std::string name;                 // unique among the rules; names its events
  std::string pool;                 // whose state `when` reads: a pool's name or index ("" = the first pool)
  std::string when;                 // muparser expression, true when nonzero, e.g. "pool_loss_rate > threshold"
  nlohmann::json params = nlohmann::json::object();  // named numbers `when` may read (a sweep can vary them)
  std::vector<std::string> set;     // PATH=VALUE assignments, as in the schedule
  int delay = 0;                    // timelock, steps between firing and the start of the step it applies
  int cooldown = 0;                 // evaluations skipped after its change was due (applied or refused)
  int maxFirings = 1;               // the most times it fires in a run; 0 = no limit
};

struct GovernanceDef {
  std::vector<GovernanceChange> schedule;  // in step order
  std::vector<GovernanceRuleDef> rules;    // checked in this order; each writes only when given
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
  PoolDef pool;                    // the one pool, or (with `pools`) what every pool starts from, and the silo's terms
  std::vector<PoolEntryDef> pools;  // several pools; empty = the one `pool`
  BackstopDef backstop;             // with `pools`: the shared backstop (`pool.backstopCapital` is the one pool's)
  std::vector<ChainDef> chains;     // with `pools`: the chains; empty = one chain, no bridges
  MigrationDef migration;           // with `pools`: LP capital moving between them
  ShockDef shock;
  GovernanceDef governance;         // scheduled and rule-based changes of terms (written only when given)
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
