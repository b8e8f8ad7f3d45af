// The process's place in an MPI job (mpirun -np K mutualab sweep ...), or a
// job of one when built without MPI or started without mpirun. Sweeps and
// tournaments split their cells by rank; only rank 0 prints and writes the
// gathered outputs.
#pragma once

#include <functional>

namespace mutualab::cli {

void mpiInit(int* argc, char*** argv);
void mpiFinalize();
int mpiRank();
int mpiSize();
std::function<void()> mpiBarrier();  // empty function body for a job of one
std::function<int(int)> mpiSum();    // every rank's value summed (a barrier too); the value itself for a job of one

}  // namespace mutualab::cli
