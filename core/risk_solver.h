// Solvers on the risk engine (docs/risk.md §10): the least LP capital,
// insurance fund or writer collateral ratio that holds a target probability
// that the pool defaults at the horizon, each with a 95 % CI.
//
// The pool defaults at the horizon when its marked liability exceeds its own
// layers: V(H) > insuranceFund + poolCapital, V(H) = V(0) + L the engine's
// repriced value of the cover it owes. The backstop is what pays when the
// pool defaults, so it is not one of the pool's layers here.
//
// - capital / fund: on the fixed sample, the least C with
//   P^(V(H) > F + C) <= p is an order statistic of V(H), minus F (clamped at
//   0); its CI is the order-statistic CI of that quantile (the ranks VaR's
//   CI uses). The fund is the same with F and C swapped.
// - collateral: the least ratio r in [0, 1] such that, with every position's
//   collateral r x its maximum loss, P^(V_r(H) > F + C) <= p. Bisection on
//   r over common random numbers (the engine's paths depend on the seed,
//   block and market only, never on the book, so P^(r) is monotone in r);
//   its CI inverts the Wilson interval of the default probability.
//
// No threads here: the collateral search calls back for each count of
// defaults (experiments/risk_solve.h runs the blocks on threads).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/book.h"

namespace mutualab {

enum class Solver { Capital, Fund, Collateral };

inline constexpr double kCollateralTolerance = 1e-4;  // in r: bisection stops at width 2^-14 = 6.1e-5
inline constexpr int kCollateralSteps = 14;           // ceil(log2(1 / kCollateralTolerance))
// Passes over the sample the collateral search may take: r = 0 and r = 1,
// then three bisections of kCollateralSteps (the point and both CI ends;
// they share their first steps, so a run usually takes fewer).
inline constexpr int kMaxCollateralPasses = 2 + 3 * kCollateralSteps;

const char* solverName(Solver s);  // "capital", "fund", "collateral"
// A list of names into solvers, in the given order; throws
// InputError("--solve", ...) listing the valid names, or naming a repeat.
std::vector<Solver> parseSolvers(const std::vector<std::string>& names);

// Throws InputError naming the option: --target-pd outside (0, 1) (checked
// even without solvers: a value given is a value meant); fewer
// than 10 expected defaults at the target (samples x p < 10, with the samples
// needed); and, with the collateral solver, work above kMaxRiskRepricings
// counting its kMaxCollateralPasses passes besides the run's own, each with
// its paths (pathDays: riskPathDays).
void validateSolve(const std::vector<Solver>& solvers, double targetPd, long long samples, double options,
                   const std::string& lower, double pathDays = 0);

// The share k / n and its Wilson score 95 % interval (z = 1.959964), from
// a count; experiments/stats.h's proportionCi95 is this over replications.
struct ProportionCi {
  double p = 0, lo = 0, hi = 0;
};
ProportionCi wilsonCi95(long long k, long long n);
// The most defaults of n samples at which the estimate (which = 0), the
// Wilson lower bound (-1) or the Wilson upper bound (+1) is still <= p;
// -1 when none is.
long long allowedDefaults(double p, long long n, int which);

struct SolveAnswer {
  Solver solver = Solver::Capital;
  bool feasible = true;      // collateral: false when even r = 1 leaves P^ above the target
  double value = 0;          // currency (capital, fund) or ratio of max loss (collateral)
  double ciLo = 0, ciHi = 0; // 95 % CI of value; collateral: ciHi is NaN when no r <= 1 has a Wilson upper bound <= p
  long long defaults = 0;    // samples that default at `value` (at r = 1 when not feasible)
  long long samples = 0;
  ProportionCi pd;           // the achieved default probability and its Wilson CI
  double insuranceFund = 0, poolCapital = 0;  // the layers at the answer (the solved one is `value`)
  int passes = 0;            // full passes over the sample this answer took (0: it read the run's sample)
};

// Capital or fund from the run's losses (L = V(H) - V(0), one per sample):
// V(H) = L + V(0) against the other layer of `capital`, held.
SolveAnswer solveLayer(Solver which, const std::vector<double>& losses, double valueNow, const BookCapital& capital,
                       double targetPd);

// The book with every position's collateral r x its maximum loss (put:
// strike x units; call: what its cap says the world's max loss was, see
// positionMaxLoss), the cover strike and cap moved to match, as the world
// books them: coverStrike = strike -/+ collateral / units, maxCover =
// coverShare x (max loss - collateral). At r = 1 the pool owes nothing on
// a capped position.
RiskBook bookAtCollateral(const RiskBook& book, double r);
// A position's maximum loss to its writer, currency. Put: strike x units.
// Call: the world caps the pool's cover at coverShare x (max loss - pool
// collateral), so max loss = maxCover / coverShare + (coverStrike - strike)
// x units; a call without a cap (a hand-written book) is taken at
// units x spot (the scenario default: callMaxLossMultiple 1 x the notional).
double positionMaxLoss(const RiskBook& book, int i);
// The book's collateral as a ratio of max loss: sum of collateral over sum of max loss.
double bookCollateralRatio(const RiskBook& book);

// The collateral search: defaultsAt(r) counts, over the same n samples
// every time, those where V_r(H) > F + C. Returns the least r on the grid
// of 2^-14 that holds P^ <= p (value), and the least that holds the Wilson
// lower (ciLo) and upper (ciHi) bound <= p. Evaluations are cached, so the
// three share their common steps.
SolveAnswer solveCollateral(const std::function<long long(double r)>& defaultsAt, long long samples, double targetPd,
                            const BookCapital& capital);

}  // namespace mutualab
