"""A dump's text made readable before any line is read: one kind of line end, no invisible characters.

Web copies carry zero-width spaces, soft hyphens and byte-order marks inside words
(项\u200b目名称); old Mac files end lines with CR alone; a str from elsewhere may hold
lone surrogates. The characters removed inside a value, and the characters that stand
for what could not be decoded (U+FFFD), are reported by line, so the reader can warn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Control characters but tab, line feed and form feed; format characters (category Cf): those of the
# basic plane, and those past it.
_BMP_INVISIBLE_CLASS = (
    "\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb"
)
_ASTRAL_INVISIBLE_CLASS = (
    "\U000110bd\U000110cd\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_INVISIBLE_CLASS = _BMP_INVISIBLE_CLASS + _ASTRAL_INVISIBLE_CLASS
_INVISIBLE = re.compile(f"[{_INVISIBLE_CLASS}]+")
_LINE_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# One look decides whether any of the work below is needed (the common case: none). A class of basic-plane
# characters only is looked up in a table, one with characters past it range by range (four times slower):
# those are looked for only in a text that has characters past the basic plane.
_ANYTHING_TO_DO_BMP = re.compile(f"[{_BMP_INVISIBLE_CLASS}\r\x85\u2028\u2029\ud800-\udfff]")
_ASTRAL_INVISIBLE = re.compile(f"[{_ASTRAL_INVISIBLE_CLASS}]")
REPLACEMENT = "\ufffd"


@dataclass(frozen=True, slots=True)
class RemovedRun:
    line: int  # 1-based line of the cleaned text
    chars: str  # the characters removed there
    inside_value: bool  # between two visible characters of one cell (not at a line's or a cell's edge)


@dataclass(frozen=True, slots=True)
class CleanText:
    text: str
    removed: tuple[RemovedRun, ...] = ()
    surrogates_replaced: int = 0  # lone surrogates read as U+FFFD


def clean_dump_text(text: str) -> CleanText:
    """`text` with one line end (LF), no control or format characters but tab and form feed, no lone surrogates."""
    if not _anything_to_do(text):
        return CleanText(text)
    surrogates = 0
    if _SURROGATE.search(text):
        before = text.count(REPLACEMENT)
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")  # pairs rejoin, lone ones go
        surrogates = text.count(REPLACEMENT) - before
    text = _LINE_BREAKS.sub("\n", text)
    if not _INVISIBLE.search(text):
        return CleanText(text, surrogates_replaced=surrogates)
    removed: list[RemovedRun] = []
    lines = text.split("\n")
    for k, line in enumerate(lines):
        if _INVISIBLE.search(line):
            lines[k] = _INVISIBLE.sub(lambda m: _note(m, k + 1, removed), line)
    return CleanText("\n".join(lines), tuple(removed), surrogates)


def _anything_to_do(text: str) -> bool:
    if _ANYTHING_TO_DO_BMP.search(text):
        return True
    return _past_basic_plane(text) and _ASTRAL_INVISIBLE.search(text) is not None


def _past_basic_plane(text: str) -> bool:
    """Whether `text` holds a character past U+FFFF (two UTF-16 units; a lone surrogate is one)."""
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


def _note(found: re.Match[str], line: int, removed: list[RemovedRun]) -> str:
    text = found.string
    before = text[found.start() - 1] if found.start() > 0 else ""
    after = text[found.end()] if found.end() < len(text) else ""
    removed.append(RemovedRun(line, found.group(), _visible(before) and _visible(after)))
    return ""


def _visible(ch: str) -> bool:
    return bool(ch) and not ch.isspace() and ch not in "|,"


def lines_with(text: str, ch: str) -> list[int]:
    """1-based numbers of the lines that hold `ch`."""
    if ch not in text:
        return []
    return [k + 1 for k, line in enumerate(text.split("\n")) if ch in line]


def code_points(chars: str) -> str:
    """`U+200B ×3, U+00AD` for the characters of `chars`, most frequent first."""
    counts: dict[str, int] = {}
    for ch in chars:
        counts[ch] = counts.get(ch, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: -item[1])
    return ", ".join(f"U+{ord(ch):04X}" + (f" ×{n}" if n > 1 else "") for ch, n in ordered)
