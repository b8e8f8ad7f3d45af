// Long work (a run, a sweep, a tournament, a risk measure, a backtest) from
// Python: it runs on a thread of its own while the calling thread waits
// without the GIL, so other Python
// threads go on; every 50 ms that thread takes the GIL back to let Python see
// Ctrl-C (PyErr_CheckSignals) and to report progress. Ctrl-C sets the
// cancel flag, which the runner polls every step, and the call then raises
// KeyboardInterrupt once the worker has stopped (a sweep keeps its finished
// cells, so `resume=True` goes on from there).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>

namespace mutualab::python {

namespace py = pybind11;

// What the worker shares with the waiting thread.
struct Background {
  std::atomic<bool> cancel{false};
  std::atomic<int> done{0}, total{0};  // progress in the work's own units (replications, cells)

  // What the CLI prints as a note on the way (a damaged cell a resume runs
  // again, cells that run the same scenario): the worker queues it, and the
  // waiting thread raises it as a UserWarning at the caller's line
  // (warnLevel: the frames from the package's function to its caller's).
  void note(std::string text) {
    std::lock_guard<std::mutex> lock(notesMutex);
    notes.push_back(std::move(text));
  }
  std::vector<std::string> takeNotes() {
    std::lock_guard<std::mutex> lock(notesMutex);
    return std::exchange(notes, {});
  }
  int warnLevel = 3;  // mutualab.sweep -> _batch -> here: 3 is sweep's caller

 private:
  std::mutex notesMutex;
  std::vector<std::string> notes;
};

// Runs work() (which must poll bg.cancel, and may update bg.done/total) on a
// worker thread. progress: None or a callable (done, total), called on the
// caller's thread when `done` changes. Rethrows the work's exception; raises
// the Python error (KeyboardInterrupt, or one from `progress`) if there was one.
template <typename Work>
void runInBackground(Background& bg, Work&& work, const py::object& progress) {
  std::exception_ptr error;
  std::mutex m;
  std::condition_variable cv;
  bool finished = false, pythonError = false;
  int shown = -1;
  auto flushNotes = [&] {  // with the GIL held
    for (const std::string& text : bg.takeNotes()) {
      if (pythonError) break;  // (a warnings filter of "error" raised one: the rest would hide it)
      try {
        py::module_::import("warnings").attr("warn")(text, py::module_::import("builtins").attr("UserWarning"), bg.warnLevel);
      } catch (py::error_already_set& e) {
        e.restore();
        pythonError = true;
        bg.cancel = true;
      }
    }
  };
  auto report = [&] {  // with the GIL held
    flushNotes();
    if (pythonError || progress.is_none() || bg.done.load() == shown) return;
    shown = bg.done.load();
    try {
      progress(shown, bg.total.load());
    } catch (py::error_already_set& e) {
      e.restore();  // raised after the worker stops
      pythonError = true;
      bg.cancel = true;
    }
  };
  {
    py::gil_scoped_release nogil;
    std::thread worker([&] {
      try {
        work();
      } catch (...) {
        error = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> lock(m);
        finished = true;
      }
      cv.notify_all();
    });
    std::unique_lock<std::mutex> lock(m);
    while (!finished) {
      cv.wait_for(lock, std::chrono::milliseconds(50));
      if (finished) break;
      lock.unlock();
      {
        py::gil_scoped_acquire gil;
        if (!pythonError && PyErr_CheckSignals() != 0) {
          pythonError = true;  // KeyboardInterrupt is now the current Python error
          bg.cancel = true;
        }
        report();
      }
      lock.lock();
    }
    lock.unlock();
    worker.join();
  }
  if (pythonError) throw py::error_already_set();
  if (error) {
    flushNotes();  // the notes before the failure still reach the caller
    if (pythonError) throw py::error_already_set();
    std::rethrow_exception(error);
  }
  report();  // the last count (done == total), and the last notes
  if (pythonError) throw py::error_already_set();
}

}  // namespace mutualab::python
