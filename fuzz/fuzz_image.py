"""Fuzz the image reader (PNG, JPEG, multi-page TIFF: decode within the budget, upright, rules, OCR).

    python fuzz/fuzz_image.py [-max_total_time=N] [corpus ...]
"""

from __future__ import annotations

from harness import Harness, run
from seeds import image_seeds

HARNESS = Harness(kind="image", suffixes=(".png", ".jpg", ".tiff"), seconds_per_input=60,
                  modules=("jixiao.extract.pdf", "jixiao.extract.scan.document", "jixiao.extract.scan.images",
                           "jixiao.extract.scan.photo", "jixiao.extract.scan.lines", "jixiao.extract.scan.reader",
                           "jixiao.extract.scan.cell_lines"))

if __name__ == "__main__":
    run(HARNESS, image_seeds)
