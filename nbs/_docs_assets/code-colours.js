// actrm_lab docs: colours the code blocks. The docs build (tools/docs_api.py, `pack_code`) runs Pygments as usual but
// stores its tokens compactly on the block, `<code data-hl="3kn:4 1k:6">` (skip 3 characters, then 4 of class `kn`,
// skip 1, 6 of `k`), instead of one <span class="..."> per token, which was most of a page's bytes. This puts the
// same spans back, so the site's stylesheets colour them; without JavaScript the code shows uncoloured.
for (const code of document.querySelectorAll("code[data-hl]")) {
  const text = code.textContent, parts = [];
  let at = 0;
  for (const t of code.dataset.hl.split(" ")) {
    const m = /^(\d*)([a-z]+\d?):(\d+)$/.exec(t);
    if (!m) break;
    const start = at + Number(m[1]), end = start + Number(m[3]);
    if (start > at) parts.push(text.slice(at, start));
    const s = document.createElement("span");
    s.className = m[2]; s.textContent = text.slice(start, end); parts.push(s);
    at = end;
  }
  parts.push(text.slice(at));
  code.replaceChildren(...parts);
  code.removeAttribute("data-hl");
}
