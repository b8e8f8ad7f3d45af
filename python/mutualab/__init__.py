"""mutualab from Python: risk pooling in options markets, agent by agent.

The same C++ library as the `mutualab` command line, so the same seed gives
the same numbers to the bit. Results come back as pandas DataFrames.

    import mutualab
    r = mutualab.run("preset:akerlof-flat-fee", reps=20)
    r.summary["pool_participation"]        # summary.json, as a dict
    r.series                               # per replication and step, long form
    r.ribbons(["pool_participation"])      # per-step mean with its 95% CI

Runs release the GIL and stop on Ctrl-C (KeyboardInterrupt). Bad input
raises mutualab.InputError, whose .path names the field (a JSON pointer
such as /writers/theta/sd, or an argument name).

Functions: run, sweep, tournament, risk, backtest, presets, validate, schema, price, ci95.
"""

from ._core import InputError, __version__
from ._api import run, sweep, tournament, risk, backtest, presets, validate, schema, price, ci95
from ._results import Backtest, Risk, Run, Sweep, Tournament, ribbons

__all__ = ["run", "sweep", "tournament", "risk", "Risk", "backtest", "Backtest", "presets", "validate", "schema", "price", "ci95", "ribbons",
           "Run", "Sweep", "Tournament", "InputError", "__version__"]
