"Interpretability workbench: attribution, ablation, offline views and the head explorer (tiny model; `real` = embedded model)."
import json, re
from pathlib import Path
import numpy as np
import pytest
import torch

from actrm_lab.models import tiny_model, HeadSet, render_chat, model_shape
from actrm_lab.engine import encode, last_token_logits, patch_heads
from actrm_lab.scoring import head_effects
from actrm_lab.data import PairItem, ScalarItem, write_jsonl, item_to_record
from actrm_lab.templates import AnswerTokens, answer_logodds
from actrm_lab.attribution import (margin_spec, gradient_head_effects, head_attribution,
                                   attribution_agreement)
from actrm_lab.ablation import ablate_heads, rerun_under_ablation, selected_vs_random
from actrm_lab.viz import cv_html, remote_script_refs, attention_patterns_view, token_view, reward_saliency
from actrm_lab.explorer import HeadExplorerState
from actrm_lab.vectors import RewardVector, load_vector

CRIT = "The response is factually correct."
PAIRS = [PairItem("What is 2+2?", "4", "5"), PairItem("Capital of France?", "Paris", "Lyon")]


@pytest.fixture(scope="module")
def tiny():
    return tiny_model()


def test_gradient_estimate_is_first_order(tiny):
    "eps * estimate matches the effect measured at scale eps, and the gap shrinks like eps**2 (a wrong gradient fails)."
    spec = margin_spec(tiny.tokenizer, CRIT, PAIRS)
    ans = AnswerTokens.scalar(tiny.tokenizer)
    far = torch.randn(2, 4, 16, generator=torch.Generator().manual_seed(3)) * 4
    _, est, _ = gradient_head_effects(tiny, spec.prompts, ans, far)
    gaps = {}
    for eps in (1e-2, 1e-3):
        _, small = head_effects(tiny, spec.prompts, ans, far, scale=eps)
        gaps[eps] = (small - eps * est).abs().max().item()
    assert gaps[1e-3] < 0.05 * 1e-3 * est.abs().max().item()
    assert gaps[1e-3] < 0.03 * gaps[1e-2]


def test_measured_effect_equals_plain_patch(tiny):
    "The batched, cached measurement equals one full forward under patch_heads."
    spec = margin_spec(tiny.tokenizer, CRIT, PAIRS)
    ans = AnswerTokens.scalar(tiny.tokenizer)
    means = torch.randn(2, 4, 16, generator=torch.Generator().manual_seed(0))
    att = head_attribution(tiny, CRIT, means, PAIRS, method="exact", progress=False)
    ids, am = encode(tiny, spec.prompts)
    m0 = spec.margins(answer_logodds(last_token_logits(tiny, ids, am), ans))
    with patch_heads(tiny, [(0, 2)], means):
        m1 = spec.margins(answer_logodds(last_token_logits(tiny, ids, am), ans))
    assert torch.allclose(att.effect[0, 2], (m1 - m0).mean(), atol=1e-4)
    agr = attribution_agreement(att.effect, att.effect, k=3)
    assert agr["pearson"] > 0.999 and agr["topk_overlap"] == 1.0


def test_ablation_hooks_removed_and_modes_differ(tiny):
    ids, am = encode(tiny, [render_chat(tiny.tokenizer, "Is water wet? Answer Yes or No.")])
    clean = last_token_logits(tiny, ids, am)
    others = [render_chat(tiny.tokenizer, t) for t in ("Hi there.", "Name a colour.")]
    outs = {}
    for mode in ("zero", "mean", "resample"):
        with pytest.raises(RuntimeError):
            with ablate_heads(tiny, [(0, 0), (1, 1)], mode, source_prompts=others):
                outs[mode] = last_token_logits(tiny, ids, am)
                raise RuntimeError("inside")
        assert torch.allclose(last_token_logits(tiny, ids, am), clean, atol=1e-6)
    assert not torch.allclose(outs["zero"], outs["mean"], atol=1e-5)
    assert not torch.allclose(outs["zero"], clean, atol=1e-5)


def test_selected_vs_random_uses_disjoint_random_heads(tiny):
    def run_fn(model):
        spec = margin_spec(model.tokenizer, CRIT, PAIRS)
        ids, am = encode(model, spec.prompts)
        m = spec.margins(answer_logodds(last_token_logits(model, ids, am), AnswerTokens.scalar(model.tokenizer)))
        return {"toy": (m > 0).float().numpy()}
    sel = HeadSet([(0, 0), (1, 1)], 2, 4)
    tab = selected_vs_random(run_fn, tiny, sel, "zero", n_random=3, progress=False, n_boot=100)
    assert [r["condition"] for r in tab] == ["selected", "random #1", "random #2", "random #3"]
    for r in tab[1:]:
        hs = HeadSet.parse(r["heads"])
        assert len(hs) == 2 and not set(hs) & set(sel)


def test_circuitsvis_views_are_offline(tiny):
    p = render_chat(tiny.tokenizer, "Is the sky blue? Answer Yes or No.")
    v = attention_patterns_view(tiny, p, [(0, 1), (1, 3)], last_n=10)
    toks, sal = reward_saliency(tiny, p, AnswerTokens.scalar(tiny.tokenizer))
    t = token_view(toks, sal, last_n=10)
    for h in (v, t):
        assert remote_script_refs(h.data) == []
        assert not re.search(r"<script[^>]+src=", h.data)
        assert "unpkg.com" not in h.data and "CircuitsVis.render" in h.data


def test_explorer_export_scores_through_cli(tiny, tmp_path):
    "Heads chosen in the explorer, exported, then scored by `actrm_score` give the explorer's numbers."
    from actrm_lab.cli import actrm_score
    means = torch.randn(2, 4, 16, generator=torch.Generator().manual_seed(1)) * 0.5
    vec = RewardVector.create("steer", HeadSet([(0, 1)], 2, 4), means, CRIT, meta=dict(model_shape=model_shape(tiny)))
    st = HeadExplorerState(tiny, vec, val_items=PAIRS, sources={"a": torch.arange(8.0).view(2, 4)})
    st.seed_from("a", 2); st.toggle(0, 0)
    res = st.rescore()
    folder = st.export(tmp_path / "vec")
    assert load_vector(folder, tiny).heads == HeadSet([(0, 0), (1, 2), (1, 3)])
    data, out = tmp_path / "pairs.jsonl", tmp_path / "scored.jsonl"
    write_jsonl(data, [item_to_record(p) for p in PAIRS])
    actrm_score(vector=str(folder), data=str(data), out=str(out), model="tiny")
    recs = [json.loads(l) for l in out.read_text().splitlines()]
    margins = [r["logodds_chosen"] - r["logodds_rejected"] for r in recs]
    assert np.allclose(margins, [x["margin"] for x in st._read(PAIRS, st._logodds(st.heads), 0)[0]], atol=1e-4)
    assert np.mean([r["correct"] for r in recs]) == res["val_accuracy"]


@pytest.mark.real
def test_attribution_patching_agrees_on_embedded_model(real_model):
    "On SmolLM2, the one-pass estimate ranks heads like the measured effects (measured: Pearson ~0.99 on 4 LLMBar pairs)."
    from actrm_lab.activations import mean_head_activations
    fewshot = [PairItem(f"What is {a} + {b}?", f"{a} + {b} = {a + b}.", f"{a} + {b} = {a + b + 3}.") for a in (2, 4, 7) for b in (3, 5)]
    val = [PairItem("What is the capital of Italy?", "Rome.", "Milan.")]
    means = mean_head_activations(real_model, CRIT, fewshot, k=2, n=4, progress=False)
    att = head_attribution(real_model, CRIT, means, val, progress=False)
    agr = att.agreement(k=10)
    assert agr["n"] == 270
    assert agr["pearson"] > 0.8 and agr["spearman"] > 0.6, agr
