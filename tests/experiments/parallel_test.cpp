#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <new>
#include <stdexcept>
#include <vector>

#include "experiments/parallel.h"

using namespace mutualab;

TEST_CASE("parallelFor runs every item once and rethrows the first error", "[parallel]") {
  std::vector<int> ran(100, 0);
  parallelFor(100, 4, [&](int i) { ++ran[static_cast<size_t>(i)]; });
  CHECK(std::count(ran.begin(), ran.end(), 1) == 100);

  std::atomic<int> calls{0};
  CHECK_THROWS_AS(parallelFor(50, 3, [&](int i) {
                    ++calls;
                    if (i == 7) throw std::runtime_error("bad input");
                  }),
                  std::runtime_error);
  CHECK(calls.load() <= 50);
}

TEST_CASE("an item that runs out of memory beside other workers runs again alone", "[parallel]") {
  // Items 5 and 11 fail with std::bad_alloc on their first try, as a
  // replication does when a thread started but its memory did not follow.
  // Their workers stop; the items run again on the caller's thread after the
  // others, and every item ends with exactly one result.
  for (int threads : {2, 4}) {
    std::vector<int> done(20, 0), tries(20, 0);
    parallelFor(20, threads, [&](int i) {
      const size_t I = static_cast<size_t>(i);
      if ((i == 5 || i == 11) && tries[I]++ == 0) throw std::bad_alloc();
      done[I] = i + 1;  // the result, written at the end
    });
    for (int i = 0; i < 20; ++i) CHECK(done[static_cast<size_t>(i)] == i + 1);
    CHECK(tries[5] == 2);
    CHECK(tries[11] == 2);
  }
  // Out of memory even alone: the run reports it.
  CHECK_THROWS_AS(parallelFor(4, 2, [](int i) {
                    if (i == 2) throw std::bad_alloc();
                  }),
                  std::bad_alloc);
}
