"""How many threads the OCR may use: a module of its own, so that batch workers set it for text dumps
too without importing the OCR (OpenCV and numpy take a tenth of a second)."""

from __future__ import annotations

import os

THREADS_VARIABLE = "JIXIAO_OCR_THREADS"  # set to 1 in batch workers, which already use every core


def ocr_threads() -> int:
    """Threads for the recogniser: every core for one source, as set for batch workers."""
    try:
        wanted = int(os.environ.get(THREADS_VARIABLE, "0"))
    except ValueError:
        wanted = 0
    return wanted if wanted > 0 else (os.cpu_count() or 1)
