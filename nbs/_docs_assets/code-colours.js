// actrm_lab docs: colours the code blocks. The docs build (tools/docs_api.py, `pack_code`) runs Pygments as usual but
// stores its tokens compactly on the block, `<code data-hl="3J4 1B6">` (skip 3 characters, then 4 of the class coded
// `J`, skip 1, 6 of `B`), instead of one <span class="..."> per token, which was most of a page's bytes. A code is the
// character at a class's place in CODES (most frequent classes first; tools/docs_api.py reads these two lines). This
// puts the same spans back, so the site's stylesheets colour them; without JavaScript the code shows uncoloured.
const CLASSES = "s2 k mi si ow s1 kc c1 sa kn mf se mh nb mo nc sd bp c ch cm cp cpf cs dl err gd ge gh gi go gp gr gs gt gu hll il kd kp kr kt l m mb na nd ne nf ni nl nn no nt nv pm s sb sc sh sr ss sx vc vg vi";
const CODES = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%()*+,-./:;";
const HL_CLASS = Object.fromEntries(CLASSES.split(" ").map((c, i) => [CODES[i], c]));
for (const code of document.querySelectorAll("code[data-hl]")) {
  const text = code.textContent, parts = [];
  let at = 0;
  for (const t of code.dataset.hl.split(" ")) {
    const m = /^(\d*)(\D)(\d+)$/.exec(t);
    if (!m || !HL_CLASS[m[2]]) break;
    const start = at + Number(m[1]), end = start + Number(m[3]);
    if (start > at) parts.push(text.slice(at, start));
    const s = document.createElement("span");
    s.className = HL_CLASS[m[2]]; s.textContent = text.slice(start, end); parts.push(s);
    at = end;
  }
  parts.push(text.slice(at));
  code.replaceChildren(...parts);
  code.removeAttribute("data-hl");
}
