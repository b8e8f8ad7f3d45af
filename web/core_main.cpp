// mutualab-core: the playground's simulation without a window. The same file
// is built natively and with Emscripten (mutualab-core.js, run under node),
// so the two can be compared: `run` prints the summary.json the playground
// would export, `bench` times replications on one thread.
//
//   mutualab-core run  preset:akerlof-flat-fee --seed 7 [--set PATH=VALUE ...] [--compare RULE]
//   mutualab-core bench preset:akerlof-flat-fee --seed 7 --reps 8
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/pricing_kernel.h"
#include "experiments/load_scenario.h"
#include "experiments/runner.h"
#include "web/session.h"
#include "web/url_state.h"

namespace {

constexpr const char* kUsage =
    "usage: mutualab-core run SCENARIO [--seed N] [--set PATH=VALUE ...] [--compare FEE_RULE] [--side 0|1]\n"
    "       mutualab-core bench SCENARIO [--seed N] [--reps R] [--set PATH=VALUE ...]\n"
    "SCENARIO is preset:NAME or a JSON file. `run` plays replication 0 of the seed to the horizon,\n"
    "exactly as the playground does, and prints its summary.json (the bytes `mutualab run --reps 1`\n"
    "writes). `bench` runs R replications on one thread, after untimed warm-up replications for\n"
    "2 s (WebAssembly reaches its optimized code), and prints the wall time as JSON, with the\n"
    "pricing kernel's instruction set (kernel_isa: avx512f, avx2, sse2 or simd128).\n";

struct Args {
  std::string command, scenario, compare;
  std::uint64_t seed = 1;
  int reps = 8, side = 0;
  std::vector<std::string> set;
};

[[noreturn]] void usageError(const std::string& what) {
  std::cerr << "error: " << what << "\n" << kUsage;
  std::exit(2);
}

long long integerArg(const std::string& opt, const std::string& v, long long lo, long long hi) {
  std::size_t used = 0;
  long long x = 0;
  try {
    x = std::stoll(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || x < lo || x > hi)
    usageError(opt + ": expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], found '" + v + "'");
  return x;
}

Args parse(int argc, char** argv) {
  Args a;
  std::vector<std::string> v(argv + 1, argv + argc);
  if (v.empty() || v[0] == "--help" || v[0] == "-h") {
    std::cout << kUsage;
    std::exit(v.empty() ? 2 : 0);
  }
  a.command = v[0];
  if (a.command != "run" && a.command != "bench") usageError("unknown command '" + a.command + "' (run or bench)");
  for (size_t i = 1; i < v.size(); ++i) {
    auto value = [&]() -> const std::string& {
      if (i + 1 >= v.size()) usageError(v[i] + " needs a value");
      return v[++i];
    };
    const std::string& o = v[i];
    if (o == "--seed") a.seed = static_cast<std::uint64_t>(integerArg(o, value(), 0, static_cast<long long>(mutualab::web::kMaxSeed)));
    else if (o == "--reps") a.reps = static_cast<int>(integerArg(o, value(), 1, 100000));
    else if (o == "--side") a.side = static_cast<int>(integerArg(o, value(), 0, 1));
    else if (o == "--set") a.set.push_back(value());
    else if (o == "--compare") a.compare = value();
    else if (!o.empty() && o[0] == '-') usageError("unknown option " + o);
    else if (a.scenario.empty()) a.scenario = o;
    else usageError("unexpected argument '" + o + "'");
  }
  if (a.scenario.empty()) usageError("missing SCENARIO (preset:NAME or a JSON file)");
  if (a.side == 1 && a.compare.empty()) usageError("--side 1 needs --compare FEE_RULE");
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mutualab;
  const Args a = parse(argc, argv);
  try {
    const LoadedScenario sc = loadScenario(a.scenario, a.set);
    if (a.command == "run") {
      web::Session s({sc.resolved, a.seed, a.compare});
      while (!s.done()) s.step(1);
      std::cout << s.summaryJson(a.side).dump(2) << "\n";
      return 0;
    }
    // Untimed replications first, for at least kWarmUpSeconds: node (as a
    // browser) runs WebAssembly on baseline code at first and compiles the
    // hot functions again, optimized, in the background; a call already
    // running keeps its baseline code. One warm-up replication was not
    // enough: timed replications still ran partly on baseline code
    // (docs/performance.md §6). The optimized code is what a page runs
    // after its first seconds.
    constexpr double kWarmUpSeconds = 2.0;
    const auto w0 = std::chrono::steady_clock::now();
    int warmUps = 0;
    do runOne(sc.def, a.seed, a.reps + warmUps++);
    while (std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count() < kWarmUpSeconds);
    const auto t0 = std::chrono::steady_clock::now();
    double check = 0;
    for (int r = 0; r < a.reps; ++r) check += runOne(sc.def, a.seed, r)[SummaryMetric::Trades];
    const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("{\"scenario\": \"%s\", \"reps\": %d, \"steps\": %d, \"writers\": %d, \"seconds\": %.4f, "
                "\"ms_per_rep\": %.3f, \"trades\": %.0f, \"kernel_isa\": \"%s\"}\n",
                sc.def.name.c_str(), a.reps, sc.def.sim.steps, sc.def.writers.count, sec, 1000.0 * sec / a.reps, check,
                bsKernelIsa());
    return 0;
  } catch (const InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
