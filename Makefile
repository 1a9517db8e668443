# make run   — set up (once) and read samples/ into out/
# make test  — set up (once) and run the test suite
# make bench — set up (once) and print the benchmark figures
# make browser — Debian's chromium for the report's browser tests, where missing (test and bench depend on it)
# make lock  — refresh requirements.lock (exact versions and hashes) from pyproject.toml
# make fuzz  — set up (once) and run every fuzz harness (fuzz/fuzz_*.py) for FUZZ_SECONDS each
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
UV_VERSION := 0.13.9

FUZZ_SECONDS ?= 60

.PHONY: setup postgres browser run test bench fuzz samples lock clean

setup: $(STAMP)

# Every package at the version and hash the lock names; then jixiao itself, built with the locked setuptools
# and mypy (setup.py compiles the text reader's hot modules; JIXIAO_PURE=1 builds plain Python), again
# whenever a source changed: a compiled module built from an older source would shadow the new one.
LOCKED := $(VENV)/.locked
SOURCES := $(shell find jixiao extract normalize schema -name '*.py' 2>/dev/null)

$(LOCKED): $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	touch $(LOCKED)

# … and again when JIXIAO_PURE is set where it was not, or not where it was (the build follows it)
MODE := $(VENV)/.pure-$(if $(JIXIAO_PURE),yes,no)

$(MODE): $(LOCKED)
	rm -f $(VENV)/.pure-yes $(VENV)/.pure-no
	touch $(MODE)

$(STAMP): $(LOCKED) $(MODE) pyproject.toml setup.py $(SOURCES)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m jixiao.compiled
	touch $(STAMP)

# One resolution for every platform and Python ≥ 3.11, the test and cluster extras and the build's requirements
# (setuptools, and mypy for mypyc: setup.py) included.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	printf 'setuptools>=68\nmypy==2.4.1\n' | .venv-lock/bin/uv pip compile pyproject.toml - --extra test --extra cluster --universal \
		--python-version 3.11 --generate-hashes --quiet --custom-compile-command "make lock" -o $(LOCK)

run: setup
	$(BIN)/jixiao extract samples -o out

# Debian's PostgreSQL server binaries, where missing, for the database tests and bench (each starts a
# throwaway cluster of its own in a temporary folder; no server is left running or configured).
postgres:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	( command -v apt-get >/dev/null && { [ "$$(id -u)" = 0 ] && SUDO= || SUDO="sudo -n"; } && \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends postgresql ) || \
	echo "make: note: no PostgreSQL server binaries and no apt-get to install them: the PostgreSQL tests will skip"

# The review report is tested in a real browser: Debian's chromium, driven by Playwright (no browser download).
browser:
	@test -x /usr/bin/chromium || \
	( command -v apt-get >/dev/null && { [ "$$(id -u)" = 0 ] && SUDO= || SUDO="sudo -n"; } && \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium ) || \
	echo "make: note: no chromium and no apt-get to install it: the browser tests of the report will skip"

test: setup postgres browser
	$(BIN)/python -m pytest -q

bench: setup postgres browser
	$(BIN)/python bench/bench_text.py
	$(BIN)/python bench/bench_markdown.py
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_scan.py
	$(BIN)/python bench/scan_accuracy.py
	$(BIN)/python bench/bench_office.py
	$(BIN)/python bench/real_pdfs.py
	$(BIN)/python bench/bench_icdar.py
	$(BIN)/python bench/bench_family.py
	$(BIN)/python bench/bench_notation.py
	$(BIN)/python bench/bench_warnings.py
	$(BIN)/python bench/real_dumps.py
	$(BIN)/python bench/bench_db.py
	$(BIN)/python bench/bench_report.py
	$(BIN)/python bench/bench_pairing.py
	$(BIN)/python bench/bench_batch.py
	$(BIN)/python bench/bench_bigdump.py

# Coverage-guided fuzzing (atheris): each harness for FUZZ_SECONDS; crashes and hangs land in .fuzz/artifacts/.
fuzz: setup
	@for harness in fuzz/fuzz_*.py; do \
		echo "== $$harness ($(FUZZ_SECONDS) s)"; \
		$(BIN)/python $$harness -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 || exit 1; \
	done

# Rebuild the sample PDFs (LibreOffice and a CJK font from Debian, for this target only).
samples: setup
	command -v soffice >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui libreoffice-writer-nogui fonts-wqy-zenhei)
	$(BIN)/pip install --quiet openpyxl python-docx
	$(BIN)/python samples/make_sample_pdfs.py --outdir samples/pdf

clean:
	rm -rf $(VENV) .venv-lock out .pytest_cache .fuzz build .mypy_cache
	rm -f extract/*.so normalize/*.so extract/compiled_sources.json
