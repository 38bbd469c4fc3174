"""The docs site (`make docs`: tools/docs_api.py stages the notebooks and API pages, mkdocs-material with
mkdocs-jupyter renders them). The site is built once per session into a temporary folder and opened from files
(file://, as a reader opens _docs/index.html) in headless Chromium, driven over the DevTools protocol, with the
network off: every non-loopback request goes to a trap proxy on 127.0.0.1 that records and refuses it, and
Chromium's NetLog shows what each page requested. Checked: nothing leaves the machine, search for "REINFORCE"
lists the selection page, the vectors page shows the `RewardVector` example output, the tutorials' plots load,
the tutorial's circuitsvis view renders from the shared bundle, every code block is coloured (assets/code-colours.js)
exactly as its HTML says and has material's copy button, and no <pre> is cut off at the right edge (wider than its
box only where it scrolls). Without a browser: the pages' HTML stays within 3 MB in all. Chromium is Debian's
`chromium` (`make browser` installs it); as root it runs with --no-sandbox.
"""
from __future__ import annotations
import json, os, re, shutil, socket, socketserver, subprocess, sys, tempfile, threading, time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import docs_api  # noqa: E402

# ----------------------------------------------------------------------------------- the build
@pytest.fixture(scope="session")
def site(tmp_path_factory):
    "Stage into a tmp folder and run mkdocs with mkdocs.yml's settings there; returns (site folder, seconds)."
    tmp = tmp_path_factory.mktemp("docs")
    t0 = time.time()
    docs_api.stage(tmp / "src")
    code = ("import sys; from mkdocs.config import load_config; from mkdocs.commands.build import build; "
            "build(load_config(sys.argv[1], docs_dir=sys.argv[2], site_dir=sys.argv[3]))")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-c", code, str(ROOT / "mkdocs.yml"), str(tmp / "src"), str(tmp / "site")],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    return tmp / "site", time.time() - t0

def _notebooks():
    return sorted(p.relative_to(docs_api.NBS).with_suffix(".html").as_posix() for p in docs_api.NBS.rglob("*.ipynb")
                  if not any(s.startswith((".", "_")) for s in p.relative_to(docs_api.NBS).parts))

def test_every_notebook_and_module_has_a_page(site):
    out, dt = site
    missing = [p for p in _notebooks() if not (out / p).is_file()]
    assert not missing, missing
    for m in docs_api.modules():
        page = (out / "api" / f"{m}.html").read_text()
        mod = __import__(f"actrm_lab.{m}", fromlist=["_"])
        for name in mod.__all__: assert f"<code>{name}</code>" in page, f"api/{m}.html has no entry for {name}"
    print(f"\ndocs build: {len(list(out.rglob('*.html')))} pages in {dt:.1f} s")

def test_api_entries(site):
    "Signature, docstring and docments table; `@patch` methods under their class without `self`."
    page = (site[0] / "api" / "vectors.html").read_text()
    text = re.sub(r"<[^>]+>", "", page)
    assert "RewardVector.with_heads(heads)" in text and "self: RewardVector" not in text and "self:" not in text
    assert "The same means and criterion with other heads" in text
    assert "<table>" in (site[0] / "api" / "selection.html").read_text()   # parameter comments (docments)

def test_directives_applied(site):
    for p in _notebooks():
        page = (site[0] / p).read_text()
        assert "default_exp" not in page and not re.search(r"#\s*\|\s*(export|hide)", page), f"{p} shows nbdev directives"

PAGES_MAX = 3_000_000   # bytes of HTML over the whole site (issue 22); shared CSS/JS and images are files beside them
INLINE_IMAGE = re.compile(rb"data:image/[\w.+-]+;base64,[A-Za-z0-9+/=\s]+")

def page_bytes(out: Path) -> dict[str, int]:
    "Bytes of each page, images inlined into it (data: URIs) aside."
    return {p.relative_to(out).as_posix(): len(INLINE_IMAGE.sub(b"", p.read_bytes())) for p in out.rglob("*.html")}

def test_pages_fit_the_budget(site):
    sizes = page_bytes(site[0]); total = sum(sizes.values())
    top = ", ".join(f"{p} {n / 1e3:.0f} KB" for p, n in sorted(sizes.items(), key=lambda kv: -kv[1])[:5])
    print(f"\npages: {len(sizes)}, {total / 1e6:.2f} MB of HTML (budget {PAGES_MAX / 1e6:.0f} MB); largest: {top}")
    assert total <= PAGES_MAX, f"the pages take {total / 1e6:.2f} MB of HTML, over {PAGES_MAX / 1e6:.0f} MB; largest: {top}"

def test_budget_counts_pages_not_images(tmp_path):
    "Control: page bytes count the HTML and leave inline images out."
    (tmp_path / "a.html").write_bytes(b'<p>hello</p><img src="data:image/png;base64,' + b"A" * 5000 + b'">')
    (tmp_path / "sub").mkdir(); (tmp_path / "sub" / "b.html").write_text("x" * 100); (tmp_path / "c.css").write_text("y" * 999)
    assert page_bytes(tmp_path) == {"a.html": len('<p>hello</p><img src="">'), "sub/b.html": 100}

BLOCK_CODE = re.compile(r'(?<=<pre>)<code(?: data-hl="[^"]*")?>.*?</code>(?=</pre>)', re.S)   # a code block's <code>

def unpack(packed: str) -> list[tuple[str, str]]:
    "What assets/code-colours.js makes of `pack_code`'s output, in Python: [(class, text)] of the coloured runs."
    import html
    hl, text = re.fullmatch(r'<code(?: data-hl="([^"]*)")?>(.*)</code>', packed, re.S).groups()
    text, out, at = html.unescape(text).encode("utf-16-le"), [], 0
    classes = {code: cls for cls, code in docs_api.HL_CODES.items()}
    for t in (hl or "").split():
        gap, code, n = re.fullmatch(r"(\d*)(\D)(\d+)", t).groups()
        start = at + int(gap or 0); at = start + int(n)
        out.append((classes[code], text[2 * start:2 * at].decode("utf-16-le")))
    return out

def test_pack_code():
    "Pygments' spans become offsets: coloured runs keep their text (UTF-16 offsets, entities), plain ones vanish."
    src = ('<span></span><span class="kn">from</span> x <span class="kn">import</span> <span class="n">y</span>\n'
           '<span class="k">if</span> <span class="ow">not</span> <span class="s2">&quot;é😀&lt;&quot;</span>'
           '<span class="p">:</span> <span class="k">pass</span><span class="w"> </span><span class="c1"># done</span>')
    styled = {"kn", "k", "ow", "s2", "p", "c1", "w"}
    packed = docs_api.pack_code(src, styled)
    assert re.sub(r"<[^>]+>", "", packed) == re.sub(r"<[^>]+>", "", src)   # the same text, no span left
    assert unpack(packed) == [("kn", "from"), ("kn", "import"), ("k", "if"), ("ow", "not"), ("s2", '"é😀<"'),
                              ("k", "pass"), ("c1", "# done")]
    assert unpack(docs_api.pack_code('<span class="k">if</span> <span class="k">not</span>', {"k"})) == [("k", "if not")]
    assert docs_api.pack_code('<span class="k">if</span> <a href="#x">x</a>', {"k"}) is None   # other markup: left alone
    codes = docs_api.HL_CODES   # one character per class, none twice, none a digit, space or HTML-special
    assert len(set(codes.values())) == len(codes) and all(len(c) == 1 and c not in '0123456789 "&<>' for c in codes.values())
    assert docs_api.material_hl() - docs_api.PLAIN <= codes.keys()   # every class material's stylesheet colours has one

def test_cell_wrappers_slimmed():
    "The twin <div> of a code cell merges into one (`j2`, twice the padding); JupyterLab classes get short names."
    page = ('<div class="jp-Cell jp-CodeCell jp-mod-noOutputs">\n<div class="jp-Cell jp-CodeCell jp-mod-noOutputs" id="cell-a">'
            '<div class="jp-Cell-inputWrapper" tabindex="0"><div class="jp-InputArea jp-Cell-inputArea"><pre>x</pre>'
            '</div></div></div>\n</div><p>after</p>')
    merged = docs_api.merge_twin_cells(page)
    assert merged.startswith('<div class="jp-Cell jp-CodeCell jp-mod-noOutputs j2" id="cell-a"><div class="jp-Cell-inputWrapper"')
    assert merged.count("<div") == merged.count("</div>") == 3 and merged.endswith("</div></div></div><p>after</p>")
    other = '<div class="c"><div class="c" id="cell-b">x</div><p>more</p></div>'   # the outer holds more: kept
    assert docs_api.merge_twin_cells(other) == other
    short = docs_api.CLASS_ATTR.sub(docs_api.short_classes, merged)
    assert short.startswith('<div class="jc jno j2" id="cell-a"><div class="jiw" tabindex="0"><div class="ji"><pre>')   # CodeCell: no rule
    assert docs_api.short_css(".a .jp-Cell-inputArea, .jp-Cell:not(.jp-mod-noOutputs) .jp-InputArea{}") == \
        ".a .ji, .jc:not(.jno) .ji{}"
    with pytest.raises(ValueError, match="one name"):   # classes sharing a short name must come together
        docs_api.CLASS_ATTR.sub(docs_api.short_classes, '<div class="jp-InputArea">')
    with pytest.raises(ValueError, match="already uses"):
        docs_api.short_css(".jc { color: red }")

# ----------------------------------------------------------------------------------- Chromium
def chromium() -> str:
    for exe in (shutil.which("chromium"), "/usr/bin/chromium"):
        if exe and Path(exe).exists(): return exe
    pytest.fail("Debian's chromium is not installed: run `make browser` (as root: apt-get install -y chromium)")

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
    def hosts(self) -> set:
        "Host names the trapped requests were for (`CONNECT host:443` or `GET http://host/...`)."
        out = set()
        for r in self.requests:
            parts = r.split()
            if len(parts) < 2: out.add(r); continue
            t = parts[1]
            out.add((urlsplit(t).hostname if "://" in t else t.rsplit(":", 1)[0]) or t)
        return out

def net_requests(netlog: Path) -> tuple[list[str], list[str]]:
    """URLs Chromium requested, from its NetLog: (requested by pages, requested by the browser itself: no
    initiator origin, e.g. the component updater)."""
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
    return problems + [f"request for {h} reached the trap proxy" for h in sorted(trap.hosts() - own)]

class Browser:
    "Headless Chromium with no network (trap proxy), driven over the DevTools protocol (websocket-client)."
    def __init__(self, profile: Path, netlog: Path, trap: Trap):
        import websocket
        self.proc = subprocess.Popen(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
             "--disable-dev-shm-usage", "--disable-features=NetworkTimeServiceQuerying,Translate,MediaRouter,OptimizationHints",
             "--disable-domain-reliability", "--password-store=basic", f"--user-data-dir={profile}",
             f"--proxy-server=http://127.0.0.1:{trap.server_address[1]}", "--proxy-bypass-list=<-loopback>",
             f"--log-net-log={netlog}", "--window-size=1280,1000", "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        for _ in range(300):
            if port_file.exists() and port_file.read_text().count("\n") >= 1: break
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        import urllib.request
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        tabs = json.loads(opener.open(f"http://127.0.0.1:{port}/json").read())
        self.ws = websocket.create_connection(next(t for t in tabs if t["type"] == "page")["webSocketDebuggerUrl"],
                                              timeout=60, suppress_origin=True)
        self.n, self.requested = 0, []
        self.call("Page.enable"); self.call("Network.enable")
    def call(self, method, **params):
        self.n += 1
        self.ws.send(json.dumps({"id": self.n, "method": method, "params": params}))
        while True:
            m = json.loads(self.ws.recv())
            if m.get("method") == "Network.requestWillBeSent": self.requested.append(m["params"]["request"]["url"])
            if m.get("id") == self.n:
                assert "error" not in m, m
                return m["result"]
    def goto(self, url: str):
        self.call("Page.navigate", url=url)
        self.eval("new Promise(r => document.readyState === 'complete' ? r() : addEventListener('load', () => r()))")
    def eval(self, js: str):
        r = self.call("Runtime.evaluate", expression=js, awaitPromise=True, returnByValue=True)
        assert "exceptionDetails" not in r, r["exceptionDetails"]
        return r["result"].get("value")
    def close(self):
        try: self.ws.close()
        finally:
            self.proc.terminate(); self.proc.wait(timeout=30)

@pytest.fixture(scope="module")
def browsed(site, tmp_path_factory):
    "Every check in one Chromium session over file://; returns (results, netlog problems, seconds)."
    out = site[0]
    tmp = tmp_path_factory.mktemp("chromium")
    trap, netlog = Trap(), tmp / "netlog.json"
    b = Browser(tmp / "profile", netlog, trap)
    t0, res = time.time(), {"pages": {}}
    try:
        b.goto((out / "index.html").as_uri())
        res["search"] = b.eval("""(async () => {
            document.querySelector('[data-md-toggle="search"]').click();   // on file:// the index loads when search opens
            const q = document.querySelector('input.md-search__input'); q.focus();
            await new Promise(r => setTimeout(r, 300));
            q.value = 'REINFORCE'; q.dispatchEvent(new Event('input', {bubbles: true})); q.dispatchEvent(new KeyboardEvent('keyup', {key: 'E', bubbles: true}));
            for (let i = 0; i < 100; i++) {
              const a = [...document.querySelectorAll('.md-search-result__item a')].map(a => a.getAttribute('href'));
              if (a.length) return a;
              await new Promise(r => setTimeout(r, 100));
            }
            return [];})()""")
        for p in sorted(x.relative_to(out).as_posix() for x in out.rglob("*.html")):
            b.goto((out / p).as_uri())
            res["pages"][p] = b.eval("""(async () => {
              const imgs = [...document.querySelectorAll('article img')];
              await Promise.all(imgs.map(i => i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; })));
              const views = [...document.querySelectorAll('[id^="circuits-vis-"]')];   // React renders after load
              for (let i = 0; i < 50 && views.some(v => !v.childElementCount); i++) await new Promise(r => setTimeout(r, 100));
              const copies = [...document.querySelectorAll('article .md-code__button[data-md-type="copy"]')];
              const cut = [...document.querySelectorAll('pre')].filter(e => e.offsetParent !== null
                  && e.scrollWidth > e.clientWidth + 1 && !['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
                  .map(e => e.textContent.slice(0, 80));
              return {imgs: imgs.length, drawn: imgs.filter(i => i.naturalWidth > 0).length, cut,
                      views: views.length, rendered: views.filter(v => v.querySelector('svg, canvas, table, span')).length,
                      blocks: document.querySelectorAll('article pre > code').length, copies: copies.length,
                      copyable: copies.filter(b => document.querySelector(b.dataset.clipboardTarget)).length,
                      packed: document.querySelectorAll('code[data-hl]').length,
                      runs: [...document.querySelectorAll('pre > code')].map(c =>
                              [...c.querySelectorAll(':scope > span')].map(s => [s.className, s.textContent])),
                      keywords: [...document.querySelectorAll('article pre > code span.k, article pre > code span.kn')]
                                .slice(0, 3).map(e => e.textContent),
                      text: document.querySelector('article').innerText,
                      wide: document.documentElement.scrollWidth};})()""")
    finally:
        b.close()
        dt = time.time() - t0
        time.sleep(0.5)
    # file:// loads are not in the NetLog; the DevTools protocol lists every request a page made
    problems = check_offline(netlog, trap) + [f"page requested {u}" for u in b.requested if _leaves(u)]
    n_page = sum(u.startswith("file:") for u in b.requested)
    trap.shutdown(); trap.server_close()
    return res, problems, n_page, dt, out

@pytest.mark.browser
def test_nothing_leaves_the_machine(browsed):
    res, problems, n_page, dt, _ = browsed
    assert n_page >= len(res["pages"]), "the request log misses the pages' own requests"
    assert problems == []
    print(f"\nchromium: {len(res['pages'])} pages over file:// in {dt:.1f} s")

@pytest.mark.browser
def test_search_finds_selection_page(browsed):
    hits = browsed[0]["search"]
    assert hits and urlsplit(hits[0]).path.endswith("/08_selection.html"), hits[:5]   # the first hit

@pytest.mark.browser
def test_vectors_page_shows_example_output(browsed):
    text = browsed[0]["pages"]["09_vectors.html"]["text"]
    assert "RewardVector(steer, 2 heads on ?, criterion='The response is correct.')" in text

@pytest.mark.browser
def test_tutorial_plots_load(browsed):
    for p in ("tutorials/01_reward_vector.html", "tutorials/02_benchmarks.html"):
        d = browsed[0]["pages"][p]
        assert d["imgs"] >= 1 and d["drawn"] == d["imgs"], (p, d["imgs"], d["drawn"])

@pytest.mark.browser
def test_circuitsvis_views_render(browsed):
    "The tutorial's circuitsvis views draw from the shared bundle (assets/circuitsvis-<hash>.js), offline."
    d = browsed[0]["pages"]["tutorials/01_reward_vector.html"]
    assert d["views"] >= 1 and d["rendered"] == d["views"], (d["views"], d["rendered"])

@pytest.mark.browser
def test_code_is_coloured_and_copyable(browsed):
    """assets/code-colours.js unpacked every block into the runs `pack_code` stored (read back here in Python); material
    put a copy button on each block, its target found."""
    pages = browsed[0]["pages"]
    for p, d in pages.items():
        assert d["packed"] == 0, f"{p}: {d['packed']} code blocks left uncoloured"
        html = (browsed[4] / p).read_text()
        want = [unpack(m.group(0)) for m in BLOCK_CODE.finditer(html)]
        assert [[tuple(r) for r in runs] for runs in d["runs"]] == want, f"{p}: the browser's colours differ from the HTML's"
        assert d["copies"] == d["blocks"] == d["copyable"], (p, d["blocks"], d["copies"], d["copyable"])
    assert pages["09_vectors.html"]["keywords"] == ["from", "import", "import"], pages["09_vectors.html"]["keywords"]
    assert pages["api/vectors.html"]["blocks"] > 10

@pytest.mark.browser
def test_no_code_is_cut(browsed):
    for p, d in browsed[0]["pages"].items():
        assert not d["cut"], f"{p}: <pre> cut at the right edge: {d['cut'][:3]}"
        assert d["wide"] <= 1280, f"{p}: the page itself scrolls sideways ({d['wide']} px)"

@pytest.mark.browser
def test_offline_check_catches_external_requests(tmp_path):
    "Control: a page that does reference the network is caught (so an empty report means something)."
    page = tmp_path / "leak.html"
    page.write_text('<!doctype html><html><body><h1>leak</h1><img src="http://example.invalid/x.png">'
                    '<script src="https://cdn.example.invalid/x.js"></script></body></html>')
    trap, log = Trap(), tmp_path / "netlog.json"
    b = Browser(tmp_path / "profile", log, trap)
    try:
        b.goto(page.as_uri()); time.sleep(0.5)
    finally:
        b.close()
    time.sleep(0.3)
    problems = check_offline(log, trap) + [f"page requested {u}" for u in b.requested if _leaves(u)]
    trap.shutdown(); trap.server_close()
    assert "page requested http://example.invalid/x.png" in problems
    assert "page requested https://cdn.example.invalid/x.js" in problems
    assert {"example.invalid", "cdn.example.invalid"} <= trap.hosts()
