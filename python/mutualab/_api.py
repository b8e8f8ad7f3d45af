"""The package's functions: thin wrappers over mutualab._core that accept
Python values (dicts, lists, numpy arrays) and return DataFrames."""

import json
import os
import shutil
import tempfile

import numpy as np
import pandas as pd

from . import _core
from ._core import InputError
from ._results import Backtest, Risk, Run, Sweep, Tournament, _bad, _native, _path_arg


def _json_text(value, name):
    """`value` as JSON text, numpy scalars and arrays as their Python numbers (np.int64(50) is 50).

    Anything JSON cannot hold (an object, NaN, a cycle, nesting deeper than Python recurses)
    is an InputError naming the argument, not json's TypeError."""
    def plain(v):
        if isinstance(v, (np.generic, np.ndarray)):
            return v.item() if isinstance(v, np.generic) else v.tolist()
        raise _bad(name, f"a value of type {type(v).__name__} ({repr(v)[:60]}) is not JSON: "
                         "give numbers, strings, booleans, None, lists and dicts")
    try:
        return json.dumps(value, default=plain, allow_nan=False)
    except InputError:
        raise
    except RecursionError:
        raise _bad(name, "nested too deeply to be a scenario") from None
    except ValueError as e:  # NaN or infinity, a circular reference
        raise _bad(name, f"not JSON: {e}") from None


def _scenario_arg(scenario, name="scenario"):
    """(text, is_json): a path or preset:NAME as given, a dict as JSON text."""
    if isinstance(scenario, dict):
        return _json_text(scenario, name), True
    if isinstance(scenario, (str, os.PathLike)):
        return _native(_path_arg(scenario, name)), False
    raise _bad(name, f"expected a file path, 'preset:NAME' or a dict, got {type(scenario).__name__}")


def _sets_arg(set):
    """--set overrides: a list of "path=value" strings, or a dict {path: value}."""
    if set is None:
        return []
    if isinstance(set, dict):
        return [f"{k}={v if isinstance(v, str) else _json_text(v, 'set')}" for k, v in set.items()]
    if isinstance(set, str):
        return [set]
    return [str(s) for s in set]


def _bool_arg(value, name):
    """True or False (numpy's too): "no" or 0 is not taken for a flag."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise _bad(name, f"expected True or False, got {value!r}")


def _levels_arg(levels):
    """VaR/ES levels as floats: one number or a list; a numpy float32 as written (0.99, not 0.9900000095)."""
    def number(q):
        if isinstance(q, bool) or not isinstance(q, (int, float, np.integer, np.floating)):
            raise TypeError
        return float(str(q)) if isinstance(q, np.floating) else float(q)
    try:
        if isinstance(levels, (int, float, np.integer, np.floating)):
            return [number(levels)]
        return [number(q) for q in levels]
    except (TypeError, ValueError):
        raise _bad("levels", f"expected numbers in (0, 1), got {levels!r}") from None


def _progress_arg(progress, unit):
    """None, a callable(done, total), or True: a progress line on stderr."""
    if progress is True:
        import sys
        import time
        start = time.monotonic()

        def show(done, total):
            elapsed = time.monotonic() - start
            eta = elapsed / done * (total - done) if done else 0.0
            end = "\n" if done >= total else ""
            print(f"\r  {unit} {done}/{total}  {100.0 * done / max(total, 1):3.0f}%  elapsed {elapsed:.1f}s  "
                  f"eta {eta:.1f}s   ", end=end, file=sys.stderr, flush=True)
        return show
    if progress is False:
        return None
    if progress is not None and not callable(progress):
        raise _bad("progress", f"expected None, True or a callable(done, total), got {type(progress).__name__}")
    return progress


_INT = 2**31 - 1  # the largest the core's int takes


def _int_arg(value, name, low=None, high=_INT):
    """A whole number, as the CLI reads one: 20000, 2e4 and 20000.0 alike (not True, 2.5 or "3").

    `low` is the parameter's own least value; `high` only what the core can hold (the command's
    own ranges are checked there, and named by the parameter)."""
    whole = isinstance(value, (int, np.integer)) or (isinstance(value, (float, np.floating)) and np.isfinite(value)
                                                    and float(value).is_integer())
    if isinstance(value, bool) or not whole or (low is not None and value < low):
        bound = "" if low is None else f" >= {low}"
        raise _bad(name, f"expected a whole number{bound}, got {value!r}")
    if value > high or value < -high - 1:
        raise _bad(name, f"expected a whole number of at most {high}, got {value!r}")
    return int(value)


def run(scenario, seed=1, reps=10, threads=0, set=None, series=True, progress=None, book_at=None):
    """Run a scenario's replications; returns a Run (summary, series, timeseries, agents, replications).

    scenario: a JSON file path, "preset:NAME" (see presets()) or a dict.
    seed:     master seed; every random stream derives from (seed, replication, agent, purpose).
    reps:     replications (means and 95% CIs are over these).
    threads:  worker threads, 0 = all cores; results do not depend on it.
    set:      overrides, ["pool/feeRule/name=credibility", ...] or {"writers/theta/sd": 0.3}.
    series:   keep the per-replication series (Run.series); False saves memory on huge runs.
    progress: None; True for a progress line on stderr; or a callable(done, total) called as
              replications finish.
    book_at:  a step: Run.book is replication 0's open pooled book after it (book.csv, which
              Run.save writes with book.json, for mutualab.risk), as `mutualab run --book-at STEP`.

    The numbers are those of `mutualab run SCENARIO --seed SEED --reps REPS --set ...`, to the bit.
    """
    text, is_json = _scenario_arg(scenario)
    seed = _int_arg(seed, "seed", 0, 2**64 - 1)
    reps = _int_arg(reps, "reps", 1)
    threads = _int_arg(threads, "threads", 0)
    book_at = 0 if book_at is None else _int_arg(book_at, "book_at", 1)
    raw = _core.run(text, is_json, seed, reps, threads, _sets_arg(set), _bool_arg(series, "series"), book_at,
                    _progress_arg(progress, "replications"))
    return Run(raw, seed=seed, reps=reps)


def backtest(scenario, seed=1, reps=1, horizon_days=1, levels=(0.99, 0.975), samples=20000, start=1, every=0,
             pool=None, threads=0, set=None, progress=None):
    """Backtest the risk engine's VaR and ES against the losses a run's own books realized; returns a Backtest.

    On each date (after step `start`, then every `every` steps, by default the horizon) the pool's
    open book is forecast over `horizon_days` as `mutualab risk` would, and set against the loss the
    same book realized on the run's prices (docs/risk.md section 12).
    scenario, seed, set: as for run(); reps: replications, each its own world and dates.
    levels: VaR and ES levels in (0, 1); samples: Monte Carlo samples per date.
    pool:  a pool's name or index (its positions alone); None: every pool's together.
    Backtest.dates is backtest.csv (a row per date), Backtest.levels a row per level of the tests
    (exceptions, Kupiec, binomial, Basel zone, Christoffersen, ES ratio), Backtest.report backtest.json:
    the numbers of `mutualab backtest SCENARIO --from START ...`, to the bit.
    """
    text, is_json = _scenario_arg(scenario)
    seed = _int_arg(seed, "seed", 0, 2**64 - 1)
    # Whole numbers here; their ranges are the command's (validateBacktest names them).
    reps, horizon_days, start, every = (_int_arg(v, n) for v, n in
                                        ((reps, "reps"), (horizon_days, "horizon_days"), (start, "start"), (every, "every")))
    threads = _int_arg(threads, "threads", 0)
    samples = _int_arg(samples, "samples", 1, 2**63 - 1)
    levels = _levels_arg(levels)
    raw = _core.backtest(text, is_json, _sets_arg(set), seed, reps, horizon_days, levels, samples, start, every,
                         "" if pool is None else str(pool), threads, _progress_arg(progress, "dates"))
    return Backtest(raw)


def risk(book=None, positions=None, scenario=None, set=None, horizon_days=1, levels=(0.99, 0.975), samples=100000,
         seed=1, threads=0, stress=None, pool=None, insurance_fund=None, pool_capital=None, backstop=None, solve=None,
         target_pd=None, regime=None, history=None, filtered=False, reverse_stress=False, progress=None):
    """VaR, ES, per-writer contributions and Cover-1/Cover-2 stress of a pool's open book; returns a Risk.

    The numbers of `mutualab risk BOOK ...` with the same arguments, to the bit (docs/risk.md).
    book:      a book.csv or book.json path, as `mutualab run --book-at STEP` or Run.save writes
               (run(..., book_at=STEP)); or positions=N for a synthetic book of N positions.
    scenario:  "preset:NAME" or a scenario file whose market is measured (default: the book's own,
               else the default scenario's); set: overrides of market/..., shock/..., sim/daysPerYear.
    horizon_days, levels (in (0, 1)), samples, seed: the Monte Carlo's.
    stress:    a stress scenario file (default: the built-in grid); pool: one pool's name or index.
    insurance_fund, pool_capital, backstop: the layers, currency (default: the book's).
    solve:     solvers to run, e.g. ["capital", "collateral"]; target_pd their default probability.
               A book of several pools is solved pool by pool, each against its own layers.
    regime:    "calm" or "stress": the horizon's first regime (default: the book's).
    history:   a price history CSV (time,asset,price: market/pricePath/file's format): VaR and ES by
               historical simulation too, today's book on each horizon_days window of it (Risk.historical);
               filtered=True rescales its returns to the volatility at its end (EWMA, the market's lambda).
    reverse_stress: True finds the least moves after which buyers go unpaid (Risk.reverse_stress).
    """
    if (book is None) == (positions is None):
        raise _bad("book", "give a book file, or positions=N for a synthetic book (not both)")
    positions = 0 if positions is None else _int_arg(positions, "positions", 1, 10**7)
    seed = _int_arg(seed, "seed", 0, 2**64 - 1)
    horizon_days = _int_arg(horizon_days, "horizon_days")
    samples = _int_arg(samples, "samples", 1, 2**63 - 1)
    threads = _int_arg(threads, "threads", 0)
    levels = _levels_arg(levels)
    if isinstance(solve, str):
        solve = [solve]
    amounts = []
    for name, value in (("insurance_fund", insurance_fund), ("pool_capital", pool_capital), ("backstop", backstop),
                        ("target_pd", target_pd)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating))):
            raise _bad(name, f"expected a number, got {value!r}")
        amounts.append(None if value is None else float(value))
    book, scenario, stress, history = (None if v is None else _native(_path_arg(v, n))
                                       for v, n in ((book, "book"), (scenario, "scenario"), (stress, "stress"),
                                                    (history, "history")))
    if regime is not None and not isinstance(regime, str):
        raise _bad("regime", f"expected 'calm' or 'stress', got {type(regime).__name__}")
    raw = _core.risk(book or "", positions, scenario or "", _sets_arg(set), horizon_days, levels, samples, seed, threads,
                     stress or "", "" if pool is None else str(pool), *amounts[:3],
                     [str(x) for x in (solve or [])], amounts[3], "" if regime is None else str(regime),
                     history or "", _bool_arg(filtered, "filtered"),
                     _bool_arg(reverse_stress, "reverse_stress"), _progress_arg(progress, "blocks"))
    return Risk(raw)


def _batch(kind, spec, out, threads, resume, series, progress):
    text, is_json = _scenario_arg(spec, "spec")
    threads = _int_arg(threads, "threads", 0)
    resume = _bool_arg(resume, "resume")
    temporary = out is None
    if isinstance(series, str) and series in ("csv", "gz"):
        fmt = series
    elif isinstance(series, (bool, np.bool_)):
        # A temporary folder is read back at once: gzip would only cost time.
        fmt = ("csv" if temporary else "auto") if series else "none"
    else:
        raise _bad("series", f"expected True, False, 'csv' or 'gz', got {series!r}")
    folder = tempfile.mkdtemp(prefix=f"mutualab-{kind}-") if temporary else _path_arg(out, "out")
    try:
        runner = _core.sweep if kind == "sweep" else _core.tournament
        ran = runner(text, is_json, _native(folder), threads, resume, fmt, _progress_arg(progress, "cells"))
        result = (Sweep if kind == "sweep" else Tournament)(folder, ran=ran, keep_dir=not temporary)
    finally:
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)
    return result


def sweep(spec, out=None, threads=0, resume=False, series=False, progress=None):
    """Run a parameter sweep (grid, random or explicit cells); returns a Sweep.

    spec:   a sweep spec file path or dict (docs/batch.md; experiments/sweeps/ holds examples); not "-":
            standard input is the CLI's.
    out:    folder for the files `mutualab sweep` writes (sweep.csv, cells/, spec.json, params.json);
            None runs in a temporary folder and keeps only what the Sweep holds.
    series: also keep every cell's per-replication series (Sweep.series): True, or "csv"/"gz";
            False (the default) keeps none.
    resume: keep cells already finished in `out` (after Ctrl-C, or a crash) and run the rest;
            a damaged cell file is run again, with a UserWarning naming it.
    Cells that resolve to the same scenario are noted with a UserWarning too (the CLI's notes).
    """
    return _batch("sweep", spec, out, threads, resume, series, progress)


def tournament(spec, out=None, threads=0, resume=False, series=False, progress=None):
    """Rank writer strategies under each design on common random numbers; returns a Tournament.

    spec: a tournament spec file path or dict (experiments/tournaments/ holds examples).
    Other arguments as for sweep().
    """
    return _batch("tournament", spec, out, threads, resume, series, progress)


def presets():
    """The built-in scenarios: a DataFrame of name and description (run one with run("preset:NAME"))."""
    rows = []
    for name, text in _core.presets():
        rows.append({"name": name, "description": json.loads(text).get("description", "")})
    return pd.DataFrame(rows, columns=["name", "description"])


def validate(scenario, set=None):
    """Check a scenario without running it; returns it resolved (every default filled in) as a dict.

    Raises InputError naming the JSON path of the first problem.
    """
    text, is_json = _scenario_arg(scenario)
    return json.loads(_core.validate(text, is_json, _sets_arg(set)))


def schema():
    """The JSON Schema of scenario files (docs/scenario.schema.json), as a dict."""
    return json.loads(_core.schema())


def price(kind, spot, strike, vol, years, rate=0.0):
    """Black-Scholes price and greeks of European options, as the simulation computes them.

    kind: "call" or "put" (or an array of them); spot, strike, vol (annual), years, rate
    (annual, continuous): numbers or arrays, broadcast together. Returns a dict of
    price, delta, gamma, vega (per 1.00 of vol), theta (per year), rho (per 1.00 of rate):
    floats for scalar inputs, numpy arrays otherwise (empty ones for an empty array).
    """
    # As objects, so an empty list is an empty array of kinds (not a float array that
    # compares unequal to "put" as one scalar), and 5 is named as not a kind.
    kinds = np.asarray(kind, dtype=object)
    bad = ~np.isin(kinds, ["call", "put"])
    if bad.any():
        raise _bad("kind", f"expected 'call' or 'put', got {kinds[bad].flat[0]!r}")
    arrays, shape = [kinds == "put"], kinds.shape
    for name, x in (("spot", spot), ("strike", strike), ("rate", rate), ("vol", vol), ("years", years)):
        a = np.asarray(x) if x is not None else None
        if a is None or a.dtype.kind not in "iuf":  # None, "abc", [1, None] would be NaN or a numpy error
            raise _bad(name, f"expected a number or an array of numbers, got {repr(x)[:60]}")
        try:
            shape = np.broadcast_shapes(shape, a.shape)
        except ValueError:
            raise _bad(name, f"its shape {a.shape} does not broadcast with the arguments before it, {shape}") from None
        arrays.append(a.astype(float))
    arrays = np.broadcast_arrays(*arrays)
    names = ["price", "delta", "gamma", "vega", "theta", "rho"]
    if 0 in shape:
        return {n: np.empty(shape) for n in names}
    flat = [np.ascontiguousarray(a.reshape(-1)) for a in arrays]
    out = _core.price_batch(*flat)
    if shape == ():
        return {n: float(out[0, i]) for i, n in enumerate(names)}
    return {n: out[:, i].reshape(shape) for i, n in enumerate(names)}


def ci95(metric, values):
    """A metric's mean and 95% CI by its method (as in summary.json and `mutualab metrics`).

    Returns a dict: mean, lo, hi (None when undefined) and method ("t", "t, >= 0", "logit", "Wilson",
    or "censored median" for unraveling_step: the median step, a NaN counted as beyond the horizon).
    """
    try:
        values = [float(v) for v in values]
    except (TypeError, ValueError):
        raise _bad("values", f"expected a list or array of numbers, got {repr(values)[:60]}") from None
    mean, lo, hi, method = _core.ci95(str(metric), values)
    nan = lambda x: None if x != x else x
    return {"mean": nan(mean), "lo": nan(lo), "hi": nan(hi), "method": method}
