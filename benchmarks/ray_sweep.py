#!/usr/bin/env python
"""The same benchmark sweep run serially and on Ray workers, side by side: wall times and a byte-for-byte comparison.

Runs `actrm_bench ARGS --fresh` twice in fresh processes on this machine, first serially (one process, all torch
threads) and then with `--ray local --ray_workers N` (N workers, one torch thread each), into two folders; records each
wall time, compares report.md byte for byte (but for the --out folder its Command line names) and every cell's scores
exactly, and writes benchmarks/RAY.md (every figure on its own line, `name: value`).

    python benchmarks/ray_sweep.py                                   # make bench's sweep (--suite all), 2 workers
    python benchmarks/ray_sweep.py --args "--suite general --n_eval 8" --workers 2
    python benchmarks/ray_sweep.py --args "--data ../shared/data/evalbiasbench/biasbench.json --format evalbiasbench" \
        --serial-out benchmarks/results/evalbiasbench   # the serial run writes that report, as make bench-public does

On a 2-core machine expect little gain: two workers with one thread each do about the work of one process with two
threads. The point is that the reports agree byte for byte, and the same command runs on every GPU of a node or cluster.
"""
from __future__ import annotations
import argparse, datetime, json, os, shlex, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd: list[str], log, **env) -> float:
    "Run a command (output to the log) with extra environment variables, return its wall seconds; raise on failure."
    log(f"$ {' '.join(f'{k}={v}' for k, v in env.items())} {shlex.join(cmd)}")
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=dict(os.environ, TQDM_DISABLE="1", **env))
    wall = time.perf_counter() - t
    tail = "\n".join(p.stdout.strip().splitlines()[-8:])
    log(tail)
    if p.returncode: raise SystemExit(f"command failed ({p.returncode}): {shlex.join(cmd)}\n{tail}")
    return wall


TIMINGS = ("fit_s", "score_s")   # a cell's own seconds: the only fields that may differ between runs

def score_diff(x, y) -> float:
    "Largest absolute difference between two cells' scores (nested lists/dicts of numbers); inf when their shapes differ."
    if isinstance(x, dict) and isinstance(y, dict) and x.keys() == y.keys():
        return max((score_diff(x[k], y[k]) for k in x), default=0.0)
    if isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
        return max((score_diff(a, b) for a, b in zip(x, y)), default=0.0)
    if isinstance(x, (int, float)) and isinstance(y, (int, float)): return abs(float(x) - float(y))
    return 0.0 if x == y else float("inf")

def same_files(a: Path, b: Path) -> tuple[list[str], list[str], dict]:
    "(identical, different, {cell: largest score difference}): report.md byte for byte but for its --out path, cells as JSON without timings."
    def cell(p: Path) -> dict: return {k: v for k, v in json.loads(p.read_text()).items() if k not in TIMINGS}
    names = sorted(str(p.relative_to(a)) for p in (a / "cells").rglob("*.json"))
    other = sorted(str(p.relative_to(b)) for p in (b / "cells").rglob("*.json"))
    same, diff, size = [], [n for n in other if not (a / n).exists()], {}
    report = lambda d: (d / "report.md").read_bytes().replace(f"--out {d}".encode(), b"--out OUT")   # its Command line
    ok = (b / "report.md").exists() and report(a) == report(b)
    (same if ok else diff).append("report.md")
    for n in names:
        if (b / n).exists() and cell(a / n) == cell(b / n): same.append(n); continue
        diff.append(n)
        if (b / n).exists():
            ca, cb = cell(a / n), cell(b / n)
            sa, sb = ca.pop("scores", None), cb.pop("scores", None)
            size[n] = score_diff(sa, sb) if ca == cb else float("inf")   # inf: more than the scores differ
    return same, diff, size


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--args", default="--suite all", help="actrm_bench arguments of the sweep (default: make bench's)")
    ap.add_argument("--workers", type=int, default=2, help="Ray workers of the distributed run")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "RAY.md"))
    ap.add_argument("--serial-out", default=None, metavar="DIR",
                    help="results folder of the serial run (default: a temporary folder), e.g. the committed report's")
    a = ap.parse_args(argv)
    bench = str(Path(sys.executable).with_name("actrm_bench"))
    if not Path(bench).exists(): raise SystemExit(f"{bench} not found: run `make setup` first")
    log = lambda s: print(s, flush=True)
    cores = os.cpu_count() or 1
    load0, t_all = os.getloadavg(), time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        serial, dist = Path(a.serial_out or Path(tmp) / "serial"), Path(tmp) / "ray"
        args = shlex.split(a.args)
        w_serial = run([bench, *args, "--out", str(serial), "--fresh", "--quiet"], log, OMP_NUM_THREADS=str(cores))
        w_ray = run([bench, *args, "--out", str(dist), "--fresh", "--quiet", "--ray", "local", "--ray_workers", str(a.workers)], log)
        same, diff, size = same_files(serial, dist)
        meta = json.loads((serial / "results.json").read_text())["meta"]
        rmeta = json.loads((dist / "results.json").read_text())["meta"]
    F = dict(serial_wall_seconds=w_serial, ray_wall_seconds=w_ray, ray_vs_serial_ratio=w_ray / w_serial,
             cells=meta["computed_cells"], identical_files=len(same), different_files=len(diff))
    lines = ["# Benchmark sweep: serial vs Ray workers", "",
             f"Written by `python benchmarks/ray_sweep.py {' '.join(shlex.quote(x) for x in (sys.argv[1:] if argv is None else argv))}`"
             f" on {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}; {cores} cores; load average "
             f"{load0[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end; wall {time.perf_counter() - t_all:.0f} s.", "",
             f"Sweep: `actrm_bench {a.args}` ({meta['computed_cells']} cells: {len(meta['methods'])} methods on model "
             f"{meta['model']}), run serially (`{meta['executor']}`, one process with {cores} torch threads) and with `--ray local "
             f"--ray_workers {a.workers}` (`{rmeta['executor']}`, each worker with one torch thread), each "
             "in a fresh process with `--fresh`.", ""]
    lines += [f"{k}: {v:.3f}" if isinstance(v, float) else f"{k}: {v}" for k, v in F.items()]
    lines += ["", "Compared: report.md byte for byte (its Command line with the --out folder named OUT in both), and every cell file (`cells/TASK/METHOD/sSEED-nSHOTS.json`) as JSON without "
              f"its own timings ({', '.join(TIMINGS)}): config, draw and every score exactly.",
              "Identical: all of them." if not diff else "Different: " + ", ".join(
                  f"{n} (largest score difference {size[n]:.2g})" if n in size else n for n in diff), ""]
    Path(a.out).write_text("\n".join(lines))
    log("\n".join(lines))
    if diff: raise SystemExit(f"the Ray run differs from the serial run in {len(diff)} file(s)")


if __name__ == "__main__":
    main()
