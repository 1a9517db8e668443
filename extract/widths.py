"""How wide text prints in a fixed-width layout (pdftotext -layout): East Asian wide characters take two columns."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)
def char_width(ch: str) -> int:
    if ch == "\t":
        return 8
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


@lru_cache(maxsize=32768)  # pure, and the same cells and lines are measured again at every stage of a layout
def display_width(text: str) -> int:
    if text.isascii():  # every ASCII character takes one column, a tab eight
        return len(text) + 7 * text.count("\t")
    return sum(map(char_width, text))
