#!/usr/bin/env python
"""Developer helper, the inverse of `tools/nbpy.py`: write a notebook's cells as a cell-marked Python file.

Usage: python tools/nb2py.py NBS/NAME.ipynb OUT.py
Markdown cells become `# %% [md]` blocks with `# ` before each line; code cells `# %%` blocks. Outputs are dropped.
"""
import sys, json
from pathlib import Path

def nb_to_py(nb: dict) -> str:
    parts = []
    for c in nb["cells"]:
        src = "".join(c["source"])
        if c["cell_type"] == "markdown":
            parts.append("# %% [md]\n" + "\n".join(("# " + l) if l else "#" for l in src.split("\n")))
        else: parts.append("# %%\n" + src)
    return "\n\n".join(parts) + "\n"

if __name__ == "__main__":
    src, dst = sys.argv[1:3]
    Path(dst).write_text(nb_to_py(json.loads(Path(src).read_text())))
    print("wrote", dst)
