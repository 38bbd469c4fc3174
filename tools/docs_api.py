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
* `nbs/_docs_assets/` (the site's CSS, the code colouring script, the file:// search worker shim) as `assets/`, beside
  circuitsvis's JavaScript bundle, taken out of the views that inline it (`share_circuitsvis`).

mkdocs also loads this file as a hook (`on_post_page` below: what it takes out of the pages, to keep them small).

    python tools/docs_api.py [--out _docs_src]
"""
from __future__ import annotations
import argparse, ast, base64, functools, hashlib, html, importlib, inspect, json, re, shutil, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS, OUT = ROOT / "nbs", ROOT / "_docs_src"
DIRECTIVE = re.compile(r"^\s*#\s*\|\s*([\w-]+:?)\s*(.*?)\s*$")

# circuitsvis's offline HTML inlines its whole 1.3 MB JavaScript bundle into every view, then calls `CircuitsVis.render`
CV_BUNDLE = re.compile(r'<script crossorigin type="module">\s*("use strict";var CircuitsVis=.*?)\n//# sourceMappingURL=\S+',
                       re.S)
FLOAT = re.compile(r'"(?:[^"\\]|\\.)*"|(?<![\w.])-?\d+\.\d{5,}(?:e-?\d+)?(?![\w.])')   # strings matched, to be skipped

def _round(m) -> str: return m.group(0) if m.group(0)[0] == '"' else f"{float(m.group(0)):.4f}".rstrip("0").rstrip(".")

def share_circuitsvis(src: str, assets: Path, up: str) -> str:
    """The bundle written once to `assets/circuitsvis-<hash>.js` and loaded as a classic script (a module script
    from file:// is refused by the browser); the view's own `render` call stays inline, after it, its numbers rounded."""
    def repl(m):
        name = f"circuitsvis-{hashlib.sha1(m.group(1).encode()).hexdigest()[:10]}.js"
        assets.mkdir(parents=True, exist_ok=True); (assets / name).write_text(m.group(1) + "\n")
        return f'<script src="{up}assets/{name}"></script>\n<script type="module">'
    src = CV_BUNDLE.sub(repl, src)
    # the view's data: float32 values printed as doubles (0.3093999922275543) -> 4 decimals (colour shades)
    a = src.find("CircuitsVis.render(")
    return src if a < 0 else src[:a] + FLOAT.sub(_round, src[a:])

def stage_notebook(src: Path, dst: Path, root: Path | None = None):
    """Copy one notebook with nbdev directives applied (the JSON is edited directly, outputs kept); with `root` (the
    staging folder), circuitsvis bundles in outputs go to `root/assets` once."""
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
                html = o.get("data", {}).get("text/html")
                if root is not None and html and "var CircuitsVis=" in "".join(html):
                    up = "../" * len(dst.relative_to(root).parts[:-1])
                    o["data"]["text/html"] = share_circuitsvis("".join(html), root / "assets", up)
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
        if not any(s.startswith((".", "_")) for s in rel.parts): stage_notebook(p, out / rel, out)
    shutil.copytree(nbs / "_docs_assets", out / "assets", dirs_exist_ok=True); (out / "api").mkdir()
    sys.path.insert(0, str(ROOT))
    for m in modules(): (out / "api" / f"{m}.md").write_text(api_page(m))
    return out

# mkdocs hook (mkdocs.yml `hooks:`). mkdocs-jupyter writes every notebook page as a self-contained file; the site's
# pages (HTML alone) are held to 3 MB (tests/test_docs.py), so this hook moves what repeats or is not text out of them:
# * each large <style> block (about 590 KB of JupyterLab CSS per notebook page) to assets/nb-<hash>.css, linked;
# * inline PNG/JPEG/SVG outputs (data: URIs) to assets/img/<hash>.<ext> files;
# * mkdocs-jupyter's per-cell copy button (an SVG, a hidden second copy of the cell's source and a 4 KB script on every
#   page) for material's own `content.code.copy` button: the cell's code is wrapped in <code>, which material needs;
# * Pygments' highlighting, a third of the pages' bytes as one <span class="..."> per token: stored as token offsets on
#   the <code> element and put back in the browser by assets/code-colours.js (see `pack_code`);
# * the <div>s mkdocs-jupyter wraps each cell in: short class names (`SHORT`, the stylesheets renamed alike), classes
#   no rule can match dropped, a code cell's twin wrapper merged (`merge_twin_cells`);
# * mermaid's loader (from cdnjs) and CSS where no diagram needs them, MathJax's settings (no MathJax is loaded), empty
#   collapser <div>s, the indentation between tags.
# Measured (issue 22): the pages went from 10.4 MB to 2.9 MB; after notebooks gained cells (3.27 MB), the wrappers'
# classes and a shorter `data-hl` brought them to 2.78 MB. The test prints the total and the largest pages.
HL_CLASSES = re.compile(r"\.highlight(?:-ipynb)? \.(\w+)\b")
TOKEN = re.compile(r'<span class="(\w+)">([^<]*)</span>|([^<]+)')
# not coloured: `.n` (material gives it the plain code colour), whitespace (no visible colour), and punctuation and
# operators (`.p`, `.o`: half of all tokens; the site's 3 MB budget for its pages has no room for them)
PLAIN = {"n", "w", "p", "o"}

def hl_codes() -> dict[str, str]:
    "{Pygments class: its one-character code in `data-hl`}, from assets/code-colours.js (`CLASSES`, `CODES`), its reader."
    js = (NBS / "_docs_assets" / "code-colours.js").read_text()
    classes, codes = (re.search(rf'const {k} = "([^"]*)"', js).group(1) for k in ("CLASSES", "CODES"))
    return dict(zip(classes.split(), codes))

HL_CODES = hl_codes()

def pack_code(code: str, styled: set) -> str | None:
    """A Pygments block (the tokens in a <pre>) as `<code data-hl="...">plain text</code>`, or None when it holds other
    markup. `data-hl` lists the coloured runs as `<gap><code><length>`, space-separated, where <code> is one character
    standing for the Pygments class (`HL_CODES`; assets/code-colours.js reads it); runs of one class with only whitespace
    between merge; classes in `PLAIN` or not in `styled` (what the page's stylesheet colours) stay plain text. Offsets
    count UTF-16 units, as JavaScript strings do."""
    code = code.replace("<span></span>", "")
    if TOKEN.sub("", code) or "\r" in code: return None
    plain, runs, at, between = [], [], 0, ""   # runs: [start, end, class]
    for m in TOKEN.finditer(code):
        cls, raw = (m.group(1), m.group(2)) if m.group(1) else (None, m.group(3))
        text = html.unescape(raw); n = len(text.encode("utf-16-le")) // 2
        plain.append(raw)
        if cls in styled and cls not in PLAIN and text.strip():
            if cls not in HL_CODES: raise ValueError(f"Pygments class {cls!r} has no code: add it to code-colours.js")
            if runs and runs[-1][2] == cls and not between.strip(): runs[-1][1] = at + n   # `if not`: one run
            else: runs.append([at, at + n, cls])
            between = ""
        else: between += text
        at += n
    hl, last = [], 0
    for start, end, cls in runs:
        hl.append(f"{start - last or ''}{HL_CODES[cls]}{end - start}"); last = end
    return f'<code data-hl="{" ".join(hl)}">' + "".join(plain) + "</code>" if hl else "<code>" + "".join(plain) + "</code>"

def on_post_page(output: str, page, config, **kw) -> str:
    up = "../" * page.file.dest_uri.count("/")
    site = Path(config["site_dir"])
    def asset(name: str, data: bytes) -> str:
        f = site / name
        if not f.exists(): f.parent.mkdir(parents=True, exist_ok=True); f.write_bytes(data)
        return up + name
    styled = set()
    def share(m):
        styled.update(HL_CLASSES.findall(m.group(2)))
        css = short_css(m.group(2))
        if len(css) < 2000: return m.group(1) + css + "</style>"
        href = asset(f"assets/nb-{hashlib.sha1(css.encode()).hexdigest()[:10]}.css", css.encode())
        return f'<link rel="stylesheet" href="{href}">'
    output = re.sub(r"(<style[^>]*>)(.*?)</style>", share, output, flags=re.S)
    def image(m):
        kind, data = m.group(1), base64.b64decode(m.group(2))
        return asset(f"assets/img/{hashlib.sha1(data).hexdigest()[:12]}.{kind.split('+')[0]}", data)
    output = re.sub(r'(?<=src=")data:image/(png|jpeg|svg\+xml);base64,([A-Za-z0-9+/=\s]+)(?=")', image, output)
    # mkdocs-jupyter's copy button: its element, its hidden source copy, its script and listener (template mkdocs_html)
    output = re.sub(r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*', "", output, flags=re.S)
    output = re.sub(r'<div class="clipboard-copy-txt" id="cell-\d+">.*?</div>', "", output, flags=re.S)
    output = re.sub(r"<script>\s*\(function \(global, factory\).*?ClipboardCopyElement.*?</script>\s*<script>\s*"
                    r"document\.addEventListener\('clipboard-copy'.*?</script>", "", output, flags=re.S)
    # material's copy button targets `#<closest id> > code`; nbconvert's `cell-id=<id>` is no valid CSS selector
    output = re.sub(r'id="cell-id=([\w-]+)"', r'id="cell-\1"', output)
    def nb_code(m):   # mkdocs-jupyter: <pre>tokens</pre>; material's copy button wants <pre><code>
        return m.group(1) + (pack_code(m.group(2), styled) or f"<code>{m.group(2)}</code>") + "</pre>"
    output = re.sub(r'(<div class="highlight-ipynb[^"]*"><pre>)(.*?)</pre>', nb_code, output, flags=re.S)
    def md_code(m):   # pymdownx.highlight: <pre><span></span><code>tokens</code></pre>
        return m.group(1) + (pack_code(m.group(2), material_hl()) or f"<code>{m.group(2)}</code>") + "</pre>"
    output = re.sub(r'(<div class="highlight"><pre>)<span></span><code>(.*?)</code></pre>', md_code, output, flags=re.S)
    if not re.search(r'class="[^"]*jp-Mermaid', output):   # mermaid's loader (from cdnjs) where no diagram needs it
        output = re.sub(r'<script type="module">(?:(?!</script>).)*mermaid\.esm\.min\.mjs.*?</script>', "", output,
                        flags=re.S)
        output = re.sub(r"<style>\s*\.jp-Mermaid:not\(\.jp-RenderedMermaid\).*?</style>", "", output, flags=re.S)   # its rules
    output = re.sub(r'<div class="jp-Collapser [^"]*">\s*</div>', "", output)   # empty, and display:none in its CSS
    output = output.replace('<div class="highlight-ipynb hl-python">', '<div class="highlight-ipynb">')   # no CSS uses it
    output = output.replace(' data-type="inline"', "")   # only CodeMirror's editing cursor/dialog rules use it
    # the cell wrappers' classes, shortened here and in the stylesheets alike (`SHORT`); two attributes no stylesheet reads
    output = output.replace('<div class="jp-Cell-inputWrapper" tabindex="0">', '<div class="jp-Cell-inputWrapper">')
    output = re.sub(r' data-mime-type="(?!application/vnd\.jupyter\.stderr")[^"]*"', "", output)
    output = CLASS_ATTR.sub(short_classes, output)
    output = merge_twin_cells(output)
    # MathJax's settings, for a MathJax that is never loaded (mkdocs.yml's custom_mathjax_url is an empty script)
    output = re.sub(r'<script type="text/x-mathjax-config">.*?</script>', "", output, flags=re.S)
    # indentation between tags is a third of a page: collapse whitespace runs outside <pre>, <script>, <textarea>, and
    # drop the line break between two block-level tags (where it renders as nothing)
    keep = re.compile(r"(<(pre|script|textarea)\b.*?</\2>)", re.S | re.I)
    parts = keep.split(output)
    return "".join(s if i % 3 else BLOCKS.sub(r"\1", re.sub(r"\s*\n\s*", "\n", s)) for i, s in enumerate(parts) if i % 3 != 2)

# mkdocs-jupyter nests every cell in six or seven <div>s with two to four JupyterLab classes each (a code cell's wrappers
# were 530 bytes, a markdown cell's 300, and there are thousands): the frequent class names get short ones, renamed in
# the pages' class attributes and in every stylesheet that names them (the JupyterLab CSS, assets/extra.css), so each
# rule matches exactly what it matched before. No script reads these classes (checked: material's bundle, the pages'
# scripts). The short names start with `j` followed by lowercase letters; pack_code's Pygments classes never do.
# Classes that always come together on one element share a short name (`.jp-InputArea` and `.jp-Cell-inputArea` both
# become `.ji`: each rule still matches the same elements); `short_classes` checks that they do come together.
SHORT = {"jp-Cell": "jc", "jp-Notebook-cell": "jn", "jp-CodeCell": "jcc", "jp-MarkdownCell": "jmc",
         "jp-mod-noOutputs": "jno", "jp-Cell-inputWrapper": "jiw", "jp-InputArea": "ji", "jp-Cell-inputArea": "ji",
         "jp-CodeMirrorEditor": "je", "jp-Editor": "jed", "jp-InputArea-editor": "je", "CodeMirror": "jm",
         "cm-s-jupyter": "jm", "jp-RenderedHTMLCommon": "jrh", "jp-RenderedMarkdown": "jrm", "jp-MarkdownOutput": "jmo",
         "jp-Cell-outputWrapper": "jow", "jp-OutputArea": "jo", "jp-Cell-outputArea": "jo", "jp-OutputArea-child": "jch",
         "jp-OutputArea-executeResult": "jer", "jp-OutputArea-output": "joo", "jp-RenderedText": "jrt",
         "highlight-ipynb": "jhl"}
TOGETHER = {s: {c for c in SHORT if SHORT[c] == s} for s in set(SHORT.values()) if list(SHORT.values()).count(s) > 1}
# classes that no rule of the stylesheets can match here: each rule that names them also needs a class no page has
# (`jp-mod-dropTarget`, `jp-mod-sideBySide`, ...), and none names them inside :not(); dropped from the pages
UNSTYLED = {"jp-Notebook-cell", "jp-CodeCell", "jp-Editor"}
CLASS_ATTR = re.compile(r'(<[a-zA-Z][^<>]*? class=")([^"]*)"')
CSS_CLASS = re.compile(r"\.(" + "|".join(map(re.escape, sorted(SHORT, key=len, reverse=True))) + r")(?![\w-])")

def short_classes(m) -> str:
    "A class attribute (CLASS_ATTR's match) with `SHORT`'s names, without `UNSTYLED`'s."
    cs = m.group(2).split()
    for short, names in TOGETHER.items():
        if names & set(cs) and not names <= set(cs):
            raise ValueError(f"class={m.group(2)!r}: docs_api.SHORT gives {sorted(names)} one name, but not all are here")
    out = dict.fromkeys(SHORT.get(c, c) for c in cs if c not in UNSTYLED)   # in order, once each
    return m.group(1) + " ".join(out) + '"'

def short_css(css: str) -> str:
    "A stylesheet with `SHORT`'s class names in its selectors replaced; refuses one that already uses a short name."
    clash = re.search(r"\.(" + "|".join(set(SHORT.values())) + r")(?![\w-])", css)
    if clash: raise ValueError(f"a stylesheet already uses the class {clash.group(0)}, one of docs_api.SHORT's names")
    return CSS_CLASS.sub(lambda m: "." + SHORT[m.group(1)], css)

TWIN = re.compile(r'<div class="([^"]*)">\s*(<div class="\1" id="cell-[^"]*")>')

def merge_twin_cells(page: str) -> str:
    """mkdocs-jupyter wraps each code cell's <div class="jp-Cell ..." id=...> in a second <div> of the same classes and
    nothing else. The pair becomes one <div>, with the class `j2` that gives it both padding (assets/extra.css: the two
    were borderless, unmargined blocks with `--jp-cell-padding` each, so one with twice the padding looks the same)."""
    out, at = [], 0
    for m in TWIN.finditer(page):
        depth, i = 1, m.end(2) + 1   # past the inner <div ...>: find its </div>
        for t in re.finditer(r"<div\b|</div>", page[i:]):
            depth += 1 if t.group(0) == "<div" else -1
            if depth == 0: break
        end = i + t.end()
        close = re.match(r"\s*</div>", page[end:])
        if m.start() < at or not close: continue   # not a plain wrapper: left as it is
        out += [page[at:m.start()], m.group(2).replace('" id=', ' j2" id=', 1) + ">", page[m.end():end]]
        at = end + close.end()
    return "".join(out) + page[at:]

def on_post_build(config, **kw):
    "assets/extra.css is copied by mkdocs, not passed through on_post_page: its class names shortened the same way."
    f = Path(config["site_dir"]) / "assets" / "extra.css"
    if f.exists(): f.write_text(short_css(f.read_text()))

BLOCK = r"(?:div|p|ul|ol|li|nav|table|thead|tbody|tr|td|th|h[1-6]|header|footer|main|article|head|body|html|meta|link|form)"
BLOCKS = re.compile(rf"(</?{BLOCK}\b[^<>]*>)\n(?=</?{BLOCK}\b)")

@functools.cache
def material_hl() -> set:
    "The Pygments classes material's stylesheet colours (`.highlight .k`, ...): the API pages' code blocks."
    import material
    css = Path(material.__file__).parent / "templates/assets/stylesheets"
    return set(HL_CLASSES.findall("".join(p.read_text() for p in css.glob("main.*.min.css"))))

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(OUT), help="staging folder (default: _docs_src)")
    print(f"docs_api: staged {stage(ap.parse_args().out)}")
