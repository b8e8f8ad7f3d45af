#!/usr/bin/python3
"""Figure of docs/designing-fees.md: the menu-vs-flat sweep against the flat fee.

Usage: /usr/bin/python3 experiments/plot_menu_sweep.py SWEEP_DIR FLAT_RUN_DIR OUT.png
SWEEP_DIR is what `mutualab sweep experiments/sweeps/menu-vs-flat.json` wrote;
FLAT_RUN_DIR is `mutualab run preset:akerlof-flat-fee` with the sweep's seed and reps.
"""
import glob, json, os, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

sweep, flat_dir, out = sys.argv[1:4]
RATE, DED = "pool/menu/0/feeRule/params/rate", "pool/menu/1/collateralRatio"
cells = {}
for f in glob.glob(os.path.join(sweep, "cells", "cell-*.json")):
    c = json.load(open(f))
    p = dict(o.split("=", 1) for o in c["identity"]["overrides"])
    cells[(float(p[RATE]), float(p[DED]))] = c["result"]
flat = json.load(open(os.path.join(flat_dir, "summary.json")))
rates = sorted({k[0] for k in cells})
deds = sorted({k[1] for k in cells})

def full(r):  # the 'full' contract's entry of summary.json's menu
    return next(m for m in r["menu"] if m["contract"] == "full")

panels = [  # title, y label, value and CI of a result, scale, flat's value and CI, reference line
    ("(a) pool participation, last quarter", "% of writers",
     lambda r: (r["pool_participation"], r["ci95"]["pool_participation"]), 100, "pool_participation", None),
    ("(b) positions taking full cover", "% of all positions written",
     lambda r: (full(r)["share"], full(r)["ci95"]["share"]), 100, None, None),
    ("(c) 'full' contract's loss ratio", "claims / fees",
     lambda r: (full(r)["loss_ratio"], full(r)["ci95"]["loss_ratio"]), 1, "loss_ratio", 1.0),
    ("(d) LP return", "% per year",
     lambda r: (r["lp_return_mean"], r["ci95"]["lp_return_mean"]), 100, "lp_return_mean", 0.0),
]
fig, axes = plt.subplots(2, 2, figsize=(10, 7))
for ax, (title, ylabel, get, scale, flat_key, ref) in zip(axes.flat, panels):
    for d in deds:
        ys, lo, hi = [], [], []
        for x in rates:
            v, ci = get(cells[(x, d)])
            v = float("nan") if v is None else v
            ci = ci or [v, v]
            ys.append(v * scale); lo.append((v - ci[0]) * scale); hi.append((ci[1] - v) * scale)
        ax.errorbar(rates, ys, yerr=[lo, hi], marker="o", capsize=3,
                    label=f"menu, deductible collateral {d:g} x max loss")
    if flat_key:
        v, ci = flat[flat_key], flat["ci95"][flat_key]
        ax.axhline(v * scale, color="black", ls="--", lw=1.2, label="flat fee (akerlof-flat-fee)")
        ax.axhspan(ci[0] * scale, ci[1] * scale, color="black", alpha=0.08)
    if ref is not None:
        ax.axhline(ref * scale, color="grey", ls=":", lw=1)
    ax.set_title(title, fontsize=11)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("'full' contract's fee rate (per unit notional)")
    ax.set_xticks(rates)
    ax.grid(alpha=0.3)
axes[0, 0].legend(fontsize=8, loc="center right")
fig.suptitle(f"Screening menu vs flat fee: mean and 95% CI over {flat['reps']} replications, seed {flat['seed']}",
             fontsize=12)
fig.tight_layout()
fig.savefig(out, dpi=100)
print(out)
