#include "core/risk_solver.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>

#include "core/errors.h"
#include "core/format_number.h"
#include "core/risk_engine.h"

namespace mutualab {

const char* solverName(Solver s) {
  switch (s) {
    case Solver::Capital: return "capital";
    case Solver::Fund: return "fund";
    case Solver::Collateral: return "collateral";
  }
  return "";
}

std::vector<Solver> parseSolvers(const std::vector<std::string>& names) {
  std::vector<Solver> out;
  for (const std::string& name : names) {
    Solver s;
    if (name == "capital") s = Solver::Capital;
    else if (name == "fund") s = Solver::Fund;
    else if (name == "collateral") s = Solver::Collateral;
    else throw InputError("--solve", "unknown solver '" + name + "': expected capital, fund or collateral, comma-separated");
    if (std::find(out.begin(), out.end(), s) != out.end())
      throw InputError("--solve", "solver '" + name + "' is given twice; give each once");
    out.push_back(s);
  }
  return out;
}

void validateSolve(const std::vector<Solver>& solvers, double targetPd, long long samples, double options,
                   const std::string& lower, double pathDays) {
  if (!(targetPd > 0.0 && targetPd < 1.0))
    throw InputError("--target-pd", "expected a default probability in (0, 1) such as 0.01, got " + shortestNumber(targetPd));
  if (solvers.empty()) return;
  // Fewer than 10 defaults expected at the target: the quantile and the
  // Wilson interval would rest on a handful of samples.
  if (static_cast<double>(samples) * targetPd < 10.0 - 1e-9) {
    const long long need = static_cast<long long>(std::ceil(10.0 / targetPd - 1e-9));
    throw InputError("--samples", "must be >= " + std::to_string(need) + " for --target-pd " + shortestNumber(targetPd) +
                                      " (10 expected defaults at the target), got " + std::to_string(samples));
  }
  if (std::find(solvers.begin(), solvers.end(), Solver::Collateral) != solvers.end())
    checkRiskWork(static_cast<double>(samples), options, lower, 1 + kMaxCollateralPasses,
                  "the collateral solver reprices the whole sample up to " + std::to_string(kMaxCollateralPasses) +
                      " times: r = 0, r = 1 and three bisections of " + std::to_string(kCollateralSteps) +
                      " steps to 1e-4, besides the run's own pass",
                  pathDays);
}

ProportionCi wilsonCi95(long long k, long long n) {
  ProportionCi r;
  if (n <= 0) return r;
  const double N = static_cast<double>(n), p = static_cast<double>(k) / N, z = 1.959964;
  r.p = p;
  const double centre = (p + z * z / (2 * N)) / (1 + z * z / N);
  const double half = z * std::sqrt(p * (1 - p) / N + z * z / (4 * N * N)) / (1 + z * z / N);
  r.lo = std::max(0.0, centre - half);
  r.hi = std::min(1.0, centre + half);
  return r;
}

long long allowedDefaults(double p, long long n, int which) {
  // The estimate: k / n <= p, nudged as the engine's tail count is (0.01 x 20000 is 200).
  if (which == 0) return std::min(n, static_cast<long long>(std::floor(p * static_cast<double>(n) + 1e-9)));
  // Each Wilson bound grows with k: the largest k whose bound is <= p, by bisection on k.
  auto bound = [&](long long k) { const ProportionCi c = wilsonCi95(k, n); return which < 0 ? c.lo : c.hi; };
  if (bound(0) > p) return -1;
  long long lo = 0, hi = n;  // bound(lo) <= p
  if (bound(hi) <= p) return hi;
  while (hi - lo > 1) {
    const long long mid = lo + (hi - lo) / 2;
    (bound(mid) <= p ? lo : hi) = mid;
  }
  return lo;
}

SolveAnswer solveLayer(Solver which, const std::vector<double>& losses, double valueNow, const BookCapital& capital,
                       double targetPd) {
  SolveAnswer a;
  a.solver = which;
  a.samples = static_cast<long long>(losses.size());
  // The least layer X with #{V(H) - held > X} <= floor(p n) is the
  // order statistic of V(H) - held at VaR's rank for level 1 - p: so the
  // engine's own VaR, its CI ranks included.
  std::vector<std::uint32_t> masks;
  const RiskSummary s = summarizeLosses(losses, {1.0 - targetPd}, masks);
  const LevelRisk& l = s.levels[0];
  const double held = which == Solver::Capital ? capital.insuranceFund : capital.poolCapital;
  auto layer = [&](double loss) { return std::max(0.0, (loss + valueNow) - held); };
  a.value = layer(l.valueAtRisk);
  a.ciLo = layer(l.varCiLo);
  a.ciHi = layer(l.varCiHi);
  // Default: V(H) beyond the held layer exceeds the solved one (the same
  // arithmetic as above, so the order statistic itself never counts).
  for (double loss : losses)
    if ((loss + valueNow) - held > a.value) ++a.defaults;
  a.pd = wilsonCi95(a.defaults, a.samples);
  a.insuranceFund = which == Solver::Fund ? a.value : capital.insuranceFund;
  a.poolCapital = which == Solver::Capital ? a.value : capital.poolCapital;
  return a;
}

double positionMaxLoss(const RiskBook& book, int i) {
  const size_t k = static_cast<size_t>(i);
  if (book.kind[k] == static_cast<std::uint8_t>(OptionKind::Put)) return book.strike[k] * book.units[k];
  if (book.maxCover[k] > 0 && book.coverShare[k] > 0)
    return book.maxCover[k] / book.coverShare[k] + (book.coverStrike[k] - book.strike[k]) * book.units[k];
  return book.units[k] * book.spot[k];
}

double bookCollateralRatio(const RiskBook& book) {
  double posted = 0, most = 0;
  for (int i = 0; i < book.size(); ++i) {
    posted += book.collateral[static_cast<size_t>(i)];
    most += positionMaxLoss(book, i);
  }
  return most > 0 ? posted / most : 0.0;
}

RiskBook bookAtCollateral(const RiskBook& book, double r) {
  RiskBook out = book;
  for (int i = 0; i < book.size(); ++i) {
    const size_t k = static_cast<size_t>(i);
    const double maxLoss = positionMaxLoss(book, i);
    const double coll = r * maxLoss;
    const double perUnit = book.units[k] > 0 ? coll / book.units[k] : 0.0;
    const bool put = book.kind[k] == static_cast<std::uint8_t>(OptionKind::Put);
    out.collateral[k] = coll;
    out.coverStrike[k] = put ? std::max(book.strike[k] - perUnit, 0.0) : book.strike[k] + perUnit;
    const bool capped = put || book.maxCover[k] > 0;
    if (!capped) continue;  // an uncapped call stays uncapped: only its cover strike moves
    const double cover = book.coverShare[k] * (maxLoss - coll);
    // maxCover <= 0 reads as "no cap": a position whose collateral covers
    // its whole max loss leaves the pool nothing to owe instead.
    if (cover > 0) out.maxCover[k] = cover;
    else {
      out.maxCover[k] = 0;
      out.coverShare[k] = 0;
    }
  }
  return out;
}

SolveAnswer solveCollateral(const std::function<long long(double r)>& defaultsAt, long long samples, double targetPd,
                            const BookCapital& capital) {
  SolveAnswer a;
  a.solver = Solver::Collateral;
  a.samples = samples;
  a.insuranceFund = capital.insuranceFund;
  a.poolCapital = capital.poolCapital;
  std::map<double, long long> seen;  // r -> defaults: the three searches share their steps
  auto count = [&](double r) {
    auto it = seen.find(r);
    if (it == seen.end()) it = seen.emplace(r, defaultsAt(r)).first;
    return it->second;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // The least grid r with defaults <= allowed, or NaN when r = 1 exceeds it.
  auto least = [&](long long allowed) {
    if (allowed < 0 || count(1.0) > allowed) return nan;
    if (count(0.0) <= allowed) return 0.0;
    double lo = 0.0, hi = 1.0;  // count(lo) > allowed >= count(hi)
    for (int step = 0; step < kCollateralSteps; ++step) {
      const double mid = 0.5 * (lo + hi);
      (count(mid) <= allowed ? hi : lo) = mid;
    }
    return hi;
  };
  a.value = least(allowedDefaults(targetPd, samples, 0));
  a.ciLo = least(allowedDefaults(targetPd, samples, -1));
  a.ciHi = least(allowedDefaults(targetPd, samples, +1));
  a.feasible = !std::isnan(a.value);
  a.defaults = count(a.feasible ? a.value : 1.0);
  a.pd = wilsonCi95(a.defaults, samples);
  a.passes = static_cast<int>(seen.size());
  return a;
}

}  // namespace mutualab
