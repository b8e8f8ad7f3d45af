#include "python/bindings/runs.h"

#include <cctype>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <unistd.h>

#include "core/errors.h"
#include "core/scenario_json.h"
#include "python/bindings/path_text.h"
#include "experiments/backtest.h"
#include "experiments/load_scenario.h"
#include "experiments/parallel.h"
#include "experiments/results.h"
#include "experiments/risk_command.h"
#include "experiments/run_book.h"
#include "experiments/runner.h"
#include "experiments/series_file.h"
#include "experiments/sweep.h"
#include "experiments/tournament.h"
#include "python/bindings/background.h"

namespace mutualab::python {

namespace {

nlohmann::json parseJsonArg(const std::string& text, const std::string& what) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(what, std::string("not valid JSON: ") + e.what());
  }
}

int threadsOf(int threads) {
  if (threads < 0) throw InputError("threads", "must be >= 0 (0 = all cores), got " + std::to_string(threads));
  return threads > 0 ? threads : defaultThreadCount();
}

// The package's argument for a command's option: --horizon-days is
// horizon_days, --from is start, BOOK book and SPEC spec.
std::string argumentOf(const std::string& option) {
  if (option == "BOOK" || option == "SPEC") return option == "BOOK" ? "book" : "spec";
  std::string name = option.substr(2);
  for (char& c : name) c = c == '-' ? '_' : c;
  return name == "from" ? "start" : name;
}

bool isOptionChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// Every option the text mentions, as its argument: "use --threads 3 or
// fewer" reads "use threads=3 or fewer" (a value or a placeholder such as N
// follows), "lower --samples or --positions" reads "lower samples or
// positions".
std::string withArguments(std::string text) {
  for (size_t at = 0; (at = text.find("--", at)) != std::string::npos;) {
    size_t end = at + 2;
    while (end < text.size() && isOptionChar(text[end])) ++end;
    const bool word = end > at + 2 && text[at + 2] >= 'a' && text[at + 2] <= 'z' &&
                      (at == 0 || !(std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '-'));
    if (!word) {
      at = end;
      continue;
    }
    std::string name = argumentOf(text.substr(at, end - at));
    const bool valueFollows = end + 1 < text.size() && text[end] == ' ' &&
                              (std::isdigit(static_cast<unsigned char>(text[end + 1])) ||
                               std::isupper(static_cast<unsigned char>(text[end + 1])));
    if (valueFollows) ++end, name += '=';
    text.replace(at, end - at, name);
    at += name.size();
  }
  return text;
}

// An error a command names by its option (--horizon-days, BOOK, SPEC),
// renamed to the package's argument (horizon_days, book, spec), in its path
// and wherever its text names an option (withArguments); a file's own place
// (book.csv:3:5, scenario.json: /name) stays as it is.
[[noreturn]] void throwAsArgument(const InputError& e) {
  const std::string& path = e.path();
  if (path != "BOOK" && path != "SPEC" && path.rfind("--", 0) != 0) throw e;
  throw InputError(argumentOf(path), withArguments(e.message()));
}

// A run's files as the CLI writes them (text), and its per-replication
// series as one (rows, 3 + columns) array: replication, step, day, then the
// columns of stepColumnNames, rows in replication then step order.
py::dict run(const std::string& scenario, bool isJson, std::uint64_t seed, int reps, int threads,
             const std::vector<std::string>& sets, bool withSeries, long long bookAt, const py::object& progress) {
  const LoadedScenario sc = isJson ? loadScenarioJson(parseJsonArg(scenario, "scenario"), sets, "<dict>")
                                   : loadScenario(scenario, sets, "scenario", false);
  if (bookAt != 0) checkBookAt(sc.def, bookAt, "book_at");
  const int nThreads = threadsOf(threads);
  try {
    checkRunSize(sc.def, reps, nThreads);
  } catch (const InputError& e) {
    throwAsArgument(e);
  }
  const SeriesColumns layout = seriesColumnsOf(sc.def);
  const auto names = layout.names();
  const size_t rows = static_cast<size_t>(sc.def.sim.steps + 1), width = names.size() + 3;
  const double bytes = withSeries ? static_cast<double>(reps) * static_cast<double>(rows * width) * 8.0 : 0.0;
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && page > 0 && bytes > 0.5 * static_cast<double>(pages) * static_cast<double>(page))
    throw InputError("series", "the per-replication series would take " + std::to_string(static_cast<long long>(bytes / 1048576.0)) +
                                   " MiB, more than half of this machine's memory; pass series=False or fewer reps");
  py::array_t<double> series({static_cast<py::ssize_t>(withSeries ? static_cast<size_t>(reps) * rows : 0),
                              static_cast<py::ssize_t>(width)});
  double* out = series.mutable_data();  // filled by the worker, without the GIL (nothing else touches it)

  Background bg;
  bg.total = reps;
  RunOptions opt;
  opt.seed = seed;
  opt.reps = reps;
  opt.threads = nThreads;
  opt.cancel = &bg.cancel;
  opt.progress = [&bg](int done, int) { bg.done = done; };
  if (withSeries) {
    // The same layout as series.csv (SeriesColumns).
    opt.onSeries = [&](int rep, const std::vector<double>& x) {
      for (size_t t = 0; t < rows; ++t) {
        double* row = out + (static_cast<size_t>(rep) * rows + t) * width;
        row[0] = rep;
        row[1] = static_cast<double>(t);
        row[2] = static_cast<double>(t) * sc.def.sim.stepDays;
        layout.row(x.data(), rows, t, row + 3);
      }
    };
  }
  RunResult r;
  runInBackground(bg, [&] { r = runReplications(sc.def, opt); }, progress);

  py::dict d;
  d["summary"] = summaryJson(r, sc.resolved, seed).dump(2) + "\n";
  d["timeseries"] = timeseriesCsv(r, sc.def.sim.stepDays);
  d["agents"] = agentsCsv(r);
  d["replications"] = replicationsCsv(r);
  const bool governed = !sc.def.governance.schedule.empty() || !sc.def.governance.rules.empty();
  d["events"] = governed ? py::object(py::str(eventsCsv(sc.def, r.reps))) : py::object(py::none());
  // book_at: replication 0's pooled book after that step, as run --book-at writes it.
  if (bookAt != 0) {
    const RunBookFiles book = runBookFiles(sc, seed, static_cast<int>(bookAt));
    d["book.csv"] = book.csv;
    d["book.json"] = book.json;
  }
  d["series"] = series;
  std::vector<std::string> columns = {"replication", "step", "day"};
  columns.insert(columns.end(), names.begin(), names.end());
  d["series_columns"] = columns;
  d["name"] = sc.def.name;
  d["source"] = python::pathText(sc.source);
  return d;
}

// Run.save(): the files `mutualab run --out FOLDER` writes, as it writes them
// (the folder new, empty or an earlier run's; replaced whole, with its
// marker), series.csv (or series.csv.gz where the CLI's --series auto
// would) by the CLI's own writer, and none for a run made with series=False.
void saveRun(const std::string& folder, const py::dict& texts, py::array_t<double, py::array::c_style | py::array::forcecast> series,
             int reps) {
  const std::string summary = texts["summary"].cast<std::string>();
  const ScenarioDef def = scenarioFromJson(nlohmann::json::parse(summary)["scenario"]);
  try {
    ResultsDirWriter dir(folder, "run");
    for (const char* key : {"summary", "timeseries", "agents", "replications", "events"}) {
      if (!texts.contains(key) || texts[key].is_none()) continue;
      const std::string name = std::string(key) + (std::string(key) == "summary" ? ".json" : ".csv");
      dir.add(name, texts[key].cast<std::string>());
    }
    for (const char* name : {"book.csv", "book.json"})
      if (texts.contains(name)) dir.add(name, texts[name].cast<std::string>());
    const std::string seriesName = seriesFileName(SeriesFormat::Auto, def, reps);
    if (series.shape(0) > 0 && !seriesName.empty()) {
      SeriesWriter w(dir.pathOf(seriesName), def);
      w.addRows(series.data(), static_cast<std::size_t>(series.shape(0)));
      w.close();
    }
    dir.commit();
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError("folder", e.what());
  }
}

// mutualab.backtest: backtest.csv and backtest.json's text, as `mutualab
// backtest` writes them (experiments/backtest.h).
py::dict backtest(const std::string& scenario, bool isJson, const std::vector<std::string>& sets, std::uint64_t seed,
                  int reps, int horizonDays, const std::vector<double>& levels, long long samples, int from, int every,
                  const std::string& pool, int threads, const py::object& progress) {
  const LoadedScenario sc = isJson ? loadScenarioJson(parseJsonArg(scenario, "scenario"), sets, "<dict>")
                                   : loadScenario(scenario, sets, "scenario", false);
  BacktestDef b;
  b.horizonDays = horizonDays;
  b.levels = levels;
  b.samples = samples;
  b.from = from;
  b.every = every;
  b.reps = reps;
  b.seed = seed;
  b.pool = pool.empty() ? -1 : backtestPool(sc.def, pool, "pool");
  try {
    validateBacktest(sc.def, b);
  } catch (const InputError& e) {
    throwAsArgument(e);
  }
  Background bg;
  BacktestOptions opt;
  opt.threads = threadsOf(threads);
  opt.cancel = &bg.cancel;
  opt.progress = [&bg](int done, int total) {
    bg.total = total;
    bg.done = done;
  };
  BacktestResult r;
  try {
    runInBackground(bg, [&] { r = runBacktest(sc.def, b, opt); }, progress);
  } catch (const InputError& e) {
    throwAsArgument(e);  // the work check, made once the dates are known: samples, reps, every, start
  }
  const nlohmann::json context = backtestContext(sc.def, sc.source, b, sets);
  py::dict d;
  for (const auto& [name, text] : backtestFiles(b, r, context)) d[py::str(name)] = text;
  return d;
}

// mutualab.risk: the files `mutualab risk` writes, as text (experiments/risk_command.h).
py::dict risk(const std::string& book, long long positions, const std::string& scenario, const std::vector<std::string>& sets,
              int horizonDays, const std::vector<double>& levels, long long samples, std::uint64_t seed, int threads,
              const std::string& stress, const std::string& pool, std::optional<double> insuranceFund,
              std::optional<double> poolCapital, std::optional<double> backstop, const std::vector<std::string>& solve,
              std::optional<double> targetPd, const std::string& regime, const std::string& history, bool filtered,
              bool reverseStress, const py::object& progress) {
  RiskRequest q;
  q.book = book;
  q.positions = positions;
  q.scenario = scenario;
  q.scenarioFromStdin = false;  // "-" would block on the interpreter's own input
  q.set = sets;
  q.def.horizonDays = horizonDays;
  q.def.levels = levels;
  q.def.samples = samples;
  q.def.seed = seed;
  q.threads = threadsOf(threads);
  q.stress = stress;
  q.pool = pool;
  q.insuranceFund = insuranceFund;
  q.poolCapital = poolCapital;
  q.backstop = backstop;
  q.targetPd = targetPd;
  q.regime = regime;
  q.history = history;
  q.filtered = filtered;
  q.reverseStress = reverseStress;
  Background bg;
  RiskHooks hooks;
  hooks.cancel = &bg.cancel;
  hooks.progress = [&bg](int, int done, int total) {
    bg.total = total;
    bg.done = done;
  };
  RiskOutcome o;
  try {
    q.solvers = parseSolvers(solve);
    runInBackground(bg, [&] { runRiskRequest(q, hooks, o); }, progress);
  } catch (const InputError& e) {
    throwAsArgument(e);
  }
  py::dict d;
  for (const auto& [name, text] : o.files) d[py::str(name)] = text;
  return d;
}

// Risk.save() and Backtest.save(): a command's files into `folder`, as its
// --out writes them (new, empty or an earlier result of the same command;
// replaced whole, with its marker).
void saveFiles(const std::string& folder, const std::string& kind, const py::dict& texts) {
  try {
    ResultsDirWriter dir(folder, kind);
    for (const auto& [name, text] : texts) dir.add(name.cast<std::string>(), text.cast<std::string>());
    dir.commit();
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError("folder", e.what());
  }
}

// A sweep's or tournament's options (the two share their fields), filled
// from the Python arguments, with progress and cancel wired to `bg`.
template <typename Options>
Options batchOptions(Background& bg, const std::string& outDir, int threads, bool resume, const std::string& series) {
  Options opt;
  opt.threads = threadsOf(threads);
  opt.resume = resume;
  opt.outDir = outDir;
  opt.series = parseSeriesFormat(series, "series");
  opt.cancel = &bg.cancel;
  opt.progress = [&bg](int done, int total, int) {
    bg.total = total;
    bg.done = done;
  };
  // The CLI's notes (cells that run the same scenario, a damaged cell that
  // resume=True runs again), as warnings at the caller's line.
  opt.warn = [&bg](const std::string& note) { bg.note(note); };
  return opt;
}

// Runs body() in the background; a filesystem failure there means the
// output folder is unusable: bad input, as on the command line.
template <typename Body>
void runBatch(Background& bg, Body&& body, const py::object& progress) {
  runInBackground(bg, [&] {
    try {
      body();
    } catch (const InputError& e) {
      throwAsArgument(e);  // --threads, --out: the arguments threads, out
    } catch (const Cancelled&) {
      throw;
    } catch (const std::runtime_error& e) {
      throw InputError("out", e.what());
    }
  }, progress);
}

int sweep(const std::string& spec, bool isJson, const std::string& outDir, int threads, bool resume,
          const std::string& series, const py::object& progress) {
  SweepSpec s;
  try {  // "-" would block on the interpreter's own input: refused
    s = isJson ? parseSweepSpec(parseJsonArg(spec, "spec"), "<dict>") : loadSweepSpec(spec, /*allowStdin=*/false);
  } catch (const InputError& e) {
    throwAsArgument(e);  // SPEC: the argument spec
  }
  Background bg;
  const auto opt = batchOptions<SweepOptions>(bg, outDir, threads, resume, series);
  bg.total = static_cast<int>(s.cellCount);
  int ran = 0;
  runBatch(bg, [&] { ran = runSweep(s, opt); }, progress);
  return ran;
}

int tournament(const std::string& spec, bool isJson, const std::string& outDir, int threads, bool resume,
               const std::string& series, const py::object& progress) {
  TournamentSpec s;
  try {
    s = isJson ? parseTournamentSpec(parseJsonArg(spec, "spec"), "<dict>") : loadTournamentSpec(spec, /*allowStdin=*/false);
  } catch (const InputError& e) {
    throwAsArgument(e);
  }
  Background bg;
  const auto opt = batchOptions<TournamentOptions>(bg, outDir, threads, resume, series);
  bg.total = cellCount(s);
  int ran = 0;
  runBatch(bg, [&] { runTournament(s, opt, &ran); }, progress);
  return ran;
}

}  // namespace

void addRuns(py::module_& m) {
  m.def("run", &run, py::arg("scenario"), py::arg("is_json"), py::arg("seed"), py::arg("reps"), py::arg("threads"),
        py::arg("sets"), py::arg("series"), py::arg("book_at"), py::arg("progress"),
        "a run's files as text and its series as an array (see mutualab.run)");
  m.def("backtest", &backtest, py::arg("scenario"), py::arg("is_json"), py::arg("sets"), py::arg("seed"), py::arg("reps"),
        py::arg("horizon_days"), py::arg("levels"), py::arg("samples"), py::arg("start"), py::arg("every"), py::arg("pool"),
        py::arg("threads"), py::arg("progress"), "backtest.csv and backtest.json as text (see mutualab.backtest)");
  m.def("risk", &risk, py::arg("book"), py::arg("positions"), py::arg("scenario"), py::arg("sets"), py::arg("horizon_days"),
        py::arg("levels"), py::arg("samples"), py::arg("seed"), py::arg("threads"), py::arg("stress"), py::arg("pool"),
        py::arg("insurance_fund"), py::arg("pool_capital"), py::arg("backstop"), py::arg("solve"), py::arg("target_pd"),
        py::arg("regime"), py::arg("history"), py::arg("filtered"), py::arg("reverse_stress"), py::arg("progress"), "the files of `mutualab risk` as text (see mutualab.risk)");
  m.def("save_files", &saveFiles, py::arg("folder"), py::arg("kind"), py::arg("texts"),
        "writes a command's files into `folder` as its --out does (see Risk.save, Backtest.save)");
  m.def("save_run", &saveRun, py::arg("folder"), py::arg("texts"), py::arg("series"), py::arg("reps"),
        "writes a run's files as `mutualab run --out FOLDER` does (see Run.save)");
  m.def("sweep", &sweep, py::arg("spec"), py::arg("is_json"), py::arg("out"), py::arg("threads"), py::arg("resume"),
        py::arg("series"), py::arg("progress"), "runs a sweep into the folder `out`; returns the cells run now");
  m.def("tournament", &tournament, py::arg("spec"), py::arg("is_json"), py::arg("out"), py::arg("threads"),
        py::arg("resume"), py::arg("series"), py::arg("progress"),
        "runs a tournament into the folder `out`; returns the cells run now");
  // A cancelled run surfaces as KeyboardInterrupt (background.h); if it
  // escapes any other way, it is still a clear message.
  py::register_exception<Cancelled>(m, "Cancelled");
}

}  // namespace mutualab::python
