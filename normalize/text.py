"""Cell text as the record contract wants it.

Two changes and nothing else: OCR spacing removed (no space between CJK
characters, or between a CJK character and a digit) and full-width forms of
ASCII letters and digits folded. Punctuation, half- or full-width, stays as
printed.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACE_CHAR = r"[ \t\u00a0\u3000]"
_SPACE = rf"{_SPACE_CHAR}+"
# A run of spaces with a CJK character on one side and a CJK character or a
# digit on the other.
_OCR_SPACE = re.compile(
    rf"(?<=[{_CJK}]){_SPACE}(?=[{_CJK}0-9])|(?<=[{_CJK}0-9]){_SPACE}(?=[{_CJK}])"
)
_ANY_SPACE = re.compile(_SPACE_CHAR)  # what every _OCR_SPACE match holds: a search in C, most cells have none
_FULLWIDTH_ALNUM = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
}
_BREAK_CHAR = r"[\r\n]"
_LINE_BREAK = re.compile(rf"[ \t]*{_BREAK_CHAR}+[ \t]*")
_ANY_BREAK = re.compile(_BREAK_CHAR)  # what every _LINE_BREAK match holds
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_SPACED_PUNCT = frozenset(",;:!?")
_LATIN = re.compile(r"[A-Za-z]")
_CJK_CHAR = re.compile(rf"[{_CJK}]")


_FULLWIDTH_ALNUM_CHAR = re.compile("[" + "".join(map(chr, sorted(_FULLWIDTH_ALNUM))) + "]")


def fold_fullwidth_alnum(text: str) -> str:
    if text.isascii() or _FULLWIDTH_ALNUM_CHAR.search(text) is None:
        return text  # most text holds no full-width letter or digit: a search in C, not a translation a character
    return text.translate(_FULLWIDTH_ALNUM)


def _line_break_joiner(match: re.Match[str]) -> str:
    """A wrapped line joins with the space a wrap swallows: between two Latin words or
    numbers, after ASCII , ; : ! ?, and between a Latin word and a CJK character;
    with nothing elsewhere (CJK text, and CJK punctuation next to a number: 〔2021〕12号)."""
    source = match.string
    before = source[match.start() - 1] if match.start() > 0 else ""
    after = source[match.end()] if match.end() < len(source) else ""
    if before in _SPACED_PUNCT or (_ASCII_WORD.match(before) and _ASCII_WORD.match(after)):
        return " "
    if (_LATIN.match(before) and _CJK_CHAR.match(after)) or (_CJK_CHAR.match(before) and _LATIN.match(after)):
        return " "
    return ""


def remove_ocr_spacing(text: str) -> str:
    if _ANY_SPACE.search(text) is None:
        return text  # the pattern starts with a look-behind, so sub() tries it at every character
    return _OCR_SPACE.sub("", text)


@lru_cache(maxsize=65536)  # pure, and every cell's text goes through it, often more than once
def clean_cell_text(text: str) -> str:
    """The contract's normalisation of a cell's text; empty → ""."""
    text = fold_fullwidth_alnum(text).strip()
    if _ANY_BREAK.search(text) is not None:
        text = _LINE_BREAK.sub(_line_break_joiner, text)
    return remove_ocr_spacing(text)


def cell_or_none(text: str | None) -> str | None:
    """Cleaned text, or None for an empty cell (the contract never holds "")."""
    if text is None:
        return None
    cleaned = clean_cell_text(text)
    return cleaned or None


@lru_cache(maxsize=65536)  # labels and cells are compacted again at every stage that matches them
def compact(text: str) -> str:
    """Text with every space removed: for matching labels, never for output."""
    return "".join(fold_fullwidth_alnum(text).split())  # str.split() parts where \s matches (the same test in C), faster than a sub
