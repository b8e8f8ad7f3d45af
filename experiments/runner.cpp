#include "experiments/runner.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "agents/registry.h"
#include "core/errors.h"
#include "core/scenario_json.h"
#include "experiments/parallel.h"
#include "experiments/series_file.h"

#include <cstdio>
#include <string>

#include <unistd.h>

namespace mutualab {

// Rows 0..currentStep of the world's per-step metrics, then its pools',
// then its share markets', then its admitting pools' (see runOne).
void seriesOf(const World& world, std::vector<double>& out) {
  const size_t rows = static_cast<size_t>(world.currentStep() + 1);
  const size_t main = rows * kStepMetricCount, pw = static_cast<size_t>(world.poolSeriesWidth());
  const size_t mw = static_cast<size_t>(world.shareMarketSeriesWidth());
  const size_t aw = static_cast<size_t>(world.admissionSeriesWidth());
  out.resize(main + rows * (pw + mw + aw));
  for (int t = 0; t <= world.currentStep(); ++t) {
    const auto row = world.metricsRow(t);
    std::copy(row.begin(), row.end(), out.begin() + static_cast<std::ptrdiff_t>(t) * kStepMetricCount);
    const auto prow = world.poolMetricsRow(t);
    std::copy(prow.begin(), prow.end(), out.begin() + static_cast<std::ptrdiff_t>(main + static_cast<size_t>(t) * pw));
    const auto mrow = world.shareMarketMetricsRow(t);
    std::copy(mrow.begin(), mrow.end(),
              out.begin() + static_cast<std::ptrdiff_t>(main + rows * pw + static_cast<size_t>(t) * mw));
    const auto arow = world.admissionMetricsRow(t);
    std::copy(arow.begin(), arow.end(),
              out.begin() + static_cast<std::ptrdiff_t>(main + rows * (pw + mw) + static_cast<size_t>(t) * aw));
  }
}

namespace {

// Splits what seriesOf wrote into the main, the pools', the share markets'
// and the admitting pools' series.
void splitSeries(RunResult& r) {
  const size_t rows = static_cast<size_t>(r.steps + 1);
  const size_t main = rows * kStepMetricCount;
  const size_t pools = rows * r.poolNames.size() * kPoolStepMetricCount;
  const size_t markets = rows * r.shareMarketPrefixes.size() * kShareMarketStepMetricCount;
  const size_t admissions = rows * r.admissionPrefixes.size() * kAdmissionStepMetricCount;
  if (r.meanSeries.size() != main + pools + markets + admissions)
    throw std::logic_error("splitSeries: the series does not have the scenario's columns");
  const auto at = [&](size_t n) { return r.meanSeries.begin() + static_cast<std::ptrdiff_t>(n); };
  r.meanPoolSeries.assign(at(main), at(main + pools));
  r.meanShareMarketSeries.assign(at(main + pools), at(main + pools + markets));
  r.meanAdmissionSeries.assign(at(main + pools + markets), r.meanSeries.end());
  r.meanSeries.resize(main);
}

void copyAgents(const World& world, std::vector<WriterState>* writers, std::vector<LpState>* lps) {
  if (writers) {
    writers->clear();
    writers->reserve(static_cast<size_t>(world.writerCount()));  // exactly: at 10 million writers a doubling is 700 MB
    for (int i = 0; i < world.writerCount(); ++i) writers->push_back(world.writer(i));
  }
  if (lps) {
    lps->clear();
    lps->reserve(static_cast<size_t>(world.lpCount()));
    for (int i = 0; i < world.lpCount(); ++i) lps->push_back(world.lp(i));
  }
}

void copyGroupNames(const ScenarioDef& def, RunResult& out) {
  for (const auto& g : def.writers.strategies) out.writerGroupNames.push_back(g.name);
  for (const auto& g : def.lps.strategies) out.lpGroupNames.push_back(g.name);
}

// Total physical memory, bytes; 0 if unknown.
double physicalMemoryBytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), size = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && size > 0 ? static_cast<double>(pages) * static_cast<double>(size) : 0.0;
}

}  // namespace

RunResult resultOf(const World& world) {
  RunResult r;
  r.steps = world.currentStep();
  r.reps.push_back(world.summarize());
  seriesOf(world, r.meanSeries);
  r.poolNames = poolNamesOf(world.scenario());
  r.contracts = menuContractsOf(world.scenario());
  r.shareMarketPrefixes = shareMarketPrefixesOf(world.scenario());
  r.admissionPrefixes = admissionPrefixesOf(world.scenario());
  splitSeries(r);
  copyAgents(world, &r.writersRep0, &r.lpsRep0);
  copyGroupNames(world.scenario(), r);
  return r;
}

void runToEnd(World& world, const std::atomic<bool>* cancel, const std::function<void()>* afterStep) {
  while (!world.done()) {
    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
    world.step();
    if (afterStep) (*afterStep)();
  }
}

RepSummary runOne(const ScenarioDef& def, std::uint64_t seed, int rep, std::vector<double>* series,
                  std::vector<WriterState>* writers, std::vector<LpState>* lps, const std::atomic<bool>* cancel,
                  const std::function<void()>* afterStep) {
  World world(def, seed, static_cast<std::uint64_t>(rep), makeStrategies(def));
  runToEnd(world, cancel, afterStep);
  if (series) seriesOf(world, *series);
  copyAgents(world, writers, lps);
  return world.summarize();
}

RunResult runReplications(const ScenarioDef& def, const RunOptions& opt) {
  RunResult out;
  out.steps = def.sim.steps;
  out.poolNames = poolNamesOf(def);
  out.contracts = menuContractsOf(def);
  out.shareMarketPrefixes = shareMarketPrefixesOf(def);
  out.admissionPrefixes = admissionPrefixesOf(def);
  copyGroupNames(def, out);
  const int R = opt.reps;
  const int threads = opt.threads > 0 ? opt.threads : defaultThreadCount();
  out.reps.resize(static_cast<size_t>(R));
  // Per-step series are folded into the mean block by block, in replication
  // order (the same sums, so the same bits, whatever the thread count), so
  // memory holds one block of series, not one per replication.
  const size_t cells = static_cast<size_t>(def.sim.steps + 1) *
                       SeriesColumns{out.poolNames, out.shareMarketPrefixes, out.admissionPrefixes}.width();
  const int block = std::max(1, std::min(R, 4 * threads));
  std::vector<std::vector<double>> series(static_cast<size_t>(block));
  std::vector<double> sum(cells, 0.0);
  std::vector<int> count(cells, 0);
  std::mutex progressMutex;
  int finished = 0;
  // Steps done over all replications, reported at each new percent.
  const double allSteps = static_cast<double>(R) * std::max(def.sim.steps, 1);
  std::atomic<std::int64_t> stepsDone{0};
  std::atomic<int> percentShown{0};
  const std::function<void()> afterStep = [&] {
    const std::int64_t done = stepsDone.fetch_add(1, std::memory_order_relaxed) + 1;
    const int percent = static_cast<int>(100.0 * static_cast<double>(done) / allSteps);
    if (percent <= percentShown.load(std::memory_order_relaxed)) return;
    std::lock_guard<std::mutex> lock(progressMutex);
    if (percent <= percentShown.load(std::memory_order_relaxed)) return;
    percentShown.store(percent, std::memory_order_relaxed);
    opt.stepProgress(static_cast<double>(done) / allSteps);
  };
  for (int first = 0; first < R; first += block) {
    const int n = std::min(block, R - first);
    parallelFor(n, threads, [&](int j) {
      const int r = first + j;
      const size_t i = static_cast<size_t>(r);
      out.reps[i] = runOne(def, opt.seed, r, &series[static_cast<size_t>(j)], r == 0 ? &out.writersRep0 : nullptr,
                           r == 0 ? &out.lpsRep0 : nullptr, opt.cancel, opt.stepProgress ? &afterStep : nullptr);
      if (opt.progress) {
        std::lock_guard<std::mutex> lock(progressMutex);
        opt.progress(++finished, R);
      }
    });
    for (int j = 0; j < n; ++j) {
      const auto& x = series[static_cast<size_t>(j)];
      if (opt.onSeries) opt.onSeries(first + j, x);
      for (size_t c = 0; c < cells; ++c)
        if (!std::isnan(x[c])) { sum[c] += x[c]; ++count[c]; }
    }
  }
  out.meanSeries.assign(cells, std::nan(""));
  for (size_t c = 0; c < cells; ++c)
    if (count[c] > 0) out.meanSeries[c] = sum[c] / count[c];
  splitSeries(out);
  return out;
}

std::vector<std::string> poolNamesOf(const ScenarioDef& def) {
  std::vector<std::string> names;
  for (const auto& p : def.pools) names.push_back(p.name);
  return names;
}

std::vector<std::pair<std::string, std::string>> menuContractsOf(const ScenarioDef& def) {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](const std::string& pool, const PoolDef& p) {
    for (const ContractDef& c : p.menu) out.emplace_back(pool, c.name);
  };
  if (def.pools.empty()) add("pool", def.pool);
  for (const auto& e : def.pools) add(e.name, e.terms);
  return out;
}

namespace {
// "<pool>." for each of `pools` with `pools`, "" with the one pool.
std::vector<std::string> prefixesOf(const ScenarioDef& def, const std::vector<int>& pools) {
  std::vector<std::string> prefixes;
  for (const int k : pools)
    prefixes.push_back(def.pools.empty() ? std::string() : def.pools[static_cast<size_t>(k)].name + ".");
  return prefixes;
}
}  // namespace

std::vector<std::string> shareMarketPrefixesOf(const ScenarioDef& def) { return prefixesOf(def, shareMarketPoolsOf(def)); }

std::vector<std::string> admissionPrefixesOf(const ScenarioDef& def) { return prefixesOf(def, admissionPoolsOf(def)); }

void checkRunSize(const ScenarioDef& def, int reps, int threads) {
  if (reps < 1 || reps > kMaxReplications)
    throw InputError("--reps", "must be an integer in [1, " + std::to_string(kMaxReplications) + "], got " + std::to_string(reps));
  const int inFlight = std::max(1, std::min(reps, threads));
  const double perRep = static_cast<double>(estimateMemoryBytes(def, 1));
  // What stays for the whole run: one summary per replication, and the mean series.
  const double kept = static_cast<double>(reps) * sizeof(RepSummary) +
                      3.0 * static_cast<double>(def.sim.steps + 1) * kStepMetricCount * sizeof(double);
  const double need = perRep * inFlight + kept;
  const double have = physicalMemoryBytes();
  // A tenth is left to the system and whatever else runs: a run sized to
  // the last byte of the machine (3 x 7.8 GiB on 23.5 GiB, as advised
  // until 2026-12-05) leaves none.
  const double usable = kUsableMemoryShare * have;
  if (have > 0 && need > usable) {
    const int fits = static_cast<int>(std::max(0.0, (usable - kept) / std::max(perRep, 1.0)));
    auto gib = [](double b) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f GiB", b / (1024.0 * 1024.0 * 1024.0));
      return std::string(buf);
    };
    throw InputError(fits >= 1 ? "--threads" : "--reps",
                     "this run needs about " + gib(need) + " of memory (" + std::to_string(inFlight) + " replication(s) at once x " +
                         gib(perRep) + ", plus " + gib(kept) + " of results), more than the " + gib(usable) +
                         " a run may use of this machine's " + gib(have) + " (90 %)" +
                         (fits >= 1 ? "; use --threads " + std::to_string(fits) + " or fewer" : "; use fewer replications"));
  }
}

}  // namespace mutualab
