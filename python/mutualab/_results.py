"""What run(), sweep(), tournament(), risk() and backtest() return: their files as pandas
DataFrames and dicts, read exactly as from the CLI's output folder."""

import io
import json
import os
import re

import numpy as np
import pandas as pd

from . import _core


def _bad(path, message):
    """An InputError as the C++ side raises it: "path: message", with .path."""
    e = _core.InputError(f"{path}: {message}")
    e.path = path
    return e


def _path_arg(value, name):
    """A file or folder path (str, os.PathLike or bytes) as a str, naming the argument when it is
    none: str(None) would be a folder called "None", and "" the filesystem's own riddle."""
    if not isinstance(value, (str, bytes, os.PathLike)):
        raise _bad(name, f"expected a path (str or os.PathLike), got {type(value).__name__} {repr(value)[:60]}")
    path = os.fsdecode(os.fspath(value))
    if path == "":
        raise _bad(name, "expected a path, got an empty string")
    return path


def _native(path):
    """A path as the C++ core takes it: the str, or its bytes where it holds lone surrogates (a
    name that is not UTF-8, as os.listdir gives it), which pybind11 cannot pass as text."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path)


def _csv(text):
    # round_trip: the very doubles the text spells, as the CLI's files give them to pandas.
    return pd.read_csv(io.StringIO(text), float_precision="round_trip")


def _read_csv(path):
    return pd.read_csv(path, float_precision="round_trip")


def _cell_series(folder):
    """DIR/series/cell-NNNNN.csv[.gz] stacked, with a leading `cell` column; None if there are none."""
    d = os.path.join(folder, "series")
    if not os.path.isdir(d):
        return None
    frames = []
    for name in sorted(os.listdir(d)):
        m = re.fullmatch(r"cell-(\d+)\.csv(\.gz)?", name)
        if m:
            f = _read_csv(os.path.join(d, name))
            f.insert(0, "cell", int(m.group(1)))
            frames.append(f)
    return pd.concat(frames, ignore_index=True) if frames else None


def ribbons(series, metrics, by=()):
    """Per step (and per `by` group), each metric's mean over replications with its 95% CI.

    The interval is the metric's own method (`mutualab metrics`): Wilson or logit for
    shares and probabilities, t cut at 0 for amounts that cannot be negative, t otherwise,
    so a ribbon never leaves the metric's range. Long form: [*by], step, day, metric,
    mean, lo, hi, method, n.
    """
    if not isinstance(series, pd.DataFrame):
        raise _bad("series", f"expected a DataFrame of per-replication series (Run.series), got {type(series).__name__}")
    if isinstance(metrics, str):
        metrics = [metrics]
    if isinstance(by, str):
        by = [by]
    columns = ", ".join(c for c in series.columns if c not in ("replication", "step", "day", "cell"))
    for name, wanted in (("metrics", metrics), ("by", by)):
        missing = [m for m in wanted if m not in series.columns]
        if missing:
            raise _bad(name, f"no column {missing[0]!r} in the series; its columns are "
                       + (columns if name == "metrics" else ", ".join(map(str, series.columns))))
    keys = list(by) + ["step"]
    rows = []
    for key, group in series.groupby(keys if len(keys) > 1 else keys[0], sort=True):
        key = key if isinstance(key, tuple) else (key,)
        for m in metrics:
            values = group[m].to_numpy(dtype=float)
            mean, lo, hi, method = _core.ci95(m, values.tolist())
            rows.append((*key, float(group["day"].iloc[0]), m, mean, lo, hi, method, int(np.count_nonzero(~np.isnan(values)))))
    return pd.DataFrame(rows, columns=keys + ["day", "metric", "mean", "lo", "hi", "method", "n"])


class Run:
    """One run's results, the same as `mutualab run` writes to its folder.

    summary:      dict, summary.json (means, ci95, seed, reps, the resolved scenario, version)
    series:       DataFrame, series.csv: replication, step, day, then every per-step metric
    timeseries:   DataFrame, timeseries.csv: per step, the mean over replications
    agents:       DataFrame, agents.csv: every agent's final state in replication 0
    replications: DataFrame, replications.csv: the summary metrics per replication
    events:       DataFrame of events.csv (scenarios with governance), else None
    book:         DataFrame of book.csv (run(..., book_at=STEP)): replication 0's open pooled book
                  after that step, else None; save() writes book.csv and book.json for mutualab.risk
    """

    def __init__(self, raw, seed, reps):
        self.summary = json.loads(raw["summary"])
        self.name = raw["name"]
        self.source = raw["source"]
        self.seed, self.reps = seed, reps
        self._texts = {k: raw[k] for k in ("summary", "timeseries", "agents", "replications", "events", "book.csv",
                                           "book.json") if k in raw}
        self.book = _csv(raw["book.csv"]) if "book.csv" in raw else None
        columns = list(raw["series_columns"])
        self.series = pd.DataFrame(raw["series"], columns=columns)
        self.series["replication"] = self.series["replication"].astype("int64")
        self.series["step"] = self.series["step"].astype("int64")
        self.timeseries = _csv(raw["timeseries"])
        self.agents = _csv(raw["agents"])
        self.replications = _csv(raw["replications"])
        self.events = _csv(raw["events"]) if raw["events"] is not None else None

    def ribbons(self, metrics):
        """Per step, each metric's mean over replications with its 95% CI (see mutualab.ribbons)."""
        if self.series.empty:
            e = _core.InputError("series: this run was made with series=False")
            e.path = "series"
            raise e
        return ribbons(self.series, metrics)

    def save(self, folder):
        """Writes the files `mutualab run --out FOLDER` writes, as it writes them, byte for byte.

        The folder must be new, empty, or an earlier run's results with nothing added (a folder
        holding other files is refused, never emptied), and is replaced whole. series.csv is
        written as the CLI's --series auto writes it (series.csv.gz above 2 million values), and
        not at all for a run made with series=False. folder: a str, os.PathLike or bytes path.
        """
        _core.save_run(_native(_path_arg(folder, "folder")), self._texts, self.series.to_numpy(dtype=float), int(self.reps))

    def __repr__(self):
        p = self.summary.get("pool_participation")
        return (f"<mutualab.Run {self.name}: seed {self.seed}, {self.reps} replications, "
                f"pool participation {p:.3f}>" if isinstance(p, float) else f"<mutualab.Run {self.name}>")


class Sweep:
    """A sweep's results, as `mutualab sweep` writes them.

    table:  DataFrame, sweep.csv: one row per cell (label, parameters, metrics with _lo/_hi)
    paired: DataFrame, paired.csv, where the spec names a "baseline": per cell and metric, the
            mean difference from the cell's baseline paired by replication, its 95% CI (lo, hi),
            the pairs (n) and the method; else None
    params: dict, params.json: each swept parameter's name, unit and meaning
    spec:   dict, spec.json
    series: DataFrame of every cell's per-replication series with a leading `cell` column
            (sweep(..., series=True)), else None
    dir:    the output folder, or None when it was temporary
    ran:    cells run now (the rest were resumed)
    """

    def __init__(self, folder, ran, keep_dir):
        self.table = _read_csv(os.path.join(folder, "sweep.csv"))
        paired = os.path.join(folder, "paired.csv")
        self.paired = _read_csv(paired) if os.path.exists(paired) else None
        with open(os.path.join(folder, "params.json")) as f:
            self.params = json.load(f)
        with open(os.path.join(folder, "spec.json")) as f:
            self.spec = json.load(f)
        self.series = _cell_series(folder)
        self.dir = folder if keep_dir else None
        self.ran = ran

    def ribbons(self, metrics):
        """Per cell and step, each metric's mean with its 95% CI (needs series=True)."""
        if self.series is None:
            e = _core.InputError("series: run the sweep with series=True")
            e.path = "series"
            raise e
        return ribbons(self.series, metrics, by=["cell"])

    def __repr__(self):
        return f"<mutualab.Sweep {self.spec.get('name', '')}: {len(self.table)} cells>"


class Tournament:
    """A tournament's results, as `mutualab tournament` writes them.

    scores: DataFrame, scores.csv (ranked per design, with the paired gap to the leader)
    cells:  DataFrame, cells.csv (every cell's strategies, shares and scores)
    means:  DataFrame, series.csv (mean ASI and participation per design and step)
    shares: DataFrame, shares.csv (ecological tournaments), else None
    series: per-replication series of every cell with a leading `cell` column (series=True), else None
    """

    def __init__(self, folder, ran, keep_dir):
        self.scores = _read_csv(os.path.join(folder, "scores.csv"))
        self.cells = _read_csv(os.path.join(folder, "cells.csv"))
        self.means = _read_csv(os.path.join(folder, "series.csv"))
        shares = os.path.join(folder, "shares.csv")
        self.shares = _read_csv(shares) if os.path.exists(shares) else None
        with open(os.path.join(folder, "spec.json")) as f:
            self.spec = json.load(f)
        self.series = _cell_series(folder)
        self.dir = folder if keep_dir else None
        self.ran = ran

    def __repr__(self):
        return f"<mutualab.Tournament {self.spec.get('name', '')}: {len(self.scores)} scores>"


class Risk:
    """A risk measure's results, as `mutualab risk` writes them (docs/risk.md).

    var_es:        DataFrame, var_es.csv: per level VaR and ES with their 95% CIs and tail samples
    var_es_pools:  DataFrame, var_es_pools.csv (a book of several pools measured together): each pool's own, else None
    components:    DataFrame, components.csv: each writer's Euler contributions (they sum to VaR and ES)
    stress:        DataFrame, stress.csv: each stress scenario's loss and Cover-1 / Cover-2 waterfall
    stress_pools:  DataFrame, stress_pools.csv (a book of several pools measured together), else None
    sensitivities: DataFrame, sensitivities.csv: delta, gamma, vega and theta of the cover's value by asset
    histogram:     DataFrame, loss_histogram.csv
    historical:    DataFrame, historical.csv (with history=...): each window's start and end day, moves and loss, else None
    reverse_stress: DataFrame, reverse_stress.csv (with reverse_stress=True): the least breaking move per direction and test
    report:        dict, risk.json (everything, with what was measured and how)
    solve:         dict, solve.json (with solve=[...]), else None
    """

    def __init__(self, raw):
        self._texts = dict(raw)
        self.var_es = _csv(raw["var_es.csv"])
        self.var_es_pools = _csv(raw["var_es_pools.csv"]) if "var_es_pools.csv" in raw else None
        self.components = _csv(raw["components.csv"])
        self.stress = _csv(raw["stress.csv"])
        self.stress_pools = _csv(raw["stress_pools.csv"]) if "stress_pools.csv" in raw else None
        self.sensitivities = _csv(raw["sensitivities.csv"])
        self.histogram = _csv(raw["loss_histogram.csv"])
        self.historical = _csv(raw["historical.csv"]) if "historical.csv" in raw else None
        self.reverse_stress = _csv(raw["reverse_stress.csv"]) if "reverse_stress.csv" in raw else None
        self.report = json.loads(raw["risk.json"])
        self.solve = json.loads(raw["solve.json"]) if "solve.json" in raw else None

    def save(self, folder):
        """Writes the files `mutualab risk --out FOLDER` writes, byte for byte (a folder holding other
        files is refused, never emptied)."""
        _core.save_files(_native(_path_arg(folder, "folder")), "risk", self._texts)

    def __repr__(self):
        first = self.report["levels"][0] if self.report.get("levels") else None
        return (f"<mutualab.Risk {self.report.get('book', '')}: {self.report.get('positions', 0)} positions"
                + (f", VaR {first['level']:g} {first['var']:.2f}, ES {first['es']:.2f}>" if first else ">"))


class Backtest:
    """A VaR backtest's results, as `mutualab backtest` writes them (docs/risk.md section 12).

    dates:  DataFrame, backtest.csv: a row per date (replication, step, day, regime, positions,
            value_now, mean_loss, var_Q, es_Q, exception_Q per level, value_after, realized_loss)
    levels: DataFrame, a row per level: level, dates, exceptions, expected_exceptions,
            exception_rate, kupiec_p, p_at_least, traffic_light, independence_p, es_ratio
    report: dict, backtest.json (what was run, and every test with its help)
    """

    def __init__(self, raw):
        self._texts = dict(raw)
        self.dates = _csv(raw["backtest.csv"])
        self.report = json.loads(raw["backtest.json"])
        self.levels = pd.DataFrame([{
            "level": l["level"], "dates": l["dates"], "exceptions": l["exceptions"],
            "expected_exceptions": l["expected_exceptions"], "exception_rate": l["exception_rate"],
            "kupiec_p": l["kupiec"]["p_value"], "p_at_least": l["binomial"]["p_at_least"],
            "traffic_light": l["traffic_light"], "independence_p": l["christoffersen"]["p_value"],
            "es_ratio": l["es_ratio"]} for l in self.report["levels"]])

    def save(self, folder):
        """Writes the files `mutualab backtest --out FOLDER` writes, byte for byte (a folder holding
        other files is refused, never emptied)."""
        _core.save_files(_native(_path_arg(folder, "folder")), "backtest", self._texts)

    def __repr__(self):
        first = self.report["levels"][0] if self.report["levels"] else None
        return (f"<mutualab.Backtest {self.report['scenario']}: {self.report['dates_tested']} dates"
                + (f", {first['exceptions']} exceptions at {first['level']:g} ({first['traffic_light']})>" if first else ">"))

