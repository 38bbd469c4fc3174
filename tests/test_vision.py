"""Vision-language judges on tiny random VLMs (LLaVA and Idefics3): encoding, cached scores, fit -> save -> load -> score, TRL."""
import json
import numpy as np
import pytest, torch
from PIL import Image
from actrm_lab.vision import (tiny_vlm, load_vision_preferences, toy_vision_pairs, image_marker, open_image, image_refs,
                              load_vl_rewardbench, vision_heads, ImageEncoder, ImageStore, IMAGE_STORE, VISION_FORMATS)
from actrm_lab.engine import encode, forward, PrefixCache, input_encoder, set_input_encoder
from actrm_lab.templates import scalar_prompts, AnswerTokens
from actrm_lab.activations import mean_head_activations
from actrm_lab.selection import sample_logodds, full_forward_logodds
from actrm_lab.vectors import load_vector, VectorMismatch, fit_reward_vector, check_model
from actrm_lab.scoring import judge_logodds
from actrm_lab.models import tiny_model
from actrm_lab.data import DataError, prompt_text

CRIT = "The response describes the image correctly."


@pytest.fixture(scope="module")
def llava(): return tiny_vlm("llava")


@pytest.fixture(scope="module")
def pairs(tmp_path_factory): return load_vision_preferences(toy_vision_pairs(tmp_path_factory.mktemp("toy"), n=8))


@pytest.mark.parametrize("family", ["llava", "idefics3"])
def test_logits_equal_hf_with_pixel_values(family):
    vlm = tiny_vlm(family)
    p, img = vlm.processor, Image.new("RGB", (40, 50), (10, 200, 90))
    kw = dict(images=[[img]]) if family == "idefics3" else dict(images=[img])
    ref_in = p(text=[f"Hi {p.image_token} what?"], return_tensors="pt", add_special_tokens=False, **kw)
    with torch.no_grad(): ref = vlm.original_model(**ref_in).logits[:, -1]
    ids, am = encode(vlm, ["Hi " + image_marker(img) + " what?"])
    assert ids.shape == ref_in["input_ids"].shape
    assert torch.allclose(forward(vlm, ids, am)[0], ref, atol=1e-4)
    assert len(vision_heads(vlm)) == 2


@pytest.mark.parametrize("family", ["llava", "idefics3"])
def test_prefix_cache_equals_full_forwards_with_images(family, pairs):
    vlm = tiny_vlm(family)
    ps = scalar_prompts(vlm.tokenizer, CRIT, pairs[:3])
    means = mean_head_activations(vlm, CRIT, pairs, k=2, n=3, progress=False)
    ans = AnswerTokens.scalar(vlm.tokenizer)
    masks = (torch.rand(3, 2, 4, generator=torch.Generator().manual_seed(0)) > 0.5).float()
    cached = sample_logodds(vlm, PrefixCache(vlm, ps, kv_dtype=None), masks, means, ans)
    assert torch.allclose(cached, full_forward_logodds(vlm, ps, masks, means, ans), atol=1e-4)


def test_fit_save_load_score_trl(llava, pairs, tmp_path):
    for kind in ("steer", "linear"):
        kw = dict(steps=4, samples=4) if kind == "steer" else dict(n_heads=3)
        vec = fit_reward_vector(llava, CRIT, pairs, kind=kind, k_shots=2, n_prompts=4, progress=False, **kw)
        back = load_vector(vec.save(tmp_path / kind), llava)
        assert back.meta["vision"] == vec.meta["vision"]
        np.testing.assert_allclose(back.score_pairs(llava, pairs[:4]), vec.score_pairs(llava, pairs[:4]), atol=1e-6)
    f = back.reward_fn(llava)
    msgs = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What colour?"}]}]
    red = Image.new("RGB", (32, 32), (220, 30, 30))
    r = f([msgs], ["It is red."], images=[[red]])
    assert len(r) == 1 and 0 < r[0] < 1
    np.testing.assert_allclose(r[0], back.score(llava, [prompt_text(msgs, [red], image_marker=image_marker)], ["It is red."])[0], atol=1e-6)
    with pytest.raises(VectorMismatch, match="fitted on another model"): check_model(back, tiny_model())


def test_bad_input_one_line(tmp_path, pairs):
    f = toy_vision_pairs(tmp_path / "t", n=2)
    (tmp_path / "t/img/1.png").unlink()
    with pytest.raises(DataError, match=r"pairs.jsonl:2: image file .* not found"): load_vision_preferences(f)
    with pytest.raises(ValueError, match="text-only model"): encode(tiny_model(), [pairs[0].prompt])
    (tmp_path / "v.jsonl").write_text(json.dumps({"query": "q", "image": "nope.png", "response": ["a", "b"], "human_ranking": [0, 1]}))
    with pytest.raises(DataError, match=r"v.jsonl:1: image file"): load_vl_rewardbench(tmp_path / "v.jsonl")


def test_benchmark_subsets_survive_the_format_registry(tmp_path):
    "VL-RewardBench's query_source and Multimodal RewardBench's Category become each pair's subset, so tasks report per subset."
    from actrm_lab.suites import load_tasks
    Image.new("RGB", (8, 8), (0, 0, 255)).save(tmp_path / "b.png")
    srcs = ["povid", "rlaif", "wildvision"]
    (tmp_path / "v.jsonl").write_text("".join(json.dumps({"query": f"Q{i}?", "image": "b.png", "response": ["x", f"y{i}"],
                                                          "human_ranking": [1, 0], "query_source": srcs[i % 3]}) + "\n" for i in range(9)))
    (tmp_path / "m.json").write_text(json.dumps([{"Text": f"Q{i}?", "Image": "b.png", "Output1": f"a{i}", "Output2": "b",
                                                  "Better": "Output1", "Category": ["vqa", "safety"][i % 2]} for i in range(4)]))
    vl = VISION_FORMATS["vl-rewardbench"](tmp_path / "v.jsonl")
    assert [it.subset for it in vl] == srcs * 3 and vl[0].chosen == "y0"
    assert [it.subset for it in VISION_FORMATS["multimodal-rewardbench"](tmp_path / "m.json")] == ["vqa", "safety"] * 2
    assert load_vl_rewardbench(tmp_path / "v.jsonl")[1] == srcs * 3     # the subsets beside the items, as before
    tasks = load_tasks(items=vl, pool_size=1, pool="all", name="v")
    assert [t.name for t in tasks] == ["v"] and sorted(tasks[0].eval) == sorted(srcs)


def test_image_store_stays_within_its_cap():
    imgs = [Image.new("RGB", (20, 10), (50 * i, 9, 9)) for i in range(5)]
    store = ImageStore(max_bytes=2 * 20 * 10 * 3)
    for i, im in enumerate(imgs):
        store.put(f"mem:{i}", im)
        assert store.nbytes <= store.max_bytes
    assert list(store.images) == ["mem:3", "mem:4"] and store.spilled == {"mem:0", "mem:1", "mem:2"}
    assert [store.get(f"mem:{i}").tobytes() for i in range(5)] == [im.tobytes() for im in imgs]   # spilled: read back
    assert store.nbytes <= store.max_bytes
    old = IMAGE_STORE.max_bytes
    IMAGE_STORE.max_bytes = 1
    try:
        refs = [image_refs(image_marker(im))[0] for im in imgs]
        assert len(IMAGE_STORE.images) == 1
        assert [open_image(r).tobytes() for r in refs] == [im.tobytes() for im in imgs]
    finally: IMAGE_STORE.max_bytes = old


def test_encoder_cache_stays_within_its_cap_with_equal_scores(llava, pairs):
    full = input_encoder(llava)
    ps = scalar_prompts(llava.tokenizer, CRIT, pairs)        # 8 distinct images
    ans = AnswerTokens.scalar(llava.tokenizer)
    want = judge_logodds(llava, ps, ans, batch_size=3)
    one = ImageEncoder._size(next(iter(full.cache.values())))
    small = ImageEncoder(llava, llava.processor, max_bytes=2 * one)
    set_input_encoder(llava, small)
    try:
        for _ in range(2):                                    # the second round re-encodes evicted images
            np.testing.assert_allclose(judge_logodds(llava, ps, ans, batch_size=3), want, atol=1e-5)
            assert len(small.cache) == 2 and small.nbytes <= small.max_bytes and len(small.spans) == 8
        ids = encode(llava, ps[:1])[0]
        assert ids.max() < small.base + sum(n for _, n in small.spans.values())
    finally: set_input_encoder(llava, full)
    assert full.nbytes <= full.max_bytes
