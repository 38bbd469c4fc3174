#!/usr/bin/env python
"""REINFORCE learning rate and steps on the bundled demo: validation accuracy of the selection at checkpoints.

The demo's few-shot draw of `make demo` (32 pairs, seed 0), split as `fit_reward_vector` splits it (half for
validation), head means from 16 four-shot prompts; then REINFORCE with each learning rate for `--steps` steps, and at
every checkpoint the final selection rule of `reinforce_select` (best of 10 masks sampled from the probabilities, judged
on every validation item, the same sampling seed at every checkpoint). Also the mean absolute change of the head
probabilities over 10 steps, the quantity `reinforce_select(stop_tol=...)` watches. Writes benchmarks/REINFORCE_LR.md.

    python benchmarks/reinforce_lr.py                 # lr 0.1 and 0.3, 100 steps
    python benchmarks/reinforce_lr.py --lrs 0.1,0.3,1 --steps 60
"""
from __future__ import annotations
import argparse, datetime, sys, time
from pathlib import Path

from common import ROOT  # benchmarks/common.py: what the scripts share


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lrs", default="0.1,0.3", help="comma-separated learning rates")
    ap.add_argument("--steps", type=int, default=100, help="REINFORCE steps per learning rate")
    ap.add_argument("--every", type=int, default=10, help="checkpoint every N steps")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "REINFORCE_LR.md"))
    a = ap.parse_args(argv)
    import torch
    from actrm_lab.models import load_model, auto_threads
    from actrm_lab.engine import PrefixCache
    from actrm_lab.data import split_items, to_scalar
    from actrm_lab.suites import load_demo
    from actrm_lab.bench import draw_fewshot
    from actrm_lab.templates import AnswerTokens, scalar_prompts
    from actrm_lab.activations import mean_head_activations
    from actrm_lab.selection import reinforce_select, best_of_samples
    threads, why = auto_threads()
    t_all = time.perf_counter()
    model = load_model()
    crit, pool, _ = load_demo()
    few = draw_fewshot(pool, 32, seed=0)
    sp = split_items(few, 16, 16, seed=0)
    t = time.perf_counter()
    means = mean_head_activations(model, crit, sp.fewshot, k=4, n=16, seed=0, progress=False)
    t_extract = time.perf_counter() - t
    val = to_scalar(sp.val)
    pc = PrefixCache(model, scalar_prompts(model.tokenizer, crit, val))
    ans = AnswerTokens.scalar(model.tokenizer)
    rows, lrs = [], [float(x) for x in a.lrs.split(",")]
    for lr in lrs:
        snaps = {}
        t = time.perf_counter()
        sel = reinforce_select(model, crit, means, val, steps=a.steps, lr=lr, seed=0, progress=False, prefix_cache=pc,
                               on_step=lambda step, p: snaps.__setitem__(step + 1, p.clone()))
        t_rl = time.perf_counter() - t
        for s in range(a.every, a.steps + 1, a.every):
            heads, acc = best_of_samples(model, pc, snaps[s], means, ans, val, 10, torch.Generator().manual_seed(123))
            change = sel.history[s - 1]["change"]
            rows.append((lr, s, acc, len(heads), change, t_rl / a.steps * s))
        print(f"lr {lr}: {a.steps} steps in {t_rl:.0f}s; final selection {sel.val_accuracy:.3f}", flush=True)
    L = ["# REINFORCE learning rate and steps on the demo", "",
         f"Written by `benchmarks/reinforce_lr.py` ({' '.join(sys.argv[1:]) or 'defaults'}) on "
         f"{datetime.datetime.now().astimezone().isoformat(timespec='seconds')}; torch threads {threads} ({why}); "
         f"wall {time.perf_counter() - t_all:.0f} s.", "",
         f"Data: the demo's few-shot pool, 32 pairs drawn as `make demo` draws them (seed 0), {len(sp.fewshot)} pairs for "
         f"the head means ({t_extract:.0f} s: 16 prompts x 4 shots) and {len(sp.val)} pairs ({len(val)} judged responses) "
         "for validation. Validation accuracy: the best of 10 masks sampled from the probabilities at that step (sampling "
         "seed 123 at every checkpoint), judged on all validation responses, as `reinforce_select` ends. `change`: mean "
         "|p_t - p_(t-10)| over heads (what `stop_tol` compares). Seconds: REINFORCE time up to that step.", "",
         "| lr | step | validation accuracy | heads | change | seconds |", "|---|---|---|---|---|---|"]
    L += [f"| {lr} | {s} | {acc:.3f} | {n} | {c:.4f} | {sec:.0f} |" for lr, s, acc, n, c, sec in rows]
    L += [""]
    for lr in lrs:
        best = max((r for r in rows if r[0] == lr), key=lambda r: r[2])
        L.append(f"- lr {lr}: highest validation accuracy {best[2]:.3f} first at step {min(r[1] for r in rows if r[0] == lr and r[2] == best[2])}; "
                 f"at step {a.steps}: {[r for r in rows if r[0] == lr][-1][2]:.3f}.")
    L += ["", "One run per learning rate on one draw: differences of one or two validation responses (0.03-0.06) are within "
          "the noise of a single run.", ""]
    Path(a.out).write_text("\n".join(L))
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
