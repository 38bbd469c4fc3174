"""The `actrm_bench` command (`actrm_lab.cli`) end to end: on the tiny random model (fast) and on the embedded model (`real`)."""
import json, subprocess, sys, configparser
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
# exactly what the console script does: a returned value would become exit status 1
CLI = [sys.executable, "-c", "import sys; from actrm_lab.cli import actrm_bench; sys.exit(actrm_bench())"]

def run_cli(*args, timeout=900):
    return subprocess.run(CLI + [str(a) for a in args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)

def write_pairs(path, n=10):
    "Hacked and control pairs of the length feature plus a plain subset, as TRL JSONL."
    recs = []
    for i in range(n):
        recs.append(dict(prompt=f"What is {i} plus {i}?", chosen=f"{2*i}.", rejected=f"It is {2*i+1}, I am quite sure.", subset="length-hacked"))
        recs.append(dict(prompt=f"What is {i} times 3?", chosen=f"It is {3*i}, I am quite sure.", rejected=f"{3*i+1}.", subset="length-control"))
    path.write_text("".join(json.dumps(r) + "\n" for r in recs))
    return path

def test_console_script_declared():
    cfg = configparser.ConfigParser(delimiters=["="]); cfg.read(ROOT / "settings.ini")
    scripts = cfg["DEFAULT"]["console_scripts"].replace(" ", "")
    assert "actrm_bench=actrm_lab.cli:actrm_bench" in scripts and "actrm_audit=actrm_lab.cli:actrm_audit" in scripts

def test_help_explains_every_option():
    r = run_cli("--help")
    assert r.returncode == 0, r.stderr
    for opt in ["--suite", "--data", "--format", "--criterion", "--methods", "--shots", "--heads", "--n_eval", "--seeds",
                "--model", "--out", "--batch_size", "--device", "--n_boot", "--fresh", "--arm_steps", "--vector", "--fewshot_draw",
                "--dtype", "--ray", "--ray_workers", "--ray_gpus_per_worker"]:
        line = next((l for l in r.stdout.splitlines() if l.strip().startswith(opt + " ") or l.strip() == opt), None)
        assert line is not None and len(line.split(None, 2)) >= 2, f"{opt} is not explained:\n{r.stdout}"

def test_cli_tiny_end_to_end_and_resume(tmp_path):
    data, out = write_pairs(tmp_path / "pairs.jsonl"), tmp_path / "out"
    args = ["--data", data, "--model", "tiny", "--methods", "length-longer,length-shorter,zero-shot,sav@2,probe",
            "--shots", "2,4", "--n-eval", "3", "--seeds", "0,1", "--out", out, "--quiet", "--n-boot", "300"]
    r = run_cli(*args)
    assert r.returncode == 0, r.stderr
    assert "| method |" in r.stdout and "length-shorter" in r.stdout and f"Report: {out / 'report.md'}" in r.stdout
    for f in ["results.json", "results.csv", "report.md", "acc_vs_shots.png", "subsets.png"]: assert (out / f).stat().st_size > 0, f
    doc = json.loads((out / "results.json").read_text())
    # 3 methods without a few-shot set once, 2 methods x 2 seeds x 2 shot counts, one task (length: hacked + control)
    assert doc["meta"]["computed_cells"] == 3 + 2 * 2 * 2
    hl = {(r["method"], r["unit"]): r["acc"] for r in doc["summary"] if r["shots"] in (0, 4)}
    assert hl[("length-shorter", "length-hacked")] == 1.0 and hl[("length-shorter", "length-control")] == 0.0
    assert hl[("length-shorter", "length mean")] == 0.5
    assert "Above the best length cue (Holm-corrected p < 0.05):" in (out / "report.md").read_text()
    r2 = run_cli(*args)                                   # resumes: nothing recomputed, same summary
    assert r2.returncode == 0, r2.stderr
    doc2 = json.loads((out / "results.json").read_text())
    assert doc2["meta"]["computed_cells"] == 0 and doc2["summary"] == doc["summary"]

def test_cli_bad_input_is_one_line(tmp_path):
    data = write_pairs(tmp_path / "pairs.jsonl")
    r = run_cli("--data", data, "--model", "tiny", "--methods", "zero-shot,nonsense", "--out", tmp_path / "o")
    assert r.returncode == 2 and "unknown method 'nonsense'" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("--data", tmp_path / "missing.jsonl", "--model", "tiny", "--out", tmp_path / "o")
    assert r.returncode == 2 and "missing.jsonl" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("--data", data, "--model", "tiny", "--methods", "sav", "--shots", "50", "--out", tmp_path / "o")
    assert r.returncode == 2 and "few-shot pool" in r.stderr

@pytest.mark.real
def test_cli_embedded_model_demo_suite(tmp_path):
    out = tmp_path / "real"
    r = run_cli("--suite", "demo", "--methods", "length-shorter,zero-shot,sav@8", "--shots", "4", "--n-eval", "8",
                "--out", out, "--quiet", "--n-boot", "500")
    assert r.returncode == 0, r.stderr
    doc = json.loads((out / "results.json").read_text())
    assert doc["meta"]["model"] == "SmolLM2-135M-Instruct"
    zs = [c for c in doc["cells"] if c["method"] == "zero-shot"][0]
    assert len(zs["scores"]["demo/format"]) == 8
    rows = [r for r in doc["summary"] if r["unit"] == "demo/format"]
    assert {r["method"] for r in rows} == {"length-shorter", "zero-shot", "SAV@8"}
    assert all(0 <= r["lo"] <= r["acc"] <= r["hi"] <= 1 for r in rows)


def rmbench_rows(n, domain):
    "RM-Bench-shaped rows: a prompt, three chosen and three rejected responses (concise, detailed, markdown)."
    return [dict(id=f"{domain}-{i}", domain=domain, prompt=f"Name the capital of country {i} ({domain}).",
                 chosen=[f"City {i}.", f"The capital of country {i} is City {i}, its largest city.",
                         f"- **Capital:** City {i}\n- **Why:** it is the largest city of country {i} and its seat of government."],
                 rejected=[f"Town {i}.", f"The capital of country {i} is Town {i}, its largest town.",
                           f"- **Capital:** Town {i}\n- **Why:** it is the largest town of country {i} and its seat of government."])
            for i in range(n)]

def test_rmbench_grouped_split_and_levels(tmp_path):
    "RM-Bench: no prompt (nor response) crosses the few-shot pool and the evaluation; the output ends with the levels table."
    from actrm_lab.suites import load_tasks
    from actrm_lab.data import check_disjoint
    data, out = tmp_path / "rmbench.json", tmp_path / "out"
    data.write_text(json.dumps(rmbench_rows(5, "chat") + rmbench_rows(5, "math")))
    for t in load_tasks(data=data, format="rmbench", pool_size=4):
        ev = [it for v in t.eval.values() for it in v]
        assert {it.meta["group"] for it in t.fewshot}.isdisjoint({it.meta["group"] for it in ev})
        check_disjoint({"pool": t.fewshot, "eval": ev}, responses=True)
        assert len(t.fewshot) == 9 and len(ev) == 36                 # one row of nine pairs in the pool, four evaluated
    r = run_cli("--data", data, "--format", "rmbench", "--model", "tiny", "--methods", "length-longer,length-shorter,zero-shot,sav@2",
                "--shots", "4", "--out", out, "--quiet", "--n-boot", "200")
    assert r.returncode == 0, r.stderr
    tail = r.stdout.rstrip().split("## RM-Bench levels")[-1]
    assert "| method | hard | normal | easy | mean |" in tail and tail.rstrip().endswith("|")
    assert "| length-longer | 0.0 [0.0, 0.0] | 0.0 [0.0, 0.0] | 100.0 [100.0, 100.0] | 33.3 [" in tail, tail
    rep = (out / "report.md").read_text()
    assert "share no prompt: grouped by the data's group field and the prompt text (1 prompt groups in the pool, 4 in" in rep
    assert rep.rstrip().endswith(tail.rstrip().split("\n")[-1])     # the report ends with the same table
    doc = json.loads((out / "results.json").read_text())
    assert {u["name"] for u in doc["units"] if u["kind"] == "level"} >= {"chat hard", "chat normal", "chat easy", "chat level mean"}
    assert all("grouped by" in t["grouping"] for t in doc["tasks"])

def test_cue_balanced_draws_are_recorded_and_the_old_draw_kept(tmp_path):
    data = write_pairs(tmp_path / "pairs.jsonl")
    for draw in ("cue-balanced", "subset"):
        out = tmp_path / draw
        r = run_cli("--data", data, "--model", "tiny", "--methods", "length-shorter,sav@2", "--shots", "4", "--seeds", "0,1",
                    "--n-eval", "2", "--fewshot_draw", draw, "--out", out, "--quiet", "--n-boot", "200")
        assert r.returncode == 0, r.stderr
        cell = json.loads((out / "cells" / "length" / "SAV@2" / "s1-n4.json").read_text())
        assert cell["draw"]["mode"] == draw and set(cell["draw"]["cues"]) == {"length", "markdown", "hacked"}
        rep = (out / "report.md").read_text()
        assert "## Few-shot draws" in rep and f"| length | 4 | 1 | {draw} |" in rep
    bal = json.loads((tmp_path / "cue-balanced" / "cells" / "length" / "SAV@2" / "s0-n4.json").read_text())["draw"]["cues"]
    assert bal["hacked"]["share_more"] == 0.5

def test_bench_a_saved_vector(tmp_path):
    "`--vector DIR` benchmarks a saved vector beside the baselines that fit nothing."
    from actrm_lab.cli import actrm_fit
    data = write_pairs(tmp_path / "pairs.jsonl")
    actrm_fit(str(data), "The response is correct.", str(tmp_path / "vec"), model="tiny", kind="linear", n_prompts=2, k_shots=2)
    r = run_cli("--data", data, "--model", "tiny", "--vector", tmp_path / "vec", "--n-eval", "3", "--out", tmp_path / "out",
                "--quiet", "--n-boot", "200")
    assert r.returncode == 0, r.stderr
    doc = json.loads((tmp_path / "out" / "results.json").read_text())
    assert doc["meta"]["methods"] == ["length-longer", "length-shorter", "length-longer-tokens", "length-shorter-tokens", "zero-shot", "vector:vec"]
    assert doc["tasks"][0]["criterion"] == "The response is correct."     # the vector's own criterion
    assert "| vector:vec (no few-shot) |" in r.stdout


# --- cell keys and the report's stability section (Python, tiny models) -------------------------------------------

def _pairs(n=10):
    from actrm_lab.data import PairItem
    return [PairItem(f"What is {i} plus {i}?", f"{2*i}.", f"It is {2*i+1}, I am quite sure.", "length-hacked") for i in range(n)] + \
           [PairItem(f"What is {i} times 3?", f"It is {3*i}, I am quite sure.", f"{3*i+1}.", "length-control") for i in range(n)]

def test_cell_keys_carry_the_schema_version(tmp_path):
    "A text run's keys hash one fixed set of fields with the key schema's version (no history branches)."
    import hashlib
    from actrm_lab.models import tiny_model, model_fingerprint
    from actrm_lab.data import data_hash
    from actrm_lab.tasks import tasks_from_items
    from actrm_lab.bench import run_bench, CELL_SCHEMA
    m = tiny_model()
    tasks = tasks_from_items(_pairs(), "The response is correct.", pool_size=4, n_eval=2)
    for draw in ("cue-balanced", "subset"):
        res = run_bench(m, tasks, ["length-shorter", "sav@2"], shots=(2,), seeds=(0, 1), progress=False, n_boot=100, draw=draw)
        assert "vision" not in res.meta
        for c in res.cells:
            t, meth = next(t for t in tasks if t.name == c.task), next(x for x in res.methods if x.name == c.method)
            want = dict(schema=CELL_SCHEMA, model=model_fingerprint(m), method=meth.config(), criterion=t.criterion,
                        pool=data_hash(t.fewshot)[:16] if meth.uses_fewshot else "", eval=t.eval_hash(), seed=c.seed, shots=c.shots,
                        draw=draw if meth.uses_fewshot else "", vision={}, eval_images="", pool_images="")
            assert c.key == hashlib.sha256(json.dumps(want, sort_keys=True, default=str).encode()).hexdigest()[:16], (draw, c.method)

def test_vision_cell_keys_see_the_vision_side(tmp_path):
    "Another vision tower or processor setting, same text weights: the cells are recomputed, not resumed."
    import torch
    from actrm_lab import vision
    from actrm_lab.bench import tasks_from_items, run_bench
    from actrm_lab.vectors import vision_record
    m = vision.tiny_vlm("llava")
    items = vision.load_vision_preferences(vision.toy_vision_pairs(tmp_path / "vis"))
    tasks = tasks_from_items(items, "The response names the colour.", pool_size=2)
    run = lambda: run_bench(m, tasks, ["length-shorter", "zero-shot"], out=tmp_path / "out", progress=False, n_boot=100)
    r0 = run()
    assert r0.meta["computed_cells"] == 2 and r0.meta["vision"] == vision_record(m)
    assert run().meta["computed_cells"] == 0
    with torch.no_grad():                                        # another vision tower: the text weights are untouched
        next(p for n, p in m.original_model.named_parameters() if "vision" in n).add_(0.5)
    r1 = run()
    assert r1.meta["vision"] != r0.meta["vision"] and r1.meta["computed_cells"] == 2   # (the fingerprint may see it too)
    m.processor.image_processor.image_mean = [0.1, 0.2, 0.3]      # another processor setting
    assert run().meta["computed_cells"] == 2 and run().meta["computed_cells"] == 0

def test_save_writes_the_stability_section(tmp_path):
    "BenchResult.save includes the selection stability of a fitted method run with two seeds (no section with one)."
    from actrm_lab.models import tiny_model
    from actrm_lab.bench import tasks_from_items, run_bench
    import subprocess   # saving and the Markdown view are the result's own methods, whatever else is imported
    code = "from actrm_lab.result import BenchResult; assert callable(BenchResult.save) and callable(BenchResult._repr_markdown_)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
    m = tiny_model()
    tasks = tasks_from_items(_pairs(), "The response is correct.", pool_size=4, n_eval=2)
    for seeds, has in (((0, 1), True), ((0,), False)):
        res = run_bench(m, tasks, ["length-shorter", "arm-linear@2"], shots=(4,), seeds=seeds, progress=False, n_boot=100)
        res.save(tmp_path / str(len(seeds)), plots=False)
        rep = (tmp_path / str(len(seeds)) / "report.md").read_text()
        assert ("## Selection stability" in rep) == has and ("### ARM-linear@2 on length (4 shots)" in rep) == has
