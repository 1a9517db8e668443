"""A big dump's cleaned lines a piece at a time, and what only the whole text can tell, found by a
survey pass over those pieces: its repeated lines, whether it has form feeds, its line notes.

A piece never ends inside an HTML table (the reader reads one whole); line numbers are the
whole text's, as `clean_text.clean_dump_text` numbers them.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .clean_text import REPLACEMENT, clean_dump_text, code_points
from .decode_stream import StreamDecoding, decoded_segments
from .text_dump import _HTML_END, _HTML_START, _LineNote


@dataclass(slots=True)
class Piece:
    lines: list[str]
    first_line: int  # 1-based line of the whole text that lines[0] is
    removed_inside: list[tuple[int, str]] = field(default_factory=list)  # (line, characters) removed inside values


def _html_open_from(lines: list[str]) -> int | None:
    """The index of an HTML table's first line that the lines do not close, as the reader reads them."""
    open_from: int | None = None
    for i, line in enumerate(lines):
        if open_from is not None:
            if _HTML_END.search(line):
                open_from = None
        elif _HTML_START.search(line.replace("\f", "")) and not _HTML_END.search(line.replace("\f", "")):
            open_from = i
    return open_from


def pieces(path: Path, decoding: StreamDecoding, segment_bytes: int) -> Iterator[Piece]:
    carried: list[str] = []
    next_line = 1  # of the first carried line, or of the next piece
    decoded = decoded_segments(path, decoding, segment_bytes)
    for text, final in decoded:
        clean = clean_dump_text(text)
        lines = clean.text.split("\n")
        if not final:
            lines.pop()
        first = next_line + len(carried)
        removed = [(first + run.line - 1, run.chars) for run in clean.removed if run.inside_value]
        lines = carried + lines
        cut = len(lines) if final else _html_open_from(lines)
        cut = len(lines) if cut is None else cut
        carried = lines[cut:]
        if cut or final:
            yield Piece(lines[:cut], next_line, removed)
        elif removed:  # a piece all inside one HTML table: its notes wait with its lines
            yield Piece([], next_line, removed)
        next_line += cut
        if final:
            return


class HashCounts:
    """How often each text occurs, by its hash: a few bytes an occurrence, not the texts."""

    def __init__(self) -> None:
        self.hashes: array[int] = array("q")

    def add(self, texts: Iterable[str]) -> None:
        self.hashes.extend(hash(t) for t in texts)

    def repeated(self) -> frozenset[int]:
        import numpy as np

        values, counts = np.unique(np.frombuffer(self.hashes, dtype=np.int64), return_counts=True)
        self.hashes = array("q")
        return frozenset(int(v) for v in values[counts > 1])


class HashedTexts:
    """`text in it`: the text's hash is one of these (a 64-bit hash: two texts collide about never)."""

    def __init__(self, hashes: frozenset[int]) -> None:
        self.hashes = hashes

    def __contains__(self, text: object) -> bool:
        return hash(text) in self.hashes


@dataclass(slots=True)
class Survey:
    repeated: HashedTexts  # stripped lines printed more than once
    use_form_feeds: bool
    notes: list[_LineNote]
    lines: int


def survey(all_pieces: Iterable[Piece], undecodable: int) -> Survey:
    counts = HashCounts()
    form_feeds = False
    removed_chars: dict[str, int] = {}
    removed_lines: set[int] = set()
    replacement_lines: list[int] = []
    lines = 0
    for piece in all_pieces:
        counts.add(line.strip() for line in piece.lines)
        form_feeds = form_feeds or any("\f" in line for line in piece.lines)
        for line, chars in piece.removed_inside:
            removed_lines.add(line)
            for ch in chars:
                removed_chars[ch] = removed_chars.get(ch, 0) + 1
        replacement_lines += [piece.first_line + k for k, line in enumerate(piece.lines) if REPLACEMENT in line]
        lines += len(piece.lines)
    notes = []
    if removed_lines:  # as text_dump._line_notes says them
        chars = code_points("".join(ch * n for ch, n in removed_chars.items()))
        notes.append(_LineNote("invisible_chars_removed", tuple(sorted(removed_lines)),
                               f"invisible or control characters removed inside values ({chars})"))
    if undecodable:
        notes.append(_LineNote("undecodable_bytes", tuple(replacement_lines) or (1,),
                               f"{undecodable} undecodable byte sequence(s) read as U+FFFD"))
    return Survey(HashedTexts(counts.repeated()), form_feeds, notes, lines)
