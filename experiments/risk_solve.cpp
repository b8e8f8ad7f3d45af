#include "experiments/risk_solve.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "core/format_number.h"
#include "experiments/csv_row.h"
#include "experiments/parallel.h"
#include "experiments/runner.h"

namespace mutualab {

long long countDefaults(const RiskEngine& engine, double layers, int threads, const std::function<void(int, int)>& tick,
                        const std::atomic<bool>* cancel) {
  const int B = engine.blocks();
  std::vector<long long> counts(static_cast<size_t>(B), 0);
  std::mutex progressMutex;
  int done = 0;
  parallelFor(B, std::max(1, threads), [&](int b) {
    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
    RiskWorkspace ws = engine.workspace();
    std::vector<double> losses(static_cast<size_t>(engine.blockSize(b)));
    engine.blockLosses(b, ws, losses.data());
    long long k = 0;
    for (double loss : losses)
      if (loss + engine.valueNow() > layers) ++k;
    counts[static_cast<size_t>(b)] = k;
    if (tick) {
      std::lock_guard<std::mutex> lock(progressMutex);
      tick(++done, B);
    }
  });
  long long total = 0;
  for (long long k : counts) total += k;
  return total;
}

SolveReport runSolvers(const std::vector<Solver>& solvers, double targetPd, const RiskBook& book, const MarketDef& market,
                       const RiskDef& def, const BookCapital& capital, const std::vector<double>& losses, double valueNow,
                       const SolveOptions& opt) {
  SolveReport r;
  r.capital = capital;
  r.targetPd = targetPd;
  r.bookCollateralRatio = bookCollateralRatio(book);
  const double layers = capital.insuranceFund + capital.poolCapital;
  for (Solver s : solvers) {
    if (s != Solver::Collateral) {
      r.answers.push_back(solveLayer(s, losses, valueNow, capital, targetPd));
      continue;
    }
    int pass = 0;
    auto defaultsAt = [&](double ratio) {
      ++pass;
      const RiskEngine engine(bookAtCollateral(book, ratio), market, def);
      std::function<void(int, int)> tick;
      if (opt.progress) tick = [&](int done, int total) { opt.progress(pass, ratio, done, total); };
      return countDefaults(engine, layers, opt.threads, tick, opt.cancel);
    };
    r.answers.push_back(solveCollateral(defaultsAt, def.samples, targetPd, capital));
  }
  return r;
}

namespace {
std::string num(double x) { return std::isnan(x) ? std::string() : shortestNumber(x); }
nlohmann::json jnum(double x) { return std::isnan(x) ? nlohmann::json(nullptr) : nlohmann::json(x); }
const char* unitOf(Solver s) { return s == Solver::Collateral ? "ratio of max loss" : "currency"; }
}  // namespace

std::vector<std::pair<std::string, std::string>> solveFiles(const std::vector<SolveReport>& reports, const nlohmann::json& context) {
  std::string csv =
      "pool,pool_index,solver,unit,value,ci95_lo,ci95_hi,feasible,target_pd,achieved_pd,achieved_pd_ci95_lo,"
      "achieved_pd_ci95_hi,defaults,samples,insurance_fund,pool_capital,passes\n";
  nlohmann::json answers = nlohmann::json::array(), pools = nlohmann::json::array();
  for (const SolveReport& r : reports) {
    pools.push_back({{"pool", r.pool},
                     {"pool_index", r.poolIndex},
                     {"insurance_fund", r.capital.insuranceFund},
                     {"pool_capital", r.capital.poolCapital},
                     {"book_collateral_ratio", r.bookCollateralRatio}});
    for (const SolveAnswer& a : r.answers) {
      csv += csvQuoted(r.pool) + ',' + std::to_string(r.poolIndex) + ',' + solverName(a.solver) + ',' + unitOf(a.solver) + ',' +
             num(a.value) + ',' + num(a.ciLo) + ',' + num(a.ciHi) + ',' + (a.feasible ? "true" : "false") + ',' +
             num(r.targetPd) + ',' + num(a.pd.p) + ',' + num(a.pd.lo) + ',' + num(a.pd.hi) + ',' + std::to_string(a.defaults) +
             ',' + std::to_string(a.samples) + ',' + num(a.insuranceFund) + ',' + num(a.poolCapital) + ',' +
             std::to_string(a.passes) + '\n';
      answers.push_back({{"pool", r.pool},
                         {"pool_index", r.poolIndex},
                         {"solver", solverName(a.solver)},
                         {"unit", unitOf(a.solver)},
                         {"value", jnum(a.value)},
                         {"ci95", {jnum(a.ciLo), jnum(a.ciHi)}},
                         {"feasible", a.feasible},
                         {"achieved_pd", a.pd.p},
                         {"achieved_pd_ci95", {a.pd.lo, a.pd.hi}},
                         {"defaults", a.defaults},
                         {"samples", a.samples},
                         {"insurance_fund", jnum(a.insuranceFund)},
                         {"pool_capital", jnum(a.poolCapital)},
                         {"passes", a.passes}});
    }
  }
  nlohmann::json j = context;
  j["target_pd"] = reports.empty() ? 0.01 : reports.front().targetPd;
  // One book or pool: its own ratio; several pools: each one's under "pools".
  if (reports.size() == 1) j["book_collateral_ratio"] = reports.front().bookCollateralRatio;
  j["pools"] = pools;
  j["default_definition"] =
      "the pool defaults at the horizon when V(H) > insurance fund + pool capital, V(H) = V(0) + L the repriced value "
      "of the cover it owes; the backstop is what pays when the pool defaults, so it is not counted";
  j["methods"] = {
      {"capital", "least LP capital C >= 0 with P(V(H) > F + C) <= target on the sample: the order statistic of V(H) at "
                  "VaR's rank for level 1 - target, minus the fund F, clamped at 0; CI: the same order-statistic ranks as "
                  "var_ci95, minus F, clamped at 0"},
      {"fund", "as capital, with the fund and the capital swapped"},
      {"collateral", "least writer collateral ratio r in [0, 1] (every position's collateral r x its max loss: put strike x "
                     "units, call from its cap) with P(V_r(H) > F + C) <= target; bisection to 2^-14 (< 1e-4) on common "
                     "random numbers (every pass the same seed and blocks, so the same market paths); CI: the least r whose "
                     "Wilson 95% lower / upper bound of the default probability is <= target (null: no r <= 1)"},
      {"achieved_pd", "defaults / samples at the answer, with its Wilson 95% interval"}};
  j["answers"] = answers;
  return {{"solve.json", j.dump(2) + "\n"}, {"solve.csv", csv}};
}

}  // namespace mutualab
