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
    assert "actrm_bench=actrm_lab.cli:actrm_bench" in cfg["DEFAULT"]["console_scripts"].replace(" ", "")

def test_help_explains_every_option():
    r = run_cli("--help")
    assert r.returncode == 0, r.stderr
    for opt in ["--suite", "--data", "--format", "--criterion", "--methods", "--shots", "--heads", "--n_eval", "--seeds",
                "--model", "--out", "--batch_size", "--device", "--n_boot", "--fresh", "--arm_steps"]:
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
    assert "No method beats the best length-only baseline on:" in (out / "report.md").read_text()
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
