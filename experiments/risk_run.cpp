#include "experiments/risk_run.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "core/format_number.h"
#include "experiments/parallel.h"
#include "experiments/csv_row.h"
#include "experiments/runner.h"

namespace mutualab {

std::vector<double> sampleLosses(const RiskEngine& engine, int threads, const std::atomic<bool>* cancel,
                                 const std::function<void(int, int)>& tick) {
  std::vector<double> losses(static_cast<size_t>(engine.def().samples), 0.0);
  const int B = engine.blocks();
  std::mutex progressMutex;
  int done = 0;
  parallelFor(B, std::max(1, threads), [&](int b) {
    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
    RiskWorkspace ws = engine.workspace();
    engine.blockLosses(b, ws, losses.data() + engine.blockBegin(b));
    if (tick) {
      std::lock_guard<std::mutex> lock(progressMutex);
      tick(++done, B);
    }
  });
  return losses;
}

RiskReport runRisk(const RiskEngine& engine, const std::vector<StressScenario>& scenarios, const BookCapital& capital,
                   const RiskRunOptions& opt) {
  RiskReport r;
  const int B = engine.blocks();
  const int threads = std::max(1, opt.threads);
  std::mutex progressMutex;
  int done = 0;
  auto tick = [&](int pass) {
    if (!opt.progress) return;
    std::lock_guard<std::mutex> lock(progressMutex);
    opt.progress(pass, ++done, B);
  };

  // Pass 1: every sample's loss, each block into its own slice.
  std::function<void(int, int)> lossTick;
  if (opt.progress) lossTick = [&opt](int d, int total) { opt.progress(1, d, total); };
  r.losses = sampleLosses(engine, threads, opt.cancel, lossTick);
  auto checkCancel = [&opt] {
    if (opt.cancel && opt.cancel->load(std::memory_order_relaxed)) throw Cancelled();
  };
  std::vector<std::uint32_t> masks;
  r.summary = summarizeLosses(r.losses, engine.def().levels, masks);
  r.summary.valueNow = engine.valueNow();

  // Pass 2: the writers' losses in each level's tail and VaR window, per
  // block (blocks with none are skipped), summed in block order.
  const int sets = 2 * static_cast<int>(engine.def().levels.size());
  const size_t width = static_cast<size_t>(sets) * static_cast<size_t>(engine.writerCount());
  std::vector<std::vector<double>> blockSums(static_cast<size_t>(B));
  parallelFor(B, threads, [&](int b) {
    checkCancel();
    const std::uint32_t* m = masks.data() + engine.blockBegin(b);
    if (std::any_of(m, m + engine.blockSize(b), [](std::uint32_t x) { return x != 0; })) {
      std::vector<double> sums(width, 0.0);
      RiskWorkspace ws = engine.workspace();
      engine.blockWriterLosses(b, ws, m, sets, sums.data());
      blockSums[static_cast<size_t>(b)] = std::move(sums);
    }
    tick(2);
  });
  std::vector<double> sums(width, 0.0);
  for (const auto& s : blockSums)
    for (size_t k = 0; k < s.size(); ++k) sums[k] += s[k];
  r.components = eulerComponents(r.summary, sums, engine.writerCount());
  r.stress = runStress(engine, scenarios, capital, opt.pools);
  return r;
}

namespace {
std::string num(double x) { return shortestNumber(x); }

std::string ids(const std::vector<int>& v) {
  std::string s;
  for (int x : v) s += (s.empty() ? "" : " ") + std::to_string(x);
  return s;
}

nlohmann::json coverJson(const CoverOutcome& c) {
  nlohmann::json j = {{"defaulting_writers", c.defaulters},        {"requirement", c.requirement},
                      {"paid_insurance_fund", c.paidInsuranceFund}, {"paid_pool_capital", c.paidPoolCapital},
                      {"paid_backstop", c.paidBackstop},            {"short_after_insurance_fund", c.shortAfterFund},
                      {"short_after_pool_capital", c.shortAfterPool}, {"uncovered", c.uncovered},
                      {"covered", c.covered()}};
  // Several pools, each paying its part from its own layers: each pool's part.
  if (!c.pools.empty()) {
    nlohmann::json parts = nlohmann::json::array();
    for (size_t p = 0; p < c.pools.size(); ++p)
      parts.push_back({{"pool", p},
                       {"requirement", c.pools[p].requirement},
                       {"paid_insurance_fund", c.pools[p].paidInsuranceFund},
                       {"paid_pool_capital", c.pools[p].paidPoolCapital},
                       {"short_after_pool_capital", c.pools[p].shortAfterPool},
                       {"paid_backstop", c.pools[p].paidBackstop},
                       {"uncovered", c.pools[p].uncovered}});
    j["pools"] = std::move(parts);
  }
  return j;
}
}  // namespace

std::vector<std::pair<std::string, std::string>> riskFiles(const RiskEngine& engine, const RiskReport& r,
                                                           const BookCapital& capital, const std::vector<std::string>& assetNames,
                                                           const nlohmann::json& context,
                                                           const std::vector<std::string>& poolNames) {
  const RiskSummary& s = r.summary;
  std::vector<std::pair<std::string, std::string>> files;

  // var_es.csv: one row per level (a level's columns, and its JSON, are
  // the same for the whole book and for each pool's own).
  const std::string levelColumns =
      "level,tail_samples,var,var_ci95_lo,var_ci95_hi,es,es_stderr,es_ci95_lo,es_ci95_hi,mean_loss,mean_loss_stderr";
  auto levelRow = [](const RiskSummary& sum, const LevelRisk& l) {
    return num(l.level) + ',' + std::to_string(l.tailSamples) + ',' + num(l.valueAtRisk) + ',' + num(l.varCiLo) + ',' +
           num(l.varCiHi) + ',' + num(l.expectedShortfall) + ',' + num(l.esStdErr) + ',' + num(l.esCiLo) + ',' +
           num(l.esCiHi) + ',' + num(sum.meanLoss) + ',' + num(sum.meanLossStdErr);
  };
  auto levelJson = [](const LevelRisk& l) {
    return nlohmann::json{{"level", l.level},
                          {"tail_samples", l.tailSamples},
                          {"var", l.valueAtRisk},
                          {"var_ci95", {l.varCiLo, l.varCiHi}},
                          {"es", l.expectedShortfall},
                          {"es_stderr", l.esStdErr},
                          {"es_ci95", {l.esCiLo, l.esCiHi}},
                          {"component_var_window", 2 * l.varWindow + 1}};
  };
  std::string ve = levelColumns + '\n';
  nlohmann::json levels = nlohmann::json::array();
  for (const LevelRisk& l : s.levels) {
    ve += levelRow(s, l) + '\n';
    levels.push_back(levelJson(l));
  }
  // var_es_pools.csv: with several pools measured together, each pool's
  // own loss (its positions alone, the same market paths) beside its own
  // layers, a row per pool and level.
  std::string vp;
  nlohmann::json poolRisk = nlohmann::json::array();
  if (!r.pools.empty()) {
    vp = "pool,pool_name," + levelColumns + ",value_now,insurance_fund,pool_capital\n";
    for (const PoolRisk& p : r.pools) {
      const std::string name = static_cast<size_t>(p.pool) < poolNames.size() ? poolNames[static_cast<size_t>(p.pool)] : "";
      nlohmann::json own = nlohmann::json::array();
      for (const LevelRisk& l : p.summary.levels) {
        vp += std::to_string(p.pool) + ',' + csvQuoted(name) + ',' + levelRow(p.summary, l) + ',' + num(p.summary.valueNow) +
              ',' + num(p.layers.insuranceFund) + ',' + num(p.layers.poolCapital) + '\n';
        own.push_back(levelJson(l));
      }
      poolRisk.push_back({{"pool", p.pool},
                          {"name", name},
                          {"value_now", p.summary.valueNow},
                          {"mean_loss", p.summary.meanLoss},
                          {"mean_loss_stderr", p.summary.meanLossStdErr},
                          {"loss_sd", p.summary.lossSd},
                          {"insurance_fund", p.layers.insuranceFund},
                          {"pool_capital", p.layers.poolCapital},
                          {"levels", own}});
    }
  }
  // components.csv: one row per writer, a column pair per level.
  std::string cc = "writer,positions";
  for (const LevelRisk& l : s.levels) cc += ",component_var_" + levelTag(l.level) + ",component_es_" + levelTag(l.level);
  cc += '\n';
  nlohmann::json comps = nlohmann::json::array();
  for (int w = 0; w < engine.writerCount(); ++w) {
    cc += std::to_string(engine.writerIds()[static_cast<size_t>(w)]) + ',' +
          std::to_string(engine.writerPositions()[static_cast<size_t>(w)]);
    nlohmann::json row = {{"writer", engine.writerIds()[static_cast<size_t>(w)]},
                          {"positions", engine.writerPositions()[static_cast<size_t>(w)]}};
    nlohmann::json var = nlohmann::json::array(), es = nlohmann::json::array();
    for (size_t li = 0; li < s.levels.size(); ++li) {
      cc += ',' + num(r.components.var[li][static_cast<size_t>(w)]) + ',' + num(r.components.es[li][static_cast<size_t>(w)]);
      var.push_back(r.components.var[li][static_cast<size_t>(w)]);
      es.push_back(r.components.es[li][static_cast<size_t>(w)]);
    }
    row["component_var"] = var;
    row["component_es"] = es;
    comps.push_back(row);
    cc += '\n';
  }
  // stress.csv: one row per scenario.
  std::string sc = "scenario";
  for (const char* column : {"spot_move_", "vol_multiplier_", "vol_shift_"})
    for (const std::string& a : assetNames) sc += ',' + csvField(column + a);  // a name may hold a comma or a quote
  sc += ",pool_loss,pool_value,pool_value_uncovered";
  for (const char* k : {"cover1", "cover2"})
    sc += std::string(",") + k + "_writers," + k + "_requirement," + k + "_paid_insurance_fund," + k + "_paid_pool_capital," +
          k + "_paid_backstop," + k + "_uncovered";
  sc += '\n';
  nlohmann::json stress = nlohmann::json::array();
  for (const StressRow& row : r.stress.rows) {
    sc += csvQuoted(row.scenario.name);  // always quoted: names hold spaces and signs
    for (const std::vector<double>* perAsset : {&row.scenario.spotMove, &row.scenario.volMultiplier, &row.scenario.volShift})
      for (double m : *perAsset) sc += ',' + num(m);
    sc += ',' + num(row.poolLoss) + ',' + num(row.poolValue) + ',' + num(row.wholeBook.uncovered);
    for (const CoverOutcome* c : {&row.cover1, &row.cover2})
      sc += ',' + ids(c->defaulters) + ',' + num(c->requirement) + ',' + num(c->paidInsuranceFund) + ',' +
            num(c->paidPoolCapital) + ',' + num(c->paidBackstop) + ',' + num(c->uncovered);
    sc += '\n';
    stress.push_back({{"scenario", row.scenario.name},
                      {"spot_move", row.scenario.spotMove},
                      {"vol_multiplier", row.scenario.volMultiplier},
                      {"vol_shift", row.scenario.volShift},
                      {"pool_loss", row.poolLoss},
                      {"pool_value", row.poolValue},
                      {"cover1", coverJson(row.cover1)},
                      {"cover2", coverJson(row.cover2)},
                      {"whole_book", coverJson(row.wholeBook)}});
  }
  // stress_pools.csv, with several pools' own layers: what each pool's part
  // of each cover is and who pays it, long (a row per scenario, cover and
  // pool) so that pandas groups it by any of the three.
  std::string sp;
  if (!r.stress.rows.empty() && !r.stress.rows.front().wholeBook.pools.empty()) {
    sp = "scenario,cover,pool,pool_name,requirement,paid_insurance_fund,paid_pool_capital,short_after_pool_capital,"
         "paid_backstop,uncovered\n";
    for (const StressRow& row : r.stress.rows)
      for (const auto& [cover, c] : {std::pair<const char*, const CoverOutcome*>{"cover1", &row.cover1},
                                     {"cover2", &row.cover2}, {"whole_book", &row.wholeBook}})
        for (size_t p = 0; p < c->pools.size(); ++p) {
          const PoolCover& q = c->pools[p];
          sp += csvQuoted(row.scenario.name) + ',' + cover + ',' + std::to_string(p) + ',' +
                csvQuoted(p < poolNames.size() ? poolNames[p] : std::string()) + ',' + num(q.requirement) + ',' +
                num(q.paidInsuranceFund) + ',' + num(q.paidPoolCapital) + ',' + num(q.shortAfterPool) + ',' +
                num(q.paidBackstop) + ',' + num(q.uncovered) + '\n';
        }
  }
  // sensitivities.csv: a row per asset of the market, the whole book's
  // (pool "all", pool_index -1: a pool may be named "all"), then with
  // several pools each pool's (by name and index).
  std::string gc;
  nlohmann::json greeks = nlohmann::json::array(), poolGreeks = nlohmann::json::array();
  auto sensitivityRows = [&](const std::string& pool, int poolIndex, const std::vector<AssetSensitivity>& sens) {
    nlohmann::json rows = nlohmann::json::array();
    for (size_t a = 0; a < sens.size(); ++a) {
      const AssetSensitivity& g = sens[a];
      const std::string name = a < assetNames.size() ? assetNames[a] : std::to_string(a);
      const bool spot = g.positions > 0 && std::isfinite(g.spot);  // none, or the positions differ: empty
      gc += csvField(pool) + ',' + std::to_string(poolIndex) + ',' + csvField(name) + ',' + std::to_string(g.positions) + ',' +
            (spot ? num(g.spot) : std::string()) + ',' + num(g.delta) + ',' + num(g.gamma) + ',' + num(g.vega) + ',' +
            num(g.theta) + ',' + num(g.delta1pct) + ',' + num(g.gamma1pct) + ',' + num(g.vega1pt) + ',' +
            num(g.theta1day) + '\n';
      rows.push_back({{"asset", name},
                      {"positions", g.positions},
                      {"spot", spot ? nlohmann::json(g.spot) : nlohmann::json(nullptr)},
                      {"delta", g.delta},
                      {"gamma", g.gamma},
                      {"vega", g.vega},
                      {"theta", g.theta},
                      {"delta_1pct", g.delta1pct},
                      {"gamma_1pct", g.gamma1pct},
                      {"vega_1pt", g.vega1pt},
                      {"theta_1day", g.theta1day}});
    }
    return rows;
  };
  if (!r.sensitivities.empty()) {
    gc = "pool,pool_index,asset,positions,spot,delta,gamma,vega,theta,delta_1pct,gamma_1pct,vega_1pt,theta_1day\n";
    greeks = sensitivityRows("all", -1, r.sensitivities);
    for (size_t p = 0; p < r.poolSensitivities.size(); ++p) {
      const std::string name = p < poolNames.size() && !poolNames[p].empty() ? poolNames[p] : std::to_string(p);
      poolGreeks.push_back({{"pool", p}, {"name", name}, {"assets", sensitivityRows(name, static_cast<int>(p), r.poolSensitivities[p])}});
    }
  }
  // loss_histogram.csv: 100 equal bins from the smallest to the largest loss.
  std::string hist = "bin_lo,bin_hi,samples\n";
  {
    const int bins = 100;
    const double lo = s.minLoss, hi = s.maxLoss > s.minLoss ? s.maxLoss : s.minLoss + 1.0;
    std::vector<long long> counts(bins, 0);
    for (double x : r.losses) counts[static_cast<size_t>(std::clamp(static_cast<int>((x - lo) / (hi - lo) * bins), 0, bins - 1))]++;
    for (int b = 0; b < bins; ++b)
      hist += num(lo + (hi - lo) * b / bins) + ',' + num(lo + (hi - lo) * (b + 1) / bins) + ',' + std::to_string(counts[static_cast<size_t>(b)]) + '\n';
  }

  nlohmann::json j = context;
  j["loss_definition"] =
      "pool loss over the horizon, currency: L = V(H) - V(0), V the Black-Scholes value of the cover the pool owes beyond "
      "each writer's collateral (coverShare x units x option at the cover strike, capped at maxCover); positive = loss";
  j["value_now"] = s.valueNow;
  j["samples"] = s.samples;
  j["options_per_sample"] = engine.legs();
  j["mean_loss"] = s.meanLoss;
  j["mean_loss_stderr"] = s.meanLossStdErr;
  j["loss_sd"] = s.lossSd;
  j["min_loss"] = s.minLoss;
  j["max_loss"] = s.maxLoss;
  j["levels"] = levels;
  if (!poolRisk.empty()) j["pool_var_es"] = poolRisk;
  j["methods"] = {
      {"var_ci95", "order statistics: ranks n q -/+ 1.96 sqrt(n q (1-q)) of the sorted sample (binomial, normal approximation)"},
      {"es_stderr", "delta method: sqrt((Var(L | tail) + q (ES - VaR)^2) / tail samples)"},
      {"mean_loss_stderr", "sd(L) / sqrt(samples)"},
      {"component_es", "Euler: E[L_writer | L in the tail]; sums to ES"},
      {"component_var", "Euler: E[L_writer | L within the VaR window of ranks], scaled to sum to VaR"},
      {"whole_book", "what the pool owes on its whole book under the scenario, V(H) = V(0) + L (no default needed), "
                     "through the same layers"},
      {"sensitivities",
       "of V(0), the value of the cover the pool owes now (positive: the pool loses as the variable rises), per asset: "
       "Black-Scholes Greeks of each position's cover options at its pricing volatility and remaining life, summed; delta "
       "dV/dS in units of the asset, gamma d2V/dS2, vega per 1.00 of volatility, theta per year as time passes; delta_1pct "
       "= sum delta S / 100 and gamma_1pct = sum gamma (S / 100)^2 / 2 (V's first- and second-order change for a +1 % "
       "spot move), vega_1pt = vega / 100, theta_1day = theta / days per year, currency"},
      {"stress", "stressed loss beyond collateral of the 1 (Cover-1) or 2 (Cover-2) largest writers, through the insurance "
                 "fund, then pool capital, then the backstop (the loss waterfall's order)"}};
  if (!poolRisk.empty())
    j["methods"]["pool_var_es"] =
        "several pools measured together: each pool's own L, its positions alone repriced on the same market paths (the "
        "same seed and blocks), as --pool measures it; compare value_now + es with its own insurance_fund + pool_capital";
  j["capital"] = {{"insurance_fund", capital.insuranceFund}, {"pool_capital", capital.poolCapital}, {"backstop", capital.backstop}};
  if (!greeks.empty()) j["sensitivities"] = greeks;
  if (!poolGreeks.empty()) j["pool_sensitivities"] = poolGreeks;
  j["components"] = comps;
  j["stress"] = stress;
  if (r.stress.worstCover1 >= 0) {
    j["cover1"] = coverJson(r.stress.rows[static_cast<size_t>(r.stress.worstCover1)].cover1);
    j["cover1"]["scenario"] = r.stress.rows[static_cast<size_t>(r.stress.worstCover1)].scenario.name;
    j["cover2"] = coverJson(r.stress.rows[static_cast<size_t>(r.stress.worstCover2)].cover2);
    j["cover2"]["scenario"] = r.stress.rows[static_cast<size_t>(r.stress.worstCover2)].scenario.name;
    j["whole_book"] = coverJson(r.stress.rows[static_cast<size_t>(r.stress.worstPoolLoss)].wholeBook);
    j["whole_book"]["scenario"] = r.stress.rows[static_cast<size_t>(r.stress.worstPoolLoss)].scenario.name;
  }
  // historical.csv: with --history, a row per window of the history.
  std::string hc;
  if (r.historical) {
    const HistoricalReport& h = *r.historical;
    const HistoricalResult& hr = h.result;
    // Several pools measured together: each pool's own loss a column (by
    // its name, or its index where the book names none).
    std::vector<const PoolRisk*> own;
    for (const PoolRisk& p : r.pools)
      if (p.historical) own.push_back(&p);
    auto poolName = [&](int pool) {
      return static_cast<size_t>(pool) < poolNames.size() ? poolNames[static_cast<size_t>(pool)] : std::to_string(pool);
    };
    hc = "start_day,end_day";
    for (const std::string& a : assetNames) hc += ',' + csvField("spot_move_" + a);
    hc += ",pool_loss";
    for (const PoolRisk* p : own) hc += ',' + csvField("pool_loss_" + poolName(p->pool));
    hc += '\n';
    for (size_t i = 0; i < hr.windows.size(); ++i) {
      const HistoricalWindow& w = hr.windows[i];
      hc += std::to_string(w.startDay) + ',' + std::to_string(w.startDay + engine.def().horizonDays);
      for (double m : w.spotMove) hc += ',' + num(m);
      hc += ',' + num(w.loss);
      for (const PoolRisk* p : own) hc += ',' + num(p->historical->windows[i].loss);
      hc += '\n';
    }
    auto levelsJson = [](const HistoricalResult& x) {
      nlohmann::json out = nlohmann::json::array();
      for (const LevelRisk& l : x.summary.levels)
        out.push_back({{"level", l.level}, {"tail_windows", l.tailSamples}, {"var", l.valueAtRisk}, {"es", l.expectedShortfall}});
      return out;
    };
    const nlohmann::json hl = levelsJson(hr);
    const HistoricalWindow& worst = hr.windows[static_cast<size_t>(hr.worst)];
    j["historical"] = {{"file", h.file},
                       {"fnv1a64", h.fnv1a64},
                       {"rows", h.rows},
                       {"filtered", !hr.volEnd.empty()},
                       {"last_day", hr.lastDay},
                       {"windows", hr.windows.size()},
                       {"mean_loss", hr.summary.meanLoss},
                       {"loss_sd", hr.summary.lossSd},
                       {"min_loss", hr.summary.minLoss},
                       {"max_loss", hr.summary.maxLoss},
                       {"levels", hl},
                       {"worst", {{"start_day", worst.startDay}, {"spot_move", worst.spotMove}, {"pool_loss", worst.loss}}}};
    if (!own.empty()) {
      nlohmann::json pools = nlohmann::json::array();
      for (const PoolRisk* p : own)
        pools.push_back({{"pool", p->pool},
                         {"name", poolName(p->pool)},
                         {"mean_loss", p->historical->summary.meanLoss},
                         {"max_loss", p->historical->summary.maxLoss},
                         {"worst_start_day", p->historical->windows[static_cast<size_t>(p->historical->worst)].startDay},
                         {"levels", levelsJson(*p->historical)}});
      j["historical"]["pools"] = pools;
    }
    if (!hr.volEnd.empty()) {
      j["historical"]["vol_end"] = hr.volEnd;
      j["historical"]["vol_history"] = hr.volHistory;
      j["historical"]["lambda"] = h.lambda;
    }
    j["methods"]["historical"] =
        "historical simulation: today's book repriced in full on each H-day window of the history (days d to d + H, d = "
        "0, 1, ...; each asset's price on a day is its last observation at or before it), volatility held at each "
        "position's pricing volatility; VaR and ES are the Monte Carlo's ranks of the windows' losses. Windows overlap "
        "by H - 1 days and are not independent: no CI is given. Filtered (--filtered): each day's log return first "
        "rescaled by sigma_end / sigma_t, sigma_t^2 the EWMA forecast of its variance the day before (lambda, started "
        "from the history's mean square return), sigma_end^2 the forecast after its last day";
  }
  // reverse_stress.csv: with --reverse-stress, a row per direction and test.
  std::string rc;
  if (!r.reverse.empty()) {
    rc = "direction,asset,test,found,spot_move,vol_multiplier,requirement,uncovered,pool,pool_name\n";
    nlohmann::json rj = nlohmann::json::array();
    for (const ReverseRow& row : r.reverse) {
      const ReverseDirection& dir = row.direction;
      const std::string asset = dir.asset < 0 ? "all" : assetNames[static_cast<size_t>(dir.asset)];
      nlohmann::json tests = nlohmann::json::object();
      for (int t = 0; t < kReverseTests; ++t) {
        const ReverseBreak& b = row.breaks[static_cast<size_t>(t)];
        const double spot = dir.sign == 0 ? 0.0 : b.move, vol = dir.sign == 0 ? b.move : 1.0;
        const std::string poolName =
            b.pool >= 0 && static_cast<size_t>(b.pool) < poolNames.size() ? poolNames[static_cast<size_t>(b.pool)] : "";
        rc += csvQuoted(dir.name) + ',' + csvField(asset) + ',' + reverseTestName(static_cast<ReverseTest>(t)) + ',' +
              (b.found ? "true" : "false") + ',' + (b.found ? num(spot) : "") + ',' + (b.found ? num(vol) : "") + ',' +
              (b.found ? num(b.requirement) : "") + ',' + (b.found ? num(b.uncovered) : "") + ',' +
              (b.pool >= 0 ? std::to_string(b.pool) : "") + ',' + csvQuoted(poolName) + '\n';
        nlohmann::json bj = {{"found", b.found}};
        if (b.found) {
          bj["spot_move"] = spot;
          bj["vol_multiplier"] = vol;
          bj["requirement"] = b.requirement;
          bj["uncovered"] = b.uncovered;
          if (b.pool >= 0) bj["pool"] = b.pool, bj["pool_name"] = poolName;
        }
        tests[reverseTestName(static_cast<ReverseTest>(t))] = bj;
      }
      rj.push_back({{"direction", dir.name}, {"asset", asset}, {"tests", tests}, {"evaluations", row.evaluations}});
    }
    j["reverse_stress"] = rj;
    j["methods"]["reverse_stress"] =
        "the least move in each direction after which buyers go unpaid once every layer has paid (the whole book's "
        "V(H), Cover-1, Cover-2, through the stress's layers): a scan from no move (spot 1% steps to -99% and to +100%, "
        "then 10% to +1000%, volatility held; volatility x1 to x20 by 0.1 at unchanged prices), then 24 bisections "
        "inside the first step that fails";
  }
  files.push_back({"risk.json", j.dump(2) + "\n"});
  files.push_back({"var_es.csv", ve});
  if (!vp.empty()) files.push_back({"var_es_pools.csv", vp});
  files.push_back({"components.csv", cc});
  files.push_back({"stress.csv", sc});
  if (!sp.empty()) files.push_back({"stress_pools.csv", sp});
  if (!gc.empty()) files.push_back({"sensitivities.csv", gc});
  files.push_back({"loss_histogram.csv", hist});
  if (!hc.empty()) files.push_back({"historical.csv", hc});
  if (!rc.empty()) files.push_back({"reverse_stress.csv", rc});
  return files;
}

}  // namespace mutualab
