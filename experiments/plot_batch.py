#!/usr/bin/env python3
"""Figures for a sweep or tournament output directory (Debian's matplotlib).

DIR is what `mutualab sweep` or `mutualab tournament` wrote. With no options
it writes DIR/figure.png and DIR/figure.svg (what the commands draw
themselves); run it again with options to choose metrics, log axes and
formats.

Tournament: ranked scores with 95% CIs per design, ASI and pool
participation over time per design, and (ecological) strategy shares.

Sweep: each metric's mean over replications with its 95% CI; where the spec
names a baseline, also DIR/paired.png (and .svg): each cell minus its
baseline with its paired 95% CI (paired.csv), a panel per metric
(--metrics, default pool_participation, adverse_selection_index,
welfare_lps, pool_default_probability).
  grid, 1-2 parameters  x = the numeric parameter with the most values
                        (column order on a tie), one line per value of the
                        other;
  grid, 3+ parameters   the same, as small multiples: one row of panels per
                        combination of the remaining parameters;
  explicit cells        one point per cell label (alone: a bar per label;
                        crossed with a grid: one line per label against the
                        grid's parameter chosen as above, small multiples
                        for the rest);
  random                each metric against each sampled parameter.
Titles come from the spec's name; axis labels are the parameters' names and
units from DIR/params.json (written by `mutualab sweep`; the path is used
for older outputs). Values that are JSON objects or arrays are labelled by
what differs between them ("credibility, k=5"), shortened to fit.

Exit code 2, with a message, when DIR holds no results or an option is bad.
"""
import argparse
import csv
import json
import math
import os
import sys

DEFAULT_METRICS = ["adverse_selection_index", "pool_participation", "loss_ratio", "lp_return_mean"]
# Known metrics: axis label and the factor that turns the CSV's fractions into what the label says.
METRIC_LABELS = {
    "adverse_selection_index": ("ASI (sd of theta)", 1),
    "pool_participation": ("pool participation (%)", 100),
    "loss_ratio": ("pool loss ratio (losses / fees)", 1),
    "lp_return_mean": ("LP return (% per year)", 100),
    "lp_cvar5": ("LP CVaR 5% (% per year)", 100),
    "lp_volatility": ("LP return volatility (% per year)", 100),
    "lp_max_drawdown": ("LP max drawdown (%)", 100),
    "pool_default_probability": ("pool default probability (%)", 100),
    "unraveling_step": ("unraveling step", 1),
    "fee_rate": ("fee rate (per notional)", 1),
    "pooled_share": ("pooled share (%)", 100),
    "unraveled_share": ("replications unraveled (%)", 100),
    "buyer_shortfall": ("buyers' unpaid claims (currency)", 1),
    "insurance_fund_final": ("insurance fund at the end (currency)", 1),
    "loss_lp": ("losses paid by LP capital (currency)", 1),
    "loss_insurance": ("losses paid by the insurance fund (currency)", 1),
    "loss_backstop": ("losses paid by the backstop (currency)", 1),
    "trades": ("positions written", 1),
    "admission_declined": ("quotes declined by admission's VaR test", 1),
    "admission_utilization_max": ("peak admission liability / capital", 1),
    "admission_over_steps": ("steps ending with liability over capital", 1),
    "welfare_lps": ("LP profit (currency per replication)", 1),
    "welfare_writers": ("writer profit (currency per replication)", 1),
    "welfare_buyers": ("buyer surplus (currency per replication)", 1),
}
# The paired figure's default: the differences a designer reads first.
PAIRED_METRICS = ["pool_participation", "adverse_selection_index", "welfare_lps", "pool_default_probability"]
FORMATS = ("png", "svg", "pdf")
MAX_TICK_LABEL = 22  # characters on a slanted x tick; longer labels are shortened with an ellipsis
MAX_LABEL = 40  # characters in a legend or beside a bar, where there is more room


class BadInput(Exception):
    """Bad input: the message says what was expected and what was found (exit 2)."""


def num(s):
    try:
        v = float(s)
        return v if math.isfinite(v) else math.nan
    except (TypeError, ValueError):
        return math.nan


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def spec_name(d):
    """The spec's name (params.json, then spec.json), else the folder's name."""
    for f in ("params.json", "spec.json"):
        j = read_json(os.path.join(d, f))
        if isinstance(j, dict) and isinstance(j.get("name"), str) and j["name"]:
            return j["name"]
    return os.path.basename(os.path.normpath(d))


def shorten(text, width=MAX_TICK_LABEL):
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def compact(v, items=3):
    """A value in few characters: 2.0 -> "2", a list -> "[0.5,0.8,1,…]"."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        v = int(v)
    if isinstance(v, list):
        shown = [compact(x) for x in v[:items]]
        return "[" + ",".join(shown) + (",\u2026" if len(v) > items else "") + "]"
    if isinstance(v, dict):
        return json.dumps(v, separators=(",", ":"))
    return str(v)


def flatten(obj, prefix=""):
    """{"name": "flat", "params": {"loading": 0.2}} -> {"name": "flat", "params.loading": 0.2}."""
    out = {}
    for k, v in obj.items():
        if isinstance(v, dict) and v:
            out.update(flatten(v, prefix + k + "."))
        else:
            out[prefix + k] = v
    return out


def short_labels(values, width=MAX_TICK_LABEL):
    """Readable labels for CSV values: JSON objects by the fields whose values
    differ among them ("credibility, k=5": a "name" shows as itself, nested
    keys by their last part), arrays shortened ("[0.5,0.8,1,…]"), anything
    longer than `width` cut with an ellipsis."""
    parsed = []
    for v in values:
        try:
            parsed.append(json.loads(v) if v[:1] in "{[" else None)
        except ValueError:
            parsed.append(None)
    flat = [flatten(p) if isinstance(p, dict) else None for p in parsed]
    objects = [f for f in flat if f is not None]
    differing = set()
    if objects:
        keys = set().union(*(f.keys() for f in objects))
        differing = {k for k in keys if len({json.dumps(f.get(k), sort_keys=True) for f in objects}) > 1}
    out = {}
    for v, p, f in zip(values, parsed, flat):
        if f is not None:
            keys = [k for k in f if k in differing] or list(f)
            keys.sort(key=lambda k: (k != "name", k))  # a name first, as itself
            text = ", ".join(compact(f[k]) if k == "name" else f"{k.split('.')[-1]}={compact(f[k])}" for k in keys) or "{}"
        elif isinstance(p, list):
            text = compact(p, items=4)
        else:
            text = v if v != "" else "(not set)"
        out[v] = shorten(text, width)
    return out


def save(fig, d, formats, stem="figure"):
    """Each format to a temporary file, then renamed: no half-written figure."""
    written = []
    for ext in formats:
        # No date in the SVG's or PDF's metadata: the same results give the same bytes.
        meta = {"Date": None} if ext in ("svg", "pdf") else {}
        final = os.path.join(d, stem + "." + ext)
        tmp = final + ".tmp"
        fig.savefig(tmp, format=ext, dpi=140, bbox_inches="tight", metadata=meta)
        os.replace(tmp, final)
        written.append(final)
    print("wrote " + "  ".join(written))


# ---------------------------------------------------------------- tournament


def tournament(d, opts, plt):
    scores = rows(os.path.join(d, "scores.csv"))
    if not scores:
        raise BadInput(f"{os.path.join(d, 'scores.csv')} has no rows")
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
        ax.set_title(title + " over time\n(mean over cells and replications)")
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
    fig.suptitle("tournament " + spec_name(d))
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.25 / fig.get_figheight()))
    save(fig, d, opts.formats)


# --------------------------------------------------------------------- sweep


class Sweep:
    """sweep.csv with what params.json says about its columns."""

    def __init__(self, d):
        self.data = rows(os.path.join(d, "sweep.csv"))
        if not self.data:
            raise BadInput(f"{os.path.join(d, 'sweep.csv')} has no cells")
        header = list(self.data[0].keys())
        meta = read_json(os.path.join(d, "params.json")) or {}
        self.kind = meta.get("kind") or "grid"
        self.info = {p["path"]: p for p in meta.get("params", []) if isinstance(p, dict) and "path" in p}
        self.has_label = "label" in header
        cis = {k[:-3] for k in header if k.endswith("_lo")}
        self.metrics = [k for k in header if k in cis]
        if self.info:
            self.params = [p for p in self.info if p in header]
        else:  # an older sweep.csv: the columns between `cell` and the first metric
            first = header.index(self.metrics[0]) if self.metrics else len(header)
            self.params = [k for k in header[1:first] if k != "label"]
        if not self.params and not self.has_label:
            raise BadInput("no swept parameter columns in sweep.csv")
        self.cell_params = [p for p in self.params if self.info.get(p, {}).get("from") == "cells"]
        self.grid_params = [p for p in self.params if p not in self.cell_params]
        spec = read_json(os.path.join(d, "spec.json")) or {}
        self.reps = spec.get("reps", 10) if isinstance(spec, dict) else 10
        self.name = spec_name(d)

    def axis_label(self, path):
        p = self.info.get(path)
        if not p:
            return path
        unit = p.get("unit")
        return p["name"] + (f" ({unit})" if unit and unit != p["name"] else "")

    def values(self, col):
        return list(dict.fromkeys(r[col] for r in self.data))


def metric_label(m):
    return METRIC_LABELS.get(m, (m, 1))


def interval(r, m, scale):
    y = num(r[m]) * scale
    lo, hi = num(r.get(m + "_lo")), num(r.get(m + "_hi"))
    below = max(0.0, y - lo * scale) if not math.isnan(lo) and not math.isnan(y) else 0.0
    above = max(0.0, hi * scale - y) if not math.isnan(hi) and not math.isnan(y) else 0.0
    return y, below, above


def check_options(sw, opts):
    """Every option against this sweep, before anything is drawn."""
    metrics = opts.metrics or DEFAULT_METRICS
    unknown = [m for m in metrics if m not in sw.metrics]
    if unknown:
        raise BadInput(f"--metrics: no metric {', '.join(repr(m) for m in unknown)} in sweep.csv; "
                       f"valid: {', '.join(sw.metrics)}")
    if opts.log_y:
        for m in metrics:
            bad = [num(r[m]) for r in sw.data if not math.isnan(num(r[m])) and num(r[m]) <= 0]
            if bad:
                raise BadInput(f"--log-y: metric '{m}' has values <= 0 (lowest {min(bad):g}); "
                               "a log axis cannot show them; drop --log-y or choose positive metrics with --metrics")
    return metrics


def panel_rows(sw, keys):
    """One entry per combination of `keys`' values, in the CSV's order."""
    if not keys:
        return [({}, sw.data)]
    combos = list(dict.fromkeys(tuple(r[k] for k in keys) for r in sw.data))
    labels = {k: short_labels(sw.values(k), MAX_LABEL) for k in keys}
    out = []
    for combo in combos:
        sel = [r for r in sw.data if tuple(r[k] for k in keys) == combo]
        out.append(({k: labels[k][v] for k, v in zip(keys, combo)}, sel))
    return out


def combo_title(sw, combo):
    return ", ".join(f"{sw.axis_label(k)} = {v}" for k, v in combo.items())


def check_log_x(sw, x, numeric, opts):
    if not opts.log_x:
        return
    if not numeric:
        raise BadInput(f"--log-x: the x axis, {sw.axis_label(x)}, is not numeric")
    bad = [num(v) for v in sw.values(x) if num(v) <= 0]
    if bad:
        raise BadInput(f"--log-x: the x axis, {sw.axis_label(x)}, has values <= 0 (lowest {min(bad):g})")


def lines_figure(sw, plt, metrics, x, group, panel_keys, opts, group_title):
    """x = a parameter; one line per value of `group`; small multiples over `panel_keys`."""
    xs_all = sw.values(x)
    numeric = all(not math.isnan(num(v)) for v in xs_all)
    check_log_x(sw, x, numeric, opts)
    x_labels = short_labels(xs_all)
    groups = sw.values(group) if group else [None]
    g_labels = short_labels([g for g in groups if g is not None], MAX_LABEL) if group else {}
    panels = panel_rows(sw, panel_keys)
    if panel_keys:
        nrows, ncols = len(panels), len(metrics)
    else:
        ncols = 1 if len(metrics) == 1 else 2
        nrows = (len(metrics) + ncols - 1) // ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.6 * ncols + 0.6, 3.9 * nrows + 0.8), squeeze=False,
                             sharex=True, sharey="col" if panel_keys else False)
    handles = {}
    spots = ([(i, j, panels[i], metrics[j]) for i in range(nrows) for j in range(ncols)] if panel_keys else
             [(k // ncols, k % ncols, panels[0], metrics[k]) for k in range(len(metrics))])
    for i, j, (combo, sel_rows), m in spots:
        ax = axes[i][j]
        label, scale = metric_label(m)
        for gi, g in enumerate(groups):
            sel = [r for r in sel_rows if g is None or r[group] == g]
            if numeric:
                sel = sorted(sel, key=lambda r: num(r[x]))
                px = [num(r[x]) for r in sel]
            else:  # categories, each series nudged aside so CI bars do not hide each other
                off = (gi - (len(groups) - 1) / 2) * min(0.12, 0.6 / max(1, len(groups)))
                px = [xs_all.index(r[x]) + off for r in sel]
            pts = [interval(r, m, scale) for r in sel]
            h = ax.errorbar(px, [p[0] for p in pts], yerr=[[p[1] for p in pts], [p[2] for p in pts]], marker="o",
                            ms=4, capsize=3, lw=1.3, ls="-" if numeric else "none",
                            label=g_labels.get(g) if g is not None else None)
            if g is not None:
                handles.setdefault(g_labels[g], h)
        if not numeric:
            ax.set_xticks(range(len(xs_all)))
            ax.set_xlim(-0.5, len(xs_all) - 0.5)
            slant = len(xs_all) > 4 or max(len(x_labels[v]) for v in xs_all) > 10
            ax.set_xticklabels([x_labels[v] for v in xs_all], rotation=25 if slant else 0, ha="right" if slant else "center")
        if opts.log_x:  # ticks at the swept values, written plainly (0.4, not 4x10^-1)
            ax.set_xscale("log")
            ax.set_xticks([num(v) for v in xs_all], [x_labels[v] for v in xs_all])
            ax.xaxis.set_minor_formatter(plt.NullFormatter())
        if opts.log_y:
            ax.set_yscale("log")
        if i == nrows - 1 or not panel_keys:
            ax.set_xlabel(sw.axis_label(x))
        ax.set_ylabel(label)
        if combo:
            ax.set_title(shorten(combo_title(sw, combo), 60), fontsize=9)
        ax.grid(alpha=0.3)
    for k in range(len(spots), nrows * ncols):
        axes[k // ncols][k % ncols].set_visible(False)
    if handles:
        fig.legend(list(handles.values()), list(handles.keys()), title=group_title, loc="upper center",
                   bbox_to_anchor=(0.5, 0.0), ncol=len(handles) if len(handles) <= 6 else 4, fontsize=9, frameon=False)
    return fig


def bars_figure(sw, plt, metrics, opts):
    """Explicit cells alone: one horizontal bar (mean, 95% CI) per cell label, a panel per metric."""
    labels = sw.values("label")
    short = short_labels(labels, MAX_LABEL)
    ncols = 1 if len(metrics) == 1 else 2
    nrows = (len(metrics) + ncols - 1) // ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(6.2 * ncols + 0.6, (0.42 * len(labels) + 1.6) * nrows + 0.6),
                             squeeze=False)
    by = {r["label"]: r for r in sw.data}
    for k, m in enumerate(metrics):
        ax = axes[k // ncols][k % ncols]
        label, scale = metric_label(m)
        pts = [interval(by[lab], m, scale) for lab in labels]
        ax.barh(range(len(labels)), [p[0] for p in pts], xerr=[[p[1] for p in pts], [p[2] for p in pts]],
                capsize=3, color=[f"C{i % 10}" for i in range(len(labels))], height=0.6)
        ax.set_yticks(range(len(labels)))
        ax.set_yticklabels([short[lab] for lab in labels])
        ax.invert_yaxis()
        ax.axvline(0, color="black", lw=0.6)
        ax.set_xlabel(label)
        if opts.log_y:  # the metric's axis is horizontal here
            ax.set_xscale("log")
        ax.grid(alpha=0.3, axis="x")
    for k in range(len(metrics), nrows * ncols):
        axes[k // ncols][k % ncols].set_visible(False)
    return fig


def scatter_figure(sw, plt, metrics, opts):
    """Random sweeps: each metric (rows) against each sampled parameter (columns)."""
    params = [p for p in sw.params if not math.isnan(num(sw.data[0][p]))] or sw.params[:1]
    for p in params:
        check_log_x(sw, p, all(not math.isnan(num(v)) for v in sw.values(p)), opts)
    fig, axes = plt.subplots(len(metrics), len(params), figsize=(4.6 * len(params) + 0.6, 3.4 * len(metrics) + 0.8),
                             squeeze=False, sharey="row")
    for i, m in enumerate(metrics):
        label, scale = metric_label(m)
        for j, p in enumerate(params):
            ax = axes[i][j]
            pts = [interval(r, m, scale) for r in sw.data]
            ax.errorbar([num(r[p]) for r in sw.data], [q[0] for q in pts], yerr=[[q[1] for q in pts], [q[2] for q in pts]],
                        fmt="o", ms=3, capsize=2, lw=0.8, alpha=0.8)
            if opts.log_x:
                ax.set_xscale("log")
            if opts.log_y:
                ax.set_yscale("log")
            if i == len(metrics) - 1:
                ax.set_xlabel(sw.axis_label(p))
            if j == 0:
                ax.set_ylabel(label)
            ax.grid(alpha=0.3)
    return fig


def x_first(sw, params):
    """The parameters in the order they are drawn: the x axis first (numeric
    ones before text, more values first, column order on a tie), then the
    one that makes the lines, then those that make the small multiples."""
    def key(p):
        vals = sw.values(p)
        return (any(math.isnan(num(v)) for v in vals), -len(vals))
    return sorted(params, key=key)


def sweep(d, opts, plt):
    sw = Sweep(d)
    metrics = check_options(sw, opts)
    if opts.log_x and sw.has_label and not sw.grid_params:
        raise BadInput("--log-x: explicit cells without a grid have no parameter axis (one bar per cell); use --log-y")
    if sw.kind == "random":
        fig, what = scatter_figure(sw, plt, metrics, opts), "each metric against each sampled parameter"
    elif sw.has_label and not sw.grid_params:
        fig, what = bars_figure(sw, plt, metrics, opts), "one bar per cell"
    elif sw.has_label:
        order = x_first(sw, sw.grid_params)
        fig = lines_figure(sw, plt, metrics, order[0], "label", order[1:], opts, "cell")
        what = "one line per cell" + ("; a row of panels per " + " and ".join(sw.axis_label(k) for k in order[1:]) if order[1:] else "")
    else:
        order = x_first(sw, sw.params)
        x, group = order[0], (order[1] if len(order) > 1 else None)
        fig = lines_figure(sw, plt, metrics, x, group, order[2:], opts, sw.axis_label(group) if group else None)
        what = f"lines by {sw.axis_label(group)}" if group else ""
        if order[2:]:
            what += "; a row of panels per " + " and ".join(sw.axis_label(k) for k in order[2:])
    detail = f"mean and 95% CI over {sw.reps} replications" + (f"; {what}" if what else "")
    fig.suptitle(f"sweep {sw.name}\n{detail}", fontsize=12)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / fig.get_figheight()))  # room for the two-line title
    save(fig, d, opts.formats)
    if os.path.exists(os.path.join(d, "paired.csv")):
        paired_figure(d, sw, opts, plt)


def paired_figure(d, sw, opts, plt):
    """A sweep with a baseline: each cell minus its baseline, paired by
    replication, with its 95% CI (paired.csv), a panel per metric and a row
    per cell; filled where the interval excludes 0."""
    data = rows(os.path.join(d, "paired.csv"))
    if not data:
        return
    have = list(dict.fromkeys(r["metric"] for r in data))
    metrics = [m for m in (opts.metrics or PAIRED_METRICS) if m in have]
    if not metrics:
        print(f"plot_batch.py: no paired figure: paired.csv has none of {', '.join(opts.metrics or PAIRED_METRICS)}",
              file=sys.stderr)
        return
    by_cell = {r["cell"]: r for r in sw.data}
    cells = list(dict.fromkeys(r["cell"] for r in data))
    bases = list(dict.fromkeys(r["baseline_cell"] for r in data))

    def name(cell, keys):
        r = by_cell[cell]
        parts = [r["label"]] if sw.has_label else []
        parts += [f"{k.rsplit('/', 1)[-1]}={r[k]}" for k in keys]
        return ", ".join(parts)

    # A row is named by its label and every grid value; the baseline by its
    # label, or by the grid values all baselines share (what it fixes).
    short = short_labels([name(c, sw.grid_params) for c in cells], MAX_LABEL)
    names = [short[name(c, sw.grid_params)] for c in cells]
    fixed = [k for k in sw.grid_params if len({by_cell[b][k] for b in bases}) == 1]
    base_names = sorted({name(b, [] if sw.has_label else fixed) for b in bases})

    ncols = 1 if len(metrics) == 1 else 2
    nrows = (len(metrics) + ncols - 1) // ncols
    height = min(8.4, max(2.2, 0.36 * len(cells) + 1.3)) * nrows + 0.9
    fig, axes = plt.subplots(nrows, ncols, figsize=(6.4 * ncols + 0.8, height), squeeze=False, sharey=True)
    # A colour per design (a cell's label; a grid's baseline parameter's value otherwise), so the
    # rows of one design read as one.
    design = [by_cell[c]["label"] if sw.has_label else ", ".join(by_cell[c][k] for k in fixed) for c in cells]
    colour = {g: f"C{i % 10}" for i, g in enumerate(dict.fromkeys(design))}
    for k, m in enumerate(metrics):
        ax = axes[k // ncols][k % ncols]
        label, scale = metric_label(m)
        pts = {r["cell"]: r for r in data if r["metric"] == m}
        for i, c in enumerate(cells):
            r = pts.get(c)
            if r is None or math.isnan(num(r["difference"])):
                continue
            x, lo, hi = num(r["difference"]) * scale, num(r["lo"]) * scale, num(r["hi"]) * scale
            excludes = not math.isnan(lo) and (lo > 0 or hi < 0)
            err = [[max(0.0, x - lo)], [max(0.0, hi - x)]] if not math.isnan(lo) else None
            col = colour[design[i]]
            ax.errorbar([x], [i], xerr=err, fmt="o", ms=5, capsize=3, lw=1.2, color=col, mfc=col if excludes else "white")
        ax.axvline(0, color="black", lw=0.8)
        ax.set_yticks(range(len(cells)))
        ax.set_yticklabels(names)
        ax.set_ylim(len(cells) - 0.5, -0.5)  # the first cell on top (the axes are shared: no toggling invert)
        unit = "points of %" if scale == 100 else label[label.find("(") + 1:-1] if "(" in label else ""
        ax.set_xlabel(f"difference in {label.split(' (')[0]}" + (f" ({unit})" if unit else ""))
        ax.grid(alpha=0.3, axis="x")
    for k in range(len(metrics), nrows * ncols):
        axes[k // ncols][k % ncols].set_visible(False)
    fig.suptitle(f"sweep {sw.name}: each cell minus its baseline ({'; '.join(base_names)})\n"
                 f"paired replication by replication over {sw.reps} replications, 95% CI; filled where it excludes 0",
                 fontsize=12)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / fig.get_figheight()))
    save(fig, d, opts.formats, stem="paired")


# ----------------------------------------------------------------------- CLI


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="plot_batch.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
               "  python3 experiments/plot_batch.py out/sweep-fee-loading\n"
               "  python3 experiments/plot_batch.py out/sweep-fee-loading --metrics lp_return_mean,lp_cvar5 --formats pdf\n"
               "  python3 experiments/plot_batch.py out/sweep-x --log-x --formats png,svg,pdf\n"
               "metrics are sweep.csv's columns that have _lo/_hi intervals (`mutualab metrics` explains them);\n"
               f"the default is {','.join(DEFAULT_METRICS)}.")
    p.add_argument("dir", metavar="DIR", help="a folder written by `mutualab sweep` or `mutualab tournament`")
    p.add_argument("--metrics", metavar="A,B", help="sweeps: the metrics to draw, comma-separated, in this order")
    p.add_argument("--log-x", action="store_true", help="sweeps: log scale on the parameter axis (positive numbers only)")
    p.add_argument("--log-y", action="store_true", help="sweeps: log scale on the metric axis (metrics with positive values only)")
    p.add_argument("--formats", metavar="F,G", default="png,svg",
                   help="figure formats among png, svg, pdf, comma-separated (default png,svg): DIR/figure.EXT each")
    opts = p.parse_args(argv)
    formats = [f.strip().lower() for f in opts.formats.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if not formats or bad:
        p.error(f"--formats: expected some of {', '.join(FORMATS)}, got '{opts.formats}'")
    opts.formats = list(dict.fromkeys(formats))
    if opts.metrics is not None:
        opts.metrics = list(dict.fromkeys(m.strip() for m in opts.metrics.split(",") if m.strip()))
        if not opts.metrics:
            p.error("--metrics: expected metric names separated by commas, got an empty list")
    return opts


def main(argv=None):
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    d = opts.dir
    try:
        if not os.path.isdir(d):
            raise BadInput(f"{d} is not a folder")
        is_tournament = os.path.exists(os.path.join(d, "scores.csv"))
        if not is_tournament and not os.path.exists(os.path.join(d, "sweep.csv")):
            raise BadInput(f"{d} holds neither scores.csv (tournament) nor sweep.csv (sweep)")
        if is_tournament and (opts.metrics or opts.log_x or opts.log_y):
            raise BadInput("--metrics, --log-x and --log-y apply to sweeps; " + d + " holds a tournament")
        import matplotlib

        matplotlib.use("Agg")
        matplotlib.rcParams["svg.hashsalt"] = "mutualab"  # fixed SVG ids: same results, same bytes
        import matplotlib.pyplot as plt

        (tournament if is_tournament else sweep)(d, opts, plt)
    except BadInput as e:
        print(f"plot_batch.py: {e}", file=sys.stderr)
        sys.exit(2)
    except (KeyError, IndexError) as e:
        print(f"plot_batch.py: {d}: a results file lacks an expected column or row ({e}); "
              "was it written by this version of mutualab?", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
