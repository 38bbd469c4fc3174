"""The offline docs site (tools/build_docs.py, `make docs`): every notebook gets a page, the navigation resolves,
nbdev directives are applied, nothing is fetched from the network, and headless Chromium renders the pages with
their plots and circuitsvis attention views, while any request that tries to leave the machine is caught.

The site is built from a temporary copy of nbs/ plus a synthetic tutorial that holds a stored matplotlib PNG and
a stored circuitsvis view (rendered from circuitsvis' local bundle), so the image/attention-view checks always run,
also before the real tutorials exist. Chromium is Debian's `chromium` (`make browser` installs it).
"""
from __future__ import annotations
import ast, base64, html, io, json, os, re, shutil, socketserver, sys, tempfile, threading, time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, unquote

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_docs as bd  # noqa: E402

HIDDEN = "actrm-docs-test-hidden-sentinel"
SYNTH = "tutorials/99_docs_test_synthetic.ipynb"

# ----------------------------------------------------------------------------------- fixtures
def _png() -> str:
    "A real matplotlib PNG, base64 (what a stored plot output holds)."
    import matplotlib; matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(3, 2), dpi=60)
    ax.plot([0, 1, 4, 9]); ax.set_title("synthetic")
    buf = io.BytesIO(); fig.savefig(buf, format="png"); plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()

def _attention_html() -> str:
    "A circuitsvis attention view with its inlined local bundle (what a stored, offline-safe output holds)."
    import numpy as np, circuitsvis as cv
    att = np.tril(np.random.RandomState(0).rand(2, 4, 4)); att /= att.sum(-1, keepdims=True)
    return cv.attention.attention_heads(attention=att, tokens=["<s>", "The", "cat", "sat"]).local_src

# saved widget state as nbconvert writes it: a tqdm bar that finished (its text/plain still says 0%), and a box
# whose HTML child shows a table (as the head explorer does)
_w = lambda name, **st: {"model_name": name, "model_module": "@jupyter-widgets/controls", "model_module_version": "2.0.0", "state": st}
WIDGET_STATE = {
    "m1": _w("HBoxModel", children=["IPY_MODEL_m1a", "IPY_MODEL_m1b", "IPY_MODEL_m1c"]),
    "m1a": _w("HTMLModel", value="steps:\u2007100%"), "m1b": _w("FloatProgressModel", value=3.0, max=3.0),
    "m1c": _w("HTMLModel", value="\u20073/3\u2007[00:00&lt;00:00,\u20079.0it/s]"),
    "m3": _w("VBoxModel", children=["IPY_MODEL_m3a"]),
    "m3a": _w("HTMLModel", value="<table><tr><td>explorer-last-view</td></tr></table>"),
}

def synthetic_tutorial() -> nbformat.NotebookNode:
    "A small tutorial notebook with stored outputs: a PNG plot, a circuitsvis view, a hidden cell, directives."
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "python3", "language": "python"},
                                            "widgets": {"application/vnd.jupyter.widget-state+json": {"state": WIDGET_STATE, "version_major": 2, "version_minor": 0}}})
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    out = nbformat.v4.new_output
    nb.cells = [
        md("# Synthetic docs tutorial\n\n> A placeholder written by tests/test_docs.py; it never lives in nbs/."),
        code(f"#| hide\nprint('{HIDDEN}')", outputs=[out("stream", name="stdout", text=HIDDEN + "\n")]),
        md("## A stored plot"),
        code("#| eval: false\nimport matplotlib.pyplot as plt\nplt.plot([0, 1, 4, 9]);",
             outputs=[out("display_data", data={"image/png": _png(), "text/plain": "<Figure size 180x120>"})]),
        md("## An attention view\n\nHeads `L0H0` and `L0H1` on four tokens."),
        code("import circuitsvis as cv\ncv.attention.attention_heads(attention=att, tokens=tokens)",
             outputs=[out("execute_result", execution_count=3,
                          data={"text/html": _attention_html(), "text/plain": "<RenderedHTML>"})]),
        code("#| output: false\nprint('not shown')", outputs=[out("stream", name="stdout", text=HIDDEN + "\n")]),
        code("from tqdm.auto import tqdm\nfor _ in tqdm(range(3)): pass\nwidgets.Checkbox()",
             outputs=[out("display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "m1", "version_major": 2, "version_minor": 0},
                                                "text/plain": "0%|          | 0/3 [00:00<?, ?it/s]"}),
                      out("display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "m3", "version_major": 2, "version_minor": 0},
                                                "text/plain": "VBox(children=(HTML(value='<table>...'),))"}),
                      out("execute_result", execution_count=5,
                          data={"application/vnd.jupyter.widget-view+json": {"model_id": "m2", "version_major": 2, "version_minor": 0},
                                "text/plain": "Checkbox(value=False)"})]),
        code("print('hello from the synthetic tutorial')",
             outputs=[out("stream", name="stdout", text="hello from the synthetic tutorial\n")]),
    ]
    return nb

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    "Build the site from a copy of nbs/ plus the synthetic tutorial; returns (site folder, nbs copy, seconds)."
    tmp = tmp_path_factory.mktemp("docs")
    nbs = tmp / "nbs"
    shutil.copytree(bd.NBS, nbs, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "_*"))
    (nbs / SYNTH).parent.mkdir(exist_ok=True)
    nbformat.write(synthetic_tutorial(), nbs / SYNTH)
    t0 = time.time()
    out = bd.build_docs(tmp / "_docs", nbs, screenshot=False, quiet=True)
    return out, nbs, time.time() - t0

def _pages(site_dir: Path) -> list[dict]:
    return json.loads((site_dir / "pages.json").read_text())

def _visible_code_cells(nb):
    "Code cells the docs show (not hidden by nbdev directives), with their directives."
    for c in nb.cells:
        if c.cell_type != "code": continue
        dirs = {m.group(1): m.group(2) for m in (re.match(r"^\s*#\s*\|\s*([\w-]+:?)\s*(.*?)\s*$", l) for l in c.source.split("\n")) if m}
        if dirs.keys() & {"hide", "default_exp", "exporti"} or dirs.get("include:", "").lower() == "false": continue
        yield c, dirs

def expected_views(nb) -> tuple[int, int]:
    "(data-URI images, circuitsvis containers) among a notebook's stored outputs that the docs show."
    imgs = cvs = 0
    for c, dirs in _visible_code_cells(nb):
        if dirs.get("output:", "").lower() == "false": continue
        for o in c.get("outputs", []):
            data = o.get("data", {})
            imgs += sum(k in data for k in ("image/png", "image/jpeg", "image/gif"))
            h = data.get("text/html", "")
            h = "".join(h) if isinstance(h, list) else h
            imgs += len(re.findall(r"<img\b[^>]*\bsrc=[\"']data:image/", h))
            cvs += len(re.findall(r"\bid=[\"']circuits-vis-", h))
    return imgs, cvs

# -------------------------------------------------------------------------------- static checks
def test_every_notebook_has_a_page(site):
    out, nbs, dt = site
    pages = {p["src"]: p for p in _pages(out)}
    found = sorted(p.relative_to(nbs).as_posix() for p in nbs.rglob("*.ipynb")
                   if not any(s.startswith((".", "_")) for s in p.relative_to(nbs).parts))
    assert sorted(pages) == found
    assert pages["index.ipynb"]["out"] == "index.html" and (out / "index.html").exists()
    assert pages[SYNTH]["out"].startswith("tutorials/") and pages[SYNTH]["kind"] == "tutorial"
    for src, p in pages.items():
        page = (out / p["out"]).read_text()
        nb = nbformat.read(nbs / src, as_version=4)
        h1 = next(iter(md_headings(nb, 1)), None)
        if h1: assert norm(h1) in norm(re.sub(r"<[^>]+>", "", page)), f"{p['out']}: no title {h1!r}"
        if p["kind"] == "api" or re.match(r"\d+_", Path(src).name) and "/" not in src:
            assert p["kind"] == "api" and "/" not in p["out"], f"{src} should be an API page"
    print(f"\ndocs build (copy of nbs/ + synthetic tutorial): {len(pages)} pages in {dt:.1f} s")

def norm(s: str) -> str:
    "Text of a markdown/HTML heading reduced to lower-case letters and digits (links become their text)."
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", html.unescape(s))
    return re.sub(r"[\W_]+", "", s.replace("¶", "")).lower()

def md_headings(nb, levels=3) -> list[str]:
    "Headings (levels 1..`levels`) of a notebook's markdown cells, outside fenced code."
    out = []
    for c in nb.cells:
        if c.cell_type != "markdown": continue
        fence = False
        for line in c.source.split("\n"):
            if line.lstrip().startswith(("```", "~~~")): fence = not fence
            m = None if fence else re.match(r"^(#{1,%d})\s+(.+?)\s*#*\s*$" % levels, line)
            if m: out.append(m.group(2))
    return out

def _links(page_html: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r"<a\b[^>]*\bhref=\"([^\"]*)\"", page_html)]

def test_navigation_links_resolve(site):
    out, _, _ = site
    pages = _pages(out)
    ids = {p["out"]: set(html.unescape(i) for i in re.findall(r"\bid=\"([^\"]+)\"", (out / p["out"]).read_text())) for p in pages}
    for p in pages:
        page = (out / p["out"]).read_text()
        nav = re.search(r"<nav\b[^>]*actrm-sidebar[^>]*>(.*?)</nav>", page, flags=re.S)
        assert nav, f"{p['out']} has no sidebar"
        targets = {os.path.normpath(os.path.join(os.path.dirname(p["out"]), urlsplit(h).path)).replace(os.sep, "/")
                   for h in _links(nav.group(1)) if not h.startswith("#")}
        missing = {q["out"] for q in pages} - targets
        assert not missing, f"{p['out']}: the sidebar does not link {missing}"
        for href in _links(page):
            u = urlsplit(href)
            if u.scheme or href.startswith(("mailto:", "javascript:")): continue
            target = (out / p["out"]).parent / unquote(u.path) if u.path else out / p["out"]
            assert target.resolve().is_file(), f"{p['out']}: link {href} points to nothing"
            if u.fragment and target.suffix == ".html":
                rel = target.resolve().relative_to(out.resolve()).as_posix()
                assert unquote(u.fragment) in ids[rel], f"{p['out']}: link {href} has no target #{u.fragment} in {rel}"

def test_directives_applied(site):
    out, nbs, _ = site
    for p in _pages(out):
        page = (out / p["out"]).read_text()
        assert HIDDEN not in page, f"{p['out']} shows a hidden cell or a suppressed output"
        code = [html.unescape(re.sub(r"<[^>]+>", "", b)) for b in re.findall(r'<div class="highlight[^"]*"><pre>(.*?)</pre>', page, flags=re.S)]
        for block in code:
            bad = [l for l in block.split("\n") if re.match(r"^\s*#\s*\|", l)]
            assert not bad, f"{p['out']} shows nbdev directives: {bad}"
        if p["kind"] == "api":   # exported public functions/classes get an API card
            nb = nbformat.read(nbs / p["src"], as_version=4)
            for c, dirs in _visible_code_cells(nb):
                if not dirs.keys() & {"export", "exports"}: continue
                src = "\n".join(l for l in c.source.split("\n") if not l.lstrip().startswith("#|"))
                for n in ast.parse(src).body:
                    if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith("_"):
                        assert f'id="{n.name}"' in page, f"{p['out']}: no API card for {n.name}"
    synth = (out / "tutorials" / "docs_test_synthetic.html").read_text()
    text = html.unescape(re.sub(r"<[^>]+>", "", synth.split("</head>")[-1]))
    assert "hello from the synthetic tutorial" in text            # ordinary output kept
    assert "print('not shown')" in text                           # `#| output: false`: code shown, output not
    assert "import matplotlib.pyplot as plt" in text and "eval: false" not in text
    assert "steps: 100%|##########| 3/3 [00:00<00:00, 9.0it/s]" in text and "0/3" not in text   # last state of the bar
    assert "Interactive widget: run this notebook in JupyterLab" in text and "explorer-last-view" in text
    assert "widget-view+json" not in synth and "widget-state+json" not in synth

def test_no_network_references(site):
    "Statically: no script, style sheet, image or frame would be fetched over http(s)."
    out, _, _ = site
    grep = re.compile(r'src="https?://|href="https?://[^"]*\.(js|css)')   # the grep
    for f in sorted(out.rglob("*.html")):
        page = f.read_text()
        assert not grep.search(page), f"{f.name}: {grep.search(page).group(0)}"
        tags = re.findall(r"<(?:script|link|img|iframe|source|embed|video|audio)\b[^>]*>", page, flags=re.I)
        remote = [t for t in tags if re.search(r"\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", t, flags=re.I)]
        assert not remote, f"{f.name} loads from the network: {remote[:3]}"
        css = " ".join(re.findall(r"<style[^>]*>(.*?)</style>", page, flags=re.S | re.I))
        assert not re.search(r"(?:@import|url\()\s*[\"']?\s*(?:https?:)?//", css), f"{f.name}: remote CSS import"
        assert "MathJax.js" not in page and "require.min.js" not in page

def test_failed_build_keeps_previous_site(tmp_path):
    "Atomic: a build that fails half-way leaves the old site as it was and no temporary folder behind."
    nbs = tmp_path / "nbs"; nbs.mkdir()
    shutil.copy(bd.NBS / "index.ipynb", nbs / "index.ipynb")
    site = bd.build_docs(tmp_path / "site", nbs, screenshot=False, quiet=True)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    bad = nbformat.v4.new_notebook()
    bad.cells = [nbformat.v4.new_markdown_cell("# Bad\n\n<style>@import url(https://example.com/x.css);</style>")]
    nbformat.write(bad, nbs / "01_bad.ipynb")
    with pytest.raises(RuntimeError, match="01_bad.ipynb would load from the network"):
        bd.build_docs(tmp_path / "site", nbs, screenshot=False, quiet=True)
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nbs", "site"]

def test_execute_option(tmp_path):
    "--execute runs notebooks (skipping `#| eval: false` cells) before rendering."
    nbs = tmp_path / "nbs"; (nbs / "tutorials").mkdir(parents=True)
    shutil.copy(bd.NBS / "index.ipynb", nbs / "index.ipynb")
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "python3", "language": "python"}})
    nb.cells = [nbformat.v4.new_markdown_cell("# Run me"),
                nbformat.v4.new_code_cell("print('answer', 6 * 7)"),
                nbformat.v4.new_code_cell("#| eval: false\nraise SystemExit('must not run')")]
    nbformat.write(nb, nbs / "tutorials" / "01_run.ipynb")
    nb_index = nbformat.read(nbs / "index.ipynb", as_version=4)   # the home page's slow cells are not executed here
    nb_index.cells = [c for c in nb_index.cells if c.cell_type == "markdown"]
    nbformat.write(nb_index, nbs / "index.ipynb")
    site = bd.build_docs(tmp_path / "site", nbs, execute=True, timeout=60, screenshot=False, quiet=True)
    page = (site / "tutorials" / "run.html").read_text()
    assert "answer 42" in page and "must not run" in page   # the skipped cell is shown, not run
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "SystemExit: must not run" not in text and "Traceback" not in text
    assert not nbformat.read(nbs / "tutorials" / "01_run.ipynb", as_version=4).cells[1].outputs   # source untouched

# ----------------------------------------------------------------------------------- Chromium
def require_chromium() -> str:
    exe = bd.chromium()
    if exe is None:
        pytest.fail("Debian's chromium is not installed: run `make browser` "
                    "(as root: apt-get update && apt-get install -y chromium); the docs browser test needs it")
    return exe

class Trap(socketserver.ThreadingTCPServer):
    """A fake proxy on 127.0.0.1 that Chromium must send every non-loopback request to: it records the request
    line and refuses, so nothing leaves the machine and we see what tried to."""
    daemon_threads = allow_reuse_address = True
    def __init__(self):
        self.requests = []
        class H(socketserver.StreamRequestHandler):
            def handle(h):
                line = h.rfile.readline(4096).decode("latin-1").strip()
                self.requests.append(line or "<connection>")
                h.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        super().__init__(("127.0.0.1", 0), H)
        threading.Thread(target=self.serve_forever, daemon=True).start()
    @property
    def port(self): return self.server_address[1]
    def hosts(self) -> set:
        "Host names the trapped requests were for (`CONNECT host:443` or `GET http://host/...`)."
        out = set()
        for r in self.requests:
            parts = r.split()
            if len(parts) < 2: out.add(r); continue
            target = parts[1]
            out.add((urlsplit(target).hostname if "://" in target else target.rsplit(":", 1)[0]) or target)
        return out

def net_requests(netlog: Path) -> tuple[list[str], list[str]]:
    """URLs Chromium requested, from its NetLog: (requested by pages, requested by the browser itself).
    A page's requests carry its origin as initiator; Chromium's own services (component updater, account
    lookups) have none ("not an origin")."""
    text = netlog.read_text()
    try: log = json.loads(text)
    except json.JSONDecodeError: log = json.loads(text.rstrip().rstrip(",") + "]}")   # log cut short at exit
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    page, browser = [], []
    for e in log["events"]:
        p = e.get("params") or {}
        if e["type"] != start or "url" not in p: continue
        (browser if p.get("initiator") == "not an origin" else page).append(p["url"])
    return page, browser

def _leaves(url: str) -> bool:
    u = urlsplit(url)
    return u.scheme not in ("data", "blob", "file", "about", "chrome", "devtools") and u.hostname not in ("127.0.0.1", "localhost")

def check_offline(netlog: Path, trap: Trap) -> list[str]:
    "Problems: page requests for non-loopback URLs, or trapped requests no browser service accounts for."
    page, browser = net_requests(netlog)
    problems = [f"page requested {u}" for u in page if _leaves(u)]
    own = {urlsplit(u).hostname for u in browser}
    problems += [f"request for {h} reached the trap proxy" for h in sorted(trap.hosts() - own)]
    return problems

class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *a): pass

@pytest.fixture(scope="module")
def served(site):
    "The site on http://127.0.0.1:<port>/ (tiny threaded http.server) and a trap proxy for everything else."
    require_chromium()
    out = site[0]
    srv = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(out)))
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    trap = Trap()
    yield f"http://127.0.0.1:{srv.server_address[1]}", trap
    srv.shutdown(); trap.shutdown(); srv.server_close(); trap.server_close()

PROBE = """<!doctype html><html><head><meta charset="utf-8"><title>probe</title></head><body><pre id="result">pending</pre>
<script>
const pages = %s;
const sleep = ms => new Promise(r => setTimeout(r, ms));
async function probe(url) {
  const f = document.createElement('iframe');
  f.style.width = '1280px'; f.style.height = '1600px';
  const loaded = new Promise(r => f.addEventListener('load', r));
  f.src = url; document.body.appendChild(f); await loaded;
  const d = f.contentDocument;
  for (let i = 0; i < 40; i++) {   // circuitsvis draws with React after load: give it up to 4 s (virtual time)
    const cv = [...d.querySelectorAll('[id^="circuits-vis-"]')];
    if (cv.every(e => e.querySelector('*:not(script)'))) break;
    await sleep(100);
  }
  const cv = [...d.querySelectorAll('[id^="circuits-vis-"]')];
  const imgs = [...d.querySelectorAll('img')].filter(i => (i.getAttribute('src') || '').startsWith('data:image/'));
  const r = {url, title: d.title,
    h: [...d.querySelectorAll('main h1, main h2, main h3')].map(h => h.textContent.replace('\\u00b6', '').trim()),
    imgs: imgs.length, imgs_drawn: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
    cv: cv.length, cv_drawn: cv.filter(e => e.querySelector('*:not(script)')).length,
    cv_graphics: cv.filter(e => e.querySelector('svg, canvas, table')).length,
    nav: [...d.querySelectorAll('nav.actrm-sidebar a')].length,
    width: d.documentElement.scrollWidth, height: d.documentElement.scrollHeight};
  f.remove();
  return r;
}
(async () => {
  const out = [];
  for (const p of pages) { try { out.push(await probe(p)); } catch (e) { out.push({url: p, error: String(e)}); } }
  document.getElementById('result').textContent = JSON.stringify(out);
})();
</script></body></html>"""

def _dom_of_all_pages(base: str, trap: Trap, out: Path, netlog: Path) -> dict:
    "Open every page in one headless Chromium (iframes of a same-origin probe page) and read its DOM."
    probe = out / "_probe.html"
    probe.write_text(PROBE % json.dumps(["/" + p["out"] for p in _pages(out)]))
    try: dom = bd.dump_dom(f"{base}/_probe.html", proxy_port=trap.port, budget_ms=60000, extra=[f"--log-net-log={netlog}"])
    finally: probe.unlink()
    m = re.search(r'<pre id="result">(.*?)</pre>', dom, flags=re.S)
    assert m and m.group(1) != "pending", f"the probe page did not finish: {dom[-2000:]}"
    return {r["url"].lstrip("/"): r for r in json.loads(html.unescape(m.group(1)))}

@pytest.mark.browser
def test_browser_renders_every_page_offline(site, served, tmp_path):
    """Every page renders in headless Chromium over http://127.0.0.1 with the expected headings, its plots and
    drawn circuitsvis views; no page requests anything beyond 127.0.0.1 (NetLog), and what reached the trap
    proxy is only Chromium's own background services."""
    out, nbs, _ = site
    base, trap = served
    t0 = time.time()
    doms = _dom_of_all_pages(base, trap, out, tmp_path / "netlog.json")
    for p in _pages(out):
        d = doms[p["out"]]
        assert "error" not in d, d
        assert d["nav"] >= len(doms), f"{p['out']}: sidebar has {d['nav']} links for {len(doms)} pages"
        nb = nbformat.read(nbs / p["src"], as_version=4)
        got = {norm(h) for h in d["h"]}
        missing = [w for w in md_headings(nb) if norm(w) not in got]
        assert not missing, f"{p['out']}: headings {missing} not in the rendered DOM {d['h']}"
        imgs, cvs = expected_views(nb)
        assert d["imgs"] >= imgs and d["imgs_drawn"] >= imgs, f"{p['out']}: {d['imgs']} images ({d['imgs_drawn']} drawn) < {imgs} stored"
        assert d["cv"] >= cvs and d["cv_drawn"] >= cvs, f"{p['out']}: {d['cv_drawn']}/{d['cv']} circuitsvis views drawn, {cvs} stored"
        assert d["width"] <= 1300, f"{p['out']} overflows horizontally ({d['width']} px)"
    synth = doms[next(p["out"] for p in _pages(out) if p["src"] == SYNTH)]
    assert synth["imgs_drawn"] >= 1 and synth["cv_drawn"] >= 1 and synth["cv_graphics"] >= 1, synth
    page_reqs, _ = net_requests(tmp_path / "netlog.json")
    assert len(page_reqs) >= len(doms), "the NetLog misses the pages' own requests"
    assert check_offline(tmp_path / "netlog.json", trap) == []
    print(f"\nchromium: {len(doms)} pages checked in {time.time() - t0:.1f} s")

@pytest.mark.browser
def test_browser_standalone_pages_and_screenshots(site, served, tmp_path):
    "The tutorial page on its own (--dump-dom) and screenshots of it and of the home page, all offline."
    out, nbs, _ = site
    base, trap = served
    tut = next(p for p in _pages(out) if p["src"] == SYNTH)
    log = tmp_path / "netlog.json"
    dom = bd.dump_dom(f"{base}/{tut['out']}", proxy_port=trap.port, budget_ms=5000, extra=[f"--log-net-log={log}"])
    assert check_offline(log, trap) == []
    assert "Synthetic docs tutorial" in dom and "An attention view" in dom
    assert len(re.findall(r'<img\b[^>]*src="data:image/png', dom)) >= 1
    views = re.findall(r'<div id="circuits-vis-[^"]+"[^>]*>(.*?)</div>', dom, flags=re.S)
    assert views and all(re.search(r"<(svg|canvas|table|span|div)\b", v) for v in views), "circuitsvis view not drawn"
    from PIL import Image
    for name, url in (("index", f"{base}/index.html"), ("tutorial", f"{base}/{tut['out']}")):
        png = bd.screenshot_page(url, tmp_path / f"{name}.png", proxy_port=trap.port)
        im = Image.open(png).convert("RGB")
        assert im.size == (1280, 2000)
        colors = im.resize((128, 200)).getcolors(maxcolors=100000)
        assert colors and len(colors) > 20, f"{name} screenshot looks blank"

@pytest.mark.browser
def test_offline_check_catches_external_requests(tmp_path):
    "Control: a page that does reference the network is caught (so an empty report means something)."
    require_chromium()
    page = tmp_path / "leak.html"
    page.write_text('<!doctype html><html><body><h1>leak</h1><img src="http://example.invalid/x.png">'
                    '<script src="https://cdn.example.invalid/x.js"></script></body></html>')
    trap, log = Trap(), tmp_path / "netlog.json"
    try: bd.dump_dom(page, proxy_port=trap.port, budget_ms=2000, extra=[f"--log-net-log={log}"])
    finally: trap.shutdown(); trap.server_close()
    problems = check_offline(log, trap)
    assert "page requested http://example.invalid/x.png" in problems
    assert "page requested https://cdn.example.invalid/x.js" in problems
    assert {"example.invalid", "cdn.example.invalid"} <= trap.hosts()

def test_external_references_are_stripped_or_rejected():
    "The post-processing removes remote script/style/image tags, keeps inline scripts, and reports what is left."
    page = ('<head><script src="https://cdn.x/require.js"></script><link rel="stylesheet" href="//cdn.x/a.css">'
            '<style>@import url("https://fonts.x/f.css");</style></head><body><img src="http://x/y.png">'
            '<a href="https://example.org/">a plain link stays</a><img srcset="https://x/a.png 2x">'
            '<script type="module">const s = \'<img src="https://in-js-string/">\'; CircuitsVis.render(1)</script></body>')
    out = bd.strip_external(page)
    assert "cdn.x" not in out and "http://x/y.png" not in out
    assert "in-js-string" in out and "CircuitsVis.render(1)" in out and "https://example.org/" in out
    left = bd.external_loads(out)
    assert left == ["<img> https://x/a.png", "css https://fonts.x/f.css"], left
    assert bd.external_loads('<script>var u = "<img src=\\"https://in-js/\\">";</script>') == []
    cdn = '<script type="module">import { render } from "https://unpkg.com/circuitsvis@1.43.3/dist/cdn/esm.js";</script>'
    assert [b.split(" (")[0] for b in bd.external_loads(cdn)] == ["js import https://unpkg.com/circuitsvis@1.43.3/dist/cdn/esm.js"]
