"""How wide text prints in a fixed-width layout (pdftotext -layout): East Asian wide characters take two
display columns, or, where the text is set out in character cells (as pdftotext really prints a page: one
cell a character, wide or not), one cell (`in_character_cells`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Protocol


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


def measure(char_cells: bool) -> Callable[[str], int]:
    """How many columns a text takes: its display columns, or its character cells (`char_cells`)."""
    return len if char_cells else display_width


PRINTED_CELLS = 0.55  # character cells a display column takes on paper: a CJK character 1.1, a digit or letter 0.55


@lru_cache(maxsize=32768)
def printed_width(text: str) -> float:
    """How wide `text` is on paper, in the character cells pdftotext sets it in: a wide character a
    little wider than a cell, a narrow one about half a cell (its neighbours are pushed right, or drawn
    nearer, when each is printed in one)."""
    return display_width(text) * PRINTED_CELLS


class _Line(Protocol):
    text: str
    indent: int


# what parts two cells of a space-aligned line: two spaces or more between two printed characters (spelled to
# start with its space, the look-behind after it: the engine then skips to a space or a U+3000), or U+3000s
WIDE_GAP = re.compile(r" (?<=\S )[ ]+(?=\S)|\u3000+")
_CELLS_AGREE = 1.5  # how much better line starts must agree in character cells than in display columns


def in_character_cells(lines: Sequence[_Line]) -> bool:
    """Whether a block of space-aligned lines is set out in character cells rather than display columns:
    the cells after a gap that follows wide characters start where other lines start (a column's wrapped
    text) far more often counted in characters than in display columns."""
    indents = {line.indent for line in lines}
    in_cells = in_columns = 0
    gaps_of = WIDE_GAP.finditer
    for line in lines:
        text = line.text
        if text.isascii() or not ("  " in text or "\u3000" in text):
            continue
        indent = line.indent
        columns = indent  # where the piece after each gap starts, in display columns
        at = 0
        for gap in gaps_of(text):
            start, end = gap.span()
            gap_width = end - start if text[start] == " " else display_width(text[start:end])  # spaces, or U+3000s
            columns += display_width(text[at:start]) + gap_width  # the cell's own width: cached
            at = end
            cells = indent + at
            if cells != columns:  # wide characters before it
                in_cells += cells in indents
                in_columns += columns in indents
    return in_cells > _CELLS_AGREE * in_columns
