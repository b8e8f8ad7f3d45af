#include "experiments/risk_command.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "core/errors.h"
#include "core/format_number.h"
#include "core/historical_sim.h"
#include "core/reverse_stress.h"
#include "core/scenario_json.h"
#include "core/stress.h"
#include "experiments/book_io.h"
#include "experiments/load_scenario.h"
#include "experiments/parallel.h"
#include "experiments/price_history.h"
#include "experiments/stress_spec.h"

namespace mutualab {

namespace {

// An amount given as an option, or the book's. Bounded as a book's money is
// (experiments/book_io.cpp): every sum over it stays finite.
double capitalOption(const std::optional<double>& given, const char* option, double fromBook) {
  if (!given) return fromBook;
  const double v = *given;
  if (!(v >= 0 && v <= 1e15))
    throw InputError(option, "expected an amount in [0, 1e15] (currency), got " + shortestNumber(v));
  return v;
}

}  // namespace

void runRiskRequest(const RiskRequest& q, const RiskHooks& hooks, RiskOutcome& o) {
  if (q.book.empty() && q.positions == 0)
    throw InputError("BOOK", "expected a book file (book.csv or book.json, as `mutualab run --book-at STEP` writes), or "
                             "--positions N for a synthetic book");
  if (!q.book.empty() && q.positions > 0) throw InputError("--positions", "give a BOOK or --positions, not both");
  // The market: --scenario, else the one a JSON book carries (a book.csv's
  // companion book.json, as run --book-at writes both), else the default scenario's.
  std::string companion;
  if (!q.book.empty() && q.book.size() > 4 && q.book.compare(q.book.size() - 4, 4, ".csv") == 0) {
    const std::filesystem::path json = std::filesystem::path(q.book).parent_path() / "book.json";
    std::error_code ec;
    if (std::filesystem::is_regular_file(json, ec)) companion = json.string();
  }
  // --set changes only what risk reads of a scenario: its market, its shock
  // (a stress scenario) and sim/daysPerYear. Anything else would be accepted
  // and have no effect.
  for (const std::string& given : q.set) {
    std::string path = given.substr(0, given.find('='));
    if (!path.empty() && path[0] == '/') path.erase(0, 1);
    auto under = [&path](const char* top) { return path == top || path.rfind(std::string(top) + "/", 0) == 0; };
    if (!under("market") && !under("shock") && path != "sim/daysPerYear")
      throw InputError("--set", "'" + given + "': risk reads only the scenario's market/..., shock/... and sim/daysPerYear, so " +
                                    "this value would have no effect; set it in the scenario of `mutualab run` that writes the book");
  }
  // The source's own errors are named as its; then, with --set, the
  // overrides' are named as theirs.
  auto withSets = [&q](const std::function<LoadedScenario(const std::vector<std::string>&)>& load) {
    if (q.set.empty()) return load({});
    load({});
    try {
      return load(q.set);
    } catch (const InputError& e) {
      throw InputError("--set", e.what());
    }
  };
  LoadedScenario sc;
  std::string& marketSource = o.marketSource;
  if (!q.scenario.empty()) {
    sc = withSets([&](const std::vector<std::string>& set) {
      if (!set.empty()) return loadScenario(q.scenario, set, "--scenario", q.scenarioFromStdin);
      try {
        return loadScenario(q.scenario, set, "--scenario", q.scenarioFromStdin);
      } catch (const InputError& e) {
        // Beside the book, say which file's field it is.
        if (e.path().empty() || e.path()[0] != '/') throw;
        throw InputError(q.scenario + ": " + e.path(), e.message());
      }
    });
    marketSource = q.scenario;
  } else {
    nlohmann::json carried = q.book.empty() ? nlohmann::json() : bookMarketJson(q.book);
    nlohmann::json j = {{"name", "risk"}};
    std::string carrier = q.book;  // the file whose market this is, named in its errors
    marketSource = q.book + " (its market)";
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
        throw InputError(carrier + ": " + path, e.message());
      }
    });
  }
  // What --set changed is part of the market's name, so the output says how
  // to measure it again (risk.json's `set` lists them too).
  if (!q.set.empty()) {
    std::string sets;
    for (const std::string& given : q.set) sets += (sets.empty() ? "" : " ") + std::string("--set ") + given;
    marketSource += ", with " + sets;
  }
  o.market = sc.def.market;
  const MarketDef& market = o.market;
  // Monte Carlo needs a model of the horizon; a path of observed prices is one history, not a distribution.
  if (market.pricePath.fromData())
    marketSource += "; its price path (" + market.pricePath.file +
                    ") is not replayed: the horizon is simulated from each asset's drift, volatility, jumps and regimes";
  RiskDef& def = o.def;
  def = q.def;
  def.daysPerYear = sc.def.sim.daysPerYear;

  RiskBook& book = o.book;
  if (q.positions > 0) {
    // The work check comes first, so a huge synthetic book is refused before it is built;
    // the horizon it counts is checked before it, so that a horizon out of range is named as such.
    checkRiskHorizonDays(def.horizonDays);
    checkRiskWork(static_cast<double>(def.samples), static_cast<double>(q.positions) * 1.2, "--positions", 1, "",
                  static_cast<double>(def.horizonDays) * static_cast<double>(market.assets.size()));  // ~1 call in 5 is a spread
    std::vector<std::string> names;
    std::vector<double> spots, vols;
    for (const AssetDef& as : market.assets) {
      names.push_back(as.name);
      spots.push_back(as.spot);
      vols.push_back(as.volAnnual);
    }
    book = syntheticBook(static_cast<int>(q.positions), names, spots, vols);
  } else {
    book = readBook(q.book, market);
    // A CSV carries no capital: its companion's, if it has one (the options below override).
    if (!companion.empty()) {
      const RiskBook json = readBook(companion, market);
      // run --book-at writes the two with the same positions; a book.json of
      // another book must not lend this one its market and capital unseen.
      if (json.size() != book.size())
        throw InputError(q.book, "the book.json beside it, whose market and capital a CSV book takes, holds " +
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
          throw InputError(q.book + ":" + std::to_string(i + 2),
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
  int& poolCount = o.poolCount;
  poolCount = static_cast<int>(book.pools.size());
  for (int i = 0; i < book.size(); ++i) poolCount = std::max(poolCount, book.pool[static_cast<size_t>(i)] + 1);
  o.sharedBackstop = poolCount > 1;
  std::vector<bool> holds(static_cast<size_t>(poolCount), false);
  for (int i = 0; i < book.size(); ++i) holds[static_cast<size_t>(book.pool[static_cast<size_t>(i)])] = true;
  o.poolsHolding = static_cast<int>(std::count(holds.begin(), holds.end(), true));
  // Every pool of a several-pool book at once (its positions may be in one of them only).
  o.severalPools = q.pool.empty() && poolCount > 1;
  const bool severalPools = o.severalPools;
  std::string& poolLabel = o.poolLabel;  // the pool measured alone, as the output names it
  nlohmann::json poolContext = "all";  // risk.json's "pool": its name (or index), and "pool_index"
  int poolIndex = -1;
  if (!q.pool.empty()) {
    // A book without the pools' capital (a CSV with no book.json beside it):
    // its pools by index, their capital 0 unless the options below give it.
    if (book.pools.empty())
      for (int i = 0; i < poolCount; ++i) book.pools.push_back(PoolCapital{});
    std::string names;
    int byName = -1, byIndex = -1;
    for (size_t i = 0; i < book.pools.size(); ++i) {
      names += (names.empty() ? "" : ", ") + (book.pools[i].name.empty() ? std::to_string(i) : book.pools[i].name);
      if (!book.pools[i].name.empty() && book.pools[i].name == q.pool) byName = static_cast<int>(i);
      if (std::to_string(i) == q.pool) byIndex = static_cast<int>(i);
    }
    // A name wins over an index: pools named 1, 2, 3 are pools 0, 1, 2.
    const int k = byName >= 0 ? byName : byIndex;
    if (book.pools.empty())
      throw InputError("--pool", "the book has no positions, so no pools, got '" + q.pool + "'");
    if (k < 0) throw InputError("--pool", "expected one of the book's pools (" + names + ") or its index, got '" + q.pool + "'");
    const std::string& name = book.pools[static_cast<size_t>(k)].name;
    poolLabel = book.pools.size() == 1 ? "the book's one pool"
                : name.empty()          ? "pool " + std::to_string(k)
                                        : "pool " + name + " (index " + std::to_string(k) + ")";
    poolContext = name.empty() ? std::to_string(k) : name;
    poolIndex = k;
    book = book.onlyPool(k);
    if (book.size() == 0) throw InputError("--pool", poolLabel + " holds no open positions in this book");
  }
  if (!q.regime.empty()) {
    if (q.regime != "calm" && q.regime != "stress")
      throw InputError("--regime", "expected calm or stress (the market's regime on the book's date), got '" + q.regime + "'");
    book.stressed = q.regime == "stress";
  }
  // A horizon can start in stress only where the market has a stress regime
  // (before 2026-12-04 it started calm and risk.json said stress).
  if (book.stressed && !market.regime.enabled)
    throw InputError(q.regime.empty() ? q.book + ": /regime" : "--regime",
                     "the market (" + marketSource + ") has no calm/stress regimes (market/regime/enabled is false), so a "
                     "horizon cannot start in stress; enable them (--set market/regime/enabled=true) or ask for calm");
  try {
    validateRiskDef(def, book);
  } catch (const InputError& e) {
    // Measured alone, the pool's positions are the book: say so.
    if (poolLabel.empty() || e.path() != "--horizon-days") throw;
    std::string message = e.message();
    const std::string book = "the last expiry in the book";
    if (const size_t at = message.find(book); at != std::string::npos)
      message.replace(at, book.size(), "the last expiry of the positions of " + poolLabel);
    throw InputError(e.path(), message);
  }
  const double targetPd = q.targetPd.value_or(0.01);
  validateSolve(q.solvers, targetPd, def.samples, riskRepricings(def, book) / static_cast<double>(def.samples),
                q.positions > 0 ? "--positions" : "use a smaller book",
                riskPathDays(def, book));
  // A solver's default test weighs what a pool owes against its own fund
  // and capital (a pool's capital pays only its own claims), so a book of
  // several pools is solved pool by pool, each against its own layers.
  if (!q.solvers.empty() && severalPools) {
    if (book.pools.empty())
      throw InputError("--solve", "the book has " + std::to_string(poolCount) +
                                      " pools and a book.csv alone holds none of their capital: solve with the "
                                      "book.json (each pool against its own layers), or one pool at a time with --pool "
                                      "INDEX and its --insurance-fund and --pool-capital");
    if (q.insuranceFund || q.poolCapital)
      throw InputError(q.insuranceFund ? "--insurance-fund" : "--pool-capital",
                       "with --solve on a book of " + std::to_string(poolCount) +
                           " pools each pool is solved against its own insurance fund and LP capital from the book; to "
                           "hold other amounts, solve one pool at a time with --pool NAME");
  }
  if (q.targetPd && q.solvers.empty())
    throw InputError("--target-pd", "is the default probability the solvers hold, and no solver was asked for; add --solve "
                                    "capital, fund or collateral, or leave --target-pd out");
  BookCapital& capital = o.capital;
  capital = book.capital;
  capital.insuranceFund = capitalOption(q.insuranceFund, "--insurance-fund", capital.insuranceFund);
  capital.poolCapital = capitalOption(q.poolCapital, "--pool-capital", capital.poolCapital);
  capital.backstop = capitalOption(q.backstop, "--backstop", capital.backstop);
  std::vector<StressScenario> scenarios = q.stress.empty() ? defaultStressScenarios(static_cast<int>(market.assets.size()))
                                                          : readStressScenarios(q.stress, market, &book);
  // The scenario's own shock joins the default grid (a --stress file is the user's whole list).
  if (q.stress.empty() && sc.def.shock.step >= 1) scenarios.push_back(shockStressScenario(sc.def.shock, market));
  // A history's windows are scenarios too: each reprices the whole book once.
  PricePathDef history;
  if (q.filtered && q.history.empty())
    throw InputError("--filtered", "filters a price history's returns, and no --history was given; add --history FILE, "
                                   "or leave --filtered out");
  if (!q.history.empty()) history = readPriceHistory(q.history, market, def.horizonDays, def.levels);
  const int windows = q.history.empty() ? 0 : historicalWindowCount(history, def.horizonDays);
  // The reverse stress's evaluations are scenarios too, at most this many.
  const std::vector<ReverseDirection> directions =
      q.reverseStress ? reverseDirections(book.assetNames) : std::vector<ReverseDirection>{};
  const double reverseScenarios = static_cast<double>(directions.size()) * reverseEvaluationsPerDirection();
  {
    const double options = riskRepricings(def, book) / static_cast<double>(def.samples);
    const double stressScenarios = static_cast<double>(scenarios.size());
    const char* biggest = reverseScenarios > std::max<double>(stressScenarios, windows) ? "--reverse-stress"
                          : windows > stressScenarios                                  ? "--history"
                          : q.stress.empty()                                           ? "--samples"
                                                                                       : "--stress";
    checkStressWork(stressScenarios + windows + reverseScenarios, options,
                    static_cast<double>(def.samples) * (options + kPathDayRepricings * riskPathDays(def, book)), biggest);
  }
  // Everything is checked: the caller may claim its output folder now.
  if (hooks.checked) hooks.checked();

  // Run. Blocks of samples are the unit of work: more threads than blocks would idle (parallelFor starts no more).
  const long long blocks = (def.samples + kRiskBlockSamples - 1) / kRiskBlockSamples;
  o.threads = static_cast<int>(std::min<long long>(q.threads > 0 ? q.threads : defaultThreadCount(), blocks));
  const int threads = o.threads;
  o.engine = std::make_unique<RiskEngine>(book, market, def);
  const RiskEngine& engine = *o.engine;
  RiskRunOptions opt;
  opt.threads = threads;
  opt.cancel = hooks.cancel;
  // Several pools measured together, each with its own layers from the book:
  // the stress pays each pool's part from its own fund and capital, then the
  // shared backstop. An amount given for the fund or capital is one layer.
  o.ownLayers = severalPools && !book.pools.empty() && !q.insuranceFund && !q.poolCapital;
  const bool ownLayers = o.ownLayers;
  if (ownLayers) opt.pools = &book.pools;
  const auto start = std::chrono::steady_clock::now();
  opt.progress = hooks.progress;
  RiskReport& r = o.report;
  r = runRisk(engine, scenarios, capital, opt);
  r.sensitivities = bookSensitivities(book, market, def.daysPerYear);
  // Several pools measured together: each pool's own too (its capital pays only its own claims).
  if (severalPools)
    for (int k = 0; k < poolCount; ++k) r.poolSensitivities.push_back(bookSensitivities(book, market, def.daysPerYear, k));
  // The pools' names by index (none for a book.csv alone).
  std::vector<std::string>& poolNames = o.poolNames;
  for (const auto& p : book.pools) poolNames.push_back(p.name);
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Several pools measured together: each pool's own loss too, its positions
  // alone on the same market paths, as --pool measures it (one more pass
  // over the sample in all; its time is apart from the run's speed line).
  std::vector<std::vector<double>> poolLosses(severalPools ? static_cast<size_t>(poolCount) : 0);
  for (int k = 0; k < static_cast<int>(poolLosses.size()); ++k) {
    if (!holds[static_cast<size_t>(k)]) continue;
    const RiskEngine poolEngine(book.onlyPool(k), market, def);
    std::function<void(int, int)> tick;
    if (hooks.progress) tick = [&](int done, int total) { hooks.progress(3, done, total); };
    poolLosses[static_cast<size_t>(k)] = sampleLosses(poolEngine, threads, hooks.cancel, tick);
    PoolRisk pr;
    pr.pool = k;
    if (static_cast<size_t>(k) < book.pools.size()) pr.layers = book.pools[static_cast<size_t>(k)];
    std::vector<std::uint32_t> masks;
    pr.summary = summarizeLosses(poolLosses[static_cast<size_t>(k)], def.levels, masks);
    pr.summary.valueNow = poolEngine.valueNow();
    // With a history, the pool's own windows too: its positions alone on the same paths.
    if (!q.history.empty()) pr.historical = runHistorical(poolEngine, history, def.levels, {q.filtered, market.ewmaLambda});
    r.pools.push_back(std::move(pr));
  }
  o.poolSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() - o.seconds;
  // The history's windows, apart from the run's speed line (one repricing of the book a window).
  if (!q.history.empty())
    r.historical = HistoricalReport{q.history, history.fnv1a64, history.rows,
                                    runHistorical(engine, history, def.levels, {q.filtered, market.ewmaLambda}),
                                    market.ewmaLambda};
  // The least moves that exhaust the layers, against the stress's own layers.
  if (q.reverseStress) r.reverse = reverseStress(engine, directions, capital, ownLayers ? &book.pools : nullptr);
  std::vector<SolveReport>& solved = o.solved;
  if (!q.solvers.empty()) {
    SolveOptions so;
    so.threads = threads;
    so.cancel = hooks.cancel;
    so.progress = hooks.solveProgress;
    if (!severalPools) {
      solved.push_back(runSolvers(q.solvers, targetPd, book, market, def, capital, r.losses, engine.valueNow(), so));
      solved.back().pool = poolContext.get<std::string>();
      solved.back().poolIndex = poolIndex;
    } else {
      // Each pool that holds positions, against its own layers, as --pool
      // would solve it alone (the same seed: the same market paths).
      for (const PoolRisk& pr : r.pools) {
        const int k = pr.pool;
        const PoolCapital& layers = book.pools[static_cast<size_t>(k)];
        const BookCapital poolCapital{layers.insuranceFund, layers.poolCapital, capital.backstop};
        solved.push_back(runSolvers(q.solvers, targetPd, book.onlyPool(k), market, def, poolCapital,
                                    poolLosses[static_cast<size_t>(k)], pr.summary.valueNow, so));
        solved.back().pool = layers.name.empty() ? std::to_string(k) : layers.name;
        solved.back().poolIndex = k;
      }
    }
  }
  // The solvers' time apart: the speed line is the run's own.
  o.solveSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() - o.seconds - o.poolSeconds;

  // The files' text (the command writes them whole or not at all).
  // File names are the system's bytes; a record is UTF-8.
  nlohmann::json context = {{"book", q.book.empty() ? "synthetic:" + std::to_string(q.positions) : utf8Text(q.book)},
                            {"pool", poolContext},
                            {"positions", book.size()},
                            {"writers", engine.writerCount()},
                            {"market", utf8Text(marketSource)},
                            {"assets", book.assetNames},
                            {"horizon_days", def.horizonDays},
                            {"start_regime", book.stressed ? "stress" : "calm"},
                            {"days_per_year", def.daysPerYear},
                            {"seed", def.seed},
                            {"block_samples", kRiskBlockSamples},
                            {"currency", "the scenario's currency units (as spot and strike)"}};
  if (poolIndex >= 0) context["pool_index"] = poolIndex;
  if (!q.set.empty()) context["set"] = q.set;
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
  {
    o.files = riskFiles(engine, r, capital, book.assetNames, context, poolNames);
    if (!q.solvers.empty()) {
      nlohmann::json solveContext = context;
      solveContext["capital"] = {{"insurance_fund", capital.insuranceFund}, {"pool_capital", capital.poolCapital},
                                 {"backstop", capital.backstop}};
      for (auto& f : solveFiles(solved, solveContext)) o.files.push_back(std::move(f));
    }
  }
}

}  // namespace mutualab
