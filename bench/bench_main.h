// The benchmarks' main: Google Benchmark's, with the kernel's instruction
// set in the context it prints (and writes with --benchmark_format=json),
// since every speed ratio here depends on the kernel's lane width.
// Include it once per benchmark binary, in place of BENCHMARK_MAIN().
#pragma once

#include <benchmark/benchmark.h>

#include "core/pricing_kernel.h"

int main(int argc, char** argv) {
  benchmark::AddCustomContext("kernel_isa", mutualab::bsKernelIsa());
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
