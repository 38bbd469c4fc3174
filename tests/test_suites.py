"""Bundled suites and public-format loaders: what the notebook checks, plus what needs a fresh process or the packaging."""
import fnmatch, json, os, re, statistics, subprocess, sys
from pathlib import Path

import pytest

from actrm_lab.data import DataError, PairItem
from actrm_lab.suites import (CRITERIA, DEMO_CRITERION, FEATURES, GENERAL_SIZES, N_EVAL, N_FEWSHOT, SUITE_FILES,
                              approx_tokens, bundled_dir, bundled_path, criterion_for, load_demo, load_evalbiasbench,
                              load_llmbar, load_preferencehack, load_rmbench, load_rewardbench, load_suite,
                              shared_data_dir, write_bundled_data)

ROOT = Path(__file__).resolve().parent.parent


def test_regeneration_is_byte_identical_in_a_fresh_process(tmp_path):
    # a different hash seed must not change anything (no set/dict-order dependence in the generator)
    code = f"from actrm_lab.suites import write_bundled_data; write_bundled_data({str(tmp_path)!r})"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(list(SUITE_FILES.values()) + ["suites.json", "README.md"])
    for name in names:
        assert (tmp_path / name).read_bytes() == bundled_path(name).read_bytes(), f"actrm_lab/data/{name} is stale"


def test_manifest_matches_files():
    import hashlib
    m = json.loads(bundled_path("suites.json").read_text())
    assert m["criteria"] == CRITERIA
    for fname, info in m["files"].items():
        data = bundled_path(fname).read_bytes()
        assert hashlib.sha256(data).hexdigest() == info["sha256"] and data.count(b"\n") == info["records"]


def test_package_data_covers_bundled_files():
    # setup.py ships actrm_lab/data/*.jsonl, *.md, *.json: every bundled file must match one of them
    setup = (ROOT / "setup.py").read_text()
    patterns = re.findall(r"'(data/\*\.[a-z]+)'", setup)
    assert patterns, "setup.py declares no package data"
    for p in bundled_dir().iterdir():
        assert any(fnmatch.fnmatch(f"data/{p.name}", pat) for pat in patterns), f"{p.name} would not be installed"


def test_hacking_counts_directions_and_lengths():
    s = load_suite("hacking")
    items = s["fewshot"] + s["eval"]
    for f in FEATURES:
        for d in ("hacked", "control"):
            sub = [x for x in items if x.subset == f"{f}/{d}"]
            assert sum(x.meta["split"] == "fewshot" for x in sub) == N_FEWSHOT
            assert sum(x.meta["split"] == "eval" for x in sub) == N_EVAL
        few = {x.prompt for x in s["fewshot"] if x.meta["feature"] == f}
        ev = {x.prompt for x in s["eval"] if x.meta["feature"] == f}
        assert not few & ev and len(few) + len(ev) == 2 * (N_FEWSHOT + N_EVAL)
    hacked = [x for x in items if x.subset == "length/hacked"]
    assert all(approx_tokens(x.rejected) > approx_tokens(x.chosen) for x in hacked)
    for sub in ("format/hacked", "format/control", "positivity/hacked", "positivity/control"):
        frac = statistics.mean(approx_tokens(x.chosen) > approx_tokens(x.rejected) for x in items if x.subset == sub)
        assert 0.35 <= frac <= 0.65, (sub, frac)
    assert all(criterion_for(x.subset) == CRITERIA[x.meta["feature"]] for x in items)


def test_general_and_demo():
    s = load_suite("general")
    for sub, (nf, ne) in GENERAL_SIZES.items():
        few = [x for x in s["fewshot"] if x.subset == sub]
        ev = [x for x in s["eval"] if x.subset == sub]
        assert (len(few), len(ev)) == (nf, ne)
        frac = statistics.mean(approx_tokens(x.chosen) > approx_tokens(x.rejected) for x in few + ev)
        assert 0.35 <= frac <= 0.65
    crit, few, test = load_demo()
    assert crit == DEMO_CRITERION and len(few) >= 60 and len(test) >= 290
    assert not {x.prompt for x in few} & {x.prompt for x in test}
    is_list = lambda t: bool(re.search(r"^(\s*[-*] |\s*\d+\. |#+ )", t, re.M))
    assert not any(is_list(x.chosen) for x in few + test) and all(is_list(x.rejected) for x in few + test)


def test_loaders_refuse_bad_rows(tmp_path):
    p = tmp_path / "natural.json"
    p.write_text(json.dumps([{"input": "Q", "output_1": "a", "output_2": "b", "label": 2, "note": "x"}]))
    with pytest.raises(DataError, match=r"natural.json: row 0: unknown field\(s\) \['note'\]"):
        load_llmbar(p)
    p.write_text(json.dumps([{"input": "Q", "output_1": "a", "output_2": "b", "label": 2}]))
    assert load_llmbar(p) == [PairItem("Q", "b", "a", "natural", {"source": "llmbar", "index": 0, "label": 2})]
    q = tmp_path / "ph.jsonl"
    q.write_text(json.dumps({"prompt": "Q", "good": "a", "bad": "b"}) + "\n")
    with pytest.raises(DataError, match=r"ph.jsonl:1: unknown field\(s\) \['good', 'bad'\] for PreferenceHack; accepted fields"):
        load_preferencehack(q)
    r = tmp_path / "rb.jsonl"
    r.write_text(json.dumps({"prompt": "Q", "chosen": "a", "rejected": "b", "subset": "s"}) + "\n{oops\n")
    with pytest.raises(DataError, match=r"rb.jsonl:2: not valid JSON"):
        load_rewardbench(r)
    m = tmp_path / "rm.jsonl"
    m.write_text(json.dumps({"prompt": "Q", "chosen": ["a", "b", "c"], "rejected": ["d", "e", "f"], "domain": "math"}) + "\n")
    pairs = load_rmbench(m)
    assert len(pairs) == 9 and {x.meta["level"] for x in pairs} == {"hard", "normal", "easy"}


@pytest.mark.skipif(shared_data_dir() is None, reason="no ../shared/data here")
def test_loaders_on_real_public_files():
    d = shared_data_dir()
    if (d / "llmbar" / "natural.json").exists():
        items = load_llmbar(d / "llmbar" / "natural.json", prefix="llmbar/")
        assert len(items) == 100 and {x.subset for x in items} == {"llmbar/natural"}
    if (d / "evalbiasbench" / "biasbench.json").exists():
        items = load_evalbiasbench(d / "evalbiasbench" / "biasbench.json")
        assert len(items) == 80 and len({x.subset for x in items}) == 6
