"""Bundled suites, data loaders and packaging: what the notebooks check, plus what needs a fresh process or a wheel."""
import codecs, fnmatch, json, os, random, re, shutil, statistics, subprocess, sys, warnings
from pathlib import Path

import pytest

from actrm_lab.data import (FORMATS, DataError, PairItem, balanced_sample, check_disjoint, check_fewshot,
                            load_data_file, load_evalbiasbench, load_llmbar, load_preferencehack, load_preferences,
                            load_rmbench, load_rewardbench, pair_scores, read_jsonl, write_jsonl, item_to_record)
from actrm_lab.suites import (CRITERIA, DEMO_CRITERION, FEATURES, GENERAL_SIZES, N_EVAL, N_FEWSHOT, SUITE_FILES,
                              approx_tokens, bundled_dir, bundled_path, criterion_for, load_demo, load_suite,
                              load_tasks, shared_data_dir)

ROOT = Path(__file__).resolve().parent.parent


def test_regeneration_is_byte_identical_in_a_fresh_process(tmp_path):
    # a different hash seed must not change anything (no set/dict-order dependence in the generator)
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_suites.py"), "--out", str(tmp_path)],
                   check=True, env=env, cwd=ROOT, capture_output=True)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(list(SUITE_FILES.values()) + ["suites.json", "README.md"])   # no temporary files left
    for name in names:
        assert (tmp_path / name).read_bytes() == bundled_path(name).read_bytes(), \
            f"actrm_lab/data/{name} is stale: run python tools/make_suites.py"


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


def test_wheel_ships_the_data_and_loads_it(tmp_path):
    # build a wheel offline from a copy of the sources, install it into a fresh folder, load a suite from there
    src = tmp_path / "src"
    src.mkdir()
    for name in ("setup.py", "settings.ini", "README.md"): shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "actrm_lab", src / "actrm_lab", ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check"]
    r = subprocess.run(pip + ["wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(tmp_path / "whl"),
                              str(src)], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "absent from the `packages`" not in r.stdout + r.stderr
    wheel = next((tmp_path / "whl").glob("actrm_lab-*.whl"))
    import zipfile
    shipped = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("actrm_lab/data/")}
    assert shipped == {f"actrm_lab/data/{p.name}" for p in bundled_dir().iterdir()}
    target = tmp_path / "site"
    r = subprocess.run(pip + ["install", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    code = ("import actrm_lab.suites as s; from actrm_lab.data import load_data_file; "
            "print(s.bundled_dir()); print(len(s.load_suite('demo')), len(load_data_file(s.bundled_path('general'))))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                       env=dict(os.environ, PYTHONPATH=str(target), OMP_NUM_THREADS="1"))
    assert r.returncode == 0, r.stderr[-2000:]
    where, counts = r.stdout.split("\n")[:2]
    assert Path(where) == target / "actrm_lab" / "data" and counts == "364 380"


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


def test_load_tasks_from_items_matches_the_file(tmp_path):
    "Pairs read already become the same tasks as their data file (name from `name`); exactly one source is accepted."
    items = [PairItem(f"What is {i}?", f"{i}.", f"It is {i + 1}.", "a" if i % 2 else "b") for i in range(12)]
    write_jsonl(tmp_path / "p.jsonl", [item_to_record(it) for it in items])
    from_file = load_tasks(data=tmp_path / "p.jsonl", pool_size=2, n_eval=3)
    from_items = load_tasks(items=items, pool_size=2, n_eval=3, name="p")
    assert [(t.name, t.criterion, t.fewshot, t.eval) for t in from_items] == [(t.name, t.criterion, t.fewshot, t.eval) for t in from_file]
    assert [t.name for t in from_items] == ["b", "a"]
    nameless = [PairItem(it.prompt, it.chosen, it.rejected) for it in items]
    assert [t.name for t in load_tasks(items=nameless, pool_size=2)] == ["data"]
    assert [t.name for t in load_tasks(items=nameless, pool_size=2, name="mine")] == ["mine"]
    for kw in (dict(), dict(suite="demo", items=items), dict(data=tmp_path / "p.jsonl", items=items)):
        with pytest.raises(ValueError, match="exactly one of a suite name, a data file or items"): load_tasks(**kw)


def test_suite_parts_share_no_prompt_within_a_task():
    # a benchmark task is a feature (hacking: hacked + control) or a general subset; its few-shot and evaluation
    # parts must not share a prompt (issue 12); generic responses (a refusal) may recur across prompts
    for name in SUITE_FILES:
        s = load_suite(name)
        for task in {it.subset.split("/")[0] if name == "hacking" else it.subset for it in s}:
            its = [it for it in s if it.subset == task or it.subset.startswith(task + "/")]
            check_disjoint({"fewshot": [it for it in its if it.meta["split"] == "fewshot"],
                            "eval": [it for it in its if it.meta["split"] == "eval"]})


def test_loaders_refuse_bad_rows(tmp_path):
    p = tmp_path / "natural.json"
    p.write_text(json.dumps([{"input": "Q", "output_1": "a", "output_2": "b", "label": 2, "note": "x"}]))
    with pytest.raises(DataError, match=r"natural.json: row 0: unknown field\(s\) \['note'\]"):
        load_llmbar(p)
    p.write_text(json.dumps([{"input": "Q", "output_1": "a", "output_2": "b", "label": 2}]))
    assert load_llmbar(p) == [PairItem("Q", "b", "a", "natural", {"source": "llmbar", "index": 0, "label": 2})]
    q = tmp_path / "ph.jsonl"
    q.write_text(json.dumps({"prompt": "Q", "good": "a", "bad": "b"}) + "\n")
    with pytest.raises(DataError, match=r"ph.jsonl:1: unknown field\(s\) \['good', 'bad'\] for PreferenceHack; accepted"):
        load_preferencehack(q)
    r = tmp_path / "rb.jsonl"
    r.write_text(json.dumps({"prompt": "Q", "chosen": "a", "rejected": "b", "subset": "s"}) + "\n{oops\n")
    with pytest.raises(DataError, match=r"rb.jsonl:2: not valid JSON"):
        load_rewardbench(r)
    m = tmp_path / "rm.jsonl"
    m.write_text(json.dumps({"prompt": "Q", "chosen": ["a", "b", "c"], "rejected": ["d", "e", "f"], "domain": "math"})
                 + "\n")
    pairs = load_rmbench(m)
    assert len(pairs) == 9 and {x.meta["level"] for x in pairs} == {"hard", "normal", "easy"}
    assert load_data_file(m, "rm_bench") == pairs and load_data_file(p, "LLMBar") == load_llmbar(p)
    assert FORMATS["trl"] is FORMATS["jsonl"] is load_preferences
    with pytest.raises(ValueError, match="unknown format 'csv'"):
        load_data_file(m, "csv")


def test_data_file_encodings_and_folders(tmp_path):
    rec = {"prompt": "Caf\u00e9?", "chosen": "Oui.", "rejected": "Non."}
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(codecs.BOM_UTF8 + (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8"))
    assert load_data_file(bom) == [PairItem("Caf\u00e9?", "Oui.", "Non.")]         # a UTF-8 BOM is read
    bj = tmp_path / "bom.json"
    bj.write_bytes(codecs.BOM_UTF8 + json.dumps([dict(rec, subset="s")]).encode("utf-8"))
    assert len(load_data_file(bj, "rewardbench")) == 1
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(b'{"prompt": "a", "chosen": "b", "rejected": "c"}\n' + (json.dumps(rec, ensure_ascii=False) + "\n")
                      .encode("latin-1"))
    with pytest.raises(DataError, match=r"latin.jsonl:2: not UTF-8 text \(byte 0xe9 at column 16\)") as e:
        load_data_file(latin)
    assert "\n" not in str(e.value)
    for fmt in FORMATS:                                                              # a folder: one line, every format
        with pytest.raises(DataError, match=f"^{re.escape(str(tmp_path))}: is a directory; expected a data file$"):
            load_data_file(tmp_path, fmt)
    with pytest.raises(DataError, match="no such file"):
        read_jsonl(tmp_path / "missing.jsonl")


def test_check_fewshot_refuses_pairs_without_preference():
    same = [PairItem("q1", "same", "same"), PairItem("q2", "", ""), PairItem("q3", " ", "")]
    with pytest.raises(DataError, match="every pair has chosen == rejected"):
        check_fewshot(same)
    with pytest.warns(UserWarning, match="3 of 4 pairs have chosen == rejected"):
        check_fewshot(same + [PairItem("q4", "good", "bad")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_fewshot([PairItem("q4", "good", "bad")])


def _old_spread_draw(items, n, seed):
    "bench._spread_draw as it was before the restructuring (issue 10), kept to check `balanced_sample` against it."
    rng = random.Random(seed)
    groups = {}
    for it in items: groups.setdefault(it.subset, []).append(it)
    for g in groups.values(): rng.shuffle(g)
    keys = sorted(groups); rng.shuffle(keys)
    out = []
    while len(out) < n and any(groups.values()):
        for k in keys:
            if groups[k] and len(out) < n: out.append(groups[k].pop())
    return out


def test_balanced_sample_reproduces_the_old_spread_draw():
    pools = [load_suite("hacking").fewshot, load_suite("general"),
             [PairItem(f"q{i}", "a", "b", s) for i, s in enumerate("zzzyyxwwwwvuuuuuuu")]]
    for pool in pools:
        for seed in (0, 1, 2, 7, 123):
            for n in (0, 1, 5, 16, 64, len(pool), len(pool) + 3):
                new = balanced_sample(pool, n, lambda it: it.subset, seed)
                assert [id(x) for x in new] == [id(x) for x in _old_spread_draw(pool, n, seed)], (seed, n)


def test_pair_scores_interleaved():
    x = pair_scores(range(6))
    assert x.dtype.name == "float64" and x.tolist() == [[0, 1], [2, 3], [4, 5]]


@pytest.mark.skipif(shared_data_dir() is None, reason="no ../shared/data here")
def test_loaders_on_real_public_files():
    d = shared_data_dir()
    if (d / "llmbar" / "natural.json").exists():
        items = load_llmbar(d / "llmbar" / "natural.json", prefix="llmbar/")
        assert len(items) == 100 and {x.subset for x in items} == {"llmbar/natural"}
    if (d / "evalbiasbench" / "biasbench.json").exists():
        items = load_evalbiasbench(d / "evalbiasbench" / "biasbench.json")
        assert len(items) == 80 and len({x.subset for x in items}) == 6
