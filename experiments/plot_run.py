#!/usr/bin/env python3
"""Plot one or more mutualab runs side by side.

    python3 experiments/plot_run.py OUT DIR [DIR ...]

Each DIR is what `mutualab run ... --out DIR` wrote: DIR/timeseries.csv (per
step, mean over replications) and DIR/summary.json. The figure has one line
(or bar) per run:

  (a) adverse selection index over time
  (b) pool participation of the safest, middle and riskiest theta deciles
  (c) fee rate quoted by the pool, % of notional
  (d) LP capital in the pool and the insurance fund
  (e) final pool participation by theta decile (last quarter of the run,
      with 95% confidence intervals over replications)

When a DIR holds series.csv (every replication's path, which `mutualab run`
writes) and the mutualab Python package is importable, panels (a), (c) and
(d) draw each line's 95% interval over replications as a ribbon, by the
metric's own method (`mutualab metrics`; the same intervals as summary.json).

Writes OUT.png (150 dpi, 256-colour palette) and OUT.svg. Needs only matplotlib and numpy
(Debian's python3-matplotlib), and for ribbons the mutualab package
(PYTHONPATH=build/release/python, or cmake --install build/release --component python). Exit codes: 0 ok, 2 bad input (a missing
directory or file, or a file that is not mutualab output).
"""

import argparse
import csv
import io
import json
import math
import os
import sys

NEEDED_COLUMNS = ("day", "asi", "participation_d1", "participation_d5", "participation_d10",
                  "fee_rate", "pool_capital", "insurance_fund")


class InputProblem(Exception):
    """Bad input: reported on stderr with exit code 2."""


def read_timeseries(path):
    """Columns of a timeseries.csv as lists of floats; empty cells are NaN."""
    try:
        with open(path, newline="") as f:
            rows = list(csv.reader(f))
    except OSError as e:
        raise InputProblem(f"cannot read {path}: {e.strerror}") from None
    if len(rows) < 2:
        raise InputProblem(f"{path} has no data rows")
    header = rows[0]
    missing = [c for c in NEEDED_COLUMNS if c not in header]
    if missing:
        raise InputProblem(f"{path} lacks column(s) {', '.join(missing)}; is it a mutualab timeseries.csv?")
    cols = {name: [] for name in header}
    for lineno, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(header):
            raise InputProblem(f"{path}:{lineno}: {len(row)} cells, header has {len(header)}")
        for name, cell in zip(header, row):
            try:
                cols[name].append(float(cell) if cell.strip() else math.nan)
            except ValueError:
                raise InputProblem(f"{path}:{lineno}: column {name}: not a number: {cell!r}") from None
    return cols


def read_summary(path):
    try:
        with open(path) as f:
            return json.load(f)
    except OSError as e:
        raise InputProblem(f"cannot read {path}: {e.strerror}") from None
    except json.JSONDecodeError as e:
        raise InputProblem(f"{path} is not valid JSON: {e}") from None


def load_run(run_dir):
    if not os.path.isdir(run_dir):
        raise InputProblem(f"no such directory: {run_dir} (run `mutualab run ... --out {run_dir}` first)")
    ts_path = os.path.join(run_dir, "timeseries.csv")
    sm_path = os.path.join(run_dir, "summary.json")
    for p in (ts_path, sm_path):
        if not os.path.isfile(p):
            raise InputProblem(f"missing file: {p}")
    ts = read_timeseries(ts_path)
    summary = read_summary(sm_path)
    scenario = summary.get("scenario") or {}
    fee_rule = ((scenario.get("pool") or {}).get("feeRule") or {}).get("name", "?")
    shock = scenario.get("shock") or {}
    step_days = (scenario.get("sim") or {}).get("stepDays", 1.0)
    deciles = summary.get("participation_by_theta_decile")
    if not isinstance(deciles, list) or len(deciles) != 10:
        raise InputProblem(f"{sm_path} lacks participation_by_theta_decile (10 numbers)")
    deciles_ci = (summary.get("ci95") or {}).get("participation_by_theta_decile") or [None] * 10
    return {
        "dir": run_dir,
        "name": summary.get("scenario_name") or os.path.basename(os.path.normpath(run_dir)),
        "reps": summary.get("reps", "?"),
        "seed": summary.get("seed", "?"),
        "fee_rule": fee_rule,
        "shock_day": shock.get("step", -1) * step_days if shock.get("step", -1) >= 0 else None,
        "ts": ts,
        "deciles": [math.nan if v is None else float(v) for v in deciles],
        "deciles_ci": deciles_ci,
    }


RIBBON_METRICS = ("asi", "fee_rate", "pool_capital", "insurance_fund")


def load_ribbons(run_dir, rows):
    """Per-step 95% intervals over replications of RIBBON_METRICS, from DIR/series.csv[.gz]:
    {metric: (lo, hi)} aligned with timeseries.csv's rows; None without a series file."""
    import gzip
    import mutualab  # ImportError is the caller's to report
    for name, opener in (("series.csv", open), ("series.csv.gz", gzip.open)):
        path = os.path.join(run_dir, name)
        if os.path.isfile(path):
            break
    else:
        return None
    values = {m: [[] for _ in range(rows)] for m in RIBBON_METRICS}
    with opener(path, "rt", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        missing = [c for c in ("step",) + RIBBON_METRICS if c not in header]
        if missing:
            raise InputProblem(f"{path} lacks column(s) {', '.join(missing)}; is it a mutualab series.csv?")
        at = {c: header.index(c) for c in ("step",) + RIBBON_METRICS}
        for lineno, row in enumerate(reader, start=2):
            try:
                step = int(row[at["step"]])
                for m in RIBBON_METRICS:
                    cell = row[at[m]]
                    if cell and 0 <= step < rows:
                        values[m][step].append(float(cell))
            except (ValueError, IndexError):
                raise InputProblem(f"{path}:{lineno}: not a row of numbers") from None
    out = {}
    for m in RIBBON_METRICS:
        lo, hi = [], []
        for xs in values[m]:
            c = mutualab.ci95(m, xs) if xs else {"lo": None, "hi": None}
            lo.append(math.nan if c["lo"] is None else c["lo"])
            hi.append(math.nan if c["hi"] is None else c["hi"])
        out[m] = (lo, hi)
    return out


def smooth(values, window):
    """Trailing moving average over `window` rows, ignoring NaN (NaN where all are NaN)."""
    if window <= 1:
        return values
    out = []
    for i in range(len(values)):
        chunk = [v for v in values[max(0, i - window + 1):i + 1] if not math.isnan(v)]
        out.append(sum(chunk) / len(chunk) if chunk else math.nan)
    return out


def plot(runs, out_base, smooth_rows, title):
    import matplotlib
    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "mutualab"  # fixed SVG ids: same results, same bytes
    import matplotlib.pyplot as plt
    from matplotlib.gridspec import GridSpec, GridSpecFromSubplotSpec
    from matplotlib.lines import Line2D
    import numpy as np

    plt.rcParams.update({
        "font.size": 9, "axes.titlesize": 10, "axes.labelsize": 9, "legend.fontsize": 8,
        "xtick.labelsize": 8, "ytick.labelsize": 8, "axes.spines.top": False, "axes.spines.right": False,
        "axes.grid": True, "grid.alpha": 0.3, "grid.linewidth": 0.6, "svg.fonttype": "none",
    })
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    names = [r["name"] for r in runs]
    unique = len(set(names)) == len(names)
    for i, r in enumerate(runs):
        r["color"] = colors[i % len(colors)]
        base = r["name"] if unique else f"{r['name']} ({r['dir']})"
        r["label"] = f"{base}: fee rule {r['fee_rule']}, {r['reps']} reps, seed {r['seed']}"

    fig = plt.figure(figsize=(11, 11.5), constrained_layout=True)
    legend_rows = 1 if len(runs) <= 2 else len(runs)
    gs = GridSpec(4, 2, figure=fig, height_ratios=[0.06 * legend_rows + 0.04, 1, 1, 0.9])
    ax_leg = fig.add_subplot(gs[0, :])
    ax_leg.axis("off")
    ax_asi = fig.add_subplot(gs[1, 0])
    ax_dec = fig.add_subplot(gs[1, 1], sharex=ax_asi)
    ax_fee = fig.add_subplot(gs[2, 0], sharex=ax_asi)
    sub = GridSpecFromSubplotSpec(2, 1, subplot_spec=gs[2, 1], hspace=0.08)
    ax_cap = fig.add_subplot(sub[0], sharex=ax_asi)
    ax_fund = fig.add_subplot(sub[1], sharex=ax_asi)
    ax_bar = fig.add_subplot(gs[3, :])

    def series(r, col, scale=1.0):
        return [v * scale for v in smooth(r["ts"][col], smooth_rows)]

    def ribbon(ax, r, col, scale=1.0):
        if r.get("ribbons") is None:
            return
        lo, hi = r["ribbons"][col]
        ax.fill_between(r["ts"]["day"], [v * scale for v in lo], [v * scale for v in hi], color=r["color"],
                        alpha=0.22, lw=0)

    decile_styles = (("participation_d1", "-", "safest (decile 1)"),
                     ("participation_d5", "--", "middle (decile 5)"),
                     ("participation_d10", ":", "riskiest (decile 10)"))
    for r in runs:
        day, c = r["ts"]["day"], r["color"]
        ribbon(ax_asi, r, "asi")
        ax_asi.plot(day, series(r, "asi"), color=c, lw=1.3, label=r["label"])
        for col, ls, _ in decile_styles:
            ax_dec.plot(day, series(r, col, 100), color=c, ls=ls, lw=1.3)
        ribbon(ax_fee, r, "fee_rate", 100)
        ax_fee.plot(day, series(r, "fee_rate", 100), color=c, lw=1.3)
        ribbon(ax_cap, r, "pool_capital", 1e-3)
        ax_cap.plot(day, series(r, "pool_capital", 1e-3), color=c, lw=1.3)
        ribbon(ax_fund, r, "insurance_fund")
        ax_fund.plot(day, series(r, "insurance_fund"), color=c, lw=1.3, ls="--")
        if r["shock_day"] is not None:
            for ax in (ax_asi, ax_dec, ax_fee, ax_cap, ax_fund):
                ax.axvline(r["shock_day"], color=c, lw=0.8, ls="-.", alpha=0.7)

    last_day = max(max((d for d in r["ts"]["day"] if not math.isnan(d)), default=1.0) for r in runs)
    ax_asi.set_xlim(0, last_day)
    ax_asi.axhline(0, color="0.4", lw=0.8)
    ax_asi.set_title("(a) Adverse selection index of pooled risk")
    ax_asi.set_ylabel("ASI (sd of theta; 0 = no selection)")
    ax_asi.set_xlabel("time (days)")

    ax_dec.set_title("(b) Pool participation by theta decile")
    ax_dec.set_ylabel("writers whose latest choice is pool (%)")
    ax_dec.set_xlabel("time (days)")
    ax_dec.set_ylim(-3, 103)
    ax_dec.legend(handles=[Line2D([], [], color="0.25", ls=ls, lw=1.3, label=lab) for _, ls, lab in decile_styles],
                  loc="lower left", frameon=False)

    ax_fee.set_title("(c) Fee quoted by the pool")
    ax_fee.set_ylabel("fee (% of notional per position)")
    ax_fee.set_xlabel("time (days)")
    ax_fee.set_ylim(bottom=0)

    ax_cap.set_title("(d) LP capital in the pool and insurance fund")
    ax_cap.set_ylabel("LP capital\n(thousand currency)")
    ax_cap.tick_params(labelbottom=False)
    ax_fund.set_ylabel("insurance fund\n(currency)")
    ax_fund.set_xlabel("time (days)")
    ax_fund.set_ylim(bottom=0)

    x = np.arange(10)
    width = 0.8 / len(runs)
    for i, r in enumerate(runs):
        pos = x - 0.4 + width * (i + 0.5)
        vals = np.array(r["deciles"]) * 100
        lo_err, hi_err = [], []
        for v, ci in zip(vals, r["deciles_ci"]):
            if ci is None or math.isnan(v):
                lo_err.append(0.0)
                hi_err.append(0.0)
            else:
                lo_err.append(max(v - ci[0] * 100, 0.0))
                hi_err.append(max(ci[1] * 100 - v, 0.0))
        ax_bar.bar(pos, np.nan_to_num(vals), width * 0.95, color=r["color"], label=r["label"],
                   yerr=[lo_err, hi_err], capsize=2, error_kw={"lw": 0.8, "ecolor": "0.2"})
    ax_bar.set_xticks(x, [f"{d + 1}" + (" (safest)" if d == 0 else " (riskiest)" if d == 9 else "")
                          for d in range(10)])
    ax_bar.set_xlabel("theta decile (private tail type, 1 = safest)")
    ax_bar.set_ylabel("pool participation (%)")
    ax_bar.set_ylim(0, 105)
    ax_bar.set_title("(e) Final pool participation by theta decile (last quarter of the run, 95% CI over replications)")
    ax_bar.grid(axis="x", visible=False)

    handles = [Line2D([], [], color=r["color"], lw=2, label=r["label"]) for r in runs]
    if any(r["shock_day"] is not None for r in runs):
        handles.append(Line2D([], [], color="0.3", lw=0.8, ls="-.", label="market shock"))
    ax_leg.legend(handles=handles, loc="center", ncol=1 if legend_rows > 1 else len(handles), frameon=False,
                  fontsize=9)
    note = "lines: per-step mean over replications"
    if any(r.get("ribbons") is not None for r in runs):
        note += "; ribbons in (a), (c), (d): per-step 95% CI over replications"
    if smooth_rows > 1:
        note += f", {smooth_rows}-step trailing average"
    fig.suptitle(title or "mutualab: " + " vs ".join(names), fontsize=12, fontweight="bold")
    # Under the legend, where it cannot run into panel (e)'s axis label.
    ax_leg.text(0.5, 0.0, note, ha="center", va="top", transform=ax_leg.transAxes, fontsize=7.5, color="0.4")

    out_dir = os.path.dirname(out_base)
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
    png, svg = f"{out_base}.png", f"{out_base}.svg"
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150)
    # Line art needs few colours: a 256-colour palette PNG is a third of the size and looks the same.
    from PIL import Image
    buf.seek(0)
    Image.open(buf).convert("RGB").quantize(colors=256).save(png, optimize=True)
    fig.savefig(svg, metadata={"Date": None})  # no date: same results, same bytes
    plt.close(fig)
    return [png, svg]


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="plot_run.py",
        description="Compare mutualab runs in one multi-panel figure: ASI, participation of the safest/middle/"
                    "riskiest theta deciles, fee rate, LP capital and insurance fund over time, and final "
                    "participation by theta decile. Writes OUT.png and OUT.svg.",
        epilog="Example: python3 experiments/plot_run.py out/akerlof-vs-risk-based "
               "out/akerlof-flat-fee out/risk-based-fee\nExit codes: 0 ok, 2 bad input.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", metavar="OUT", help="output path without extension (OUT.png and OUT.svg are written)")
    parser.add_argument("dirs", metavar="DIR", nargs="+", help="run directories written by `mutualab run --out DIR`")
    parser.add_argument("--smooth", type=int, default=1, metavar="STEPS",
                        help="trailing moving average over this many steps for the time panels (default 1 = raw)")
    parser.add_argument("--title", default=None, help="figure title (default: the scenario names)")
    parser.add_argument("--no-ribbons", action="store_true",
                        help="do not draw the 95%% ribbons from DIR/series.csv (they are off with --smooth)")
    args = parser.parse_args(argv)
    if args.smooth < 1:
        parser.error("--smooth must be >= 1")
    for ext in (".png", ".svg"):
        if args.out.endswith(ext):
            args.out = args.out[: -len(ext)]
    try:
        runs = [load_run(d) for d in args.dirs]
    except InputProblem as e:
        print(f"plot_run.py: error: {e}", file=sys.stderr)
        return 2
    try:
        import matplotlib  # noqa: F401
        import numpy  # noqa: F401
    except ImportError as e:
        print(f"plot_run.py: error: {e.name} is not installed for {sys.executable}; bash scripts/setup.sh "
              "installs Debian's python3-matplotlib and python3-numpy for /usr/bin/python3", file=sys.stderr)
        return 1
    if not args.no_ribbons and args.smooth == 1:
        try:
            for r in runs:
                r["ribbons"] = load_ribbons(r["dir"], len(r["ts"]["day"]))
        except ImportError:
            print("plot_run.py: note: no 95% ribbons: the mutualab Python package is not importable by "
                  f"{sys.executable} (PYTHONPATH=build/release/python, or cmake --install build/release "
                  "--component python)", file=sys.stderr)
            for r in runs:
                r["ribbons"] = None
        except InputProblem as e:
            print(f"plot_run.py: error: {e}", file=sys.stderr)
            return 2
    for path in plot(runs, args.out, args.smooth, args.title):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
