// Runs fn(i) for i in [0, n) on `threads` workers (the caller's thread and
// threads - 1 started here). Work is handed out by an
// atomic counter, so the order of execution varies; callers make results
// independent of it by writing each i's result into its own slot.
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace mutualab {

inline int defaultThreadCount() { return std::max(1u, std::thread::hardware_concurrency()); }

// If the system refuses to start a thread (memory limits, ulimit -u), the
// work runs on the threads that did start, and on the caller's thread if
// none did: the results are the same, only slower.
template <typename Fn>
void parallelFor(int n, int threads, Fn&& fn) {
  threads = std::max(1, std::min(threads, n));
  std::atomic<int> next{0};
  std::exception_ptr error;
  std::mutex errorMutex;
  auto work = [&] {
    for (int i = next++; i < n; i = next++) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(errorMutex);
        if (!error) error = std::current_exception();
        next = n;  // stop handing out work
      }
    }
  };
  std::vector<std::thread> pool;
  if (threads > 1) {
    pool.reserve(static_cast<size_t>(threads - 1));
    for (int k = 0; k + 1 < threads; ++k) {
      try {
        pool.emplace_back(work);
      } catch (const std::system_error&) {
        break;  // run with the threads that started
      }
    }
  }
  work();  // the caller's thread is one of the workers
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace mutualab
