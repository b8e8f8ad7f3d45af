"""Executes every notebook in examples/ with Debian's nbclient (kernel
python3) and fails on the first cell that raises. The figures they draw are
saved as PNG files in OUT (one per image output) so people can look at them.

    python3 tests/python/notebooks_test.py EXAMPLES_DIR OUT_DIR     (PYTHONPATH must reach mutualab)
"""

import base64
import os
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main(examples, out):
    os.makedirs(out, exist_ok=True)
    # The kernel runs in a temporary folder: PYTHONPATH must not be relative.
    os.environ["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # ipykernel's debugger notes about frozen modules
    notebooks = sorted(f for f in os.listdir(examples) if f.endswith(".ipynb"))
    if not notebooks:
        print(f"FAIL: no notebooks in {examples}")
        return 1
    for name in notebooks:
        nb = nbformat.read(os.path.join(examples, name), as_version=4)
        start = time.monotonic()
        with tempfile.TemporaryDirectory() as cwd:  # a notebook writes nothing into the source tree
            client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": cwd}})
            try:
                client.execute()
            except CellExecutionError as e:
                print(f"FAIL: {name}: {e}")
                return 1
        images = 0
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                png = output.get("data", {}).get("image/png")
                if png:
                    images += 1
                    with open(os.path.join(out, f"{name[:-6]}-{images}.png"), "wb") as f:
                        f.write(base64.b64decode(png))
        print(f"ok: {name} ran in {time.monotonic() - start:.1f} s, {images} figure(s) in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
