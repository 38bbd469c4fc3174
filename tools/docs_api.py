#!/usr/bin/env python
"""Stage the docs site's sources (`make docs` runs this, then `mkdocs build`).

Why this exists: mkdocs-jupyter renders the notebooks, but it knows neither nbdev's `#|` directives nor the
library's exported names, which nbdev's `show_doc` cards list. So this writes `_docs_src/` (gitignored):

* a copy of every notebook under `nbs/` (folders starting with `.`/`_` skipped) with nbdev directives applied:
  front matter, `#| hide`, `#| default_exp`, `#| exporti`, `#| include: false` cells dropped, `#| echo: false` input and
  `#| output: false` outputs removed, every other `#|` line stripped from the shown code; saved widget views
  shown as their text (their manager would load from a CDN);
* `api/<module>.md` per module: each name in its `__all__` with signature, docstring and fastcore `docments`
  parameter comments; functions `@patch`ed onto a class are listed under it as `Class.method(args)`;
* `nbs/_docs_assets/` (the site's CSS, the file:// search worker shim) as `assets/`.

mkdocs also loads this file as a hook (`on_post_page` below).

    python tools/docs_api.py [--out _docs_src]
"""
from __future__ import annotations
import argparse, ast, hashlib, importlib, inspect, json, re, shutil, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS, OUT = ROOT / "nbs", ROOT / "_docs_src"
DIRECTIVE = re.compile(r"^\s*#\s*\|\s*([\w-]+:?)\s*(.*?)\s*$")

def stage_notebook(src: Path, dst: Path):
    "Copy one notebook with nbdev directives applied (the JSON is edited directly, outputs kept)."
    nb = json.loads(src.read_text())
    cells = []
    for c in nb["cells"]:
        lines = "".join(c["source"]).split("\n")
        if c["cell_type"] == "raw" and lines[0].strip() == "---": continue   # nbdev/Quarto front matter
        if c["cell_type"] == "code":
            d = {m.group(1).rstrip(":"): m.group(2).lower() for m in map(DIRECTIVE.match, lines) if m}
            if d.keys() & {"hide", "default_exp", "exporti"} or d.get("include") == "false": continue
            if d.get("output") == "false": c["outputs"] = []
            if d.get("echo") == "false": c.setdefault("metadata", {})["tags"] = ["remove_input"]
            lines = [l for l in lines if not DIRECTIVE.match(l)]
            for o in c.get("outputs", []):   # saved widget views need a widget manager from a CDN: keep their text
                o.get("data", {}).pop("application/vnd.jupyter.widget-view+json", None)
        c["source"] = "\n".join(lines).strip("\n")
        cells.append(c)
    nb["cells"] = cells
    nb.get("metadata", {}).pop("widgets", None)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(json.dumps(nb))

def signature(obj, drop_self=False) -> str:
    try: sig = inspect.signature(obj)
    except (TypeError, ValueError): return "(...)"
    ps = list(sig.parameters.values())
    if drop_self and ps: ps = ps[1:]
    return str(sig.replace(parameters=ps))

def params_table(obj) -> str:
    "Markdown table of parameters with their fastcore `docments` comments (empty when there are none)."
    from fastcore.docments import docments
    try: docs = docments(obj, full=True)
    except Exception: return ""
    rows = [(k, v) for k, v in docs.items() if k not in ("self", "return") and v.get("docment")]
    if not rows: return ""
    cell = lambda s: str(s).replace("|", "\\|").replace("\n", " ")
    out = ["| | type | default | |", "|---|---|---|---|"]
    for k, v in rows:
        anno = "" if v["anno"] is inspect._empty else getattr(v["anno"], "__name__", v["anno"])
        dflt = "" if v["default"] is inspect._empty else f"`{v['default']!r}`"
        out.append(f"| `{k}` | {cell(anno)} | {cell(dflt)} | {cell(v['docment'])} |")
    return "\n".join(out) + "\n"

def entry(title: str, obj, level=3, drop_self=False) -> str:
    sig = "" if not callable(obj) else signature(obj, drop_self)
    doc = inspect.getdoc(obj) if callable(obj) or inspect.ismodule(obj) else None
    parts = [f"{'#' * level} `{title}`\n", f"```python\n{title}{sig}\n```\n" if sig else f"```python\n{title} = {obj!r:.200}\n```\n"]
    if doc: parts.append(doc + "\n")
    if callable(obj): parts.append(params_table(obj))
    return "\n".join(p for p in parts if p)

def patched(path: Path) -> dict[str, list[str]]:
    "{class name: [method names]} for the `@patch` functions in a module's source (first argument's annotation)."
    out = {}
    for n in ast.parse(path.read_text()).body:
        if isinstance(n, ast.FunctionDef) and any(ast.unparse(d).split("(")[0].endswith("patch") for d in n.decorator_list):
            a = n.args.args[0].annotation if n.args.args else None
            if a is not None: out.setdefault(ast.unparse(a), []).append(n.name)
    return out

def methods(cls, extra: list[str]) -> list[str]:
    own = [k for k, v in vars(cls).items() if not k.startswith("_") and (callable(v) or isinstance(v, property))]
    private = lambda m: m.startswith("_") and not m.startswith("__")   # `_helper`, not `__add__`
    return own + [m for m in extra if m not in own and not private(m)]   # private @patch methods stay off the page

def api_page(modname: str) -> str:
    mod = importlib.import_module(f"actrm_lab.{modname}")
    patches = patched(Path(mod.__file__))
    out = [f"# `actrm_lab.{modname}`\n", (inspect.getdoc(mod) or "") + "\n"]
    for name in getattr(mod, "__all__", []):
        obj = getattr(mod, name)
        out.append(entry(name, obj, 2 if inspect.isclass(obj) else 3))
        if inspect.isclass(obj):
            for m in methods(obj, patches.get(name, [])):
                attr = inspect.getattr_static(obj, m)
                f = attr.fget if isinstance(attr, property) else getattr(obj, m)
                drop = isinstance(attr, property) or inspect.isfunction(attr)   # not static/class methods
                out.append(entry(f"{name}.{m}", f, 4, drop_self=drop))
    return "\n".join(out)

def modules() -> list[str]:
    "Modules in nbs order: the `#| default_exp` of each numbered notebook."
    out = []
    for nb in sorted(NBS.glob("[0-9]*.ipynb")):
        for c in json.loads(nb.read_text())["cells"]:
            m = re.search(r"#\s*\|\s*default_exp\s+(\S+)", "".join(c["source"]))
            if m: out.append(m.group(1)); break
    return out

def stage(out: Path = OUT, nbs: Path = NBS) -> Path:
    out = Path(out); shutil.rmtree(out, ignore_errors=True)
    for p in sorted(nbs.rglob("*.ipynb")):
        rel = p.relative_to(nbs)
        if not any(s.startswith((".", "_")) for s in rel.parts): stage_notebook(p, out / rel)
    shutil.copytree(nbs / "_docs_assets", out / "assets"); (out / "api").mkdir()
    sys.path.insert(0, str(ROOT))
    for m in modules(): (out / "api" / f"{m}.md").write_text(api_page(m))
    return out

# mkdocs hook (mkdocs.yml `hooks:`): mkdocs-jupyter inlines about 590 KB of JupyterLab CSS into every notebook page;
# each large <style> block is written once to assets/nb-<hash>.css and linked instead (the site's pages went from
# 28 MB to 12 MB), and the whitespace between tags is collapsed.
def on_post_page(output: str, page, config, **kw) -> str:
    up = "../" * page.file.dest_uri.count("/")
    def share(m):
        css = m.group(1)
        if len(css) < 2000: return m.group(0)
        name = f"assets/nb-{hashlib.sha1(css.encode()).hexdigest()[:10]}.css"
        f = Path(config["site_dir"]) / name
        if not f.exists(): f.parent.mkdir(parents=True, exist_ok=True); f.write_text(css)
        return f'<link rel="stylesheet" href="{up}{name}">'
    output = re.sub(r"<style[^>]*>(.*?)</style>", share, output, flags=re.S)
    if not re.search(r'class="[^"]*jp-Mermaid', output):   # mermaid's loader (from cdnjs) where no diagram needs it
        output = re.sub(r'<script type="module">(?:(?!</script>).)*mermaid\.esm\.min\.mjs.*?</script>', "", output, flags=re.S)
    # indentation between tags is a third of a page: collapse whitespace runs outside <pre>, <script>, <textarea>
    keep = re.compile(r"(<(pre|script|textarea)\b.*?</\2>)", re.S | re.I)
    parts = keep.split(output)
    return "".join(s if i % 3 else re.sub(r"\s*\n\s*", "\n", s) for i, s in enumerate(parts) if i % 3 != 2)

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(OUT), help="staging folder (default: _docs_src)")
    print(f"docs_api: staged {stage(ap.parse_args().out)}")
