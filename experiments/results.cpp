#include "experiments/results.h"

#include "experiments/output_dir.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <csignal>
#include <cerrno>

#include <signal.h>
#include <unistd.h>

#include "core/format_number.h"
#include "core/governance.h"
#include "core/scenario_json.h"
#include "experiments/cell_store.h"
#include "experiments/csv_row.h"
#include "experiments/metric_intervals.h"
#include "experiments/registry_defaults.h"
#include "experiments/series_file.h"
#include "experiments/stats.h"

namespace mutualab {

namespace {

nlohmann::json num(double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); }

// A CSV number: the shortest text that reads back as the same double
// (pandas' float_precision="round_trip" gets it exactly), the same bytes
// natively and in WebAssembly; NaN is empty.
std::string fmt(double v) { return std::isnan(v) ? std::string() : shortestNumber(v); }

std::vector<double> column(const RunResult& r, SummaryMetric m) {
  std::vector<double> xs;
  for (const auto& s : r.reps) xs.push_back(s[m]);
  return xs;
}

nlohmann::json ciJson(const MeanCi& c) {
  if (std::isnan(c.lo)) return nullptr;
  return nlohmann::json::array({c.lo, c.hi});
}

// Folders NAME.tmp.PID / NAME.old.PID that a killed run left beside NAME:
// removed when they carry our marker and their process is gone.
void removeOrphanSiblings(const std::filesystem::path& target) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string stem = target.filename().string();
  for (fs::directory_iterator it(target.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string n = it->path().filename().string();
    for (const char* tag : {".tmp.", ".old."}) {
      const std::string prefix = stem + tag;
      if (n.size() <= prefix.size() || n.compare(0, prefix.size(), prefix) != 0) continue;
      const std::string pid = n.substr(prefix.size());
      if (pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos) continue;
      const bool gone = ::kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH;
      std::error_code e2;
      if (gone && fs::is_directory(it->path(), e2) && fs::exists(it->path() / kOutputMarker, e2))
        fs::remove_all(it->path(), e2);
    }
  }
}

// Who paid for whose losses through the shared backstop, and how far
// failure spread, over replications.
nlohmann::json contagionJson(const RunResult& r) {
  const size_t P = r.poolNames.size();
  nlohmann::json from = r.poolNames, matrix = nlohmann::json::array(), matrixCi = nlohmann::json::array();
  from.push_back("backstop capital");
  for (size_t c = 0; c <= P; ++c) {
    nlohmann::json row = nlohmann::json::array(), rowCi = nlohmann::json::array();
    for (size_t k = 0; k < P; ++k) {
      std::vector<double> xs;
      for (const auto& s : r.reps) xs.push_back(s.contagion.backstopPaid[c * P + k]);
      const MeanCi m = nonNegativeMeanCi95(xs);
      row.push_back(num(m.mean));
      rowCi.push_back(ciJson(m));
    }
    matrix.push_back(std::move(row));
    matrixCi.push_back(std::move(rowCi));
  }
  nlohmann::json moved = nlohmann::json::array(), movedCi = nlohmann::json::array();
  for (size_t i = 0; i < P; ++i) {
    nlohmann::json row = nlohmann::json::array(), rowCi = nlohmann::json::array();
    for (size_t k = 0; k < P; ++k) {
      std::vector<double> xs;
      for (const auto& s : r.reps) xs.push_back(s.contagion.lpMoved.empty() ? 0.0 : s.contagion.lpMoved[i * P + k]);
      const MeanCi m = nonNegativeMeanCi95(xs);
      row.push_back(num(m.mean));
      rowCi.push_back(ciJson(m));
    }
    moved.push_back(std::move(row));
    movedCi.push_back(std::move(rowCi));
  }
  nlohmann::json out = contagionHeadlineJson(r.reps);
  out.update(nlohmann::json{
      {"lp_capital_moved", {{"help", "lp_capital_moved[i][j]: LP capital that migrated from pool i to pool j, currency; "
                                     "mean over replications"},
                            {"from", r.poolNames},
                            {"to", r.poolNames},
                            {"mean", moved},
                            {"ci95", movedCi}}},
      {"backstop_paid", {{"help", "backstop_paid[i][j]: what the stake of from[i] in the shared backstop (its share of "
                                  "fees, or the initial capital) paid toward claims on to[j], currency; mean over replications"},
                         {"from", from},
                         {"to", r.poolNames},
                         {"mean", matrix},
                         {"ci95", matrixCi}}},
  });
  return out;
}

}  // namespace

namespace {
// One summary.json entry per pool, contract or market: `entry` holds its
// names, then every metric of `infos` (the mean over replications of
// value(replication, metric index)) and their 95% CIs under "ci95", each by
// its metric's method (experiments/metric_intervals.h).
template <size_t N, class Value>
nlohmann::json metricsEntry(nlohmann::json entry, const std::array<MetricInfo, N>& infos,
                            const std::vector<RepSummary>& reps, Value value) {
  nlohmann::json ci = nlohmann::json::object();
  for (size_t m = 0; m < N; ++m) {
    std::vector<double> xs;
    for (const auto& s : reps) xs.push_back(value(s, static_cast<int>(m)));
    const MeanCi c = metricCi95(infos[m].name, xs);
    entry[infos[m].name] = num(c.mean);
    ci[infos[m].name] = ciJson(c);
  }
  entry["ci95"] = ci;
  return entry;
}
}  // namespace

nlohmann::json poolsSummaryJson(const std::vector<std::string>& poolNames, const std::vector<RepSummary>& reps) {
  nlohmann::json pools = nlohmann::json::array();
  for (size_t k = 0; k < poolNames.size(); ++k)
    pools.push_back(metricsEntry(
        {{"name", poolNames[k]}}, kPoolSummaryMetricInfo, reps,
        [k](const RepSummary& s, int m) { return s.pool(static_cast<int>(k), static_cast<PoolSummaryMetric>(m)); }));
  return pools;
}

nlohmann::json menuSummaryJson(const std::vector<std::pair<std::string, std::string>>& contracts,
                               const std::vector<RepSummary>& reps) {
  nlohmann::json out = nlohmann::json::array();
  for (size_t c = 0; c < contracts.size(); ++c)
    out.push_back(metricsEntry(
        {{"pool", contracts[c].first}, {"contract", contracts[c].second}}, kContractSummaryMetricInfo, reps,
        [c](const RepSummary& s, int m) { return s.contract(static_cast<int>(c), static_cast<ContractSummaryMetric>(m)); }));
  return out;
}

// The pool of a column prefix: the prefix without its dot, or "pool" for the one pool.
std::string poolOfPrefix(const std::string& prefix) { return prefix.empty() ? "pool" : prefix.substr(0, prefix.size() - 1); }

nlohmann::json shareMarketsJson(const std::vector<std::string>& prefixes, const std::vector<RepSummary>& reps) {
  nlohmann::json out = nlohmann::json::array();
  for (size_t j = 0; j < prefixes.size(); ++j)
    out.push_back(metricsEntry(
        {{"pool", poolOfPrefix(prefixes[j])}}, kShareMarketSummaryMetricInfo, reps,
        [j](const RepSummary& s, int m) { return s.shareMarket(static_cast<int>(j), static_cast<ShareMarketSummaryMetric>(m)); }));
  return out;
}

nlohmann::json admissionsJson(const std::vector<std::string>& prefixes, const std::vector<RepSummary>& reps) {
  nlohmann::json out = nlohmann::json::array();
  for (size_t j = 0; j < prefixes.size(); ++j) {
    // The replications in which it admitted by VaR at all (a governance rule
    // may switch it on in some only): the means and CIs are over those.
    int admitting = 0;
    for (const auto& s : reps)
      admitting += std::isnan(s.admission(static_cast<int>(j), AdmissionSummaryMetric::Declined)) ? 0 : 1;
    out.push_back(metricsEntry(
        {{"pool", poolOfPrefix(prefixes[j])}, {"replications", admitting}}, kAdmissionSummaryMetricInfo, reps,
        [j](const RepSummary& s, int m) { return s.admission(static_cast<int>(j), static_cast<AdmissionSummaryMetric>(m)); }));
  }
  return out;
}

nlohmann::json contagionHeadlineJson(const std::vector<RepSummary>& reps) {
  auto stat = [&](const char* name, auto get) {
    std::vector<double> xs;
    for (const auto& s : reps) xs.push_back(get(s.contagion));
    const MeanCi c = metricCi95(name, xs);
    return nlohmann::json{{"mean", num(c.mean)}, {"ci95", ciJson(c)}};
  };
  return {
      {"pools_defaulted", stat("pools_defaulted", [](const ContagionSummary& c) { return c.poolsDefaulted; })},
      {"joint_default_probability", stat("joint_default_probability", [](const ContagionSummary& c) { return c.jointDefault; })},
      {"backstop_final", stat("backstop_final", [](const ContagionSummary& c) { return c.backstopFinal; })},
      {"backstop_lowest", stat("backstop_lowest", [](const ContagionSummary& c) { return c.backstopLowest; })},
  };
}

namespace {
// The pools a rule's condition can name: "pool", or the scenario's pools.
std::string poolName(const ScenarioDef& def, int k) {
  return def.pools.empty() ? "pool" : def.pools[static_cast<size_t>(k)].name;
}
const char* eventName(GovernanceEventKind k) {
  switch (k) {
    case GovernanceEventKind::Queued: return "queued";
    case GovernanceEventKind::Refused: return "refused";
    default: return "applied";
  }
}
const std::vector<std::string>& assignmentsOf(const ScenarioDef& def, const GovernanceEvent& e) {
  return e.rule < 0 ? def.governance.schedule[static_cast<size_t>(e.change)].set
                    : def.governance.rules[static_cast<size_t>(e.rule)].set;
}
std::string reasonOf(const ScenarioDef& def, const GovernanceEvent& e) {
  if (e.kind != GovernanceEventKind::Refused) return "";
  return std::string(refusalText(e.why)) + " (pool " + poolName(def, e.whyPool) + ")";
}
}  // namespace

namespace {
// An assignment's value as events.csv shows it: a JSON string literal
// ("\"ratio\"", as --set accepts it) as its text, so it reads the same as
// the bare word (ratio); anything else as written.
std::string assignedValue(const std::string& text) {
  if (text.size() >= 2 && text.front() == '"') {
    const nlohmann::json v = nlohmann::json::parse(text, nullptr, false);
    if (v.is_string()) return v.get<std::string>();
  }
  return text;
}
}  // namespace

std::string eventsCsv(const ScenarioDef& def, const std::vector<RepSummary>& reps) {
  if (def.governance.rules.empty()) {
    // Schedule only: one row per assignment, in the order applied, the same in every replication.
    std::string out = "step,day,path,value\n";
    for (const GovernanceChange& c : def.governance.schedule)
      for (const std::string& a : c.set) {
        const auto eq = a.find('=');
        out += std::to_string(c.step) + "," + fmt(c.step * def.sim.stepDays) + "," + csvField(a.substr(0, eq)) +
               "," + csvField(assignedValue(a.substr(eq + 1))) + "\n";
      }
    return out;
  }
  // With rules what happens depends on the replication's path: every
  // replication's events, in order, one row per assignment.
  std::string out = "replication,step,day,source,event,pool,due_step,path,value,reason\n";
  for (size_t rep = 0; rep < reps.size(); ++rep)
    for (const GovernanceEvent& e : reps[rep].governance) {
      const bool rule = e.rule >= 0;
      const std::string head =
          std::to_string(rep) + "," + std::to_string(e.step) + "," + fmt(e.step * def.sim.stepDays) + "," +
          (rule ? csvField(def.governance.rules[static_cast<size_t>(e.rule)].name) : std::string("schedule")) + "," +
          eventName(e.kind) + "," + (rule ? csvField(poolName(def, ruleConditionPool(def, e.rule))) : "") + "," +
          (e.kind == GovernanceEventKind::Queued ? std::to_string(e.dueStep) : "") + ",";
      const std::string reason = csvField(reasonOf(def, e));
      for (const std::string& a : assignmentsOf(def, e)) {
        const auto eq = a.find('=');
        out += head + csvField(a.substr(0, eq)) + "," + csvField(assignedValue(a.substr(eq + 1))) + "," + reason + "\n";
      }
    }
  return out;
}

nlohmann::json governanceEventsJson(const ScenarioDef& def, const std::vector<GovernanceEvent>& events) {
  nlohmann::json out = nlohmann::json::array();
  for (const GovernanceEvent& e : events) {
    nlohmann::json j = {{"step", e.step},
                        {"source", e.rule < 0 ? std::string("schedule") : def.governance.rules[static_cast<size_t>(e.rule)].name},
                        {"event", eventName(e.kind)}};
    if (e.rule >= 0) j["pool"] = poolName(def, ruleConditionPool(def, e.rule));
    if (e.kind == GovernanceEventKind::Queued) j["due_step"] = e.dueStep;
    j["set"] = assignmentsOf(def, e);
    if (e.kind == GovernanceEventKind::Refused) j["reason"] = reasonOf(def, e);
    out.push_back(std::move(j));
  }
  return out;
}

nlohmann::json governanceRulesJson(const ScenarioDef& def, const std::vector<RepSummary>& reps) {
  nlohmann::json out = nlohmann::json::array();
  const double n = reps.empty() ? 1.0 : static_cast<double>(reps.size());
  for (size_t r = 0; r < def.governance.rules.size(); ++r) {
    int fired = 0;
    double firings = 0, applied = 0, refused = 0, firstSum = 0;
    for (const RepSummary& s : reps) {
      int first = -1;
      for (const GovernanceEvent& e : s.governance) {
        if (e.rule != static_cast<int>(r)) continue;
        if (e.kind == GovernanceEventKind::Queued) {
          firings += 1;
          if (first < 0) first = e.step;
        }
        applied += e.kind == GovernanceEventKind::Applied;
        refused += e.kind == GovernanceEventKind::Refused;
      }
      if (first >= 0) ++fired, firstSum += first;
    }
    out.push_back({{"name", def.governance.rules[r].name},
                   {"fired_share", fired / n},
                   {"firings", firings / n},
                   {"applied", applied / n},
                   {"refused", refused / n},
                   {"first_fired_step", fired > 0 ? nlohmann::json(firstSum / fired) : nlohmann::json(nullptr)}});
  }
  return out;
}

namespace {
// Every number as a double: `"loading": 0` and `"loading": 0.0` (a file
// written by hand, or re-serialized by JavaScript) are the same scenario, but
// dump as different text. Params objects keep numbers as written, so the
// scenario hash reads them all one way.
nlohmann::json numbersAsDoubles(nlohmann::json j) {
  if (j.is_number()) return j.get<double>();
  if (j.is_structured())
    for (auto& v : j) v = numbersAsDoubles(std::move(v));
  return j;
}
}  // namespace

nlohmann::json summaryJson(const RunResult& r, const nlohmann::json& resolved, std::uint64_t seed) {
  nlohmann::json j = nlohmann::json::object();
  nlohmann::json ci = nlohmann::json::object();
  j["mutualab_version"] = MUTUALAB_VERSION;
  j["scenario_name"] = resolved.value("name", "");
  // Cites the run with the seed and version: 16 hex digits of FNV-1a over
  // what runs - the resolved scenario with the registries' defaults written
  // out too (what `mutualab validate --print` prints), less its name and
  // description - so a scenario, its spelled-out copy and a renamed copy,
  // which all run the same, cite the same. The same in every build.
  nlohmann::json what = withRegistryDefaults(resolved);
  what.erase("name");
  what.erase("description");
  j["scenario_hash"] = contentHash(numbersAsDoubles(what));
  j["seed"] = seed;
  j["reps"] = r.reps.size();
  j["steps"] = r.steps;
  for (int m = 0; m < kSummaryMetricCount; ++m) {
    const auto id = static_cast<SummaryMetric>(m);
    const std::string key = kSummaryMetricInfo[static_cast<size_t>(m)].name;
    if (id == SummaryMetric::CapEffSiloed || id == SummaryMetric::CapEffPooled) continue;  // grouped below
    if (intervalOf(key) == Interval::EventTime) continue;                                // below
    const MeanCi c = metricCi95(key, column(r, id));
    j[key] = num(c.mean);
    ci[key] = ciJson(c);
  }
  // Unraveling, an event that may not come by the horizon: the share of
  // replications that unraveled (Wilson), and the median step with the
  // others counted as beyond the horizon (null until half unraveled), its
  // interval from order statistics (a null end: beyond the horizon, or
  // fewer than 6 replications).
  const EventTimeCi unr = censoredMedianCi95(column(r, SummaryMetric::UnravelingStep));
  j["unraveling_step"] = num(unr.median);
  ci["unraveling_step"] = std::isnan(unr.lo) && std::isnan(unr.hi) && !unr.loBeyond
                              ? nlohmann::json(nullptr)
                              : nlohmann::json::array({num(unr.lo), num(unr.hi)});
  j["unraveled_share"] = r.reps.empty() ? 0.0 : unr.share.mean;
  ci["unraveled_share"] = ciJson(unr.share);
  // Governance: the changes applied, when the scenario schedules any; with
  // rules, replication 0's events and each rule's record over replications.
  if (resolved.contains("governance") && resolved["governance"].contains("rules")) {
    const ScenarioDef def = scenarioFromJson(resolved);
    j["governance_events"] = governanceEventsJson(def, r.reps.empty() ? std::vector<GovernanceEvent>{} : r.reps[0].governance);
    j["governance_rules"] = governanceRulesJson(def, r.reps);
  } else if (resolved.contains("governance") && resolved["governance"].contains("schedule")) {
    j["governance_events"] = resolved["governance"]["schedule"];
  }

  nlohmann::json deciles = nlohmann::json::array(), decilesCi = nlohmann::json::array();
  for (size_t d = 0; d < 10; ++d) {
    std::vector<double> xs;
    for (const auto& s : r.reps) xs.push_back(s.participationByDecile[d]);
    const MeanCi c = shareMeanCi95(xs);
    deciles.push_back(num(c.mean));
    decilesCi.push_back(ciJson(c));
  }
  j["participation_by_theta_decile"] = deciles;
  ci["participation_by_theta_decile"] = decilesCi;

  const MeanCi ceS = metricCi95("capital_efficiency_siloed", column(r, SummaryMetric::CapEffSiloed));
  const MeanCi ceP = metricCi95("capital_efficiency_pooled", column(r, SummaryMetric::CapEffPooled));
  j["capital_efficiency"] = {{"siloed", num(ceS.mean)}, {"pooled", num(ceP.mean)}};
  ci["capital_efficiency"] = {{"siloed", ciJson(ceS)}, {"pooled", ciJson(ceP)}};
  j["ci95"] = ci;
  if (!r.poolNames.empty()) {
    j["pools"] = poolsSummaryJson(r.poolNames, r.reps);
    j["contagion"] = contagionJson(r);
  }
  if (!r.contracts.empty()) j["menu"] = menuSummaryJson(r.contracts, r.reps);
  if (!r.shareMarketPrefixes.empty()) j["share_market"] = shareMarketsJson(r.shareMarketPrefixes, r.reps);
  if (!r.admissionPrefixes.empty()) j["admission"] = admissionsJson(r.admissionPrefixes, r.reps);
  j["scenario"] = resolved;
  return j;
}

std::string timeseriesCsv(const RunResult& r, double stepDays) {
  std::ostringstream o;
  o << "step,day";
  for (const auto& c : SeriesColumns{r.poolNames, r.shareMarketPrefixes, r.admissionPrefixes}.names()) o << ',' << c;
  o << '\n';
  const size_t pw = r.poolNames.size() * kPoolStepMetricCount;
  const size_t mw = r.shareMarketPrefixes.size() * kShareMarketStepMetricCount;
  const size_t aw = r.admissionPrefixes.size() * kAdmissionStepMetricCount;
  for (int t = 0; t <= r.steps; ++t) {
    o << t << ',' << fmt(t * stepDays);
    for (int m = 0; m < kStepMetricCount; ++m)
      o << ',' << fmt(r.meanSeries[static_cast<size_t>(t) * kStepMetricCount + static_cast<size_t>(m)]);
    for (size_t c = 0; c < pw; ++c) o << ',' << fmt(r.meanPoolSeries[static_cast<size_t>(t) * pw + c]);
    for (size_t c = 0; c < mw; ++c) o << ',' << fmt(r.meanShareMarketSeries[static_cast<size_t>(t) * mw + c]);
    for (size_t c = 0; c < aw; ++c) o << ',' << fmt(r.meanAdmissionSeries[static_cast<size_t>(t) * aw + c]);
    o << '\n';
  }
  return o.str();
}

std::string agentsCsv(const RunResult& r) {
  std::ostringstream o;
  writeAgentsCsv(o, r);
  return o.str();
}

void writeAgentsCsv(std::ostream& o, const RunResult& r) {
  static const char* status[] = {"none", "silo", "pool", "abstain"};
  o << "kind,index,strategy,theta,theta_decile,status,initial_cash,cash,collateral,settled,pooled_total,"
       "siloed_total,shares,queued_shares,wealth,risk_aversion,outside_rate,early_warning\n";
  for (size_t i = 0; i < r.writersRep0.size(); ++i) {
    const auto& w = r.writersRep0[i];
    o << "writer," << i << ',' << r.writerGroupNames[static_cast<size_t>(w.group)] << ',' << fmt(w.theta) << ','
      << (w.thetaDecile + 1) << ',' << status[static_cast<int>(w.status) + 1] << ',' << fmt(w.initialCash) << ','
      << fmt(w.cash) << ',' << fmt(w.collateral) << ',' << w.settled << ',' << w.pooledTotal << ',' << w.siloedTotal
      << ",,,,,,\n";
  }
  for (size_t i = 0; i < r.lpsRep0.size(); ++i) {
    const auto& l = r.lpsRep0[i];
    o << "lp," << i << ',' << r.lpGroupNames[static_cast<size_t>(l.group)] << ",,,," << fmt(l.initialCash) << ','
      << fmt(l.cash) << ",,,,," << fmt(l.shares) << ',' << fmt(l.queuedShares) << ',' << fmt(l.wealth) << ','
      << fmt(l.riskAversion) << ',' << fmt(l.outsideRateAnnual) << ',' << (l.earlyWarning ? 1 : 0) << '\n';
  }
}

std::vector<std::string> replicationColumns(const RunResult& r) {
  std::vector<std::string> c;
  for (const auto& m : kSummaryMetricInfo) c.emplace_back(m.name);
  for (int d = 1; d <= 10; ++d) c.push_back("participation_d" + std::to_string(d));
  for (const auto& p : r.poolNames)
    for (const auto& m : kPoolSummaryMetricInfo) c.push_back(p + '.' + m.name);
  if (!r.poolNames.empty())
    for (const char* k : {"pools_defaulted", "joint_default", "backstop_final", "backstop_lowest"}) c.emplace_back(k);
  for (const auto& [pool, contract] : r.contracts)
    for (const auto& m : kContractSummaryMetricInfo) c.push_back(pool + '.' + contract + '.' + m.name);
  for (const auto& p : r.shareMarketPrefixes)
    for (const auto& m : kShareMarketSummaryMetricInfo) c.push_back(p + m.name);
  for (const auto& p : r.admissionPrefixes)
    for (const auto& m : kAdmissionSummaryMetricInfo) c.push_back(p + m.name);
  return c;
}

std::vector<double> replicationRow(const RunResult& r, size_t i) {
  const RepSummary& s = r.reps[i];
  std::vector<double> v(s.values.begin(), s.values.end());
  v.insert(v.end(), s.participationByDecile.begin(), s.participationByDecile.end());
  v.insert(v.end(), s.pools.begin(), s.pools.end());
  if (!r.poolNames.empty()) {
    const ContagionSummary& c = s.contagion;
    v.insert(v.end(), {c.poolsDefaulted, c.jointDefault, c.backstopFinal, c.backstopLowest});
  }
  v.insert(v.end(), s.contracts.begin(), s.contracts.end());
  v.insert(v.end(), s.shareMarkets.begin(), s.shareMarkets.end());
  v.insert(v.end(), s.admissions.begin(), s.admissions.end());
  return v;
}

std::string replicationsCsv(const RunResult& r) {
  std::ostringstream o;
  o << "replication";
  for (const auto& c : replicationColumns(r)) o << ',' << c;
  o << '\n';
  for (size_t i = 0; i < r.reps.size(); ++i) {
    o << i;
    for (double v : replicationRow(r, i)) o << ',' << fmt(v);
    o << '\n';
  }
  return o.str();
}

ResultsDirWriter::ResultsDirWriter(const std::string& dir, const std::string& kind) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // "out/x/." and "out/x/" name out/x itself, whose parent is out (a new
  // folder with a trailing slash was refused until 2026-12-05).
  had_ = checkOutputDir(dir, kind);  // refuses folders holding files mutualab did not write
  target_ = fs::weakly_canonical(outputDirPath(dir), ec);
  if (ec || target_.filename().empty()) throw std::runtime_error("cannot use '" + dir + "' as the output folder");
  if (had_) checkReplaceable(target_, kind);  // and ours with files added since
  kind_ = kind;
  const fs::path parent = target_.parent_path();
  fs::create_directories(parent, ec);
  if (ec) throw std::runtime_error("cannot create '" + parent.string() + "': " + ec.message());
  removeOrphanSiblings(target_);
  const std::string suffix = "." + std::to_string(::getpid());
  tmp_ = target_.string() + ".tmp" + suffix;
  old_ = target_.string() + ".old" + suffix;
  if (fs::exists(tmp_, ec) || fs::exists(old_, ec))
    throw std::runtime_error("'" + tmp_.string() + "' or '" + old_.string() + "' is in the way; remove it or choose another folder");
  fs::create_directory(tmp_, ec);
  if (ec) throw std::runtime_error("cannot create '" + tmp_.string() + "': " + ec.message());
  open_ = true;
  // The marker first: a run killed while writing leaves a folder that says it is ours.
  add(kOutputMarker, outputMarkerText(kind));
}

ResultsDirWriter::~ResultsDirWriter() { discard(); }

void ResultsDirWriter::discard() {
  if (!open_) return;
  std::error_code ignored;
  std::filesystem::remove_all(tmp_, ignored);  // only ever our own fresh folder
  open_ = false;
}

std::string ResultsDirWriter::pathOf(const std::string& name) {
  names_.push_back(name);
  return (tmp_ / name).string();
}

void ResultsDirWriter::add(const std::string& name, const std::string& text) {
  add(name, [&text](std::ostream& f) { f << text; });
}

void ResultsDirWriter::add(const std::string& name, const std::function<void(std::ostream&)>& write) {
  if (name != kOutputMarker) names_.push_back(name);
  std::ofstream f(tmp_ / name, std::ios::binary);
  write(f);
  f.close();
  if (!f) {
    discard();
    throw std::runtime_error("cannot write '" + (tmp_ / name).string() + "'");
  }
}

void ResultsDirWriter::commit() {
  namespace fs = std::filesystem;
  std::error_code ec;
  // The marker again, now listing the files: what a later run may replace.
  add(kOutputMarker, outputMarkerText(kind_, names_));
  if (had_) {
    fs::rename(target_, old_, ec);
    if (ec) {
      const std::string why = ec.message();
      discard();
      throw std::runtime_error("cannot move the old results in '" + target_.string() + "' aside: " + why);
    }
  }
  fs::rename(tmp_, target_, ec);
  if (ec) {
    // The folder was new (or moved aside) a moment ago: something, most often
    // another run given the same --out, filled it in the meantime.
    const bool filled = ec == std::errc::directory_not_empty || ec == std::errc::file_exists;
    const std::string why = filled ? "it was filled while this mutualab " + kind_ +
                                         " ran (another command writing to the same folder?); its results were not "
                                         "written, and what is there was left as it is"
                                   : ec.message();
    std::string kept;
    if (had_) {
      fs::rename(old_, target_, ec);  // put the old results back
      if (ec) kept = "; the results that were there before are in '" + old_.string() + "'";
    }
    discard();
    throw std::runtime_error("cannot move results into '" + target_.string() + "': " + why + kept);
  }
  open_ = false;
  if (had_) fs::remove_all(old_, ec);  // the previous results of a run (checked above), or an empty folder
}

void writeResultsDir(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files,
                     const std::string& kind) {
  ResultsDirWriter w(dir, kind);
  for (const auto& [name, text] : files) w.add(name, text);
  w.commit();
}

}  // namespace mutualab
