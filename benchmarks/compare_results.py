#!/usr/bin/env python
"""Before/after table of two speed-benchmark results files (`name: value` lines, as benchmarks/speed.py writes them).

    python benchmarks/compare_results.py OLD NEW [--out FILE]
    python benchmarks/compare_results.py git:REV:benchmarks/RESULTS.md benchmarks/RESULTS.md --out benchmarks/BEFORE_AFTER.md

OLD or NEW may be `git:REV:PATH` (the file as committed at REV). Prints (or writes) a Markdown table of every figure
the two files share, with the ratio new/old, then the figures only one of them has.
"""
from __future__ import annotations
import argparse, re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^([a-z][a-z0-9_]*): (-?[0-9][0-9.e+-]*|nan)\s*(?:\(.*)?$")


def read(spec: str) -> tuple[str, str]:
    "(text, label) of a file or of `git:REV:PATH`."
    if spec.startswith("git:"):
        _, rev, path = spec.split(":", 2)
        r = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{path}"], capture_output=True, text=True)
        if r.returncode: raise SystemExit(f"{spec}: {r.stderr.strip()}")
        date = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %cs", rev], capture_output=True, text=True).stdout.strip()
        return r.stdout, f"{path} at {date}"
    p = Path(spec)
    if not p.exists(): raise SystemExit(f"{spec}: no such file")
    return p.read_text(), spec


def figures(text: str) -> dict[str, float]:
    "Every `name: number` line (the first occurrence of each name)."
    out = {}
    for line in text.splitlines():
        m = LINE.match(line.strip())
        if m and m.group(1) not in out: out[m.group(1)] = float(m.group(2))
    return out


def table(old: dict, new: dict, lo: str, ln: str) -> str:
    both = [k for k in new if k in old]
    L = [f"| figure | before ({lo}) | after ({ln}) | after / before |", "|---|---|---|---|"]
    for k in both:
        a, b = old[k], new[k]
        ratio = f"{b / a:.2f}" if a not in (0.0,) and a == a and b == b else ""
        L.append(f"| {k} | {a:g} | {b:g} | {ratio} |")
    only_new = [k for k in new if k not in old]
    only_old = [k for k in old if k not in new]
    if only_new: L += ["", "Only after: " + ", ".join(f"{k} {new[k]:g}" for k in only_new) + "."]
    if only_old: L += ["", "Only before: " + ", ".join(f"{k} {old[k]:g}" for k in only_old) + "."]
    return "\n".join(L) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old"); ap.add_argument("new")
    ap.add_argument("--out", default=None, help="write the table here (default: print it)")
    a = ap.parse_args(argv)
    (to, lo), (tn, ln) = read(a.old), read(a.new)
    args = " ".join(sys.argv[1:] if argv is None else argv)
    md = (f"# Speed and memory: before and after\n\nWritten by `python benchmarks/compare_results.py {args}`. Each file's "
          "own header says how and where its figures were measured.\n\n" + table(figures(to), figures(tn), lo, ln))
    if a.out: Path(a.out).write_text(md)
    print(md)


if __name__ == "__main__":
    main()
