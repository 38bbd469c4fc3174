"""What the benchmark scripts share: the repository root, one number format for the results files, and the real
texts that long judge prompts are built from. The scripts import it as `common` (Python puts a script's own folder
first on `sys.path`); the library itself is imported as the installed `actrm_lab` (`make setup` installs it editable)."""
from __future__ import annotations
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the criterion of the long-prompt figures (speed.py's length sweep, memory_2048.py)
CRIT_LONG = "The response answers the user's request correctly and helpfully."


def fmt(x, nd=3):
    if isinstance(x, float):
        if math.isnan(x): return "nan"
        if x != 0 and abs(x) < 10 ** -nd: return f"{x:.2e}"
        return f"{x:.{nd}f}" if abs(x) < 1000 else f"{x:.0f}"
    return str(x)


def real_texts() -> tuple[list, str]:
    "Real (prompt, response) texts to build long judge prompts from: LLMBar Natural when ../shared/data has it, else the bundled suites."
    from actrm_lab.data import load_data_file
    from actrm_lab.suites import shared_data_dir, load_suite
    d = shared_data_dir()
    if d is not None and (d / "llmbar" / "natural.json").exists():
        items = load_data_file(d / "llmbar" / "natural.json", "llmbar")
        return items, "LLMBar Natural responses (../shared/data/llmbar/natural.json)"
    items = [it for n in ("general", "hacking") for it in load_suite(n)]
    return items, "bundled general and hacking suite responses (no ../shared/data)"

def long_pairs(model, crit, items, n, target, offset=0):
    "n preference pairs whose zero-shot judge prompts are about `target` tokens: real responses joined, then cut."
    from actrm_lab.data import PairItem
    from actrm_lab.templates import render_scalar
    tok = model.tokenizer
    def grow(prompt, start):
        parts, j = [], start
        while True:
            parts.append(items[j % len(items)].chosen if j % 2 == 0 else items[j % len(items)].rejected); j += 1
            text = "\n\n".join(parts)
            L = len(tok(render_scalar(tok, crit, prompt, text), add_special_tokens=False)["input_ids"])
            if L >= target: break
        ids = tok(text, add_special_tokens=False)["input_ids"]
        return tok.decode(ids[:max(1, len(ids) - (L - target))])
    out = []
    for i in range(n):
        it = items[(offset + i) % len(items)]
        out.append(PairItem(it.prompt, grow(it.prompt, offset + 3 * i), grow(it.prompt, offset + 3 * i + 7),
                            subset="long", meta=dict(id=f"long-{target}-{offset + i}")))
    return out
