// Throughput of the model, measured (not asserted): steps per second for a
// growing population, a whole replication, and replications across threads.
//   cmake --build --preset release --target mutualab_bench && build/release/bench/mutualab_bench
#include <benchmark/benchmark.h>

#include "agents/registry.h"
#include "bench/bench_scenarios.h"
#include "core/world.h"
#include "experiments/load_scenario.h"
#include "experiments/runner.h"

using namespace mutualab;

namespace {
ScenarioDef scenario(int writers) { return benchScenario(writers); }

// Times world->step() alone: 40 warm-up steps first (positions open,
// statuses set), and a fresh replication, untimed, when one ends.
void worldSteps(benchmark::State& state, const ScenarioDef& d) {
  auto world = std::make_unique<World>(d, 1, 0, makeStrategies(d));
  for (int i = 0; i < 40; ++i) world->step();
  std::int64_t reps = 0;
  for (auto _ : state) {
    if (world->done()) {
      state.PauseTiming();
      world = std::make_unique<World>(d, 1, ++reps, makeStrategies(d));
      for (int i = 0; i < 40; ++i) world->step();
      state.ResumeTiming();
    }
    world->step();
  }
  state.SetItemsProcessed(state.iterations());
}
}  // namespace

// One step of the world (all phases), at a given number of writers (LPs = writers / 5).
static void BM_WorldStep(benchmark::State& state) {
  const ScenarioDef d = scenario(static_cast<int>(state.range(0)));
  worldSteps(state, d);
  state.counters["writer_steps/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * d.writers.count,
                                                        benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WorldStep)->Arg(200)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);

// One step with three pools (the tiered-pools preset: pools by asset, a
// shared backstop) against one pool (the same market and writers, the
// pools' terms in one pool), at a given number of writers.
static ScenarioDef tiered(int writers, bool threePools) {
  ScenarioDef d = loadScenario("preset:tiered-pools").def;
  d.writers.count = writers;
  d.lps.count = writers / 5;
  d.shock.step = -1;
  if (!threePools) {
    d.pool = d.pools[0].terms;
    d.pools.clear();
  }
  return d;
}

static void BM_WorldStepOnePoolMarket(benchmark::State& state) { worldSteps(state, tiered(static_cast<int>(state.range(0)), false)); }
static void BM_WorldStepThreePools(benchmark::State& state) { worldSteps(state, tiered(static_cast<int>(state.range(0)), true)); }
BENCHMARK(BM_WorldStepOnePoolMarket)->Arg(1000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_WorldStepThreePools)->Arg(1000)->Unit(benchmark::kMicrosecond);

// A whole replication of the default experiment, built and run.
static void BM_Replication(benchmark::State& state) {
  const ScenarioDef d = scenario(200);
  int rep = 0;
  for (auto _ : state) benchmark::DoNotOptimize(runOne(d, 1, rep++));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Replication)->Unit(benchmark::kMillisecond);

// 32 replications of 1,000 writers on 1, 2, ... threads (wall time; compare ratios within one run).
static void BM_Replications(benchmark::State& state) {
  const ScenarioDef d = scenario(1000);
  RunOptions opt;
  opt.reps = 32;
  opt.threads = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(runReplications(d, opt));
  state.SetItemsProcessed(state.iterations() * opt.reps);
}
BENCHMARK(BM_Replications)->Arg(1)->Arg(2)->Arg(4)->Arg(8)->Arg(16)->UseRealTime()->Unit(benchmark::kMillisecond);

#include "bench/bench_main.h"
