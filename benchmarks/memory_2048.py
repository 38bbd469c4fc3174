#!/usr/bin/env python
"""Peak resident memory of the engine's heavy operations at long judge prompts (default 2,048 tokens) on the embedded model.

Builds judge prompts from real responses (benchmarks/speed.py's `long_pairs`), then reads every head's output, scores
with patched heads, runs an in-context judge prompt with two demonstrations (about three times the length), and one
REINFORCE step through a PrefixCache, printing the process's VmHWM after each as JSON.

    python benchmarks/memory_2048.py [LENGTH]
"""
import sys, time, json, torch, os
from pathlib import Path
from common import real_texts, long_pairs, CRIT_LONG  # benchmarks/common.py
from actrm_lab.models import load_model, HeadSet
from actrm_lab.engine import PrefixCache, last_token_head_outputs
from actrm_lab.templates import AnswerTokens, scalar_prompts
from actrm_lab.scoring import judge_logodds
from actrm_lab.selection import sample_logodds
from actrm_lab.data import to_scalar
def hwm(): return int([l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]) / 2**20
m = load_model(); items, src = real_texts(); ans = AnswerTokens.scalar(m.tokenizer)
out = dict(after_load_gb=hwm())
T = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
pairs = long_pairs(m, CRIT_LONG, items, 2, T, offset=70)
ps = scalar_prompts(m.tokenizer, CRIT_LONG, pairs)
t = time.time(); means = last_token_head_outputs(m, ps).mean(0); out["head_outputs_s"] = time.time() - t; out["after_head_outputs_gb"] = hwm()
heads = HeadSet.random(30, 9, 73, seed=0)
t = time.time(); judge_logodds(m, ps, ans, heads, means, batch_size=8); out["scoring_s"] = time.time() - t; out["after_scoring_gb"] = hwm()
demos = to_scalar(long_pairs(m, CRIT_LONG, items, 1, T, offset=0))        # 2 demonstrations: an in-context prompt of ~3x T tokens
icl = scalar_prompts(m.tokenizer, CRIT_LONG, pairs[:1], demos)
out["icl_tokens"] = len(m.tokenizer(icl[0], add_special_tokens=False)["input_ids"])
t = time.time(); judge_logodds(m, icl, ans, batch_size=8); out["icl_s"] = time.time() - t; out["after_icl_gb"] = hwm()
t = time.time(); pc = PrefixCache(m, ps); masks = torch.bernoulli(torch.full((32, 30, 9), 0.27), generator=torch.Generator().manual_seed(0))
sample_logodds(m, pc, masks, means, ans); out["reinforce_step_s"] = time.time() - t; out["after_prefix_cache_gb"] = hwm()
out["prefix_cache_mb_per_prompt"] = pc.nbytes() / len(ps) / 2**20
out["prompt_tokens"] = [len(m.tokenizer(p, add_special_tokens=False)["input_ids"]) for p in ps]
print(json.dumps(out))
