// The floor under a step: what a step of the default experiment cannot
// avoid doing, with no model logic. It draws the same random numbers (the
// buyers' Poisson arrivals, each arrival's writer and buyer draws, and each
// quoted writer's own draws, from the same streams) and prices the same
// number of Black–Scholes lanes through the same kernel paths, as the world
// did on average per step in a replication of the same scenario:
// mark-to-model's lanes as the world staged them at its middle step (the
// fixed-option path, in the world's pieces: up to 512 rows of one cohort),
// then quote-like lanes (the general path). BM_WorldStep at the
// same size divided by BM_FloorStep is the step's cost as a multiple of its
// floor (the target: within 2x).
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "agents/registry.h"
#include "core/mark_book.h"
#include "core/mark_to_model.h"
#include "core/market.h"
#include "bench/bench_scenarios.h"
#include "core/pricing_kernel.h"
#include "core/rng.h"
#include "core/world.h"
#include "experiments/load_scenario.h"

using namespace mutualab;

namespace {

struct StepCounts {
  double arrivals = 0;  // buyers drawn per step
  double quoted = 0;    // arrivals that went on to the writer's own draws
  double lanes = 0;     // Black–Scholes lanes priced per step
};

// What a replication of the scenario did per step, on average (steps 1..T).
StepCounts measure(const ScenarioDef& d) {
  World w(d, 1, 0, makeStrategies(d));
  w.run();
  const WorkCounts c = w.workCounts();
  const double steps = d.sim.steps;
  return {static_cast<double>(c.arrivals) / steps, static_cast<double>(c.quoted) / steps,
          static_cast<double>(c.kernelLanes) / steps};
}

ScenarioDef scenario(int writers) { return benchScenario(writers); }

}  // namespace

static void BM_FloorStep(benchmark::State& state) {
  const ScenarioDef d = scenario(static_cast<int>(state.range(0)));
  const StepCounts per = measure(d);
  const int n = d.writers.count;
  Engine buyers = makeEngine(1, 0, AgentKind::Buyer, 0, Purpose::BuyerArrivals);
  std::vector<Engine> writerRng;
  writerRng.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) writerRng.push_back(makeEngine(1, 0, AgentKind::Writer, static_cast<std::uint64_t>(i), Purpose::WriterPositions));
  boost::random::poisson_distribution<int, double> arrivals(per.arrivals);
  boost::random::uniform_int_distribution<int> pickWriter(0, n - 1);
  boost::random::uniform_01<double> u01;
  boost::random::normal_distribution<double> stdNormal(0.0, 1.0);
  const double quotedShare = per.arrivals > 0 ? per.quoted / per.arrivals : 0.0;

  // The lanes' inputs, as a step's are. Most are mark-to-model's: every
  // open pooled position's cover, staged as the world stages it (through
  // the kernel's fixed-option path, core/mark_to_model.h), from a
  // replication stopped at its middle step (the book then is as full as it
  // gets). The rest, up to the step's average count, are quotes like the
  // step's: a new option at the tenor, 10-40% out of the money by the
  // writer's type, at that step's spot and volatility, through the general
  // path. (A kernel lane's cost depends on its inputs, through the region
  // of each erfc argument, so synthetic lanes would misstate the floor.)
  const size_t lanes = static_cast<size_t>(per.lanes + 0.5);
  // Mark-to-model's lanes staged one after another, and the pieces the
  // world prices them in (up to kMarkPiece lanes of one cohort).
  MarkWorkspace marks(lanes);
  std::vector<std::pair<size_t, size_t>> pieces;  // (first lane, lanes)
  PriceBatch batch;
  {
    World w(d, 1, 0, makeStrategies(d));
    while (w.currentStep() < d.sim.steps / 2) w.step();
    const int t = w.currentStep();
    const double dt = d.sim.stepDays / d.sim.daysPerYear;
    const Market& market = w.market();
    MarkTable table;
    table.build(market, t, dt, d.market.rateAnnual, d.positions.tenorSteps);
    size_t staged = 0;
    for (int k = 0; k < w.poolCount(); ++k)
      w.marks().forEachCohort(k, [&](const MarkCohort& c, int asset) {
        const MarkTerms& terms = table.at(asset, c.expiry - t);
        for (size_t from = 0; from < c.size() && staged < lanes; from += kMarkPiece) {
          const size_t m = std::min({kMarkPiece, c.size() - from, lanes - staged});
          marks.stage(c, from, m, terms, staged);
          pieces.emplace_back(staged, m);
          staged += m;
        }
      });
    batch.reserve(lanes - staged);
    Engine fill = makeEngine(2, 0, AgentKind::Pool, 0, Purpose::Sizing);
    while (staged + batch.size < lanes) {
      const bool put = u01(fill) < d.positions.putShare;
      const double otm = 0.1 + 0.3 * u01(fill);
      const double S = market.price(0, t);
      batch.add(put ? 1 : 0, S, put ? S * (1 - otm) : S * (1 + otm), market.pricingVol(0, t), d.positions.tenorSteps * dt,
                static_cast<int>(batch.size));
    }
  }
  double sink = 0;
  for (auto _ : state) {
    const int arrived = arrivals(buyers);
    for (int a = 0; a < arrived; ++a) {
      const int w = pickWriter(buyers);
      sink += u01(buyers) + u01(buyers);  // informed? and the buyer's reservation markup
      if (static_cast<double>(a) >= quotedShare * arrived) continue;
      Engine& rng = writerRng[static_cast<size_t>(w)];
      sink += u01(rng) + u01(rng) + stdNormal(rng) + u01(rng);  // kind, moneyness noise, signal, hidden jump
    }
    for (const auto& [at, m] : pieces) {
      marks.run(m, at);
      sink += marks.price[at];
    }
    batch.run(d.market.rateAnnual);
    if (batch.size > 0) sink += batch.price[0];
  }
  benchmark::DoNotOptimize(sink);
  state.counters["arrivals/step"] = per.arrivals;
  state.counters["lanes/step"] = per.lanes;
  state.counters["writer_steps/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * n, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FloorStep)->Arg(10000)->Unit(benchmark::kMicrosecond);

// The kernel alone: Black–Scholes lanes per second on one core.
static void BM_PricingKernel(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  PriceBatch batch;
  batch.reserve(n);
  Engine fill = makeEngine(3, 0, AgentKind::Pool, 0, Purpose::Sizing);
  boost::random::uniform_01<double> u01;
  for (size_t i = 0; i < n; ++i)
    batch.add(u01(fill) < 0.5 ? 1 : 0, 100.0, 60.0 + 80.0 * u01(fill), 0.1 + u01(fill), u01(fill), static_cast<int>(i));
  for (auto _ : state) {
    batch.run(0.02);
    benchmark::DoNotOptimize(batch.price.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_PricingKernel)->Arg(4096)->Unit(benchmark::kMicrosecond);
