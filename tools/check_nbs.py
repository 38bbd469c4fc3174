#!/usr/bin/env python
"""Checks that the notebooks are the source of truth (run by `make test`; `--fix` repairs instead of failing).

1. `nbdev_export` would not change `actrm_lab/` (the library is the export of the notebooks);
2. `nbdev_clean` would not change any notebook (no stray metadata or execution counts);
3. no notebook keeps an error output, and module notebooks keep outputs only of cells that `tools/run_nbs.py` runs
   (not of `#| slow` or `#| eval: false` cells, which load the embedded model or are not run);
4. README.md is the rendering of `nbs/index.ipynb`.
"""
import sys, json, shutil, subprocess, tempfile, filecmp
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS, LIB = ROOT / "nbs", ROOT / "actrm_lab"
BIN = Path(sys.executable).parent
KEEP_OUTPUTS = ("tutorials",)  # folders under nbs/ whose notebooks keep their outputs on purpose

def notebooks():
    return sorted(p for p in NBS.rglob("*.ipynb") if not any(part.startswith((".", "_")) for part in p.relative_to(NBS).parts))

def lib_snapshot():
    return {p.relative_to(LIB): p.read_bytes() for p in LIB.rglob("*.py")}

def check_export(fix):
    before = lib_snapshot()
    subprocess.run([str(BIN / "nbdev_export")], cwd=ROOT, check=True)
    after = lib_snapshot()
    changed = sorted(str(k) for k in set(before) | set(after) if before.get(k) != after.get(k))
    if changed and not fix:
        for k in set(after) - set(before): (LIB / k).unlink()
        for k, v in before.items(): (LIB / k).write_bytes(v)
        return [f"nbdev_export would change actrm_lab/{c}: run `make export` and commit" for c in changed]
    return []

def check_clean(fix):
    if fix:
        subprocess.run([str(BIN / "nbdev_clean")], cwd=ROOT, check=True); return []
    errs = []
    with tempfile.TemporaryDirectory() as tmp:
        for nb in notebooks():
            dst = Path(tmp) / nb.relative_to(NBS); dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(nb, dst)
        subprocess.run([str(BIN / "nbdev_clean"), "--fname", tmp], cwd=ROOT, check=True, capture_output=True)
        for nb in notebooks():
            if not filecmp.cmp(nb, Path(tmp) / nb.relative_to(NBS), shallow=False):
                errs.append(f"nbdev_clean would change {nb.relative_to(ROOT)}: run `make export` and commit")
    return errs

def check_outputs():
    sys.path.insert(0, str(ROOT / "tools"))
    from run_nbs import flags
    errs = []
    for nb in notebooks():
        rel = nb.relative_to(NBS)
        cells = json.loads(nb.read_text())["cells"]
        n = sum(1 for c in cells for o in c.get("outputs", []) if o.get("output_type") == "error")
        if n: errs.append(f"{nb.relative_to(ROOT)} keeps {n} error outputs; fix the cell and rerun it")
        if rel.parts[0] in KEEP_OUTPUTS: continue
        f = [c for c in cells if c.get("outputs") and ({"slow", "eval: false"} & flags("".join(c["source"])))]
        if f: errs.append(f"{nb.relative_to(ROOT)} keeps outputs of {len(f)} slow or unevaluated cells; run `make nb-outputs`")
    return errs

def render_readme():
    cells = json.loads((NBS / "index.ipynb").read_text())["cells"]
    parts = ["<!-- generated from nbs/index.ipynb by tools/check_nbs.py --fix; edit the notebook, not this file -->"]
    for c in cells:
        src = "".join(c["source"]).strip()
        if not src or src.startswith(("#| hide", "#|hide")): continue
        if c["cell_type"] == "markdown": parts.append(src)
        elif c["cell_type"] == "code":
            src = "\n".join(l for l in src.split("\n") if not l.startswith("#|"))
            parts.append(f"```python\n{src}\n```")
    return "\n\n".join(parts) + "\n"

def check_readme(fix):
    want, path = render_readme(), ROOT / "README.md"
    if path.exists() and path.read_text() == want: return []
    if fix: path.write_text(want); return []
    return ["README.md is not the rendering of nbs/index.ipynb: run `make export` and commit"]

if __name__ == "__main__":
    fix = "--fix" in sys.argv
    # clean first: nbdev_clean gives cells stable ids, and the export's `# %%` comments quote them
    errs = check_clean(fix) + check_export(fix) + check_outputs() + check_readme(fix)
    for e in errs: print("check_nbs: " + e, file=sys.stderr)
    if errs: sys.exit(1)
    print(f"check_nbs: {len(notebooks())} notebooks, library in sync, clean, README current")
