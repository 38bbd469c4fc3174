"""The command lines as a user meets them: every bad option is refused before the model loads, with one line on
stderr and exit status 2, and nothing written; Ctrl-C is one line and exit status 130; a vector fitted on the tiny
model is scored with it without `--model` (no hub lookup). Commands are called the way their console scripts call
them (`sys.exit(command())` with `sys.argv` set), in this process, so the cases stay fast."""
import json, os, signal, subprocess, sys, time
from pathlib import Path
import pytest
import torch
from PIL import Image
from actrm_lab import cli
from actrm_lab.data import write_jsonl

from cli_helpers import console, one_line_error  # tests/cli_helpers.py

ROOT = Path(__file__).resolve().parent.parent

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
    for f in ("tiny_model", "load_model", "tiny_vlm", "load_vlm"): monkeypatch.setattr(cli, f, refuse)

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
    (["--val_fraction", "1.5"], ["--val_fraction must be in [0, 1)"]),
    (["--val_fraction", "-0.1"], ["--val_fraction must be in [0, 1)"]),
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


# --- image data and vision-language judges ------------------------------------------------------------------------

COLOURS = {"red": (220, 30, 30), "green": (30, 200, 40), "blue": (30, 40, 220), "yellow": (230, 220, 30)}

def write_vision_pairs(folder, n=8):
    "A TRL vision-format JSONL written here: a PNG square per row (in img/), chosen names its colour, rejected another."
    (folder / "img").mkdir(parents=True, exist_ok=True)
    names, lines = list(COLOURS), []
    for i in range(n):
        c, w = names[i % 4], names[(i + 1) % 4]
        Image.new("RGB", (32, 32), COLOURS[c]).save(folder / "img" / f"{i}.png")
        lines.append(json.dumps({"prompt": [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What colour is the square?"}]}],
                                 "chosen": f"The square is {c}.", "rejected": f"The square is {w}, I am quite sure.", "images": [f"img/{i}.png"]}))
    (folder / "pairs.jsonl").write_text("\n".join(lines) + "\n")
    return folder / "pairs.jsonl"

@pytest.fixture
def vision_pairs(tmp_path): return write_vision_pairs(tmp_path / "vis")

@pytest.fixture(scope="module")
def llava_vector(tmp_path_factory):
    "A linear vector fitted on the tiny LLaVA from image data (as the command line does it)."
    d = tmp_path_factory.mktemp("vvec")
    cli.actrm_fit(str(write_vision_pairs(d)), "The response names the colour of the square.", str(d / "vec"), format="trl-vision",
                  model="tiny-llava", kind="linear", n_prompts=2, k_shots=2)
    return d / "vec"

def test_vision_fit_and_score(monkeypatch, capsys, tmp_path, vision_pairs, llava_vector):
    "Fit on image data with the tiny LLaVA; score without --model: the manifest's tiny-llava id is resolved, no hub lookup."
    code, stdout, err = console(monkeypatch, capsys, cli.actrm_fit, vision_pairs, "The response names the colour.", tmp_path / "vec",
                                "--format", "trl-vision", "--model", "tiny-llava", "--kind", "linear", "--n_prompts", "2", "--k_shots", "2")
    assert code == 0, err
    assert "no validation step for the separability selector" in stdout and "nan" not in stdout   # it has none to report
    assert "few-shot accuracy (Yes/No on the responses it was fitted on, not held out): " in stdout
    from actrm_lab.vectors import load_vector
    assert load_vector(tmp_path / "vec").meta["model_id"] == "tiny-llava-2x4-seed0"
    def hub(*a, **k): raise AssertionError("a hub loader was asked for the tiny LLaVA's id")
    monkeypatch.setattr(cli, "load_model", hub); monkeypatch.setattr(cli, "load_vlm", hub)
    out = tmp_path / "scores.jsonl"
    code, stdout, err = console(monkeypatch, capsys, cli.actrm_score, llava_vector, vision_pairs, out, "--format", "trl_vision")
    assert code == 0, err
    rows = [json.loads(l) for l in out.read_text().splitlines()]
    assert len(rows) == 8 and {"reward_chosen", "reward_rejected", "correct"} <= set(rows[0])
    assert rows[0]["prompt"].startswith(f"<<image:{(vision_pairs.parent / 'img' / '0.png').resolve()}>>")   # the image, as its marker
    assert rows[0]["prompt"].endswith("What colour is the square?")
    assert "pairs: 8, accuracy" in stdout

def test_vision_bad_input_is_one_line(monkeypatch, capsys, tmp_path, vision_pairs, llava_vector, no_model):
    "Image data for a text-only model, read as text, or with a missing image: one line each, before any model loads."
    for cmd, args in [(cli.actrm_fit, [vision_pairs, "c", tmp_path / "v", "--format", "trl-vision", "--model", "tiny"]),
                      (cli.actrm_bench, ["--data", vision_pairs, "--format", "trl-vision", "--model", "tiny", "--out", tmp_path / "o",
                                         "--methods", "zero-shot"]),
                      (cli.actrm_score, [llava_vector, vision_pairs, tmp_path / "s.jsonl", "--format", "trl-vision", "--model", "tiny"]),
                      (cli.actrm_audit, [llava_vector, vision_pairs, "--format", "trl-vision", "--model", "tiny", "--out", tmp_path / "a"])]:
        code, _, err = console(monkeypatch, capsys, cmd, *args)
        one_line_error(code, err, cmd.__name__, "prompts show images", "tiny is a text-only model", "vision-language model")
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, vision_pairs, "c", tmp_path / "v", "--model", "tiny-llava")
    one_line_error(code, err, "actrm_fit", "pairs.jsonl: record 1 holds images", "--format trl-vision")
    (vision_pairs.parent / "img" / "5.png").unlink()
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", vision_pairs, "--format", "trl-vision", "--model", "tiny-llava",
                           "--out", tmp_path / "o")
    one_line_error(code, err, "actrm_bench", f"pairs.jsonl:6: image file {(vision_pairs.parent / 'img' / '5.png').resolve()} not found")
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, vision_pairs, "c", tmp_path / "v", "--format", "images")
    one_line_error(code, err, "actrm_fit", "--format must be one of", "trl-vision", "multimodal-rewardbench")
    assert not any((tmp_path / x).exists() for x in ("v", "o", "a", "s.jsonl"))

def test_vision_bench_resumes_and_audit(monkeypatch, capsys, tmp_path, vision_pairs, llava_vector):
    "actrm_bench on image data with the tiny LLaVA: every cell resumes on a rerun, a replaced image is recomputed; actrm_audit runs."
    args = ["--data", vision_pairs, "--format", "trl-vision", "--model", "tiny-llava", "--methods", "length-shorter,zero-shot,sav@2",
            "--shots", "2", "--seeds", "0", "--out", tmp_path / "out", "--quiet", "--n_boot", "200"]
    code, stdout, err = console(monkeypatch, capsys, cli.actrm_bench, *args)
    assert code == 0, err
    doc = json.loads((tmp_path / "out" / "results.json").read_text())
    assert doc["meta"]["model"] == "tiny-llava-2x4-seed0" and doc["meta"]["vision"]["processor_class"] == "LlavaProcessor"
    assert doc["meta"]["computed_cells"] == 3 and "| zero-shot (no few-shot) |" in stdout
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, *args)
    assert code == 0, err
    assert json.loads((tmp_path / "out" / "results.json").read_text())["meta"]["computed_cells"] == 0
    first = json.loads((tmp_path / "out" / "eval_items.jsonl").read_text().splitlines()[0])["prompt"]
    Image.new("RGB", (32, 32), COLOURS["blue"]).save(first[len("<<image:"):first.index(">>")])   # an evaluated image replaced
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, *args)
    assert code == 0, err
    assert json.loads((tmp_path / "out" / "results.json").read_text())["meta"]["computed_cells"] == 3
    code, stdout, err = console(monkeypatch, capsys, cli.actrm_audit, llava_vector, vision_pairs, "--format", "trl-vision", "--n_eval", "4",
                                "--perturbations", "pad,restate-question", "--out", tmp_path / "audit", "--quiet", "--n_boot", "200")
    assert code == 0, err
    assert json.loads((tmp_path / "audit" / "audit.json").read_text())["meta"]["model"] == "tiny-llava-2x4-seed0"

def test_vision_bench_reports_benchmark_subsets(monkeypatch, capsys, tmp_path):
    "VL-RewardBench read through --format keeps its query_source subsets: one task per subset, each evaluated and reported."
    Image.new("RGB", (32, 32), COLOURS["blue"]).save(tmp_path / "b.png")
    rows = [{"query": f"Which colour, case {i}?", "image": "b.png", "response": [f"red {i}, surely", "blue"], "human_ranking": [1, 0],
             "query_source": ["povid", "rlaif"][i % 2]} for i in range(8)]
    (tmp_path / "vl.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    code, stdout, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", tmp_path / "vl.jsonl", "--format", "vl-rewardbench",
                                "--model", "tiny-llava", "--methods", "length-shorter", "--shots", "2", "--out", tmp_path / "out",
                                "--n_boot", "200")
    assert code == 0, err
    assert "task povid: few-shot pool 2 pairs; evaluated povid 2" in stdout and "task rlaif: few-shot pool 2 pairs; evaluated rlaif 2" in stdout
    assert "povid" in (tmp_path / "out" / "report.md").read_text()


def test_resolve_model_reads_vision_configs(tmp_path):
    "A folder whose config has a vision_config loads as a vision-language model; names tell without loading."
    from actrm_lab.vision import tiny_vlm, is_vlm
    from actrm_lab.models import model_id
    tiny_vlm("idefics3", save_to=tmp_path / "vlm")
    (tmp_path / "text").mkdir(); (tmp_path / "text" / "config.json").write_text(json.dumps({"architectures": ["LlamaForCausalLM"]}))
    assert [cli.reads_images(n) for n in ("tiny", "tiny-llava", "tiny-idefics3-2x4-seed0", None, str(tmp_path / "vlm"),
                                          str(tmp_path / "text"), str(tmp_path))] == [False, True, True, False, True, False, None]
    m = cli.resolve_model(str(tmp_path / "vlm"))
    assert is_vlm(m) and model_id(m) == str(tmp_path / "vlm")
    m = cli.resolve_model("tiny-llava-2x2-seed3")
    assert is_vlm(m) and model_id(m) == "tiny-llava-2x2-seed3" and m.cfg.n_heads == 2

def test_a_vector_folder_is_read_once_per_command(monkeypatch, capsys, tmp_path, pairs, tiny_vector):
    "actrm_bench (--vector and vector:DIR in --methods), actrm_score and actrm_audit each read a vector folder once."
    import actrm_lab.vectors as vectors
    reads, real = [], vectors.load_vector
    def counting(folder, model=None): reads.append(str(folder)); return real(folder, model)
    monkeypatch.setattr(cli, "load_vector", counting)
    import actrm_lab.baselines as baselines
    monkeypatch.setattr(baselines, "load_vector", counting)
    code, stdout, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", pairs, "--model", "tiny", "--vector", tiny_vector,
                                "--methods", f"length-longer,vector:{tiny_vector}", "--n_boot", "100", "--out", tmp_path / "b", "--quiet")
    assert code == 0, err
    assert reads == [str(tiny_vector)], reads             # named twice, read once
    assert "| vector:vec |" in stdout
    reads.clear()
    code, _, err = console(monkeypatch, capsys, cli.actrm_score, tiny_vector, pairs, tmp_path / "s.jsonl")
    assert code == 0 and reads == [str(tiny_vector)], (err, reads)
    reads.clear()
    code, _, err = console(monkeypatch, capsys, cli.actrm_audit, tiny_vector, pairs, "--n_eval", "4", "--n_boot", "100",
                           "--perturbations", "pad", "--out", tmp_path / "a", "--quiet")
    assert code == 0 and reads == [str(tiny_vector)], (err, reads)
