// mutualab risk BOOK: the pool risk engine (MODEL.md section 5, docs/risk.md).
// VaR and ES of the pool's loss over a horizon by Monte Carlo with full
// repricing, per-writer Euler contributions, and Cover-1 / Cover-2 stress.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/errors.h"
#include "core/format_number.h"
#include "core/historical_sim.h"
#include "core/reverse_stress.h"
#include "core/risk_engine.h"
#include "core/risk_solver.h"
#include "core/stress.h"
#include "experiments/output_dir.h"
#include "experiments/parallel.h"
#include "experiments/results.h"
#include "experiments/risk_command.h"
#include "experiments/risk_run.h"
#include "experiments/risk_solve.h"
#include "native/cli_validators.h"
#include "native/interrupt.h"
#include "native/commands.h"
#include "native/plot.h"

namespace mutualab::cli {

namespace {

struct RiskArgs {
  std::string book;
  std::string scenario;
  std::vector<std::string> set;
  int horizonDays = 1;
  std::vector<std::string> levels;  // --levels as given (each occurrence), split and checked by listItems
  double samples = 100000;
  std::optional<double> positions;  // --positions N: a synthetic book
  std::uint64_t seed = 1;
  int threads = 0;
  std::string stress;
  std::string history;  // --history FILE: a price history, for the historical simulation
  bool filtered = false;  // --filtered: its returns rescaled by EWMA
  bool reverseStress = false;  // --reverse-stress
  std::string pool;  // --pool NAME or index: one pool's positions and layers
  std::optional<double> insuranceFund, poolCapital, backstop;  // absent: the book's
  std::vector<std::string> solve;  // --solve capital,fund,collateral
  std::optional<double> targetPd;  // --target-pd, for --solve (default 0.01)
  std::string regime;              // --regime calm|stress: the horizon's first regime (default: the book's)
  std::string out;
  bool noPlot = false;
  bool quiet = false;
};

std::string money(double x) {
  char buf[48];
  // A residue below a cent in significant digits: "0.00" or "-0.00" would hide it (or its sign).
  std::snprintf(buf, sizeof buf, x != 0 && std::fabs(x) < 0.005 ? "%.3g" : "%.2f", x);
  return buf;
}

// The solvers' table: each answer with its CI, and the default probability
// it achieves; for a book of several pools, each pool's under its name.
void printSolved(const std::vector<SolveReport>& reports, double seconds) {
  if (reports.empty()) return;
  std::printf("\n  solvers: the least layer that holds P(default at the horizon) <= %s%%, default = V(H) > insurance fund\n"
              "  + pool capital (the backstop is what pays when the pool defaults, so it is not counted):\n",
              shortestNumber(reports.front().targetPd * 100).c_str());
  if (reports.size() > 1)
    std::printf("  each pool against its own insurance fund and LP capital, all on the same market paths\n");
  std::printf("  %-11s %14s  %-30s %-30s %s\n", "solve for", "answer", "[95% CI]", "P(default) [95% Wilson CI]", "unit, held");
  auto pct = [](double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f%%", 100 * x);
    return std::string(buf);
  };
  auto ratio = [](double x) {
    if (std::isnan(x)) return std::string("above 1");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", x);
    return std::string(buf);
  };
  for (const SolveReport& s : reports) {
    const BookCapital& capital = s.capital;
    if (reports.size() > 1)
      std::printf("  pool %s (index %d), its writers posting %.4f of max loss:\n", s.pool.c_str(), s.poolIndex, s.bookCollateralRatio);
    for (const SolveAnswer& x : s.answers) {
      const bool coll = x.solver == Solver::Collateral;
      const std::string answer = coll ? (x.feasible ? ratio(x.value) : "none <= 1") : money(x.value);
      const std::string ci = coll ? "[" + ratio(x.ciLo) + ", " + ratio(x.ciHi) + "]" : "[" + money(x.ciLo) + ", " + money(x.ciHi) + "]";
      const std::string pd = pct(x.pd.p) + " [" + pct(x.pd.lo) + ", " + pct(x.pd.hi) + "]";
      std::string unit;
      if (x.solver == Solver::Capital) unit = "currency, fund " + money(capital.insuranceFund) + " held";
      else if (x.solver == Solver::Fund) unit = "currency, pool capital " + money(capital.poolCapital) + " held";
      else unit = "ratio of max loss, fund + capital " + money(capital.insuranceFund + capital.poolCapital) + " held";
      std::printf("  %-11s %14s  %-30s %-30s %s\n", solverName(x.solver), answer.c_str(), ci.c_str(), pd.c_str(), unit.c_str());
    }
    for (const SolveAnswer& x : s.answers) {
      if (x.solver != Solver::Collateral) continue;
      if (reports.size() == 1)
        std::printf("  collateral: %d pass%s over the sample on common random numbers (%.2f s), r to 1e-4; the book posts\n"
                    "  %.4f of max loss\n",
                    x.passes, x.passes == 1 ? "" : "es", seconds, s.bookCollateralRatio);
      if (!x.feasible)
        std::printf("  collateral: even r = 1 (collateral = max loss) leaves P(default) at %s > %s%%: the pool's layers are\n"
                    "  too small for the positions whose cover collateral cannot remove (uncapped calls)\n",
                    pct(x.pd.p).c_str(), shortestNumber(s.targetPd * 100).c_str());
    }
  }
  if (reports.size() > 1)
    std::printf("  solvers: %zu pools in %.2f s\n", reports.size(), seconds);
}

int riskCommand(const RiskArgs& a) {
  // 1. Everything is checked before anything runs or is written.
  checkThreads(a.threads);
  RiskRequest q;
  q.positions = a.positions ? wholeCount(*a.positions, "--positions", 1, 1e7) : 0;
  q.book = a.book;
  q.scenario = a.scenario;
  q.set = a.set;
  q.solvers = parseSolvers(listItems(a.solve, "--solve", "solvers: capital, fund or collateral"));
  q.def.horizonDays = a.horizonDays;
  q.def.levels = parseLevels(a.levels);
  q.def.samples = wholeCount(a.samples, "--samples", 1, 1e15);
  q.def.seed = a.seed;
  q.threads = a.threads;
  q.stress = a.stress;
  q.history = a.history;
  q.filtered = a.filtered;
  q.reverseStress = a.reverseStress;
  q.pool = a.pool;
  q.insuranceFund = a.insuranceFund;
  q.poolCapital = a.poolCapital;
  q.backstop = a.backstop;
  q.targetPd = a.targetPd;
  q.regime = a.regime;
  // The output folder is checked, and its fresh sibling made, once the rest
  // is and before anything runs: a refused --out costs nothing.
  const std::string outDir = a.out.empty() ? "out/risk" : a.out;
  std::unique_ptr<ResultsDirWriter> dir;
  RiskHooks hooks;
  hooks.checked = [&] {
    try {
      dir = std::make_unique<ResultsDirWriter>(outDir, "risk");
    } catch (const std::exception& e) {
      throw InputError("--out", e.what());
    }
  };
  hooks.cancel = interruptFlag();  // Ctrl-C: stop, and leave no output folder
  const auto start = std::chrono::steady_clock::now();
  if (!a.quiet && ::isatty(2)) {
    hooks.progress = [start](int pass, int done, int total) {
      if (done % 16 != 0 && done != total) return;
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "\r  %s: block %d/%d  %3.0f%%  elapsed %.1fs   ",
                   pass == 1 ? "losses" : pass == 2 ? "components" : "a pool's own losses", done, total,
                   100.0 * done / total, el);
      if (done == total) std::fprintf(stderr, "\n");
    };
    hooks.solveProgress = [start](int pass, double ratio, int done, int total) {
      if (done % 16 != 0 && done != total) return;
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "\r  collateral pass %d (r = %.4f): block %d/%d  %3.0f%%  elapsed %.1fs   ", pass, ratio, done,
                   total, 100.0 * done / total, el);
      if (done == total) std::fprintf(stderr, "\n");
    };
  }

  // 2. Run.
  RiskOutcome o;
  runRiskRequest(q, hooks, o);

  // 3. Files, whole or not at all; then the figure.
  try {
    for (const auto& [name, text] : o.files) dir->add(name, text);
    dir->commit();
  } catch (const std::exception& e) {
    throw InputError("--out", e.what());
  }
  // What the table reads.
  const RiskBook& book = o.book;
  const MarketDef& market = o.market;
  const RiskDef& def = o.def;
  const RiskEngine& engine = *o.engine;
  const RiskReport& r = o.report;
  const BookCapital& capital = o.capital;
  const std::string& marketSource = o.marketSource;
  const std::string& poolLabel = o.poolLabel;
  const std::vector<std::string>& poolNames = o.poolNames;
  const long long positions = q.positions;
  const std::vector<Solver>& solvers = q.solvers;
  const int threads = o.threads, poolCount = o.poolCount, poolsHolding = o.poolsHolding;
  const bool severalPools = o.severalPools, ownLayers = o.ownLayers, sharedBackstop = o.sharedBackstop;
  const double seconds = o.seconds, solveSeconds = o.solveSeconds;
  const std::vector<SolveReport>& solved = o.solved;
  if (a.quiet) {
    // --quiet prints nothing; the figure is still drawn (--no-plot skips it).
    if (!a.noPlot) drawRiskFigure(outDir, true);
    return 0;
  }

  // 4. The headline table.
  const RiskSummary& s = r.summary;
  const double repricings = static_cast<double>(def.samples) * engine.legs();
  std::printf("\nmutualab risk %s  (market: %s)\n", a.book.empty() ? ("synthetic book of " + std::to_string(positions)).c_str() : a.book.c_str(),
              marketSource.c_str());
  // Blocks of samples are the unit of work: no more threads run than there are.
  const int asked = a.threads > 0 ? a.threads : defaultThreadCount();
  const std::string threadNote = threads < asked ? " (one per block of " + std::to_string(kRiskBlockSamples) +
                                                       " samples; --threads " + std::to_string(asked) + " asked)"
                                                 : "";
  // Where the horizon's regime chain starts (a market without regimes has none).
  const char* from = !market.regime.enabled ? "" : book.stressed ? " from a stress day" : " from a calm day";
  if (!poolLabel.empty())
    std::printf("  measured alone: %s, with its positions, %s, %s, and the backstop\n", poolLabel.c_str(),
                a.insuranceFund ? "the insurance fund given" : "its insurance fund",
                a.poolCapital ? "the LP capital given" : "its LP capital");
  std::printf("  %d pooled positions (%d options), %d writers | horizon %d day(s)%s | %lld samples, seed %llu, "
              "%d thread(s)%s, %.2f s\n",
              book.size(), engine.legs(), engine.writerCount(), def.horizonDays, from, def.samples,
              static_cast<unsigned long long>(def.seed), threads, threadNote.c_str(), seconds);
  std::printf("  %.3g repricings in %.2f s: %.1f M/s over %d thread(s), both passes and the stress included\n", repricings,
              seconds, seconds > 0 ? repricings / seconds / 1e6 : 0.0, threads);
  std::printf("  pool's cover, model value now    %s currency\n", money(s.valueNow).c_str());
  std::printf("  mean loss over the horizon       %s  (Monte Carlo std. error %s)\n\n", money(s.meanLoss).c_str(),
              money(s.meanLossStdErr).c_str());
  std::printf("  %-7s %12s  %-26s %12s  %s\n", "level", "VaR", "[95% CI]", "ES", "[95% CI]");
  for (const LevelRisk& l : s.levels) {
    const std::string varCi = "[" + money(l.varCiLo) + ", " + money(l.varCiHi) + "]";
    const std::string esCi = "[" + money(l.esCiLo) + ", " + money(l.esCiHi) + "]";
    std::printf("  %-7s %12s  %-26s %12s  %s\n", (shortestNumber(l.level * 100) + "%").c_str(), money(l.valueAtRisk).c_str(),
                varCi.c_str(), money(l.expectedShortfall).c_str(), esCi.c_str());
  }
  std::printf("  (currency; CIs: VaR by order statistics, ES by the delta method; risk.json says how)\n");
  // Several pools: each pool's own loss, against its own layers (its capital pays only its own claims).
  if (!r.pools.empty() && !s.levels.empty()) {
    const std::string lv = shortestNumber(s.levels[0].level * 100) + "%";
    std::printf("\n  each pool's own loss: its positions alone, on the same market paths (var_es_pools.csv, every level;\n"
                "  %.2f s more), %s:\n",
                o.poolSeconds,
                book.pools.empty() ? "the book listing no pool's capital" : "against its own insurance fund + LP capital");
    std::printf("    %-12s %11s %11s  %-22s %11s  %-22s %12s %12s\n", "pool", "V(0)", ("VaR " + lv).c_str(), "[95% CI]",
                ("ES " + lv).c_str(), "[95% CI]", "V(0) + ES", "fund + cap.");
    for (const PoolRisk& p : r.pools) {
      const LevelRisk& l = p.summary.levels[0];
      const std::string& name = p.layers.name;
      const double layers = p.layers.insuranceFund + p.layers.poolCapital;
      std::printf("    %-12s %11s %11s  %-22s %11s  %-22s %12s %12s%s\n", name.empty() ? std::to_string(p.pool).c_str() : name.c_str(),
                  money(p.summary.valueNow).c_str(), money(l.valueAtRisk).c_str(),
                  ("[" + money(l.varCiLo) + ", " + money(l.varCiHi) + "]").c_str(), money(l.expectedShortfall).c_str(),
                  ("[" + money(l.esCiLo) + ", " + money(l.esCiHi) + "]").c_str(),
                  money(p.summary.valueNow + l.expectedShortfall).c_str(), book.pools.empty() ? "" : money(layers).c_str(),
                  !book.pools.empty() && p.summary.valueNow + l.expectedShortfall > layers ? "  short" : "");
    }
  }
  // The history's H-day moves on today's book, beside the Monte Carlo's.
  if (r.historical) {
    const HistoricalReport& h = *r.historical;
    const HistoricalResult& hr = h.result;
    std::printf("\n  %shistorical simulation: today's book on each %d-day window of %s (%zu windows, days 0 to %d;\n"
                "  volatility held; historical.csv), beside the Monte Carlo's:\n",
                hr.volEnd.empty() ? "" : "filtered ", def.horizonDays, h.file.c_str(), hr.windows.size(), hr.lastDay);
    for (size_t k = 0; k < hr.volEnd.size() && k < market.assets.size(); ++k)
      std::printf("    %s: returns rescaled to the EWMA volatility at the history's end, %.3f (lambda %g), from %.3f over "
                  "the history\n",
                  market.assets[k].name.c_str(), hr.volEnd[k], h.lambda, hr.volHistory[k]);
    std::printf("    %-7s %12s %12s %8s    %12s %12s\n", "level", "VaR", "ES", "beyond", "MC VaR", "MC ES");
    for (size_t i = 0; i < hr.summary.levels.size(); ++i) {
      const LevelRisk& l = hr.summary.levels[i];
      std::printf("    %-7s %12s %12s %8d    %12s %12s\n", (shortestNumber(l.level * 100) + "%").c_str(),
                  money(l.valueAtRisk).c_str(), money(l.expectedShortfall).c_str(), l.tailSamples,
                  money(s.levels[i].valueAtRisk).c_str(), money(s.levels[i].expectedShortfall).c_str());
    }
    // Several pools measured together: each pool's own windows.
    for (const PoolRisk& p : r.pools) {
      if (!p.historical || p.historical->summary.levels.empty()) continue;
      const LevelRisk& l = p.historical->summary.levels[0];
      const std::string name = p.layers.name.empty() ? std::to_string(p.pool) : p.layers.name;
      std::printf("    %-7s %12s %12s %8d    pool %s alone (historical.csv: pool_loss_%s)\n",
                  (shortestNumber(l.level * 100) + "%").c_str(), money(l.valueAtRisk).c_str(),
                  money(l.expectedShortfall).c_str(), l.tailSamples, name.c_str(), name.c_str());
    }
    const HistoricalWindow& w = hr.windows[static_cast<size_t>(hr.worst)];
    std::string moves;
    for (size_t k = 0; k < w.spotMove.size() && k < market.assets.size(); ++k) {
      char m[32];
      std::snprintf(m, sizeof m, " %+.1f%%", 100.0 * w.spotMove[k]);
      moves += (moves.empty() ? "" : ",") + std::string(" ") + market.assets[k].name + m;
    }
    std::printf("    worst window: days %d to %d (%s), L = %s\n", w.startDay, w.startDay + def.horizonDays,
                moves.substr(1).c_str(), money(w.loss).c_str());
    std::printf("    (beyond: the windows past VaR, which ES averages; windows overlap by %d day(s), so no CI)\n",
                def.horizonDays - 1);
  }
  // What moves V now, asset by asset: the terms a full repricing sums up.
  std::printf("\n  sensitivities of the cover's value now (+ = the pool loses as it rises; sensitivities.csv):\n");
  std::printf("    %-16s %9s %12s %13s %12s %12s %12s %12s\n", severalPools ? "pool: asset" : "asset", "positions", "spot",
              "delta, units", "delta +1%", "gamma +1%", "vega +1 pt", "theta 1 day");
  auto sensitivityLines = [&](const std::string& pool, const std::vector<AssetSensitivity>& sens) {
    for (size_t k = 0; k < sens.size(); ++k) {
      const AssetSensitivity& g = sens[k];
      if (g.positions == 0) continue;
      const std::string name = pool + (k < book.assetNames.size() ? book.assetNames[k] : std::to_string(k));
      // Padded by characters, not bytes: a name in UTF-8 ("SOLé") keeps its row in line.
      size_t chars = 0;
      for (unsigned char ch : name) chars += (ch & 0xC0) != 0x80;
      const std::string padded = name + std::string(chars < 16 ? 16 - chars : 0, ' ');
      std::printf("    %s %9d %12s %13.4g %12s %12s %12s %12s\n", padded.c_str(), g.positions,
                  std::isfinite(g.spot) ? money(g.spot).c_str() : "(several)", g.delta, money(g.delta1pct).c_str(),
                  money(g.gamma1pct).c_str(), money(g.vega1pt).c_str(), money(g.theta1day).c_str());
    }
  };
  sensitivityLines(severalPools ? "all: " : "", r.sensitivities);
  for (size_t k = 0; k < r.poolSensitivities.size(); ++k)
    sensitivityLines((k < poolNames.size() && !poolNames[k].empty() ? poolNames[k] : "pool " + std::to_string(k)) + ": ",
                     r.poolSensitivities[k]);
  std::printf("  (V's change to first order, currency: for +1%% spot (and its second-order term), +1 volatility point\n"
              "   and one day passing; rates at today's prices, far from exact near an expiry)\n");
  // The writers who carry most of the first level's ES.
  if (!s.levels.empty() && engine.writerCount() > 0) {
    std::vector<int> order(static_cast<size_t>(engine.writerCount()));
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    const auto& es = r.components.es[0];
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return es[static_cast<size_t>(x)] > es[static_cast<size_t>(y)]; });
    std::printf("\n  largest Euler contributions to ES %s%% (components.csv has every writer's; they sum to ES):\n",
                shortestNumber(s.levels[0].level * 100).c_str());
    for (size_t k = 0; k < order.size() && k < 5; ++k) {
      const size_t w = static_cast<size_t>(order[k]);
      std::printf("    writer %-8d %14s  (%5.1f%% of ES; component VaR %s)\n", engine.writerIds()[w], money(es[w]).c_str(),
                  s.levels[0].expectedShortfall != 0 ? 100.0 * es[w] / s.levels[0].expectedShortfall : 0.0,
                  money(r.components.var[0][w]).c_str());
    }
  }
  const std::string held = std::to_string(poolCount) + " pools" +
                           (poolsHolding < poolCount ? " (" + std::to_string(poolsHolding) + " with open positions)" : "");
  if (ownLayers)
    std::printf("\n  note: a book of %s; VaR and ES above are of its positions as one (each pool's own below them),\n"
                "  and the stress pays each pool's part from its own insurance fund and LP capital, then the shared\n"
                "  backstop (--pool NAME: one pool)\n",
                held.c_str());
  else if (severalPools)
    std::printf("\n  note: a book of %s, their capital as one layer\n"
                "  (%s); a pool's capital pays only its own claims, so read each pool's waterfall with --pool NAME\n",
                held.c_str(), book.pools.empty() ? "the book lists no pools' capital" : "as --insurance-fund or --pool-capital gives it");
  // The stress pays from the backstop at once and in full: what a measure
  // of one pool cannot see is the other pools' claims on it in the same
  // stress; what no measure sees is a bridge's delay and losses on the way
  // (a run of the scenario has both).
  if (sharedBackstop && capital.backstop > 0 && !a.pool.empty())
    std::printf("\n  note: the backstop (%s) is shared by %d pools and counted here as paid at once and in full to %s;\n"
                "  the other pools' claims on it in the same stress and a bridge's delay and losses are not (run the\n"
                "  scenario for those: its series has each pool's backstop payments, paid late and lost in transit)\n",
                money(capital.backstop).c_str(), poolCount, poolLabel.c_str());
  else if (sharedBackstop && capital.backstop > 0)
    std::printf("  note: the shared backstop (%s) pays, at once, what the layers before it cannot: a bridge's delay and\n"
                "  losses on the way are not modelled here (a run of the scenario has them: paid_late, lost_in_transit)\n",
                money(capital.backstop).c_str());
  std::printf("\n  stress (%zu scenarios at the horizon; capital: insurance fund %s, pool capital %s, backstop %s):\n",
              r.stress.rows.size(), money(capital.insuranceFund).c_str(), money(capital.poolCapital).c_str(),
              money(capital.backstop).c_str());
  // Each pool's part, where it has one: what its own layers paid, and what it left to the backstop.
  auto poolParts = [&](const CoverOutcome& c) {
    for (size_t p = 0; p < c.pools.size(); ++p) {
      const PoolCover& pc = c.pools[p];
      if (pc.requirement <= 0) continue;
      const std::string& name = book.pools[p].name;
      std::printf("        pool %s: %s; its fund pays %s, its capital %s, the backstop %s -> %s\n",
                  name.empty() ? std::to_string(p).c_str() : name.c_str(), money(pc.requirement).c_str(),
                  money(pc.paidInsuranceFund).c_str(), money(pc.paidPoolCapital).c_str(), money(pc.paidBackstop).c_str(),
                  !pc.covered() ? ("unpaid " + money(pc.uncovered)).c_str() : "covered");
    }
  };
  auto coverLine = [&](const char* label, int row, bool two) {
    if (row < 0) return;
    const StressRow& sr = r.stress.rows[static_cast<size_t>(row)];
    const CoverOutcome& c = two ? sr.cover2 : sr.cover1;
    std::string who;
    for (int w : c.defaulters) who += (who.empty() ? "writer " : " and ") + std::to_string(w);
    std::printf("    %s worst \"%s\": %s default, %s beyond collateral\n", label, sr.scenario.name.c_str(), who.c_str(),
                money(c.requirement).c_str());
    std::printf("      insurance fund pays %s, pool capital %s, backstop %s -> %s\n", money(c.paidInsuranceFund).c_str(),
                money(c.paidPoolCapital).c_str(), money(c.paidBackstop).c_str(),
                c.covered() ? "covered" : ("UNCOVERED " + money(c.uncovered)).c_str());
    poolParts(c);
  };
  coverLine("Cover-1", r.stress.worstCover1, false);
  coverLine("Cover-2", r.stress.worstCover2, true);
  if (r.stress.worstPoolLoss >= 0) {
    // What the pool owes on every position anyway, defaults or not.
    const StressRow& sr = r.stress.rows[static_cast<size_t>(r.stress.worstPoolLoss)];
    const CoverOutcome& c = sr.wholeBook;
    std::printf("    whole book, worst \"%s\": the pool owes V(H) = %s, its loss L = %s on V(0) (every position's\n"
                "      cover, no default needed)\n",
                sr.scenario.name.c_str(), money(sr.poolValue).c_str(), money(sr.poolLoss).c_str());
    std::printf("      insurance fund pays %s, pool capital %s, backstop %s -> %s\n", money(c.paidInsuranceFund).c_str(),
                money(c.paidPoolCapital).c_str(), money(c.paidBackstop).c_str(),
                c.covered() ? "covered" : ("UNCOVERED " + money(c.uncovered)).c_str());
    poolParts(c);
  }
  if (!r.reverse.empty()) {
    std::printf("\n  reverse stress: the least move after which buyers go unpaid, every layer paid out (reverse_stress.csv):\n");
    std::printf("    %-24s %18s %18s %18s\n", "direction", "whole book", "Cover-1", "Cover-2");
    for (const ReverseRow& row : r.reverse) {
      std::string cells[kReverseTests];
      for (int t = 0; t < kReverseTests; ++t) {
        const ReverseBreak& b = row.breaks[static_cast<size_t>(t)];
        char cell[48];
        if (!b.found) std::snprintf(cell, sizeof cell, "none");
        else if (row.direction.sign == 0) std::snprintf(cell, sizeof cell, "vol x%.2f", b.move);
        else std::snprintf(cell, sizeof cell, "%+.2f%%", 100.0 * b.move);
        cells[t] = cell;
        if (b.found && b.pool >= 0 && static_cast<size_t>(b.pool) < book.pools.size())
          cells[t] += " (" + book.pools[static_cast<size_t>(b.pool)].name + ")";
      }
      std::printf("    %-24s %18s %18s %18s\n", row.direction.name.c_str(), cells[0].c_str(), cells[1].c_str(), cells[2].c_str());
    }
    std::printf("    (none: every layer holds to -99%%, +1000%% or vol x20; spot moves at volatility held; with several\n"
                "     pools' own layers, the pool left shortest in brackets)\n");
  }
  if (!solvers.empty()) printSolved(solved, solveSeconds);
  std::printf("\n  files: %s/risk.json  var_es.csv%s  components.csv  stress.csv%s  sensitivities.csv  loss_histogram.csv%s%s\n",
              outDir.c_str(), r.pools.empty() ? "" : "  var_es_pools.csv", ownLayers ? "  stress_pools.csv" : "",
              (std::string(r.historical ? "  historical.csv" : "") + (r.reverse.empty() ? "" : "  reverse_stress.csv")).c_str(),
              solvers.empty() ? "" : "  solve.json  solve.csv");
  if (!a.noPlot) drawRiskFigure(outDir, false);
  std::printf("\n");
  return 0;
}

}  // namespace

void addRisk(CLI::App& app, int& exitCode) {
  auto a = std::make_shared<RiskArgs>();
  CLI::App* cmd = app.add_subcommand("risk", "VaR, ES, per-writer contributions and Cover-1/Cover-2 stress of a pool's open book");
  cmd->footer(
      "BOOK is a book.csv or book.json, as `mutualab run SCENARIO --book-at STEP` writes (docs/risk.md lists the\n"
      "columns). The pool's loss over the horizon H is L = V(H) - V(0), in currency: V is the Black-Scholes value of\n"
      "what the pool owes beyond each writer's collateral (coverShare x units x an option at the cover strike, capped\n"
      "at maxCover), repriced in full on every simulated market at H with the remaining life; a position expiring\n"
      "before H is worth its payoff at expiry. The market over H is the scenario's (correlated GBM, Merton jumps,\n"
      "calm/stress regimes), simulated day by day from the regime of the book's date (book.json's \"regime\";\n"
      "calm for a book without one; --regime sets it). A position is repriced at the pool's own mark on the path:\n"
      "its EWMA volatility estimate carried along it from the position's pricing volatility (market/pricingVol\n"
      "\"ewma\"), or that volatility where the pool's is fixed.\n\n"
      "VaR at level q is the q-quantile of L; ES the mean of L beyond it. The 95% CIs come from order statistics (VaR)\n"
      "and the delta method (ES); the mean loss has its Monte Carlo standard error. Component VaR/ES per writer are\n"
      "Euler allocations and sum to the totals. Stress: 20 scenarios (all assets -40..+40%, vol x1..x2.5), 21 with the\n"
      "scenario's shock if it has one, or --stress FILE; in each, the 1 (Cover-1) or 2 (Cover-2) writers with the\n"
      "largest stressed loss beyond their collateral default, and that loss runs through the insurance fund, pool\n"
      "capital and the backstop (several pools: each pool's part through its own fund and capital, then the shared\n"
      "backstop). Sensitivities: delta, gamma, vega and theta of V now, per asset, and V's change for +1% spot,\n"
      "+1 volatility point and one day (sensitivities.csv).\n"
      "A book of several pools measured together also gives each pool's own VaR and ES, its positions alone on the\n"
      "same market paths, beside its own fund and capital (var_es_pools.csv).\n"
      "--history FILE adds VaR and ES by historical simulation: today's book repriced in full on every H-day window\n"
      "of a price history (days d to d + H, d = 0, 1, ...), volatility held at each position's pricing volatility;\n"
      "the windows overlap, so no CI (historical.csv, risk.json's \"historical\"; docs/risk.md section 13).\n"
      "--reverse-stress finds the least moves after which buyers go unpaid once every layer has paid: every\n"
      "asset (and each alone) down and up, and volatility up (reverse_stress.csv; docs/risk.md section 6).\n"
      "--filtered rescales each day's return to the volatility at the history's end first (EWMA, the market's\n"
      "ewmaLambda): filtered historical simulation, as clearing houses' margin models run it.\n"
      "Results depend on the seed alone, never on --threads.\n\n"
      "--solve capital,fund,collateral finds the least LP capital, insurance fund, or writer collateral ratio (of each\n"
      "position's max loss: put strike x units, call from its cap) that holds P(default at H) <= --target-pd, where\n"
      "the pool defaults when V(H) > insurance fund + pool capital (the backstop pays when the pool defaults, so it is\n"
      "not counted). Capital and fund are an order statistic of V(H) with its order-statistic 95% CI; collateral is a\n"
      "bisection on common random numbers to 1e-4 with the CI from inverting the Wilson interval, and reprices the\n"
      "sample up to 44 more times. A book of several pools is solved pool by pool, each against its own fund and\n"
      "capital from book.json (--pool: one of them). Files solve.json and solve.csv; docs/risk.md section 10.\n\n"
      "Examples:\n"
      "  mutualab run preset:akerlof-flat-fee --reps 1 --book-at 200 --out out/flat\n"
      "  mutualab risk out/flat/book.json --horizon-days 5 --levels 0.99,0.975 --out out/flat-risk\n"
      "  mutualab risk out/flat/book.csv --scenario preset:akerlof-flat-fee --samples 1e6 --threads 8\n"
      "  mutualab risk --positions 10000 --samples 1e4        (a synthetic book: scale and speed)\n"
      "  mutualab risk out/flat/book.json --horizon-days 5 --solve capital,fund,collateral --target-pd 0.01");
  cmd->add_option("BOOK", a->book, "book.csv or book.json (from run --book-at)");
  cmd->add_option("--scenario", a->scenario,
                  "scenario file or preset:NAME whose market drives the horizon (default: the market a book.json "
                  "carries, or the book.json beside a book.csv, else the default scenario's)")
      ->check(kNonEmpty);
  cmd->add_option("--set", a->set, "override a scenario value: path=value (e.g. market/assets/0/volAnnual=1.2); repeatable");
  cmd->add_option("--horizon-days", a->horizonDays, "horizon H, whole days (at most the last expiry in the book)")->capture_default_str();
  cmd->add_option("--levels", a->levels, "confidence levels of VaR and ES, each in (0, 1), comma-separated")
      ->type_name("FLOAT,...")
      ->default_str("0.99,0.975");
  cmd->add_option("--samples", a->samples, "Monte Carlo samples of the whole book (1e5 or 100000)")
      ->check(kNonEmpty)
      ->capture_default_str();
  cmd->add_option("--positions", a->positions,
                  "instead of BOOK: a synthetic book of N >= 1 positions (scale and speed checks)")
      ->check(kNonEmpty);
  cmd->add_option("--seed", a->seed, "seed; block b of samples draws from the stream (seed, b)")
      ->check(kSeedValidator)
      ->capture_default_str();
  cmd->add_option("--threads", a->threads, "worker threads (0 = all cores); results do not depend on it")->capture_default_str();
  cmd->add_option("--stress", a->stress,
                  "JSON file of stress scenarios: [{\"name\": ..., \"spotMove\": -0.5 or {\"ETH\": -0.5}, \"volMultiplier\": 2, "
                  "\"volShift\": 0.2 (volatility points) or {\"ETH\": 0.2}}]")
      ->check(kNonEmpty);
  cmd->add_option("--history", a->history,
                  "CSV price history (time,asset,price, days from its start: market/pricePath/file's format): VaR and "
                  "ES by historical simulation, today's book on each --horizon-days window of it (historical.csv)")
      ->check(kNonEmpty);
  cmd->add_flag("--filtered", a->filtered,
               "with --history: filtered historical simulation, each day's return rescaled to the volatility at the "
               "history's end (EWMA at the market's ewmaLambda)");
  cmd->add_flag("--reverse-stress", a->reverseStress,
               "reverse stress: the least spot move (every asset, each alone, down and up) and volatility multiplier "
               "after which buyers go unpaid, for the whole book, Cover-1 and Cover-2 (reverse_stress.csv)");
  cmd->add_option("--pool", a->pool,
                  "one pool only: its positions, its insurance fund and LP capital, and the shared backstop (a name or "
                  "an index of the book's pools); default: every pool together")
      ->check(kNonEmpty);
  cmd->add_option("--insurance-fund", a->insuranceFund,
                  "insurance fund for the stress, currency (default: the book's; a book.csv's from the book.json beside it, else 0)")
      ->check(kNonEmpty);
  cmd->add_option("--pool-capital", a->poolCapital, "LP capital for the stress, currency (default: the book's)")
      ->check(kNonEmpty);
  cmd->add_option("--backstop", a->backstop, "backstop for the stress, currency (default: the book's)")
      ->check(kNonEmpty);
  cmd->add_option("--solve", a->solve,
                  "solvers, comma-separated: capital, fund, collateral (the least of each that holds --target-pd)")
      ->type_name("TEXT,...");
  cmd->add_option("--target-pd", a->targetPd,
                  "with --solve: target probability that the pool defaults at the horizon, in (0, 1) (default 0.01)")
      ->check(kNonEmpty);
  cmd->add_option("--regime", a->regime,
                  "calm or stress: the market's regime on day 0 of the horizon (default: the book's, as run --book-at "
                  "records it; calm for a book without one); stress only in a market with calm/stress regimes")
      ->check(kNonEmpty);
  cmd->add_option("--out", a->out, "output directory (default out/risk); replaced whole, never half-written")->check(kNonEmpty);
  cmd->add_flag("--no-plot", a->noPlot, "do not draw figure.png / figure.svg");
  cmd->add_flag("--quiet", a->quiet, "print nothing on success");
  cmd->callback([a, &exitCode] { exitCode = riskCommand(*a); });
}

}  // namespace mutualab::cli
