#!/usr/bin/env python
"""What each change to the default fit buys on the demo, measured side by side in one run.

The fit `make demo` runs: 32 few-shot pairs drawn from the demo pool (seed 0), half for the head means (16 four-shot
prompts), half (32 judged responses) for REINFORCE's validation. Measures, on the same prefix cache:

- one REINFORCE step (12 validation prompts x 32 mask samples) run as one 384-row last-token run (the default,
  `PrefixCache(rows=512)`) against three runs of four prompts (the grouping before, `rows=128`), in rotating order;
- the whole default fit (`fit_reward_vector` as `make demo` calls it): its phases, validation accuracy and heads;
- the stop rule `reinforce_select(stop_tol=...)`: the mean absolute change of the head probabilities over 10 steps at
  every 10th step of a 50-step run, and the step at which tolerances of 0.10, 0.07 and 0.05 would have stopped it.

Writes benchmarks/FIT_SPEED.md (figures as `name: value` lines).

    python benchmarks/fit_speed.py
"""
from __future__ import annotations
import argparse, datetime, os, statistics, sys, time
from pathlib import Path

from common import ROOT, fmt  # benchmarks/common.py: what the scripts share


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=5, help="rounds of the side-by-side step timing")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "FIT_SPEED.md"))
    a = ap.parse_args(argv)
    import torch
    from actrm_lab.models import load_model, auto_threads
    from actrm_lab.engine import PrefixCache
    from actrm_lab.data import split_items, to_scalar
    from actrm_lab.suites import load_demo
    from actrm_lab.bench import draw_fewshot
    from actrm_lab.templates import AnswerTokens, scalar_prompts
    from actrm_lab.selection import sample_logodds, reinforce_select
    from actrm_lab.vectors import fit_reward_vector
    threads, why = auto_threads()
    load0, t_all = os.getloadavg(), time.perf_counter()
    model = load_model()
    crit, pool, _ = load_demo()
    few = draw_fewshot(pool, 32, seed=0)
    F = {}

    t = time.perf_counter()
    vec = fit_reward_vector(model, crit, few, progress=False)
    F["demo_fit_seconds"] = time.perf_counter() - t
    for k, v in vec.meta["timings"].items(): F[f"demo_fit_{k.removesuffix('_s')}_seconds"] = v
    F["demo_fit_val_accuracy"] = vec.meta["val_accuracy"]
    F["demo_fit_n_heads"] = len(vec.heads)

    sp = split_items(few, 16, 16, seed=0)     # the split fit_reward_vector made (val_fraction 0.5, seed 0)
    means = vec.means                          # the fit's head means, extracted from sp.fewshot
    val = to_scalar(sp.val)
    pc = PrefixCache(model, scalar_prompts(model.tokenizer, crit, val))
    ans = AnswerTokens.scalar(model.tokenizer)
    L, H = model.cfg.n_layers, model.cfg.n_heads
    masks = torch.bernoulli(torch.full((32, L, H), 0.27), generator=torch.Generator().manual_seed(0))
    rows = list(range(12))
    out, times = {}, {512: [], 128: []}
    for r in range(a.repeats + 1):                      # round 0 warms up
        for size in ([512, 128] if r % 2 == 0 else [128, 512]):
            pc.rows = size
            t = time.perf_counter(); out[size] = sample_logodds(model, pc, masks, means, ans, prompts=rows)
            if r: times[size].append(time.perf_counter() - t)
    pc.rows = 512
    F["reinforce_step_seconds_one_run"] = statistics.median(times[512])
    F["reinforce_step_seconds_4_prompt_runs"] = statistics.median(times[128])
    F["reinforce_step_speedup"] = F["reinforce_step_seconds_4_prompt_runs"] / F["reinforce_step_seconds_one_run"]
    F["reinforce_step_max_abs_logodds_diff"] = float((out[512] - out[128]).abs().max())

    t = time.perf_counter()
    sel = reinforce_select(model, crit, means, val, steps=50, seed=0, progress=False, prefix_cache=pc)
    F["reinforce_50_steps_seconds"] = time.perf_counter() - t
    change = [h["change"] for h in sel.history]
    for s in (20, 30, 40, 50): F[f"stop_rule_change_at_step_{s}"] = change[s - 1]
    for tol in (0.10, 0.07, 0.05):
        hit = next((i + 1 for i, c in enumerate(change) if i + 1 >= 20 and c < tol), None)
        F[f"stop_rule_step_at_tol_{tol:.2f}"] = hit if hit is not None else "none within 50"

    lines = ["# What the default fit's changes buy on the demo", "",
             f"Written by `python benchmarks/fit_speed.py{' ' + ' '.join(sys.argv[1:]) if argv is None and sys.argv[1:] else ''}` "
             f"on {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}; torch threads {threads} ({why}); "
             f"load average {load0[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end; wall "
             f"{time.perf_counter() - t_all:.0f} s.", "",
             "Data: `make demo`'s fit, 32 pairs drawn from the demo pool (seed 0); 16 pairs for the head means (16 four-shot "
             "prompts), 16 pairs (32 judged responses) for validation. The step timing is the median of "
             f"{a.repeats} rounds, the two groupings back to back in alternating order on the same prefix cache.", ""]
    lines += [f"{k}: {fmt(v)}" for k, v in F.items()]
    lines += ["", "- `demo_fit_*`: `fit_reward_vector(model, criterion, fewshot)` with its defaults (50 REINFORCE steps, lr 0.3, "
              "32 samples, 12 validation prompts per step), as `make demo` runs it.",
              "- `reinforce_step_seconds_one_run`: a step's 12 prompts x 32 samples in one 384-row last-token run (the default, "
              "`PrefixCache(rows=512)`); `_4_prompt_runs`: in three runs of four prompts (`rows=128`, the grouping before). The "
              "grouping changes only float rounding (`reinforce_step_max_abs_logodds_diff`).",
              "- `stop_rule_*`: `reinforce_select(stop_tol=tol)` stops once the mean absolute change of the head probabilities "
              "over the last 10 steps is below `tol` (never before step 20). `stop_rule_step_at_tol_*` is where that would "
              "have happened in this 50-step run; the rule is off by default.", ""]
    Path(a.out).write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
