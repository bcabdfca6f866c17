PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install install-test demo test bench bench-embed clean

# The package, its runtime libraries and the test tools, in .venv at the repo root.
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml Makefile
	@scripts/system-deps.sh runtime
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -e '.[test,base]'
	@touch $@

install-test: install
	@scripts/system-deps.sh test

demo: install
	@$(BIN)/mock demo

test: install-test
	@$(BIN)/python -m pytest

bench: install-test
	@$(BIN)/python bench/run.py
	@$(BIN)/python bench/transcript.py
	@$(BIN)/python bench/score.py

bench-embed: install
	@$(BIN)/python bench/embed.py

clean:
	rm -rf $(VENV) build *.egg-info
