# make run   — set up (once) and read samples/ into out/
# make test  — set up (once) and run the test suite
# make bench — set up (once) and print the benchmark figures
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test bench samples clean

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
	$(BIN)/python bench/real_pdfs.py
	$(BIN)/python bench/bench_icdar.py

# Rebuild the sample PDFs (LibreOffice and a CJK font from Debian, for this target only).
samples: setup
	command -v soffice >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui libreoffice-writer-nogui fonts-wqy-zenhei)
	$(BIN)/pip install --quiet openpyxl python-docx
	$(BIN)/python samples/make_sample_pdfs.py --outdir samples/pdf

clean:
	rm -rf $(VENV) out .pytest_cache
