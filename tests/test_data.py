"""Prompt-grouped splits and cue-balanced draws (issue 12), on data shaped like the public benchmarks."""
import json, random

import numpy as np
import pytest

from actrm_lab.data import (CUES, DataError, PairItem, balanced_sample, check_disjoint, cue_balance_report,
                            cue_balanced_sample, cue_direction, drop_shared, group_ids, group_key, load_rmbench,
                            pair_cues, response_cues, split_items, load_data_file, load_rewardbench2, rewardbench2_rows,
                            rewardbench2_score)


def _rmbench_file(path, n_prompts=12, with_ids=True):
    "A tiny RM-Bench file: each prompt with three chosen and three rejected responses (concise, detailed, markdown)."
    rows = []
    for p in range(n_prompts):
        row = dict(prompt=f"Question {p}: explain topic {p}.",
                   chosen=[f"Right {p}.", f"Right {p}, in detail: because {p} is so.", f"## Right {p}\n\n- because {p}"],
                   rejected=[f"Wrong {p}.", f"Wrong {p}, in detail: since {p} is not.", f"## Wrong {p}\n\n- since {p}"],
                   domain=["chat", "math"][p % 2])
        if with_ids: row["id"] = p
        rows.append(row)
    path.write_text(json.dumps(rows))
    return path


def _old_split(items, n_fewshot, n_val=0, seed=0, n_test=None):
    "split_items before issue 12 (by item), kept to check that distinct prompts split exactly as before."
    idx = list(range(len(items))); random.Random(seed).shuffle(idx)
    a, b = n_fewshot, n_fewshot + n_val
    rest = idx[b:] if n_test is None else idx[b:b + n_test]
    return [items[i] for i in idx[:a]], [items[i] for i in idx[a:b]], [items[i] for i in rest]


def _texts(items):
    return {t for it in items for t in (it.chosen, it.rejected)}


@pytest.mark.parametrize("with_ids", [True, False])
def test_rmbench_split_keeps_prompts_and_responses_in_one_part(tmp_path, with_ids):
    pairs = load_rmbench(_rmbench_file(tmp_path / "rm.json", with_ids=with_ids))
    assert len(pairs) == 108 and len(set(group_ids(pairs))) == 12
    assert all(len({group_key(x) for x in pairs if x.prompt == p}) == 1 for p in {x.prompt for x in pairs})
    for seed in range(5):
        for n_few, n_val, n_test in ((16, 0, None), (16, 8, None), (9, 9, 18), (40, 20, 5), (1, 1, 1)):
            s = split_items(pairs, n_few, n_val, seed=seed, n_test=n_test)
            parts = dict(fewshot=s.fewshot, val=s.val, test=s.test)
            check_disjoint(parts, responses=True)
            for a in parts:
                for b in parts:
                    if a < b:
                        assert not {x.prompt for x in parts[a]} & {x.prompt for x in parts[b]}
                        assert not _texts(parts[a]) & _texts(parts[b])
            assert all(len(v) % 9 == 0 for v in parts.values())          # whole prompts: nine pairs each
            for got, want in ((len(s.fewshot), n_few), (len(s.val), n_val)):
                assert want <= got < want + 9 or (want == 0 and got == 0)
    # by item, the same data leaks prompts and responses across parts
    s = split_items(pairs, 16, 8, group=False)
    with pytest.raises(DataError, match="parts 'fewshot' and '(val|test)' share the prompt 'Question"):
        check_disjoint(dict(fewshot=s.fewshot, val=s.val, test=s.test))


def test_rmbench_groups_are_per_file_and_row(tmp_path):
    a = load_rmbench(_rmbench_file(tmp_path / "a.json", 2))
    b = load_rmbench(_rmbench_file(tmp_path / "b.json", 2))
    assert {x.meta["group"] for x in a} == {"rmbench:a.json:0", "rmbench:a.json:1"}
    assert not {group_key(x) for x in a} & {group_key(x) for x in b}
    assert len(set(group_ids(a + b))) == 2                        # the same prompts in two files are still joined


def test_split_by_groups_matches_the_old_split_for_distinct_prompts():
    items = [PairItem(f"q{i}", f"a{i}", f"b{i}") for i in range(30)]
    for seed in (0, 1, 7):
        for sizes in ((5, 0, None), (10, 5, None), (10, 5, 10), (30, 0, None), (20, 10, None)):
            s = split_items(items, sizes[0], sizes[1], seed, sizes[2])
            assert (s.fewshot, s.val, s.test) == _old_split(items, *sizes[:2], seed, sizes[2])
            assert s.grouped and split_items(items, sizes[0], sizes[1], seed, sizes[2], group=False).grouped is False


def test_split_rule_on_random_group_structures():
    rng = random.Random(0)
    for trial in range(200):
        sizes = [rng.randint(1, 6) for _ in range(rng.randint(1, 12))]
        items = [PairItem(f"p{g}", f"c{g}.{j}", f"r{g}.{j}") for g, k in enumerate(sizes) for j in range(k)]
        n_few, n_val = rng.randint(0, len(items)), rng.randint(0, 4)
        n_test = rng.choice([None, 0, rng.randint(1, 10)])
        if n_few + n_val > len(items):
            with pytest.raises(DataError, match="data has only"): split_items(items, n_few, n_val, trial, n_test)
            continue
        asked = sum(1 for v in (n_few, n_val, n_test) if v)
        if asked > len(sizes):
            with pytest.raises(DataError, match="prompt group"): split_items(items, n_few, n_val, trial, n_test)
            continue
        s = split_items(items, n_few, n_val, seed=trial, n_test=n_test)
        check_disjoint(dict(fewshot=s.fewshot, val=s.val, test=s.test))
        for part, want in ((s.fewshot, n_few), (s.val, n_val), (s.test, n_test)):
            if want: assert part                                     # every part asked for gets a group
            if want is not None: assert len(part) < want + max(sizes)  # overshoot: less than one group
            if want == 0: assert not part
        if n_test is None:
            assert sorted(map(id, s.fewshot + s.val + s.test)) == sorted(map(id, items))


def test_split_refuses_what_it_cannot_do():
    one = [PairItem("same prompt", f"c{j}", f"r{j}") for j in range(9)]
    with pytest.raises(DataError, match="9 items in 1 prompt group.*distinct prompts"):
        split_items(one, 6, 3)
    assert split_items(one, 6, 3, group=False).sizes == dict(fewshot=6, val=3, test=0)
    assert split_items(one, 6).sizes == dict(fewshot=9, val=0, test=0)
    with pytest.raises(DataError, match="must be >= 0"):
        split_items(one, -1)


def test_drop_shared_and_check_disjoint_messages():
    items = [PairItem(f"prompt {p}", f"c{p}.{j}", f"r{p}.{j}") for p in range(5) for j in range(3)]
    fs = balanced_sample(items, 4, key=lambda it: it.prompt, seed=0)
    rest = drop_shared([it for it in items if it not in fs], fs)
    check_disjoint(dict(fewshot=fs, eval=rest))
    assert len(rest) == 3 and len(fs) == 4
    with pytest.raises(DataError, match=r"parts 'fewshot' and 'eval' share the prompt 'prompt \d'"):
        check_disjoint(dict(fewshot=fs, eval=[it for it in items if it not in fs]))


def test_cues_of_rmbench_styles(tmp_path):
    pairs = load_rmbench(_rmbench_file(tmp_path / "rm.json", 4))
    for x in pairs:
        ci, ri = x.meta["chosen_idx"], x.meta["rejected_idx"]
        assert cue_direction(x, "markdown") == (ci == 2) - (ri == 2)
        assert cue_direction(x, "length") == (ci > ri) - (ci < ri) or {ci, ri} == {1, 2}
    rep = cue_balance_report(pairs)
    assert rep["markdown"] == dict(more=8, less=8, equal=20, share_more=0.5)
    assert list(rep) == list(CUES)


def test_cue_balanced_draw_removes_the_length_signal():
    rng = random.Random(1)
    pool = []
    for i in range(200):
        long, short = " ".join(["w"] * rng.randint(20, 40)), " ".join(["w"] * rng.randint(5, 15))
        pool.append(PairItem(f"q{i}", long, short) if rng.random() < 0.8 else PairItem(f"q{i}", short, long))
    share = lambda xs: cue_balance_report(xs)["length"]["share_more"]
    assert share(pool) > 0.75
    for seed in range(5):
        for n in (10, 16, 32, 64):
            d = cue_balanced_sample(pool, n, seed=seed)
            assert len(d) == n and share(d) == 0.5 and len({id(x) for x in d}) == n
            assert d == cue_balanced_sample(pool, n, seed=seed)
    assert share(balanced_sample(pool, 64, key=lambda it: 0, seed=0)) > 0.65
    n_less = sum(cue_direction(x, "length") < 0 for x in pool)
    d = cue_balanced_sample(pool, 2 * n_less + 20)                     # the pool runs out of "shorter chosen" pairs
    assert cue_balance_report(d)["length"]["less"] == n_less and cue_balance_report(d)["length"]["more"] == n_less + 20


def test_cue_balanced_draw_with_a_tokenizer_and_a_meta_column():
    class Chars:   # a tokenizer: one token per character
        def encode(self, text, add_special_tokens=False): return list(text)
    assert response_cues("abc def", Chars()) == dict(length=7, markdown=0)
    assert response_cues("abc def") == dict(length=2, markdown=0)
    pool = [PairItem(f"q{i}", "x" * (3 + i % 4), "x" * 4, meta=dict(score=(-1) ** i * (i % 3))) for i in range(40)]
    assert pair_cues(pool[1], Chars(), extra=("score",)) == dict(length=0, markdown=0, score=-1.0)
    d = cue_balanced_sample(pool, 12, seed=2, cues=("length", "score"), tokenizer=Chars())
    rep = cue_balance_report(d, ("length", "score"), Chars())
    assert rep["length"]["more"] == rep["length"]["less"] and rep["score"]["more"] == rep["score"]["less"]
    with pytest.raises(DataError, match="cue 'nope' needs a number"):
        cue_balance_report(pool, ("nope",))


def test_hacked_and_control_balanced_by_subset_name_and_meta():
    pool = ([PairItem(f"h{i}", "short", "a much longer answer", "length/hacked") for i in range(30)]
            + [PairItem(f"c{i}", "a much longer answer", "short", meta=dict(feature="length", direction="control"))
               for i in range(6)])
    d = cue_balanced_sample(pool, 10, seed=0)
    rep = cue_balance_report(d)
    assert rep["hacked"] == dict(more=5, less=5, equal=0, share_more=0.5) and rep["length"]["share_more"] == 0.5
    assert cue_balance_report(cue_balanced_sample(pool, 20))["hacked"] == dict(more=14, less=6, equal=0, share_more=0.7)


def test_cue_balanced_draw_does_not_favour_pairs_without_the_cue():
    rng = random.Random(0)
    pool = []
    for i in range(300):   # half the pairs have equal lengths
        a = " ".join(["w"] * rng.randint(5, 30))
        pool.append(PairItem(f"q{i}", a, " ".join(["w"] * rng.randint(5, 30)) if i % 2 else a.replace("w", "v")))
    for seed in range(5):
        rep = cue_balance_report(cue_balanced_sample(pool, 40, seed=seed))["length"]
        assert rep["more"] == rep["less"] and 10 <= rep["equal"] <= 30


def _rb2_file(path, n_prompts=6):
    "A small RewardBench 2 file: 1 correct vs 3 wrong per Factuality/Math row, and ref/tied row pairs in Ties."
    rows = []
    for p in range(n_prompts):
        rows.append(dict(id=str(p), prompt=f"Question {p}?", chosen=[f"Right {p}."],
                         rejected=[f"Wrong {p} a.", f"Wrong {p} bb.", f"Wrong {p} ccc."], subset=["Factuality", "Math"][p % 2],
                         num_correct=1, num_rejected=3, total_completions=4))
    for p in range(2):
        rows.append(dict(id=f"ref:{p}", prompt=f"Name a colour {p}.", chosen=["Red."], rejected=["Grey.", "Beige."], subset="Ties"))
        rows.append(dict(id=f"tied:{p}", prompt=f"Name a colour {p}.", chosen=["Red.", "Blue."], rejected=["Grey.", "Beige."],
                         subset="Ties", num_correct=2, num_rejected=2))
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_rewardbench2_file_scored_with_tie_credit(tmp_path):
    pairs = load_data_file(_rb2_file(tmp_path / "rb2.jsonl"), "rewardbench2")
    assert len(pairs) == 6 * 3 + 2 * (2 + 3)
    # a hand-made scorer: per response, a fixed score; row p's correct answer ties with (p % 3) wrong answers at the top
    score = {}
    for p in range(6):
        score[f"Right {p}."] = 1.0
        for j, w in enumerate(("a", "bb", "ccc")): score[f"Wrong {p} {w}."] = 1.0 if j < p % 3 else 0.0
    score.update({"Red.": 2.0, "Blue.": 1.5, "Grey.": 0.0, "Beige.": 0.5})
    s = np.array([[score[x.chosen], score[x.rejected]] for x in pairs])
    rows = rewardbench2_rows(pairs, s)
    assert [r["id"] for r in rows] == [str(p) for p in range(6)] + ["ref:0", "tied:0", "ref:1", "tied:1"]
    out = rewardbench2_score(rows)
    credit = {0: 1.0, 1: 1 / 2, 2: 1 / 3}                 # 1 / (number tied at the top)
    assert out["credit"][:6] == pytest.approx([credit[p % 3] for p in range(6)])
    assert out["subsets"]["Factuality"] == pytest.approx(np.mean([credit[p % 3] for p in (0, 2, 4)]))
    assert out["subsets"]["Math"] == pytest.approx(np.mean([credit[p % 3] for p in (1, 3, 5)]))
    # Ties: every row accurate (worst correct 1.5 > best wrong 0.5); spread 0.5 < gaps 1.5 (ref) and 1.0 (tied)
    t = out["ties"]
    assert (t["ref_accuracy"], t["tied_accuracy"], t["correctness_preferred"], t["correctness_preferred_hard"]) == (1, 1, 1, 1)
    assert t["margin"] == pytest.approx(np.tanh(min(1.5, 1.0) / 0.5 - 1))
    assert out["subsets"]["Ties"] == pytest.approx(1.0 + 0.01 * np.tanh(1.0))
    assert out["leaderboard"] == pytest.approx(np.mean(list(out["subsets"].values())))
    assert out["n_rows"] == {"Factuality": 3, "Math": 3, "Ties": 4}


def test_rewardbench2_rows_stay_whole_in_splits(tmp_path):
    pairs = load_rewardbench2(_rb2_file(tmp_path / "rb2.jsonl"))
    for seed in range(5):
        sp = split_items(pairs, 9, 0, seed=seed)
        check_disjoint(dict(fewshot=sp.fewshot, test=sp.test))
        for part in (sp.fewshot, sp.test):   # every row a part holds has all its pairs there, so it can be scored
            s = np.array([[1.0, 0.0]] * len(part))
            rewardbench2_rows(part, s)
