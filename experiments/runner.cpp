#include "experiments/runner.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "agents/registry.h"
#include "experiments/parallel.h"

namespace mutualab {

namespace {

// Rows 0..currentStep of the world's per-step metrics.
void copySeries(const World& world, std::vector<double>& out) {
  out.resize(static_cast<size_t>(world.currentStep() + 1) * kStepMetricCount);
  for (int t = 0; t <= world.currentStep(); ++t) {
    const auto row = world.metricsRow(t);
    std::copy(row.begin(), row.end(), out.begin() + static_cast<std::ptrdiff_t>(t) * kStepMetricCount);
  }
}

void copyAgents(const World& world, std::vector<WriterState>* writers, std::vector<LpState>* lps) {
  if (writers) {
    writers->clear();
    for (int i = 0; i < world.writerCount(); ++i) writers->push_back(world.writer(i));
  }
  if (lps) {
    lps->clear();
    for (int i = 0; i < world.lpCount(); ++i) lps->push_back(world.lp(i));
  }
}

void copyGroupNames(const ScenarioDef& def, RunResult& out) {
  for (const auto& g : def.writers.strategies) out.writerGroupNames.push_back(g.name);
  for (const auto& g : def.lps.strategies) out.lpGroupNames.push_back(g.name);
}

}  // namespace

RunResult resultOf(const World& world) {
  RunResult r;
  r.steps = world.currentStep();
  r.reps.push_back(world.summarize());
  copySeries(world, r.meanSeries);
  copyAgents(world, &r.writersRep0, &r.lpsRep0);
  copyGroupNames(world.scenario(), r);
  return r;
}

RepSummary runOne(const ScenarioDef& def, std::uint64_t seed, int rep, std::vector<double>* series,
                  std::vector<WriterState>* writers, std::vector<LpState>* lps) {
  World world(def, seed, static_cast<std::uint64_t>(rep), makeStrategies(def));
  world.run();
  if (series) copySeries(world, *series);
  copyAgents(world, writers, lps);
  return world.summarize();
}

RunResult runReplications(const ScenarioDef& def, const RunOptions& opt) {
  RunResult out;
  out.steps = def.sim.steps;
  copyGroupNames(def, out);
  const int R = opt.reps;
  out.reps.resize(static_cast<size_t>(R));
  std::vector<std::vector<double>> series(static_cast<size_t>(R));
  std::mutex progressMutex;
  int finished = 0;
  parallelFor(R, opt.threads > 0 ? opt.threads : defaultThreadCount(), [&](int r) {
    const size_t i = static_cast<size_t>(r);
    out.reps[i] = runOne(def, opt.seed, r, &series[i], r == 0 ? &out.writersRep0 : nullptr,
                         r == 0 ? &out.lpsRep0 : nullptr);
    if (opt.progress) {
      std::lock_guard<std::mutex> lock(progressMutex);
      opt.progress(++finished, R);
    }
  });
  // Mean over replications, summed in replication order (thread-independent bits).
  const size_t cells = static_cast<size_t>(def.sim.steps + 1) * kStepMetricCount;
  out.meanSeries.assign(cells, std::nan(""));
  for (size_t c = 0; c < cells; ++c) {
    double s = 0;
    int n = 0;
    for (int r = 0; r < R; ++r) {
      const double v = series[static_cast<size_t>(r)][c];
      if (!std::isnan(v)) { s += v; ++n; }
    }
    if (n > 0) out.meanSeries[c] = s / n;
  }
  return out;
}

}  // namespace mutualab
