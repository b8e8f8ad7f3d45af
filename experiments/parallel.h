// Runs fn(i) for i in [0, n) on `threads` workers. Work is handed out by an
// atomic counter, so the order of execution varies; callers make results
// independent of it by writing each i's result into its own slot.
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace mutualab {

inline int defaultThreadCount() { return std::max(1u, std::thread::hardware_concurrency()); }

template <typename Fn>
void parallelFor(int n, int threads, Fn&& fn) {
  threads = std::max(1, std::min(threads, n));
  if (threads == 1) {
    for (int i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<int> next{0};
  std::exception_ptr error;
  std::mutex errorMutex;
  std::vector<std::thread> pool;
  for (int k = 0; k < threads; ++k) {
    pool.emplace_back([&] {
      for (int i = next++; i < n; i = next++) {
        try {
          fn(i);
        } catch (...) {
          std::lock_guard<std::mutex> lock(errorMutex);
          if (!error) error = std::current_exception();
          next = n;  // stop handing out work
        }
      }
    });
  }
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace mutualab
