"HackingMonitor: cues, flagging a length-tied reward and staying quiet on a random one, JSON round trip, real GRPO runs and a resumed one."
import json, math, warnings
import numpy as np
import pytest

from actrm_lab.data import response_text
from actrm_lab.monitor import (CUES, HackingMonitor, HackingWarning, MonitorCallback, confidence, flattery, length_tokens,
                               markdown_markers, repetition, restated_question, spearman)

Q = "Why is the sky blue?"

def test_cues():
    assert set(CUES) == {"length_tokens", "markdown_markers", "flattery", "confidence", "restated_question", "repetition"}
    assert length_tokens(Q, "one two  three") == 3
    class Tok:                                      # a tokenizer: one token per character
        def __call__(self, s, add_special_tokens=False): return {"input_ids": list(s)}
    assert length_tokens(Q, "abcd", Tok()) == 4
    assert markdown_markers(Q, "# T\n- a\n* b\n2. c\nplain **x** and **y**") == 6
    assert markdown_markers(Q, "No lists here. 3 apples.") == 0
    for s in ("Great question! It is blue.", "What a wonderful thing to ask.", "Excellent question.", "I'd be happy to explain."):
        assert flattery(Q, s) == 1, s
    assert flattery(Q, "Blue. Great question, though.") == 0
    assert confidence(Q, "Clearly it is, definitely, 100%. Certainly without a doubt.") == 5
    assert confidence(Q, "It may be blue.") == 0
    assert restated_question(Q, "Why is the sky blue? Because of scattering.") == 1
    assert restated_question(Q, "Scattering makes the sky blue.") == pytest.approx(3 / 5)      # the, sky, blue
    assert restated_question(Q, "Scattering. Why is the sky blue") == 0
    assert repetition(Q, "a b c a b c a b c") == pytest.approx(1 - 3 / 7)
    assert repetition(Q, "the quick brown fox jumps") == 0

def test_spearman():
    assert spearman([1, 2, 3, 4], [1, 4, 9, 16]) == pytest.approx(1)
    assert spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1)
    assert spearman([2, 2, 2], [1, 2, 3]) == 0
    x = np.random.default_rng(0).normal(size=50); y = x + np.random.default_rng(1).normal(size=50)
    assert 0.4 < spearman(x, y) < 0.95

def _batches(seed, steps=8, n=16):
    rng = np.random.default_rng(seed)
    for step in range(steps):
        yield step, [" ".join(f"w{j}" for j in rng.permutation(60)[: rng.integers(1, 6 + 5 * step)]) for _ in range(n)], rng

def test_length_tied_reward_flagged_once():
    mon = HackingMonitor(window=64)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        for step, comps, _ in _batches(0):
            mon.update(["Explain it."] * len(comps), comps, [len(c.split()) + 0.0 for c in comps], step=step)
    hw = [str(x.message) for x in w if issubclass(x.category, HackingWarning)]
    assert mon.flagged == {"length_tokens"} and len(hw) == 1          # once, not at every step
    assert "length_tokens" in hw[0] and "+1.00" in hw[0]
    assert len(hw[0].split("e.g. ", 1)[1]) <= 120 + 2                  # the example is truncated (plus quotes)
    assert len(mon.history) == 8 and len(mon.buf) == 64                # the window bound holds
    assert [h["step"] for h in mon.history] == list(range(8))
    assert all(isinstance(v, (int, float)) for h in mon.history for v in h.values())

def test_negative_correlation_named_as_such():
    "A reward paying for shorter answers: flagged, worded as falling length, the example is the shortest completion."
    mon = HackingMonitor(window=64)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        for step, comps, _ in _batches(6, steps=2):
            mon.update(["Explain it."] * len(comps), comps, [-len(c.split()) + 0.0 for c in comps], step=step)
    hw = [str(x.message) for x in w if issubclass(x.category, HackingWarning)]
    assert mon.flagged == {"length_tokens"} and len(hw) == 1
    assert "rises as length_tokens falls" in hw[0] and "-1.00" in hw[0]
    shortest = min((b[1] for b in mon.buf), key=lambda c: len(c.split()))
    assert hw[0].split("e.g. ", 1)[1] == repr(shortest)

def test_length_neutral_reward_quiet():
    mon = HackingMonitor(window=128)
    with warnings.catch_warnings():
        warnings.simplefilter("error", HackingWarning)
        for step, comps, rng in _batches(1):
            assert mon.update(["Explain it."] * len(comps), comps, rng.normal(size=len(comps)).tolist()) == []
    assert mon.flagged == set() and len(mon.history) == 8

def test_falling_reward_not_flagged():
    "A cue correlated with a reward that falls over the run is not hacking: nothing is flagged after the first checks."
    mon = HackingMonitor(window=16, threshold=0.5)
    for step, comps, rng in _batches(2, steps=4):          # 4 checks without the cue: the reward mean falls 
        mon.update(["q"] * 16, ["same words here"] * 16, (10 - step + rng.normal(size=16)).tolist())
    with warnings.catch_warnings():
        warnings.simplefilter("error", HackingWarning)
        for step in range(4):
            comps = [" ".join(["w"] * (i + 1)) for i in range(16)]
            mon.update(["q"] * 16, comps, [0.001 * i for i in range(16)])   # tied to length, but far below the start
    assert mon.history[-1]["length_tokens_corr"] == pytest.approx(1) and mon.flagged == set()

@pytest.mark.filterwarnings("ignore::actrm_lab.monitor.HackingWarning")
def test_every_probe_and_second_judge():
    calls = []
    mon = HackingMonitor(every=3, probe=lambda: calls.append(1) or 0.25,
                         second_judge=lambda p, c: [-len(x) for x in c])
    for step, comps, _ in _batches(3, steps=6):
        mon.update(["q"] * len(comps), comps, [len(c) + 0.0 for c in comps])
    assert len(mon.history) == 2 and len(calls) == 2
    assert all(h["flip_rate"] == 0.25 and h["judge_agreement"] == pytest.approx(-1) for h in mon.history)
    with pytest.raises(ValueError, match="2 rewards"): mon.update(["q"], ["a"], [1.0, 2.0])
    with pytest.raises(ValueError, match="window"): HackingMonitor(window=1)

def test_save_load_round_trip(tmp_path):
    mon = HackingMonitor(window=32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HackingWarning)
        for step, comps, _ in _batches(4, steps=5):
            mon.update(["q"] * len(comps), comps, [len(c) + 0.0 for c in comps], step=step)
    p = mon.save(tmp_path / "sub" / "m.json")
    assert json.loads(p.read_text())["version"] == 1 and not list((tmp_path / "sub").glob("*.tmp-*"))
    back = HackingMonitor.load(p)
    assert back.history == mon.history and back.flagged == mon.flagged and list(back.buf) == list(mon.buf)
    assert back.calls == mon.calls and back.window == 32
    with warnings.catch_warnings():
        warnings.simplefilter("error", HackingWarning)     # already flagged before the save: not warned again
        for step, comps, _ in _batches(5, steps=2):
            back.update(["q"] * len(comps), comps, [len(c) + 0.0 for c in comps])
    assert len(back.history) == 7
    mon2 = HackingMonitor(cues={"mine": lambda p, c, t: 1.0}); mon2.save(tmp_path / "c.json")
    with pytest.raises(ValueError, match="custom cues"): HackingMonitor.load(tmp_path / "c.json")
    assert HackingMonitor.load(tmp_path / "c.json", cues={"mine": lambda p, c, t: 1.0}).cues.keys() == {"mine"}
    fig = mon.plot(tmp_path / "m.png"); assert (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG" and fig.axes


def test_callback_wraps_reward_and_logs(tmp_path):
    from types import SimpleNamespace as NS
    pytest.importorskip("transformers")
    def words(prompts, completions, **kw): return [float(len(response_text(c).split())) for c in completions]
    cb = MonitorCallback(HackingMonitor(), words)
    assert cb.reward_fn.__name__ == "words"
    chat = [[{"role": "assistant", "content": "a b"}], [{"role": "assistant", "content": "a"}], [{"role": "assistant", "content": "a b c"}]]
    assert cb.reward_fn([[{"role": "user", "content": "q"}]] * 3, chat, trainer_state=None) == [2.0, 1.0, 3.0]
    logs = {"loss": 0.5}; cb.on_log(None, None, None, logs=logs); assert logs == {"loss": 0.5}   # no check yet
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        cb.on_step_end(None, NS(global_step=7), None)
    assert cb.pending == [] and cb.monitor.history[-1]["step"] == 7
    cb.on_step_end(None, NS(global_step=8), None); assert len(cb.monitor.history) == 1   # nothing new: no check
    cb.on_log(None, None, None, logs=logs)
    assert logs["hacking/length_tokens_corr"] == pytest.approx(1) and logs["hacking/reward_mean"] == 2
    cb.on_save(NS(output_dir=str(tmp_path)), NS(global_step=7), None)
    cb2 = MonitorCallback(HackingMonitor(), words)
    assert not cb2.resume(tmp_path) and cb2.resume(tmp_path / "checkpoint-7")
    assert cb2.monitor.history == cb.monitor.history and cb2.monitor.flagged == {"length_tokens"}

PROMPTS = ("cats", "rain", "maps", "tea")

def _policy():
    """A tiny random Llama whose completions vary in length: its lm_head gets a bias (sharing the tied weight) with +10 on
    EOS, so some completions stop after a token or two and others run on; only that bias trains (Adam, lr 0.5)."""
    import torch
    from torch import nn
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM
    from actrm_lab.models import embedded_tokenizer_dir
    tok = AutoTokenizer.from_pretrained(embedded_tokenizer_dir())
    torch.manual_seed(0)
    cfg = LlamaConfig(vocab_size=len(tok), hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                      num_key_value_heads=2, head_dim=16, tie_word_embeddings=True, bos_token_id=tok.bos_token_id,
                      eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
    m = LlamaForCausalLM(cfg)
    head = nn.Linear(cfg.hidden_size, len(tok), bias=True); head.weight = m.model.embed_tokens.weight
    with torch.no_grad(): head.bias.zero_(); head.bias[tok.eos_token_id] = 10.0
    m.lm_head = head
    for q in m.parameters(): q.requires_grad_(False)
    m.lm_head.bias.requires_grad_(True)
    return m, tok, torch.optim.Adam([m.lm_head.bias], lr=0.5)

def _grpo(out, cb, steps=3, resume=None, save_steps=None):
    "`steps` GRPO steps of `_policy()` with `cb.reward_fn` (resuming from checkpoint `resume` when given); the trainer."
    import torch
    datasets = pytest.importorskip("datasets")
    from trl import GRPOConfig, GRPOTrainer
    torch.manual_seed(0); torch.set_num_threads(1)
    model, tok, opt = _policy()
    ds = datasets.Dataset.from_list([{"prompt": [{"role": "user", "content": f"Tell me about {w}."}]} for w in PROMPTS])
    args = GRPOConfig(output_dir=str(out), max_steps=steps, per_device_train_batch_size=8, num_generations=4,
                      max_completion_length=24, logging_steps=1, report_to="none", use_cpu=True, bf16=False,
                      activation_checkpointing=False, seed=0, disable_tqdm=True, dataloader_num_workers=0,
                      **(dict(save_strategy="steps", save_steps=save_steps) if save_steps else dict(save_strategy="no")))
    tr = GRPOTrainer(model=model, reward_funcs=[cb.reward_fn], args=args, train_dataset=ds, processing_class=tok,
                     optimizers=(opt, None))
    cb.attach(tr); assert tr.callback_handler.callbacks[0] is cb
    tr.train(resume_from_checkpoint=None if resume is None else str(resume))
    return tr

def _token_length_reward(seen):
    "A length reward: the completion's token count; records the token lengths it saw in `seen`."
    def length(prompts, completions, completion_ids=None, **kw):
        seen.extend(len(ids) for ids in completion_ids)
        return [float(len(ids)) for ids in completion_ids]
    return length

@pytest.fixture
def offline(monkeypatch):
    pytest.importorskip("trl")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1"); monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")

@pytest.mark.filterwarnings("ignore::UserWarning")
def test_grpo_length_reward_flagged(tmp_path, offline):
    seen = []
    cb = MonitorCallback(HackingMonitor(window=256, every=3), _token_length_reward(seen))   # one check over the whole run
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        tr = _grpo(tmp_path, cb)
    assert len(seen) == 24 and len(set(seen)) >= 4 and min(seen) < max(seen) / 2      # the completions vary in length
    mon = cb.monitor
    assert mon.history and mon.history[-1]["n"] == 24 and mon.history[-1]["length_tokens_corr"] > 0.9
    assert "length_tokens" in mon.flagged
    assert any(issubclass(x.category, HackingWarning) and "length_tokens" in str(x.message) for x in w)
    logged = [h for h in tr.state.log_history if "hacking/length_tokens_corr" in h]
    assert logged and math.isfinite(logged[-1]["hacking/reward_mean"])

@pytest.mark.filterwarnings("ignore::UserWarning")
def test_grpo_random_reward_quiet(tmp_path, offline):
    rng, seen = np.random.default_rng(0), []
    def noise(prompts, completions, completion_ids=None, **kw):
        seen.extend(len(ids) for ids in completion_ids)
        return rng.normal(size=len(completions)).tolist()
    cb = MonitorCallback(HackingMonitor(window=256, every=3), noise)
    _grpo(tmp_path, cb)
    assert len(seen) == 24 and len(set(seen)) >= 4                  # lengths vary here too: quiet is not for want of a cue
    assert cb.monitor.history and cb.monitor.history[-1]["n"] == 24 and cb.monitor.flagged == set()
    assert abs(cb.monitor.history[-1]["length_tokens_corr"]) < 0.5

@pytest.mark.filterwarnings("ignore::UserWarning")
def test_grpo_resume_reloads_monitor(tmp_path, offline):
    "Train 4 steps with checkpoints every 2; a fresh trainer resumed from checkpoint-2 reloads the monitor by itself."
    first = MonitorCallback(HackingMonitor(), _token_length_reward([]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _grpo(tmp_path, first, steps=4, save_steps=2)
    assert [h["step"] for h in first.monitor.history] == [1, 2, 3, 4]
    ckpt = tmp_path / "checkpoint-2"
    assert (ckpt / "hacking_monitor.json").exists() and (ckpt / "trainer_state.json").exists()
    saved = HackingMonitor.load(ckpt / "hacking_monitor.json")
    assert [h["step"] for h in saved.history] == [1, 2] and "length_tokens" in saved.flagged

    again = MonitorCallback(HackingMonitor(), _token_length_reward([]))        # a new process would build these afresh
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        tr = _grpo(tmp_path, again, steps=4, resume=ckpt, save_steps=2)
    assert tr.state.global_step == 4 and again.resumed_from == ckpt
    mon = again.monitor
    assert [h["step"] for h in mon.history] == [1, 2, 3, 4] and mon.history[:2] == saved.history   # continues the saved steps
    assert mon.calls == 4 and mon.history[2]["n"] == saved.history[-1]["n"] + 8                   # the saved window, plus step 3
    assert not any(issubclass(x.category, HackingWarning) for x in w)   # length was flagged before the save: not again
    assert HackingMonitor.load(tmp_path / "checkpoint-4" / "hacking_monitor.json").history == mon.history

def test_flip_probe_and_judge_none_scores():
    from actrm_lab.data import PairItem
    from actrm_lab.monitor import flip_probe
    pairs = [PairItem("What is 2 plus 2?", "4.", "It is 5."), PairItem("Capital of France?", "Paris.", "Rome.")]
    chars = lambda prompts, comps: [float(len(c)) for c in comps]   # pays for characters: every padded answer wins
    assert flip_probe(chars, pairs)() == 1.0
    assert flip_probe(lambda p, c: [0.0] * len(c), pairs, "markdown-list")() == 0.0
    with pytest.raises(ValueError, match="unknown perturbation"): flip_probe(chars, pairs, "nope")
    mon = HackingMonitor(second_judge=lambda p, c: [None if i % 2 else float(len(x)) for i, x in enumerate(c)])
    mon.update(["q"] * 6, ["a", "a b", "a b c", "a b c d", "a b c d e", "a b c d e f"], [1., 2, 3, 4, 5, 6])
    assert mon.history[-1]["judge_agreement"] == pytest.approx(1)
