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
#include "core/risk_engine.h"
#include "core/risk_solver.h"
#include "core/stress.h"
#include "experiments/book_io.h"
#include "experiments/load_scenario.h"
#include "experiments/output_dir.h"
#include "experiments/parallel.h"
#include "experiments/results.h"
#include "experiments/risk_run.h"
#include "experiments/risk_solve.h"
#include "experiments/stress_spec.h"
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
  std::string pool;  // --pool NAME or index: one pool's positions and layers
  std::optional<double> insuranceFund, poolCapital, backstop;  // absent: the book's
  std::vector<std::string> solve;  // --solve capital,fund,collateral
  std::optional<double> targetPd;  // --target-pd, for --solve (default 0.01)
  std::string regime;              // --regime calm|stress: the horizon's first regime (default: the book's)
  std::string out;
  bool noPlot = false;
  bool quiet = false;
};

// An amount given on the command line, or the book's. Bounded as a book's
// money is (experiments/book_io.cpp): every sum over it stays finite.
double capitalOption(const std::optional<double>& given, const char* option, double fromBook) {
  if (!given) return fromBook;
  const double v = *given;
  if (!(v >= 0 && v <= 1e15))
    throw InputError(option, "expected an amount in [0, 1e15] (currency), got " + shortestNumber(v));
  return v;
}

std::string money(double x) {
  char buf[48];
  // A residue below a cent in significant digits: "0.00" or "-0.00" would hide it (or its sign).
  std::snprintf(buf, sizeof buf, x != 0 && std::fabs(x) < 0.005 ? "%.3g" : "%.2f", x);
  return buf;
}

// The solvers' table: each answer with its CI, and the default probability it achieves.
void printSolved(const SolveReport& s, const BookCapital& capital, double seconds) {
  std::printf("\n  solvers: the least layer that holds P(default at the horizon) <= %s%%, default = V(H) > insurance fund\n"
              "  + pool capital (the backstop is what pays when the pool defaults, so it is not counted):\n",
              shortestNumber(s.targetPd * 100).c_str());
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
    std::printf("  collateral: %d pass%s over the sample on common random numbers (%.2f s), r to 1e-4; the book posts\n"
                "  %.4f of max loss\n",
                x.passes, x.passes == 1 ? "" : "es", seconds, s.bookCollateralRatio);
    if (!x.feasible)
      std::printf("  collateral: even r = 1 (collateral = max loss) leaves P(default) at %s > %s%%: the pool's layers are\n"
                  "  too small for the positions whose cover collateral cannot remove (uncapped calls)\n",
                  pct(x.pd.p).c_str(), shortestNumber(s.targetPd * 100).c_str());
  }
}

int riskCommand(const RiskArgs& a) {
  // 1. Everything is checked before anything runs or is written.
  checkThreads(a.threads);
  const long long positions = a.positions ? wholeCount(*a.positions, "--positions", 1, 1e7) : 0;
  if (a.book.empty() && positions == 0)
    throw InputError("BOOK", "expected a book file (book.csv or book.json, as `mutualab run --book-at STEP` writes), or "
                             "--positions N for a synthetic book");
  if (!a.book.empty() && positions > 0) throw InputError("--positions", "give a BOOK or --positions, not both");
  const std::vector<Solver> solvers =
      parseSolvers(listItems(a.solve, "--solve", "solvers: capital, fund or collateral"));
  RiskDef def;
  def.horizonDays = a.horizonDays;
  def.levels = parseLevels(a.levels);
  def.samples = wholeCount(a.samples, "--samples", 1, 1e15);
  def.seed = a.seed;

  // The market: --scenario, else the one a JSON book carries (a book.csv's
  // companion book.json, as run --book-at writes both), else the default scenario's.
  std::string companion;
  if (!a.book.empty() && a.book.size() > 4 && a.book.compare(a.book.size() - 4, 4, ".csv") == 0) {
    const std::filesystem::path json = std::filesystem::path(a.book).parent_path() / "book.json";
    std::error_code ec;
    if (std::filesystem::is_regular_file(json, ec)) companion = json.string();
  }
  // --set changes only what risk reads of a scenario: its market, its shock
  // (a stress scenario) and sim/daysPerYear. Anything else would be accepted
  // and have no effect.
  for (const std::string& o : a.set) {
    std::string path = o.substr(0, o.find('='));
    if (!path.empty() && path[0] == '/') path.erase(0, 1);
    auto under = [&path](const char* top) { return path == top || path.rfind(std::string(top) + "/", 0) == 0; };
    if (!under("market") && !under("shock") && path != "sim/daysPerYear")
      throw InputError("--set", "'" + o + "': risk reads only the scenario's market/..., shock/... and sim/daysPerYear, so " +
                                    "this value would have no effect; set it in the scenario of `mutualab run` that writes the book");
  }
  // The source's own errors are named as its; then, with --set, the
  // overrides' are named as theirs.
  auto withSets = [&a](const std::function<LoadedScenario(const std::vector<std::string>&)>& load) {
    if (a.set.empty()) return load({});
    load({});
    try {
      return load(a.set);
    } catch (const InputError& e) {
      throw InputError("--set", e.what());
    }
  };
  LoadedScenario sc;
  std::string marketSource;
  if (!a.scenario.empty()) {
    sc = withSets([&](const std::vector<std::string>& set) {
      if (!set.empty()) return loadScenario(a.scenario, set, "--scenario");
      try {
        return loadScenario(a.scenario, set, "--scenario");
      } catch (const InputError& e) {
        // Beside the book, say which file's field it is.
        if (e.path().empty() || e.path()[0] != '/') throw;
        throw InputError(a.scenario + ": " + e.path(), std::string(e.what()).substr(e.path().size() + 2));
      }
    });
    marketSource = a.scenario;
  } else {
    nlohmann::json carried = a.book.empty() ? nlohmann::json() : bookMarketJson(a.book);
    nlohmann::json j = {{"name", "risk"}};
    std::string carrier = a.book;  // the file whose market this is, named in its errors
    marketSource = a.book + " (its market)";
    if (carried.is_null() && !companion.empty()) {
      carried = bookMarketJson(companion);
      carrier = companion;
      marketSource = companion + " (beside the CSV)";
    }
    if (!carried.is_null()) {
      if (carried.contains("market")) j["market"] = carried["market"];
      else marketSource = "the default scenario's market";
      if (carried.contains("daysPerYear")) j["sim"] = {{"daysPerYear", carried["daysPerYear"]}};
      if (carried.contains("shock")) j["shock"] = carried["shock"];
    } else {
      carrier.clear();
      marketSource = "the default scenario's market";
    }
    sc = withSets([&](const std::vector<std::string>& set) {
      if (!set.empty() || carrier.empty()) return loadScenarioJson(j, set, marketSource);
      try {
        return loadScenarioJson(j, set, marketSource);
      } catch (const InputError& e) {
        if (e.path().empty() || e.path()[0] != '/') throw;
        // The book keeps days per year at its top level, not under /sim.
        const std::string path = e.path() == "/sim/daysPerYear" ? "/daysPerYear" : e.path();
        throw InputError(carrier + ": " + path, std::string(e.what()).substr(e.path().size() + 2));
      }
    });
  }
  // What --set changed is part of the market's name, so the output says how
  // to measure it again (risk.json's `set` lists them too).
  if (!a.set.empty()) {
    std::string sets;
    for (const std::string& o : a.set) sets += (sets.empty() ? "" : " ") + std::string("--set ") + o;
    marketSource += ", with " + sets;
  }
  const MarketDef& market = sc.def.market;
  // Monte Carlo needs a model of the horizon; a path of observed prices is one history, not a distribution.
  if (market.pricePath.fromData())
    marketSource += "; its price path (" + market.pricePath.file +
                    ") is not replayed: the horizon is simulated from each asset's drift, volatility, jumps and regimes";
  def.daysPerYear = sc.def.sim.daysPerYear;

  RiskBook book;
  if (positions > 0) {
    // The work check comes first, so a huge synthetic book is refused before it is built.
    checkRiskWork(static_cast<double>(def.samples), static_cast<double>(positions) * 1.2, "--positions", 1, "",
                  static_cast<double>(def.horizonDays) * static_cast<double>(market.assets.size()));  // ~1 call in 5 is a spread
    std::vector<std::string> names;
    std::vector<double> spots, vols;
    for (const AssetDef& as : market.assets) {
      names.push_back(as.name);
      spots.push_back(as.spot);
      vols.push_back(as.volAnnual);
    }
    book = syntheticBook(static_cast<int>(positions), names, spots, vols);
  } else {
    book = readBook(a.book, market);
    // A CSV carries no capital: its companion's, if it has one (the options below override).
    if (!companion.empty()) {
      const RiskBook json = readBook(companion, market);
      // run --book-at writes the two with the same positions; a book.json of
      // another book must not lend this one its market and capital unseen.
      if (json.size() != book.size())
        throw InputError(a.book, "the book.json beside it, whose market and capital a CSV book takes, holds " +
                                     std::to_string(json.size()) + " positions and this CSV " + std::to_string(book.size()) +
                                     ": it describes another book; move one of them to a folder of its own");
      // Nor one of the same size: its positions must be this CSV's, row by
      // row, by who wrote what (kind, asset, writer, pool, expiry). Amounts
      // may differ: a CSV edited to ask "what if this position were larger"
      // is still this book.
      for (int i = 0; i < book.size(); ++i) {
        const auto k = static_cast<size_t>(i);
        const char* field = book.kind[k] != json.kind[k]               ? "kind"
                            : book.asset[k] != json.asset[k]           ? "asset"
                            : book.writer[k] != json.writer[k]         ? "writer"
                            : book.pool[k] != json.pool[k]             ? "pool"
                            : book.expiryDays[k] != json.expiryDays[k] ? "expiry_days"
                                                                       : nullptr;
        if (field)
          throw InputError(a.book + ":" + std::to_string(i + 2),
                           "position " + std::to_string(i) + "'s " + field + " is not that of position " + std::to_string(i) +
                               " in the book.json beside it, whose market and capital a CSV book takes: it describes "
                               "another book; move one of them to a folder of its own (and give --scenario for the CSV's market)");
      }
      book.capital = json.capital;
      book.pools = json.pools;
      book.stressed = json.stressed;
    }
  }
  // The pools the book's positions are in (a CSV alone lists no pools' capital: only their indices).
  int poolCount = static_cast<int>(book.pools.size());
  for (int i = 0; i < book.size(); ++i) poolCount = std::max(poolCount, book.pool[static_cast<size_t>(i)] + 1);
  const bool sharedBackstop = poolCount > 1;
  std::vector<bool> holds(static_cast<size_t>(poolCount), false);
  for (int i = 0; i < book.size(); ++i) holds[static_cast<size_t>(book.pool[static_cast<size_t>(i)])] = true;
  const int poolsHolding = static_cast<int>(std::count(holds.begin(), holds.end(), true));
  // Every pool of a several-pool book at once (its positions may be in one of them only).
  const bool severalPools = a.pool.empty() && poolCount > 1;
  std::string poolLabel;  // the pool measured alone, as the output names it
  nlohmann::json poolContext = "all";  // risk.json's "pool": its name (or index), and "pool_index"
  int poolIndex = -1;
  if (!a.pool.empty()) {
    // A book without the pools' capital (a CSV with no book.json beside it):
    // its pools by index, their capital 0 unless the options below give it.
    if (book.pools.empty())
      for (int i = 0; i < poolCount; ++i) book.pools.push_back(PoolCapital{});
    std::string names;
    int byName = -1, byIndex = -1;
    for (size_t i = 0; i < book.pools.size(); ++i) {
      names += (names.empty() ? "" : ", ") + (book.pools[i].name.empty() ? std::to_string(i) : book.pools[i].name);
      if (!book.pools[i].name.empty() && book.pools[i].name == a.pool) byName = static_cast<int>(i);
      if (std::to_string(i) == a.pool) byIndex = static_cast<int>(i);
    }
    // A name wins over an index: pools named 1, 2, 3 are pools 0, 1, 2.
    const int k = byName >= 0 ? byName : byIndex;
    if (book.pools.empty())
      throw InputError("--pool", "the book has no positions, so no pools, got '" + a.pool + "'");
    if (k < 0) throw InputError("--pool", "expected one of the book's pools (" + names + ") or its index, got '" + a.pool + "'");
    const std::string& name = book.pools[static_cast<size_t>(k)].name;
    poolLabel = book.pools.size() == 1 ? "the book's one pool"
                : name.empty()          ? "pool " + std::to_string(k)
                                        : "pool " + name + " (index " + std::to_string(k) + ")";
    poolContext = name.empty() ? std::to_string(k) : name;
    poolIndex = k;
    book = book.onlyPool(k);
    if (book.size() == 0) throw InputError("--pool", poolLabel + " holds no open positions in this book");
  }
  if (!a.regime.empty()) {
    if (a.regime != "calm" && a.regime != "stress")
      throw InputError("--regime", "expected calm or stress (the market's regime on the book's date), got '" + a.regime + "'");
    book.stressed = a.regime == "stress";
  }
  // A horizon can start in stress only where the market has a stress regime
  // (before 2026-12-04 it started calm and risk.json said stress).
  if (book.stressed && !market.regime.enabled)
    throw InputError(a.regime.empty() ? a.book + ": /regime" : "--regime",
                     "the market (" + marketSource + ") has no calm/stress regimes (market/regime/enabled is false), so a "
                     "horizon cannot start in stress; enable them (--set market/regime/enabled=true) or ask for calm");
  try {
    validateRiskDef(def, book);
  } catch (const InputError& e) {
    // Measured alone, the pool's positions are the book: say so.
    if (poolLabel.empty() || e.path() != "--horizon-days") throw;
    std::string message = std::string(e.what()).substr(e.path().size() + 2);
    const std::string book = "the last expiry in the book";
    if (const size_t at = message.find(book); at != std::string::npos)
      message.replace(at, book.size(), "the last expiry of the positions of " + poolLabel);
    throw InputError(e.path(), message);
  }
  const double targetPd = a.targetPd.value_or(0.01);
  validateSolve(solvers, targetPd, def.samples, riskRepricings(def, book) / static_cast<double>(def.samples),
                positions > 0 ? "--positions" : "use a smaller book",
                riskPathDays(def, book));
  // A solver's default test weighs what the book owes against one fund and
  // one capital; several pools' each pay only their own claims.
  if (!solvers.empty() && severalPools)
    throw InputError("--solve", "the book has " + std::to_string(poolCount) +
                                    " pools, and a pool's capital pays only its own claims: solve for one pool at a "
                                    "time with --pool " + (book.pools.empty() ? "INDEX" : "NAME"));
  if (a.targetPd && solvers.empty())
    throw InputError("--target-pd", "is the default probability the solvers hold, and no solver was asked for; add --solve "
                                    "capital, fund or collateral, or leave --target-pd out");
  BookCapital capital = book.capital;
  capital.insuranceFund = capitalOption(a.insuranceFund, "--insurance-fund", capital.insuranceFund);
  capital.poolCapital = capitalOption(a.poolCapital, "--pool-capital", capital.poolCapital);
  capital.backstop = capitalOption(a.backstop, "--backstop", capital.backstop);
  std::vector<StressScenario> scenarios = a.stress.empty() ? defaultStressScenarios(static_cast<int>(market.assets.size()))
                                                          : readStressScenarios(a.stress, market);
  // The scenario's own shock joins the default grid (a --stress file is the user's whole list).
  if (a.stress.empty() && sc.def.shock.step >= 1) scenarios.push_back(shockStressScenario(sc.def.shock, market));
  {
    const double options = riskRepricings(def, book) / static_cast<double>(def.samples);
    checkStressWork(static_cast<double>(scenarios.size()), options,
                    static_cast<double>(def.samples) * (options + kPathDayRepricings * riskPathDays(def, book)),
                    a.stress.empty() ? "--samples" : "--stress");
  }
  // The output folder is checked, and its fresh sibling made, before
  // anything runs: a refused --out costs nothing.
  const std::string outDir = a.out.empty() ? "out/risk" : a.out;
  std::unique_ptr<ResultsDirWriter> dir;
  try {
    dir = std::make_unique<ResultsDirWriter>(outDir, "risk");
  } catch (const std::exception& e) {
    throw InputError("--out", e.what());
  }

  // 2. Run. Blocks of samples are the unit of work: more threads than blocks would idle (parallelFor starts no more).
  const long long blocks = (def.samples + kRiskBlockSamples - 1) / kRiskBlockSamples;
  const int threads = static_cast<int>(std::min<long long>(a.threads > 0 ? a.threads : defaultThreadCount(), blocks));
  const RiskEngine engine(book, market, def);
  RiskRunOptions opt;
  opt.threads = threads;
  opt.cancel = interruptFlag();  // Ctrl-C: stop, and leave no output folder
  // Several pools measured together, each with its own layers from the book:
  // the stress pays each pool's part from its own fund and capital, then the
  // shared backstop. An amount given for the fund or capital is one layer.
  const bool ownLayers = severalPools && !book.pools.empty() && !a.insuranceFund && !a.poolCapital;
  if (ownLayers) opt.pools = &book.pools;
  const bool tty = !a.quiet && ::isatty(2);
  const auto start = std::chrono::steady_clock::now();
  if (tty) {
    opt.progress = [start](int pass, int done, int total) {
      if (done % 16 != 0 && done != total) return;
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "\r  %s: block %d/%d  %3.0f%%  elapsed %.1fs   ", pass == 1 ? "losses" : "components", done, total,
                   100.0 * done / total, el);
      if (done == total) std::fprintf(stderr, "\n");
    };
  }
  RiskReport r = runRisk(engine, scenarios, capital, opt);
  r.sensitivities = bookSensitivities(book, market, def.daysPerYear);
  // Several pools measured together: each pool's own too (its capital pays only its own claims).
  if (severalPools)
    for (int k = 0; k < poolCount; ++k) r.poolSensitivities.push_back(bookSensitivities(book, market, def.daysPerYear, k));
  // The pools' names by index (none for a book.csv alone).
  std::vector<std::string> poolNames;
  for (const auto& p : book.pools) poolNames.push_back(p.name);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  SolveReport solved;
  if (!solvers.empty()) {
    SolveOptions so;
    so.threads = threads;
    so.cancel = interruptFlag();
    if (tty) {
      so.progress = [start](int pass, double ratio, int done, int total) {
        if (done % 16 != 0 && done != total) return;
        const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::fprintf(stderr, "\r  collateral pass %d (r = %.4f): block %d/%d  %3.0f%%  elapsed %.1fs   ", pass, ratio, done,
                     total, 100.0 * done / total, el);
        if (done == total) std::fprintf(stderr, "\n");
      };
    }
    solved = runSolvers(solvers, targetPd, book, market, def, capital, r.losses, engine.valueNow(), so);
  }
  // The solvers' time apart: the speed line is the run's own.
  const double solveSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() - seconds;

  // 3. Files, whole or not at all; then the figure.
  nlohmann::json context = {{"book", a.book.empty() ? "synthetic:" + std::to_string(positions) : a.book},
                            {"pool", poolContext},
                            {"positions", book.size()},
                            {"writers", engine.writerCount()},
                            {"market", marketSource},
                            {"assets", book.assetNames},
                            {"horizon_days", def.horizonDays},
                            {"start_regime", book.stressed ? "stress" : "calm"},
                            {"days_per_year", def.daysPerYear},
                            {"seed", def.seed},
                            {"block_samples", kRiskBlockSamples},
                            {"currency", "the scenario's currency units (as spot and strike)"}};
  if (poolIndex >= 0) context["pool_index"] = poolIndex;
  if (!a.set.empty()) context["set"] = a.set;
  // How V(H) was repriced (docs/risk.md §3): the pool's EWMA estimate carried along each path, or fixed.
  context["repricing_volatility"] =
      repricesByEwma(market)
          ? nlohmann::json{{"rule", "ewma"}, {"lambda", market.ewmaLambda},
                           {"help", "the pool's EWMA estimate carried along each path from each position's pricing "
                                    "volatility, one update a day"}}
          : nlohmann::json{{"rule", "fixed"}, {"help", "each position's pricing volatility"}};
  // Each pool's own layers, which the stress's per-pool parts were paid from.
  if (ownLayers) {
    nlohmann::json layers = nlohmann::json::array();
    for (size_t k = 0; k < book.pools.size(); ++k)
      layers.push_back({{"pool", k}, {"name", book.pools[k].name}, {"insurance_fund", book.pools[k].insuranceFund},
                        {"pool_capital", book.pools[k].poolCapital}});
    context["pool_layers"] = std::move(layers);
  }
  try {
    auto files = riskFiles(engine, r, capital, book.assetNames, context, poolNames);
    if (!solvers.empty()) {
      nlohmann::json solveContext = context;
      solveContext["capital"] = {{"insurance_fund", capital.insuranceFund}, {"pool_capital", capital.poolCapital},
                                 {"backstop", capital.backstop}};
      for (auto& f : solveFiles(solved, solveContext)) files.push_back(std::move(f));
    }
    for (const auto& [name, text] : files) dir->add(name, text);
    dir->commit();
  } catch (const std::exception& e) {
    throw InputError("--out", e.what());
  }
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
    std::printf("\n  note: a book of %s; VaR and ES are of its positions as one, and the stress pays each pool's\n"
                "  part from its own insurance fund and LP capital, then the shared backstop (--pool NAME: one pool)\n",
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
  if (!solvers.empty()) printSolved(solved, capital, solveSeconds);
  std::printf("\n  files: %s/risk.json  var_es.csv  components.csv  stress.csv%s  sensitivities.csv  loss_histogram.csv%s\n", outDir.c_str(),
              ownLayers ? "  stress_pools.csv" : "", solvers.empty() ? "" : "  solve.json  solve.csv");
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
      "Results depend on the seed alone, never on --threads.\n\n"
      "--solve capital,fund,collateral finds the least LP capital, insurance fund, or writer collateral ratio (of each\n"
      "position's max loss: put strike x units, call from its cap) that holds P(default at H) <= --target-pd, where\n"
      "the pool defaults when V(H) > insurance fund + pool capital (the backstop pays when the pool defaults, so it is\n"
      "not counted). Capital and fund are an order statistic of V(H) with its order-statistic 95% CI; collateral is a\n"
      "bisection on common random numbers to 1e-4 with the CI from inverting the Wilson interval, and reprices the\n"
      "sample up to 44 more times. Files solve.json and solve.csv; docs/risk.md section 10.\n\n"
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
                  "JSON file of stress scenarios: [{\"name\": ..., \"spotMove\": -0.5 or {\"ETH\": -0.5}, \"volMultiplier\": 2}]")
      ->check(kNonEmpty);
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
