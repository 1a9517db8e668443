# make run   — set up (once) and read samples/ into out/
# make test  — set up (once) and run the test suite
# make bench — set up (once) and print the benchmark figures
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: setup
	$(BIN)/jixiao extract samples -o out

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/bench_text.py

clean:
	rm -rf $(VENV) out .pytest_cache
