"""The SDPA attention path on the tiny vision-language models (their language models are Llama): logits with images,
prefix-cached runs and head outputs equal the eager bridge's."""
import pytest, torch
from actrm_lab.engine import use_sdpa, attention_path, sdpa_unsupported, encode, forward, last_token_head_outputs
from actrm_lab.vision import tiny_vlm, toy_vision_pairs, load_vision_preferences
from actrm_lab.templates import scalar_prompts

CRIT = "The response describes the image correctly."


@pytest.mark.parametrize("family", ["llava", "idefics3"])
def test_vlm_sdpa_equals_eager(family, tmp_path):
    vlm = tiny_vlm(family)
    assert sdpa_unsupported(vlm) is None
    pairs = load_vision_preferences(toy_vision_pairs(tmp_path, n=3))
    prompts = scalar_prompts(vlm.tokenizer, CRIT, pairs)
    ids, am = encode(vlm, prompts)
    def run():
        with torch.no_grad(): return forward(vlm, ids, am, last_only=False)[0], last_token_head_outputs(vlm, prompts)
    use_sdpa(vlm, False); (lg_e, z_e) = run(); assert attention_path(vlm) == "eager"
    use_sdpa(vlm, True); (lg_s, z_s) = run(); assert attention_path(vlm) == "sdpa"
    assert torch.allclose(lg_e, lg_s, atol=1e-4) and torch.allclose(z_e, z_s, atol=1e-4)
