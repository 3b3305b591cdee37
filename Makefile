# Two commands do all the set-up on a fresh Debian machine: `make demo` and `make test`.
# The set-up (scripts/setup.sh) runs once; a stamp in the venv skips it until pyproject.toml,
# constraints.txt or the script changes. PYTEST_ARGS passes options on: make test PYTEST_ARGS="-k report -x".
SHELL   := /bin/bash
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
SHARED  ?= $(abspath ../shared)
PYTEST_ARGS ?=
SETUP   := pyproject.toml constraints.txt scripts/setup.sh

export VENV PYTHON
export TILEPILOT_SHARED := $(SHARED)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
ifneq ($(wildcard /usr/bin/chromium),)
export TILEPILOT_CHROMIUM ?= /usr/bin/chromium
endif

.DEFAULT_GOAL := help
.PHONY: help install demo test bench clean

help:
	@echo "make demo    set up, then extract the sample PDFs' tables into out/ and write out/report.html"
	@echo "make test    set up, then run the tests (PYTEST_ARGS=... passes options to pytest)"
	@echo "make bench   set up with the bench extra, then run bench/run.py"
	@echo "make install set up only: system packages (as root), $(VENV), torch (CPU), the package"
	@echo "make clean   remove out/"

# One stamp per set of extras: .installed-dev,serve and .installed-dev,serve,bench.
$(VENV)/.installed-%: $(SETUP)
	bash scripts/setup.sh $*
	touch $@

install: $(VENV)/.installed-dev,serve

demo: install
	rm -rf out
	$(BIN)/python examples/demo.py --out out

# pytest's exit 5 means it collected no test: say so, and fail. When TILEPILOT_TEST_RC_FILE is set
# (.ci/run sets it), pytest's own exit status is written there, since make turns it into 2.
test: install
	@rc=0; $(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS) || rc=$$?; \
	if [ -n "$${TILEPILOT_TEST_RC_FILE:-}" ]; then echo $$rc > "$$TILEPILOT_TEST_RC_FILE"; fi; \
	if [ $$rc -eq 5 ]; then echo "make test: no test ran (pytest collected none, exit 5)" >&2; fi; \
	exit $$rc

bench: $(VENV)/.installed-dev,serve,bench
	$(BIN)/python bench/run.py

clean:
	rm -rf out .pytest_cache
