// Runs fn(i) for i in [0, n) on `threads` workers (the caller's thread and
// threads - 1 started here). Work is handed out by an
// atomic counter, so the order of execution varies; callers make results
// independent of it by writing each i's result into its own slot.
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <vector>

namespace mutualab {

inline int defaultThreadCount() { return std::max(1u, std::thread::hardware_concurrency()); }

// If the system refuses to start a thread (memory limits, ulimit -u), the
// work runs on the threads that did start, and on the caller's thread if
// none did: the results are the same, only slower. If it starts a thread
// but then refuses memory (std::bad_alloc), that worker stops taking work
// and its item runs again on the caller's thread once the others are done,
// when the memory they held is free. So fn(i) must be safe to run again
// after it threw std::bad_alloc: it is when it writes its result only at
// the end, as every caller here does.
template <typename Fn>
void parallelFor(int n, int threads, Fn&& fn) {
  threads = std::max(1, std::min(threads, n));
  std::atomic<int> next{0};
  std::exception_ptr error;
  std::vector<int> retry;  // items that ran out of memory beside other workers
  retry.reserve(static_cast<size_t>(n));  // so recording one never allocates
  std::mutex mutex;
  auto work = [&] {
    for (int i = next++; i < n; i = next++) {
      try {
        fn(i);
      } catch (const std::bad_alloc&) {
        std::lock_guard<std::mutex> lock(mutex);
        retry.push_back(i);
        return;  // this worker holds memory the others need: stop here
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
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
  // Alone now; a std::bad_alloc here is the run's to report. Then what no
  // worker was left to take (every worker stopped for memory).
  std::sort(retry.begin(), retry.end());
  for (int i : retry) fn(i);
  for (int i = next++; i < n; i = next++) fn(i);
}

}  // namespace mutualab
