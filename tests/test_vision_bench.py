"""Every benchmark method and the TRL reward function on image + text preferences, with tiny random VLMs (LLaVA, Idefics3)."""
import json
import numpy as np
import pytest, torch
from PIL import Image
from actrm_lab import vision
from actrm_lab.baselines import DEFAULT_METHODS
from actrm_lab.bench import Task, run_bench
from actrm_lab.data import DataError, to_scalar
from actrm_lab.engine import IMAGE_RE, tokenize, input_encoder
from actrm_lab.templates import scalar_prompts
from actrm_lab.vectors import fit_reward_vector, VectorMismatch, vision_record
from actrm_lab.models import tiny_model

CRIT = "The response names the colour of the square."
COLOURS = {"red": (220, 30, 30), "green": (30, 200, 40), "blue": (30, 40, 220), "yellow": (230, 220, 30)}
# the tiny models have 8 heads: SAV votes with 4 of them; every other default method runs as the benchmark names it
METHODS = [m if m != "sav@20" else "sav@4" for m in DEFAULT_METHODS]


def write_pairs(folder, n=14):
    "A TRL vision-format file written here: PNG squares; responses of varied length (the longer one is not always right)."
    (folder / "img").mkdir(parents=True, exist_ok=True)
    names, lines = list(COLOURS), []
    for i in range(n):
        c, w = names[i % 4], names[(i + 1 + i // 4) % 4]
        Image.new("RGB", (32, 32), COLOURS[c]).save(folder / "img" / f"{i}.png")
        good, bad = f"It is {c}.", f"The square in this picture is clearly {w}, without any doubt."
        if i % 2: good, bad = f"The square in this picture is clearly {c}, without any doubt.", f"It is {w}."
        lines.append(json.dumps({"prompt": [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What colour is the square?"}]}],
                                 "chosen": good, "rejected": bad, "images": [f"img/{i}.png"]}))
    (folder / "pairs.jsonl").write_text("\n".join(lines) + "\n")
    return folder / "pairs.jsonl"


@pytest.fixture(scope="module")
def pairs(tmp_path_factory): return vision.load_vision_preferences(write_pairs(tmp_path_factory.mktemp("vis")))


@pytest.fixture(scope="module")
def llava():
    return vision.tiny_vlm("llava")


def n_image_tokens(model, text):
    "Image tokens in a prompt's encoding (ids past the language model's vocabulary stand for image embeddings)."
    return sum(i >= model.original_model.get_input_embeddings().weight.shape[0] for i in tokenize(model, [text])[0])


@pytest.mark.parametrize("family", ["llava", "idefics3"])
def test_every_method_on_images(family, pairs, llava, tmp_path):
    if family == "llava": model = llava
    else:
        model = vision.tiny_vlm(family)
    task = Task("colours", CRIT, pairs[:8], {"colours": pairs[8:]})
    res = run_bench(model, [task], METHODS, shots=[4], seeds=[0], progress=False, n_boot=50, out=tmp_path / "out",
                    per_method={"arm-steer": {"fit_kwargs": {"steps": 4, "samples": 4}}})
    cells = {c.method: c.scores["colours"] for c in res.cells}
    assert len(cells) == len(METHODS)
    for name, s in cells.items(): assert s.shape == (6, 2) and np.isfinite(s).all(), name
    # length-only measures the response text, never the image marker in the prompt
    np.testing.assert_array_equal(cells["length-longer"], [[len(p.chosen), len(p.rejected)] for p in pairs[8:]])
    ids = lambda t: len(model.tokenizer(t, add_special_tokens=False)["input_ids"])
    np.testing.assert_array_equal(cells["length-shorter-tokens"], [[-ids(p.chosen), -ids(p.rejected)] for p in pairs[8:]])
    # the judge sees the image: same text, another picture -> another zero-shot score
    assert not np.allclose(cells["zero-shot"][0], cells["zero-shot"][1])
    # ICL: each of the 4 demonstrations brings its own image into the prompt, beside the judged one
    icl = next(m for m in res.methods if m.name == "ICL@4")
    assert all(IMAGE_RE.search(d.prompt) for d in icl.demos)
    p = scalar_prompts(model.tokenizer, CRIT, to_scalar(pairs[8:9]), demos=icl.demos)[0]
    assert len(IMAGE_RE.findall(p)) == 5 and n_image_tokens(model, p) == 5 * n_image_tokens(model, pairs[8].prompt)
    # erasure has a length cue to remove here: the erased readouts differ from the plain ones
    assert not np.allclose(cells["probe-erased"], cells["probe"])
    assert not np.allclose(cells["ARM-linear-erased"], cells["ARM-linear"])
    again = run_bench(model, [task], METHODS, shots=[4], seeds=[0], progress=False, n_boot=50, out=tmp_path / "out",
                      per_method={"arm-steer": {"fit_kwargs": {"steps": 4, "samples": 4}}})
    assert {c.method: c.scores["colours"].tolist() for c in again.cells} == {k: v.tolist() for k, v in cells.items()}


def trl_prompts(rows):
    "Prompts and images as GRPOTrainer hands them to reward functions: image parts filled, and the images column beside."
    from trl.data_utils import prepare_multimodal_messages
    return [prepare_multimodal_messages(p, images=im) for p, im in rows], [im for _, im in rows]


def test_reward_fn_reads_trl_vision_prompts(llava, pairs):
    vec = fit_reward_vector(llava, CRIT, pairs[:8], kind="steer", k_shots=2, n_prompts=4, steps=4, samples=4, progress=False)
    assert vec.meta["vision"] == vision_record(llava) and vec.meta["n_images"] == 8
    red, blue = Image.new("RGB", (32, 32), COLOURS["red"]), Image.new("RGB", (32, 32), COLOURS["blue"])
    raw = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What colour is the square?"}]}]
    done = ["It is red.", [{"role": "assistant", "content": [{"type": "text", "text": "It is red."}]}]]
    f = vec.reward_fn(llava, scale="logodds")
    want = vec.logodds(llava, [input_encoder(llava).marker(im) + "What colour is the square?"
                               for im in (red, blue)], ["It is red."] * 2)
    got = f([raw, raw], done, images=[[red], [blue]])                       # placeholders filled from the images column
    np.testing.assert_allclose(got, want, atol=1e-5)
    np.testing.assert_allclose(f([raw, raw], done, image=[red, blue]), want, atol=1e-5)   # a single `image` column
    try: prompts, images = trl_prompts([(raw, [red]), (raw, [blue])])
    except ImportError: pytest.skip("trl is not installed")
    np.testing.assert_allclose(f(prompts, done, images=images), want, atol=1e-5)   # filled parts: each image shown once
    with pytest.raises(DataError, match="prompt 1: 1 image parts without an image, but 2 images given"):
        f([raw, raw], done, images=[[red], [red, blue]])
    with pytest.raises(DataError, match="completion 0: holds an image part"):
        f([raw], [[{"role": "assistant", "content": [{"type": "image", "image": red}]}]], images=[[red]])


def test_bad_pairings_are_one_line(llava, pairs):
    text = tiny_model()
    with pytest.raises(ValueError, match="carries an image .* text-only model"):   # a text model cannot read image pairs
        fit_reward_vector(text, CRIT, pairs[:6], kind="linear", k_shots=2, n_prompts=2, n_heads=2, progress=False)
    vec = fit_reward_vector(llava, CRIT, pairs[:8], kind="linear", k_shots=2, n_prompts=2, n_heads=2, progress=False)
    raw = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "Colour?"}]}]
    with pytest.raises(VectorMismatch, match="fitted on another model"):
        vec.reward_fn(text)
    # same language model, another vision tower: the fingerprint samples every parameter tensor, the vision tower's too
    w = next(p for n, p in llava.original_model.named_parameters() if "vision" in n)
    orig = w.detach().clone()
    with torch.no_grad(): w.add_(1.0)
    try:
        with pytest.raises(VectorMismatch, match="have changed since this reward vector was fitted"): vec.score_pairs(llava, pairs[8:9])
    finally:
        with torch.no_grad(): w.copy_(orig)            # exactly the weights it was fitted on (x + 1 - 1 rounds)
    vec.score_pairs(llava, pairs[8:9])
