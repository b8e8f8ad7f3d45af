// The process's place in an MPI job (mpirun -np K mutualab sweep ...), or a
// job of one when built without MPI or started without mpirun. Sweeps and
// tournaments split their cells by rank; only rank 0 prints and writes the
// gathered outputs.
#pragma once

#include <functional>
#include <string>

namespace mutualab::cli {

void mpiInit(int* argc, char*** argv);
void mpiFinalize();
int mpiRank();
int mpiSize();
std::function<void()> mpiBarrier();  // empty function body for a job of one
std::function<int(int)> mpiSum();    // every rank's value summed (a barrier too); the value itself for a job of one

// How a rank that failed reports `message` (an error text, the same on every
// rank that read the same bad input). Every rank of the job failing with the
// same text within a few seconds: rank 0 prints it once and every rank
// returns its exit code. Otherwise (one rank failed, say rank 0 refusing the
// output folder while the others wait for it at a barrier) the rank prints
// it with its rank and the job is aborted: returning would leave the others
// waiting for it, and MPI_Finalize waiting for them, for ever.
struct ErrorVoice {
  bool print = true;
  std::string prefix;  // "rank 1 of 3: " where this rank alone may be speaking
  bool abort = false;  // then call mpiAbort(code) after printing
};
ErrorVoice mpiErrorVoice(const std::string& message);
[[noreturn]] void mpiAbort(int code);

}  // namespace mutualab::cli
