#!/usr/bin/env python
"""Execute the module notebooks and keep their outputs, so the docs' API pages show each example's result.

Usage: python tools/run_nbs.py [NAME ...]      (default: every notebook in nbs/ outside nbs/tutorials/)

Cells run as `nbdev_test` runs them (the tiny model; one torch thread): cells flagged `#| slow` (they load the
embedded model) or `#| eval: false` are skipped and keep no output. A notebook that raises is left unchanged and the
script exits 1. Outputs are written back only when every cell ran; `nbdev_clean` then strips execution counts and
metadata (`make nb-outputs` runs both).
"""
import os, sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ["IN_TEST"] = "1"
os.environ.setdefault("TQDM_DISABLE", "1")
ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT / "nbs"
SKIP_FLAGS = ("slow",)


def flags(source: str) -> set:
    "Directives of a cell (`#| slow`, `#| eval: false`), as lower-case strings."
    out = set()
    for line in source.splitlines():
        if not line.startswith("#|"): break
        out.add(" ".join(line[2:].strip().lower().split()))
    return out


def skip(cell) -> bool:
    if cell.cell_type != "code": return True
    f = flags(cell.source)
    return bool(f & set(SKIP_FLAGS)) or "eval: false" in f or "nbdev_export(" in cell.source


def run(path: Path) -> bool:
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    nb = read_nb(path)
    for c in nb.cells:
        if c.cell_type == "code": c.outputs = []
    shell = CaptureShell(path)
    cwd = os.getcwd()
    try:
        os.chdir(path.parent)
        shell.run_all(nb, exc_stop=True, preproc=skip)
    except Exception:
        sys.stderr.write(shell.prettytb(fname=path) + "\n")
        return False
    finally: os.chdir(cwd)
    for c in nb.cells:
        if c.cell_type == "code" and skip(c): c.outputs = []
        for o in c.get("outputs", []):
            if o.get("output_type") == "error": return False
    write_nb(nb, path)
    return True


if __name__ == "__main__":
    names = sys.argv[1:]
    paths = [NBS / (n if n.endswith(".ipynb") else n + ".ipynb") for n in names] if names else \
        sorted(p for p in NBS.glob("*.ipynb") if not p.name.startswith(("_", ".")))
    bad = [p.name for p in paths if not run(p)]
    for b in bad: print(f"run_nbs: {b} failed; left unchanged", file=sys.stderr)
    print(f"run_nbs: {len(paths) - len(bad)} of {len(paths)} notebooks executed with outputs kept")
    sys.exit(1 if bad else 0)
