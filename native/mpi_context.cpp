#include "native/mpi_context.h"

#ifdef MUTUALAB_WITH_MPI
#include <mpi.h>
#endif

namespace mutualab::cli {

#ifdef MUTUALAB_WITH_MPI
namespace {
bool started = false;
}

void mpiInit(int* argc, char*** argv) {
  // Only under a launcher: a plain `mutualab run` must not need an MPI runtime.
  int already = 0;
  MPI_Initialized(&already);
  if (!already) MPI_Init(argc, argv);
  started = true;
}
void mpiFinalize() {
  if (started) MPI_Finalize();
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
#else
void mpiInit(int*, char***) {}
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
