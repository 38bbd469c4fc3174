"TRL: two reward vectors as GRPOTrainer reward functions, 2 training steps on the tiny model (skipped without `trl`)."
import math, warnings
import pytest
import torch

pytest.importorskip("trl")
datasets = pytest.importorskip("datasets")

from actrm_lab.data import PairItem
from actrm_lab.engine import tokenize
from actrm_lab.models import tiny_model
from actrm_lab.vectors import fit_reward_vector

CRIT = "The response is correct."
PAIRS = [PairItem(f"What is {i} plus {i}?", f"{2*i}.", f"It is {2*i+1}, and I am completely sure of that answer.")
         for i in range(8)]
LONG = "Please explain this. " * 60     # its judge prompts do not fit a 200-token judge; the short ones do

def test_grpo_trains_two_steps_with_two_reward_vectors(tmp_path, monkeypatch):
    from trl import GRPOConfig, GRPOTrainer
    monkeypatch.setenv("HF_HUB_OFFLINE", "1"); monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    torch.set_num_threads(1)
    fit_on = tiny_model()
    steer = fit_reward_vector(fit_on, CRIT, PAIRS, n_prompts=4, k_shots=2, steps=2, samples=4, progress=False)
    linear = fit_reward_vector(fit_on, CRIT, PAIRS, kind="linear", n_heads=3, n_prompts=4, k_shots=2, progress=False)
    # the judge: the same weights with a 200-token context, so the long prompt's completions are over-long;
    # the policy: another copy of the weights (training it must not change the judge's)
    judge = tiny_model(n_ctx=200)
    fns = [steer.reward_fn(judge), linear.reward_fn(judge, scale="logodds")]
    names = [f.__name__ for f in fns]
    assert len(set(names)) == 2 and all(n.startswith("actrm_") for n in names)
    short = [{"role": "user", "content": "What is 2 plus 2?"}]
    assert len(tokenize(judge, steer.prompts(judge, [short], ["word " * 8]))[0]) < 150
    assert len(tokenize(fit_on, steer.prompts(fit_on, [[{"role": "user", "content": LONG}]], [""]))[0]) > 200

    policy = tiny_model().original_model
    ds = datasets.Dataset.from_list([{"prompt": short}, {"prompt": [{"role": "user", "content": LONG}]}])
    args = GRPOConfig(output_dir=str(tmp_path), max_steps=2, per_device_train_batch_size=4, num_generations=2,
                      max_completion_length=8, logging_steps=1, report_to="none", use_cpu=True, bf16=False,
                      activation_checkpointing=False, save_strategy="no", seed=0, disable_tqdm=True,
                      dataloader_num_workers=0)
    trainer = GRPOTrainer(model=policy, reward_funcs=fns, args=args, train_dataset=ds, processing_class=fit_on.tokenizer)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        trainer.train()

    # the over-long completions got None with a warning naming the function, and training went on
    too_long = [str(x.message) for x in w if "do not fit the judge's context" in str(x.message)]
    assert {n for n in names if any(m.startswith(n + ":") for m in too_long)} == set(names)
    steps = [h for h in trainer.state.log_history if "loss" in h]
    assert len(steps) == 2 and trainer.state.global_step == 2
    for h in steps:
        for n in names:
            for stat in ("mean", "std"):
                v = h[f"rewards/{n}/{stat}"]
                assert isinstance(v, float) and math.isfinite(v), (n, stat, v)
        assert 0 < h[f"rewards/{names[0]}/mean"] < 1        # steer on the "prob" scale
        assert math.isfinite(h["reward"]) and math.isfinite(h["loss"])
    assert not any(k.startswith("rewards/") and k.split("/")[1] not in names for h in steps for k in h)
