#!/usr/bin/env python3
"""Figure for a `mutualab backtest` output directory (matplotlib, Debian's).

usage: plot_backtest.py DIR

DIR is what `mutualab backtest SCENARIO --out DIR` wrote. Writes DIR/figure.png
(1280x720) and DIR/figure.svg with three panels:
  (a) replication 0's dates: the loss each date's book realized over the horizon
      (bars), against that date's VaR forecast (dashed) and ES (solid) at the first
      level; exceptions (realized > VaR) in red; the market's stress days shaded;
  (b) exceptions at each level against what the level expects, with the counts
      Basel's green zone allows for this many dates (the bar's colour is the zone);
  (c) every date of every replication: realized loss against the VaR forecast at
      the first level; points above the diagonal are exceptions.
Exit code 2 if DIR does not hold backtest results.
"""
import csv
import json
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
# The SVG's element ids from a fixed salt, not a random one: the same
# results draw the same bytes.
matplotlib.rcParams["svg.hashsalt"] = "mutualab"
import matplotlib.pyplot as plt  # noqa: E402

ZONE = {"green": "#2e8b57", "yellow": "#e0a800", "red": "#c0392b"}


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def pct(level):
    """A level as the CSV's column names it: 0.99 -> 99, 0.975 -> 97.5."""
    return f"{round(level * 1e6) / 1e4:g}"


def binomial_quantile(n, p, q):
    """The least x with P(X <= x) >= q, X ~ Binomial(n, p)."""
    if n == 0:
        return 0
    cdf = 0.0
    for x in range(n + 1):
        cdf += math.exp(math.lgamma(n + 1) - math.lgamma(x + 1) - math.lgamma(n - x + 1)
                        + (x * math.log(p) if x else 0.0) + ((n - x) * math.log1p(-p) if n - x else 0.0))
        if cdf >= q:
            return x
    return n


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0 if len(sys.argv) == 2 else 2)
    d = sys.argv[1]
    if not os.path.exists(os.path.join(d, "backtest.json")):
        print(f"plot_backtest.py: {d} holds no backtest.json (is it `mutualab backtest` output?)", file=sys.stderr)
        sys.exit(2)
    with open(os.path.join(d, "backtest.json")) as f:
        meta = json.load(f)
    dates = rows(os.path.join(d, "backtest.csv"))
    levels = meta["levels"]
    first = pct(levels[0]["level"])
    H = meta["horizon_days"]

    fig = plt.figure(figsize=(12.8, 7.2), dpi=100)
    grid = fig.add_gridspec(2, 2, height_ratios=[1.15, 1], width_ratios=[1, 1.25], hspace=0.42, wspace=0.22,
                            left=0.07, right=0.98, top=0.86, bottom=0.09)
    pool = meta["pool"]
    fig.suptitle(f"Backtest of the pool's {H}-day VaR and ES: {meta['scenario']}"
                 + ("" if pool == "all" else f", pool {pool}")
                 + f", {meta['dates_tested']} dates over {meta['replications']} replication(s)", fontsize=13)
    fig.text(0.5, 0.905, "realized loss = V(H) − V(0) of each date's book on the run's own prices and the pool's own "
             "mark; an exception is a date whose realized loss beats that date's VaR", ha="center", fontsize=9,
             color="#444")

    # (a) replication 0 through time.
    ax = fig.add_subplot(grid[0, :])
    rep0 = [r for r in dates if r["replication"] == "0"]
    if rep0:
        day = [float(r["day"]) for r in rep0]
        real = [float(r["realized_loss"]) for r in rep0]
        var = [float(r[f"var_{first}"]) for r in rep0]
        es = [float(r[f"es_{first}"]) for r in rep0]
        hit = [r[f"exception_{first}"] == "1" for r in rep0]
        width = max(0.6, 0.8 * (meta["every_steps"]))
        for x, r in zip(day, rep0):
            if r["regime"] == "stress":
                ax.axvspan(x - 0.5, x + 0.5, color="#f3d9d9", lw=0, zorder=0)
        ax.bar(day, real, width=width, color=["#c0392b" if h else "#8a99a8" for h in hit], zorder=2,
               label="realized loss (red: an exception)")
        ax.step(day, var, where="mid", color="#1f3b73", ls="--", lw=1.3, zorder=3, label=f"VaR {first}%")
        ax.step(day, es, where="mid", color="#6a1b9a", lw=1.0, zorder=3, label=f"ES {first}%")
        ax.axhline(0, color="black", lw=0.6)
        if any(r["regime"] == "stress" for r in rep0):
            ax.axvspan(0, 0, color="#f3d9d9", label="stress regime")
        if "shock_step" in meta:
            ax.axvline(meta["shock_step"], color="black", ls=":", lw=1.2, label="scheduled shock")
        ax.legend(fontsize=8, loc="upper left", ncol=5, framealpha=0.95)
        lo = min(min(real), 0)
        hi = max(max(real), max(es))
        ax.set_ylim(lo - 0.05 * (hi - lo), hi + 0.22 * (hi - lo))
    ax.set_xlabel("day of the run (the date each forecast was made)", fontsize=9)
    ax.set_ylabel(f"loss over {H} day(s), currency", fontsize=9)
    n0 = len(rep0)
    x0 = sum(r[f"exception_{first}"] == "1" for r in rep0)
    ax.set_title(f"(a) replication 0: {n0} dates, {x0} exception(s) at {first}%", fontsize=10, loc="left")

    # (b) exceptions per level against the green zone.
    bx = fig.add_subplot(grid[1, 0])
    xs = range(len(levels))
    bx.bar(xs, [l["exceptions"] for l in levels], color=[ZONE[l["traffic_light"]] for l in levels], width=0.55,
           label="exceptions (colour: Basel zone)", zorder=2)
    tops = []
    for i, l in enumerate(levels):
        n, p = l["dates"], 1 - l["level"]
        green_top = binomial_quantile(n, p, 0.95) - 1 if n else 0  # the most exceptions still green
        tops += [green_top, l["expected_exceptions"], l["exceptions"]]
        bx.plot([i - 0.38, i + 0.38], [l["expected_exceptions"]] * 2, color="black", lw=1.5, zorder=3,
                label="expected, dates × (1 − level)" if i == 0 else None)
        bx.plot([i - 0.38, i + 0.38], [max(green_top, 0)] * 2, color=ZONE["green"], ls="--", lw=1.2, zorder=3,
                label="most still green" if i == 0 else None)
    # Each level's counts and test under its name, clear of the bars and lines.
    bx.set_xticks(list(xs))
    bx.set_xticklabels([f"{pct(l['level'])}%: {l['exceptions']} of {l['dates']}\n"
                        f"Kupiec p {l['kupiec']['p_value']:.2f}, {l['traffic_light']}" for l in levels], fontsize=8)
    bx.set_ylim(0, max(tops + [1]) * 1.6 + 0.5)
    bx.set_ylabel("dates with an exception", fontsize=9)
    bx.legend(fontsize=8, loc="upper left", framealpha=0.95, ncol=2)
    bx.set_title("(b) exceptions at each VaR level", fontsize=10, loc="left")

    # (c) realized against forecast, every date.
    cx = fig.add_subplot(grid[1, 1])
    var = [float(r[f"var_{first}"]) for r in dates]
    real = [float(r["realized_loss"]) for r in dates]
    hit = [r[f"exception_{first}"] == "1" for r in dates]
    cx.scatter([v for v, h in zip(var, hit) if not h], [x for x, h in zip(real, hit) if not h], s=8, color="#8a99a8",
               label="within VaR", zorder=2)
    cx.scatter([v for v, h in zip(var, hit) if h], [x for x, h in zip(real, hit) if h], s=14, color="#c0392b",
               label="exception", zorder=3)
    if var:
        # The diagonal over the forecasts' range: a shock's loss far above it stretches only the y axis.
        cx.plot([0, max(var)], [0, max(var)], color="black", lw=0.8, label="realized = VaR")
    cx.axhline(0, color="black", lw=0.4)
    cx.set_xlabel(f"VaR {first}% forecast, currency", fontsize=9)
    cx.set_ylabel("realized loss, currency", fontsize=9)
    # Where the points are fewest (exceptions lie above the diagonal, a shock far above).
    cx.legend(fontsize=8, loc="best", framealpha=0.95)
    cx.set_title(f"(c) every date: realized loss against its VaR {first}%", fontsize=10, loc="left")

    fig.savefig(os.path.join(d, "figure.png"))
    fig.savefig(os.path.join(d, "figure.svg"), metadata={"Date": None})


if __name__ == "__main__":
    main()
