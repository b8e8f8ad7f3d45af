#!/usr/bin/env python3
"""Writes crash.csv: a SYNTHETIC daily ETH price path (not market data) for
experiments/examples/crash-from-data.json. 200 calm days (70% annual
volatility), a four-day crash of about -55% from day 200, a choppy
partial recovery, to day 365. Seeded, so it writes the same file every time:

    python3 experiments/examples/make_crash_csv.py > experiments/examples/crash.csv
"""
import math
import random

rng = random.Random(14)
daily = 0.7 / math.sqrt(365)
crash = {200: -0.25, 201: -0.20, 202: 0.06, 203: -0.18}
price = 2000.0
print("time,asset,price")
print(f"0,ETH,{price:.2f}")
for day in range(1, 366):
    if day in crash:
        r = crash[day]
    else:
        vol = daily * (2.5 if 200 < day < 260 else 1.0)
        r = rng.gauss(0.0, vol) + (0.002 if day > 203 else 0.0)
    price *= math.exp(r)
    print(f"{day},ETH,{price:.2f}")
