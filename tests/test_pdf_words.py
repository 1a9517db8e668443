"""words.py gives the text pdfplumber's `extract_text` gives, for every kind of char set the
reader hands it: random lines and cells (close tops, overlaps, blanks, ligatures, empty
texts, rotated chars), and every cell and line of the sample PDFs."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from pdfplumber.utils import extract_text

from jixiao.extract.pdf.reader import open_pages
from jixiao.extract.pdf.words import chars_text

ROOT = Path(__file__).resolve().parents[1]
TEXTS = list("一、二，三无数量年度") + ["a", "1", "ﬁ", "ﬀ", " ", "\u3000", ""]


def _char(rng: random.Random, x: float, top: float, upright: bool = True) -> dict[str, Any]:
    width = rng.choice([0.0, 2.5, 5.0, 10.0])
    height = rng.choice([5.0, 10.0, 10.5])
    return {"text": rng.choice(TEXTS), "x0": x, "x1": x + width, "top": top, "bottom": top + height,
            "doctop": top, "upright": upright, "size": height}


def _random_chars(rng: random.Random) -> list[dict[str, Any]]:
    chars = []
    for _ in range(rng.randint(1, 40)):
        x = rng.choice([rng.uniform(0, 100), round(rng.uniform(0, 100)), 10.0])
        top = rng.choice([rng.uniform(0, 30), 10.0, 10.0 + rng.choice([0.5, 1.5, 3.0, 3.01]), round(rng.uniform(0, 30))])
        chars.append(_char(rng, x, top, upright=rng.random() > 0.02))
    return chars


@pytest.mark.parametrize("seed", range(300))
def test_random_chars_read_as_pdfplumber_reads_them(seed: int) -> None:
    rng = random.Random(seed)
    chars = _random_chars(rng)
    x_tolerance, y_tolerance = rng.choice([0.0, 0.75, 1.5, 3.0]), rng.choice([0.0, 1.5, 3.0, 6.0])
    assert chars_text(chars, x_tolerance, y_tolerance) == extract_text(chars, x_tolerance=x_tolerance,
                                                                         y_tolerance=y_tolerance)


@pytest.mark.parametrize("sample", ["pingluo-xlsx.pdf", "pingluo-docx.pdf"])
def test_sample_pages_read_as_pdfplumber_reads_them(sample: str) -> None:
    with open_pages(ROOT / "samples" / "pdf" / sample, None) as (n_pages, content_of):
        for index in range(n_pages):
            chars = [c for c in content_of(index).chars if not c["text"].isspace()]
            bands = [chars[k:k + 12] for k in range(0, len(chars), 12)] + [chars]
            for band in bands:
                assert chars_text(band, 1.5, 3.0) == extract_text(band, x_tolerance=1.5, y_tolerance=3.0)


def test_blanks_only_and_no_chars_read_as_pdfplumber_reads_them() -> None:
    blanks = [_char(random.Random(0), x, 10.0) | {"text": " "} for x in (0.0, 5.0)]
    assert chars_text(blanks, 1.5, 3.0) == extract_text(blanks, x_tolerance=1.5, y_tolerance=3.0) == ""
    assert chars_text([], 1.5, 3.0) == extract_text([], x_tolerance=1.5, y_tolerance=3.0) == ""
