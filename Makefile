# make run   — set up (once) and read samples/ into out/
# make test  — set up (once) and run the test suite
# make bench — set up (once) and print the benchmark figures
# make fuzz  — set up (once) and run every fuzz harness (fuzz/fuzz_*.py) for FUZZ_SECONDS each
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

FUZZ_SECONDS ?= 60

.PHONY: setup run test bench fuzz samples clean

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
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_scan.py
	$(BIN)/python bench/scan_accuracy.py

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
	rm -rf $(VENV) out .pytest_cache .fuzz
