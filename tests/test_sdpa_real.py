"""The SDPA attention path against the eager bridge on the real embedded weights, at judge prompts of about 128 and
2,048 tokens: zero-shot log-odds, patched log-odds, last-token head outputs and prefix-cached REINFORCE runs agree
within 1e-4 (float32), and reading a pattern still takes the eager path."""
import torch, pytest
from actrm_lab.engine import use_sdpa, attention_path, last_token_head_outputs, PrefixCache
from actrm_lab.models import HeadSet
from actrm_lab.suites import load_demo
from actrm_lab.templates import AnswerTokens, scalar_prompts
from actrm_lab.scoring import judge_logodds
from actrm_lab.selection import sample_logodds

pytestmark = pytest.mark.real
TOL = 1e-4


def long_pairs(tok, crit, pairs, target):
    "Demo pairs whose responses are demo responses joined until the judge prompt holds about `target` tokens."
    from actrm_lab.data import PairItem
    pool = [p.chosen for p in pairs] + [p.rejected for p in pairs]
    out = []
    for i, p in enumerate(pairs):
        sides = []
        for s in (0, 1):
            parts, j = [], i * 2 + s
            while len(tok("\n\n".join(parts), add_special_tokens=False)["input_ids"]) < target - 90:
                parts.append(pool[j % len(pool)]); j += 3
            ids = tok("\n\n".join(parts), add_special_tokens=False)["input_ids"][:target - 90]
            sides.append(tok.decode(ids))
        out.append(PairItem(p.prompt, *sides))
    return out


def both_paths(model, fn):
    "fn() on the eager bridge, then through SDPA (the default restored)."
    use_sdpa(model, False)
    try: eager = fn()
    finally: use_sdpa(model, True)
    assert attention_path(model) == "sdpa"
    return eager, fn()


@pytest.mark.parametrize("target,n", [(128, 4), (2048, 1)])
def test_sdpa_equals_eager(real_model, target, n):
    crit, few, _ = load_demo()
    pairs = few[:n] if target <= 128 else long_pairs(real_model.tokenizer, crit, few[:n], target)
    prompts = scalar_prompts(real_model.tokenizer, crit, pairs)
    lens = [len(real_model.tokenizer(p, add_special_tokens=False)["input_ids"]) for p in prompts]
    assert min(lens) >= 0.6 * target and max(lens) <= 1.5 * target, lens
    ans = AnswerTokens.scalar(real_model.tokenizer)
    L, H = real_model.cfg.n_layers, real_model.cfg.n_heads
    heads = HeadSet.random(L, H, 73, seed=0)
    z_e, z_s = both_paths(real_model, lambda: last_token_head_outputs(real_model, prompts))
    assert (z_e - z_s).abs().max() <= TOL
    means = z_s.mean(0)
    zs_e, zs_s = both_paths(real_model, lambda: judge_logodds(real_model, prompts, ans))
    assert (zs_e - zs_s).abs().max() <= TOL and zs_s.abs().max() > 0
    p_e, p_s = both_paths(real_model, lambda: judge_logodds(real_model, prompts, ans, heads, means))
    assert (p_e - p_s).abs().max() <= TOL and (p_s - zs_s).abs().max() > 1e-3   # the patch moves the judge
    masks = torch.bernoulli(torch.full((8, L, H), 0.27), generator=torch.Generator().manual_seed(0))
    r_e, r_s = both_paths(real_model, lambda: sample_logodds(
        real_model, PrefixCache(real_model, prompts, kv_dtype=torch.float32), masks, means, ans))
    assert (r_e - r_s).abs().max() <= TOL


def test_patterns_still_readable(real_model):
    ids = torch.tensor([real_model.tokenizer("Is the sky blue?", add_special_tokens=False)["input_ids"]])
    with torch.no_grad(): _, cache = real_model.run_with_cache(ids, names_filter=lambda n: n.endswith("hook_pattern"))
    pat = cache["blocks.0.attn.hook_pattern"]
    assert pat.shape[-2:] == (ids.shape[1], ids.shape[1]) and torch.allclose(pat.sum(-1), torch.ones(()), atol=1e-5)
