// The pool risk engine (MODEL.md §5 "Sizing"): VaR and expected shortfall of
// the pool's loss over a horizon, by Monte Carlo with full repricing of every
// position, and each writer's Euler contribution to them.
//
// Loss definition. The pool owes, on each open pooled position, its cover
// beyond the writer's collateral: coverShare x units x an option struck at
// the cover strike (as Pool::markToModel values it), capped at maxCover (a
// call's cover is a call spread). Its value V is priced by Black-Scholes at
// the position's pricing volatility. The pool's loss over H days is
//     L = V(H) - V(0),
// V(H) repriced on each simulated market with the remaining life (a position
// that expires before H is worth its payoff at expiry, on that day's price).
// Positive L is a loss to the pool, in currency.
//
// The market over the horizon: the scenario's market (correlated GBM at each
// asset's real-world drift, Merton jumps, calm/stress regimes starting in the
// book's regime, RiskBook::stressed),
// simulated day by day. The repricing volatility is the pool's own: with
// the market's pricing volatility "ewma" (the default), the estimator the
// pool marks with (core/market.cpp), carried on from the book's date along
// the sample's path, σ²(d) = λ σ²(d - 1) + (1 - λ) r_d² / Δt, one update a
// day; each position starts from its own pricing volatility, so its
// variance on its observation day d is λ^d σ0² plus the path's increment
// (1 - λ) Σ λ^(d - j) r_j² / Δt. A crash on the path raises the mark as it
// would raise the pool's; a book taken in a stress spell goes on from the
// estimate it has. With "fixed" the pool marks at a constant volatility,
// and so does the engine.
//
// Samples come in fixed blocks of kRiskBlockSamples; block b draws from the
// stream (seed, b, Pool, 0, RiskEngine). The engine is const and computes one
// block at a time into caller-given memory, so a caller may run blocks on any
// threads and combine them in block order: the thread count never changes a bit.
//
// Inside a block every option of every sample is priced through the
// kernel's fixed-option path (bsRepriceMovedBatch in core/pricing_kernel.h):
// what does not move with the spot (K', √t at the horizon, ln(S0/K')) is
// computed once per option, and a sample's move enters as its growth, its
// log and its inverse, which the kernel reads from the sample's path; the
// volatility, the estimator's on that path, once per sample for each group
// of options that share it (groupVols), which the kernel reads likewise.
// A sample's options go in one call (in pieces of kRiskLegPiece), or
// several samples' at once when the book is small, so the kernel gets
// long arrays.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/random/poisson_distribution.hpp>

#include "core/book.h"
#include "core/format_number.h"
#include "core/rng.h"
#include "core/scenario.h"
#include "core/stress_scenario.h"

namespace mutualab {

struct RiskDef {
  int horizonDays = 1;                         // H, days (the simulation steps one day at a time)
  std::vector<double> levels = {0.99, 0.975};  // confidence levels of VaR and ES, each in (0, 1)
  long long samples = 100000;                  // Monte Carlo samples of the whole book
  std::uint64_t seed = 1;                      // stream seed
  double daysPerYear = 365;                    // annualization of expiries and the horizon
};

inline constexpr int kRiskBlockSamples = 4096;        // samples per block: the unit of work and of randomness
inline constexpr long long kMaxRiskSamples = 20'000'000;  // memory: 16 bytes a sample
// The fewest samples a measure takes, whatever its levels: below it the
// sample's own error estimates (the CIs of §4) rest on too few points.
inline constexpr long long kMinRiskSamples = 100;
// The samples of n beyond `level`, which ES averages: floor((1 - level) n),
// nudged so 0.01 x 20000 is 200.
int tailCount(double level, long long n);
// The fewest samples that put 10 beyond `level`, counted as the engine
// counts a tail (floor((1 - level) n), nudged so 0.01 x 20000 is 200).
long long samplesForTail(double level);
// Whether `level` is at least 1/n, so that at least one of n samples lies
// below its tail: a level under that puts (nearly) every sample in the tail,
// and its VaR is no quantile (a level of 1e-13 put all of them there, where
// the engine's summary assumed at least one outside).
bool levelLeavesBody(double level, long long n);
inline constexpr double kMaxRiskRepricings = 3e10;     // samples x options: ~7 minutes on one core at 75 M/s
inline constexpr int kMaxRiskLevels = 16;
// Options per kernel call for a small book, whose samples are priced
// several at a time so that a vectorized kernel gets long arrays.
inline constexpr int kRiskKernelBatch = 1024;
// A book of kRiskOwnCall legs or more (one kernel chunk) is priced one
// sample per kernel call, kRiskLegPiece legs at a time, so what is staged
// stays in the cache; a smaller one, several samples per call.
inline constexpr std::size_t kRiskOwnCall = 128;
inline constexpr std::size_t kRiskLegPiece = 512;

// Per-thread scratch for the engine (workspace() sizes it).
struct RiskWorkspace {
  std::vector<double> price;  // the kernel's output (core/pricing_kernel.h)
  std::vector<double> growth, logGrowth, invGrowth, logR, eps, z;    // market paths
  std::vector<double> ewma, ewmaDay;  // the estimator's increment on each path (as growth), and per asset today
  std::vector<double> groupVol, groupInvVol;  // each volatility group's estimate on each path slot, and its inverse
};

// Whether the engine reprices at the pool's EWMA estimate carried along each
// path (the market's pricing volatility "ewma") or at each position's own
// (a fixed one): the engine, admission by VaR and risk.json ask here.
inline bool repricesByEwma(const MarketDef& market) { return market.pricingVol == "ewma"; }

// λ^days, by repeated multiplication (the same bits natively and in WebAssembly).
inline double ewmaDecay(double lambda, int days) {
  double d = 1.0;
  for (int i = 0; i < days; ++i) d *= lambda;
  return d;
}

// Where the engine reads a position expiring in `days` on a horizon of H
// days: on day H with its remaining life when it outlives the horizon, on
// its expiry day when that is a whole day, and otherwise on the whole day
// before its expiry with the fraction of a day left. The paths are daily,
// so a position expiring between two days is valued there at what its
// payoff is worth the day before: its expected loss is 0 at the pricing
// drift, as V(0)'s life is the exact one (reading the payoff on the day
// after would add a fraction of a day of variance, a bias). The fraction
// of a day before such an expiry carries no risk in the measure.
inline int observationDay(double days, int H) {
  return days >= H ? H : static_cast<int>(std::floor(days + 1e-9));
}
inline double lifeAtObservation(double days, int H, double daysPerYear) {
  if (days >= H) return (days - H) / daysPerYear;
  const double left = days - observationDay(days, H);
  return left > 1e-9 ? left / daysPerYear : 0.0;
}

class RiskEngine {
 public:
  // The book's assets must be the market's (validated at the edge), def
  // validated by validateRiskDef.
  RiskEngine(const RiskBook& book, const MarketDef& market, const RiskDef& def);

  int blocks() const { return static_cast<int>((def_.samples + kRiskBlockSamples - 1) / kRiskBlockSamples); }
  long long blockBegin(int b) const { return static_cast<long long>(b) * kRiskBlockSamples; }
  int blockSize(int b) const;
  RiskWorkspace workspace() const;

  // The loss of each sample of block b, into out[0 .. blockSize(b)).
  void blockLosses(int b, RiskWorkspace& ws, double* out) const;
  // For each sample i of block b with mask[i] != 0, adds each writer's share
  // of its loss into sums[k * writerCount() + w] for every bit k set in mask[i].
  void blockWriterLosses(int b, RiskWorkspace& ws, const std::uint32_t* mask, int sets, double* sums) const;

  // The market paths of chosen samples of block b (indices within the block,
  // ascending), exactly as blockLosses drew them: sample samples[j]'s growth
  // S_a(d) / S_a(0), d = 0..H, into growthOut[(j x (H + 1) + d) x assets + a],
  // and the pricing estimator's increment on day d (ewmaRemark: a position
  // of pricing volatility σ0 is repriced there at √(λ^d σ0² + it); 0 with
  // a fixed pricing volatility) into ewmaOut at the same index.
  void blockPaths(int b, RiskWorkspace& ws, const std::vector<int>& samples, double* growthOut, double* ewmaOut) const;
  // Whether positions are repriced at the pool's EWMA estimate carried along
  // the path (repricesByEwma).
  bool ewmaRemark() const { return ewma_; }

  // Stress at the horizon: asset a's price moved by s.spotMove[a] (a
  // relative change, -0.3 = down 30 %), and each position's pricing
  // volatility σ priced at σ × s.volMultiplier[a] + s.volShift[a] (at least
  // 0: the command checks it, experiments/stress_spec.h).
  // Fills obligations[w]: writer w's whole obligation beyond its collateral
  // (its cover strikes, before the pool's coverShare: what the pool must
  // carry if the writer defaults), and returns the pool's loss L.
  double stressed(const StressScenario& s, RiskWorkspace& ws, std::vector<double>& obligations) const;
  // The same, and each pool's part (several pools pay each from its own
  // layers): byPool[w x poolCount() + p], writer w's obligation on its
  // positions in pool p (at least 0), and poolValue[p], V(H) of pool p's positions.
  double stressedByPool(const StressScenario& s, RiskWorkspace& ws, std::vector<double>& obligations,
                        std::vector<double>& byPool,
                        std::vector<double>& poolValue) const;
  // Today's book on one given market path over the horizon (a window of a
  // price history, core/historical_sim.h): asset a's price on day d is
  // growthByDay[d x assets + a] times today's, d = 0..H, every volatility
  // held at its pricing volatility. Fills obligations as stressed does and
  // returns the pool's loss L; a constant path is stressed's spot move.
  double onPath(const std::vector<double>& growthByDay, RiskWorkspace& ws, std::vector<double>& obligations) const;
  int poolCount() const { return poolCount_; }  // 1 + the highest pool index of the book's positions
  int assetCount() const { return assets_; }    // the market's assets

  double valueNow() const { return valueNow_; }           // V(0), currency
  int legs() const { return static_cast<int>(spot0_.size()); }  // options priced per sample (repricings)
  int writerCount() const { return static_cast<int>(writerIds_.size()); }
  const std::vector<int>& writerIds() const { return writerIds_; }  // ascending
  const std::vector<int>& writerPositions() const { return writerPositions_; }
  const RiskDef& def() const { return def_; }

 private:
  // One sample's market path in the workspace, each at [d x assets + a]:
  // S_a(d) / S_a(0), its log (as drawn) and its inverse.
  struct Path {
    double *growth, *logGrowth, *invGrowth, *ewma;
  };
  Path path(RiskWorkspace& ws, int k) const;  // sample slot k's
  // Draws one sample's path. The prices (and the estimator's increments)
  // are written for the days some leg reads (observedDay_), or for every
  // day; the draws are the same either way.
  void simulateMarket(Engine& rng, RiskWorkspace& ws, const Path& path, bool everyDay = false) const;
  // The estimator's volatility of each group on the paths of sample slots
  // [0, slots), into ws.groupVol and ws.groupInvVol.
  void groupVols(RiskWorkspace& ws, int slots) const;

  // Prices legs [from, from + n) of the repeated constants on the paths
  // from `path` on (a leg repeated for sample slot k reads slot k's), into
  // ws.price: at σ√t = sd[i] and 1/(σ√t) = invSd[i] where given (a stress
  // scenario's), else at the estimator's volatility of each leg's group
  // (groupVols, ewma_) or the fixed one.
  void priceMoved(RiskWorkspace& ws, std::size_t from, std::size_t n, const Path& path, const double* sd = nullptr,
                  const double* invSd = nullptr) const;

  RiskDef def_;
  MarketDef market_;
  bool startStressed_ = false;  // the book's regime: day 1 of every path is drawn from it
  int assets_ = 0;
  std::vector<double> cholesky_;  // assets x assets, lower, row-major
  // One day's log-move of an asset, less its diffusion draw and jumps:
  // drift (Itô and jump compensators included) x dt, vol x sqrt(dt), and
  // its jump arrivals, computed once; calm assets first, then stressed.
  struct AssetStep {
    double driftDt = 0, volSqrtDt = 0, jumpMeanLog = 0, jumpSdLog = 0;
    bool jumps = false;  // intensity > 0 (a Poisson law needs a positive mean)
    boost::random::poisson_distribution<int, double> arrivals;
  };
  std::vector<AssetStep> assetSteps_;
  std::vector<std::uint8_t> observedDay_;  // [d], d = 0..H: 1 where some leg reads its price
  // Legs: one option each (a capped position is two), sorted by writer,
  // with their spot-free constants at the horizon (bsFixedLeg): the life
  // left after H and the pricing volatility.
  std::vector<double> spot0_, years_, vol0_, poolWeight_, writerWeight_, price0_;
  // Each leg's σ√t and 1/(σ√t) at its observation at its pricing
  // volatility (a fixed pricing volatility's, every sample's), repeated
  // chunk_ times.
  std::vector<double> sdFixed_, invSdFixed_;
  // The estimator's: legs that share an asset, an observation day and a
  // pricing volatility (every leg of an asset, in a run's book) share a
  // group, whose estimate √(λ^d σ0² + increment) is computed once a sample;
  // a leg's σ√t is it times √t. Per group: λ^d σ0² and where its increment
  // is (day x assets + asset); per leg, repeated chunk_ times: its group
  // (+ k groups for sample slot k), √t and 1/√t (0 with no life left).
  std::vector<double> groupVarDecayed_;
  std::vector<int> groupIndex_, groupRep_;
  std::vector<double> sqrtLifeRep_, invSqrtLifeRep_;
  bool ewma_ = false;
  int chunk_ = 1;  // samples priced per kernel call: 1, or kRiskKernelBatch / legs for a small book
  // Each leg's sign, strike, K', S0, ln(S0/K'), S0/K' and K'/S0, repeated
  // chunk_ times: the kernel's lanes for a whole call (bsRepriceMovedBatch;
  // the first L are the legs'). moveRep_: where each reads its path's
  // growth, obsDay x assets + asset, plus k path sizes for sample slot k.
  std::vector<double> signRep_, strikeRep_, discountedRep_, spotRep_, logMoneynessRep_, ratioRep_, invRatioRep_;
  std::vector<int> moveRep_;
  std::vector<int> writerStart_;  // legs of writer w: [writerStart_[w], writerStart_[w + 1])
  std::vector<int> legPool_;      // each leg's position's pool
  int poolCount_ = 1;
  // growthByDay (d x assets + a, d = 0..H) where given, else s.spotMove on every day.
  double stressedInto(const StressScenario& s, RiskWorkspace& ws, std::vector<double>& obligations,
                      std::vector<double>* byPool, std::vector<double>* poolValue,
                      const std::vector<double>* growthByDay = nullptr) const;
  std::vector<int> writerIds_, writerPositions_;
  double valueNow_ = 0;
};

// Every sample's loss in sample order, block by block on this thread (the
// run's own users: admission by VaR, the playground; runRisk uses threads).
std::vector<double> allLosses(const RiskEngine& engine, RiskWorkspace& ws);

// A level as result files name its columns, in percent to four decimals:
// 0.99 -> "99", 0.975 -> "97.5" (var_99, component_es_97.5, exception_99).
inline std::string levelTag(double level) { return shortestNumber(std::round(level * 1e6) / 1e4); }

// Throws InputError naming the option (--horizon-days, --levels, --samples)
// of the first bad value: levels outside (0, 1) or too many, fewer than 10
// samples in a tail, a horizon past every expiry (or outside [1, 3650]),
// and work above kMaxRiskRepricings (with the estimate) or samples above
// kMaxRiskSamples.
void validateRiskDef(const RiskDef& def, const RiskBook& book);
// The horizon's own range, [1, 3650] days (part of validateRiskDef): checked
// before a work estimate that counts its days, so a horizon out of range is
// named as such and not as too much work.
void checkRiskHorizonDays(int horizonDays);

// How many repricings a run takes: samples x legs (a capped position is two options).
double riskRepricings(const RiskDef& def, const RiskBook& book);
// The days of a sample's path: the horizon times the market's assets.
double riskPathDays(const RiskDef& def, const RiskBook& book);
// A day of one asset's simulated path costs a sample about as much as this
// many repricings: 42 and 52 ns a day on one core (one put, 3,650- and
// 1,000-day horizons, 10^5 samples, both passes), against 13.3 ns a
// repricing at 75 M/s. A long horizon on a small book is mostly path.
inline constexpr double kPathDayRepricings = 4;
// The speed work estimates are stated at: the target, on one core.
inline constexpr double kRiskTargetRepricingsPerSecond = 75e6;
// How long `repricings` take at that speed, in the unit that reads best:
// "7 minutes", "1.1 hours", "2.0 days".
std::string riskWorkTime(double repricings);
// Throws InputError("--samples", ...) with the estimate (repricings and the
// time they take at 75 M/s on one core) when samples x (options +
// kPathDayRepricings x pathDays) exceeds kMaxRiskRepricings, where pathDays
// is the horizon in days times the market's assets; `lower` names what to
// lower besides --samples. A run that reprices the whole sample `passes`
// times (the collateral solver) counts each pass, and the refusal says why
// there are that many (`why`).
void checkRiskWork(double samples, double options, const std::string& lower, int passes = 1, const std::string& why = "",
                   double pathDays = 0);
// A stressed option costs about two repricings: each scenario reprices every
// option, then sums each writer's obligations (measured: 2,000 scenarios on
// 120,000 options, 22 ns an option, one thread).
inline constexpr double kStressRepricings = 2;
// Throws InputError(option, ...) with the estimate when the stress's work,
// scenarios x options x kStressRepricings, with the Monte Carlo's
// (`monteCarloWork`, as checkRiskWork counts it), exceeds kMaxRiskRepricings:
// a stress file may list hundreds of thousands of scenarios.
void checkStressWork(double scenarios, double options, double monteCarloWork, const std::string& option);

// --- Statistics of the loss sample -------------------------------------------

struct LevelRisk {
  double level = 0;              // confidence, e.g. 0.99
  int tailSamples = 0;           // floor((1 - level) x samples): the worst samples ES averages
  double valueAtRisk = 0;        // the largest loss outside the tail, currency
  double varCiLo = 0, varCiHi = 0;  // 95 % CI from order statistics (binomial ranks)
  double expectedShortfall = 0;  // mean loss over the tail, currency
  double esStdErr = 0;           // delta method: sqrt((Var(L | tail) + level (ES - VaR)^2) / tail)
  double esCiLo = 0, esCiHi = 0; // ES -/+ 1.96 esStdErr
  long long varRank = 0;         // 0-based rank of VaR in the sorted sample
  int varWindow = 0;             // b: component VaR averages the ranks varRank -/+ b
};

struct RiskSummary {
  long long samples = 0;
  double valueNow = 0;        // V(0)
  double meanLoss = 0, meanLossStdErr = 0, lossSd = 0, minLoss = 0, maxLoss = 0;
  std::vector<LevelRisk> levels;
};

// VaR, ES and their CIs at each level, and per sample the mask of the sets a
// sample belongs to (bit 2i: level i's tail; bit 2i+1: its VaR window), for
// the components. Ties are broken by sample index, so the result is exact.
RiskSummary summarizeLosses(const std::vector<double>& losses, const std::vector<double>& levels,
                            std::vector<std::uint32_t>& masks);

// Euler contributions per writer (in the engine's writer order): component
// ES = E[L_w | tail], which sums to ES; component VaR = E[L_w | the VaR
// window] scaled so the contributions sum to VaR.
struct WriterComponents {
  std::vector<std::vector<double>> var, es;  // [level][writer], currency
};
WriterComponents eulerComponents(const RiskSummary& s, const std::vector<double>& sums, int writers);

}  // namespace mutualab
