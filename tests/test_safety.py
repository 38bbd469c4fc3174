"""Regression cases of issue 24's hostile-input run: no output path destroys an input, sizes are bounded before a model
loads, non-regular files are refused, degenerate data is warned about or refused the same way by every command, clamped
values are recorded as used, and vector files are byte-stable. Commands run in this process as their console scripts
do (`sys.exit(command())` with `sys.argv` set); the tiny random model keeps every case fast."""
import hashlib, json, os, shutil, subprocess, sys, time
from pathlib import Path
import pytest
from actrm_lab import cli
from actrm_lab.data import write_jsonl, check_data_file, load_preferences, split_items
from actrm_lab.errors import DataError, OptionError
from actrm_lab.files import check_output

from cli_helpers import console, one_line_error as refused  # tests/cli_helpers.py

ROOT = Path(__file__).resolve().parent.parent

def tree(folder: Path) -> dict:
    "Every file under `folder` and the sha256 of its bytes."
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}

FIT = ["--model", "tiny", "--steps", "2", "--samples", "4", "--n_prompts", "2"]

def _pairs(n, prefix="What is"):
    return [dict(prompt=f"{prefix} {i} plus {i}?", chosen=f"{2*i}.", rejected=f"Surely {2*i+1}.") for i in range(n)]

@pytest.fixture
def no_model(monkeypatch):
    "Loading a model in a refusal case is a failure: the refusal must come first."
    def refuse(*a, **k): raise AssertionError("a model was loaded before the inputs were checked")
    for f in ("tiny_model", "load_model", "tiny_vlm", "load_vlm"): monkeypatch.setattr(cli, f, refuse)

@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"; d.mkdir()
    write_jsonl(d / "few.jsonl", _pairs(8))
    write_jsonl(d / "in.jsonl", _pairs(4, "Compute"))
    (d / "notes.txt").write_text("the user's own file")
    return d

@pytest.fixture(scope="module")
def vec(tmp_path_factory):
    "A steer vector fitted on the tiny model."
    d = tmp_path_factory.mktemp("vec")
    write_jsonl(d / "train.jsonl", _pairs(8))
    cli.actrm_fit(str(d / "train.jsonl"), "The response is correct.", str(d / "vec"), model="tiny", n_prompts=2, k_shots=2,
                  steps=2, samples=4)
    return d / "vec"

# 1. no output path may destroy an input

def test_fit_into_the_data_folder_is_refused(monkeypatch, capsys, data_dir, no_model):
    before = tree(data_dir)
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, data_dir / "few.jsonl", "C", data_dir, "--overwrite", *FIT)
    refused(code, err, "actrm_fit", "contains the input DATA")
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, data_dir / "few.jsonl", "C", data_dir.parent, "--overwrite", *FIT)
    refused(code, err, "actrm_fit", "contains the input DATA")
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, data_dir / "few.jsonl", "C", data_dir / "few.jsonl", "--overwrite", *FIT)
    refused(code, err, "actrm_fit", "is the input DATA")
    (data_dir.parent / "alias").symlink_to(data_dir)            # the same folder under another name
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, data_dir / "few.jsonl", "C", data_dir.parent / "alias", "--overwrite", *FIT)
    refused(code, err, "actrm_fit", "contains the input DATA")
    assert tree(data_dir) == before

def test_fit_overwrite_replaces_only_its_own_folder(monkeypatch, capsys, data_dir, tmp_path, vec):
    out = tmp_path / "v"; shutil.copytree(vec, out)
    (out / "mine.txt").write_text("keep me")
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, data_dir / "few.jsonl", "C", out, "--overwrite", *FIT)
    refused(code, err, "actrm_fit", "holds files this command did not write (mine.txt)")
    assert (out / "mine.txt").read_text() == "keep me"
    (out / "mine.txt").unlink()
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, data_dir / "few.jsonl", "C", out, "--overwrite", *FIT)
    assert code == 0, err
    assert sorted(os.listdir(out)) == ["manifest.json", "vector.safetensors"]

def test_score_never_overwrites_its_inputs(monkeypatch, capsys, data_dir, tmp_path, vec, no_model):
    v = tmp_path / "v"; shutil.copytree(vec, v); before, data = tree(v), tree(data_dir)
    for out in (v / "vector.safetensors", v / "manifest.json", v / "new.jsonl"):
        for extra in ([], ["--overwrite"]):
            code, _, err = console(monkeypatch, capsys, cli.actrm_score, v, data_dir / "in.jsonl", out, *extra)
            refused(code, err, "actrm_score", "lies inside the input VECTOR")
    code, _, err = console(monkeypatch, capsys, cli.actrm_score, v, data_dir / "in.jsonl", data_dir / "in.jsonl", "--overwrite")
    refused(code, err, "actrm_score", "is the input DATA")
    code, _, err = console(monkeypatch, capsys, cli.actrm_score, v, data_dir / "in.jsonl", data_dir / "notes.txt")
    refused(code, err, "actrm_score", "exists; pass --overwrite")
    code, _, err = console(monkeypatch, capsys, cli.actrm_score, v, data_dir / "in.jsonl", data_dir / "notes.txt", "--overwrite")
    refused(code, err, "actrm_score", "was not written by this command")
    assert tree(v) == before and tree(data_dir) == data

def test_score_follows_the_overwrite_rule(monkeypatch, capsys, data_dir, tmp_path, vec):
    out = tmp_path / "s.jsonl"
    code, _, err = console(monkeypatch, capsys, cli.actrm_score, vec, data_dir / "in.jsonl", out)
    assert code == 0, err
    first = out.read_bytes()
    code, _, err = console(monkeypatch, capsys, cli.actrm_score, vec, data_dir / "in.jsonl", out)
    refused(code, err, "actrm_score", "exists; pass --overwrite")
    code, _, err = console(monkeypatch, capsys, cli.actrm_score, vec, data_dir / "in.jsonl", out, "--overwrite")
    assert code == 0, err
    assert out.read_bytes() == first                                   # its own output, replaced

def test_bench_and_audit_outputs(monkeypatch, capsys, data_dir, tmp_path, vec, no_model):
    v = tmp_path / "v"; shutil.copytree(vec, v); before = tree(v)
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", data_dir / "in.jsonl", "--out", v, "--model", "tiny",
                           "--methods", "zero-shot")
    refused(code, err, "actrm_bench", "holds files this command did not write (manifest.json, vector.safetensors)")
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", data_dir / "in.jsonl", "--out", v / "bench", "--vector", v,
                           "--model", "tiny")
    refused(code, err, "actrm_bench", "lies inside the input VECTOR")
    code, _, err = console(monkeypatch, capsys, cli.actrm_audit, v, data_dir / "in.jsonl", "--out", v / "audit")
    refused(code, err, "actrm_audit", "lies inside the input VECTOR")
    code, _, err = console(monkeypatch, capsys, cli.actrm_audit, v, data_dir / "in.jsonl", "--out", data_dir, "--overwrite")
    refused(code, err, "actrm_audit", "contains the input DATA")
    code, _, err = console(monkeypatch, capsys, cli.actrm_audit, v, data_dir / "in.jsonl", "--out", v, "--overwrite")
    refused(code, err, "actrm_audit", "is the input VECTOR")
    assert tree(v) == before

def test_check_output_rules(tmp_path):
    (tmp_path / "imgs").mkdir(); (tmp_path / "imgs" / "a.png").write_bytes(b"png")
    ins = {"image folder": [str(tmp_path / "imgs")]}
    with pytest.raises(OptionError, match="lies inside the input image folder"): check_output(tmp_path / "imgs" / "out", ins)
    with pytest.raises(OptionError, match="contains the input image folder"): check_output(tmp_path, ins, overwrite=True)
    assert check_output(tmp_path / "elsewhere", ins) == (tmp_path / "elsewhere").resolve()

# 3. bounds, before the model loads

@pytest.mark.parametrize("opt,val,words", [("--steps", 10**12, "--steps must be at most"), ("--samples", 10**9, "--samples must be at most"),
                                           ("--n_prompts", 10**9, "--n_prompts must be at most"), ("--k_shots", 10**9, "--k_shots must be at most")])
def test_fit_sizes(monkeypatch, capsys, data_dir, tmp_path, opt, val, words, no_model):
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, data_dir / "few.jsonl", "C", tmp_path / "v", "--model", "tiny", opt, val)
    refused(code, err, "actrm_fit", words)

@pytest.mark.parametrize("name,words", [("tiny-llama-0x4-seed0", "1 to 64 layers, got 0"), ("tiny-llama-2x0-seed0", "1 to 64 heads, got 0"),
                                        ("tiny-llama-100000x4-seed0", "layers, got 100000"), ("tiny-llava-0x4-seed0", "layers, got 0")])
def test_tiny_shapes(monkeypatch, capsys, data_dir, tmp_path, name, words, no_model):
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, data_dir / "few.jsonl", "C", tmp_path / "v", "--model", name)
    refused(code, err, "actrm_fit", words)
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", data_dir / "in.jsonl", "--out", tmp_path / "b", "--model", name)
    refused(code, err, "actrm_bench", words)

def test_bootstrap_sizes(monkeypatch, capsys, data_dir, tmp_path, vec, no_model):
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", data_dir / "in.jsonl", "--out", tmp_path / "b",
                           "--model", "tiny", "--n_boot", 10**12)
    refused(code, err, "actrm_bench", "--n_boot must be at most 100,000")
    code, _, err = console(monkeypatch, capsys, cli.actrm_audit, vec, data_dir / "in.jsonl", "--out", tmp_path / "a", "--n_boot", 10**12)
    refused(code, err, "actrm_audit", "--n_boot must be at most 100,000")
    monkeypatch.setattr(cli, "BOOT_MEMORY", 1e-9)                    # as if the machine had almost no memory
    code, _, err = console(monkeypatch, capsys, cli.actrm_audit, vec, data_dir / "in.jsonl", "--out", tmp_path / "a", "--n_boot", 1000)
    refused(code, err, "actrm_audit", "use fewer resamples")

def test_non_regular_files(monkeypatch, capsys, tmp_path, vec, no_model):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    t0 = time.time()
    for path, words in ((tmp_path / "pipe", "is a named pipe"), ("/dev/zero", "is a device"), (tmp_path / "loop", "symlink loop"),
                        (tmp_path, "is a folder"), (tmp_path / "gone.jsonl", "no such file")):
        code, _, err = console(monkeypatch, capsys, cli.actrm_fit, path, "C", tmp_path / "v", "--model", "tiny")
        refused(code, err, "actrm_fit", words)
        code, _, err = console(monkeypatch, capsys, cli.actrm_score, vec, path, tmp_path / "s.jsonl")
        refused(code, err, "actrm_score", words)
    assert time.time() - t0 < 30                                        # nothing blocked on the pipe

def test_long_line_named_without_reading_it_whole(monkeypatch, capsys, tmp_path, no_model):
    p = tmp_path / "big.jsonl"
    write_jsonl(p, _pairs(3))
    with open(p, "a") as f: f.write('{"prompt": "' + "x" * (17 * 2**20) + '"}\n')
    t0 = time.time()
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, p, "C", tmp_path / "v", "--model", "tiny")
    refused(code, err, "actrm_fit", "big.jsonl:4: line longer than 16,777,216 bytes")
    assert time.time() - t0 < 10
    with pytest.raises(DataError, match=r"big.jsonl:1: line longer than 10 bytes"): check_data_file(p, max_line=10)

def test_clamped_values_are_recorded_as_used(monkeypatch, capsys, data_dir, tmp_path):
    code, out, err = console(monkeypatch, capsys, cli.actrm_fit, data_dir / "few.jsonl", "C", tmp_path / "v", *FIT, "--k_shots", "100")
    assert code == 0, err
    assert out.count("--k_shots 100 is more than the 8 extraction responses allow; using 7") == 1
    meta = json.loads((tmp_path / "v" / "manifest.json").read_text())["metadata"]
    assert meta["k_shots"] == 7 and meta["settings"]["k_shots"] == 7

def test_head_counts_clamped_and_at_zero_refused(monkeypatch, capsys, data_dir, tmp_path):
    seen = {}
    def stop(model, tasks, methods, *a, **k): seen["methods"] = [m.name for m in methods]; raise KeyboardInterrupt
    monkeypatch.setattr(cli, "run_bench", stop)
    code, out, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", data_dir / "in.jsonl", "--out", tmp_path / "b", "--model",
                             "tiny", "--methods", "arm-linear@100000,zero-shot", "--shots", "2", "--quiet")
    assert code == 130 and seen["methods"] == ["ARM-linear@8", "zero-shot"], (err, seen)   # the checked Method objects
    assert out.count("using arm-linear@100000 -> arm-linear@8") == 1
    def keep(model, tasks, methods, *a, **k): seen["steer"] = methods; raise KeyboardInterrupt
    monkeypatch.setattr(cli, "run_bench", keep)   # --arm_steps reaches the very objects the run uses
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", data_dir / "in.jsonl", "--out", tmp_path / "b", "--model",
                           "tiny", "--methods", "arm-steer,zero-shot", "--arm_steps", "3", "--batch_size", "2", "--shots", "2", "--quiet")
    assert code == 130 and seen["steer"][0].fit_kwargs == dict(steps=3) and seen["steer"][0].batch_size == 2, err
    for spec in ("sav@0", "icl@0", "arm-linear@0"):
        code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", data_dir / "in.jsonl", "--out", tmp_path / "b",
                               "--model", "tiny", "--methods", spec)
        refused(code, err, "actrm_bench", f"{spec}: the number after @ must be at least 1")

# 4. degenerate data, the same way in every command

def test_identical_pairs_refused_everywhere(monkeypatch, capsys, tmp_path, vec, no_model):
    p = tmp_path / "same.jsonl"; write_jsonl(p, [dict(prompt=f"q{i}", chosen="a", rejected="a") for i in range(6)])
    words = ("every pair has chosen == rejected", "same.jsonl:1")
    for cmd, args in ((cli.actrm_fit, [p, "C", tmp_path / "v", "--model", "tiny"]), (cli.actrm_score, [vec, p, tmp_path / "s.jsonl"]),
                      (cli.actrm_bench, ["--data", p, "--out", tmp_path / "b", "--model", "tiny"]),
                      (cli.actrm_audit, [vec, p, "--out", tmp_path / "a"])):
        code, _, err = console(monkeypatch, capsys, cmd, *args)
        refused(code, err, cmd.__name__, *words)

def test_some_identical_and_empty_warned(monkeypatch, capsys, tmp_path, vec):
    p = tmp_path / "mixed.jsonl"
    write_jsonl(p, _pairs(3) + [dict(prompt="q", chosen="same", rejected="same"), dict(prompt="r", chosen="ok", rejected="")])
    code, _, err = console(monkeypatch, capsys, cli.actrm_score, vec, p, tmp_path / "s.jsonl")
    assert code == 0, err
    assert err.count(f"actrm_score: warning: {p}:4: fields 'chosen' and 'rejected' are the same text") == 1
    assert err.count(f"actrm_score: warning: {p}:5: field 'rejected' is empty") == 1

def test_one_pair_says_there_is_no_validation(monkeypatch, capsys, tmp_path):
    p = tmp_path / "one.jsonl"; write_jsonl(p, _pairs(1))
    code, out, err = console(monkeypatch, capsys, cli.actrm_fit, p, "C", tmp_path / "v", *FIT)
    assert code == 0, err
    assert "one item only; nothing is held out for validation" in err
    assert "fitted-on (not held-out) accuracy during selection" in out and "validation accuracy" not in out

def test_empty_heads_in_a_manifest_refused(monkeypatch, capsys, data_dir, tmp_path, vec, no_model):
    v = tmp_path / "v"; shutil.copytree(vec, v)
    m = json.loads((v / "manifest.json").read_text()); m["config"]["heads"] = []
    (v / "manifest.json").write_text(json.dumps(m))
    for cmd, args in ((cli.actrm_score, [v, data_dir / "in.jsonl", tmp_path / "s.jsonl"]), (cli.actrm_audit, [v, data_dir / "in.jsonl", "--out", tmp_path / "a"]),
                      (cli.actrm_bench, ["--data", data_dir / "in.jsonl", "--vector", v, "--out", tmp_path / "b", "--model", "tiny"])):
        code, _, err = console(monkeypatch, capsys, cmd, *args)
        assert code == 2, err
        assert ("manifest.json" in err and "heads" in err) and len(err.strip().splitlines()) == 1, err

def test_wrong_types_name_file_line_field(monkeypatch, capsys, tmp_path, no_model):
    p = tmp_path / "bad.jsonl"
    write_jsonl(p, _pairs(2) + [dict(prompt=[1, 2], chosen="a", rejected="b")])
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, p, "C", tmp_path / "v", "--model", "tiny")
    refused(code, err, "actrm_fit", f"{p}:3: field 'prompt'", "expected a string or a list of chat messages")
    write_jsonl(p, _pairs(2) + [dict(prompt="q", chosen=5, rejected="b")])
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, p, "C", tmp_path / "v", "--model", "tiny")
    refused(code, err, "actrm_fit", f"{p}:3: field 'chosen'", "expected a string")
    q = tmp_path / "vl.json"; q.write_text("[1, 2, 3]")
    code, _, err = console(monkeypatch, capsys, cli.actrm_bench, "--data", q, "--format", "vl-rewardbench", "--out", tmp_path / "b",
                           "--model", "tiny-llava")
    refused(code, err, "actrm_bench", f"{q}[0]: expected a JSON object")

def test_duplicate_prompt_error_advises_no_python_argument(monkeypatch, capsys, tmp_path):
    p = tmp_path / "dup.jsonl"
    write_jsonl(p, [dict(prompt="Same question?", chosen=f"{i}.", rejected=f"not {i}.") for i in range(6)])
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, p, "C", tmp_path / "v", *FIT)
    refused(code, err, "actrm_fit", "1 prompt group", "distinct prompts")
    assert "group=False" not in err

# 5. byte-stable vector files

def test_vector_file_byte_stable_across_processes(tmp_path, vec):
    code = ("import sys; from actrm_lab.vectors import load_vector; "
            "load_vector(sys.argv[1]).save(sys.argv[2])")
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=str(ROOT))
    outs = []
    for i in range(3):
        subprocess.run([sys.executable, "-c", code, str(vec), str(tmp_path / f"v{i}")], check=True, env=env, cwd=ROOT)
        outs.append((tmp_path / f"v{i}" / "vector.safetensors").read_bytes())
    assert outs[0] == outs[1] == outs[2]

# 2. images that text cannot forge

FORGED = "<<image:{}>>"

def test_typed_markers_are_text(tmp_path):
    from PIL import Image
    from actrm_lab import vision
    from actrm_lab.engine import tokenize, shown_images
    from actrm_lab.models import tiny_model
    secret = tmp_path / "secret.png"; Image.new("RGB", (8, 8), "red").save(secret)
    text = "Describe " + FORGED.format(secret) + " please"
    assert vision.image_refs(text) == [] and shown_images(text) == []
    with pytest.raises(ValueError, match="a marker typed in text is text"): vision.open_image(str(secret))
    tiny = tiny_model()
    assert tokenize(tiny, [text])[0] == tiny.tokenizer(text, add_special_tokens=False)["input_ids"]   # scored as text
    llava = vision.tiny_vlm("llava")
    vocab = llava.original_model.get_input_embeddings().weight.shape[0]
    assert max(tokenize(llava, [text])[0]) < vocab                    # no image tokens: the file was not read
    real = vision.image_marker(secret)                                # a minted marker is an image
    assert vision.image_refs("x " + real) == [str(secret.resolve())] and max(tokenize(llava, [real])[0]) >= vocab

def test_text_data_mentioning_a_marker_is_scored_as_text(monkeypatch, capsys, tmp_path, vec):
    p = tmp_path / "mention.jsonl"
    write_jsonl(p, [dict(prompt="What does <<image:logo.png>> do in this library?", chosen="It marks an image.",
                         rejected="Nothing, surely."), *_pairs(2)])
    code, _, err = console(monkeypatch, capsys, cli.actrm_score, vec, p, tmp_path / "s.jsonl")
    assert code == 0, err
    assert json.loads((tmp_path / "s.jsonl").read_text().splitlines()[0])["prompt"].startswith("What does <<image:logo.png>>")

def test_image_paths_stay_in_the_data_folder(monkeypatch, capsys, tmp_path, no_model):
    from PIL import Image
    from actrm_lab import vision
    (tmp_path / "data").mkdir(); (tmp_path / "elsewhere").mkdir()
    Image.new("RGB", (8, 8), "red").save(tmp_path / "elsewhere" / "a.png")
    rec = dict(prompt=[{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "Colour?"}]}],
               chosen="Red.", rejected="Blue.", images=["../elsewhere/a.png"])
    p = tmp_path / "data" / "pairs.jsonl"; p.write_text(json.dumps(rec) + "\n" + json.dumps(dict(rec, images=[str(tmp_path / "elsewhere" / "a.png")])) + "\n")
    with pytest.raises(DataError, match="pairs.jsonl:1: image path '../elsewhere/a.png' resolves to .* outside the data file's folder"):
        vision.load_vision_preferences(p)
    assert len(vision.load_vision_preferences(p, allow=[tmp_path / "elsewhere"])) == 2
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, p, "C", tmp_path / "v", "--format", "trl-vision", "--model", "tiny-llava")
    refused(code, err, "actrm_fit", "outside the data file's folder")
    assert len(cli.load_items(str(p), "trl-vision", image_dirs=[str(tmp_path / "elsewhere")])) == 2   # --image_dirs allows it
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, p, "C", tmp_path / "elsewhere" / "v", "--format", "trl-vision",
                           "--model", "tiny-llava", "--image_dirs", tmp_path / "elsewhere")
    refused(code, err, "actrm_fit", "lies inside the input --image_dirs")
    code, _, err = console(monkeypatch, capsys, cli.actrm_fit, p, "C", tmp_path / "v", "--format", "trl-vision", "--image_dirs", tmp_path / "nope")
    refused(code, err, "actrm_fit", "--image_dirs", "no such folder")

def test_reward_function_opens_no_file_a_prompt_names(tmp_path):
    from PIL import Image
    from actrm_lab import vision
    from actrm_lab.vectors import fit_reward_vector
    llava = vision.tiny_vlm("llava")
    v = fit_reward_vector(llava, "The response is correct.", [__import__("actrm_lab.data", fromlist=["PairItem"]).PairItem(**r) for r in _pairs(6)],
                          n_prompts=2, k_shots=2, steps=2, samples=4, progress=False)
    Image.new("RGB", (8, 8), "red").save(tmp_path / "a.png")
    f = v.reward_fn(llava)
    named = [{"role": "user", "content": [{"type": "image", "image": str(tmp_path / "a.png")}, {"type": "text", "text": "Colour?"}]}]
    with pytest.raises(DataError, match="an image part names a file"): f([named], ["Red."])
    r = f(["What is 2 plus 2?"], ["4 " + FORGED.format(tmp_path / "a.png")])
    assert len(r) == 1 and 0 < r[0] < 1

def _grpo(judge, vec, tmp_path, secret):
    "Two GRPO steps on the tiny policy, every completion carrying a typed image marker of an existing file."
    datasets = pytest.importorskip("datasets")
    from trl import GRPOConfig, GRPOTrainer
    from actrm_lab.models import tiny_model
    f = vec.reward_fn(judge)
    def typed(c):   # a policy completion (text, or chat messages) that types an image marker
        tail = " " + FORGED.format(secret)
        return c + tail if isinstance(c, str) else c[:-1] + [dict(c[-1], content=str(c[-1]["content"]) + tail)]
    def forged(prompts, completions, **kw): return f(prompts, [typed(c) for c in completions], **kw)
    forged.__name__ = "actrm_forged"
    ds = datasets.Dataset.from_list([{"prompt": [{"role": "user", "content": "Show me <<image:logo.png>> please."}]},
                                     {"prompt": [{"role": "user", "content": "What is 2 plus 2?"}]}])
    args = GRPOConfig(output_dir=str(tmp_path / "grpo"), max_steps=2, per_device_train_batch_size=4, num_generations=2,
                      max_completion_length=6, logging_steps=1, report_to="none", use_cpu=True, bf16=False,
                      activation_checkpointing=False, save_strategy="no", seed=0, disable_tqdm=True, dataloader_num_workers=0)
    policy = tiny_model()
    trainer = GRPOTrainer(model=policy.original_model, reward_funcs=[forged], args=args, train_dataset=ds, processing_class=policy.tokenizer)
    trainer.train()
    steps = [h for h in trainer.state.log_history if "loss" in h]
    assert len(steps) == 2 and all(0 < h["rewards/actrm_forged/mean"] < 1 for h in steps)

@pytest.mark.parametrize("family", ["text", "llava"])
def test_grpo_with_typed_markers(tmp_path, monkeypatch, family):
    pytest.importorskip("trl")
    import PIL.Image
    from actrm_lab import vision
    from actrm_lab.data import PairItem
    from actrm_lab.models import tiny_model
    from actrm_lab.vectors import fit_reward_vector
    monkeypatch.setenv("HF_HUB_OFFLINE", "1"); monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    secret = tmp_path / "secret.png"; PIL.Image.new("RGB", (8, 8), "red").save(secret)
    opened, real_open = [], PIL.Image.open
    def spy(fp, *a, **k): opened.append(str(fp)); return real_open(fp, *a, **k)
    monkeypatch.setattr(PIL.Image, "open", spy)
    judge = tiny_model() if family == "text" else vision.tiny_vlm("llava")
    v = fit_reward_vector(judge, "The response is correct.", [PairItem(**r) for r in _pairs(6)], n_prompts=2, k_shots=2, steps=2,
                          samples=4, progress=False)
    _grpo(judge, v, tmp_path, secret)
    assert not any(str(secret) in o or "logo.png" in o for o in opened), opened
