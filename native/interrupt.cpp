#include "native/interrupt.h"

#include <csignal>
#include <cstdint>
#include <ctime>

namespace mutualab::cli {

namespace {
std::atomic<bool> interrupted{false};
std::atomic<std::int64_t> firstSignalNs{0};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");
static_assert(std::atomic<std::int64_t>::is_always_lock_free, "set from a signal handler");

// One interrupt often arrives twice within microseconds: `timeout` and
// process supervisors signal the process and then its process group, which
// holds it. A second signal this soon after the first is that same
// interrupt; a later one is the user pressing Ctrl-C again.
constexpr std::int64_t kSameInterruptNs = 250'000'000;

std::int64_t nowNs() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);  // async-signal-safe
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

extern "C" void onInterrupt(int sig) {
  const std::int64_t now = nowNs();
  // The first signal sets the time in one atomic step, so a second one on
  // another thread never finds the interrupt without its time.
  std::int64_t first = 0;
  if (firstSignalNs.compare_exchange_strong(first, now, std::memory_order_relaxed)) {
    interrupted.store(true, std::memory_order_relaxed);
    return;
  }
  if (now - first < kSameInterruptNs) return;
  // Asked again: the signal's default action ends the process at once.
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}
}  // namespace

void installInterruptHandlers() {
  struct sigaction sa {};
  sa.sa_handler = onInterrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

const std::atomic<bool>* interruptFlag() { return &interrupted; }

}  // namespace mutualab::cli
