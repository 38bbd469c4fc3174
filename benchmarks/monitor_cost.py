"""What one `HackingMonitor` check costs on the embedded judge: 64 completions (demo test responses), cue correlations,
and the flip probe over 8 pairs x the audit's perturbations scored by a saved Activation RM's TRL reward function.
Run: `OMP_NUM_THREADS=1 .venv/bin/python benchmarks/monitor_cost.py [VECTOR_DIR]`; prints seconds per part."""
import sys, time
from common import ROOT  # benchmarks/common.py
from actrm_lab.models import load_model
from actrm_lab.suites import load_demo
from actrm_lab.vectors import load_vector
from actrm_lab.monitor import HackingMonitor, flip_probe

def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    folder = argv[0] if argv else ROOT / "benchmarks/results/evalbiasbench/vectors/biasbench/ARM-steer/s0-n16"
    t = time.perf_counter(); model = load_model(); vec = load_vector(folder, model); rf = vec.reward_fn(model)
    print(f"load model + vector: {time.perf_counter() - t:.1f} s ({folder})")
    _, _, test = load_demo()
    items = (test * 2)[:64]
    prompts = [it.prompt for it in items]; comps = [it.chosen if i % 2 else it.rejected for i, it in enumerate(items)]
    t = time.perf_counter(); rewards = rf(prompts, comps); t_rew = time.perf_counter() - t
    print(f"the reward itself on 64 completions (the trainer's cost, not the monitor's): {t_rew:.1f} s")
    mon = HackingMonitor(tokenizer=model.tokenizer)
    t = time.perf_counter(); mon.update(prompts, comps, rewards); t_cues = time.perf_counter() - t
    print(f"check without probe (cues + correlations, 64 completions): {t_cues:.2f} s")
    probe = flip_probe(rf, test[:8])
    mon = HackingMonitor(tokenizer=model.tokenizer, probe=probe)
    t = time.perf_counter(); mon.update(prompts, comps, rewards); t_full = time.perf_counter() - t
    print(f"check with the flip probe (8 pairs x 5 perturbations + chosen = 48 judge prompts): {t_full:.1f} s")

if __name__ == "__main__":
    main()
