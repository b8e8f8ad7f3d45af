#!/usr/bin/env python3
"""Figures for a sweep or tournament output directory (matplotlib, Debian's).

usage: plot_batch.py DIR

DIR is what `mutualab sweep` or `mutualab tournament` wrote. Writes
DIR/figure.png and DIR/figure.svg:
  tournament - ranked scores with 95% CIs per design, ASI and pool
               participation over time per design, and (ecological) the
               evolution of strategy shares;
  sweep      - ASI, participation, loss ratio and LP return against the
               first swept parameter (one line per value of the second),
               with 95% CI bars.
Exit code 2 if DIR does not hold sweep or tournament results.
"""
import csv
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def num(s):
    try:
        v = float(s)
        return v if math.isfinite(v) else math.nan
    except (TypeError, ValueError):
        return math.nan


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def save(fig, d):
    for ext in ("png", "svg"):
        # No date in the SVG's metadata: the same results give the same bytes.
        meta = {"Date": None} if ext == "svg" else {}
        fig.savefig(os.path.join(d, "figure." + ext), dpi=140, bbox_inches="tight", metadata=meta)
    print("wrote " + os.path.join(d, "figure.png") + " and figure.svg")


def tournament(d):
    scores = rows(os.path.join(d, "scores.csv"))
    series = rows(os.path.join(d, "series.csv")) if os.path.exists(os.path.join(d, "series.csv")) else []
    shares = rows(os.path.join(d, "shares.csv")) if os.path.exists(os.path.join(d, "shares.csv")) else []
    designs = list(dict.fromkeys(r["design"] for r in scores))
    strategies = list(dict.fromkeys(r["strategy"] for r in scores))
    n_panels = 3 + (1 if shares else 0)
    fig = plt.figure(figsize=(13, 4.2 * ((n_panels + 1) // 2) + 1))
    ax = fig.add_subplot((n_panels + 1) // 2, 2, 1)
    width = 0.8 / max(1, len(designs))
    for i, des in enumerate(designs):
        by = {r["strategy"]: r for r in scores if r["design"] == des}
        ys = [num(by[s]["score"]) for s in strategies]
        lo = [num(by[s]["score"]) - num(by[s]["score_lo"]) for s in strategies]
        hi = [num(by[s]["score_hi"]) - num(by[s]["score"]) for s in strategies]
        err = [[0 if math.isnan(x) else x for x in lo], [0 if math.isnan(x) else x for x in hi]]
        ax.barh([k + i * width for k in range(len(strategies))], ys, height=width, xerr=err, capsize=2, label=des)
    ax.set_yticks([k + width * (len(designs) - 1) / 2 for k in range(len(strategies))])
    ax.set_yticklabels(strategies)
    ax.invert_yaxis()
    ax.axvline(0, color="black", lw=0.6)
    ax.set_xlabel("score: writer profit on capital (% per year), 95% CI")
    ax.set_title("(a) strategy scores by design")
    ax.legend(title="design", fontsize=8)
    for j, (col, title, ylabel) in enumerate([("asi", "(b) adverse selection index", "ASI (sd of theta)"),
                                              ("pool_participation", "(c) pool participation", "% of writers")]):
        ax = fig.add_subplot((n_panels + 1) // 2, 2, 2 + j)
        for des in designs:
            pts = [(int(r["step"]), num(r[col])) for r in series if r["design"] == des]
            scale = 100.0 if col == "pool_participation" else 1.0
            ax.plot([p[0] for p in pts], [p[1] * scale for p in pts], label=des)
        ax.set_xlabel("step")
        ax.set_ylabel(ylabel)
        ax.set_title(title + " over time (mean over cells and replications)")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    if shares:
        ax = fig.add_subplot((n_panels + 1) // 2, 2, 4)
        styles = ["-", "--", ":", "-."]
        for i, des in enumerate(designs):
            for s in strategies:
                pts = [(int(r["generation"]), num(r["share"])) for r in shares if r["design"] == des and r["strategy"] == s]
                ax.plot([p[0] for p in pts], [100 * p[1] for p in pts], styles[i % len(styles)], label=f"{s} ({des})")
        ax.set_xlabel("generation")
        ax.set_ylabel("share of writers (%)")
        ax.set_title("(d) ecological: strategy shares by generation")
        ax.legend(fontsize=6, ncol=2)
        ax.grid(alpha=0.3)
    fig.suptitle("mutualab tournament: " + os.path.basename(os.path.normpath(d)))
    fig.tight_layout()
    save(fig, d)


def sweep(d):
    data = rows(os.path.join(d, "sweep.csv"))
    if not data:
        sys.exit("plot_batch.py: sweep.csv has no cells")
    fixed = {"cell"}
    metric_cols = set()
    for k in data[0]:
        if k.endswith("_lo") or k.endswith("_hi"):
            metric_cols.add(k[:-3])
    params = [k for k in data[0] if k not in fixed and k not in metric_cols and not k.endswith(("_lo", "_hi"))
              and not k.startswith("participation_d") and k != "unraveled_share"]
    if not params:
        sys.exit("plot_batch.py: no swept parameter columns in sweep.csv")
    x, group = params[0], (params[1] if len(params) > 1 else None)
    metrics = [("adverse_selection_index", "ASI (sd of theta)", 1), ("pool_participation", "pool participation (%)", 100),
               ("loss_ratio", "pool loss ratio (losses / fees)", 1), ("lp_return_mean", "LP return (% per year)", 100)]
    fig, axes = plt.subplots(2, 2, figsize=(12, 8))
    groups = list(dict.fromkeys(r[group] for r in data)) if group else [None]
    xs_all = list(dict.fromkeys(r[x] for r in data))
    numeric = all(not math.isnan(num(v)) for v in xs_all)
    for ax, (m, label, scale) in zip(axes.flat, metrics):
        for g in groups:
            sel = [r for r in data if g is None or r[group] == g]
            if numeric:
                sel.sort(key=lambda r: num(r[x]))
                px = [num(r[x]) for r in sel]
            else:
                px = [xs_all.index(r[x]) for r in sel]
            y = [num(r[m]) * scale for r in sel]
            lo = [max(0.0, (num(r[m]) - num(r[m + "_lo"])) * scale) if not math.isnan(num(r[m + "_lo"])) else 0 for r in sel]
            hi = [max(0.0, (num(r[m + "_hi"]) - num(r[m])) * scale) if not math.isnan(num(r[m + "_hi"])) else 0 for r in sel]
            ax.errorbar(px, y, yerr=[lo, hi], marker="o", capsize=3, label=(f"{group} = {g}" if g is not None else None))
        if not numeric:
            ax.set_xticks(range(len(xs_all)))
            ax.set_xticklabels(xs_all, rotation=20)
        ax.set_xlabel(x)
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
        if group:
            ax.legend(fontsize=7)
    fig.suptitle("mutualab sweep: " + os.path.basename(os.path.normpath(d)) + " (mean and 95% CI over replications)")
    fig.tight_layout()
    save(fig, d)


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0 if len(sys.argv) == 2 else 2)
    d = sys.argv[1]
    if os.path.exists(os.path.join(d, "scores.csv")):
        tournament(d)
    elif os.path.exists(os.path.join(d, "sweep.csv")):
        sweep(d)
    else:
        print(f"plot_batch.py: {d} holds neither scores.csv (tournament) nor sweep.csv (sweep)", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
