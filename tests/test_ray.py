"""Benchmark cells on Ray workers (`ray_executor.RayExecutor`, `actrm_bench --ray`): a small sweep on the tiny model through a
local Ray instance with 2 CPU workers gives the serial run's report byte for byte, even when a worker is killed mid-run;
serial and Ray runs resume each other; a cell whose worker dies on every try is reported failed without losing the
finished cells. Skipped where Ray (the `ray` extra) is not installed."""
import json, os, signal, shutil, sys
from pathlib import Path
import pytest

ray = pytest.importorskip("ray")

from actrm_lab.bench import CellsFailed, run_bench
from actrm_lab.ray_executor import RayExecutor
from actrm_lab.baselines import ZeroShot
from actrm_lab.cli import resolve_model, actrm_bench
from actrm_lab.data import write_jsonl
from actrm_lab.models import tiny_model
from actrm_lab.suites import load_tasks

METHODS = ["length-shorter", "zero-shot", "sav@2", "probe"]
RUN = dict(shots=(2, 4), seeds=(0, 1), n_boot=200, progress=False)


@pytest.fixture(scope="module")
def local_ray():
    "A local Ray instance with 2 CPUs for the module, shut down at the end."
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    "Hacked and control pairs of the length feature plus a plain subset (two tasks)."
    d = tmp_path_factory.mktemp("ray-data")
    recs = []
    for i in range(8):
        recs.append(dict(prompt=f"What is {i} plus {i}?", chosen=f"{2*i}.", rejected=f"It is {2*i+1}, I am quite sure.", subset="length-hacked"))
        recs.append(dict(prompt=f"What is {i} times 3?", chosen=f"It is {3*i}, I am quite sure.", rejected=f"{3*i+1}.", subset="length-control"))
        recs.append(dict(prompt=f"Name a colour number {i}.", chosen=f"Blue {i}.", rejected=f"Seven {i}.", subset="chat"))
    write_jsonl(d / "pairs.jsonl", recs)
    return d / "pairs.jsonl"


def tasks_of(path):
    return load_tasks(data=path, pool_size=4, n_eval=3, pool="subset")


def test_ray_sweep_equals_serial_with_a_worker_killed(local_ray, data, tmp_path):
    tasks = tasks_of(data)
    serial = run_bench(tiny_model(), tasks, METHODS, out=tmp_path / "serial", **RUN)
    serial.save(tmp_path / "serial", plots=False)

    killed = []
    def kill_a_busy_worker(ex, cell):
        "After the first finished cell, SIGKILL a worker that is running a cell."
        if killed or not ex.busy: return
        w = sorted(ex.busy)[0]
        os.kill(ex.info[w]["pid"], signal.SIGKILL); killed.append(w)

    ex = RayExecutor(workers=2, loader=resolve_model, on_cell=kill_a_busy_worker)
    dist = run_bench("tiny", tasks, METHODS, out=tmp_path / "ray", executor=ex, **RUN)
    dist.save(tmp_path / "ray", plots=False)
    assert killed and ex.stats["worker_deaths"] >= 1 and ex.stats["retried"] >= 1 and ex.stats["failed"] == 0, ex.stats
    assert dist.meta["computed_cells"] == serial.meta["computed_cells"] == 2 * (2 + 2 * 2 * 2)
    assert (tmp_path / "ray" / "report.md").read_bytes() == (tmp_path / "serial" / "report.md").read_bytes()
    cells = lambda d: sorted(str(p.relative_to(d)) for p in (d / "cells").rglob("*.json"))
    assert cells(tmp_path / "ray") == cells(tmp_path / "serial")
    assert dist.meta["fingerprint"] == serial.meta["fingerprint"] and dist.meta["model"] == "tiny-llama-2x4-seed0"
    assert ray.is_initialized()                       # a Ray instance it did not start is left running

    # serial and Ray runs resume each other: drop three cells of the Ray run, finish them serially, and the other way round
    for p in sorted((tmp_path / "ray" / "cells").rglob("*.json"))[:3]: p.unlink()
    again = run_bench(tiny_model(), tasks, METHODS, out=tmp_path / "ray", **RUN)
    assert (again.meta["computed_cells"], again.meta["loaded_cells"]) == (3, 17)
    again.save(tmp_path / "ray", plots=False)
    assert (tmp_path / "ray" / "report.md").read_bytes() == (tmp_path / "serial" / "report.md").read_bytes()
    for p in sorted((tmp_path / "serial" / "cells").rglob("*.json"))[-2:]: p.unlink()
    back = run_bench("tiny", tasks, METHODS, out=tmp_path / "serial", executor=RayExecutor(workers=1, loader=resolve_model), **RUN)
    assert (back.meta["computed_cells"], back.meta["loaded_cells"]) == (2, 18)
    back.save(tmp_path / "serial", plots=False)
    assert (tmp_path / "ray" / "report.md").read_bytes() == (tmp_path / "serial" / "report.md").read_bytes()


def test_a_cell_whose_worker_always_dies_is_reported_failed(local_ray, data, tmp_path):
    class Doomed(ZeroShot):
        "A judge whose fit kills its own worker process (a stand-in for an out-of-memory kill)."
        name, uses_fewshot = "doomed", True
        def fit(self, model, criterion, fewshot, seed=0):
            os._exit(1)
    tasks = tasks_of(data)[:1]
    ex = RayExecutor(workers=2, loader=resolve_model)
    with pytest.raises(CellsFailed, match=r"1 cell\(s\) failed 2 time\(s\).*doomed \| length \| seed 0 \| 2 shots.*2 other cells finished"):
        run_bench("tiny", tasks, ["length-shorter", "zero-shot", Doomed()], shots=(2,), seeds=(0,), out=tmp_path / "o",
                  executor=ex, progress=False, n_boot=200)
    assert ex.stats["worker_deaths"] == 2 and ex.stats["failed"] == 1
    assert len(list((tmp_path / "o" / "cells").rglob("*.json"))) == 2   # the finished cells are kept


def test_cli_ray_uses_the_running_instance(local_ray, data, tmp_path, capsys):
    res = actrm_bench(data=str(data), methods="length-shorter,zero-shot", shots="2", n_eval=2, model="tiny", pool="subset",
                      out=str(tmp_path / "o"), quiet=True, n_boot=200, ray="auto", ray_workers=1)
    assert res.meta["computed_cells"] == 4 and res.meta["executor"].startswith("ray auto: 1 workers")
    assert "on ray auto" in capsys.readouterr().out
    assert ray.is_initialized()
