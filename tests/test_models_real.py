"Checks of the model layer on the real embedded weights (SmolLM2-135M-Instruct)."
import os, time, shutil, torch, pytest
from actrm_lab.models import load_model, render_chat, HeadSet, embedded_model_dir, cache_dir, ModelNotAvailable
from actrm_lab.engine import encode, last_token_head_outputs, patch_heads, PromptTooLong
from actrm_lab.templates import AnswerTokens, render_scalar
from actrm_lab.scoring import judge_logodds

pytestmark = pytest.mark.real

PROMPTS = ["Is the capital of France Paris? Answer Yes or No.", "Name a colour.",
           "Write one sentence about the sea, and make it a calm one."]

def test_shape(real_model):
    c = real_model.cfg
    assert (c.n_layers, c.n_heads, c.d_head) == (30, 9, 64)

def test_bridge_logits_equal_hf(real_model):
    texts = [render_chat(real_model.tokenizer, p) for p in PROMPTS]
    ids, am = encode(real_model, texts[:1])
    with torch.no_grad():
        a = real_model(ids, attention_mask=am)
        b = real_model.original_model(input_ids=ids, attention_mask=am).logits
    assert torch.allclose(a, b, atol=1e-5), (a - b).abs().max()

def test_single_bos(real_model):
    ids, am = encode(real_model, [render_chat(real_model.tokenizer, PROMPTS[0])])
    bos = real_model.tokenizer.bos_token_id
    assert ids[0, 0] == bos and ids[0, 1] != bos

def test_batch_equals_single(real_model):
    texts = [render_chat(real_model.tokenizer, p) for p in PROMPTS]
    z = last_token_head_outputs(real_model, texts, batch_size=3)
    for i, t in enumerate(texts):
        assert torch.allclose(last_token_head_outputs(real_model, [t])[0], z[i], atol=2e-4)
    ans = AnswerTokens.scalar(real_model.tokenizer)
    lo = judge_logodds(real_model, texts, ans, batch_size=3)
    for i, t in enumerate(texts):
        assert torch.allclose(judge_logodds(real_model, [t], ans), lo[i:i + 1], atol=2e-4)

def test_patching(real_model):
    text = render_chat(real_model.tokenizer, PROMPTS[2])
    ids, am = encode(real_model, [text])
    own = last_token_head_outputs(real_model, [text])[0]
    heads = HeadSet([(3, 1), (17, 4), (29, 8)], 30, 9)
    with torch.no_grad():
        base = real_model(ids, attention_mask=am)
        with patch_heads(real_model, heads, own): same = real_model(ids, attention_mask=am)
        with patch_heads(real_model, heads, own * 0 + 1.0): moved = real_model(ids, attention_mask=am)
        after = real_model(ids, attention_mask=am)
    assert torch.allclose(same, base, atol=1e-4)
    assert torch.allclose(moved[:, :-1], base[:, :-1], atol=1e-5)
    assert (moved[:, -1] - base[:, -1]).abs().max() > 1e-2
    assert torch.equal(after, base)

def test_yes_no_probabilities_are_real(real_model):
    ans = AnswerTokens.scalar(real_model.tokenizer)
    p = render_scalar(real_model.tokenizer, "The response is correct.", "What is 2+2?", "4")
    lo = judge_logodds(real_model, [p], ans)
    pyes = torch.sigmoid(lo).item()
    assert 0.0 < pyes < 1.0 and torch.isfinite(lo).all()

def test_cache_is_reused(monkeypatch):
    "A second load reads the safetensors cache: the GGUF is not touched again."
    folder = embedded_model_dir()
    stamp = (folder / "model.safetensors").stat().st_mtime
    import actrm_lab.models as M
    monkeypatch.setattr(M, "embedded_gguf_path", lambda: (_ for _ in ()).throw(AssertionError("GGUF read again")))
    m = load_model()
    assert m.cfg.n_layers == 30 and (folder / "model.safetensors").stat().st_mtime == stamp

def test_interrupted_first_run_leaves_no_cache(monkeypatch, tmp_path):
    "A dequantization that dies half way leaves neither a cache folder nor a temporary one."
    monkeypatch.setenv("ACTRM_CACHE", str(tmp_path))
    import transformers
    def boom(*a, **k): raise KeyboardInterrupt("simulated interrupt")
    monkeypatch.setattr(transformers.AutoModelForCausalLM, "from_pretrained", boom)
    with pytest.raises(KeyboardInterrupt):
        embedded_model_dir(progress=False)
    assert [p.name for p in tmp_path.iterdir()] == []

def test_prompt_longer_than_context(real_model):
    with pytest.raises(PromptTooLong, match="at most 8192"):
        encode(real_model, ["word " * 9000])

def test_unknown_model_offline():
    with pytest.raises(ModelNotAvailable, match="is not cached locally and local_files_only=True forbids downloading it"):
        load_model("no-such-org/definitely-not-a-model", local_files_only=True)

def test_load_from_folder(tmp_path):
    "A folder path loads offline; the same folder without its weights is named as such."
    m = load_model(str(embedded_model_dir()))
    assert m.cfg.n_layers == 30
    for f in embedded_model_dir().iterdir():
        if f.suffix != ".safetensors": shutil.copy(f, tmp_path / f.name)
    with pytest.raises(ModelNotAvailable, match=r"has no model weights \(\*\.safetensors") as e: load_model(str(tmp_path))
    assert "sentencepiece" not in str(e.value)


def test_device_map_boots_the_bridge():
    "`device_map` loads through Hugging Face's dispatch and the bridge runs on the model's input device."
    m = load_model(device_map="cpu")
    texts = [render_chat(m.tokenizer, PROMPTS[0])]
    assert torch.isfinite(last_token_head_outputs(m, texts)).all() and str(m.cfg.device) == "cpu"
