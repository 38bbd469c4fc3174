"""The command lines as a user meets them: every bad option is refused before the model loads, with one line on
stderr and exit status 2, and nothing written; Ctrl-C is one line and exit status 130; a vector fitted on the tiny
model is scored with it without `--model` (no hub lookup). Commands are called the way their console scripts call
them (`sys.exit(command())` with `sys.argv` set), in this process, so the cases stay fast."""
import json, os, signal, subprocess, sys, time
from pathlib import Path
import pytest
import torch
from actrm_lab import cli
from actrm_lab.data import write_jsonl

ROOT = Path(__file__).resolve().parent.parent

def console(monkeypatch, capsys, command, *args) -> tuple[int, str, str]:
    "Run `command` as its console script does with these arguments: (exit status, stdout, stderr)."
    monkeypatch.setattr(sys, "argv", [command.__name__] + [str(a) for a in args])
    try: code = command() or 0
    except SystemExit as e: code = e.code
    out, err = capsys.readouterr()
    return code, out, err

def one_line_error(code, err, prog, *words):
    "Exit status 2 and exactly one line on stderr, naming the command and the words."
    lines = err.strip().splitlines()
    assert code == 2, (code, err)
    assert len(lines) == 1 and lines[0].startswith(f"{prog}: error: "), err
    for w in words: assert w in lines[0], (w, lines[0])

@pytest.fixture
def pairs(tmp_path):
    recs = [dict(prompt=f"What is {i} plus {i}?", chosen=f"{2*i}.", rejected=f"It is {2*i+1}, I am quite sure.", subset="length-hacked")
            for i in range(10)]
    recs += [dict(prompt=f"What is {i} times 3?", chosen=f"It is {3*i}, I am quite sure.", rejected=f"{3*i+1}.", subset="length-control")
             for i in range(10)]
    write_jsonl(tmp_path / "pairs.jsonl", recs)
    return tmp_path / "pairs.jsonl"

@pytest.fixture
def no_model(monkeypatch):
    "Loading a model in a validation case is a failure: the options must be refused first."
    def refuse(*a, **k): raise AssertionError("a model was loaded before the options were checked")
    monkeypatch.setattr(cli, "tiny_model", refuse); monkeypatch.setattr(cli, "load_model", refuse)

BENCH_CASES = [
    (["--shots", "0"], ["--shots must be >= 1"]),
    (["--shots", "-1"], ["--shots must be >= 1"]),
    (["--shots", "4,x"], ["--shots expects comma-separated integers"]),
    (["--n_eval", "0"], ["--n_eval must be >= 1"]),
    (["--batch_size", "0"], ["--batch_size must be >= 1"]),
    (["--n_boot", "0"], ["--n_boot must be >= 100"]),
    (["--n_boot", "10"], ["--n_boot must be >= 100"]),
    (["--seeds", "-1"], ["--seeds must be >= 0"]),
    (["--seeds", ","], ["--seeds expects"]),
    (["--heads", "0"], ["--heads must be >= 1"]),
    (["--arm_steps", "0"], ["--arm_steps must be >= 1"]),
    (["--methods", ","], ["--methods names no method"]),
    (["--methods", ""], ["--methods names no method"]),
    (["--methods", "zero-shot,nonsense"], ["unknown method 'nonsense'"]),
    (["--format", "csv"], ["--format must be one of"]),
    (["--pool", "bogus"], ["--pool must be"]),
    (["--shots", "50", "--methods", "sav"], ["few-shot pool"]),
    (["--device", "gpu0"], ["--device 'gpu0' is not a torch device"]),
    (["--dtype", "float17"], ["--dtype 'float17' is not a torch floating-point dtype"]),
    (["--fewshot_draw", "random"], ["--fewshot_draw must be one of cue-balanced, subset"]),
    (["--vector", "no/such/folder"], ["no/such/folder is not a reward vector folder"]),
    (["--vector", ","], ["--vector names no folder"]),
    (["--ray_workers", "2"], ["--ray_workers and --ray_gpus_per_worker need --ray"]),
    (["--ray", "--ray_workers", "0"], ["--ray_workers must be >= 1"]),
    (["--ray", "--ray_gpus_per_worker", "-1"], ["--ray_gpus_per_worker must be >= 0"]),
    (["--ray", "127.0.0.1:1"], ["cannot reach a Ray cluster at 127.0.0.1:1"]),
    (["--ray", "nowhere"], ["--ray 'nowhere' is not a Ray address"]),
]

@pytest.mark.parametrize("args,words", BENCH_CASES, ids=[" ".join(a) or "empty" for a, _ in BENCH_CASES])
def test_bench_bad_options(monkeypatch, capsys, tmp_path, pairs, no_model, args, words):
    out = tmp_path / "out"
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", pairs, "--model", "tiny", "--out", out, "--quiet", *args)
    one_line_error(code, err, "actrm_bench", *words)
    assert not out.exists()

def test_bench_bad_paths(monkeypatch, capsys, tmp_path, pairs, no_model):
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", tmp_path, "--model", "tiny", "--out", tmp_path / "o")
    one_line_error(code, err, "actrm_bench", "is a folder")
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", tmp_path / "missing.jsonl", "--out", tmp_path / "o")
    one_line_error(code, err, "actrm_bench", "missing.jsonl")
    (tmp_path / "file").write_text("x")
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", pairs, "--model", "tiny", "--out", tmp_path / "file")
    one_line_error(code, err, "actrm_bench", "is a file")
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--suite", "nope", "--model", "tiny", "--out", tmp_path / "o")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "nope" in err, err
    assert not (tmp_path / "o").exists() and (tmp_path / "file").read_text() == "x"

@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_device_cuda_without_gpu(monkeypatch, capsys, tmp_path, pairs, no_model):
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", pairs, "--model", "tiny", "--device", "cuda", "--out", tmp_path / "o")
    one_line_error(code, err, "actrm_bench", "no CUDA GPU")
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, pairs, "c", tmp_path / "v", "--model", "tiny", "--device", "cuda")
    one_line_error(code, err, "actrm_fit", "no CUDA GPU")
    assert not (tmp_path / "o").exists() and not (tmp_path / "v").exists()

FIT_CASES = [
    (["--k_shots", "-2"], ["--k_shots must be >= 1"]),
    (["--steps", "-1"], ["--steps must be >= 1"]),
    (["--steps", "0"], ["--steps must be >= 1"]),
    (["--samples", "0"], ["--samples must be >= 1"]),
    (["--n_prompts", "0"], ["--n_prompts must be >= 1"]),
    (["--n_heads", "-3"], ["--n_heads must be >= 1"]),
    (["--val_fraction", "1.5"], ["--val_fraction must be between 0 and 1"]),
    (["--val_fraction", "0"], ["--val_fraction must be between 0 and 1"]),
    (["--n_fewshot", "-2"], ["--n_fewshot must be >= 2"]),
    (["--n_fewshot", "1"], ["--n_fewshot must be >= 2"]),
    (["--kind", "bogus"], ["--kind must be 'steer' or 'linear'"]),
    (["--selector", "separability"], ["--selector for steer vectors"]),
    (["--device", "gpu0"], ["--device 'gpu0' is not a torch device"]),
    (["--dtype", "float17"], ["--dtype 'float17' is not a torch floating-point dtype"]),
]

@pytest.mark.parametrize("args,words", FIT_CASES, ids=[" ".join(a) for a, _ in FIT_CASES])
def test_fit_bad_options(monkeypatch, capsys, tmp_path, pairs, no_model, args, words):
    out = tmp_path / "vec"
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, pairs, "The response is correct.", out, "--model", "tiny", *args)
    one_line_error(code, err, "actrm_fit", *words)
    assert not out.exists()

def test_fit_bad_paths(monkeypatch, capsys, tmp_path, pairs, no_model):
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, tmp_path, "c", tmp_path / "vec", "--model", "tiny")
    one_line_error(code, err, "actrm_fit", "is a folder")
    (tmp_path / "vec").mkdir()
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, pairs, "c", tmp_path / "vec", "--model", "tiny")
    one_line_error(code, err, "actrm_fit", "exists", "--overwrite")

@pytest.fixture(scope="module")
def tiny_vector(tmp_path_factory):
    "A steer vector fitted on the tiny model (from Python, as a user would)."
    d = tmp_path_factory.mktemp("vec")
    write_jsonl(d / "train.jsonl", [dict(prompt=f"What is {i} plus {i}?", chosen=f"{2*i}.", rejected=f"Surely {2*i+1}.") for i in range(8)])
    cli.actrm_fit(str(d / "train.jsonl"), "The response is correct.", str(d / "vec"), model="tiny", n_prompts=2, k_shots=2,
                  steps=2, samples=4)
    return d / "vec"

def test_score_bad_options(monkeypatch, capsys, tmp_path, pairs, tiny_vector, no_model):
    code, _, err = console(monkeypatch, capsys, cli.actrm_score, tiny_vector, pairs, tmp_path / "s.jsonl", "--batch_size", "0")
    one_line_error(code, err, "actrm_score", "--batch_size must be >= 1")
    code, _, err = console(monkeypatch, capsys, cli.actrm_score, tiny_vector, pairs, tmp_path)   # out is a folder: before scoring
    one_line_error(code, err, "actrm_score", "is a folder")
    code, _, err = console(monkeypatch, capsys, cli.actrm_score, tiny_vector, tmp_path, tmp_path / "s.jsonl")
    one_line_error(code, err, "actrm_score", "is a folder")
    code, _, err = console(monkeypatch, capsys, cli.actrm_score, tiny_vector, pairs, tmp_path / "s.jsonl", "--dtype", "float17")
    one_line_error(code, err, "actrm_score", "float17")
    assert not (tmp_path / "s.jsonl").exists()

def test_score_finds_the_tiny_model_by_its_id(monkeypatch, capsys, tmp_path, pairs, tiny_vector):
    "The manifest names `tiny-llama-2x4-seed0`: resolved to the tiny model, never looked up on the hub."
    def hub(*a, **k): raise AssertionError("load_model was asked for the tiny model's id")
    monkeypatch.setattr(cli, "load_model", hub)
    out = tmp_path / "scores.jsonl"
    code, stdout, err = console(monkeypatch, capsys, cli.actrm_score, tiny_vector, pairs, out)
    assert code == 0, err
    rows = [json.loads(l) for l in out.read_text().splitlines()]
    assert len(rows) == 20 and {"reward_chosen", "reward_rejected", "correct"} <= set(rows[0])
    assert f"wrote {out}" in stdout

DEMO_CASES = [
    (["--n_test", "0"], ["--n_test must be >= 1"]),
    (["--shots", "0"], ["--shots must be >= 1"]),
    (["--shots", "500"], ["few-shot pool"]),
    (["--methods", ","], ["--methods names no method"]),
    (["--seed", "-1"], ["--seed must be >= 0"]),
    (["--audit_n", "-1"], ["--audit_n must be >= 0"]),
]

@pytest.mark.parametrize("args,words", DEMO_CASES, ids=[" ".join(a) for a, _ in DEMO_CASES])
def test_demo_bad_options(monkeypatch, capsys, tmp_path, no_model, args, words):
    out = tmp_path / "demo"
    code, _, err = console(monkeypatch, capsys, cli.actrm_demo, "--model", "tiny", "--out", out, *args)
    one_line_error(code, err, "actrm_demo", *words)
    assert not out.exists()

def test_ctrl_c_is_one_line(monkeypatch, capsys, tmp_path, pairs):
    def interrupted(*a, **k): raise KeyboardInterrupt
    monkeypatch.setattr(cli, "resolve_model", interrupted)
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", pairs, "--model", "tiny", "--out", tmp_path / "o", "--quiet")
    assert code == 130 and err.strip() == "actrm_bench: interrupted", err
    assert not (tmp_path / "o").exists()

def test_ctrl_c_in_a_real_run(tmp_path, pairs):
    "SIGINT while the command works: exit status 130, the one line, no traceback."
    code = "import sys; from actrm_lab.cli import actrm_bench; sys.exit(actrm_bench())"
    p = subprocess.Popen([sys.executable, "-u", "-c", code, "--data", str(pairs), "--model", "tiny", "--methods", "arm-steer",
                          "--shots", "4", "--out", str(tmp_path / "o"), "--n-boot", "100"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=dict(os.environ, OMP_NUM_THREADS="1"))
    for line in p.stdout:                      # the tasks are listed just before the model loads
        if line.startswith("task "): break
    time.sleep(1.0)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 130, err[-2000:]
    assert "Traceback" not in err and err.strip().splitlines()[-1] == "actrm_bench: interrupted", err[-2000:]


def test_bench_without_ray_installed(monkeypatch, capsys, tmp_path, pairs, no_model):
    "`--ray` where the `ray` extra is missing: one line that says how to install it, before anything loads."
    monkeypatch.setitem(sys.modules, "ray", None)            # `import ray` now raises ImportError
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", pairs, "--model", "tiny", "--out", tmp_path / "o", "--ray")
    one_line_error(code, err, "actrm_bench", "Ray is not installed", "actrm_lab[ray]")
    assert not (tmp_path / "o").exists()

AUDIT_CASES = [
    (["--n_eval", "0"], ["--n_eval must be >= 1"]),
    (["--batch_size", "0"], ["--batch_size must be >= 1"]),
    (["--seed", "-1"], ["--seed must be >= 0"]),
    (["--n_boot", "10"], ["--n_boot must be >= 100"]),
    (["--flip_threshold", "1.5"], ["--flip_threshold must be between 0 and 1"]),
    (["--flip_threshold", "0"], ["--flip_threshold must be between 0 and 1"]),
    (["--perturbations", "pad,nope"], ["unknown perturbation 'nope'"]),
    (["--format", "csv"], ["--format must be one of"]),
    (["--device", "gpu0"], ["--device 'gpu0' is not a torch device"]),
    (["--dtype", "float17"], ["--dtype 'float17' is not a torch floating-point dtype"]),
]

@pytest.mark.parametrize("args,words", AUDIT_CASES, ids=[" ".join(a) for a, _ in AUDIT_CASES])
def test_audit_bad_options(monkeypatch, capsys, tmp_path, pairs, tiny_vector, no_model, args, words):
    out = tmp_path / "audit"
    code, _, err = console(monkeypatch, capsys, cli.actrm_audit, tiny_vector, pairs, "--out", out, *args)
    one_line_error(code, err, "actrm_audit", *words)
    assert not out.exists()

def test_audit_bad_paths(monkeypatch, capsys, tmp_path, pairs, tiny_vector, no_model):
    code, _, err = console(monkeypatch, capsys, cli.actrm_audit, tmp_path / "nope", pairs, "--out", tmp_path / "a")
    one_line_error(code, err, "actrm_audit", "not a reward vector folder")
    code, _, err = console(monkeypatch, capsys, cli.actrm_audit, tiny_vector, tmp_path / "missing.jsonl", "--out", tmp_path / "a")
    one_line_error(code, err, "actrm_audit", "missing.jsonl")
    (tmp_path / "a").mkdir()
    code, _, err = console(monkeypatch, capsys, cli.actrm_audit, tiny_vector, pairs, "--out", tmp_path / "a")
    one_line_error(code, err, "actrm_audit", "exists", "--overwrite")
    (tmp_path / "f").write_text("x")
    code, _, err = console(monkeypatch, capsys, cli.actrm_audit, tiny_vector, pairs, "--out", tmp_path / "f")
    one_line_error(code, err, "actrm_audit", "is a file")
    assert (tmp_path / "f").read_text() == "x" and not list((tmp_path / "a").iterdir())

def test_audit_end_to_end(monkeypatch, capsys, tmp_path, pairs, tiny_vector):
    "The tiny vector audited on 6 pairs: the table is printed, report.md / audit.json / audit.png are written."
    def hub(*a, **k): raise AssertionError("load_model was asked for the tiny model's id")
    monkeypatch.setattr(cli, "load_model", hub)
    out = tmp_path / "audit"
    code, stdout, err = console(monkeypatch, capsys, cli.actrm_audit, tiny_vector, pairs, "--n_eval", "6", "--out", out,
                                "--quiet", "--n_boot", "200", "--perturbations", "pad,markdown-list")
    assert code == 0, err
    assert "| perturbation | n | flip rate % |" in stdout and "| pad | 6 |" in stdout and f"wrote {out}" in stdout
    assert {"report.md", "audit.json", "audit.png"} <= {p.name for p in out.iterdir()}
    doc = json.loads((out / "audit.json").read_text())
    assert doc["n"] == 6 and [r["perturbation"] for r in doc["rows"]] == ["pad", "markdown-list"]
    code, _, err = console(monkeypatch, capsys, cli.actrm_audit, tiny_vector, pairs, "--n_eval", "4", "--out", out, "--overwrite",
                           "--quiet", "--n_boot", "200", "--perturbations", "confident")
    assert code == 0, err
    assert json.loads((out / "audit.json").read_text())["n"] == 4

def test_audit_help_explains_every_option():
    r = subprocess.run([sys.executable, "-c", "import sys; from actrm_lab.cli import actrm_audit; sys.exit(actrm_audit())", "--help"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    for opt in ["--format", "--model", "--perturbations", "--n_eval", "--seed", "--n_boot", "--batch_size", "--flip_threshold",
                "--out", "--overwrite", "--quiet", "--device"]:
        line = next((l for l in r.stdout.splitlines() if l.strip().startswith(opt + " ") or l.strip() == opt), None)
        assert line is not None and len(line.split(None, 2)) >= 2, f"{opt} is not explained:\n{r.stdout}"
