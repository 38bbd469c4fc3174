#!/usr/bin/env python
"""Print the README's findings table from benchmark reports (results.json), so that no number in it is typed by hand.

Usage: python tools/results_table.py [--demo demo_out] [--bench benchmarks/results/all] [--public benchmarks/results]
Columns: demo (its one task), the hacking suite's hacked/control mean, the general split, LLMBar Natural, EvalBiasBench;
rows: every method in the reports, accuracy in % with the 95% bootstrap interval.
"""
import argparse, json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def summary(path: Path) -> dict:
    "(method, unit) -> (acc, lo, hi, n) from a results.json, at its largest number of shots."
    d = json.loads((path / "results.json").read_text())
    rows, out = d["summary"], {}
    top = {}
    for r in rows: top[r["method"]] = max(top.get(r["method"], 0), r["shots"])
    for r in rows:
        if r["shots"] == top[r["method"]]: out[(r["method"], r["unit"])] = (r["acc"], r["lo"], r["hi"], r["n"])
    return out


def cell(s: dict, method: str, unit: str) -> str:
    v = s.get((method, unit))
    return "" if v is None else f"{100 * v[0]:.1f} [{100 * v[1]:.1f}, {100 * v[2]:.1f}]"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--demo", default=str(ROOT / "demo_out"))
    ap.add_argument("--bench", default=str(ROOT / "benchmarks" / "results" / "all"))
    ap.add_argument("--public", default=str(ROOT / "benchmarks" / "results"))
    a = ap.parse_args()
    cols = []
    for label, folder, unit in (("demo", a.demo, None), ("hacking suite, hacked/control mean", a.bench, "hacking"),
                                ("general split", a.bench, "general"),
                                ("LLMBar Natural", Path(a.public) / "llmbar-natural", None),
                                ("EvalBiasBench", Path(a.public) / "evalbiasbench", None)):
        p = Path(folder)
        if not (p / "results.json").exists(): continue
        s = summary(p)
        if unit is None:   # the report's headline: overall, else its one section / task
            units = {u for _, u in s}
            unit = "overall" if "overall" in units else sorted(units, key=len)[0]
        n = max(v[3] for (m, u), v in s.items() if u == unit)
        cols.append((f"{label} ({n} pairs)", s, unit))
    methods = list(dict.fromkeys(m for _, s, _ in cols for m, _ in s))
    print("| method | " + " | ".join(c[0] for c in cols) + " |")
    print("|---|" + "---|" * len(cols))
    for m in methods: print(f"| {m} | " + " | ".join(cell(s, m, u) for _, s, u in cols) + " |")


if __name__ == "__main__":
    main()
