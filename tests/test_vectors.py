"Reward vector files (format 1 fixtures, format 2, a reader that trusts nothing) and the TRL reward function (tiny model)."
import json, os, shutil, subprocess, sys, time, warnings
from pathlib import Path
import numpy as np
import pytest
import torch
from safetensors.torch import save_file, load_file
from actrm_lab.data import PairItem, response_text
from actrm_lab.models import tiny_model, model_id
from actrm_lab.vectors import (RewardVector, VectorConfig, VectorFileError, VectorMismatch, load_vector, fit_reward_vector,
                               FORMAT_VERSION)

FIXTURES = Path(__file__).parent / "fixtures"
CRIT = "The response is correct."
PAIRS = [PairItem(f"What is {i} plus {i}?", f"{2*i}.", f"It is {2*i+1}, and I am completely sure of that answer.")
         for i in range(8)]

@pytest.fixture(scope="module")
def tiny():
    return tiny_model()

@pytest.fixture(scope="module")
def vecs(tiny):
    "A fitted steer and a fitted linear vector."
    steer = fit_reward_vector(tiny, CRIT, PAIRS, n_prompts=4, k_shots=2, steps=2, samples=4, progress=False)
    linear = fit_reward_vector(tiny, CRIT, PAIRS, kind="linear", n_heads=3, n_prompts=4, k_shots=2, progress=False)
    return dict(steer=steer, linear=linear)

def expected(folder):
    return json.loads((folder / "expected_logodds.json").read_text())

# ---- format 1: folders written by the first release still load and score the same ----

@pytest.mark.parametrize("kind", ["steer", "linear"])
def test_format1_fixture_loads_and_scores_the_same(tiny, kind, tmp_path):
    folder = FIXTURES / f"vector-v1-{kind}"
    assert json.loads((folder / "manifest.json").read_text())["format_version"] == 1
    vec = load_vector(folder, tiny)
    assert vec.kind == kind and vec.criterion == CRIT and vec.meta["model_id"] == "tiny-llama-2x4-seed0"
    assert "heads" not in vec.tensors() and "heads" not in vec.meta      # heads live in the config only
    exp = expected(folder)
    lo = vec.logodds(tiny, exp["prompts"], exp["responses"])
    np.testing.assert_allclose(lo, exp["logodds"], atol=1e-5)
    # rewritten as format 2: the same vector, heads stored once
    out = vec.save(tmp_path / "v2")
    m = json.loads((out / "manifest.json").read_text())
    assert m["format_version"] == FORMAT_VERSION == 2 and set(m) == {"format", "format_version", "config", "metadata", "tensors"}
    assert "heads" not in m["tensors"] and "heads" not in m["metadata"] and m["config"]["heads"] == vec.heads.to_list()
    back = load_vector(out, tiny)
    assert back.cfg == vec.cfg and back.digest() == vec.digest()
    np.testing.assert_allclose(back.logodds(tiny, exp["prompts"], exp["responses"]), exp["logodds"], atol=1e-5)

# ---- the reader never trusts the folder: one line naming the file and the field ----

def saved(vec, tmp_path, name="rv"):
    return vec.save(tmp_path / name)

def edit_manifest(folder, fix):
    mf = folder / "manifest.json"
    m = json.loads(mf.read_text()); fix(m); mf.write_text(json.dumps(m))
    return folder

def edit_tensors(folder, fix):
    tf = folder / "vector.safetensors"
    t = load_file(str(tf)); fix(t); save_file(t, str(tf))
    return folder

def refused(folder, *fragments, model=None):
    with pytest.raises(VectorFileError) as e: load_vector(folder, model)
    msg = str(e.value)
    assert "\n" not in msg, msg
    for f in fragments: assert f in msg, (f, msg)
    return msg

def test_truncated_safetensors(vecs, tmp_path):
    d = saved(vecs["steer"], tmp_path)
    tf = d / "vector.safetensors"; tf.write_bytes(tf.read_bytes()[:len(tf.read_bytes()) // 2])
    refused(d, "vector.safetensors", "truncated")

def test_safetensors_garbage(vecs, tmp_path):
    d = saved(vecs["steer"], tmp_path); (d / "vector.safetensors").write_bytes(b"\x00" * 3)
    refused(d, "vector.safetensors", "not a readable safetensors file")

def test_n_heads_too_small(vecs, tmp_path):
    d = edit_manifest(saved(vecs["steer"], tmp_path), lambda m: m["config"].update(n_heads=1))
    refused(d, "manifest.json", "'config.heads'", "out of range", "2 layers x 1 heads")

def test_head_out_of_range(vecs, tmp_path):
    d = edit_manifest(saved(vecs["steer"], tmp_path), lambda m: m["config"].update(heads=[[7, 9]]))
    refused(d, "manifest.json", "'config.heads'", "head [7, 9] is out of range")

def test_head_out_of_range_format1(tmp_path):
    d = shutil.copytree(FIXTURES / "vector-v1-steer", tmp_path / "v1")
    edit_manifest(d, lambda m: m.update(heads=[[7, 9]]))
    refused(d, "manifest.json", "'heads'", "head [7, 9] is out of range")
    edit_manifest(d, lambda m: m.update(heads=[[0, 1]], n_heads=1))
    refused(d, "manifest.json", "'heads'", "out of range")

def test_format_version_as_string(vecs, tmp_path):
    d = edit_manifest(saved(vecs["steer"], tmp_path), lambda m: m.update(format_version="2"))
    refused(d, "manifest.json", "'format_version' must be an integer", "'2'")

def test_format_version_newer(vecs, tmp_path):
    d = edit_manifest(saved(vecs["steer"], tmp_path), lambda m: m.update(format_version=3))
    refused(d, "manifest.json", "format_version 3 is newer", "upgrade actrm_lab")

@pytest.mark.parametrize("fix,fragment", [
    (lambda m: m.update(format="something"), "'format' must be 'actrm_lab.reward_vector'"),
    (lambda m: m.pop("config"), "'config' must be an object"),
    (lambda m: m.update(metadata=[1]), "'metadata' must be an object"),
    (lambda m: m.update(tensors={"means": "2x4x16"}), "'tensors' must be an object"),
    (lambda m: m["config"].update(kind="quadratic"), "'config.kind' must be 'steer' or 'linear'"),
    (lambda m: m["config"].update(criterion=5), "'config.criterion' must be a non-empty string"),
    (lambda m: m["config"].update(n_layers=2.5), "'config.n_layers' must be a positive integer"),
    (lambda m: m["config"].update(heads=[[0, "1"]]), "'config.heads' must be a list of [layer, head] integer pairs"),
    (lambda m: m["config"].update(heads="L0H1"), "'config.heads' must be a list"),
    (lambda m: m["config"].update(template="plain"), "'config.template' must be an object of strings"),
    (lambda m: m["config"]["template"].update(extra="x"), "'config.template' must be an object of strings"),
    (lambda m: m["config"].update(answer_token_ids={"pos": [1], "neg": [1]}), "'config.answer_token_ids'"),
    (lambda m: m["config"].update(answer_token_ids={"pos": [], "neg": [2]}), "'config.answer_token_ids'"),
    (lambda m: m["config"].update(bias="0"), "'config.bias' must be a finite number"),
    (lambda m: m["config"].update(center=None), "'config.center' must be a finite number"),
    (lambda m: m["config"].update(readout=3), "'config.readout' must be null or a string"),
    (lambda m: m["config"].update(position=-1), "'config.position' must be 'last'"),
    (lambda m: m["config"].update(hook="blocks.{layer}.hook_resid_post"), "'config.hook' must be 'blocks.{layer}.attn.hook_z'"),
    (lambda m: m["metadata"].update(model_shape={"n_layers": "2"}), "'model_shape' must be an object of integer sizes"),
    (lambda m: m["metadata"].update(model_fingerprint=123), "'model_fingerprint' must be a string"),
])
def test_wrong_types(vecs, tmp_path, fix, fragment):
    d = edit_manifest(saved(vecs["steer"], tmp_path), fix)
    refused(d, "manifest.json", fragment)

def test_manifest_not_json(vecs, tmp_path):
    d = saved(vecs["steer"], tmp_path); (d / "manifest.json").write_text("{not json")
    refused(d, "manifest.json", "not valid JSON")
    (d / "manifest.json").write_text("[1, 2]")
    refused(d, "manifest.json", "expected a JSON object")

def test_missing_means_tensor(vecs, tmp_path):
    d = saved(vecs["steer"], tmp_path)
    edit_tensors(d, lambda t: t.pop("means"))
    refused(d, "vector.safetensors", "means")
    edit_manifest(d, lambda m: m["tensors"].pop("means"))
    refused(d, "vector.safetensors", "tensor 'means' is missing")

def test_missing_weights_of_a_linear_vector(vecs, tmp_path):
    d = saved(vecs["linear"], tmp_path)
    edit_tensors(d, lambda t: t.pop("weights")); edit_manifest(d, lambda m: m["tensors"].pop("weights"))
    refused(d, "vector.safetensors", "needs tensor 'weights'")

def test_shapes_disagree_with_the_manifest(vecs, tmp_path):
    d = edit_manifest(saved(vecs["steer"], tmp_path), lambda m: m["tensors"].update(means=[2, 4, 8]))
    refused(d, "vector.safetensors", "tensor 'means' has shape [2, 4, 16] but the manifest says [2, 4, 8]")

def test_shapes_disagree_with_the_config(vecs, tmp_path):
    d = saved(vecs["steer"], tmp_path, "a")
    edit_tensors(d, lambda t: t.update(means=t["means"][:, :3].contiguous()))
    edit_manifest(d, lambda m: m["tensors"].update(means=[2, 3, 16]))
    refused(d, "vector.safetensors", "tensor 'means' has shape [2, 3, 16]", "expected [2, 4, d_head]")
    d = saved(vecs["linear"], tmp_path, "b")
    edit_tensors(d, lambda t: t.update(weights=t["weights"][:2].contiguous()))
    edit_manifest(d, lambda m: m["tensors"].update(weights=[2, 16]))
    refused(d, "vector.safetensors", "tensor 'weights' has shape [2, 16]; expected [3, 16]")

def test_bad_tensor_values(vecs, tmp_path):
    d = saved(vecs["steer"], tmp_path, "a")
    edit_tensors(d, lambda t: t["means"].__setitem__((0, 0, 0), float("nan")))
    refused(d, "vector.safetensors", "tensor 'means' must hold finite floats")
    d = saved(vecs["steer"], tmp_path, "b")
    edit_tensors(d, lambda t: t.update(means=t["means"].long()))
    refused(d, "vector.safetensors", "tensor 'means' must hold finite floats")
    d = saved(vecs["steer"], tmp_path, "c")
    edit_tensors(d, lambda t: t.update(extra=torch.zeros(2))); edit_manifest(d, lambda m: m["tensors"].update(extra=[2]))
    refused(d, "vector.safetensors", "unknown tensors ['extra']")
    d = saved(vecs["steer"], tmp_path, "d")
    edit_tensors(d, lambda t: t.update(extra=torch.zeros(2)))
    refused(d, "vector.safetensors", "but the manifest lists")

def test_not_a_vector_folder(tmp_path):
    refused(tmp_path / "nope", "no such folder")
    (tmp_path / "file").write_text("x"); refused(tmp_path / "file", "it is a file")
    (tmp_path / "empty").mkdir(); refused(tmp_path / "empty", "manifest.json is missing")

def test_mismatched_model_is_refused_before_scoring(tiny, vecs, tmp_path):
    d = saved(vecs["steer"], tmp_path)
    with pytest.raises(VectorMismatch, match="n_heads: vector 4, model 2"): load_vector(d, tiny_model(n_heads=2))
    edit_manifest(d, lambda m: m["config"].update(answer_token_ids={"pos": [10 ** 9], "neg": [1]}))
    with pytest.raises(VectorMismatch, match="answer token ids: vector up to 1000000000"): load_vector(d, tiny)

# ---- writing: umask modes, overwrite onto a file, recovery after an interrupted overwrite ----

def test_modes_follow_the_umask(vecs, tmp_path):
    old = os.umask(0o022)
    try: d = saved(vecs["steer"], tmp_path)
    finally: os.umask(old)
    assert d.stat().st_mode & 0o777 == 0o755
    assert {(f.stat().st_mode & 0o777) for f in d.iterdir()} == {0o644}

def test_overwrite_onto_a_regular_file(vecs, tmp_path):
    target = tmp_path / "rv"; target.write_text("not a vector")
    with pytest.raises(FileExistsError): vecs["steer"].save(target)
    vecs["steer"].save(target, overwrite=True)
    assert load_vector(target).digest() == vecs["steer"].digest()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rv"]

def dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"]); p.wait()
    return p.pid

def test_interrupted_overwrite_is_recovered(vecs, tmp_path):
    target = vecs["steer"].save(tmp_path / "rv")
    pid = dead_pid()
    # a kill between the two renames of an overwrite: the old folder moved aside, the new one not yet in place
    os.replace(target, tmp_path / f"rv.old-{pid}")
    shutil.copytree(tmp_path / f"rv.old-{pid}", tmp_path / f"rv.tmp-{pid}-abc")
    vecs["linear"].save(target, overwrite=True)
    assert load_vector(target).kind == "linear"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rv"]
    # without overwrite, the old vector is put back first, then kept
    os.replace(target, tmp_path / f"rv.old-{pid}")
    with pytest.raises(FileExistsError): vecs["steer"].save(target)
    assert load_vector(target).kind == "linear"

# ---- the TRL reward function ----

def test_reward_fn_names_are_distinct(tiny, vecs):
    names = {vecs["steer"].reward_fn(tiny).__name__, vecs["linear"].reward_fn(tiny).__name__,
             (2 * vecs["steer"]).reward_fn(tiny).__name__}
    assert len(names) == 3 and all(n.startswith("actrm_") and "the_response_is_correct" in n for n in names)
    assert vecs["steer"].reward_fn(tiny, name="correctness").__name__ == "correctness"

def test_reward_fn_judges_the_last_assistant_message(tiny, vecs):
    fn = vecs["linear"].reward_fn(tiny, scale="logodds")
    q = [{"role": "user", "content": "What is 3 plus 3?"}]
    comps = ["6.",
             [{"role": "assistant", "content": "6."}],
             [{"role": "assistant", "content": "6."}, {"role": "tool", "content": "7."}],
             [{"role": "assistant", "content": "7."}, {"role": "tool", "content": "x"}, {"role": "assistant", "content": "6."}]]
    r = fn([q] * 4, comps)
    np.testing.assert_allclose(r, [r[0]] * 4, atol=1e-5)
    assert response_text([{"role": "assistant", "content": None}]) == ""
    assert fn([q], [[{"role": "assistant", "content": None}]]) == fn([q], [""])

def test_reward_fn_returns_none_for_overlong(tiny, vecs):
    fn = vecs["steer"].reward_fn(tiny)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        r = fn(["q", "q", "q"], ["a", "word " * 3000, "b"])
    assert r[1] is None and all(isinstance(x, float) and 0 < x < 1 for x in (r[0], r[2]))
    assert any("do not fit" in str(x.message) and fn.__name__ in str(x.message) for x in w)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert fn(["q"], ["word " * 3000]) == [None]

def test_reward_fn_scales(tiny, vecs):
    v = vecs["linear"]
    lo = v.logodds(tiny, ["q", "q"], ["a", "b"])
    np.testing.assert_allclose(v.reward_fn(tiny, scale="logodds")(["q", "q"], ["a", "b"]), lo, atol=1e-5)
    np.testing.assert_allclose(v.reward_fn(tiny, scale="centered")(["q", "q"], ["a", "b"]), lo - v.cfg.center, atol=1e-5)
    np.testing.assert_allclose(v.reward_fn(tiny)(["q", "q"], ["a", "b"]), 1 / (1 + np.exp(-lo)), atol=1e-6)
    with pytest.raises(ValueError, match="scale must be one of"): v.reward_fn(tiny, scale="rank")

def test_reward_fn_in_train_mode_with_gradient_checkpointing(tiny, vecs):
    fn = vecs["steer"].reward_fn(tiny)
    want = fn(["q", "q"], ["a", "b"])
    tiny.train(); tiny.original_model.activation_checkpointing_enable()
    try:
        np.testing.assert_allclose(fn(["q", "q"], ["a", "b"]), want, atol=1e-5)
        assert tiny.training
    finally: tiny.original_model.activation_checkpointing_disable(); tiny.eval()

def test_changed_weights_are_named_as_such(vecs):
    policy = tiny_model()            # same model id as the judge the vectors were fitted on
    fn = vecs["steer"].reward_fn(policy)
    fn(["q"], ["a"])
    with torch.no_grad(): policy.original_model.get_input_embeddings().weight.add_(0.1)
    with pytest.raises(VectorMismatch, match="weights of tiny-llama-2x4-seed0 have changed since this reward vector was fitted"):
        fn(["q"], ["a"])
    with pytest.raises(VectorMismatch, match="fitted on another model"): vecs["steer"].reward_fn(tiny_model(seed=3))(["q"], ["a"])

# ---- cue erasure (LEACE): the readout's features keep no linear trace of the cues; the eraser is part of the file ----

from actrm_lab.data import CUES
from actrm_lab.engine import last_token_head_outputs
from actrm_lab.templates import scalar_prompts
from actrm_lab.data import to_scalar
from actrm_lab.vectors import cue_values, fit_eraser, erase, fit_readout
from actrm_lab.baselines import make_method, VectorMethod

CUE_PAIRS = [PairItem(f"Question number {i}: what should I do?",
                      "- step\n" * (i % 3) + "do it " * (1 + i % 5),
                      "**Note** " * ((i + 1) % 2) + "maybe later " * (1 + (7 * i) % 4), "cues", dict(polite=float(i % 3) - 1))
             for i in range(12)]

def r2(f, y):
    "In-sample R^2 of least squares of y on f with an intercept (float64, minimal-norm solution)."
    a = torch.cat([f.double(), torch.ones(len(f), 1, dtype=torch.float64)], 1)
    yy = torch.as_tensor(y, dtype=torch.float64)
    pred = a @ torch.linalg.lstsq(a, yy[:, None], driver="gelsd").solution
    return 1 - ((yy - pred[:, 0]) ** 2).sum().item() / ((yy - yy.mean()) ** 2).sum().item()

def max_abs_corr(f, y):
    f = f.double().numpy(); return max(abs(np.corrcoef(f[:, j], y)[0, 1]) for j in range(f.shape[1]) if f[:, j].std() > 0)

@pytest.fixture(scope="module")
def cue_feats(tiny):
    "All heads' outputs [24, 128] on the judge prompts of CUE_PAIRS' responses, and their cues [24, 3]."
    sc = to_scalar(CUE_PAIRS)
    z = last_token_head_outputs(tiny, scalar_prompts(tiny.tokenizer, CRIT, sc)).flatten(1)
    return z, cue_values(CUE_PAIRS, [*CUES, "polite"], tiny.tokenizer)

def test_cue_values_per_response(tiny):
    cv = cue_values(CUE_PAIRS[:2], [*CUES, "polite"], tiny.tokenizer)
    assert cv.shape == (4, 3) and cv.dtype == np.float64
    assert cv[:, 1].tolist() == [0, 1, 1, 0]                     # markdown: chosen 0 / rejected bold, chosen a list item
    assert cv[:, 2].tolist() == [-0.5, 0.5, 0.0, -0.0]           # a pair column v: +v/2 chosen, -v/2 rejected
    with pytest.raises(Exception, match="'missing'"): cue_values(CUE_PAIRS, ["missing"])

def test_eraser_leaves_no_linear_trace_of_the_cues(cue_feats):
    z, cv = cue_feats
    md = cv[:, 1] > 0
    assert 0 < md.mean() < 1 and np.std(cv[:, 0]) > 0 and np.std(cv[:, 2]) > 0
    # before: 128 features, 24 items: least squares recovers every cue, a logistic probe separates "has markdown"
    for j in range(3): assert r2(z, cv[:, j]) > 0.99
    w, b = fit_readout(z, md, C=100.0)
    assert ((z.double() @ w.reshape(-1) + b > 0).numpy() == md).all()
    # after: at chance on the very items it was fitted on
    ze = erase(fit_eraser(z, cv), z)
    assert ze.shape == z.shape and ze.dtype == torch.float64
    for j in range(3):
        assert abs(r2(ze, cv[:, j])) < 0.05, (j, r2(ze, cv[:, j]))
        assert max_abs_corr(ze, cv[:, j]) < 0.05
    # a binary cue ("has markdown") erased: the best logistic probe is a constant, right at the majority rate
    zb = erase(fit_eraser(z, md.astype(float)), z)
    w, b = fit_readout(zb, md, C=100.0)
    logits = (zb @ w.reshape(-1) + b).numpy()
    assert logits.std() < 1e-3 and ((logits > 0) == md).mean() == max(md.mean(), 1 - md.mean())
    # erasing one cue leaves the others: the probe still finds them
    ze1 = erase(fit_eraser(z, cv[:, :1]), z)
    assert abs(r2(ze1, cv[:, 0])) < 0.05 and r2(ze1, cv[:, 1]) > 0.5     # (markdown and length correlate here)

def test_eraser_on_a_planted_cue_with_more_items_than_features():
    g = torch.Generator().manual_seed(1)
    n, F = 400, 24
    cue = torch.randn(n, 2, generator=g, dtype=torch.float64)
    x = torch.randn(n, F, generator=g, dtype=torch.float64) + cue @ torch.randn(2, F, generator=g, dtype=torch.float64)
    assert r2(x, cue[:, 0]) > 0.5 and r2(x, cue[:, 1]) > 0.5
    xe = erase(fit_eraser(x, cue.numpy()), x)
    assert max(abs(r2(xe, cue[:, j].numpy())) for j in range(2)) < 1e-6
    with pytest.raises(ValueError, match="400 feature rows but 3 rows"): fit_eraser(x, cue[:3].numpy())
    with pytest.raises(ValueError, match="finite"): fit_eraser(x, np.full((n, 1), np.nan))

@pytest.fixture(scope="module")
def erased(tiny):
    return fit_reward_vector(tiny, CRIT, CUE_PAIRS, kind="linear", n_heads=3, n_prompts=4, k_shots=2,
                             erase=[*CUES, "polite"], progress=False)

def test_erased_vector_fits_and_records(tiny, erased):
    assert erased.cfg.erased == ("length", "markdown", "polite") and erased.eraser.proj_left.shape == (48, 3)
    assert set(erased.meta["erasure"]["cue_label_corr"]) == {"length", "markdown", "polite"}
    sc = to_scalar(CUE_PAIRS)
    lo = erased.logodds(tiny, [s.prompt for s in sc], [s.response for s in sc])
    cv = cue_values(CUE_PAIRS, [*CUES, "polite"], tiny.tokenizer)
    assert max(abs(np.corrcoef(lo, cv[:, j])[0, 1]) for j in range(3)) < 0.05
    with pytest.raises(ValueError, match="erase applies to the linear kind"):
        fit_reward_vector(tiny, CRIT, CUE_PAIRS, erase=CUES, progress=False)
    with pytest.raises(Exception, match="'nope'"):
        fit_reward_vector(tiny, CRIT, CUE_PAIRS, kind="linear", erase=["nope"], progress=False)

def test_erased_vector_survives_save_load(tiny, erased, tmp_path):
    d = erased.save(tmp_path / "rv")
    m = json.loads((d / "manifest.json").read_text())
    assert m["format_version"] == 2 and m["config"]["erased"] == ["length", "markdown", "polite"]
    assert {k: v for k, v in m["tensors"].items() if k.startswith("eraser")} == \
        {"eraser_left": [48, 3], "eraser_right": [3, 48], "eraser_bias": [48]}
    assert m["metadata"]["erasure"]["cues"] == ["length", "markdown", "polite"]
    back = load_vector(d, tiny)
    assert back.cfg == erased.cfg and back.digest() == erased.digest()
    for a, b in zip((back.eraser.proj_left, back.eraser.proj_right, back.eraser.bias),
                    (erased.eraser.proj_left, erased.eraser.proj_right, erased.eraser.bias)): assert torch.equal(a, b)
    q, r = [p.prompt for p in CUE_PAIRS[:4]] * 2, [p.chosen for p in CUE_PAIRS[:4]] + [p.rejected for p in CUE_PAIRS[:4]]
    np.testing.assert_allclose(back.logodds(tiny, q, r), erased.logodds(tiny, q, r), atol=1e-5)
    np.testing.assert_allclose(back.reward_fn(tiny, scale="logodds")(q, r), erased.logodds(tiny, q, r), atol=1e-5)

def test_erased_vector_file_is_checked(erased, tmp_path):
    d = edit_tensors(erased.save(tmp_path / "a"), lambda t: t.pop("eraser_bias"))
    edit_manifest(d, lambda m: m["tensors"].pop("eraser_bias"))
    refused(d, "vector.safetensors", "an eraser needs all three")
    d = edit_tensors(erased.save(tmp_path / "b"), lambda t: t.update(eraser_left=t["eraser_left"][:, :2].contiguous()))
    edit_manifest(d, lambda m: m["tensors"].update(eraser_left=[48, 2]))
    refused(d, "vector.safetensors", "tensor 'eraser_left' has shape [48, 2]; expected [48, 3]")
    d = edit_manifest(erased.save(tmp_path / "c"), lambda m: m["config"].update(erased=["length"]))
    refused(d, "vector.safetensors", "expected [48, 1]")
    d = edit_manifest(erased.save(tmp_path / "d"), lambda m: m["config"].update(erased="length"))
    refused(d, "manifest.json", "'config.erased' must be a list")
    d = edit_tensors(erased.save(tmp_path / "e"), lambda t: [t.pop(k) for k in ("eraser_left", "eraser_right", "eraser_bias")])
    edit_manifest(d, lambda m: [m["tensors"].pop(k) for k in ("eraser_left", "eraser_right", "eraser_bias")])
    refused(d, "vector.safetensors", "lists erased cues ['length', 'markdown', 'polite'] but the vector has no eraser")

def test_erased_methods_run(tiny, erased):
    few, evl = CUE_PAIRS[:8], CUE_PAIRS[8:]
    for spec, name in (("probe-erased", "probe-erased"), ("probe-erased@3", "probe-erased@3"),
                       ("arm-linear-erased@3", "ARM-linear-erased@3")):
        m = make_method(spec, per_method={"arm-linear-erased": dict(n_prompts=2, k_shots=2)})
        assert m.name == name and m.needs == frozenset({"heads"})
        s = m.fit(tiny, CRIT, few).score_pairs(tiny, CRIT, evl)
        assert s.shape == (4, 2) and np.isfinite(s).all()
    arm = make_method("arm-linear-erased@3", per_method={"arm-linear-erased": dict(n_prompts=2, k_shots=2)}).fit(tiny, CRIT, few)
    np.testing.assert_allclose(VectorMethod(arm.vector).score_pairs(tiny, CRIT, evl), arm.score_pairs(tiny, CRIT, evl), atol=1e-4)
    assert make_method("arm-linear").name == "ARM-linear" and make_method("probe").name == "probe"   # unchanged

# ---- the weights fingerprint (rule 2: a sample of every parameter tensor; rule 1 for folders saved before it) ----

from actrm_lab.models import model_fingerprint, fingerprint_rule
from actrm_lab.errors import ActrmError

def lora_like(model, layer=1, scale=1e-3, seed=0):
    "Change one attention output projection everywhere, as a merged rank-one LoRA update would."
    g = torch.Generator().manual_seed(seed)
    o = model.original_model.model.layers[layer].self_attn.o_proj.weight
    with torch.no_grad(): o += scale * torch.outer(torch.randn(o.shape[0], generator=g), torch.randn(o.shape[1], generator=g))
    return model

def test_a_changed_attention_output_weight_is_refused(vecs, tmp_path):
    d = vecs["steer"].save(tmp_path / "rv")
    assert fingerprint_rule(load_vector(d).meta["model_fingerprint"]) == 2
    load_vector(d, tiny_model())                          # the same weights pass
    trained = lora_like(tiny_model())
    with pytest.raises(VectorMismatch) as e: load_vector(d, trained)
    msg = str(e.value)
    assert "weights of tiny-llama-2x4-seed0 have changed" in msg and "a fixed sample of every parameter tensor" in msg, msg
    assert isinstance(e.value, ActrmError) and "\n" not in msg
    with pytest.raises(VectorMismatch, match="refit the vector"): vecs["linear"].score(trained, ["q"], ["a"])

@pytest.mark.parametrize("kind", ["steer", "linear"])
def test_format1_folders_are_checked_by_their_own_rule(kind):
    folder = FIXTURES / f"vector-v1-{kind}"
    fp = json.loads((folder / "manifest.json").read_text())["model_fingerprint"]
    assert fingerprint_rule(fp) == 1 and fp == model_fingerprint(tiny_model(), rule=1)
    with pytest.warns(UserWarning, match="fingerprint of rule 1, which samples only the input embeddings"):
        load_vector(folder, tiny_model())
    changed = tiny_model()
    with torch.no_grad(): changed.original_model.get_input_embeddings().weight.add_(0.1)
    with pytest.raises(VectorMismatch, match=r"compared a sample of the input embeddings \(fingerprint rule 1"):
        load_vector(folder, changed)
    with pytest.warns(UserWarning, match="refit it"): load_vector(folder, lora_like(tiny_model()))   # what rule 1 cannot see

def test_fingerprint_is_cheap_and_deterministic():
    m = tiny_model()
    t0 = time.perf_counter(); fp = model_fingerprint(m); dt = time.perf_counter() - t0
    assert fp == model_fingerprint(tiny_model()) and fp.startswith("w2:") and dt < 0.5, (fp, dt)
    assert model_fingerprint(m.to(torch.float32)) == fp

# ---- one set of fit settings: the library, the benchmark method and actrm_fit give the same vector ----

from actrm_lab.selection import FitSettings
from actrm_lab.baselines import ActivationRM

@pytest.mark.parametrize("kind", ["steer", "linear"])
def test_library_and_benchmark_method_fit_the_same_vector(tiny, kind):
    lib = fit_reward_vector(tiny, CRIT, PAIRS, kind=kind, seed=1, progress=False)
    by_settings = fit_reward_vector(tiny, CRIT, PAIRS, FitSettings(kind=kind, seed=1), progress=False)
    meth = ActivationRM(kind=kind, batch_size=FitSettings().batch_size).fit(tiny, CRIT, PAIRS, seed=1).vector
    for v in (by_settings, meth):
        assert v.heads == lib.heads and v.digest() == lib.digest()
        for k, t in lib.tensors().items(): assert torch.equal(t, v.tensors()[k]), k
    assert lib.meta["settings"] == FitSettings(kind=kind, seed=1).to_dict()
    assert sorted(lib.meta["split"]["extract"] + lib.meta["split"]["val"]) == list(range(len(PAIRS)))

def _cli_reads_fit_settings() -> bool:
    "Whether actrm_fit's unset options mean the library defaults (its --steps default is not a number of its own)."
    import inspect
    from actrm_lab import cli
    p = inspect.signature(cli.actrm_fit).parameters
    return all(p[k].default in (None, getattr(FitSettings(), k)) for k in ("steps", "samples", "k_shots", "n_prompts", "n_heads")
               if k in p)

def test_actrm_fit_fits_the_library_default(tiny, tmp_path, monkeypatch):
    from actrm_lab import cli
    if not _cli_reads_fit_settings(): pytest.skip("actrm_fit has defaults of its own (--steps 100); the CLI reads FitSettings next")
    from actrm_lab.data import write_jsonl
    write_jsonl(tmp_path / "few.jsonl", [dict(prompt=p.prompt, chosen=p.chosen, rejected=p.rejected) for p in PAIRS])
    monkeypatch.setattr(sys, "argv", ["actrm_fit", str(tmp_path / "few.jsonl"), CRIT, str(tmp_path / "rv"), "--model", "tiny"])
    try: cli.actrm_fit()
    except SystemExit as e: assert not e.code, e.code
    got = load_vector(tmp_path / "rv")
    lib = fit_reward_vector(tiny, CRIT, PAIRS, progress=False)
    assert got.heads == lib.heads and got.digest() == lib.digest()
