"""The mutualab Python package against the CLI: the same numbers to the bit,
errors with their JSON path, Ctrl-C, the GIL released.

    MUTUALAB_CLI=build/release/mutualab PYTHONPATH=build/release/python python3 -m unittest tests/python/module_test.py

(ctest runs it so.) unittest only: nothing beyond Debian's python3-numpy and python3-pandas.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import warnings

import numpy as np
import pandas as pd
import pandas.testing as pdt

import mutualab

CLI = os.environ.get("MUTUALAB_CLI", "build/release/mutualab")
SOURCE = os.environ.get("MUTUALAB_SOURCE_DIR", ".")


def cli(*args):
    r = subprocess.run([CLI, *args], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def read(path):
    return pd.read_csv(path, float_precision="round_trip")


def bits_equal(a, b):
    """Two float arrays hold the same doubles, NaN where NaN (bit for bit, not approximately)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and np.array_equal(np.isnan(a), np.isnan(b)) and \
        np.array_equal(a[~np.isnan(a)].view(np.int64), b[~np.isnan(b)].view(np.int64))


class RunMatchesCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        args = ["run", "preset:tiered-pools", "--seed", "7", "--reps", "5", "--threads", "2", "--quiet",
                "--out", os.path.join(cls.tmp.name, "run")]
        for s in ["sim/steps=120", "writers/theta/sd=0.3"]:
            args += ["--set", s]
        code, out = cli(*args)
        assert code == 0, out
        cls.dir = os.path.join(cls.tmp.name, "run")
        cls.r = mutualab.run("preset:tiered-pools", seed=7, reps=5, threads=1,
                             set={"sim/steps": 120, "writers/theta/sd": 0.3})

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_summary_is_summary_json(self):
        with open(os.path.join(self.dir, "summary.json")) as f:
            self.assertEqual(self.r.summary, json.load(f))
        self.assertEqual(self.r.summary["seed"], 7)
        self.assertEqual(self.r.summary["reps"], 5)

    def test_series_is_series_csv_to_the_bit(self):
        cli_series = read(os.path.join(self.dir, "series.csv"))
        self.assertEqual(list(cli_series.columns), list(self.r.series.columns))
        self.assertIn("eth.fee_rate", self.r.series.columns)  # every pool's columns
        self.assertEqual(len(self.r.series), 5 * 121)
        self.assertTrue(bits_equal(cli_series.to_numpy(dtype=float), self.r.series.to_numpy(dtype=float)))
        self.assertEqual(self.r.series["replication"].dtype, np.int64)

    def test_other_tables_are_the_cli_files(self):
        for attr, name in (("timeseries", "timeseries.csv"), ("agents", "agents.csv"), ("replications", "replications.csv")):
            pdt.assert_frame_equal(getattr(self.r, attr), read(os.path.join(self.dir, name)), check_exact=True)
        self.assertIsNone(self.r.events)

    def test_save_writes_the_cli_files_byte_for_byte(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "saved")
            self.r.save(out)
            for name in ("summary.json", "timeseries.csv", "agents.csv", "replications.csv", "series.csv"):
                with open(os.path.join(out, name), "rb") as a, open(os.path.join(self.dir, name), "rb") as b:
                    self.assertEqual(a.read(), b.read(), name)
            # A saved folder is a run's: saved again, or run into by the CLI, it is replaced.
            self.r.save(out)
            code, text = cli("run", "preset:akerlof-flat-fee", "--reps", "1", "--set", "sim/steps=10", "--quiet",
                             "--out", out)
            self.assertEqual(code, 0, text)
            # A folder holding someone else's file is refused, untouched.
            mine = os.path.join(tmp, "mine")
            os.makedirs(mine)
            with open(os.path.join(mine, "notes.txt"), "w") as f:
                f.write("mine")
            with self.assertRaises(mutualab.InputError):
                self.r.save(mine)
            self.assertEqual(os.listdir(mine), ["notes.txt"])
            # A run made without series writes no series.csv, as --series none.
            bare = mutualab.run("preset:akerlof-flat-fee", reps=2, set={"sim/steps": 10}, series=False)
            bare.save(os.path.join(tmp, "bare"))
            self.assertFalse(os.path.exists(os.path.join(tmp, "bare", "series.csv")))
            self.assertTrue(os.path.exists(os.path.join(tmp, "bare", "summary.json")))

    def test_series_means_are_timeseries(self):
        means = self.r.series.groupby("step")["pool_participation"].mean().to_numpy()
        np.testing.assert_allclose(means[1:], self.r.timeseries["pool_participation"].to_numpy()[1:], rtol=1e-9)

    def test_ribbons_stay_in_range_and_use_each_metric_method(self):
        rib = self.r.ribbons(["pool_participation", "asi", "fee_rate"])
        self.assertEqual(set(rib["metric"]), {"pool_participation", "asi", "fee_rate"})
        part = rib[rib["metric"] == "pool_participation"].dropna(subset=["lo"])
        self.assertTrue(((part["lo"] > 0) & (part["hi"] < 1)).all())
        self.assertEqual(set(part["method"]), {"logit"})
        self.assertEqual(set(rib[rib["metric"] == "fee_rate"]["method"]), {"t, >= 0"})
        step = rib[(rib["metric"] == "asi") & (rib["step"] == 100)].iloc[0]
        expected = mutualab.ci95("asi", self.r.series[self.r.series["step"] == 100]["asi"])
        self.assertEqual((step["mean"], step["lo"], step["hi"]), (expected["mean"], expected["lo"], expected["hi"]))


class Inputs(unittest.TestCase):
    def test_threads_and_scenario_forms_give_the_same_bits(self):
        a = mutualab.run("preset:akerlof-flat-fee", seed=3, reps=3, threads=1, set=["sim/steps=60"])
        b = mutualab.run("preset:akerlof-flat-fee", seed=3, reps=3, threads=2, set={"sim/steps": 60})
        scenario = mutualab.validate("preset:akerlof-flat-fee", set=["sim/steps=60"])
        c = mutualab.run(scenario, seed=3, reps=3)
        self.assertTrue(bits_equal(a.series.to_numpy(dtype=float), b.series.to_numpy(dtype=float)))
        self.assertTrue(bits_equal(a.series.to_numpy(dtype=float), c.series.to_numpy(dtype=float)))
        d = mutualab.run("preset:akerlof-flat-fee", seed=4, reps=3, set={"sim/steps": 60})
        self.assertFalse(bits_equal(a.series.to_numpy(dtype=float), d.series.to_numpy(dtype=float)))

    def test_a_market_from_data_is_the_cli_run(self):
        scenario = os.path.join(SOURCE, "experiments", "examples", "crash-from-data.json")
        with tempfile.TemporaryDirectory() as tmp:
            code, out = cli("run", scenario, "--reps", "3", "--seed", "2", "--quiet", "--out", os.path.join(tmp, "r"))
            self.assertEqual(code, 0, out)
            r = mutualab.run(scenario, reps=3, seed=2)
            with open(os.path.join(tmp, "r", "summary.json")) as f:
                self.assertEqual(r.summary, json.load(f))
        # Every replication replays the file's prices; only agents and demand differ.
        prices = r.series.pivot(index="step", columns="replication", values="price")
        self.assertTrue((prices.nunique(axis=1) == 1).all())
        self.assertGreater(r.replications["pool_participation"].nunique(), 1)

    def test_bad_input_raises_input_error_with_its_path(self):
        cases = [
            (lambda: mutualab.validate("preset:akerlof-flat-fee", set=["writers/theta/sd=-1"]), "/writers/theta/sd"),
            (lambda: mutualab.run({"name": "x", "writers": {"count": "many"}}), "/writers/count"),
            (lambda: mutualab.run("preset:no-such-preset"), "scenario"),
            (lambda: mutualab.run("preset:akerlof-flat-fee", reps=0), "reps"),
            (lambda: mutualab.run("preset:akerlof-flat-fee", threads=-1), "threads"),
            (lambda: mutualab.run("preset:akerlof-flat-fee", set=["pool/feeRule/params/k=5"]), "/pool/feeRule/params/k"),
            (lambda: mutualab.price("straddle", 100, 100, 0.2, 1), "kind"),
            # The domain `mutualab price` holds to (a negative spot once priced the put at 1801).
            (lambda: mutualab.price("put", -1, 1800, 0.7, 0.1), "spot"),
            (lambda: mutualab.price("put", 2000, 1800, -0.5, 0.1), "vol"),
            (lambda: mutualab.price("put", float("nan"), 1800, 0.7, 0.1), "spot"),
            (lambda: mutualab.price("put", [2000, -5], 1800, 0.7, 0.1), "spot[1]"),
            (lambda: mutualab.run("preset:akerlof-flat-fee", progress="yes"), "progress"),
            (lambda: mutualab.ci95("no_such_metric", [1, 2]), "metric"),
            (lambda: mutualab.sweep({"name": "x", "scenario": "preset:akerlof-flat-fee", "grid": {"pool/nope": [1]}}), "/pool/nope"),
        ]
        for call, path in cases:
            with self.subTest(path=path):
                with self.assertRaises(mutualab.InputError) as e:
                    call()
                self.assertTrue(e.exception.path.startswith(path), f"{e.exception.path!r}: {e.exception}")
                self.assertIsInstance(e.exception, ValueError)
        # Memory for the replications at once: named and advised by the
        # argument, not the CLI's option (it said "--threads" until 2026-12-05).
        with self.assertRaises(mutualab.InputError) as e:
            mutualab.run("preset:akerlof-flat-fee", reps=1000, threads=1000, set=["writers/count=5000000"])
        self.assertEqual(e.exception.path, "threads")
        self.assertIn("use threads=", str(e.exception))
        self.assertNotIn("--threads", str(e.exception))

    def test_presets_schema_and_price(self):
        p = mutualab.presets()
        code, out = cli("presets")
        self.assertEqual(code, 0)
        for name in p["name"]:
            self.assertIn(name, out)
        self.assertIn("akerlof-flat-fee", set(p["name"]))
        with open(os.path.join(SOURCE, "docs", "scenario.schema.json")) as f:
            self.assertEqual(mutualab.schema(), json.load(f))
        # Hull's textbook call: S = K = 100, r = 5%, sigma = 20%, T = 1: 10.4506.
        self.assertAlmostEqual(mutualab.price("call", 100, 100, 0.2, 1.0, rate=0.05)["price"], 10.4506, places=4)
        # Put-call parity over an array of strikes: C - P = S - K e^{-rT}.
        k = np.array([80.0, 100.0, 120.0])
        c, p = mutualab.price("call", 100, k, 0.3, 0.5, 0.02), mutualab.price("put", 100, k, 0.3, 0.5, 0.02)
        np.testing.assert_allclose(c["price"] - p["price"], 100 - k * np.exp(-0.02 * 0.5), rtol=1e-12)
        np.testing.assert_allclose(c["delta"] - p["delta"], 1.0, rtol=1e-12)

    def test_ci95_is_the_summary_method(self):
        w = mutualab.ci95("pool_default_probability", [1, 1, 1] + [0] * 7)  # Wilson, 3 of 10
        self.assertEqual(w["method"], "Wilson")
        self.assertAlmostEqual(w["lo"], 0.1078, places=4)
        self.assertAlmostEqual(w["hi"], 0.6032, places=4)
        self.assertEqual(mutualab.ci95("btc.fee_rate", [0.01, 0.02])["method"], "t, >= 0")


class BadArguments(unittest.TestCase):
    """An audit's findings (2026-12): each bad argument named, never a hang, a folder called "None",
    a value read up to a NUL, or pybind11's internal signature."""

    def raises(self, call, path, *parts, kind=mutualab.InputError):
        with self.assertRaises(kind) as e:
            call()
        if path is not None:
            self.assertEqual(e.exception.path, path, str(e.exception))
        for part in parts:
            self.assertIn(part, str(e.exception))
        return str(e.exception)

    def test_standard_input_is_refused_not_waited_for(self):
        # "-" read the interpreter's own stdin: in a notebook or a terminal, forever.
        for call, path in ((lambda: mutualab.sweep("-"), "spec"), (lambda: mutualab.tournament("-"), "spec"),
                           (lambda: mutualab.risk(positions=20, samples=2000, scenario="-"), "scenario")):
            with self.subTest(path=path):
                text = self.raises(call, path, "'-' (standard input) is not allowed here")
                self.assertNotIn("or - to read standard input", text)
        # Also with stdin a pipe that never ends: a child that would hang is killed by the timeout.
        child = subprocess.run([sys.executable, "-c", "import mutualab\ntry:\n mutualab.sweep('-')\n"
                                "except mutualab.InputError as e:\n print(e.path)"],
                               stdin=subprocess.PIPE, capture_output=True, text=True, timeout=60)
        self.assertEqual(child.stdout.strip(), "spec", child.stderr)

    def test_save_needs_a_path(self):
        r = mutualab.run("preset:akerlof-flat-fee", reps=2, threads=1, set={"sim/steps": 20})
        risk = mutualab.risk(positions=20, samples=2000)
        with tempfile.TemporaryDirectory() as tmp:
            cwd = os.getcwd()
            os.chdir(tmp)
            try:
                for bad in (None, 123, ["a"]):
                    for save in (r.save, risk.save):
                        self.raises(lambda: save(bad), "folder", "expected a path (str or os.PathLike)")
                for save in (r.save, risk.save):
                    self.raises(lambda: save(""), "folder", "expected a path, got an empty string")
                self.assertEqual(os.listdir("."), [])
                r.save(b"bytes-folder")  # a bytes path is a path
                self.assertTrue(os.path.exists(os.path.join("bytes-folder", "summary.json")))
            finally:
                os.chdir(cwd)
        self.raises(lambda: mutualab.sweep(Batches.SWEEP, out=""), "out", "got an empty string")
        self.raises(lambda: mutualab.sweep(Batches.SWEEP, out=5), "out", "expected a path")
        self.raises(lambda: mutualab.risk(book=5), "book", "expected a path")
        self.raises(lambda: mutualab.risk(positions=20, samples=2000, stress=5), "stress", "expected a path")

    def test_text_after_a_nul_byte_is_refused_not_ignored(self):
        self.raises(lambda: mutualab.validate("preset:akerlof-flat-fee", set=["writers/count=5\x00junk"]), "--set",
                    "a NUL byte (\\0) at byte offset 15")
        text = self.raises(lambda: mutualab.validate("preset:akerlof-flat-fee", set=["pool/feeRule/name=flat\x00junk"]),
                           "--set", "flat\\u0000junk")
        self.assertNotIn("\x00", text)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "nul.json")
            with open(os.path.join(SOURCE, "experiments", "presets", "akerlof-flat-fee.json"), "rb") as f:
                preset = f.read()
            with open(path, "wb") as f:
                f.write(preset + b"\x00 this is not JSON at all {{{")
            self.raises(lambda: mutualab.validate(path), None, f"a NUL byte (\\0) at byte offset {len(preset)}")

    def test_file_names_that_are_not_utf8_are_file_names(self):
        # os.listdir gives such a name with lone surrogates; pybind11 could not pass it (a signature
        # error), and the CLI's JSON could not hold it (risk.json, backtest.json).
        with tempfile.TemporaryDirectory() as tmp:
            scenario = os.path.join(tmp, os.fsdecode(b"\xfe.json"))
            with open(os.path.join(SOURCE, "experiments", "presets", "akerlof-flat-fee.json"), "rb") as f:
                preset = f.read()
            with open(scenario, "wb") as f:
                f.write(preset)
            r = mutualab.run(scenario, reps=1, threads=1, set={"sim/steps": 20}, book_at=10)
            self.assertEqual(r.source, scenario)
            run_dir = os.path.join(tmp, os.fsdecode(b"run\xfd"))
            r.save(run_dir)
            book = os.path.join(run_dir, "book.csv")
            risk = mutualab.risk(book=book, samples=2000)
            self.assertEqual(risk.report["book"], book.replace(os.fsdecode(b"\xfd"), "\ufffd"))
            risk.save(os.path.join(tmp, os.fsdecode(b"risk\xfc")))
            backtest = mutualab.backtest(scenario, samples=2000, set={"sim/steps": 20})
            self.assertEqual(backtest.report["scenario"], os.path.join(tmp, "\ufffd.json"))
            self.assertEqual(sorted(os.listdir(tmp)), sorted(os.fsdecode(n) for n in (b"\xfe.json", b"run\xfd", b"risk\xfc")))
            self.assertTrue(os.path.exists(os.path.join(tmp, os.fsdecode(b"risk\xfc"), "risk.json")))
            missing = os.path.join(tmp, os.fsdecode(b"\xfbmissing.json"))
            text = self.raises(lambda: mutualab.run(missing), "scenario", "cannot read scenario file")
            self.assertIn(missing, text)

    def test_risk_and_backtest_errors_name_the_argument(self):
        # The horizon's range before the work it counts (it blamed samples, and read "lower samples=or --positions").
        text = self.raises(lambda: mutualab.risk(positions=20, samples=2000, horizon_days=10**9), "horizon_days",
                           "expected whole days in [1, 3650], got 1000000000")
        text = self.raises(lambda: mutualab.risk(positions=10**7, samples=10**6), "samples", "lower samples or positions")
        self.assertNotIn("--", text)
        self.assertNotIn("samples=or", text)
        text = self.raises(lambda: mutualab.backtest("preset:akerlof-flat-fee", reps=20, samples=200000, threads=1),
                           "samples", "a larger every, a later start, fewer reps")
        self.assertNotIn("--", text)

    def test_numpy_values_are_their_numbers(self):
        plain = mutualab.validate("preset:akerlof-flat-fee", set={"writers/count": 50, "writers/theta/sd": 0.25})
        self.assertEqual(mutualab.validate("preset:akerlof-flat-fee",
                                           set={"writers/count": np.int64(50), "writers/theta/sd": np.float32(0.25)}), plain)
        scenario = mutualab.validate("preset:akerlof-flat-fee")
        scenario["writers"]["count"] = np.int64(50)
        scenario["writers"]["theta"]["sd"] = np.float64(0.25)
        self.assertEqual(mutualab.validate(scenario), plain)
        self.raises(lambda: mutualab.validate("preset:akerlof-flat-fee", set={"writers/count": object()}), "set",
                    "a value of type object")
        self.raises(lambda: mutualab.validate({"name": "x", "sim": {"steps": {1, 2}}}), "scenario", "type set")
        self.raises(lambda: mutualab.validate({"name": "x", "sim": {"stepDays": float("nan")}}), "scenario", "not JSON")
        deep = []
        for _ in range(5000):
            deep = [deep]
        self.raises(lambda: mutualab.validate({"name": deep}), "scenario", "nested too deeply")
        self.raises(lambda: mutualab.sweep({"name": deep}), "spec", "nested too deeply")

    def test_type_errors_name_the_argument(self):
        for series in (None, 5, "no"):
            with self.subTest(series=series):
                self.raises(lambda: mutualab.sweep(Batches.SWEEP, series=series), "series",
                            "expected True, False, 'csv' or 'gz'")
                self.raises(lambda: mutualab.run("preset:akerlof-flat-fee", reps=2, series=series), "series",
                            "expected True or False")
        self.raises(lambda: mutualab.sweep(Batches.SWEEP, resume="no"), "resume", "expected True or False")
        # kind=[]: an empty result, as for any empty array (it priced one call).
        empty = mutualab.price([], 100, 100, 0.2, 1.0)
        self.assertEqual(empty["price"].shape, (0,))
        self.assertEqual(mutualab.price("call", [], 100, 0.2, 1.0)["delta"].shape, (0,))
        self.raises(lambda: mutualab.price("call", None, 100, 0.2, 1.0), "spot", "got None")
        self.raises(lambda: mutualab.price("call", "abc", 100, 0.2, 1.0), "spot", "got 'abc'")
        self.raises(lambda: mutualab.price("call", 100, [100, None], 0.2, 1.0), "strike", "got [100, None]")
        self.raises(lambda: mutualab.price("call", [1, 2, 3], [1, 2], 0.2, 1.0), "strike", "does not broadcast")
        self.raises(lambda: mutualab.price(5, 100, 100, 0.2, 1.0), "kind", "expected 'call' or 'put', got 5")
        # numpy floats are levels (np.float32(0.99) is 0.99 as written).
        r = mutualab.risk(positions=20, samples=2000, levels=np.float32(0.99))
        self.assertEqual(list(r.var_es["level"]), [0.99])
        self.assertEqual(list(mutualab.risk(positions=20, samples=2000, levels=[np.float32(0.9)]).var_es["level"]), [0.9])
        self.raises(lambda: mutualab.risk(positions=20, samples=2000, levels="0.99"), "levels", "expected numbers in (0, 1)")
        # A share outside [0, 1] has no logit or Wilson interval.
        self.raises(lambda: mutualab.ci95("pool_participation", [2, 3, -1]), "values",
                    "values[0] is 2: pool_participation is a share")
        self.raises(lambda: mutualab.ci95("pool_default_probability", [0, 1, 2]), "values", "values[2] is 2")
        self.assertEqual(mutualab.ci95("asi", [-2.0, 3.0])["method"], "t")  # an unbounded metric takes any value
        self.raises(lambda: mutualab.ci95("asi", None), "values", "expected a list or array of numbers, got None")
        self.raises(lambda: mutualab.ci95("asi", [1, None]), "values", "got [1, None]")
        self.raises(lambda: mutualab.ribbons(None, ["asi"]), "series", "expected a DataFrame")
        series = mutualab.run("preset:akerlof-flat-fee", reps=2, set={"sim/steps": 10}).series
        self.raises(lambda: mutualab.ribbons(series, ["asi"], by=["nope"]), "by", "no column 'nope'")
        self.assertEqual(len(mutualab.ribbons(series, "asi", by="replication")), 22)


class Batches(unittest.TestCase):
    SWEEP = {"name": "py", "scenario": "preset:akerlof-flat-fee", "reps": 3, "seed": 2,
             "set": ["sim/steps=50", "writers/count=50"], "grid": {"pool/feeRule/params/loading": [0.1, 0.5]}}
    TOURNAMENT = {"name": "pyt", "scenario": "preset:akerlof-flat-fee", "format": "all-in-one", "reps": 3, "seed": 2,
                  "set": ["sim/steps=40", "writers/count=40"],
                  "strategies": [{"label": "silo", "name": "always-silo"}, {"label": "pool", "name": "always-pool"}],
                  "designs": [{"label": "flat", "set": ["pool/feeRule/name=flat"]}]}

    def test_sweep_is_the_cli_sweep(self):
        with tempfile.TemporaryDirectory() as tmp:
            spec = os.path.join(tmp, "spec.json")
            with open(spec, "w") as f:
                json.dump(self.SWEEP, f)
            code, out = cli("sweep", spec, "--out", os.path.join(tmp, "cli"), "--quiet", "--no-plot")
            self.assertEqual(code, 0, out)
            s = mutualab.sweep(self.SWEEP, series=True)
            pdt.assert_frame_equal(s.table, read(os.path.join(tmp, "cli", "sweep.csv")), check_exact=True)
            self.assertIsNone(s.dir)  # a temporary folder, removed
            self.assertEqual(s.ran, 2)
            self.assertEqual(sorted(s.series["cell"].unique()), [0, 1])
            self.assertEqual(len(s.series), 2 * 3 * 51)
            rib = s.ribbons("pool_participation")
            self.assertEqual(list(rib.columns[:2]), ["cell", "step"])
            swept = {p["path"]: p for p in s.params["params"]}  # params.json: each swept path's human name
            self.assertEqual(swept["pool/feeRule/params/loading"]["name"], "fee rule loading")
            kept = mutualab.sweep(spec, out=os.path.join(tmp, "kept"))
            self.assertEqual(kept.dir, os.path.join(tmp, "kept"))
            self.assertTrue(os.path.exists(os.path.join(tmp, "kept", "sweep.csv")))
            self.assertEqual(mutualab.sweep(spec, out=os.path.join(tmp, "kept"), resume=True).ran, 0)
            self.assertIsNone(kept.paired)  # no baseline, no paired.csv

    def test_a_sweep_warns_of_cells_that_run_the_same_scenario(self):
        # As the CLI's note at a sweep's start (added 2026-12-05): a value written twice.
        spec = dict(self.SWEEP, grid={"pool/feeRule/params/loading": [0.1, "0.1", 0.5]})
        with self.assertWarns(UserWarning) as w:
            s = mutualab.sweep(spec)
        self.assertIn('cell 0 {"pool/feeRule/params/loading":0.1} and cell 1 {"pool/feeRule/params/loading":"0.1"} '
                      "run the same scenario", str(w.warning))
        self.assertEqual(os.path.basename(w.filename), "module_test.py")  # the caller's line, not the package's
        self.assertEqual(s.ran, 3)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            mutualab.sweep(self.SWEEP)  # distinct cells: no warning

    def test_a_resumed_sweep_or_tournament_warns_of_a_damaged_cell_it_runs_again(self):
        # As the CLI's note on --resume: a cell file cut short (a full disk) is
        # run again, and said so, here as a warning at the caller's line.
        for kind, spec in (("sweep", self.SWEEP), ("tournament", self.TOURNAMENT)):
            with self.subTest(kind), tempfile.TemporaryDirectory() as tmp:
                out = os.path.join(tmp, kind)
                runner = getattr(mutualab, kind)
                first = runner(spec, out=out)
                cells = sorted(os.listdir(os.path.join(out, "cells")))
                self.assertEqual(len(cells), first.ran)
                damaged = os.path.join(out, "cells", cells[0])
                with open(damaged, "r+") as f:
                    f.truncate(20)
                with self.assertWarns(UserWarning) as w:
                    again = runner(spec, out=out, resume=True)
                self.assertEqual(str(w.warning), damaged + " is not a complete cell file; running that cell again")
                self.assertEqual(os.path.basename(w.filename), "module_test.py")
                self.assertEqual(again.ran, 1)
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    self.assertEqual(runner(spec, out=out, resume=True).ran, 0)  # nothing damaged now: no warning

    def test_a_sweep_with_a_baseline_has_the_cli_paired_differences(self):
        spec = dict(self.SWEEP, baseline={"pool/feeRule/params/loading": 0.1})
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "spec.json")
            with open(path, "w") as f:
                json.dump(spec, f)
            code, out = cli("sweep", path, "--out", os.path.join(tmp, "cli"), "--no-plot")
            self.assertEqual(code, 0, out)
            self.assertIn("minus  pool/feeRule/params/loading=0.1", out)
            s = mutualab.sweep(spec)
            pdt.assert_frame_equal(s.paired, read(os.path.join(tmp, "cli", "paired.csv")), check_exact=True)
            w = s.paired[s.paired.metric == "welfare_lps"].iloc[0]
            self.assertEqual((w["cell"], w["baseline_cell"], w["n"], w["method"]), (1, 0, 3, "paired t"))
            # The mean difference is the difference of the two cells' means.
            t = s.table.set_index("cell")["welfare_lps"]
            self.assertAlmostEqual(w["difference"], t[1] - t[0], delta=1e-9 * max(1.0, abs(t[0])))

    def test_backtest_is_the_cli_backtest(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "bt")
            code, text = cli("backtest", "preset:akerlof-flat-fee", "--set", "sim/steps=60", "--samples", "1000",
                             "--levels", "0.99,0.95", "--from", "5", "--threads", "2", "--no-plot", "--quiet", "--out", out)
            self.assertEqual(code, 0, text)
            b = mutualab.backtest("preset:akerlof-flat-fee", set=["sim/steps=60"], samples=1000, levels=[0.99, 0.95],
                                  start=5, threads=1)
            with open(os.path.join(out, "backtest.csv")) as f:
                self.assertEqual(b._texts["backtest.csv"], f.read())
            with open(os.path.join(out, "backtest.json")) as f:
                self.assertEqual(b.report, json.load(f))
            self.assertEqual(list(b.levels["level"]), [0.99, 0.95])
            self.assertEqual(len(b.dates), b.report["dates_tested"])
            self.assertEqual(int(b.dates["exception_95"].sum()), int(b.levels["exceptions"][1]))
        with self.assertRaises(mutualab.InputError) as e:
            mutualab.backtest("preset:akerlof-flat-fee", horizon_days=0)
        self.assertEqual(e.exception.path, "horizon_days")
        # Whole numbers as the CLI reads them (2e4 is 20000); the rest named by the parameter.
        a = mutualab.backtest("preset:akerlof-flat-fee", set=["sim/steps=30"], samples=2e3, levels=[0.9], progress=False)
        b = mutualab.backtest("preset:akerlof-flat-fee", set=["sim/steps=30"], samples=2000, levels=[0.9], progress=False)
        pdt.assert_frame_equal(a.dates, b.dates, check_exact=True)
        for kw, message in [({"reps": 2.5}, "reps: expected a whole number, got 2.5"),
                            ({"horizon_days": 10**12}, "horizon_days: expected a whole number of at most 2147483647"),
                            ({"samples": True}, "samples: expected a whole number >= 1, got True"),
                            ({"every": -1}, "every: expected steps between dates >= 1")]:
            with self.assertRaises(mutualab.InputError) as e:
                mutualab.backtest("preset:akerlof-flat-fee", **kw)
            self.assertEqual(e.exception.path, next(iter(kw)))
            self.assertIn(message, str(e.exception))

    def test_risk_history_is_the_cli_history(self):
        # Historical simulation on the example crash (366 days of ETH): the command's files, to the byte.
        crash = os.path.join(SOURCE, "experiments", "examples", "crash.csv")
        with tempfile.TemporaryDirectory() as tmp:
            run = os.path.join(tmp, "run")
            code, text = cli("run", "preset:akerlof-flat-fee", "--reps", "1", "--book-at", "120", "--quiet", "--out", run)
            self.assertEqual(code, 0, text)
            book = os.path.join(run, "book.json")
            out = os.path.join(tmp, "risk")
            code, text = cli("risk", book, "--samples", "2000", "--horizon-days", "5", "--history", crash, "--no-plot",
                             "--quiet", "--out", out)
            self.assertEqual(code, 0, text)
            r = mutualab.risk(book, samples=2000, horizon_days=5, history=crash, threads=1)
            with open(os.path.join(out, "historical.csv")) as f:
                self.assertEqual(r._texts["historical.csv"], f.read())
            with open(os.path.join(out, "risk.json")) as f:
                self.assertEqual(r._texts["risk.json"], f.read())
            self.assertEqual(len(r.historical), 361)  # windows of 5 days starting on days 0..360
            self.assertEqual(list(r.historical.columns), ["start_day", "end_day", "spot_move_ETH", "pool_loss"])
            worst = r.report["historical"]["worst"]
            self.assertEqual(r.historical["pool_loss"].max(), worst["pool_loss"])
            self.assertIsNone(mutualab.risk(book, samples=2000, threads=1).historical)
            filtered = mutualab.risk(book, samples=2000, horizon_days=5, history=crash, filtered=True, threads=1)
            self.assertTrue(filtered.report["historical"]["filtered"])
            self.assertEqual(len(filtered.historical), 361)
            for kw, path, message in [({"horizon_days": 400}, "horizon_days", "expected a horizon at most the last expiry"),
                                      ({"history": os.path.join(tmp, "none.csv")}, "history", "price history"),
                                      ({"horizon_days": 5, "levels": [0.999], "samples": 10000}, "history", "its 361 windows of 5 days leave none beyond level 0.999")]:
                with self.assertRaises(mutualab.InputError) as e:
                    mutualab.risk(book, **{"samples": 2000, "history": crash, **kw})
                self.assertEqual(e.exception.path, path)
                self.assertIn(message, str(e.exception))

    def test_risk_is_the_cli_risk(self):
        with tempfile.TemporaryDirectory() as tmp:
            run = os.path.join(tmp, "run")
            code, text = cli("run", "preset:tiered-pools", "--reps", "1", "--set", "sim/steps=130", "--book-at", "120",
                             "--quiet", "--out", run)
            self.assertEqual(code, 0, text)
            book = os.path.join(run, "book.json")
            out = os.path.join(tmp, "risk")
            code, text = cli("risk", book, "--samples", "4000", "--levels", "0.99,0.9", "--pool", "eth", "--solve",
                             "capital", "--threads", "2", "--no-plot", "--quiet", "--out", out)
            self.assertEqual(code, 0, text)
            r = mutualab.risk(book, samples=4e3, levels=[0.99, 0.9], pool="eth", solve="capital", threads=1)
            for name in r._texts:
                with open(os.path.join(out, name)) as f:
                    self.assertEqual(r._texts[name], f.read(), name)
            self.assertEqual(sorted(os.listdir(out)), sorted([".mutualab-output", *r._texts]))
            # The same book from Python: run(book_at=...) and Run.save give run --book-at's files.
            py = mutualab.run("preset:tiered-pools", reps=1, set=["sim/steps=130"], book_at=120, progress=False)
            self.assertEqual(len(py.book), len(read(os.path.join(run, "book.csv"))))
            py.save(os.path.join(tmp, "pyrun"))
            for name in ("book.csv", "book.json", "summary.json"):
                with open(os.path.join(tmp, "pyrun", name)) as a, open(os.path.join(run, name)) as b:
                    self.assertEqual(a.read(), b.read(), name)
            with self.assertRaises(mutualab.InputError) as e:
                mutualab.run("preset:tiered-pools", reps=1, book_at=10**6)
            self.assertEqual(e.exception.path, "book_at")
            self.assertEqual(list(r.var_es["level"]), [0.99, 0.9])
            # Euler contributions sum to the ES they allocate.
            es = r.var_es["es"][0]
            self.assertAlmostEqual(r.components["component_es_99"].sum(),
                                   es, delta=1e-6 * abs(es))
            self.assertEqual(r.solve["answers"][0]["solver"], "capital")
            self.assertEqual(r.solve["answers"][0]["pool"], "eth")
            self.assertIsNone(r.var_es_pools)  # one pool measured alone
            # The whole book of three pools: each pool's own VaR and ES, and its solvers' answers.
            # A history of the three assets: 121 days, SOL falling 30 % on day 40.
            history = os.path.join(tmp, "three.csv")
            with open(history, "w") as f:
                f.write("time,asset,price\n")
                for t in range(121):
                    f.write(f"{t},ETH,{2000 * 1.01 ** (t % 7)}\n{t},BTC,{40000 * 0.99 ** (t % 5)}\n"
                            f"{t},SOL,{100 * (0.7 if t >= 40 else 1.0) * 1.02 ** (t % 3)}\n")
            whole = mutualab.risk(book, samples=4e3, levels=[0.99], solve="capital", threads=1, reverse_stress=True,
                                  history=history)
            # Each pool's own windows beside the whole book's, which they add up to.
            hs = whole.historical
            self.assertEqual(len(hs), 120)  # 1-day windows starting on days 0..119
            parts = hs["pool_loss_eth"] + hs["pool_loss_btc"] + hs["pool_loss_sol"]
            self.assertLess((parts - hs["pool_loss"]).abs().max(), 1e-9 * hs["pool_loss"].abs().max())
            self.assertEqual([p["name"] for p in whole.report["historical"]["pools"]], ["eth", "btc", "sol"])
            # Reverse stress: 3 assets give 9 directions, 3 tests each; each pool's own layers, so the
            # whole book breaks first in one named pool.
            rs = whole.reverse_stress
            self.assertEqual(len(rs), 27)
            down = rs[(rs["direction"] == "every asset down") & (rs["test"] == "whole_book")].iloc[0]
            self.assertTrue(down["found"])
            self.assertIn(down["pool_name"], ["eth", "btc", "sol"])
            self.assertLess(down["spot_move"], 0)
            self.assertEqual(list(whole.var_es_pools["pool_name"]), ["eth", "btc", "sol"])
            self.assertEqual([a["pool"] for a in whole.solve["answers"]], ["eth", "btc", "sol"])
            self.assertAlmostEqual(whole.var_es_pools["value_now"].sum(), whole.report["value_now"],
                                   delta=1e-9 * abs(whole.report["value_now"]))
            # save() writes the command's files, byte for byte, and refuses someone else's folder.
            r.save(os.path.join(tmp, "saved"))
            for name in r._texts:
                with open(os.path.join(tmp, "saved", name)) as a, open(os.path.join(out, name)) as b:
                    self.assertEqual(a.read(), b.read(), name)
            os.makedirs(os.path.join(tmp, "theirs"))
            with open(os.path.join(tmp, "theirs", "notes.txt"), "w") as f:
                f.write("mine")
            with self.assertRaises(mutualab.InputError) as e:
                r.save(os.path.join(tmp, "theirs"))
            self.assertEqual(e.exception.path, "folder")
            self.assertTrue(os.path.exists(os.path.join(tmp, "theirs", "notes.txt")))
        # A synthetic book, and errors named by the package's arguments.
        s = mutualab.risk(positions=50, samples=2000, levels=0.95)
        self.assertEqual(s.report["positions"], 50)
        for kw, path, message in [({"positions": 10, "samples": 50}, "samples", "must be >= 100"),
                                  ({"positions": 10, "horizon_days": 400}, "horizon_days", "at most the last expiry"),
                                  ({"positions": 10, "pool": "x"}, "pool", "expected one of the book's pools"),
                                  ({"positions": 10, "solve": ["nope"]}, "solve", "nope"),
                                  ({"positions": 10, "book": "b.csv"}, "book", "not both"),
                                  ({"positions": 10, "insurance_fund": -1}, "insurance_fund", "expected an amount in [0, 1e15]")]:
            with self.assertRaises(mutualab.InputError) as e:
                mutualab.risk(**kw)
            self.assertEqual(e.exception.path, path, str(e.exception))
            self.assertIn(message, str(e.exception))

    def test_tournament_is_the_cli_tournament(self):
        with tempfile.TemporaryDirectory() as tmp:
            spec = os.path.join(tmp, "spec.json")
            with open(spec, "w") as f:
                json.dump(self.TOURNAMENT, f)
            code, out = cli("tournament", spec, "--out", os.path.join(tmp, "cli"), "--quiet", "--no-plot")
            self.assertEqual(code, 0, out)
            t = mutualab.tournament(self.TOURNAMENT)
            pdt.assert_frame_equal(t.scores, read(os.path.join(tmp, "cli", "scores.csv")), check_exact=True)
            pdt.assert_frame_equal(t.means, read(os.path.join(tmp, "cli", "series.csv")), check_exact=True)

    def test_a_folder_of_someone_elses_files_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "thesis.tex"), "w") as f:
                f.write("mine")
            with self.assertRaises(mutualab.InputError) as e:
                mutualab.sweep(self.SWEEP, out=tmp)
            self.assertIn("thesis.tex", str(e.exception))
            self.assertTrue(os.path.exists(os.path.join(tmp, "thesis.tex")))


class Threads(unittest.TestCase):
    def test_runs_release_the_gil(self):
        ticks = []
        stop = threading.Event()

        def tick():
            while not stop.is_set():
                ticks.append(1)
                time.sleep(0.001)

        t = threading.Thread(target=tick)
        t.start()
        start = time.monotonic()
        mutualab.run("preset:akerlof-flat-fee", reps=8, threads=1, set={"writers/count": 1000, "sim/steps": 200})
        elapsed = time.monotonic() - start
        stop.set()
        t.join()
        # A thread holding the GIL for the whole run would leave tick() about one turn.
        self.assertGreater(len(ticks), 0.2 * elapsed / 0.001 * 0.5, f"{len(ticks)} ticks in {elapsed:.2f} s")

    def test_ctrl_c_stops_a_run_with_keyboard_interrupt(self):
        code = ("import mutualab, sys\n"
                "def progress(done, total):\n"
                "    print('progress', done, total, flush=True)\n"
                "try:\n"
                "    mutualab.run('preset:akerlof-flat-fee', reps=2000, threads=1, set={'writers/count': 2000}, progress=progress)\n"
                "except KeyboardInterrupt:\n"
                "    print('interrupted', flush=True)\n"
                "    sys.exit(3)\n")
        p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             env=dict(os.environ))
        first = p.stdout.readline()  # the first replication finished: the run is under way
        self.assertTrue(first.startswith("progress "), first)
        sent = time.monotonic()
        p.send_signal(signal.SIGINT)
        out, _ = p.communicate(timeout=30)
        p.stdout.close()
        self.assertEqual(p.returncode, 3, out)
        self.assertIn("interrupted", out)
        self.assertLess(time.monotonic() - sent, 10)


if __name__ == "__main__":
    unittest.main()
