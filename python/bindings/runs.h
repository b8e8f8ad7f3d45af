// mutualab._core's runs: run, sweep, tournament, risk and backtest (and
// save_run and save_files, which write their folders), each in the background
// (bindings/background.h) so they release the GIL and stop on Ctrl-C.
#pragma once

#include <pybind11/pybind11.h>

namespace mutualab::python {
void addRuns(pybind11::module_& m);
}
