#!/usr/bin/env python
"""Build the documentation site from the notebooks (`make docs`), offline.

    python tools/build_docs.py [--out _docs] [--execute [--timeout S]] [--no-screenshot] [--offline]

* `nbs/index.ipynb` becomes the home page `index.html`; numbered module notebooks become API pages
  (`00_models.ipynb` -> `models.html`, `00b_engine.ipynb` -> `engine.html`: the number and an optional letter
  that orders rooms between two numbers are dropped); `nbs/tutorials/*.ipynb` become tutorial pages under
  `tutorials/`.
  Every page shares a sidebar that links all pages, plus an "on this page" list of its sections.
* nbdev directives are applied the way nbdev's docs apply them: `#| hide`, `#| default_exp`, `#| exporti` and
  `#| include: false` cells are not shown, `#| echo: false` hides the input, `#| output: false` the outputs,
  every other `#|` line is stripped from the shown code. Exported functions and classes get an API card
  (signature, docstring, parameter comments) above their source, which is folded. In prose, `` `name` `` and
  `` `module.name` `` (e.g. `engine.PrefixCache`) link to the card, as nbdev's docs link them.
* Module notebooks carry no outputs and are rendered as they are (code + prose); tutorial notebooks are
  rendered with their stored outputs. `--execute` runs every notebook first (cells marked `#| eval: false`
  are skipped; `--timeout` seconds per cell).
* Offline: rendered with nbconvert's 'lab' template minus every CDN script (require.js, MathJax, mermaid,
  the widget manager); any remaining `<script src="http...">` / `<link href="http...">` tag is removed and
  the build fails if an http(s) script, style sheet or image reference is left. Inline scripts (circuitsvis
  views render from their inlined bundle) are kept.
* Atomic: the site is built in a temporary folder next to `--out` and renamed into place when complete.
* With Chromium installed, a screenshot of the first tutorial page (or the home page) is saved to
  `<out>/screenshots/` and its path printed.
* If `quarto` is on PATH (and `--offline` is not given), nbdev's Quarto path (`nbdev_docs`) is used instead.
"""
from __future__ import annotations
import argparse, ast, configparser, copy, html, io, json, os, re, shutil, socket, subprocess, sys, tempfile, time
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT / "nbs"
ASSETS = NBS / "_docs_assets"
OUT = ROOT / "_docs"
CHROMIUM_INSTALL = "run `make browser` (as root: apt-get install chromium) to install Debian's chromium"

# --------------------------------------------------------------------------------------------- pages
@dataclass
class Page:
    src: Path            # the notebook
    rel_src: str         # its path relative to the notebooks folder, e.g. "tutorials/01_walkthrough.ipynb"
    out: str             # the page's path relative to the site root, e.g. "tutorials/walkthrough.html"
    kind: str            # "home" | "tutorial" | "api" | "notes"
    title: str
    subtitle: str = ""
    headings: list = field(default_factory=list)  # [(level, id, text)] filled after rendering

SECTIONS = (("home", "Home"), ("tutorial", "Tutorials"), ("api", "API reference"), ("notes", "Notes"))
SECTION_NAME = dict(SECTIONS)

_NUMBER = re.compile(r"^\d+[a-z]?[_-]")   # "00_", "00b_", "08c-": the prefix that orders notebooks

def notebooks(nbs: Path) -> list[Path]:
    "The notebooks under `nbs`, skipping folders that start with `.` or `_` (as nbdev does)."
    return sorted(p for p in nbs.rglob("*.ipynb")
                  if not any(part.startswith((".", "_")) for part in p.relative_to(nbs).parts))

def _title(nb, default: str) -> tuple[str, str]:
    "Title (first `# ` heading) and subtitle (the `> ` line nbdev uses as description) of a notebook."
    for c in nb.cells:
        if c.cell_type != "markdown": continue
        m = re.search(r"^#\s+(.+?)\s*#*\s*$", c.source, flags=re.M)
        if not m: continue
        sub = re.search(r"^>\s*(.+)$", c.source, flags=re.M)
        return _strip_md(m.group(1)), (_strip_md(sub.group(1)) if sub else "")
    return default, ""

def _strip_md(s: str) -> str:
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    return re.sub(r"`|\*\*|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", s).strip()

def discover(nbs: Path) -> list[Page]:
    "One `Page` per notebook, ordered home, tutorials, API, notes (each by file name)."
    import nbformat
    pages, taken = [], {}
    for p in notebooks(nbs):
        rel = p.relative_to(nbs)
        nb = nbformat.read(p, as_version=4)
        top = rel.parts[0] if len(rel.parts) > 1 else ""
        stem = _NUMBER.sub("", p.stem) or p.stem
        if rel.as_posix() == "index.ipynb": kind, out = "home", "index.html"
        elif top == "tutorials": kind, out = "tutorial", f"tutorials/{stem}.html"
        elif len(rel.parts) == 1 and (_NUMBER.match(p.stem) or _default_exp(nb)): kind, out = "api", f"{stem}.html"
        else: kind, out = "notes", rel.with_name(stem + ".html").as_posix()
        if out in taken or out.lower() == "index.html" and kind != "home":   # two notebooks want one page name
            out = rel.with_suffix(".html").as_posix()
        if out in taken:
            raise SystemExit(f"build_docs: {rel} and {taken[out]} would both be written to {out}; rename one")
        taken[out] = rel
        title, sub = _title(nb, p.stem.replace("_", " "))
        pages.append(Page(p, rel.as_posix(), out, kind, title, sub))
    order = {k: i for i, (k, _) in enumerate(SECTIONS)}
    return sorted(pages, key=lambda pg: (order[pg.kind], pg.rel_src))

def _default_exp(nb):
    for c in nb.cells:
        if c.cell_type == "code":
            m = re.search(r"^\s*#\s*\|\s*default_exp\s+(\S+)", c.source, flags=re.M)
            if m: return m.group(1)
    return None

# ------------------------------------------------------------------------------ nbdev directives
_DIRECTIVE = re.compile(r"^\s*#\s*\|\s*([\w-]+:?)\s*(.*?)\s*$")
HIDE_CELL = {"hide", "default_exp", "exporti"}
EXPORT = {"export", "exports"}

def split_directives(src: str) -> tuple[dict, str]:
    "Leading `#|` directive lines of a code cell as {name: args} and the source without them."
    lines, dirs, i = src.split("\n"), {}, 0
    while i < len(lines):
        m = _DIRECTIVE.match(lines[i])
        if m: dirs[m.group(1)] = m.group(2)
        elif lines[i].strip(): break
        i += 1
    rest = [l for l in lines[i:] if not re.search(r"#\s*\|\s*hide_line\s*$", l)]
    return dirs, "\n".join(rest).strip("\n")

def _falsy(v: str | None) -> bool: return v is not None and v.strip().lower() in ("false", "no", "0")

def apply_directives(nb, names: dict | None = None, executed: bool = False):
    "Hide, strip and fold cells the way nbdev's docs do; add API cards to exported cells."
    cells = []
    wstate = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    for c in nb.cells:
        if c.cell_type == "raw":
            if c.source.lstrip().startswith("---"): continue   # Quarto front matter
            cells.append(c); continue
        if c.cell_type == "markdown":
            if names: c.source = linkify(c.source, names)
            cells.append(c); continue
        if c.cell_type != "code": continue
        dirs, src = split_directives(c.source)
        if HIDE_CELL & dirs.keys() or _falsy(dirs.get("include:")): continue
        show_doc = bool(re.fullmatch(r"(\s*show_doc\(.*\)\s*)+", src or "x"))
        if show_doc and not executed: continue   # nothing to show without its output
        c.source = src
        if _falsy(dirs.get("echo:")) or show_doc: c.metadata.setdefault("transient", {})["remove_source"] = True
        if _falsy(dirs.get("output:")): c.outputs = []
        if "filter_stream" in dirs and dirs["filter_stream"]:
            pat = "|".join(map(re.escape, dirs["filter_stream"].split()))
            for o in c.get("outputs", []):
                if o.get("output_type") == "stream":
                    o["text"] = "".join(l for l in o["text"].splitlines(True) if not re.search(pat, l))
        if EXPORT & dirs.keys():
            card = api_cards(src)
            if card: c.metadata["actrm_doc"] = card
            c.metadata["actrm_fold"] = "open" if "exports" in dirs else "closed"
        _static_widgets(c, wstate)
        if not src.strip() and not c.get("outputs"): continue
        cells.append(c)
    nb.cells = cells
    nb.metadata.pop("widgets", None)   # no widget manager offline; views fall back to their text
    return nb

def _widget_models(state: dict, mid: str):
    "The widget model `mid` and its descendants (children of boxes), depth first."
    m = state.get(mid)
    if not m: return []
    out = [m]
    for c in m.get("state", {}).get("children", []) or []:
        out += _widget_models(state, str(c).split("IPY_MODEL_")[-1])
    return out

def _progress_text(state: dict, mid: str) -> str | None:
    "A tqdm.auto bar's last state (label, bar, counts) as text, from the saved widget state."
    m = state.get(mid)
    if not m or m.get("model_name") != "HBoxModel": return None
    kids = _widget_models(state, mid)[1:]
    if [k.get("model_name") for k in kids] != ["HTMLModel", "FloatProgressModel", "HTMLModel"]: return None
    v, mx = kids[1]["state"].get("value") or 0, kids[1]["state"].get("max") or 1
    n = max(0, min(10, int(10 * v / mx)))
    clean = lambda s: html.unescape(s or "").replace("\u2007", " ")
    return f"{clean(kids[0]['state'].get('value'))}|{'#' * n}{' ' * (10 - n)}|{clean(kids[2]['state'].get('value'))}"

def _static_widgets(cell, state: dict | None = None):
    """Widget views cannot run in a static offline page: progress bars show their last state (from the widget
    state nbconvert saves with an executed notebook, else their text), other widgets say where to use them and show
    the HTML they last displayed (e.g. the head explorer's scores), or their text fallback when it is more than a repr."""
    state = state or {}
    for o in cell.get("outputs", []):
        data = o.get("data") or {}
        if "application/vnd.jupyter.widget-view+json" not in data: continue
        mid = data["application/vnd.jupyter.widget-view+json"].get("model_id", "")
        text = data.get("text/plain", "")
        if isinstance(text, list): text = "".join(text)
        bar = _progress_text(state, mid)
        if bar is not None or re.search(r"\d+%\|", text):   # tqdm.auto progress bar
            o["data"] = {"text/plain": bar if bar is not None else text}; continue
        views = [m["state"]["value"] for m in _widget_models(state, mid)
                 if m.get("model_name") == "HTMLModel" and "<table" in (m.get("state", {}).get("value") or "")]
        shown = text.strip() and not re.match(r"^\w+\(", text)   # skip reprs like HBox(children=...)
        o["data"] = {"text/html": '<div class="actrm-widget-note">Interactive widget: run this notebook in JupyterLab to use it.'
                                  + ("".join(f"<div>As it last showed when the notebook ran:</div>{v}" for v in views)
                                     if views else (f"<pre>{html.escape(text)}</pre>" if shown else "")) + "</div>"}

def linkify(md: str, names: dict) -> str:
    "nbdev-style links: `` `name` `` in prose links to the API card of an exported `name`."
    out, fence = [], False
    for line in md.split("\n"):
        if line.lstrip().startswith(("```", "~~~")): fence = not fence
        if fence or line.startswith("    "): out.append(line); continue
        out.append(re.sub(r"(?<![\[`])`([A-Za-z_][\w.]*)(\(\))?`(?![`\]])",
                          lambda m: f"[`{m.group(1)}{m.group(2) or ''}`]({names[m.group(1)]})" if m.group(1) in names else m.group(0),
                          line))
    return "\n".join(out)

# ------------------------------------------------------------------------------------- API cards
def _md(s: str) -> str:
    from nbconvert.filters.markdown import markdown2html
    return markdown2html(s).strip()

def _comments(src: str) -> dict:
    try:
        return {t.start[0]: t.string.lstrip("#").strip()
                for t in tokenize.generate_tokens(io.StringIO(src).readline) if t.type == tokenize.COMMENT}
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return {}

def _param_docs(fn, comments: dict) -> dict:
    "docments: the comment on a parameter's line, or comment lines right above it (as fastcore.docments reads them)."
    args = fn.args
    allargs = args.posonlyargs + args.args + ([args.vararg] if args.vararg else []) + args.kwonlyargs + ([args.kwarg] if args.kwarg else [])
    locs = {a.lineno: a.arg for a in allargs}
    if fn.returns is not None: locs[fn.returns.lineno] = "return"
    docs = {}
    for line, name in locs.items():
        if line in comments: docs[name] = comments[line]; continue
        above, l = [], line - 1
        while l > fn.lineno and l in comments and l not in locs: above.append(comments[l]); l -= 1
        if above: docs[name] = " ".join(reversed(above))
    return docs

def _params(fn, comments: dict, skip_self: bool = False) -> tuple[str, list]:
    "Signature text and rows (name, annotation, default, doc) of a function definition."
    a, docs = fn.args, _param_docs(fn, comments)
    pos = a.posonlyargs + a.args
    defaults = [None] * (len(pos) - len(a.defaults)) + list(a.defaults)
    rows = [(p, d) for p, d in zip(pos, defaults)]
    if skip_self and rows and rows[0][0].arg in ("self", "cls"): rows = rows[1:]
    parts, table = [], []
    for p, d in rows:
        parts.append(_argtext(p, d)); table.append(_row(p, d, docs))
    if a.vararg: parts.append("*" + _argtext(a.vararg, None)); table.append(_row(a.vararg, None, docs, "*"))
    elif a.kwonlyargs: parts.append("*")
    for p, d in zip(a.kwonlyargs, a.kw_defaults):
        parts.append(_argtext(p, d)); table.append(_row(p, d, docs))
    if a.kwarg: parts.append("**" + _argtext(a.kwarg, None)); table.append(_row(a.kwarg, None, docs, "**"))
    ret = f" -> {ast.unparse(fn.returns)}" if fn.returns is not None else ""
    if docs.get("return"): table.append(("Returns", ast.unparse(fn.returns) if fn.returns is not None else "", "", docs["return"]))
    return f"({', '.join(parts)}){ret}", table

def _argtext(p, d):
    s = p.arg + (f": {ast.unparse(p.annotation)}" if p.annotation is not None else "")
    if d is not None: s += (" = " if p.annotation is not None else "=") + ast.unparse(d)
    return s

def _row(p, d, docs, star=""):
    return (star + p.arg, ast.unparse(p.annotation) if p.annotation is not None else "",
            ast.unparse(d) if d is not None else "", docs.get(p.arg, ""))

def _table(rows) -> str:
    if not any(r[3] for r in rows): return ""
    code = lambda x: f"<code>{html.escape(x)}</code>" if x else ""
    body = "".join(f"<tr><td>{code(n)}</td><td>{code(t)}</td><td>{code(d)}</td><td>{_md(doc) if doc else ''}</td></tr>"
                   for n, t, d, doc in rows)
    return ('<table class="actrm-params"><thead><tr><th></th><th>Type</th><th>Default</th><th>Details</th></tr></thead>'
            f"<tbody>{body}</tbody></table>")

def _card(anchor: str, kind: str, name: str, sig: str, doc: str | None, table: str, extra: str = "") -> str:
    return (f'<div class="actrm-card" id="{html.escape(anchor)}"><div class="actrm-sig">'
            f'<span class="actrm-kw">{kind}</span> <a class="actrm-name" href="#{html.escape(anchor)}">{html.escape(name)}</a>'
            f'<span class="actrm-args">{html.escape(sig)}</span></div>'
            + (f'<div class="actrm-docstring">{_md(doc)}</div>' if doc else "") + table + extra + "</div>")

def public_defs(src: str) -> list[str]:
    "Names of the public top-level functions and classes defined in a cell."
    try: tree = ast.parse(src)
    except SyntaxError: return []
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and not n.name.startswith("_")]

def api_cards(src: str) -> str:
    "HTML API cards (like nbdev's show_doc) for the public functions and classes of an exported cell."
    try: tree = ast.parse(src)
    except SyntaxError: return ""
    comments, cards = _comments(src), []
    for n in tree.body:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and not n.name.startswith("_"):
            sig, rows = _params(n, comments)
            kind = "async def" if isinstance(n, ast.AsyncFunctionDef) else "def"
            cards.append(_card(n.name, kind, n.name, sig, ast.get_docstring(n), _table(rows)))
        elif isinstance(n, ast.ClassDef) and not n.name.startswith("_"):
            bases = ", ".join(ast.unparse(b) for b in n.bases)
            init = next((m for m in n.body if isinstance(m, ast.FunctionDef) and m.name == "__init__"), None)
            if init is not None: sig, rows = _params(init, comments, skip_self=True)
            else:   # NamedTuple / dataclass fields
                fields = [m for m in n.body if isinstance(m, ast.AnnAssign) and isinstance(m.target, ast.Name)]
                rows = [(f.target.id, ast.unparse(f.annotation), ast.unparse(f.value) if f.value is not None else "",
                         comments.get(f.lineno, "")) for f in fields]
                sig = "(" + ", ".join(f"{r[0]}: {r[1]}" + (f" = {r[2]}" if r[2] else "") for r in rows) + ")" if fields else (f"({bases})" if bases else "")
            methods = []
            for m in n.body:
                if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and not m.name.startswith("_"):
                    msig, _ = _params(m, comments, skip_self=True)
                    deco = {ast.unparse(d) for d in m.decorator_list}
                    if "property" in deco: msig = ""
                    doc = (ast.get_docstring(m) or "").split("\n\n")[0]
                    anchor = f"{n.name}.{m.name}"
                    methods.append(f'<li id="{html.escape(anchor)}"><code class="actrm-method">{html.escape(m.name + msig)}</code>'
                                   + (f" — {_md(doc).removeprefix('<p>').removesuffix('</p>')}" if doc else "") + "</li>")
            extra = f'<ul class="actrm-methods">{"".join(methods)}</ul>' if methods else ""
            cards.append(_card(n.name, "class", n.name, sig, ast.get_docstring(n), _table(rows), extra))
    return "".join(cards)

# --------------------------------------------------------------------------------- rendering
def _read_settings(root: Path) -> dict:
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.read(root / "settings.ini")
    return dict(cfg["DEFAULT"]) if cfg.has_section("DEFAULT") or cfg.defaults() else {}

def _rel(frm: str, to: str) -> str:
    "Relative link from page `frm` to page `to` (both relative to the site root)."
    return os.path.relpath(to, os.path.dirname(frm) or ".").replace(os.sep, "/")

def nav_html(pages: list[Page], current: Page) -> str:
    "The sidebar: every page by section, the current one marked and followed by its own sections."
    parts = []
    for kind, label in SECTIONS:
        group = [p for p in pages if p.kind == kind]
        if not group: continue
        if kind != "home": parts.append(f'<div class="actrm-nav-section">{label}</div>')
        parts.append("<ul>")
        for p in group:
            cur = p is current
            li, aria = (' class="actrm-current"', ' aria-current="page"') if cur else ("", "")
            parts.append(f'<li{li}><a href="{_rel(current.out, p.out)}"{aria}>{html.escape(p.title)}</a>'
                         + ("<!--actrm:toc-->" if cur else "") + "</li>")
        parts.append("</ul>")
    return "\n".join(parts)

def toc_html(headings) -> str:
    items = [f'<li class="actrm-toc-h{lvl}"><a href="#{html.escape(i, quote=True)}">{html.escape(t)}</a></li>'
             for lvl, i, t in headings if lvl in (2, 3)]
    return f'<ul class="actrm-toc">{"".join(items)}</ul>' if items else ""

_HEADING = re.compile(r'<h([1-6])\s+id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)

def headings_of(page_html: str) -> list:
    "(level, id, text) of the headings nbconvert gave anchors to (markdown cells)."
    return [(int(l), html.unescape(i), html.unescape(re.sub(r"<[^>]+>", "", t)).replace("¶", "").strip())
            for l, i, t in _HEADING.findall(page_html)]

def exporter(assets: Path):
    "nbconvert's HTMLExporter on our template, without its BeautifulSoup pass over every page (a third of the time)."
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter

    class Exporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            try:   # HTMLExporter.from_notebook_node up to its soup step (it only adds alt texts and tabindex)
                from nbconvert.filters.highlight import Highlight2HTML
                from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
                langinfo = nb.metadata.get("language_info", {})
                lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
                self.register_filter("highlight_code", self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
                resources = self._init_resources(resources)
                self.register_filter("filter_data_type", WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            except (ImportError, AttributeError, TypeError):   # another nbconvert: take the standard path
                return super().from_notebook_node(nb, resources, **kw)
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return outside_scripts(page, lambda t: re.sub(r"<img(?![^>]*\balt=)", '<img alt="output image"', t)), resources

    return Exporter(template_name="actrm", extra_template_basedirs=[str(assets)],
                    exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True, anchor_link_text="¶")

def execute_nb(nb, cwd: Path, timeout: int):
    "Run a notebook in its folder (cells marked `#| eval: false` are skipped)."
    from nbclient import NotebookClient
    for c in nb.cells:
        if c.cell_type == "code" and _falsy(split_directives(c.source)[0].get("eval:")):
            c.metadata.setdefault("tags", []).append("skip-execution")
    NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return nb

def exported_names(pages: list[Page], lib: str | None = None) -> dict:
    """name -> page link for every public function/class exported by an API notebook: the bare name where it is
    unique, and `module.name` (and `lib.module.name`) always, `module` being the notebook's `default_exp`."""
    import nbformat
    seen, qualified = {}, {}
    for p in pages:
        if p.kind != "api": continue
        nb = nbformat.read(p.src, as_version=4)
        mod = _default_exp(nb)
        for c in nb.cells:
            if c.cell_type != "code": continue
            dirs, src = split_directives(c.source)
            if EXPORT & dirs.keys():
                for n in public_defs(src):
                    seen.setdefault(n, []).append(p.out)
                    if mod:
                        qualified.setdefault(f"{mod}.{n}", p.out + "#" + n)
                        if lib: qualified.setdefault(f"{lib}.{mod}.{n}", p.out + "#" + n)
    return {n: v[0] + "#" + n for n, v in seen.items() if len(v) == 1} | qualified

_SCRIPT_BLOCK = re.compile(r"(<script\b[^>]*>.*?</script\s*>)", re.S | re.I)
_REMOTE = r"\s*[\"']?\s*(?:https?:)?//"
_EXTERNAL_TAG = re.compile(r"<(?:script|link|img|iframe|source|audio|video|embed|track)\b[^>]*\b(?:src|href)\s*=" + _REMOTE + r"[^>]*>", re.I)

def outside_scripts(page_html: str, fn) -> str:
    "Apply `fn` to the markup between inline scripts, leaving script code (e.g. circuitsvis bundles) untouched."
    parts = _SCRIPT_BLOCK.split(page_html)
    return "".join(fn(p) if i % 2 == 0 else p for i, p in enumerate(parts))

def strip_external(page_html: str) -> str:
    "Remove tags that would fetch scripts, styles or media from the network (inline scripts are kept)."
    parts = _SCRIPT_BLOCK.split(page_html)
    return "".join(_EXTERNAL_TAG.sub("", p) if i % 2 == 0 else
                   ("" if re.match(r"<script\b[^>]*\bsrc\s*=" + _REMOTE, p, re.I) else p)
                   for i, p in enumerate(parts))

_LOADING_TAG = re.compile(r"<(script|link|img|iframe|source|audio|video|embed|object|input|track)\b[^>]*>", re.I)
_ATTR = re.compile(r"""\b(src|href|data|srcset|poster|rel)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)

def _without_script_bodies(page_html: str) -> str:
    "The page with inline script contents blanked (their text is code, not markup)."
    return re.sub(r"(<script\b[^>]*>).*?(</script>)", r"\1\2", page_html, flags=re.S | re.I)

def page_loads(page_html: str) -> list[tuple[str, str]]:
    "(tag, url) for every URL the page loads by itself: scripts, style sheets, images, frames, media."
    out = []
    for m in _LOADING_TAG.finditer(_without_script_bodies(page_html)):
        tag, attrs = m.group(1).lower(), {k.lower(): html.unescape(v.strip("\"'")) for k, v in _ATTR.findall(m.group(0))}
        if tag == "link" and attrs.get("rel", "").lower() in ("", "canonical", "alternate", "next", "prev"): continue
        for k in ("src", "href", "data", "poster"):
            if attrs.get(k): out.append((tag, attrs[k]))
        out += [(tag, u.split()[0]) for u in attrs.get("srcset", "").split(",") if u.strip()]
    return out

def external_loads(page_html: str) -> list[str]:
    "Every http(s) URL the page would load by itself (scripts, styles, images, frames, CSS imports)."
    bad = [f"<{t}> {u}" for t, u in page_loads(page_html) if re.match(r"\s*(https?:)?//", u, re.I)]
    for script in re.findall(r"<script\b[^>]*>(.*?)</script\s*>", page_html, flags=re.S | re.I):   # ES module imports
        bad += [f"js import {u} (render circuitsvis from its local bundle: RenderedHTML.local_src, actrm_lab.viz.cv_html)"
                for u in re.findall(r"""(?:\bfrom\s*|\bimport\s*\(?\s*)["'`]((?:https?:)?//[^"'`]+)["'`]""", script)]
    for style in re.findall(r"<style[^>]*>(.*?)</style>", page_html, flags=re.S | re.I):
        bad += [f"css {u}" for u in re.findall(r"(?:@import\s+|url\()\s*[\"']?((?:https?:)?//[^\"')\s]+)", style, flags=re.I)]
    return bad

def render_page(page: Page, pages: list[Page], exp, css: str, site_title: str, names: dict,
                execute: bool, timeout: int) -> str:
    import nbformat
    nb = nbformat.read(page.src, as_version=4)
    if execute: execute_nb(nb, page.src.parent, timeout)
    rel_names = {n: _rel(page.out, t.split("#")[0]) + "#" + t.split("#")[1] if t.split("#")[0] != page.out else "#" + t.split("#")[1]
                 for n, t in names.items()}
    apply_directives(nb, rel_names, executed=execute)
    nb.metadata["title"] = page.title if page.kind == "home" else f"{page.title} · {site_title}"
    i = pages.index(page)
    link = lambda p: {"href": _rel(page.out, p.out), "title": p.title} if p else None
    mode = ", executed at build time" if execute else (", rendered without running it" if page.kind == "api" else "")
    resources = {"actrm": dict(css=css, nav=nav_html(pages, page), title=page.title, site_title=site_title,
                               kind=page.kind, section=SECTION_NAME[page.kind], home=_rel(page.out, "index.html"),
                               source=f"nbs/{page.rel_src}", mode=mode,
                               prev=link(pages[i - 1] if i > 0 else None), next=link(pages[i + 1] if i + 1 < len(pages) else None)),
                 "metadata": {"name": page.title, "path": str(page.src.parent)}}
    body, _ = exp.from_notebook_node(nb, resources=resources)
    page.headings = headings_of(body)
    body = body.replace("<!--actrm:toc-->", toc_html(page.headings), 1)
    body = strip_external(body)
    bad = external_loads(body)
    if bad: raise RuntimeError(f"build_docs: {page.rel_src} would load from the network: {bad[:5]}")
    return body

def build_site(tmp: Path, nbs: Path, assets: Path, execute: bool, timeout: int, quiet: bool) -> list[Page]:
    pages = discover(nbs)
    if not pages: raise SystemExit(f"build_docs: no notebooks under {nbs}")
    settings = _read_settings(ROOT)
    site_title = settings.get("title") or settings.get("lib_name") or "docs"
    css = (assets / "docs.css").read_text()
    exp, names = exporter(assets), exported_names(pages, settings.get("lib_name"))
    for p in pages:
        t0 = time.time()
        page_html = render_page(p, pages, exp, css, site_title, names, execute, timeout)
        dst = tmp / p.out; dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(page_html, encoding="utf-8")
        if not quiet: print(f"  {p.rel_src:<40} -> {p.out} ({time.time() - t0:.1f} s)", flush=True)
    (tmp / ".nojekyll").write_text("")
    (tmp / "pages.json").write_text(json.dumps([dict(src=p.rel_src, out=p.out, kind=p.kind, title=p.title,
                                                     headings=[h[2] for h in p.headings if h[0] <= 3]) for p in pages], indent=1))
    return pages

def build_docs(out: Path | str = OUT, nbs: Path | str = NBS, assets: Path | str = ASSETS, execute: bool = False,
               timeout: int = 600, screenshot: bool | None = None, quiet: bool = False) -> Path:
    """Render every notebook under `nbs` into a static site at `out` (atomically) and return `out`.
    `screenshot` (default: only when `out` is the project's `_docs`) saves a Chromium screenshot of the first
    tutorial page (or the home page) to `out/screenshots/`."""
    out, nbs, assets = Path(out).resolve(), Path(nbs).resolve(), Path(assets).resolve()
    if screenshot is None: screenshot = out == OUT.resolve()
    t0 = time.time()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=out.name + ".tmp-", dir=out.parent))
    try:
        pages = build_site(tmp, nbs, assets, execute, timeout, quiet)
        shot = None
        if screenshot:
            target = next((p for p in pages if p.kind == "tutorial"), pages[0])
            if chromium() is None: print(f"build_docs: no screenshot ({CHROMIUM_INSTALL})")
            else:
                name = Path(target.out).stem + ".png"
                screenshot_page(tmp / target.out, tmp / "screenshots" / name)
                shot = out / "screenshots" / name
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=out.name + ".tmp-old-", dir=out.parent)); old.rmdir()
            os.replace(out, old)
        os.replace(tmp, out)
        if old is not None: shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True); raise
    dt = time.time() - t0
    if True:
        print(f"build_docs: {len(pages)} pages -> {out}/index.html in {dt:.1f} s"
              + (" (notebooks executed)" if execute else ""))
        if shot: print(f"build_docs: screenshot of {target.out}: {shot}")
    return out

# ---------------------------------------------------------------------------------- chromium
def chromium() -> str | None:
    "Path of a Chromium binary (Debian's `chromium` package), or None."
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p: return p
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None

def closed_port() -> int:
    "A local TCP port nothing listens on (bound then released)."
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]

def chromium_args(profile: Path, proxy_port: int | None = None, window: str = "1280,2000") -> list[str]:
    """Headless Chromium that cannot reach the network: every non-loopback request goes to a proxy at
    127.0.0.1:`proxy_port` (a closed port, or a trap that records what tried to leave)."""
    exe = chromium()
    if exe is None: raise RuntimeError(f"Chromium is not installed: {CHROMIUM_INSTALL}")
    port = proxy_port or closed_port()
    return [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-extensions", "--disable-breakpad", "--disable-dev-shm-usage",
            "--hide-scrollbars", "--mute-audio", "--no-default-browser-check", "--metrics-recording-only",
            "--disable-features=NetworkTimeServiceQuerying,Translate,MediaRouter,OptimizationHints",
            "--disable-client-side-phishing-detection", "--disable-domain-reliability", "--password-store=basic",
            f"--user-data-dir={profile}", f"--proxy-server=http://127.0.0.1:{port}",
            "--proxy-bypass-list=127.0.0.1;localhost", f"--window-size={window}"]

def _run_chromium(args: list[str], timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)

def screenshot_page(url: str | Path, png: Path, proxy_port: int | None = None, window: str = "1280,2000",
                    budget_ms: int = 3000, extra: Sequence[str] = ()) -> Path:
    "Save a PNG screenshot of a page (a file path or URL) with offline headless Chromium."
    png = Path(png); png.parent.mkdir(parents=True, exist_ok=True)
    url = Path(url).resolve().as_uri() if isinstance(url, Path) else url
    with tempfile.TemporaryDirectory(prefix="actrm-chromium-") as prof:
        r = _run_chromium(chromium_args(Path(prof), proxy_port, window) + list(extra)
                          + [f"--virtual-time-budget={budget_ms}", f"--screenshot={png}", url])
    if not png.exists(): raise RuntimeError(f"chromium made no screenshot of {url}: {r.stderr[-2000:]}")
    return png

def dump_dom(url: str | Path, proxy_port: int | None = None, budget_ms: int = 3000, extra: Sequence[str] = ()) -> str:
    "The DOM of a page after its scripts ran (headless Chromium `--dump-dom`)."
    url = Path(url).resolve().as_uri() if isinstance(url, Path) else url
    with tempfile.TemporaryDirectory(prefix="actrm-chromium-") as prof:
        r = _run_chromium(chromium_args(Path(prof), proxy_port) + list(extra)
                          + [f"--virtual-time-budget={budget_ms}", "--dump-dom", url])
    if r.returncode != 0 or "<html" not in r.stdout:
        raise RuntimeError(f"chromium --dump-dom {url} failed (rc {r.returncode}): {r.stderr[-2000:]}")
    return r.stdout

# ---------------------------------------------------------------------------------------- main
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(OUT), help="site folder (default: _docs)")
    ap.add_argument("--nbs", default=str(NBS), help="notebooks folder (default: nbs)")
    ap.add_argument("--execute", action="store_true", help="execute every notebook before rendering it")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell with --execute (default 600)")
    ap.add_argument("--no-screenshot", action="store_true", help="do not take a Chromium screenshot")
    ap.add_argument("--offline", action="store_true", help="use nbconvert even when Quarto is installed")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    a = ap.parse_args(argv)
    if shutil.which("quarto") and not a.offline:   # nbdev's Quarto path, where Quarto exists
        t0 = time.time()
        subprocess.run([str(Path(sys.executable).parent / "nbdev_docs")], cwd=ROOT, check=True)
        print(f"build_docs: nbdev_docs (Quarto) -> {ROOT / '_docs'} in {time.time() - t0:.1f} s")
        return
    build_docs(a.out, a.nbs, execute=a.execute, timeout=a.timeout, screenshot=False if a.no_screenshot else None,
               quiet=a.quiet)

if __name__ == "__main__":
    main()
