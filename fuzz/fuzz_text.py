"""Fuzz the text-dump reader (encodings, TSV, markdown, HTML tables) through the whole pipeline.

    python fuzz/fuzz_text.py [-max_total_time=N] [corpus ...]
"""

from __future__ import annotations

from harness import Harness, run
from seeds import text_seeds

HARNESS = Harness(kind="text", suffixes=(".txt", ".html", ".md"), seconds_per_input=10,
                  modules=("jixiao.extract.text_dump", "jixiao.extract.html_tables", "jixiao.extract.html_plain",
                           "jixiao.extract.decode"))

if __name__ == "__main__":
    run(HARNESS, text_seeds)
