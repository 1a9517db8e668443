"""A big text dump: many generated documents one after another in one file (years of forms
concatenated), in one notation, with the number of forms it prints (its record count).

    write_big_dump(path, "tsv", 5_000_000)   # about 5 MB
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generator import DISTORTIONS, random_document, render  # noqa: E402
from notationgen import make_notation_case  # noqa: E402

GRID_NOTATIONS = ("tsv", "markdown", "html")
FREE_NOTATIONS = ("cell_lines",)  # no table notation: the text reader rebuilds the tables
SUFFIXES = {"tsv": ".txt", "markdown": ".md", "html": ".html", "cell_lines": ".txt"}


def documents(notation: str, seed: int = 0, distortion: str = "page_breaks") -> Iterator[tuple[str, int]]:
    """(text, forms printed) of one generated document after another."""
    n = 0
    while True:
        if notation in FREE_NOTATIONS:
            case = make_notation_case(seed * 100_003 + n, notation, "blank")
            yield case.text, len(case.forms)
        else:
            rng = random.Random(f"big:{seed}:{notation}:{n}")
            forms = random_document(rng, "clean")
            text, _ = render(notation, forms, rng, DISTORTIONS[distortion])
            yield text, len(forms)
        n += 1


def big_dump_text(notation: str, size: int, seed: int = 0, distortion: str = "page_breaks") -> tuple[str, int]:
    """Documents of `notation` until the text holds `size` characters at least; (text, forms)."""
    parts, forms, chars = [], 0, 0
    for text, n in documents(notation, seed, distortion):
        parts.append(text.rstrip("\n") + "\n\n")
        forms += n
        chars += len(parts[-1])
        if chars >= size:
            break
    return "".join(parts), forms


def write_big_dump(path: Path, notation: str, size: int, seed: int = 0, distortion: str = "page_breaks") -> int:
    """About `size` bytes of documents written to `path` a document at a time; the forms printed."""
    forms, written = 0, 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        for text, n in documents(notation, seed, distortion):
            piece = text.rstrip("\n") + "\n\n"
            handle.write(piece)
            forms += n
            written += len(piece.encode("utf-8"))
            if written >= size:
                break
    return forms
