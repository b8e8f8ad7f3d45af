#!/usr/bin/env python3
"""Assembles a fuzz target's seed corpus and dictionary from the repository.

    python3 fuzz/make_corpus.py TARGET SEED_DIR DICT_FILE

The seeds are the repository's own inputs (presets, sweep and tournament
specs) plus the few hand-written ones in fuzz/seeds/, so they follow the
repository as it changes and nothing generated is committed. The dictionary
adds every key and '/'-path that appears in those files to the JSON tokens of
fuzz/json.dict, so mutations speak the scenario's vocabulary.
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"
PRESETS = sorted((ROOT / "experiments" / "presets").glob("*.json"))
SWEEPS = sorted((ROOT / "experiments" / "sweeps").glob("*.json")) + sorted(SEEDS.glob("sweep-*.json"))
TOURNAMENTS = sorted((ROOT / "experiments" / "tournaments").glob("*.json")) + sorted(SEEDS.glob("tournament-*.json"))


def lines(name):
    """Non-empty, non-comment lines of fuzz/seeds/NAME."""
    out = []
    for line in (SEEDS / name).read_text().splitlines():
        if line and not line.startswith("# "):  # "#preset=..." is a link, "# ..." a comment
            out.append(line)
    return out


def unescape(line):
    """A seed line as bytes: '\\n' is a newline and '\\xHH' a byte, so seed files stay text."""
    return re.sub(rb"\\x([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]),
                  line.replace("\\n", "\n").encode())


def keys_and_paths(value, prefix=""):
    """Every object key, and every '/'-path to a value, in a JSON document."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k, None
            path = f"{prefix}/{k}" if prefix else k
            yield None, path
            yield from keys_and_paths(v, path)
    elif isinstance(value, list):
        for i, v in enumerate(value[:3]):
            path = f"{prefix}/{i}"
            yield None, path
            yield from keys_and_paths(v, path)


def deep_seeds(name, template, prefix=b""):
    """Seeds with '"@DEEP@"' in `template` replaced by arrays nested deep.

    Deep nesting is an input class of its own (recursive dumps and checks)
    that mutation alone reaches slowly: libFuzzer grows inputs a few bytes at
    a time. 3,000 levels (6 KB) is a start to grow from; 20,000 levels (40 KB,
    inside -max_len) is what a file or --set value can hold and what a depth
    limit must refuse with an InputError rather than a stack overflow."""
    text = json.dumps(template)
    return [(f"{name}-{depth}", prefix + text.replace('"@DEEP@"', "[" * depth + "]" * depth).encode())
            for depth in (3000, 20000)]


def dict_entry(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def vocabulary(files):
    keys, paths = set(), set()
    for f in files:
        for k, p in keys_and_paths(json.loads(f.read_text())):
            if k is not None:
                keys.add(k)
            if p is not None:
                paths.add(p)
    return keys, paths


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    target, seed_dir, dict_file = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    seed_dir.mkdir(parents=True, exist_ok=True)
    seeds = []  # (file name, bytes)
    tokens = [line for line in (ROOT / "fuzz" / "json.dict").read_text().splitlines()]
    keys, paths = vocabulary(PRESETS)

    if target == "scenario_reader":
        seeds = [(f.name, f.read_bytes()) for f in PRESETS]
        deep = json.loads(PRESETS[0].read_text())
        deep.setdefault("pool", {})["feeRule"] = {"name": "flat", "params": {"deep": "@DEEP@"}}
        seeds += deep_seeds("deep", deep)
        tokens += [dict_entry(f'"{k}":') for k in sorted(keys)]
    elif target == "set_override":
        # First byte: the preset's index; then one assignment per line.
        sets = lines("set_override.txt")
        for i, _ in enumerate(PRESETS):
            for j, s in enumerate(sets):
                if (i + j) % 3 == 0:  # a third of the pairs is plenty; every preset and line appears
                    seeds.append((f"p{i}-{j}.txt", bytes([i]) + unescape(s)))
        seeds += deep_seeds("deep", "@DEEP@", bytes([0]) + b"pool/feeRule/params/deep=")
        tokens += [dict_entry(p + "=") for p in sorted(paths)]
        tokens += [dict_entry(p.split("/")[-1]) for p in sorted(paths)]
    elif target == "sweep_spec":
        seeds = [(f.name, f.read_bytes()) for f in SWEEPS]
        seeds += deep_seeds("deep", {"name": "deep", "scenario": "preset:akerlof-flat-fee",
                                     "grid": {"pool/feeRule/params/loading": ["@DEEP@"]}})
        k2, p2 = vocabulary(SWEEPS)
        tokens += [dict_entry(f'"{k}":') for k in sorted(keys | k2)]
        tokens += [dict_entry(p) for p in sorted(paths)]
        tokens += [dict_entry("preset:" + f.stem) for f in PRESETS]
    elif target == "tournament_spec":
        seeds = [(f.name, f.read_bytes()) for f in TOURNAMENTS]
        seeds += deep_seeds("deep", {"name": "deep", "scenario": "preset:akerlof-flat-fee",
                                     "strategies": [{"label": "a", "name": "always-pool"},
                                                    {"label": "d", "name": "expected-utility",
                                                     "params": {"deep": "@DEEP@"}}],
                                     "designs": [{"label": "flat", "set": ["pool/feeRule/name=flat"]}]})
        k2, _ = vocabulary(TOURNAMENTS)
        tokens += [dict_entry(f'"{k}":') for k in sorted(keys | k2)]
        tokens += [dict_entry(p + "=") for p in sorted(paths)]
        tokens += [dict_entry("preset:" + f.stem) for f in PRESETS]
    elif target == "book_reader":
        # First byte: 0 = CSV, 1 = JSON; then a small book of each kind.
        csv_book = (b"position,kind,asset,strike,expiry_days,units,collateral,writer,pool,cover_strike,cover_share,"
                    b"max_cover,spot,vol_annual\n0,put,ETH,1800,10,0.5,90,3,0,1620,1,810,2000,0.7\n"
                    b"1,call,BTC,44000,3,0.02,88,4,1,48400,0.8,64,40000,0.5\n")
        seeds = [("book.csv", bytes([0]) + csv_book),
                 ("minimal.csv", bytes([0]) + b"kind,asset,strike,expiry_days,units,collateral,writer\nput,ETH,1800,10,1,100,1\n"),
                 # Cells in quotes, as a spreadsheet that quotes text writes them (RFC 4180, "" inside).
                 ("quoted.csv", bytes([0]) + b'"kind","asset",strike,expiry_days,units,collateral,writer\n'
                                             b'"put","ETH","1800",10,1,100,1\n"call","B""TC",44000,3,0.02,88,4\n')]
        book = {"step": 120, "capital": {"insuranceFund": 5, "poolCapital": 1000, "backstop": 0,
                                         "pools": [{"name": "eth", "insuranceFund": 5, "poolCapital": 1000}]},
                "positions": [{"kind": "put", "asset": "ETH", "strike": 1800, "expiryDays": 10, "units": 0.5,
                               "collateral": 90, "writer": 3, "coverStrike": 1620, "maxCover": 810}]}
        seeds.append(("book.json", bytes([1]) + json.dumps(book).encode()))
        seeds += deep_seeds("deep", {"positions": ["@DEEP@"]}, bytes([1]))
        tokens += [dict_entry(k) for k in ("kind", "asset", "strike", "expiry_days", "expiryDays", "units", "collateral",
                                           "writer", "pool", "cover_strike", "coverStrike", "cover_share", "coverShare",
                                           "max_cover", "maxCover", "spot", "vol_annual", "volAnnual", "put", "call",
                                           "ETH", "BTC", "positions", "capital", "pools")]
    elif target == "price_path":
        # A price path from data: the example crash file cut to the horizon, the same quoted, and a short one.
        crash = (ROOT / "experiments" / "examples" / "crash.csv").read_text().splitlines()
        eth = [l for l in crash[1:] if l.split(",")[0].isdigit() and int(l.split(",")[0]) <= 12]
        both = "time,asset,price\n" + "".join(f"{l}\n{l.replace('ETH', 'BTC')}\n" for l in eth)
        quoted = "\r\n".join(",".join(f'"{c}"' for c in l.split(",")) for l in both.splitlines()) + "\r\n"
        seeds = [("crash.csv", both.encode()), ("quoted.csv", b"\xef\xbb\xbf" + quoted.encode()),
                 ("short.csv", b"time,asset,price\n0,ETH,2000\n0,BTC,40000\n10,ETH,1900\n10,BTC,39000\n")]
        tokens = [dict_entry(t) for t in ("time,asset,price", "ETH", "BTC", '"', '""', "1e308", "nan", "inf")]
    elif target == "stress_spec":
        # docs/risk.md's forms: a move of every asset, a move per asset, volatility multipliers and shifts, names.
        scenarios = [{"name": "crash", "spotMove": -0.5, "volMultiplier": 2},
                     {"name": "eth only", "spotMove": {"ETH": -0.4}, "volShift": {"ETH": 0.3}},
                     {"spotMove": {"ETH": 0.3, "BTC": -0.2}}, {"volMultiplier": 20}, {"spotMove": 10},
                     {"name": "rally, vol crush", "spotMove": 0.2, "volMultiplier": {"BTC": 0.5}, "volShift": -0.2}]
        seeds = [("stress.json", json.dumps(scenarios).encode()),
                 ("one.json", json.dumps(scenarios[:1]).encode())]
        seeds += deep_seeds("deep", [{"name": "deep", "spotMove": "@DEEP@"}])
        tokens += [dict_entry(k) for k in ("name", "spotMove", "volMultiplier", "volShift", "ETH", "BTC", "-0.999999", "10", "20", "-5", "5")]
    elif target == "share_link":
        seeds = [(f"link-{i}.txt", s.encode()) for i, s in enumerate(lines("share_link.txt"))]
        tokens = lines("share_link.dict")
        tokens += [dict_entry(f.stem) for f in PRESETS]
    else:
        sys.exit(f"make_corpus.py: no seeds for target '{target}'")

    for name, data in seeds:
        (seed_dir / name).write_bytes(data)
    dict_file.parent.mkdir(parents=True, exist_ok=True)
    dict_file.write_text("\n".join(t for t in tokens if t and not t.startswith("# ")) + "\n")
    print(f"{len(seeds)} seeds in {seed_dir}, {len(tokens)} dictionary entries in {dict_file}")


if __name__ == "__main__":
    main()
