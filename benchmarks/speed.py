#!/usr/bin/env python
"""Speed benchmarks for actrm_lab, side by side in one run on the embedded model and on the tiny model.

Measures Activation RM scoring against a plain forward pass, the in-context judge against the Activation RM per
scored item, one REINFORCE step with prefix key/value reuse against full forward passes, the end-to-end fit of a
reward vector on the bundled demo data (time and peak memory, in a child process) and the cached model load; then
the same at real prompt lengths (about 128, 512 and 2,048 judge-prompt tokens built from real response text): scoring,
a REINFORCE step, a fit and a benchmark cell, with peak memory. Writes benchmarks/RESULTS.md (every figure on its own
line, `name: value`) and benchmarks/speed_by_length.png.

    make bench-speed                          # = .venv/bin/python benchmarks/speed.py
    python benchmarks/speed.py --quick        # a small run (a few minutes)
    python benchmarks/speed.py --vs-git 034df1a   # also time the code of a git revision (before/after)
    python benchmarks/speed.py --gpu-7b-shape     # on a CUDA machine: a random 8B-shaped Llama in bfloat16
    python benchmarks/speed.py --lengths 128,512  # which prompt lengths to sweep ("" skips the sweep)

Timings: warm-up first, then `repeats` rounds in which the compared variants run back to back in rotating order;
each figure is the median over rounds (time.perf_counter, CUDA synchronised on GPUs). Ratios taken side by side are
more robust than absolute times on a shared machine; the load average is recorded at the start and at the end.
"""
from __future__ import annotations
import argparse, datetime, json, math, os, platform, shlex, statistics, subprocess, sys, tempfile, time
from pathlib import Path

from common import ROOT, fmt, real_texts, long_pairs, CRIT_LONG  # benchmarks/common.py: what the scripts share

FULL = dict(score_n=32, score_bs=(1, 2, 4, 8, 16, 32), repeats=2, icl_n=4, icl_n_shared=32, icl_k=(4, 16),
            rl_prompts=12, rl_samples=32, rl_full_prompts=1, rl_tokens=200, load_runs=2, fit_steps=None)
QUICK = dict(score_n=8, score_bs=(1, 8), repeats=1, icl_n=2, icl_n_shared=8, icl_k=(4, 16), rl_prompts=4,
             rl_samples=8, rl_full_prompts=1, rl_tokens=200, load_runs=1, fit_steps=10)
TARGETS = dict(scoring_vs_forward_ratio=("<=", 1.10), reinforce_cached_speedup=(">=", 10.0),
               fit_seconds=("<", 300.0), peak_rss_gb=("<", 2.5),
               peak_rss_gb_bench_512=("<", 2.5), peak_rss_gb_bench_2048=("<", 4.0))
# the length sweep: scored prompts, REINFORCE prompts, benchmark-cell evaluation pairs per length (fewer where long)
# n_prompts/steps: extraction prompts and REINFORCE steps of the fits in the child processes (None: the default), fewer
# where prompts are long (at 2,048 tokens a k-shot extraction prompt holds ~6,000 tokens); the benchmark cell runs
# CELL_METHODS on n_eval pairs with 16 shots (icl@4 becomes icl@k where four demonstrations do not fit the context).
LENGTH_SIZES = {128: dict(score_n=16, rl_prompts=8, n_eval=16, n_prompts=16, steps=None),
                512: dict(score_n=16, rl_prompts=8, n_eval=16, n_prompts=8, steps=20),
                2048: dict(score_n=4, rl_prompts=4, n_eval=6, n_prompts=4, steps=10)}
QUICK_LENGTH_SIZES = dict(score_n=4, rl_prompts=2, n_eval=4, n_prompts=4, steps=5)
CELL_METHODS = ["length-longer", "zero-shot", "icl@4", "sav@20", "probe", "arm-steer", "arm-linear"]


# ----------------------------------------------------------------------------------------------- helpers
def _sync(device):
    import torch
    if str(device).startswith("cuda"): torch.cuda.synchronize()

def rounds(fns: dict, repeats: int, device="cpu") -> dict:
    "Median seconds of each variant over `repeats` rounds, variants run back to back in rotating order."
    names, times = list(fns), {k: [] for k in fns}
    for r in range(repeats):
        for k in names[r % len(names):] + names[:r % len(names)]:
            _sync(device); t = time.perf_counter(); fns[k](); _sync(device)
            times[k].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in times.items()}


def machine() -> dict:
    "CPU model, cores, threads, RAM, library versions, date."
    import torch, transformers
    try:
        from importlib.metadata import version
        tl = version("transformer-lens")
    except Exception: tl = "?"
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"): cpu = line.split(":", 1)[1].strip(); break
    except OSError: cpu = platform.processor() or "?"
    try: ram = int([l for l in open("/proc/meminfo") if l.startswith("MemTotal")][0].split()[1]) / 2**20
    except Exception: ram = float("nan")
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return dict(cpu=cpu, cores=os.cpu_count(), usable_cores=usable, torch_threads=torch.get_num_threads(),
                ram_gb=round(ram, 1), torch=torch.__version__, transformers=transformers.__version__,
                transformer_lens=tl, python=platform.python_version(),
                date=datetime.datetime.now().astimezone().isoformat(timespec="seconds"))

def load_data():
    "(criterion, few-shot pairs, eval pairs, description) from the bundled demo data, with fallbacks."
    try:
        from actrm_lab.suites import load_demo
        crit, few, ev = load_demo()
        return crit, list(few), list(ev), f"actrm_lab.suites.load_demo() ({len(few)} few-shot pairs, {len(ev)} eval pairs)"
    except Exception as e:
        why = f"load_demo() unavailable ({type(e).__name__}: {e})"
    p = ROOT / "actrm_lab" / "data" / "demo_format.jsonl"
    if p.exists():
        from actrm_lab.data import load_preferences
        items = load_preferences(p)
        crit = "The response is written in plain prose, without markdown formatting."
        return crit, items[:64], items[64:], f"{p.relative_to(ROOT)} ({why}; first 64 pairs as few-shot)"
    from actrm_lab.data import PairItem
    items = [PairItem(f"What is {i} plus {i}?", f"{2 * i}.", f"It is {2 * i + 1}, I am sure.") for i in range(400)]
    return "The response is correct.", items[:64], items[64:], f"synthetic arithmetic pairs ({why}; no bundled file)"


# ----------------------------------------------------------------------------------------------- benchmarks
def long_prompts(model, crit, items, n, target):
    "n zero-shot judge prompts of about `target` tokens: demo responses joined, then cut to length."
    from actrm_lab.templates import render_scalar
    tok, out = model.tokenizer, []
    for i in range(n):
        it = items[i % len(items)]
        resp, j = it.chosen, i + 1
        while True:
            p = render_scalar(tok, crit, it.prompt, resp)
            L = len(tok(p, add_special_tokens=False)["input_ids"])
            if L >= target: break
            resp += " " + items[j % len(items)].chosen; j += 1
        rt = tok(resp, add_special_tokens=False)["input_ids"]
        resp = tok.decode(rt[:max(1, len(rt) - (L - target))])
        out.append(render_scalar(tok, crit, it.prompt, resp))
    return out

def ntok(model, prompts):
    return [len(model.tokenizer(p, add_special_tokens=False)["input_ids"]) for p in prompts]

def bench_model(model, crit, few, ev, S, device="cpu", log=print, old=None) -> tuple[dict, dict]:
    "All in-process figures for one model: (figures, notes)."
    import torch
    from actrm_lab.models import HeadSet
    from actrm_lab.engine import encode, batches, length_sorted, last_token_head_outputs, PrefixCache
    from actrm_lab.templates import AnswerTokens, render_scalar
    from actrm_lab.scoring import judge_logodds
    from actrm_lab.selection import full_forward_logodds, sample_logodds
    F, N = {}, {}
    tok = model.tokenizer
    L, H = model.cfg.n_layers, model.cfg.n_heads
    ans = AnswerTokens.scalar(tok)
    R = S["repeats"]

    # --- scoring: Activation RM vs a plain forward on the same prompts, batch sizes 1-32, left-padded
    prompts = [render_scalar(tok, crit, it.prompt, it.chosen if i % 2 == 0 else it.rejected)
               for i, it in enumerate((ev * 4)[:S["score_n"]])]
    heads = HeadSet.random(L, H, max(1, round(0.27 * L * H)), seed=0)   # REINFORCE's starting density sigmoid(-1)
    means = last_token_head_outputs(model, prompts[:8]).mean(0)
    lens = ntok(model, prompts)
    N["scoring"] = (f"{len(prompts)} zero-shot judge prompts from the eval pairs, {min(lens)}-{max(lens)} tokens "
                    f"(median {statistics.median(lens):.0f}); {len(heads)} of {L * H} heads patched")
    order = length_sorted(prompts, tok)
    def plain(bs, ps=prompts, order=order):
        with torch.no_grad():
            for rows in batches(len(ps), bs):
                ids, am = encode(model, [ps[order[i]] for i in rows])
                model(ids, attention_mask=am)
    def arm(bs, ps=prompts, share=True): judge_logodds(model, ps, ans, heads, means, batch_size=bs, share_prefix=share)
    def zero(bs, ps=prompts): judge_logodds(model, ps, ans, batch_size=bs)
    few4 = prompts[:4]
    plain(4, few4, length_sorted(few4, tok)); arm(4, few4); zero(4, few4)   # warm-up
    tot_plain = tot_arm = 0.0
    for bs in S["score_bs"]:
        t = rounds({"plain": lambda: plain(bs), "arm": lambda: arm(bs)}, R, device)
        tot_plain += t["plain"]; tot_arm += t["arm"]
        F[f"scoring_vs_forward_ratio_bs{bs}"] = t["arm"] / t["plain"]
        F[f"scoring_items_per_second_bs{bs}"] = len(prompts) / t["arm"]
        F[f"plain_forward_items_per_second_bs{bs}"] = len(prompts) / t["plain"]
        log(f"  scoring bs {bs}: plain {t['plain']:.2f}s, ARM {t['arm']:.2f}s")
    F["scoring_vs_forward_ratio"] = tot_arm / tot_plain
    bs = 8 if 8 in S["score_bs"] else S["score_bs"][-1]
    t = rounds({"plain": lambda: plain(bs), "arm_noshare": lambda: arm(bs, share=False), "zero": lambda: zero(bs),
                "arm": lambda: arm(bs)}, R, device)
    F[f"scoring_vs_forward_ratio_no_prefix_share_bs{bs}"] = t["arm_noshare"] / t["plain"]
    F[f"scoring_patch_overhead_ratio_bs{bs}"] = t["arm"] / t["zero"]
    log(f"  scoring bs {bs}: no prefix share {t['arm_noshare']:.2f}s, zero-shot judge {t['zero']:.2f}s")

    # --- in-context judge with k demonstrations vs the Activation RM, per scored item
    items, items_sh = ev[:S["icl_n"]], ev[:S["icl_n_shared"]]
    zp = [render_scalar(tok, crit, it.prompt, it.chosen) for it in items]
    zp_sh = [render_scalar(tok, crit, it.prompt, it.chosen) for it in items_sh]
    for k in S["icl_k"]:
        try:
            from actrm_lab.baselines import balanced_demos
            demos = balanced_demos(few, k, seed=0)
        except ImportError:
            from actrm_lab.data import to_scalar
            sc = to_scalar(few); demos = [x for x in sc if x.label][:k - k // 2] + [x for x in sc if not x.label][:k // 2]
        ip = [render_scalar(tok, crit, it.prompt, it.chosen, demos) for it in items]
        ip_sh = [render_scalar(tok, crit, it.prompt, it.chosen, demos) for it in items_sh]
        n, n_sh, bs = len(ip), len(ip_sh), 8
        judge_logodds(model, ip[:1], ans)   # warm-up
        t = rounds({"icl": lambda: judge_logodds(model, ip, ans, batch_size=bs, share_prefix=False),
                    "arm": lambda: judge_logodds(model, zp, ans, heads, means, batch_size=bs, share_prefix=False)}, R, device)
        t2 = rounds({"icl": lambda: judge_logodds(model, ip_sh, ans, batch_size=bs),
                     "arm": lambda: judge_logodds(model, zp_sh, ans, heads, means, batch_size=bs)}, R, device)
        F[f"icl_vs_actrm_ratio_k{k}"] = t["icl"] / t["arm"]
        F[f"icl_vs_actrm_ratio_k{k}_shared_prefix"] = t2["icl"] / t2["arm"]
        F[f"icl_seconds_per_item_k{k}"] = t["icl"] / n
        F[f"icl_prompt_tokens_k{k}"] = statistics.median(ntok(model, ip))
        log(f"  ICL k={k}: {t['icl'] / n:.3f}s/item full, {t2['icl'] / n_sh:.3f}s/item shared prefix; "
            f"ARM {t['arm'] / n:.3f}s/item, {t2['arm'] / n_sh:.3f}s/item shared prefix")
    F["actrm_seconds_per_item"] = t["arm"] / n
    N["icl"] = (f"in-context judge: {S['icl_n']} eval items with every prompt run in full, {S['icl_n_shared']} items in one "
                f"call for the shared-prefix lines (the prefix, demonstrations included, runs once per call); batch size 8; "
                f"demonstrations from the few-shot pairs, balanced Yes/No, seed 0")
    F["actrm_prompt_tokens"] = statistics.median(ntok(model, zp))

    # --- REINFORCE: one step (every validation prompt of the minibatch x every mask sample), cached vs full
    rp = long_prompts(model, crit, ev, S["rl_prompts"], S["rl_tokens"])
    rl = ntok(model, rp)
    g = torch.Generator().manual_seed(0)
    masks = torch.bernoulli(torch.full((S["rl_samples"], L, H), 1 / (1 + math.e)), generator=g)   # sigmoid(-1)
    t0 = time.perf_counter(); pc = PrefixCache(model, rp); _sync(device)
    F["reinforce_prefix_build_seconds"] = time.perf_counter() - t0
    sample_logodds(model, pc, masks[:2], means, ans, prompts=[0])   # warm-up
    sub = list(range(S["rl_full_prompts"]))
    t = rounds({"step": lambda: sample_logodds(model, pc, masks, means, ans),
                "sub": lambda: sample_logodds(model, pc, masks, means, ans, prompts=sub)}, R, device)
    F["reinforce_step_seconds"] = t["step"]
    F["reinforce_step_rows"] = len(rp) * S["rl_samples"]
    _sync(device); t0 = time.perf_counter()
    ref = full_forward_logodds(model, [rp[i] for i in sub], masks, means, ans); _sync(device)
    t_full = time.perf_counter() - t0
    got = sample_logodds(model, pc, masks, means, ans, prompts=sub)
    F["reinforce_cached_speedup"] = t_full / t["sub"]
    F["reinforce_cached_speedup_full_step_estimate"] = t_full * len(rp) / len(sub) / t["step"]
    F["reinforce_cached_vs_full_max_abs_diff"] = float((got - ref).abs().max())
    N["reinforce"] = (f"{len(rp)} judge prompts of {min(rl)}-{max(rl)} tokens (median {statistics.median(rl):.0f}), "
                      f"{S['rl_samples']} mask samples (Bernoulli p = sigmoid(-1), seed 0); the speedup compares the "
                      f"same {len(sub)} prompt(s) x {S['rl_samples']} masks both ways (full: one forward of the whole "
                      f"prompt per mask sample, batched per prompt, answer logits only)")
    log(f"  REINFORCE: step {t['step']:.2f}s for {F['reinforce_step_rows']} rows; same {len(sub)}x{S['rl_samples']} "
        f"rows cached {t['sub']:.2f}s vs full {t_full:.2f}s")

    if old is not None:  # the same measurements with the code of another git revision
        o = old
        t_oldpc = time.perf_counter(); opc = o["PrefixCache"](model, rp); t_oldpc = time.perf_counter() - t_oldpc
        t2 = rounds({"new": lambda: sample_logodds(model, pc, masks, means, ans),
                     "old": lambda: opc.logodds(model, masks, means, ans)}, R, device)
        F["before_reinforce_step_seconds"] = t2["old"]; F["after_reinforce_step_seconds"] = t2["new"]
        F["before_reinforce_prefix_build_seconds"] = t_oldpc
        t3 = rounds({"new": lambda: arm(8), "old": lambda: o["judge_logodds"](model, prompts, ans, heads.mask(L, H), means, batch_size=8)}, R, device)
        F["before_scoring_seconds_bs8"] = t3["old"]; F["after_scoring_seconds_bs8"] = t3["new"]
        t4 = rounds({"new": lambda: last_token_head_outputs(model, prompts, batch_size=8),
                     "old": lambda: o["last_token_head_outputs"](model, prompts, batch_size=8)}, R, device)
        F["before_head_outputs_seconds_bs8"] = t4["old"]; F["after_head_outputs_seconds_bs8"] = t4["new"]
        log(f"  before/after: step {t2['old']:.2f}s -> {t2['new']:.2f}s, scoring {t3['old']:.2f}s -> {t3['new']:.2f}s, "
            f"head outputs {t4['old']:.2f}s -> {t4['new']:.2f}s")
    return F, N


def old_code(rev: str) -> dict:
    "Functions of actrm_lab at git revision `rev`, importable beside the working tree (package renamed actrm_old)."
    import importlib, io, tarfile
    tmp = Path(tempfile.mkdtemp(prefix="actrm_old_"))
    data = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "actrm_lab"], check=True, capture_output=True).stdout
    tarfile.open(fileobj=io.BytesIO(data)).extractall(tmp)
    (tmp / "actrm_lab").rename(tmp / "actrm_old")
    sys.path.insert(0, str(tmp))
    sel, sco, mod = (importlib.import_module(f"actrm_old.{m}") for m in ("selection", "scoring", "models"))
    return dict(PrefixCache=sel.PrefixCache, judge_logodds=sco.judge_logodds,
                last_token_head_outputs=mod.last_token_head_outputs, rev=rev)


# ----------------------------------------------------------------------------------------------- prompt lengths
def k_for_length(model, target: int, k: int = 4) -> int:
    "Demonstrations per extraction / in-context prompt that fit the context at this judge-prompt length."
    return max(1, min(k, int(model.cfg.n_ctx) // max(1, target + 16) - 1))

def bench_lengths(model, crit, lengths, quick, R, log) -> tuple[dict, dict]:
    "Scoring, a REINFORCE step, a fit and a benchmark cell at each judge-prompt length; figures suffixed `_{length}`."
    import torch
    from actrm_lab.models import HeadSet
    from actrm_lab.engine import encode, batches, length_sorted, last_token_head_outputs, PrefixCache
    from actrm_lab.data import write_jsonl, item_to_record
    from actrm_lab.templates import AnswerTokens, scalar_prompts
    from actrm_lab.scoring import judge_logodds
    from actrm_lab.selection import full_forward_logodds, sample_logodds
    items, src = real_texts()
    F, N, rows = {}, {"lengths": f"judge prompts built from {src}, cut to the target length in tokens"}, []
    L, H = model.cfg.n_layers, model.cfg.n_heads
    ans = AnswerTokens.scalar(model.tokenizer)
    heads = HeadSet.random(L, H, max(1, round(0.27 * L * H)), seed=0)
    for T in lengths:
        sz = QUICK_LENGTH_SIZES if quick else LENGTH_SIZES.get(T, LENGTH_SIZES[512])
        pairs = long_pairs(model, crit, items, max(1, sz["score_n"] // 2), T, offset=70)
        prompts = scalar_prompts(model.tokenizer, crit, pairs)
        lens = ntok(model, prompts)
        means = last_token_head_outputs(model, prompts[:2]).mean(0)
        order = length_sorted(prompts, model.tokenizer)
        def plain(bs=8):
            with torch.no_grad():
                for rows_ in batches(len(prompts), bs):
                    ids, am = encode(model, [prompts[order[i]] for i in rows_]); model(ids, attention_mask=am)
        arm = lambda: judge_logodds(model, prompts, ans, heads, means, batch_size=8)
        t = rounds({"plain": plain, "arm": arm}, R)
        F[f"scoring_items_per_second_{T}"] = len(prompts) / t["arm"]
        F[f"scoring_vs_forward_ratio_{T}"] = t["arm"] / t["plain"]
        rp = prompts[:sz["rl_prompts"]]
        g = torch.Generator().manual_seed(0)
        masks = torch.bernoulli(torch.full((32, L, H), 1 / (1 + math.e)), generator=g)
        t0 = time.perf_counter(); pc = PrefixCache(model, rp); F[f"reinforce_prefix_build_seconds_{T}"] = time.perf_counter() - t0
        F[f"prefix_cache_mb_per_prompt_{T}"] = pc.nbytes() / len(rp) / 2**20
        t = rounds({"step": lambda: sample_logodds(model, pc, masks, means, ans)}, R)
        t0 = time.perf_counter(); ref = full_forward_logodds(model, rp[:1], masks, means, ans); t_full = time.perf_counter() - t0
        t1 = time.perf_counter(); got = sample_logodds(model, pc, masks, means, ans, prompts=[0]); t_one = time.perf_counter() - t1
        F[f"reinforce_step_seconds_{T}"] = t["step"]
        F[f"reinforce_cached_speedup_{T}"] = t_full / t_one
        F[f"reinforce_cached_vs_full_max_abs_diff_{T}"] = float((got - ref).abs().max())
        log(f"  length {T}: scoring {F[f'scoring_items_per_second_{T}']:.2f} items/s (x{F[f'scoring_vs_forward_ratio_{T}']:.2f} "
            f"a plain forward), REINFORCE step {t['step']:.2f}s ({len(rp)} prompts x 32), cached speedup "
            f"{F[f'reinforce_cached_speedup_{T}']:.1f}x")
        del pc
        k = k_for_length(model, T)
        with tempfile.TemporaryDirectory() as tmp:
            few = long_pairs(model, crit, items, 16, T, offset=0)             # prompts 0-15
            ev = long_pairs(model, crit, items, sz["n_eval"], T, offset=40)   # other prompts: no prompt in both parts
            write_jsonl(Path(tmp) / "few.jsonl", [item_to_record(x) for x in few])
            write_jsonl(Path(tmp) / "eval.jsonl", [item_to_record(x) for x in ev])
            args = ["--length-child", tmp, "--length", str(T), "--k-shots", str(k), "--threads", str(torch.get_num_threads()),
                    "--n-prompts", str(sz["n_prompts"])] + ([] if sz["steps"] is None else ["--fit-steps", str(sz["steps"])])
            fit = run_child(args + ["--what", "fit"], log)
            cell = run_child(args + ["--what", "bench"], log)
        F[f"fit_seconds_{T}"] = fit["fit_s"]; F[f"fit_val_accuracy_{T}"] = fit["val_accuracy"]
        F[f"peak_rss_gb_fit_{T}"] = fit["vmhwm_gb"]
        F[f"bench_cell_seconds_{T}"] = cell["wall_s"]; F[f"peak_rss_gb_bench_{T}"] = cell["vmhwm_gb"]
        log(f"  length {T}: fit {fit['fit_s']:.0f}s (peak RSS {fit['vmhwm_gb']:.2f} GB), bench cell {cell['wall_s']:.0f}s "
            f"(peak RSS {cell['vmhwm_gb']:.2f} GB)")
        N[f"length_{T}"] = (f"{len(prompts)} scored prompts of {min(lens)}-{max(lens)} tokens; REINFORCE on {len(rp)} prompts x 32 "
                            f"masks; fit: 16 few-shot pairs, {k} demonstrations per extraction prompt, {sz['n_prompts']} "
                            f"extraction prompts, {sz['steps'] or 'default'} REINFORCE steps; bench cell: {cell['methods']} "
                            f"on {sz['n_eval']} evaluation pairs, 16 shots, seed 0, the same fit settings")
        rows.append(T)
    return F, N

def plot_lengths(F: dict, lengths, path: Path):
    "Items/s and peak memory against judge-prompt length."
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.8))
    a.plot(lengths, [F[f"scoring_items_per_second_{T}"] for T in lengths], "o-", label="Activation RM scoring")
    a.plot(lengths, [F[f"scoring_items_per_second_{T}"] / F[f"scoring_vs_forward_ratio_{T}"] for T in lengths], "s--",
           label="plain forward")
    a.set_xscale("log", base=2); a.set_yscale("log"); a.set_xlabel("judge prompt tokens"); a.set_ylabel("items / s")
    a.legend(fontsize=8); a.set_title("Throughput", fontsize=10)
    for key, lab in (("peak_rss_gb_fit", "fit_reward_vector"), ("peak_rss_gb_bench", "benchmark cell")):
        b.plot(lengths, [F[f"{key}_{T}"] for T in lengths], "o-", label=lab)
    b.axhline(2.5, color="grey", ls=":", lw=0.8); b.axhline(4.0, color="grey", ls=":", lw=0.8)
    b.set_xscale("log", base=2); b.set_xlabel("judge prompt tokens"); b.set_ylabel("peak RSS, GB"); b.legend(fontsize=8)
    b.set_title("Peak resident memory (targets 2.5 GB at 512, 4 GB at 2,048)", fontsize=10)
    for ax in (a, b): ax.set_xticks(list(lengths), [str(T) for T in lengths]); ax.minorticks_off()
    fig.tight_layout(); fig.savefig(path, dpi=110); plt.close(fig)

def child_length(folder: str, which: str, length: int, k: int, threads: int | None, steps: int | None, n_prompts: int = 16):
    "In a fresh process: fit a reward vector, or run one benchmark cell set, on long pairs; print JSON with VmHWM."
    t0 = time.perf_counter()
    import torch
    if threads: torch.set_num_threads(threads)
    from actrm_lab.models import load_model
    from actrm_lab.data import load_preferences
    from actrm_lab.vectors import fit_reward_vector
    model = load_model()
    crit, few, ev = CRIT_LONG, load_preferences(Path(folder) / "few.jsonl"), load_preferences(Path(folder) / "eval.jsonl")
    t1 = time.perf_counter()
    kw = dict(k_shots=k, n_prompts=n_prompts, **({} if steps is None else dict(steps=steps)))
    out = {}
    if which == "fit":
        vec = fit_reward_vector(model, crit, few, progress=False, **kw)
        out = dict(fit_s=time.perf_counter() - t1, val_accuracy=vec.meta.get("val_accuracy"), n_heads=len(vec.heads))
    else:
        from actrm_lab.bench import Task, run_bench
        methods = [m if not m.startswith("icl") else f"icl@{k}" for m in CELL_METHODS]
        task = Task("long", crit, few, {"long": ev})
        lin = {x: v for x, v in kw.items() if x != "steps"}
        run_bench(model, [task], methods, shots=[16], seeds=[0], out=None, progress=False,
                  per_method={"arm-steer": dict(fit_kwargs=kw), "arm-linear": dict(fit_kwargs=lin)})
        out = dict(wall_s=time.perf_counter() - t1, methods=",".join(methods))
    hwm = int([l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]) / 2**20
    print("RESULT " + json.dumps(dict(out, vmhwm_gb=hwm, total_s=time.perf_counter() - t0)))



# ----------------------------------------------------------------------------------------------- child processes
def child_fit(which: str, threads: int | None, steps: int | None = None, draw: int | None = None):
    "Fit a reward vector with default settings on the demo data (all of it, or `make demo`'s draw); print JSON timings and peak RSS (VmHWM)."
    t0 = time.perf_counter()
    import torch
    if threads: torch.set_num_threads(threads)
    from actrm_lab.models import load_model, tiny_model
    from actrm_lab.vectors import fit_reward_vector
    t1 = time.perf_counter()
    model = load_model() if which == "embedded" else tiny_model()
    t2 = time.perf_counter()
    crit, few, ev, src = load_data()
    if draw:
        from actrm_lab.bench import draw_fewshot
        few = draw_fewshot(few, draw, seed=0)
        src += f"; {draw} pairs drawn as `make demo` draws them (seed 0)"
    t3 = time.perf_counter()
    vec = fit_reward_vector(model, crit, few, progress=False, **({} if steps is None else dict(steps=steps)))
    t4 = time.perf_counter()
    hwm = int([l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]) / 2**20
    print("RESULT " + json.dumps(dict(import_s=t1 - t0, load_s=t2 - t1, data_s=t3 - t2, fit_s=t4 - t3, total_s=t4 - t0,
                                      timings=vec.meta.get("timings", {}), n_heads=len(vec.heads),
                                      val_accuracy=vec.meta.get("val_accuracy"), vmhwm_gb=hwm, data=src,
                                      threads=torch.get_num_threads())))

def fit_figures(fit: dict, name: str) -> dict:
    "A child fit's phases, validation accuracy and head count as figures named `{name}_...`."
    return {f"{name}_extract_seconds": fit["timings"].get("extract_s", float("nan")),
            f"{name}_select_seconds": fit["timings"].get("select_s", float("nan")),
            f"{name}_val_accuracy": fit["val_accuracy"], f"{name}_n_heads": fit["n_heads"]}

def child_load(threads: int | None):
    "Time imports and a cached load of the embedded model in a fresh process; print JSON."
    t0 = time.perf_counter()
    import torch
    if threads: torch.set_num_threads(threads)
    from actrm_lab.models import load_model
    t1 = time.perf_counter(); load_model(); t2 = time.perf_counter(); load_model(); t3 = time.perf_counter()
    print("RESULT " + json.dumps(dict(import_s=t1 - t0, load_s=t2 - t1, second_load_s=t3 - t2)))

def run_child(args: list[str], log) -> dict:
    "Run this script as a child process; its JSON result."
    p = subprocess.run([sys.executable, str(Path(__file__).resolve())] + args, capture_output=True, text=True,
                       env=dict(os.environ, TQDM_DISABLE="1"))
    lines = [l for l in p.stdout.splitlines() if l.startswith("RESULT ")]
    if p.returncode != 0 or not lines:
        raise RuntimeError(f"child {' '.join(args)} failed (exit {p.returncode}):\n{p.stderr[-3000:]}")
    return json.loads(lines[-1][7:])


# ----------------------------------------------------------------------------------------------- the native peer
NATIVE_TITLE = "Against a native transformers forward"
NATIVE_REPEATS = {128: 3, 512: 3, 2048: 2}

def native_model(device="cpu"):
    "The embedded model as a plain `transformers` LlamaForCausalLM with SDPA attention (what a user would otherwise run)."
    import torch
    from transformers import AutoModelForCausalLM
    from actrm_lab.models import embedded_model_dir
    return AutoModelForCausalLM.from_pretrained(embedded_model_dir(), attn_implementation="sdpa", dtype=torch.float32).to(device).eval()

def bench_native(model, crit, lengths, log, n=8, bs=8) -> tuple[dict, dict]:
    """At each judge-prompt length, side by side in one run: a native `transformers` SDPA forward returning only the
    last token's logits (`logits_to_keep=1`), the Activation RM's scoring (73 heads patched) through the engine's SDPA
    path and through the eager bridge, and the zero-shot judge; same prompts, same batch size."""
    import torch
    from actrm_lab.models import HeadSet
    from actrm_lab.engine import use_sdpa, last_token_head_outputs
    from actrm_lab.templates import AnswerTokens, scalar_prompts
    from actrm_lab.scoring import judge_logodds
    items, src = real_texts()
    hf, tok = native_model(), model.tokenizer
    L, H = model.cfg.n_layers, model.cfg.n_heads
    ans, heads = AnswerTokens.scalar(tok), HeadSet.random(L, H, max(1, round(0.27 * L * H)), seed=0)
    F, N = {}, {"native": f"judge prompts built from {src}; {n} prompts per length, batch size {bs}; "
                          "native = `AutoModelForCausalLM.from_pretrained(..., attn_implementation='sdpa')` on the same fp32 "
                          "weights, left-padded batches with their attention mask, `logits_to_keep=1`; ARM = `judge_logodds` "
                          f"with {len(heads)} heads patched (SDPA path, the default; `_eager` the bridge's eager attention); "
                          "each figure the median over rounds in rotating order"}
    tok.padding_side = "left"
    for T in lengths:
        pairs = long_pairs(model, crit, items, max(1, n // 2), T, offset=70)
        prompts = scalar_prompts(tok, crit, pairs)
        lens = ntok(model, prompts)
        means = last_token_head_outputs(model, prompts[:2]).mean(0)
        def native():
            with torch.no_grad():
                for i in range(0, len(prompts), bs):
                    enc = tok(prompts[i:i + bs], add_special_tokens=False, padding=True, return_tensors="pt")
                    hf(**enc, logits_to_keep=1)
        def arm(): judge_logodds(model, prompts, ans, heads, means, batch_size=bs)
        def arm_eager():
            use_sdpa(model, False)
            try: arm()
            finally: use_sdpa(model, True)
        def zero(): judge_logodds(model, prompts, ans, batch_size=bs)
        native(); arm()   # warm-up
        t = rounds({"native": native, "arm": arm, "arm_eager": arm_eager, "zero": zero}, NATIVE_REPEATS.get(T, 2))
        F[f"native_seconds_{T}"] = t["native"]; F[f"arm_seconds_{T}"] = t["arm"]
        F[f"arm_vs_native_ratio_{T}"] = t["arm"] / t["native"]
        F[f"arm_eager_vs_native_ratio_{T}"] = t["arm_eager"] / t["native"]
        F[f"zero_shot_vs_native_ratio_{T}"] = t["zero"] / t["native"]
        F[f"native_prompt_tokens_{T}"] = f"{min(lens)}-{max(lens)}"
        log(f"  length {T}: native {t['native']:.2f}s, ARM {t['arm']:.2f}s (x{F[f'arm_vs_native_ratio_{T}']:.2f}), "
            f"ARM eager x{F[f'arm_eager_vs_native_ratio_{T}']:.2f}, zero-shot x{F[f'zero_shot_vs_native_ratio_{T}']:.2f}")
    return F, N

def write_section(path: Path, title: str, lines: list[str], before: str = "## What the figures measure"):
    "Replace (or insert, ahead of `before`) one `## title` section of a results file, keeping the rest as it is."
    text = path.read_text() if path.exists() else "# Speed benchmarks\n\n"
    block = f"## {title}\n\n" + "\n".join(lines).rstrip() + "\n\n"
    head = f"## {title}"
    if head in text:
        a, b = text.split(head, 1)
        rest = b.split("\n## ", 1)
        text = a + block + ("## " + rest[1] if len(rest) > 1 else "")
    elif before in text: text = text.replace(before, block + before, 1)
    else: text = text.rstrip() + "\n\n" + block
    path.write_text(text)

def native_section(F: dict, N: dict, cmd: str, mach: dict, load0, load1, probe: dict) -> list[str]:
    "The lines of the native-peer section: how it was run, the figures, what they measure."
    L = [f"From one run of `{cmd}` on {mach['date']} (torch threads {mach['torch_threads']}; load average "
         f"{load0[0]:.2f} at the start, {load1[0]:.2f} at the end; contention probe GEMM "
         f"{fmt(probe.get('gemm_gflops_threads2', float('nan')), 1)} GFLOP/s on 2 threads). This section is written by "
         "`python benchmarks/speed.py --native`; the sections above come from the full run named at the top.", ""]
    L += ["| length (tokens) | native s | ARM s | ARM / native | ARM eager / native | zero-shot / native |", "|---|---|---|---|---|---|"]
    for T in sorted({int(k.rsplit("_", 1)[1]) for k in F if k.startswith("arm_vs_native_ratio_")}):
        L.append(f"| {T} ({F[f'native_prompt_tokens_{T}']}) | {fmt(F[f'native_seconds_{T}'], 2)} | {fmt(F[f'arm_seconds_{T}'], 2)} | "
                 f"{fmt(F[f'arm_vs_native_ratio_{T}'], 2)} | {fmt(F[f'arm_eager_vs_native_ratio_{T}'], 2)} | "
                 f"{fmt(F[f'zero_shot_vs_native_ratio_{T}'], 2)} |")
    L += [""] + [f"{k}: {v if isinstance(v, str) else fmt(v)}" for k, v in F.items()] + ["", f"- {N['native']}"]
    return L


# ----------------------------------------------------------------------------------------------- GPU (7-8B shape)
def build_8b_shape(device: str, dtype, shape: str = "8b"):
    "A randomly initialised Llama with the shape of Llama-3-8B (or a tiny stand-in) as a TransformerBridge."
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM
    from actrm_lab.models import embedded_tokenizer_dir, boot_bridge
    tok = AutoTokenizer.from_pretrained(embedded_tokenizer_dir())
    dims = dict(hidden_size=4096, intermediate_size=14336, num_hidden_layers=32, num_attention_heads=32,
                num_key_value_heads=8, head_dim=128, vocab_size=128256) if shape == "8b" else \
           dict(hidden_size=256, intermediate_size=512, num_hidden_layers=4, num_attention_heads=8,
                num_key_value_heads=2, head_dim=32, vocab_size=len(tok))
    cfg = LlamaConfig(max_position_embeddings=8192, rope_theta=500000.0, tie_word_embeddings=False,
                      bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id, **dims)
    cfg._attn_implementation = "eager"
    torch.manual_seed(0)
    with torch.device(device): hf = LlamaForCausalLM(cfg)   # random init directly on the device
    hf = hf.to(dtype).eval()
    bridge = boot_bridge(hf, tok, f"random-llama-{shape}-shape", device=device)
    bridge.cfg.actrm_model_id = f"random-llama-{shape}-shape"
    return bridge

def bench_gpu(S, device, shape, log) -> dict:
    "Scoring and REINFORCE on a random 8B-shaped Llama (bfloat16 on CUDA)."
    import torch
    dtype = torch.bfloat16
    t0 = time.perf_counter(); model = build_8b_shape(device, dtype, shape); _sync(device)
    F = {"gpu_build_seconds": time.perf_counter() - t0}
    crit, few, ev, _ = load_data()
    S = dict(S, score_bs=tuple(S["score_bs"]))
    f, _ = bench_model(model, crit, few, ev, S, device=device, log=log)
    F.update(f)
    if str(device).startswith("cuda"): F["gpu_peak_memory_gb"] = torch.cuda.max_memory_allocated() / 2**30
    return F


# ----------------------------------------------------------------------------------------------- report
def verdicts(E: dict, fit: dict) -> list[str]:
    "One line per target: met or missed, with the measured cause of a miss."
    out = []
    for name, (op, goal) in TARGETS.items():
        v = E.get(name, float("nan"))
        if not isinstance(v, (int, float)) or math.isnan(v):
            out.append(f"- `{name}` {op} {goal}: not measured in this run"); continue
        ok = {"<=": v <= goal, ">=": v >= goal, "<": v < goal}[op]
        line = f"- `{name}` {op} {goal}: measured {fmt(v)} -> {'met' if ok else 'MISSED'}"
        if name in ("fit_seconds", "peak_rss_gb") and fit: line += f" (child process, torch threads {fit.get('threads')})"
        if not ok and name == "scoring_vs_forward_ratio":
            line += (f". Patching costs a factor {fmt(E.get('scoring_patch_overhead_ratio_bs8', float('nan')))} "
                     "over the unpatched judge (a copy of each patched layer's head outputs); the rest is noise of a shared CPU.")
        if not ok and name == "fit_seconds":
            t = fit.get("timings", {})
            line += (f". Of the fit, extraction took {fmt(t.get('extract_s', float('nan')), 1)} s and head selection "
                     f"{fmt(t.get('select_s', float('nan')), 1)} s: 100 REINFORCE steps x 12 prompts x 32 masks = 38,400 "
                     f"last-token rows at {fmt(E.get('reinforce_step_seconds', float('nan')), 2)} s per step here, already "
                     "one token per (prompt, mask); the machine's load and thread contention (see the probe) inflate it.")
        if not ok and name == "peak_rss_gb":
            line += ". Peak resident memory is the fp32 weights, the Python/torch runtime and the validation prompts' prefix keys/values."
        if not ok and name == "reinforce_cached_speedup":
            line += ". At short prompts or tiny models the per-call overhead, not the prefix, dominates."
        out.append(line)
    return out

LENGTH_ROWS = [("scoring, items/s", "scoring_items_per_second"), ("scoring / plain forward, time", "scoring_vs_forward_ratio"),
               ("REINFORCE step, s", "reinforce_step_seconds"), ("cached step speedup over full forwards", "reinforce_cached_speedup"),
               ("prefix keys/values per prompt, MB", "prefix_cache_mb_per_prompt"), ("fit, s", "fit_seconds"),
               ("fit validation accuracy", "fit_val_accuracy"), ("fit peak RSS, GB", "peak_rss_gb_fit"),
               ("benchmark cell, s", "bench_cell_seconds"), ("benchmark cell peak RSS, GB", "peak_rss_gb_bench")]
LENGTH_TITLE = "Embedded model by judge-prompt length"

def length_table(F: dict) -> list[str]:
    "The by-length figures of `F` (names ending in _128, _512, ...) as a Markdown table, one column per length."
    import re
    lengths = sorted({int(m.group(1)) for k in F if (m := re.fullmatch(r"scoring_items_per_second_(\d+)", k))})
    if not lengths: return []
    L = ["| figure (name_LENGTH below) | " + " | ".join(f"{T} tokens" for T in lengths) + " |", "|---|" + "---|" * len(lengths)]
    for label, key in LENGTH_ROWS:
        if any(f"{key}_{T}" in F for T in lengths):
            L.append(f"| {label} (`{key}`) | " + " | ".join(fmt(float(F.get(f"{key}_{T}", float("nan")))) for T in lengths) + " |")
    return L + [""]

def retable(path: Path):
    "Insert (or replace) the by-length table in a RESULTS.md from the figures it records; nothing is measured."
    from compare_results import figures      # benchmarks/compare_results.py: the one reader of `name: value` lines
    text = path.read_text()
    F = figures(text)
    head = f"## {LENGTH_TITLE}"
    if head not in text: raise SystemExit(f"{path} has no section starting {head!r}")
    before, after = text.split(head, 1)
    title_line, rest = after.split("\n", 1)
    body = rest.lstrip("\n")
    if body.startswith("| figure"): body = body.split("\n\n", 1)[1]   # an earlier table
    path.write_text(before + head + title_line + "\n\n" + "\n".join(length_table(F)) + "\n" + body)

def write_results(path: Path, cmd: str, mach: dict, probe: dict, load0, load1, data_src: str, sections: list, notes: dict,
                  fit: dict, E: dict, gpu_line: str, elapsed: float, quick: bool):
    L = [f"# Speed benchmarks", "",
         f"Written by `benchmarks/speed.py` ({'--quick run' if quick else 'full run'}); every figure below comes from "
         "this one run. Regenerate with `make bench-speed`.", "",
         f"command: `{cmd}`",
         f"date: {mach['date']}",
         f"wall_seconds: {elapsed:.0f}", "", "## Machine", "",
         f"cpu: {mach['cpu']}",
         f"cores: {mach['cores']} (usable by this process: {mach['usable_cores']})",
         f"torch_threads: {mach['torch_threads']} ({mach.get('threads_choice', '')})",
         f"ram_gb: {mach['ram_gb']}",
         f"versions: torch {mach['torch']}, transformers {mach['transformers']}, transformer_lens {mach['transformer_lens']}, python {mach['python']}",
         f"load_average_at_start: {', '.join(f'{x:.2f}' for x in load0)}",
         f"load_average_at_end: {', '.join(f'{x:.2f}' for x in load1)}"]
    L += [f"contention_probe_{k}: {fmt(v, 1)}" for k, v in probe.items()]
    L += ["", "(The probe times one elementwise op on a 384 x 576 tensor and a 384 x 576 x 1536 GEMM. When the cores are "
          "shared with other work, an op run on several threads waits for a descheduled thread at every barrier, and "
          "small ops slow down by orders of magnitude; compare the two thread counts.)", "",
          f"data: {data_src}", ""]
    for title, prefix, F in sections:
        L += [f"## {title}", ""]
        if title.startswith(LENGTH_TITLE): L += length_table(F)
        L += [f"{prefix}{k}: {fmt(v) if not isinstance(v, int) else v}" for k, v in F.items()]
        L.append("")
    L += ["## What the figures measure", ""]
    L += [f"- {k}: {v}" for k, v in notes.items()]
    L += ["- scoring_vs_forward_ratio: seconds to score the same prompts with the Activation RM (`judge_logodds` with "
          "heads patched: tokenization, length-sorted left-padded batches, answer logits) over seconds for a plain "
          "bridge forward `model(ids, attention_mask=am)` of the same batches (tokenization included), summed over "
          "batch sizes; `_bsN` lines per batch size. `_no_prefix_share` scores with `share_prefix=False`; "
          "`scoring_patch_overhead_ratio` is patched over unpatched `judge_logodds`.",
          "- icl_vs_actrm_ratio_kK: seconds per scored item of the in-context judge whose prompt carries K labelled "
          "demonstrations over the Activation RM's (zero-shot prompt, heads patched), every prompt run in full; the "
          "`_shared_prefix` line lets both reuse their prompts' common prefix (for the in-context judge with fixed "
          "demonstrations that prefix holds all K demonstrations, so the gap shrinks).",
          "- reinforce_cached_speedup: the same prompts and mask samples (same seed) scored by `PrefixCache.logodds` "
          "(prefix keys/values reused, one token per prompt and sample) and by `full_forward_logodds` (whole prompt "
          "per sample); `_full_step_estimate` scales the full path's measured cost per prompt to the whole step. "
          "`reinforce_step_seconds` is one step's model work (all prompts x samples), "
          "`reinforce_prefix_build_seconds` the one-time prefix run.",
          "- fit_seconds: `fit_reward_vector(model, criterion, fewshot)` with default settings in a fresh child process "
          "(model already loaded); `fit_process_seconds` adds imports and the load. peak_rss_gb: the child's VmHWM, read "
          "at its end (`getrusage(RUSAGE_CHILDREN)` is not used: on Linux it keeps the high-water mark of the forked "
          "process before `exec`, i.e. this benchmark's own memory).",
          "- cached_load_seconds: median `load_model()` time in fresh processes (fp32 cache present, imports excluded; "
          "`import_seconds` is the import time).", ""]
    L += ["## Targets", ""] + verdicts(E, fit) + [""]
    L += ["## Larger models and accelerators", "", gpu_line, ""]
    rs = [f"scoring_vs_forward_ratio {fmt(E.get('scoring_vs_forward_ratio', float('nan')), 2)}"]
    rs += [f"icl_vs_actrm_ratio_k{k} {fmt(E[f'icl_vs_actrm_ratio_k{k}'], 2)} (shared prefix {fmt(E[f'icl_vs_actrm_ratio_k{k}_shared_prefix'], 2)})"
           for k in (4, 16) if f"icl_vs_actrm_ratio_k{k}" in E]
    rs += [f"reinforce_cached_speedup {fmt(E.get('reinforce_cached_speedup', float('nan')), 1)}x"]
    if not E: rs = ["not measured in this run"]
    L += ["## Closing note", "",
          f"On the embedded model: {'; '.join(rs)}; fit {fmt(E.get('fit_seconds', float('nan')), 0)} s with peak RSS "
          f"{fmt(E.get('peak_rss_gb', float('nan')), 2)} GB; cached load {fmt(E.get('cached_load_seconds', float('nan')), 2)} s. "
          f"Load average {load0[0]:.2f} at the start and {load1[0]:.2f} at the end of the run on {mach['cores']} cores.", ""]
    path.write_text("\n".join(L))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a small run (fewer prompts, batch sizes, repeats)")
    ap.add_argument("--threads", default="auto",
                    help="torch threads: a number, or 'auto' (torch's default, but 1 when the contention probe finds an "
                         "elementwise op over 5x slower on all threads than on one: a shared, oversubscribed CPU)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"), help="where to write the results")
    ap.add_argument("--models", default="embedded,tiny", help="comma-separated: embedded, tiny")
    ap.add_argument("--skip-fit", action="store_true", help="skip the end-to-end fit (child process)")
    ap.add_argument("--vs-git", default=None, metavar="REV", help="also time the code of git revision REV (before/after)")
    ap.add_argument("--gpu-7b-shape", action="store_true", help="run scoring and REINFORCE on a random Llama-3-8B-shaped model")
    ap.add_argument("--device", default="cuda", help="device for --gpu-7b-shape")
    ap.add_argument("--shape", default="8b", choices=["8b", "tiny"], help="--gpu-7b-shape model shape (tiny: check the code path)")
    ap.add_argument("--fit-child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--load-child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--fit-steps", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--fit-draw", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--lengths", default="128,512,2048", help="judge-prompt lengths to sweep, comma-separated ('' to skip)")
    ap.add_argument("--only-lengths", action="store_true", help="run only the prompt-length sweep (embedded model)")
    ap.add_argument("--length-child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--length", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--k-shots", type=int, default=4, help=argparse.SUPPRESS)
    ap.add_argument("--n-prompts", type=int, default=16, help=argparse.SUPPRESS)
    ap.add_argument("--what", default="fit", help=argparse.SUPPRESS)
    ap.add_argument("--native", action="store_true",
                    help="only the comparison with a native transformers SDPA forward at --lengths; writes its own section of --out")
    ap.add_argument("--retable", default=None, metavar="RESULTS_MD",
                    help="only insert the by-length table into RESULTS_MD from the figures it already records")
    a = ap.parse_args(argv)
    if a.retable: return retable(Path(a.retable))
    th = None if a.threads == "auto" else int(a.threads)
    if a.length_child: return child_length(a.length_child, a.what, a.length, a.k_shots, th, a.fit_steps, a.n_prompts)
    if a.fit_child: return child_fit(a.fit_child, th, a.fit_steps, a.fit_draw)
    if a.load_child: return child_load(th)

    import torch
    if th: torch.set_num_threads(th)
    os.environ.setdefault("TQDM_DISABLE", "1")
    S = QUICK if a.quick else FULL
    t_start, load0 = time.perf_counter(), os.getloadavg()
    cmd = "make bench-speed  (= .venv/bin/python benchmarks/speed.py)" if argv is None and len(sys.argv) == 1 else \
        " ".join(["python benchmarks/speed.py"] + [shlex.quote(x) for x in (sys.argv[1:] if argv is None else argv)])
    log = lambda s: print(s, flush=True)
    from actrm_lab.models import contention_probe, auto_threads
    probe = contention_probe()
    if th: why = "set by --threads"
    else:
        n, why = auto_threads(probe=probe)
        why = f"auto: {n}, {why}"
    mach = machine(); mach["threads_choice"] = why
    log(f"machine: {mach}\nprobe: {probe}\nload average: {load0}")
    crit, few, ev, data_src = load_data()
    sections, notes, E, fit_emb = [], {}, {}, {}
    from actrm_lab.models import load_model, tiny_model, describe_model
    if a.native:
        lengths = [int(x) for x in a.lengths.split(",") if x.strip()]
        NF, NN = bench_native(load_model(), crit, lengths, log)
        write_section(Path(a.out), NATIVE_TITLE, native_section(NF, NN, cmd, mach, load0, os.getloadavg(), probe))
        return log(f"wrote the '{NATIVE_TITLE}' section of {a.out}")
    if a.gpu_7b_shape:
        G = bench_gpu(S, a.device, a.shape, log)
        sections.append((f"GPU: random {a.shape}-shaped Llama, bfloat16, {a.device}", "gpu7b_", G))
        gpu_line = (f"gpu_7b_shape: run on {a.device} ({torch.cuda.get_device_name() if a.device.startswith('cuda') else a.device}); "
                    "figures in the GPU section above")
    else:
        gpu_line = ("gpu_7b_shape: not run. No accelerator was available to this task (the device tool lent none), so the "
                    "scoring and REINFORCE benchmarks on a randomly initialised 7-8B-shaped chat model in bfloat16 were not "
                    "measured. On a CUDA machine: `python benchmarks/speed.py --gpu-7b-shape` (Llama-3-8B shape: 32 layers x "
                    "32 heads, 8 KV heads, d_model 4096, vocab 128,256; built on the device in bfloat16). The code paths it "
                    "uses are tested on the CPU with a bfloat16 tiny model (nbs/08_selection.ipynb) and with "
                    "`--gpu-7b-shape --device cpu --shape tiny`.")
    old = old_code(a.vs_git) if a.vs_git else None
    for which in [m.strip() for m in a.models.split(",") if m.strip()]:
        if a.gpu_7b_shape: break
        log(f"== {which} model")
        model = load_model() if which == "embedded" else tiny_model()
        if a.only_lengths:
            if which != "embedded": continue
            F, N = {}, {}
            a.skip_fit = True
        else: F, N = bench_model(model, crit, few, ev, S, log=log, old=old if which == "embedded" else None)
        prefix = "" if which == "embedded" else "tiny_"
        notes.update({f"{prefix}{k}": v for k, v in N.items()})
        fit = {}
        if not a.skip_fit:
            fit = run_child(["--fit-child", which, "--threads", str(torch.get_num_threads())]
                                 + ([] if S["fit_steps"] is None else ["--fit-steps", str(S["fit_steps"])]), log)
            fk = "fit_seconds" if S["fit_steps"] is None else f"fit_seconds_quick_{S['fit_steps']}_steps"
            F[fk] = fit["fit_s"]
            F["fit_process_seconds"] = fit["total_s"]
            F.update(fit_figures(fit, "fit"))
            F["peak_rss_gb"] = fit["vmhwm_gb"]
            log(f"  fit: {fit['fit_s']:.1f}s (process {fit['total_s']:.1f}s), peak RSS {fit['vmhwm_gb']:.2f} GB")
            notes[f"{prefix}fit"] = (f"data {fit['data']}; torch threads in the child {fit['threads']}"
                                     + ("" if S["fit_steps"] is None else f"; --quick: {S['fit_steps']} REINFORCE steps instead of the default"))
            if which == "embedded":     # the fit `make demo` runs: its 32-pair draw of the pool
                demo = run_child(["--fit-child", which, "--fit-draw", "32", "--threads", str(torch.get_num_threads())]
                                 + ([] if S["fit_steps"] is None else ["--fit-steps", str(S["fit_steps"])]), log)
                F["demo_fit_seconds"] = demo["fit_s"]
                F.update(fit_figures(demo, "demo_fit"))
                F["demo_peak_rss_gb"] = demo["vmhwm_gb"]
                log(f"  demo fit: {demo['fit_s']:.1f}s, val accuracy {demo['val_accuracy']:.3f}")
                notes["demo_fit"] = f"data {demo['data']}; torch threads in the child {demo['threads']}"
        if which == "embedded" and not a.only_lengths:
            loads = [fit["load_s"]] if fit else []
            imports = [fit["import_s"]] if fit else []
            while len(loads) < S["load_runs"]:
                r = run_child(["--load-child", "--threads", str(torch.get_num_threads())], log); loads.append(r["load_s"]); imports.append(r["import_s"])
            F["cached_load_seconds"] = statistics.median(loads)
            F["import_seconds"] = statistics.median(imports)
            log(f"  cached load {F['cached_load_seconds']:.2f}s (imports {F['import_seconds']:.1f}s)")
            E.update(F); fit_emb = fit
        sections.append((f"{'Embedded' if which == 'embedded' else 'Tiny'} model: {describe_model(model)}", prefix, F))
        lengths = [int(x) for x in a.lengths.split(",") if x.strip()]
        if which == "embedded" and lengths:
            log("== prompt lengths " + ", ".join(map(str, lengths)))
            LF, LN = bench_lengths(model, crit, lengths, a.quick, S["repeats"], log)
            E.update(LF); notes.update(LN)
            plot_lengths(LF, lengths, Path(a.out).with_name("speed_by_length.png"))
            sections.append((f"{LENGTH_TITLE} (plot: speed_by_length.png)", "", LF))
        del model
    write_results(Path(a.out), cmd, mach, probe, load0, os.getloadavg(), data_src, sections, notes, fit_emb,
                  E, gpu_line, time.perf_counter() - t_start, a.quick)
    log(f"wrote {a.out}")


if __name__ == "__main__":
    main()
