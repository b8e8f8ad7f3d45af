#include "native/mpi_context.h"

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <thread>

#ifdef MUTUALAB_WITH_MPI
#include <mpi.h>
#endif

namespace mutualab::cli {

#ifdef MUTUALAB_WITH_MPI
namespace {
bool started = false;
// A communicator of its own for mpiErrorVoice, so that its collective never
// matches a sweep's barriers and sums on MPI_COMM_WORLD.
MPI_Comm errorComm = MPI_COMM_NULL;
}

void mpiInit(int* argc, char*** argv) {
  // Only under a launcher: a plain `mutualab run` must not need an MPI runtime.
  int already = 0;
  MPI_Initialized(&already);
  if (!already) MPI_Init(argc, argv);
  MPI_Comm_dup(MPI_COMM_WORLD, &errorComm);
  started = true;
}
void mpiFinalize() {
  if (started) {
    MPI_Comm_free(&errorComm);
    MPI_Finalize();
  }
  started = false;
}
int mpiRank() {
  int r = 0;
  if (started) MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}
int mpiSize() {
  int n = 1;
  if (started) MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}
std::function<void()> mpiBarrier() {
  return [] {
    if (started) MPI_Barrier(MPI_COMM_WORLD);
  };
}
std::function<int(int)> mpiSum() {
  return [](int v) {
    if (started) MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    return v;
  };
}
ErrorVoice mpiErrorVoice(const std::string& message) {
  const int size = mpiSize(), rank = mpiRank();
  if (!started || size < 2) return {};
  // Every rank's hash h of its text and ~h, reduced by maximum: all texts
  // are the same exactly when both maxima are this rank's own (and then
  // every rank sees it so).
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (const unsigned char c : message) h = (h ^ c) * 1099511628211ull;
  unsigned long long in[2] = {h, ~h}, out[2] = {0, 0};
  MPI_Request request;
  MPI_Iallreduce(in, out, 2, MPI_UNSIGNED_LONG_LONG, MPI_MAX, errorComm, &request);
  int done = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (true) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done || std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (done && out[0] == in[0] && out[1] == in[1]) return {rank == 0, "", false};
  return {true, "rank " + std::to_string(rank) + " of " + std::to_string(size) + ": ", true};
}
void mpiAbort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);  // MPI_Abort does not return; this is for the compiler
}
#else
void mpiInit(int*, char***) {}
ErrorVoice mpiErrorVoice(const std::string&) { return {}; }
void mpiAbort(int code) { std::exit(code); }
void mpiFinalize() {}
int mpiRank() { return 0; }
int mpiSize() { return 1; }
std::function<void()> mpiBarrier() {
  return [] {};
}
std::function<int(int)> mpiSum() {
  return [](int v) { return v; };
}
#endif

}  // namespace mutualab::cli
