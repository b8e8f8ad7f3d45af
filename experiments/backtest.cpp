#include "experiments/backtest.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <mutex>

#include "agents/registry.h"
#include "core/book.h"
#include "core/book_realized.h"
#include "core/errors.h"
#include "core/format_number.h"
#include "core/risk_engine.h"
#include "core/rng.h"
#include "core/scenario_json.h"
#include "core/world.h"
#include "experiments/parallel.h"
#include "experiments/runner.h"

namespace mutualab {

namespace {

// A date's own engine seed: two draws of the stream (seed, replication, Pool, step, Backtest).
std::uint64_t dateSeed(std::uint64_t seed, int rep, int step) {
  Engine e = makeEngine(seed, static_cast<std::uint64_t>(rep), AgentKind::Pool, static_cast<std::uint64_t>(step),
                        Purpose::Backtest);
  const std::uint64_t hi = e();
  return (hi << 32) | static_cast<std::uint64_t>(e());
}

// The levels, horizon and samples as `mutualab risk` checks them, on a
// one-position book that outlives the horizon (the dates' books come later).
void checkRiskTerms(const ScenarioDef& def, const RiskDef& rd) {
  RiskBook probe;
  for (const AssetDef& a : def.market.assets) probe.assetNames.push_back(a.name);
  BookPosition p;
  p.strike = p.coverStrike = p.spot = def.market.assets[0].spot;
  p.volAnnual = def.market.assets[0].volAnnual;
  p.expiryDays = rd.horizonDays;
  p.units = 1;
  probe.add(p);
  validateRiskDef(rd, probe);
}

// What each date's engine is asked (its seed is the date's own).
RiskDef forecastTerms(const ScenarioDef& def, const BacktestDef& b) {
  RiskDef rd;
  rd.horizonDays = b.horizonDays;
  rd.levels = b.levels;
  rd.samples = b.samples;
  rd.daysPerYear = def.sim.daysPerYear;
  return rd;
}

struct Date {
  int rep = 0;
  RiskBook book;
  double valueAfter = 0;
};

std::string num(double x) { return shortestNumber(x); }
// NaN (an undefined test) as JSON null.
nlohmann::json orNull(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(); }

}  // namespace

void validateBacktest(const ScenarioDef& def, const BacktestDef& b) {
  if (def.sim.stepDays != 1.0)
    throw InputError("/sim/stepDays", "a backtest needs steps of one day (the engine's paths are daily, and each date's "
                                      "realized loss is read on the run's own days), got " + num(def.sim.stepDays));
  const int steps = def.sim.steps, H = b.horizonDays;
  if (H < 1 || H >= steps)
    throw InputError("--horizon-days", "expected whole days in [1, " + std::to_string(steps - 1) +
                                           "] (less than the run's " + std::to_string(steps) + " steps), got " +
                                           std::to_string(H));
  if (b.every < 0) throw InputError("--every", "expected steps between dates >= 1 (0: the horizon), got " + std::to_string(b.every));
  if (b.from < 1 || b.from > steps - H)
    throw InputError("--from", "expected the first date's step in [1, " + std::to_string(steps - H) +
                                   "] (its horizon must end by the run's last step, " + std::to_string(steps) + "), got " +
                                   std::to_string(b.from));
  if (b.reps < 1 || b.reps > 10000) throw InputError("--reps", "expected replications in [1, 10000], got " + std::to_string(b.reps));
  const int pools = std::max<int>(1, static_cast<int>(def.pools.size()));
  if (b.pool >= pools) throw InputError("--pool", "expected a pool index in [0, " + std::to_string(pools - 1) + "], got " + std::to_string(b.pool));
  checkRiskTerms(def, forecastTerms(def, b));
}

int backtestPool(const ScenarioDef& def, const std::string& given, const std::string& option) {
  std::string names;
  int byName = -1, byIndex = -1;
  const size_t pools = std::max<size_t>(1, def.pools.size());
  for (size_t i = 0; i < pools; ++i) {
    // A scenario without `pools` has one, named "pool" in its outputs and its book.
    const std::string name = i < def.pools.size() ? def.pools[i].name : "pool";
    names += (names.empty() ? "" : ", ") + (name.empty() ? std::to_string(i) : name);
    if (!name.empty() && name == given) byName = static_cast<int>(i);
    if (std::to_string(i) == given) byIndex = static_cast<int>(i);
  }
  const int k = byName >= 0 ? byName : byIndex;
  if (k < 0) throw InputError(option, "expected one of the scenario's pools (" + names + ") or its index, got '" + given + "'");
  return k;
}

BacktestResult runBacktest(const ScenarioDef& def, const BacktestDef& b, const BacktestOptions& opt) {
  validateBacktest(def, b);
  const int steps = def.sim.steps, H = b.horizonDays;
  const int every = b.everySteps();
  const RiskDef rd = forecastTerms(def, b);

  // Each replication's world is stepped twice: first to count the
  // forecasts' work, checked before any runs; then to forecast, a batch of
  // dates at a time, so memory holds a batch's books, not a run's (a book
  // of 50,000 positions is about 6 MB, and a year has 365 dates). The
  // worlds are the same both times (the seed alone decides them).
  auto eachDate = [&](const std::function<void(int rep, const World& world, RiskBook&& book)>& take) {
    for (int rep = 0; rep < b.reps; ++rep) {
      World world(def, b.seed, static_cast<std::uint64_t>(rep), makeStrategies(def));
      for (int t = b.from; t <= steps - H; t += every) {
        while (world.currentStep() < t) {
          if (opt.cancel && opt.cancel->load(std::memory_order_relaxed)) throw Cancelled();
          world.step();
        }
        take(rep, world, pooledBookOf(world, b.pool));
      }
    }
  };
  // The engine measures only books with a position alive on day H (as risk refuses others).
  auto tested = [H](const RiskBook& book) {
    return book.size() > 0 && std::ceil(*std::max_element(book.expiryDays.begin(), book.expiryDays.end()) - 1e-9) >= H;
  };

  BacktestResult r;
  double options = 0;
  int dates = 0;
  eachDate([&](int, const World&, RiskBook&& book) {
    if (book.size() == 0) ++r.datesWithoutPositions;
    else if (!tested(book)) ++r.datesExpiringWithin;
    else {
      ++dates;
      options += riskRepricings(rd, book) / static_cast<double>(rd.samples);
    }
  });
  const double pathDays = static_cast<double>(H) * static_cast<double>(def.market.assets.size());
  if (dates > 0)
    checkRiskWork(static_cast<double>(rd.samples), options / dates, "fewer dates (a larger --every, a later --from, fewer --reps)",
                  dates, "one forecast a date, " + std::to_string(dates) + " dates", pathDays);
  r.repricings = options * static_cast<double>(rd.samples);

  // One forecast a date, each from its own stream, into its own row, in
  // date order whatever the threads.
  const int threads = std::max(1, opt.threads);
  const size_t batch = static_cast<size_t>(4 * threads);
  std::vector<Date> pending;
  std::mutex progressMutex;
  int done = 0;
  auto forecast = [&] {
    const size_t first = r.rows.size();
    r.rows.resize(first + pending.size());
    parallelFor(static_cast<int>(pending.size()), threads, [&](int i) {
      if (opt.cancel && opt.cancel->load(std::memory_order_relaxed)) throw Cancelled();
      const Date& d = pending[static_cast<size_t>(i)];
      RiskDef date = rd;
      date.seed = dateSeed(b.seed, d.rep, d.book.step);
      const RiskEngine engine(d.book, def.market, date);
      RiskWorkspace ws = engine.workspace();
      std::vector<std::uint32_t> masks;
      const RiskSummary s = summarizeLosses(allLosses(engine, ws), rd.levels, masks);
      BacktestRow row;
      row.rep = d.rep;
      row.step = d.book.step;
      row.day = d.book.day;
      row.stressed = d.book.stressed;
      row.positions = d.book.size();
      row.valueNow = engine.valueNow();
      row.meanLoss = s.meanLoss;
      for (const LevelRisk& l : s.levels) {
        row.var.push_back(l.valueAtRisk);
        row.es.push_back(l.expectedShortfall);
      }
      row.valueAfter = d.valueAfter;
      row.realized = d.valueAfter - engine.valueNow();
      r.rows[first + static_cast<size_t>(i)] = std::move(row);
      if (opt.progress) {
        std::lock_guard<std::mutex> lock(progressMutex);
        opt.progress(++done, dates);
      }
    });
    pending.clear();
  };
  eachDate([&](int rep, const World& world, RiskBook&& book) {
    if (!tested(book)) return;
    Date d;
    d.rep = rep;
    // What the book realized over the horizon: the world's whole path is drawn at its start.
    d.valueAfter = realizedHorizonValue(book, world.market(), book.step, H, def.market.rateAnnual, def.sim.daysPerYear);
    d.book = std::move(book);
    pending.push_back(std::move(d));
    if (pending.size() == batch) forecast();
  });
  if (!pending.empty()) forecast();

  // The tests, level by level; each replication is its own sequence. With
  // overlapping horizons, on every stride-th date of a replication (dates
  // are a whole number of steps apart, so these are H or more days apart).
  r.testStride = every < H ? (H + every - 1) / every : 1;
  for (size_t k = 0; k < rd.levels.size(); ++k) {
    std::vector<BacktestDate> seq;
    int all = 0, inRep = 0;
    for (size_t i = 0; i < r.rows.size(); ++i) {
      const BacktestRow& row = r.rows[i];
      const bool starts = i == 0 || r.rows[i - 1].rep != row.rep;
      inRep = starts ? 0 : inRep + 1;
      all += row.realized > row.var[k] ? 1 : 0;
      if (inRep % r.testStride == 0) seq.push_back({row.var[k], row.es[k], row.realized, starts});
    }
    r.levels.push_back(backtestLevel(rd.levels[k], seq));
    r.exceptionsAllDates.push_back(all);
  }
  return r;
}

nlohmann::json backtestContext(const ScenarioDef& def, const std::string& source, const BacktestDef& b,
                               const std::vector<std::string>& set) {
  const int every = b.everySteps();
  const bool named = b.pool >= 0 && b.pool < static_cast<int>(def.pools.size()) && !def.pools[static_cast<size_t>(b.pool)].name.empty();
  nlohmann::json c = {{"scenario", utf8Text(source)},  // a file name: the system's bytes
                      {"seed", b.seed},
                      {"replications", b.reps},
                      {"pool", b.pool < 0 ? nlohmann::json("all")
                                          : nlohmann::json(named ? def.pools[static_cast<size_t>(b.pool)].name : std::to_string(b.pool))},
                      {"horizon_days", b.horizonDays},
                      {"from_step", b.from},
                      {"every_steps", every},
                      {"overlapping_horizons", every < b.horizonDays},
                      {"samples_per_date", b.samples},
                      {"days_per_year", def.sim.daysPerYear},
                      {"repricing_volatility", repricesByEwma(def.market) ? "ewma" : "fixed"},
                      {"currency", "the scenario's currency units (as spot and strike)"}};
  if (!set.empty()) c["set"] = set;
  if (def.market.pricePath.fromData())
    c["market_note"] = "the run's prices are the data's (" + def.market.pricePath.file +
                       "); each forecast simulates the horizon from the assets' drift, volatility, jumps and regimes";
  if (def.shock.step >= 1) c["shock_step"] = def.shock.step;  // the run's scheduled shock, which no forecast foresees
  return c;
}

std::vector<std::pair<std::string, std::string>> backtestFiles(const BacktestDef& b, const BacktestResult& r,
                                                               const nlohmann::json& context) {
  std::string csv = "replication,step,day,regime,positions,value_now,mean_loss";
  for (double q : b.levels) csv += ",var_" + levelTag(q) + ",es_" + levelTag(q) + ",exception_" + levelTag(q);
  csv += ",value_after,realized_loss\n";
  for (const BacktestRow& row : r.rows) {
    csv += std::to_string(row.rep) + ',' + std::to_string(row.step) + ',' + num(row.day) + ',' +
           (row.stressed ? "stress" : "calm") + ',' + std::to_string(row.positions) + ',' + num(row.valueNow) + ',' +
           num(row.meanLoss);
    for (size_t k = 0; k < row.var.size(); ++k)
      csv += ',' + num(row.var[k]) + ',' + num(row.es[k]) + ',' + (row.realized > row.var[k] ? "1" : "0");
    csv += ',' + num(row.valueAfter) + ',' + num(row.realized) + '\n';
  }

  nlohmann::json levels = nlohmann::json::array();
  for (const BacktestLevel& l : r.levels) {
    levels.push_back(
        {{"level", l.level},
         {"dates", l.dates},
         {"exceptions", l.exceptions},
         {"expected_exceptions", l.expected},
         {"exception_rate", l.dates > 0 ? nlohmann::json(static_cast<double>(l.exceptions) / l.dates) : nlohmann::json()},
         {"kupiec", {{"lr", l.kupiecLr}, {"p_value", l.kupiecP}}},
         {"binomial", {{"p_at_most", l.cdf}, {"p_at_least", l.pTooMany}}},
         {"traffic_light", trafficLightName(l.zone)},
         {"christoffersen",
          {{"n00", l.n00}, {"n01", l.n01}, {"n10", l.n10}, {"n11", l.n11}, {"lr", orNull(l.independenceLr)},
           {"p_value", orNull(l.independenceP)}}},
         {"conditional_coverage", {{"lr", orNull(l.conditionalLr)}, {"p_value", orNull(l.conditionalP)}}},
         {"es_ratio", orNull(l.esRatio)}});
    if (r.testStride > 1) {
      levels.back()["exceptions_all_dates"] = r.exceptionsAllDates[levels.size() - 1];
      levels.back()["all_dates"] = r.rows.size();
    }
  }
  nlohmann::json j = context;
  j["dates_tested"] = r.rows.size();
  j["dates_without_positions"] = r.datesWithoutPositions;
  j["dates_expiring_within_horizon"] = r.datesExpiringWithin;
  j["repricings"] = r.repricings;
  if (r.testStride > 1)
    j["tests_on"] = "one date in " + std::to_string(r.testStride) + " of each replication (the first, then every " +
                    std::to_string(r.testStride) + "th), whose horizons do not overlap: " +
                    std::to_string(r.levels.empty() ? 0 : r.levels[0].dates) + " dates; exceptions_all_dates counts every date";
  j["levels"] = std::move(levels);
  j["help"] = {
      {"exception", "a date whose realized loss V(H) - V(0), on the run's own prices and the pool's own mark, exceeds "
                    "the VaR forecast on that date"},
      {"kupiec", "proportion of failures: LR = -2 ln(L(1 - level) / L(exceptions / dates)), chi-square with 1 degree "
                 "of freedom; a small p-value rejects the level's exception rate"},
      {"binomial", "exact: P(X <= exceptions) and P(X >= exceptions) for X ~ Binomial(dates, 1 - level)"},
      {"traffic_light", "Basel's zones for any number of dates: green while P(X <= exceptions) < 0.95, yellow while "
                        "< 0.9999, red beyond"},
      {"christoffersen", "independence: n_ij counts date pairs in state i then j (1 = exception) within a "
                         "replication; LR chi-square with 1 degree of freedom; null where no exception is followed "
                         "by a date"},
      {"conditional_coverage", "Kupiec + Christoffersen, chi-square with 2 degrees of freedom"},
      {"es_ratio", "mean over exceptions of realized loss / ES forecast: near 1 where ES sized the tail right (Acerbi "
                   "and Szekely's Z1 is this less 1)"}};
  return {{"backtest.csv", csv}, {"backtest.json", j.dump(2) + "\n"}};
}

}  // namespace mutualab
