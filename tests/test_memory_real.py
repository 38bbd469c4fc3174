"""The memory-saving paths against the float32 path on the real embedded weights: prefix keys/values kept in float16
and last-token runs grouped up to 512 rows must give the same judge log-odds within the stated tolerance (1e-2), the
same best-of-n head selection, and REINFORCE head probabilities within 0.01 of the float32 run's on average (under a
fifth of what another seed changes)."""
import torch, pytest
from actrm_lab.engine import PrefixCache
from actrm_lab.data import to_scalar
from actrm_lab.suites import load_demo
from actrm_lab.templates import AnswerTokens, scalar_prompts
from actrm_lab.activations import mean_head_activations
from actrm_lab.selection import sample_logodds, best_of_samples, reinforce_select

pytestmark = pytest.mark.real
TOL = 1e-2   # log-odds: float16 keys/values and grouped runs vs float32, one prompt per run


@pytest.fixture(scope="module")
def setup(real_model):
    crit, few, _ = load_demo()
    val = to_scalar(few[:8])                                            # 16 judged responses
    means = mean_head_activations(real_model, crit, few[8:16], k=2, n=4, progress=False)
    prompts = scalar_prompts(real_model.tokenizer, crit, val)
    low = PrefixCache(real_model, prompts)                              # the defaults: float16 storage, 512-row runs
    ref = PrefixCache(real_model, prompts, chunk=1, rows=1, kv_dtype=torch.float32)   # float32, one prompt per run
    return crit, val, means, low, ref


def test_defaults_are_the_memory_saving_ones(setup):
    _, _, _, low, ref = setup
    assert low.kv[0][0].dtype == torch.float16 and ref.kv[0][0].dtype == torch.float32
    assert low.nbytes() * 2 == ref.nbytes()


def test_logodds_and_selection_match_float32(real_model, setup):
    _, val, means, low, ref = setup
    ans = AnswerTokens.scalar(real_model.tokenizer)
    L, H = real_model.cfg.n_layers, real_model.cfg.n_heads
    masks = torch.bernoulli(torch.full((32, L, H), 0.27), generator=torch.Generator().manual_seed(0))
    a, b = sample_logodds(real_model, low, masks, means, ans), sample_logodds(real_model, ref, masks, means, ans)
    assert a.shape == (len(val), 32) and b.abs().mean() > 0.1        # the patches move the judge: a real comparison
    assert (a - b).abs().max() < TOL, (a - b).abs().max()
    probs = torch.full((L, H), 0.3)
    h1, acc1 = best_of_samples(real_model, low, probs, means, ans, val, 10, torch.Generator().manual_seed(1))
    h2, acc2 = best_of_samples(real_model, ref, probs, means, ans, val, 10, torch.Generator().manual_seed(1))
    assert h1 == h2 and acc1 == acc2


def test_reinforce_matches_float32(real_model, setup):
    "Adam turns float rounding into small steps on heads with no signal, so the probabilities are compared on average:"
    "the memory paths move them far less than another seed does."
    crit, val, means, low, ref = setup
    kw = dict(steps=8, samples=16, val_batch=8, progress=False)
    s1 = reinforce_select(real_model, crit, means, val, prefix_cache=low, seed=0, **kw)
    s2 = reinforce_select(real_model, crit, means, val, prefix_cache=ref, seed=0, **kw)
    s3 = reinforce_select(real_model, crit, means, val, prefix_cache=ref, seed=1, **kw)
    memory, seed = (s1.probs - s2.probs).abs().mean(), (s3.probs - s2.probs).abs().mean()
    assert memory < 0.01 and memory < seed / 5, (memory, seed)
    assert (s2.probs - 1 / (1 + torch.e)).abs().max() > 0.1          # it moved from the start
