#!/usr/bin/env python
"""Developer helper: write a notebook from a cell-marked Python file (`# %%` code, `# %% [md]` markdown).

Usage: python tools/nbpy.py SRC.py NBS/NAME.ipynb
The .ipynb it writes is the source of truth afterwards; this only saves typing JSON by hand.
"""
import sys, json, re
from pathlib import Path

def py_to_cells(text):
    cells, kind, buf = [], None, []
    def flush():
        if kind is None: return
        src = '\n'.join(buf).strip('\n')
        if kind == 'markdown':
            src = '\n'.join(l[2:] if l.startswith('# ') else ('' if l == '#' else l) for l in src.split('\n'))
        if src.strip(): cells.append((kind, src))
    for line in text.split('\n'):
        m = re.match(r'^# %%( \[(md|markdown)\])?\s*$', line)
        if m:
            flush(); kind = 'markdown' if m.group(1) else 'code'; buf = []
        else: buf.append(line)
    flush()
    return cells

def to_nb(cells):
    out = []
    for kind, src in cells:
        lines = src.split('\n')
        source = [l + '\n' for l in lines[:-1]] + [lines[-1]]
        c = {'cell_type': kind, 'metadata': {}, 'source': source}
        if kind == 'code': c.update(execution_count=None, outputs=[])
        out.append(c)
    return {'cells': out, 'metadata': {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}},
            'nbformat': 4, 'nbformat_minor': 5}

if __name__ == '__main__':
    src, dst = sys.argv[1:3]
    Path(dst).write_text(json.dumps(to_nb(py_to_cells(Path(src).read_text())), indent=1, ensure_ascii=False) + '\n')
    print('wrote', dst)
