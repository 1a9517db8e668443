"""A folder of generated sources for batch tests and benches: text dumps in three notations
(tests/generator.py) and born-digital PDFs (tests/pdfgen.py), the same files for every seed."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generator import Distortions, random_document, render  # noqa: E402
from pdfgen import PdfOptions, layout_document, write_pdf  # noqa: E402

SUFFIXES = {"tsv": ".txt", "markdown": ".md", "html": ".html"}


def write_dumps(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """`count` text dumps of 1–3 forms each, cycling through the notations."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    notations = list(SUFFIXES)
    for n in range(count):
        notation = notations[n % len(notations)]
        rng = random.Random(f"batch:{seed}:{n}")
        text, _ = render(notation, random_document(rng, "clean"), rng, Distortions())
        path = folder / f"dump-{n:05d}{SUFFIXES[notation]}"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def write_pdfs(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """`count` born-digital PDFs of 2 forms each."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(count):
        rng = random.Random(f"batch-pdf:{seed}:{n}")
        path = folder / f"form-{n:05d}.pdf"
        write_pdf(layout_document(random_document(rng, "clean", n_forms=2), PdfOptions(seed=n)), path)
        written.append(path)
    return written
