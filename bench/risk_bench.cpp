// Throughput of the pool risk engine, measured (not asserted): position
// repricings per second on one core (the target is 75 M/s), for the kernel
// alone and for whole Monte Carlo blocks (market draws + gather + kernel + sum).
//   cmake --build --preset release --target mutualab_risk_bench && build/release/bench/mutualab_risk_bench
#include <benchmark/benchmark.h>

#include <vector>

#include "core/book.h"
#include "core/pricing_kernel.h"
#include "core/risk_engine.h"
#include "core/scenario.h"

using namespace mutualab;

namespace {
MarketDef market() {
  MarketDef m;
  m.assets = {AssetDef{"ETH", 2000, 0.0, 0.8, 4.0, -0.15, 0.1}, AssetDef{"BTC", 40000, 0.0, 0.6, 2.0, -0.1, 0.1}};
  m.correlation = {{1.0, 0.6}, {0.6, 1.0}};
  m.regime.enabled = true;
  return m;
}

// The kernel alone over a book's worth of options.
void kernel(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::uint8_t> kind(n);
  std::vector<double> spot(n), strike(n), vol(n), years(n), out(n);
  for (size_t i = 0; i < n; ++i) {
    kind[i] = i % 5 == 4 ? 0 : 1;
    spot[i] = 2000 * (0.8 + 0.4 * static_cast<double>(i % 97) / 97.0);
    strike[i] = 1600 + static_cast<double>(i % 41) * 10.0;
    vol[i] = 0.5 + static_cast<double>(i % 13) * 0.05;
    years[i] = static_cast<double>(1 + i % 30) / 365.0;
  }
  for (auto _ : state) {
    bsPriceBatch(n, kind.data(), spot.data(), strike.data(), 0.0, vol.data(), years.data(), out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.counters["repricings_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(n),
                                                          benchmark::Counter::kIsRate);
}

// One block of Monte Carlo samples of a synthetic book (items = repricings).
void block(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const RiskBook book = syntheticBook(n, {"ETH", "BTC"}, {2000, 40000}, {0.8, 0.6});
  RiskDef def;
  def.horizonDays = 1;
  def.samples = 64;  // one short block
  const RiskEngine engine(book, market(), def);
  RiskWorkspace ws = engine.workspace();
  std::vector<double> losses(static_cast<size_t>(def.samples));
  for (auto _ : state) {
    engine.blockLosses(0, ws, losses.data());
    benchmark::DoNotOptimize(losses.data());
  }
  const double reps = static_cast<double>(state.iterations()) * static_cast<double>(def.samples) * engine.legs();
  state.SetItemsProcessed(static_cast<std::int64_t>(reps));
  state.counters["repricings_per_s"] = benchmark::Counter(reps, benchmark::Counter::kIsRate);
}
}  // namespace

BENCHMARK(kernel)->Arg(1000)->Arg(100000);
BENCHMARK(block)->Arg(10)->Arg(1000)->Arg(10000);  // 10: samples share kernel calls

#include "bench/bench_main.h"
