// The `mutualab._core` extension: the same library the CLI uses, seen from
// Python. mutualab/__init__.py wraps it in pandas DataFrames; nothing here
// formats numbers differently from the CLI, so a run gives the CLI's bits.
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "core/black_scholes.h"
#include "core/errors.h"
#include "core/format_number.h"
#include "experiments/load_scenario.h"
#include "experiments/metric_intervals.h"
#include "experiments/presets.h"
#include "experiments/registry_defaults.h"
#include "experiments/scenario_schema.h"
#include "python/bindings/path_text.h"
#include "python/bindings/runs.h"

namespace py = pybind11;
using namespace mutualab;

namespace {

// A scenario given as a path / preset:NAME (str) or as JSON text (is_json).
LoadedScenario load(const std::string& scenario, bool isJson, const std::vector<std::string>& sets) {
  if (!isJson) return loadScenario(scenario, sets, "scenario", false);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(scenario);
  } catch (const nlohmann::json::exception& e) {
    throw InputError("scenario", std::string("not valid JSON: ") + e.what());
  }
  return loadScenarioJson(j, sets, "<dict>");
}

// Black-Scholes prices and greeks over arrays already broadcast to one shape:
// a (n, 6) array of price, delta, gamma, vega, theta, rho.
py::array_t<double> priceBatch(py::array_t<bool, py::array::forcecast> put, py::array_t<double, py::array::forcecast> spot,
                               py::array_t<double, py::array::forcecast> strike, py::array_t<double, py::array::forcecast> rate,
                               py::array_t<double, py::array::forcecast> vol, py::array_t<double, py::array::forcecast> years) {
  const py::ssize_t n = spot.size();
  for (const py::ssize_t s : {put.size(), strike.size(), rate.size(), vol.size(), years.size()})
    if (s != n) throw InputError("price", "the inputs must have one shape after broadcasting");
  py::array_t<double> out({n, static_cast<py::ssize_t>(6)});
  auto o = out.mutable_unchecked<2>();
  auto k = put.unchecked<1>();
  auto s = spot.unchecked<1>(), x = strike.unchecked<1>(), r = rate.unchecked<1>(), v = vol.unchecked<1>(),
       t = years.unchecked<1>();
  for (py::ssize_t i = 0; i < n; ++i) {
    BsInputs in;
    in.kind = k(i) ? OptionKind::Put : OptionKind::Call;
    in.spot = s(i);
    in.strike = x(i);
    in.rate = r(i);
    in.vol = v(i);
    in.years = t(i);
    // As `mutualab price` refuses them; an array's element by its (flat) index.
    requireBsDomain(in, "", n > 1 ? "[" + std::to_string(i) + "]" : "");
    const BsGreeks g = blackScholes(in);
    o(i, 0) = g.price;
    o(i, 1) = g.delta;
    o(i, 2) = g.gamma;
    o(i, 3) = g.vega;
    o(i, 4) = g.theta;
    o(i, 5) = g.rho;
  }
  return out;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "mutualab's C++ core (use the mutualab package, which wraps it in pandas)";
  m.attr("__version__") = MUTUALAB_VERSION;

  // mutualab.InputError: bad input, with the JSON path (or option) that is wrong.
  static py::exception<InputError> inputError(m, "InputError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      py::object err = py::reinterpret_borrow<py::object>(inputError.ptr())(python::pathText(e.what()));
      err.attr("path") = python::pathText(e.path());
      PyErr_SetObject(inputError.ptr(), err.ptr());
    }
  });

  m.def("presets", [] {
    py::list out;
    for (const EmbeddedPreset& p : embeddedPresets()) out.append(py::make_tuple(p.name, p.json));
    return out;
  }, "[(name, json text)] of the built-in scenarios");
  m.def("schema", [] { return scenarioSchema().dump(); }, "the scenario JSON Schema, as JSON text");
  m.def("validate", [](const std::string& scenario, bool isJson, const std::vector<std::string>& sets) {
    return withRegistryDefaults(load(scenario, isJson, sets).resolved).dump();
  }, py::arg("scenario"), py::arg("is_json"), py::arg("sets"),
     "the resolved scenario (every default filled in) as JSON text; raises InputError");
  m.def("price_batch", &priceBatch, "Black-Scholes price and greeks, (n, 6)");
  m.def("ci95", [](const std::string& metric, const std::vector<double>& xs) {
    // "btc.fee_rate" (a pool's column) is measured as fee_rate is.
    const std::string name = metric.substr(metric.find_last_of('.') + 1);
    Interval method;
    try {
      method = intervalOf(name);
    } catch (const std::logic_error&) {
      throw InputError("metric", "unknown metric '" + metric + "'; `mutualab metrics` lists them");
    }
    // A share (or a 0/1 outcome) outside [0, 1] has no logit or Wilson
    // interval: its bounds would leave the share's range unsaid.
    if (method == Interval::Share || method == Interval::Probability)
      for (size_t i = 0; i < xs.size(); ++i)
        if (xs[i] < 0.0 || xs[i] > 1.0)
          throw InputError("values", "values[" + std::to_string(i) + "] is " + shortestNumber(xs[i]) + ": " + metric +
                                         " is a share (its interval is " + intervalText(method) + "), each value in [0, 1]");
    const MeanCi c = metricCi95(name, xs);
    return py::make_tuple(c.mean, c.lo, c.hi, intervalText(method));
  }, py::arg("metric"), py::arg("values"), "(mean, lo, hi, method) of a metric's 95% interval");
  python::addRuns(m);
}
