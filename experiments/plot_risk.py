#!/usr/bin/env python3
"""Figure for a `mutualab risk` output directory (matplotlib, Debian's).

usage: plot_risk.py DIR

DIR is what `mutualab risk BOOK --out DIR` wrote. Writes DIR/figure.png
(1280x720) and DIR/figure.svg with three panels:
  (a) the distribution of the pool's loss over the horizon (loss_histogram.csv),
      with VaR (dashed) and ES (solid) at each level and their 95% CIs (bands);
  (b) Cover-1 and Cover-2 requirements per stress scenario (stress.csv), and what
      the pool owes on its whole book, V(H) (black dashes), against the layers that
      cover them: insurance fund, then pool capital, then backstop (with several
      pools none: each pays only its own part, in risk.json); an x marks what
      leaves some of it unpaid;
  (c) the ten largest Euler contributions to ES at the first level (components.csv).
Exit code 2 if DIR does not hold risk results.
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
import matplotlib.ticker  # noqa: E402


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def plain(text):
    """A name as matplotlib shows it literally: a $ would start math text."""
    return str(text).replace("$", r"\$")


def money(x):
    """An amount as a legend reads it: whole units, cents below 100, and
    significant digits where those would be too long (1e10) or show nothing (2e-4)."""
    if abs(x) >= 1e8 or (x != 0 and abs(x) < 0.01):
        return f"{x:.3g}"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}"


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0 if len(sys.argv) == 2 else 2)
    d = sys.argv[1]
    if not os.path.exists(os.path.join(d, "risk.json")):
        print(f"plot_risk.py: {d} holds no risk.json (is it `mutualab risk` output?)", file=sys.stderr)
        sys.exit(2)
    with open(os.path.join(d, "risk.json")) as f:
        risk = json.load(f)
    hist = rows(os.path.join(d, "loss_histogram.csv"))
    stress = rows(os.path.join(d, "stress.csv"))
    comps = rows(os.path.join(d, "components.csv"))

    fig = plt.figure(figsize=(12.8, 7.2), dpi=100)
    grid = fig.add_gridspec(2, 2, width_ratios=[1.3, 1], height_ratios=[1.15, 1], hspace=0.62, wspace=0.2)
    ax = fig.add_subplot(grid[:, 0])
    lo = [float(r["bin_lo"]) for r in hist]
    hi = [float(r["bin_hi"]) for r in hist]
    n = [int(r["samples"]) for r in hist]
    total = max(sum(n), 1)
    ax.bar(lo, [c / total for c in n], width=[h - l for l, h in zip(lo, hi)], align="edge", color="#9ab6d3",
           edgecolor="#6d8fb3", linewidth=0.3, label="samples")
    ax.set_yscale("log")
    # The legend gets a band of its own above the bars, and the VaR and ES
    # lines stop below it, so no line or band hides behind it: a column per
    # level (VaR over ES), then the mean and the samples.
    levels = risk["levels"]
    # With --history, each level's VaR by historical simulation too (a third entry a level).
    historical = risk.get("historical")
    per_level = 3 if historical else 2
    ncol = len(levels) + 1 if len(levels) <= 3 else 3
    rows_needed = math.ceil((per_level * len(levels) + 2) / ncol)
    top = 1 - (0.045 * rows_needed + 0.03)  # the lines' and bars' share of the axes' height
    shares = [c / total for c in n if c > 0]
    if shares:
        y_lo, y_hi = min(shares) / 2, max(shares) * 1.5
        ax.set_ylim(y_lo, y_lo * (y_hi / y_lo) ** (1 / top))
    # One colour per level up to eight (kMaxRiskLevels is 16: beyond eight they repeat).
    colors = ["#c0392b", "#8e44ad", "#d35400", "#16a085", "#2471a3", "#b7950b", "#6e2c00", "#ad1457"]
    for i, lv in enumerate(levels):
        c = colors[i % len(colors)]
        q = f"{100 * lv['level']:g}%"
        ax.axvspan(lv["var_ci95"][0], lv["var_ci95"][1], ymax=top, color=c, alpha=0.12)
        ax.axvline(lv["var"], ymax=top, color=c, linestyle="--", linewidth=1.4, label=f"VaR {q} = {money(lv['var'])}")
        ax.axvspan(lv["es_ci95"][0], lv["es_ci95"][1], ymax=top, color=c, alpha=0.12)
        ax.axvline(lv["es"], ymax=top, color=c, linestyle="-", linewidth=1.6, label=f"ES {q} = {money(lv['es'])}")
        if historical:
            hv = historical["levels"][i]["var"]
            ax.axvline(hv, ymax=top, color=c, linestyle="-.", linewidth=1.2, label=f"historical VaR {q} = {money(hv)}")
    ax.axvline(risk["mean_loss"], ymax=top, color="black", linewidth=0.8, linestyle=":",
               label=f"mean = {money(risk['mean_loss'])}")
    ax.set_xlabel(f"pool loss over {risk['horizon_days']} day(s), currency (V(H) - V(0); > 0 is a loss)")
    ax.set_ylabel("share of samples (log scale)")
    # The legend's band lies above a share of 1: no ticks there.
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(
        lambda y, _: "" if y > 1.0001 else matplotlib.ticker.LogFormatterSciNotation()(y)))
    note = "bands: 95% CIs (VaR: order statistics, ES: delta method)"
    if historical:
        note += f"; dash-dot: {historical['windows']:,} windows of history"
    ax.set_title(f"(a) loss distribution: {risk['positions']} position{'' if risk['positions'] == 1 else 's'}, {risk['samples']:,} samples\n"
                 + note, fontsize=10)
    ax.legend(fontsize=8, loc="upper center", ncol=ncol, framealpha=0.95, columnspacing=1.0, handlelength=1.8)
    ax.grid(alpha=0.3)

    bx = fig.add_subplot(grid[0, 1])
    # "spot -40% vol x2.5" -> "-40% x2.5": the axis label says what the parts are.
    names = [plain(r["scenario"].replace("spot ", "").replace("vol ", "").replace("scenario shock: ", "shock ")
                   .replace("every asset ", "all ")) for r in stress]
    c1 = [float(r["cover1_requirement"]) for r in stress]
    c2 = [float(r["cover2_requirement"]) for r in stress]
    x = range(len(names))
    bx.bar([i - 0.2 for i in x], c1, width=0.4, label="Cover-1", color="#e67e22")
    bx.bar([i + 0.2 for i in x], c2, width=0.4, label="Cover-2", color="#c0392b")
    # What the pool owes on its whole book in the same scenario, V(H) (owed
    # with or without defaults; an option's value is never negative). A
    # folder from before pool_value has only the loss L, which can be.
    whole = [float(r["pool_value"] if "pool_value" in r else r["pool_loss"]) for r in stress]
    label = "whole book V(H)" if stress and "pool_value" in stress[0] else "whole book L"
    bx.scatter([i for i, v in zip(x, whole) if v > 0], [v for v in whole if v > 0], marker="_", s=120, color="black",
               linewidths=1.5, label=label, zorder=3)
    # What a scenario leaves unpaid after every layer: an x on its bar. With
    # several pools each pays only its own part from its own layers, so a
    # bar below the summed layers' lines can still leave buyers unpaid.
    # Half a micro-unit or more (cash is counted in micro-units): a deep
    # out-of-the-money option's 1e-30 is nothing a ledger could pay.
    def unpaid(key):
        return [float(r.get(key) or 0) >= 0.5e-6 for r in stress]
    marks = [(i - 0.2, v) for i, (v, u) in enumerate(zip(c1, unpaid("cover1_uncovered"))) if u]
    marks += [(i + 0.2, v) for i, (v, u) in enumerate(zip(c2, unpaid("cover2_uncovered"))) if u]
    marks += [(i, v) for i, (v, u) in enumerate(zip(whole, unpaid("pool_value_uncovered"))) if u and v > 0]
    if marks:
        bx.scatter([m[0] for m in marks], [m[1] for m in marks], marker="x", s=40, color="#8e44ad", linewidths=1.5,
                   label="leaves some unpaid", zorder=4)
    # With several pools each pays only its own part from its own layers:
    # their sum would draw a line a bar can sit below and still leave one
    # pool's buyers unpaid, so no layer lines then; the x marks say it.
    several = "pools" in (risk.get("whole_book") or {})
    cap = risk["capital"]
    fund, pool, back = cap["insurance_fund"], cap["pool_capital"], cap["backstop"]
    layers = [] if several else [(fund, "insurance fund", ":"), (fund + pool, "+ pool capital", "--"),
                                 (fund + pool + back, "+ backstop", "-")]
    shown = []
    for level, label, style in layers:
        if level > 0 and level not in shown:  # a layer of 0 adds no line
            shown.append(level)
            bx.axhline(level, color="#2c3e50", linestyle=style, linewidth=1, label=f"{label}: {money(level)}")
    # Requirements and capital can be orders of magnitude apart: a log scale shows both.
    positive = [v for v in c1 + c2 + whole + shown if v > 0]
    if positive and max(positive) > 20 * min(positive):
        bx.set_yscale("log")
        bx.set_ylim(min(positive) / 2, max(positive) * 60)  # room for the legend above the bars
    bx.set_xticks(list(x))
    bx.set_xticklabels(names, rotation=90, fontsize=7)
    bx.set_xlabel("scenario: spot move, volatility multiplier", fontsize=8)
    bx.set_ylabel("stressed value owed\nbeyond collateral, currency", fontsize=9)
    bx.set_title("(b) Cover-1 / Cover-2 by stress scenario" +
                 ("\neach pool pays its part from its own layers, then the backstop (risk.json)" if several else ""),
                 fontsize=10)
    bx.legend(fontsize=7, loc="upper left", ncol=2, framealpha=0.9)
    bx.grid(alpha=0.3, axis="y")

    cx = fig.add_subplot(grid[1, 1])
    lv0 = risk["levels"][0]
    key = f"component_es_{100 * lv0['level']:g}"
    top = sorted(comps, key=lambda r: -float(r[key]))[:10]
    cx.barh([f"writer {r['writer']}" for r in top][::-1], [float(r[key]) for r in top][::-1], color="#2980b9")
    cx.set_xlabel("contribution to ES, currency", fontsize=9)
    # An ES of 0 (a book that cannot lose at the level) has no shares to give.
    share = (f"{sum(float(r[key]) for r in top) / lv0['es'] * 100:.0f}% of ES" if lv0["es"]
             else "ES is 0: no contributions")
    cx.set_title(f"(c) largest Euler contributions to ES {100 * lv0['level']:g}% "
                 f"(top {len(top)}: {share})", fontsize=10)
    cx.tick_params(axis="y", labelsize=7)
    cx.grid(alpha=0.3, axis="x")

    alone = f", pool {plain(str(risk['pool']))}" if risk.get("pool", "all") != "all" else ""
    fig.suptitle(f"mutualab risk: {plain(os.path.basename(str(risk['book'])))}{alone}, horizon {risk['horizon_days']} day(s), "
                 f"model value of the pool's cover now {money(risk['value_now'])}", fontsize=11)
    fig.subplots_adjust(left=0.06, right=0.98, top=0.88, bottom=0.09)
    for ext in ("png", "svg"):
        meta = {"Date": None} if ext == "svg" else {}
        fig.savefig(os.path.join(d, "figure." + ext), dpi=100, metadata=meta)
    print("wrote " + os.path.join(d, "figure.png") + " and figure.svg")


if __name__ == "__main__":
    main()
