# Two commands do all the set-up on a fresh Debian machine: `make demo` and `make test`.
VENV  ?= .venv
BIN   := $(VENV)/bin
SHARED ?= $(abspath ../shared)
export TILEPILOT_SHARED := $(SHARED)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install demo test bench clean

$(VENV)/.installed-%: pyproject.toml constraints.txt scripts/setup.sh
	bash scripts/setup.sh $*
	touch $@

install: $(VENV)/.installed-dev,serve

demo: install
	$(BIN)/python examples/demo.py --out out

test: install
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: install $(VENV)/.installed-dev,serve,bench
	$(BIN)/python bench/run.py

clean:
	rm -rf out .pytest_cache
