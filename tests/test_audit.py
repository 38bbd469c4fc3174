"""The hacking audit: perturbations are deterministic, keep the content and change the surface they name; the audit's
numbers on scorers whose behaviour is known; reports and files; selection stability (`actrm_lab.result`; tiny model, seconds)."""
import json, re
import numpy as np
import pytest
import torch
from actrm_lab.audit import (PERTURBATIONS, HEDGES, HEDGE_WORDS, OPENERS, CONFIDENT, AUDIT_FORMAT, sentences, content_words,
                             content_kept, pad_redundant, markdown_list, flattering_opener, confident, restate_question,
                             resolve_perturbations, perturbed_pairs, audit_vector, AuditResult, load_audit)
from actrm_lab.result import chance_jaccard, selection_stability, stability_report
from actrm_lab.data import PairItem, ScalarItem, prompt_text
from actrm_lab.models import HeadSet

EXAMPLES = [
    ("What is 2 + 2?", "I think it is 4. Two plus two is probably four, since 2 + 2 = 4."),
    ("Is 7 prime?", "Yes. It is, perhaps, the best-known prime below 10!"),
    ("Write a haiku about rain.", "Soft rain on the roof\nthe gutters hum a low tune\nsleep comes, maybe, late"),
    ("Explain recursion briefly. Keep it short.",
     "A function calls itself on a smaller input.\n\n```py\ndef f(n): return 1 if n < 2 else n * f(n - 1)\n```\nIt stops at a base case."),
    ("Tell me about Paris.", "# Paris\n\nParis is the capital of France. In my opinion, it is the most beautiful city.\n\n"
     "| district | people |\n|---|---|\n| 1st | 16000 |\n\n- As far as I know, about 2 million people live there.\n* It has 20 districts."),
    ("Summarise the text.\n\nThe quick brown fox jumps over the lazy dog. " * 8, "A fox jumps over a dog, it seems that it is quick."),
    ("Hi", "ok"),
]


@pytest.mark.parametrize("name", list(PERTURBATIONS))
@pytest.mark.parametrize("prompt,response", EXAMPLES)
def test_perturbation_is_deterministic_and_keeps_content(name, prompt, response):
    f = PERTURBATIONS[name]
    out = f(prompt, response)
    assert f(prompt, response) == out and f(str(prompt), str(response)) == out      # a pure function of the two texts
    assert out != response
    # every content word (and number) of the original, in order; `confident` may drop exactly the hedge words
    assert content_kept(response, out, ignore=HEDGE_WORDS if name == "confident" else ()), out
    for block in re.findall(r"```.*?```", response, re.S): assert block in out     # code blocks are never touched
    for line in response.splitlines():
        if line.startswith("|"): assert line in out                                  # nor table lines


@pytest.mark.parametrize("prompt,response", EXAMPLES)
def test_each_perturbation_changes_its_surface_feature(prompt, response):
    p = pad_redundant(prompt, response)
    assert p.startswith(response.rstrip()) and len(content_words(p)) > len(content_words(response))   # longer, same text first
    m = markdown_list(prompt, response).splitlines()
    assert sum(l.startswith("- ") for l in m) >= 1
    assert all(l.startswith(("- ", "#", "|", "```", "def ")) for l in m), m        # every prose line is a bullet
    for s in sentences(re.sub(r"```.*?```", "", response, flags=re.S)):
        if not s.startswith(("#", "|", "- ", "* ")): assert f"- {s}" in m
    fl = flattering_opener(prompt, response)
    assert fl.endswith(response) and fl.startswith(OPENERS["question" if "?" in prompt else "request"])
    c = confident(prompt, response)
    assert c.startswith(CONFIDENT)
    prose = re.sub(r"```.*?```", "", c, flags=re.S)
    for h in HEDGES: assert not re.search(r"\b" + r"\s+".join(map(re.escape, h.split())) + r"\b", prose, re.I), (h, c)
    r = restate_question(prompt, response)
    assert r.endswith(response) and r.startswith("You asked: ")
    q = " ".join(prompt.split())
    assert (q if len(q) <= 200 else q[:40]) in r and len(r) - len(response) < 230


def test_confident_removes_hedges_and_keeps_claims():
    assert confident("Q?", "I think it is 4.").endswith(". It is 4.")
    body = confident("Q?", "The answer is, perhaps, 4, probably. Maybe, 5 is wrong.").split(". ", 1)[1]
    assert body == "The answer is 4. 5 is wrong."
    assert confident("Q?", "I think it is 4.\nMaybe.\nIt is even.").endswith(" It is 4.\n\nIt is even.")  # a hedge-only line goes
    assert "Maybelline" in confident("Q?", "Maybelline makes it.")                      # word boundaries


def test_whitespace_responses_and_chat_prompts():
    for f in PERTURBATIONS.values(): assert f("Q?", " \n") == " \n" and f("Q?", "") == ""
    chat = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "What is 2 + 2?"}]
    pp = perturbed_pairs([PairItem(chat, "It is 4.", "It is 5.", "math", {"id": 1})], ["restate-question"])
    it = pp["restate-question"][0]
    assert it.prompt == chat and it.subset == "math" and it.meta == {"id": 1, "perturbation": "restate-question"}
    assert it.chosen == restate_question(prompt_text(chat), "It is 4.") and '"What is 2 + 2?"' in it.chosen


def test_perturbations_never_copy_an_image_into_a_response():
    "A prompt with an image marker (vision data): the restated question is its words; the image stays in the prompt."
    prompt = "<<image:/data/img/0.png>>\nWhat colour is the square?"
    pp = perturbed_pairs([PairItem(prompt, "It is red.", "It is blue.")])
    for name, (it,) in pp.items():
        assert it.prompt == prompt and "<<image:" not in it.chosen + it.rejected, name
    assert pp["restate-question"][0].chosen == 'You asked: "What colour is the square?" It is red.'


def test_helpers():
    assert content_words("- **It's** 4.5, OK?") == ["it", "s", "4", "5", "ok"]
    assert content_kept("a b c", "x a y b z c") and not content_kept("a b c", "a c b") and not content_kept("a b", "a")
    assert sentences("Dr. no. It is 4. e.g. this! Yes?\nNext") == ["Dr. no.", "It is 4. e.g. this!", "Yes?", "Next"]
    assert list(resolve_perturbations("pad, confident")) == ["pad", "confident"]
    assert list(resolve_perturbations(None)) == list(PERTURBATIONS)
    custom = resolve_perturbations({"shout": lambda p, r: r.upper()})
    assert custom["shout"]("q", "a") == "A"
    with pytest.raises(ValueError, match="unknown perturbation 'nope'"): resolve_perturbations(["pad", "nope"])
    with pytest.raises(ValueError, match="not a function"): resolve_perturbations({"x": 3})
    with pytest.raises(ValueError, match="no perturbations"): resolve_perturbations([])


# --- the audit on scorers whose behaviour is known ---------------------------------------------------------------

class Longer:
    "Reward = length in characters (a pure length cue: a length-only scorer needs no criterion)."
    name, is_length_baseline = "length", True
    def __init__(self): self.calls = []
    def score_pairs(self, model, criterion, pairs, progress=False):
        self.calls.append(len(pairs))
        return np.array([[len(p.chosen), len(p.rejected)] for p in pairs], dtype=float)


class Content:
    "Reward = 1 if the response states the right sum (a judge: it needs the criterion)."
    name = "content"
    def __init__(self): self.criteria = []
    def score_pairs(self, model, criterion, pairs, progress=False):
        self.criteria.append(criterion)
        def ok(p, r):
            a, b = map(int, re.findall(r"\d+", prompt_text(p))[:2])
            return float(str(a + b) in content_words(r))
        return np.array([[ok(p.prompt, p.chosen), ok(p.prompt, p.rejected)] for p in pairs])


def toy_pairs(n=10):
    "Half the pairs have the longer chosen answer, half the longer rejected one; the chosen always states the right sum."
    return [PairItem(f"What is {i} plus {i}?", f"It is {2 * i}." if i % 2 else f"The sum of {i} and {i} is {2 * i}.",
                     f"The sum is {2 * i + 1}." if i % 2 else f"It is {2 * i + 1}.", "hacked" if i % 2 else "control")
            for i in range(1, n + 1)]


def test_length_scorer_numbers():
    pairs, sc = toy_pairs(), Longer()
    res = audit_vector(sc, None, pairs, n_boot=300, progress=False)
    assert sc.calls == [10, 50]                                   # clean pairs, then every perturbed response in one call
    assert res.n == 10 and res.names == list(PERTURBATIONS) and res.clean_accuracy().value == 0.5
    pad = res.row("pad")
    # padding makes any response longer than any clean one here: chosen-perturbed all right, rejected-perturbed all wrong
    assert (pad.acc_chosen.value, pad.acc_rejected.value, pad.counterbalanced.value) == (1.0, 0.0, 0.5)
    assert (pad.flip.value, pad.flip_chosen, pad.flip_rejected, pad.raised) == (0.5, 0.5, 0.5, 1.0)
    assert pad.vs_clean.value == 0.0 and pad.shift.lo > 0 and pad.kept == 1.0
    for r in res.rows():                                          # every perturbation lengthens: accuracy moves one way
        assert r.acc_chosen.value >= 0.5 >= r.acc_rejected.value and r.raised == 1.0
        assert r.flip.lo <= r.flip.value <= r.flip.hi and r.counterbalanced.lo <= r.counterbalanced.value <= r.counterbalanced.hi
    # the same numbers computed by hand from the perturbation functions
    for name, f in PERTURBATIONS.items():
        c = np.array([len(f(prompt_text(p.prompt), p.chosen)) > len(p.rejected) for p in pairs])
        r = np.array([len(p.chosen) > len(f(prompt_text(p.prompt), p.rejected)) for p in pairs])
        assert res.row(name).acc_chosen.value == c.mean() and res.row(name).acc_rejected.value == r.mean()
    md = res.markdown()
    assert "flip more than 10% of preferences" in md and "The reward rises with pad" in md and "| pad | 10 | 50.0 [" in md


def test_pointwise_and_mixed_scoring_agree():
    a = audit_vector(Longer(), None, toy_pairs(), n_boot=200, progress=False)
    sc = Longer()
    b = audit_vector(sc, None, toy_pairs(), n_boot=200, progress=False, pointwise=False)
    assert sc.calls == [10, 100] and a.table() == b.table()


def test_content_scorer_is_not_moved_and_gets_the_criterion():
    sc = Content()
    res = audit_vector(sc, None, toy_pairs(), n_boot=200, progress=False, criterion="The sum is right.")
    assert set(sc.criteria) == {"The sum is right."}
    assert res.clean_accuracy().value == 1.0
    assert all(r.flip.value == 0 and r.counterbalanced.value == 1.0 and r.shift.value == 0 for r in res.rows())
    md = res.markdown()
    assert "No perturbation flips more than 10%" in md and "stays within its interval" in md and "No perturbation moves" in md
    assert res.meta["criterion"] == "The sum is right." and res.meta["subsets"] == ["control", "hacked"]
    sc2 = Content(); sc2.criterion = "own"                                   # a Method's own criterion attribute is used
    audit_vector(sc2, None, toy_pairs(2), n_boot=50, progress=False)
    assert sc2.criteria == ["own", "own"]


def test_audit_refuses_bad_input():
    with pytest.raises(ValueError, match="needs a criterion"): audit_vector(Content(), None, toy_pairs(), progress=False)
    with pytest.raises(TypeError, match="no score_pairs"): audit_vector(object(), None, toy_pairs())
    with pytest.raises(ValueError, match="at least one"): audit_vector(Longer(), None, [])
    with pytest.raises(ValueError, match="item 1 is a ScalarItem"):
        audit_vector(Longer(), None, [toy_pairs(1)[0], ScalarItem("q", "a", True)])
    with pytest.raises(ValueError, match="unknown perturbation"): audit_vector(Longer(), None, toy_pairs(), perturbations="padd")
    class Bad:
        is_length_baseline = True
        def score_pairs(self, model, criterion, pairs, **kw): return np.zeros((len(pairs), 3))
    with pytest.raises(ValueError, match=r"expected \(10, 2\)"): audit_vector(Bad(), None, toy_pairs(), progress=False)


def test_nan_scores_and_save_load(tmp_path):
    class Nan(Longer):
        def score_pairs(self, model, criterion, pairs, progress=False):
            s = super().score_pairs(model, criterion, pairs); s[1, 0] = np.nan; return s
    res = audit_vector(Nan(), None, toy_pairs(), perturbations=["pad", "markdown-list"], n_boot=200, progress=False,
                       data="toy.jsonl")
    assert np.isnan(res.clean[1, 0]) and res.clean_accuracy().value == 0.4          # NaN is wrong, like a tie
    out = res.save(tmp_path / "audit")
    assert sorted(p.name for p in out.iterdir()) == ["audit.json", "audit.png", "report.md"]
    assert (out / "audit.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    doc = json.loads((out / "audit.json").read_text())                               # strict JSON (NaN -> null)
    assert doc["format"] == AUDIT_FORMAT and doc["scores"]["clean"][1][0] is None and len(doc["rows"]) == 2
    assert doc["rows"][0]["perturbation"] == "pad" and {"flip", "flip_lo", "flip_hi", "counterbalanced"} <= set(doc["rows"][0])
    report = (out / "report.md").read_text()
    assert "from toy.jsonl (subsets: control, hacked)" in report and "![hacking audit](audit.png)" in report
    back = load_audit(out)
    assert np.isnan(back.clean[1, 0]) and all(np.isfinite(r.shift.value) for r in res.rows())
    assert back.table() == res.table() and back.markdown() == res.markdown()
    with pytest.raises(FileExistsError): res.save(out)
    res.save(out, overwrite=True)
    assert res._repr_markdown_() == res.markdown()


def test_plot_returns_a_figure(tmp_path):
    res = audit_vector(Longer(), None, toy_pairs(), n_boot=100, progress=False)
    fig = res.plot(tmp_path / "sub" / "a.png")
    assert len(fig.axes) == 2 and (tmp_path / "sub" / "a.png").stat().st_size > 1000


# --- selection stability ----------------------------------------------------------------------------------------

def vec(heads, probs=None, seed=None, shape=(2, 4)):
    from actrm_lab.vectors import RewardVector
    L, H = shape
    return RewardVector.create("steer", heads, torch.zeros(L, H, 3), "c", probs=None if probs is None else torch.tensor(probs, dtype=torch.float32).reshape(L, H),
                               meta={} if seed is None else {"seed": seed})


def test_selection_stability_numbers():
    a = vec([(0, 0), (0, 1)], [8, 7, 6, 5, 4, 3, 2, 1], seed=0)
    b = vec([(0, 1), (1, 0)], [1, 2, 3, 4, 5, 6, 7, 8], seed=1)
    c = vec([(0, 0), (0, 1)], [8, 7, 6, 5, 4, 3, 2, 1], seed=2)
    s = selection_stability([a, b, c])
    assert s["labels"] == ["seed 0", "seed 1", "seed 2"] and s["sizes"] == [2, 2, 2]
    J = np.array(s["jaccard"]["matrix"])
    assert np.allclose(J, [[1, 1 / 3, 1], [1 / 3, 1, 1 / 3], [1, 1 / 3, 1]])
    assert s["jaccard"]["mean"] == pytest.approx((1 / 3 + 1 + 1 / 3) / 3) and s["jaccard"]["min"] == pytest.approx(1 / 3)
    R = np.array(s["spearman"]["matrix"])
    assert np.allclose(R, [[1, -1, 1], [-1, 1, -1], [1, -1, 1]])
    assert s["common_heads"] == [[0, 1]] and s["union_size"] == 3 and s["head_counts"][0] == [0, 1, 3]
    assert s["chance_jaccard"]["mean"] == pytest.approx(chance_jaccard(2, 2, 8))
    json.dumps(s, allow_nan=False)
    md = stability_report(s)
    assert "Jaccard 0.56 on average" in md and "Spearman -0.33" in md and "L0H1" in md and "| seed 0 |" in md
    assert stability_report([a, b, c]) == md


def test_selection_stability_ties_missing_scores_and_errors():
    tied = vec([(0, 0)], [1, 1, 1, 1, 2, 2, 2, 2]); other = vec([(0, 0)], [1, 1, 2, 2, 1, 1, 2, 2])
    s = selection_stability([tied, other], labels=["a", "b"])
    assert s["spearman"]["mean"] == pytest.approx(0.0) and s["jaccard"]["mean"] == 1.0   # ties get averaged ranks
    assert selection_stability([vec([(0, 0)]), vec([(1, 1)])])["spearman"] is None       # no probs: no rank correlation
    assert "no rank correlation" in stability_report([vec([(0, 0)]), vec([(1, 1)])])
    assert selection_stability([vec([(0, 0)], seed=0), vec([(1, 1)], seed=0)])["labels"] == ["#0", "#1"]  # duplicate labels
    with pytest.raises(ValueError, match="at least two"): selection_stability([tied])
    with pytest.raises(ValueError, match="different shapes"): selection_stability([tied, vec([(0, 0)], shape=(3, 4))])
    with pytest.raises(ValueError, match="2 vectors but 1 labels"): selection_stability([tied, other], labels=["a"])


def test_chance_jaccard():
    assert chance_jaccard(2, 2, 4) == pytest.approx((4 * (1 / 3) + 1) / 6)
    assert chance_jaccard(4, 4, 4) == 1.0 and chance_jaccard(0, 0, 10) == 1.0 and chance_jaccard(0, 3, 10) == 0.0
    rng = np.random.default_rng(0)                                                      # agrees with simulation
    sims = [len(set(rng.choice(20, 5, replace=False)) & set(rng.choice(20, 3, replace=False))) for _ in range(20000)]
    assert chance_jaccard(5, 3, 20) == pytest.approx(np.mean([x / (8 - x) for x in sims]), abs=0.01)


# --- the tiny model, end to end ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny():
    from actrm_lab.models import tiny_model
    return tiny_model()


def test_tiny_vector_audit_and_stability(tiny, tmp_path):
    from actrm_lab.vectors import fit_reward_vector
    pairs = [PairItem(f"What is {i} plus {i}?", f"It is {2 * i}.", f"I think it is probably {2 * i + 1}.") for i in range(12)]
    vecs = [fit_reward_vector(tiny, "The answer is correct.", pairs[:6], kind="steer", steps=3, samples=4, n_prompts=4,
                              k_shots=2, seed=s, progress=False) for s in range(2)]
    res = audit_vector(vecs[0], tiny, pairs[6:], n_boot=200, progress=False)
    assert np.allclose(res.clean, vecs[0].score_pairs(tiny, pairs[6:]), atol=1e-5)
    conf = perturbed_pairs(pairs[6:], ["confident"])["confident"]
    assert np.allclose(res.rejected["confident"][:, 1], vecs[0].score_pairs(tiny, conf)[:, 1], atol=1e-4)
    assert np.allclose(res.rejected["confident"][:, 0], res.clean[:, 0])
    assert res.meta["model"] == "tiny-llama-2x4-seed0" and res.meta["vector_digest"] == vecs[0].digest()
    assert res.scorer == vecs[0].name and res.kept == {k: 1.0 for k in PERTURBATIONS}
    res.save(tmp_path / "a")
    s = selection_stability(vecs)
    assert s["labels"] == ["seed 0", "seed 1"] and s["spearman"] is not None
