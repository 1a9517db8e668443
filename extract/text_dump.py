"""Text dumps (OCR / PDF-to-text output) → `ExtractedDocument`.

Three table notations are read: tab-separated rows, markdown pipe tables and
HTML `<table>` blocks. Everything else is a document line. A run of table rows
with no blank line inside is one fragment; a fragment that follows the
previous one across nothing but blank lines is marked `break_before` (a page
break inside a table, as dumps print it). Whether it continues that table is
the merge stage's decision.
"""

from __future__ import annotations

import csv
import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Container
from typing import Literal

from .clean_text import REPLACEMENT, CleanText, clean_dump_text, code_points, lines_with
from .decode import decode_dump
from .html_tables import parse_html_tables
from .model import Block, Cell, ExtractedDocument, PageTable, TextLine
from .page_marks import is_page_mark
from .page_progress import reading_page
from .widths import display_width

RowKind = Literal["tsv", "markdown", "csv"]

_MD_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_HTML_START = re.compile(r"<table\b", re.IGNORECASE)
_HTML_END = re.compile(r"</table\s*>", re.IGNORECASE)
_HTML_HEADING = re.compile(r"<h[1-6]\b", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_EMPHASIS = re.compile(r"^(\*\*|__)|(\*\*|__)$")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _has_markup(line: str) -> bool:
    """Whether a line holds a character a heading mark, a tag, an entity or an emphasis starts with (# < & * _):
    five scans in C, far quicker than a set's over the line's characters."""
    return "#" in line or "<" in line or "&" in line or "*" in line or "_" in line


def _strip_markup(line: str) -> str:
    """A document line without markdown heading marks or HTML tags."""
    if not _has_markup(line):  # most lines of a dump: nothing to strip but the edges
        return line.strip()
    text = html.unescape(_TAG.sub("", _HEADING.sub("", line))).strip()
    return _EMPHASIS.sub("", text).strip()


@dataclass(slots=True)
class _Fragment:
    kind: RowKind
    page: int
    break_before: bool
    after_running: bool = False  # only page marks and lines printed more than once since the last fragment
    rows: list[list[Cell]] = field(default_factory=list)


def _row_kind(line: str, stripped: str, csv_rows: bool = False) -> RowKind | None:
    """`stripped`: the line without its edges' white space."""
    if "\t" in line:
        return "tsv"
    if csv_rows and "," in line:
        return "csv"
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return "markdown"
    return None


def _split_row(line: str, stripped: str, kind: RowKind) -> list[str]:
    if kind == "tsv":
        return line.rstrip("\n").split("\t")
    if kind == "csv":
        return next(csv.reader([line]))
    inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
    if "\\" not in inner and "<" not in inner:  # no escaped pipe, no <br>: the plain split says the same
        return inner.split("|")  # `_cells` strips each
    parts = _UNESCAPED_PIPE.split(inner)
    return [_BR.sub("\n", p.replace("\\|", "|")).strip() for p in parts]


def _cells(texts: list[str], row: int, page: int, line: int) -> list[Cell]:
    # positional: this runs for every cell of every dump (text, row, col, page, rowspan, colspan, bbox, confidence, line)
    return [Cell(t.strip(), row, c, page, 1, 1, None, 1.0, line) for c, t in enumerate(texts)]


def _is_single_cell(row: list[Cell]) -> bool:
    """One cell of text: alone in its row, or printed in every column it covers (PDF converters)."""
    texts = {"".join(c.text.split()) for c in row if not c.is_empty}
    return len(texts) == 1


class _DumpReader:
    """One pass over the lines; keeps the page count and the open fragment.

    A stream feeds it one segment of lines after another (`feed`, then `finish`): what the whole text
    would tell (its repeated lines, whether it has form feeds) is then given, found by a survey pass."""

    def __init__(self, text: str, csv_rows: bool = False, watched: frozenset[int] = frozenset(),
                 repeated: Container[str] | None = None, use_form_feeds: bool | None = None) -> None:
        self.lines = text.split("\n")
        self.offset = 0  # lines of the segments fed before `self.lines`
        self.fed = 0  # lines fed so far
        self.watched = watched  # 1-based lines whose page the caller wants to know
        self.page_of_line: dict[int, int] = {}
        self.csv_rows = csv_rows
        self.use_form_feeds = "\f" in text if use_form_feeds is None else use_form_feeds
        self.page = 1
        self.blocks: list[Block] = []
        self.fragment: _Fragment | None = None
        self.gap_has_text = True  # nothing but blank lines since the last fragment?
        self.gap_only_running = False  # only page marks and repeated lines (running headers) since it?
        self.repeated = _repeated_lines(self.lines) if repeated is None else repeated
        self.seen_table = False

    def read(self) -> list[Block]:
        reading_page(self.page)
        self._read_lines()
        self._close_fragment()
        return self.blocks

    def feed(self, lines: list[str]) -> list[Block]:
        """The blocks the next segment's lines close (the open fragment stays open for the next one);
        a segment never ends inside an HTML table."""
        if not self.fed:
            reading_page(self.page)
        self.offset, self.lines = self.fed, lines
        self.fed += len(lines)
        self._read_lines()
        out, self.blocks = self.blocks, []
        return out

    def finish(self) -> list[Block]:
        self._close_fragment()
        out, self.blocks = self.blocks, []
        return out

    def _read_lines(self) -> None:
        i = 0
        base = self.offset
        lines = self.lines
        while i < len(lines):
            raw = lines[i]
            if "\f" in raw:
                self.page += raw.count("\f")
                reading_page(self.page)
                raw = raw.replace("\f", "")
                self._close_fragment()
            if "<" in raw and _HTML_START.search(raw):
                end = self._read_html(i, raw)
                if self.watched:
                    self._note_pages(base + i + 1, base + end)
                i = end
                continue
            self._read_line(base + i + 1, raw)
            if self.watched:  # most dumps: no line to watch, no call a line
                self._note_pages(base + i + 1, base + i + 1)
            i += 1

    def _note_pages(self, first: int, last: int) -> None:
        for line_no in range(first, last + 1):
            if line_no in self.watched:
                self.page_of_line[line_no] = self.page

    def _read_line(self, line_no: int, raw: str) -> None:
        stripped = raw.strip()
        if not stripped:
            self._close_fragment()
            return
        # no tab, no leading pipe, no comma rows asked for: no row notation (most lines), no call
        kind = _row_kind(raw, stripped, self.csv_rows) if self.csv_rows or "\t" in raw or stripped[0] == "|" else None
        if kind is None:
            self._close_fragment()
            self._read_text_line(line_no, raw, stripped)
            return
        if kind == "markdown" and "-" in stripped and _MD_SEPARATOR.match(stripped):
            return
        if self.fragment is None or self.fragment.kind != kind:
            self._close_fragment()
            self._open_fragment(kind)
        assert self.fragment is not None
        row_index = len(self.fragment.rows)
        self.fragment.rows.append(_cells(_split_row(raw, stripped, kind), row_index, self.page, line_no))

    def _read_text_line(self, line_no: int, raw: str, stripped: str) -> None:
        if not _has_markup(raw):  # most lines of a dump: no heading mark, no tag, nothing to strip
            heading, text = False, stripped
        else:  # the regexes only where their first character is: most such lines hold neither "#" nor "<"
            heading = (("#" in raw and _HEADING.match(raw) is not None)
                       or ("<" in raw and _HTML_HEADING.search(raw) is not None))
            text = _strip_markup(raw)
            if not text:
                return
        if not is_page_mark(text):
            self.gap_has_text = True
            self.gap_only_running = self.gap_only_running and stripped in self.repeated
        lead = raw.find(stripped[0])  # the white space before the text: none is its first character
        indent = display_width(raw[:lead]) if lead else 0
        self.blocks.append(TextLine(text, self.page, line_no, heading, indent))

    def _open_fragment(self, kind: RowKind) -> None:
        continues = self.seen_table and not self.gap_has_text
        if continues and not self.use_form_feeds:
            self.page += 1
            reading_page(self.page)
        self.fragment = _Fragment(kind=kind, page=self.page, break_before=continues,
                                  after_running=self.seen_table and self.gap_only_running)

    def _close_fragment(self) -> None:
        fragment = self.fragment
        if fragment is None:
            return
        self.fragment = None
        self.seen_table = True
        self.gap_has_text = False
        self.gap_only_running = True
        rows = fragment.rows
        skipped = 0
        if not fragment.break_before and not fragment.after_running:
            # title and year rows printed inside the grid belong to the document lines (after a running
            # header, a lone cell may be the tail of a split one: the merge stage, which knows titles, decides)
            while skipped < len(rows) and _is_single_cell(rows[skipped]):
                head = next(c for c in rows[skipped] if not c.is_empty)
                self.blocks.append(TextLine(text=head.text, page=head.page, line=head.line))
                skipped += 1
        if skipped < len(rows):
            kept = _renumber(rows[skipped:]) if skipped else rows
            self.blocks.append(PageTable(rows=kept, page=fragment.page, break_before=fragment.break_before))

    def _read_html(self, start: int, first: str) -> int:
        self._close_fragment()
        chunk = [first]
        i = start
        while not _HTML_END.search(chunk[-1]) and i + 1 < len(self.lines):
            i += 1
            chunk.append(self.lines[i])
        html = "\n".join(chunk)
        before = _HTML_START.split(html, maxsplit=1)[0]
        after = _HTML_END.split(html)[-1] if _HTML_END.search(html) else ""
        self._add_loose_text(before, self.offset + start + 1)
        for grid in parse_html_tables(html, page=self.page, line=self.offset + start + 1):
            self._open_fragment("tsv")
            assert self.fragment is not None
            self.fragment.rows = grid
            self._close_fragment()
        self._add_loose_text(after, self.offset + i + 1)
        return i + 1

    def _add_loose_text(self, html_part: str, line_no: int) -> None:
        text = _strip_markup(html_part)
        if text:
            self.gap_has_text = True
            self.gap_only_running = False
            self.blocks.append(TextLine(text=text, page=self.page, line=line_no))


def _repeated_lines(lines: list[str]) -> frozenset[str]:
    """Lines printed more than once (running headers and footers, among others), stripped."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for stripped in map(str.strip, lines):
        if stripped in seen:
            repeated.add(stripped)
        else:
            seen.add(stripped)
    return frozenset(repeated)


def _renumber(rows: list[list[Cell]]) -> list[list[Cell]]:
    return [
        [Cell(c.text, r, c.col, c.page, c.rowspan, c.colspan, c.bbox, c.confidence, c.line) for c in row]
        for r, row in enumerate(rows)
    ]


@dataclass(frozen=True, slots=True)
class _LineNote:
    code: str  # a warning code of normalize/findings.py
    lines: tuple[int, ...]
    what: str  # what happened on those lines, for the message


def _line_notes(clean: CleanText, undecodable: int) -> list[_LineNote]:
    notes = []
    inside = [run for run in clean.removed if run.inside_value]
    if inside:
        chars = code_points("".join(run.chars for run in inside))
        notes.append(_LineNote("invisible_chars_removed", tuple(sorted({r.line for r in inside})),
                               f"invisible or control characters removed inside values ({chars})"))
    lost = [f"{n} {what}" for n, what in ((undecodable, "undecodable byte sequence(s)"),
                                          (clean.surrogates_replaced, "lone surrogate(s)")) if n]
    if lost:
        lines = tuple(lines_with(clean.text, REPLACEMENT)) or (1,)
        notes.append(_LineNote("undecodable_bytes", lines, f"{' and '.join(lost)} read as U+FFFD"))
    return notes


def _page_notes(notes: list[_LineNote], page_of_line: dict[int, int]) -> list[tuple[str, int, str]]:
    """One note per code and page: `lines 3, 7: …`."""
    out = []
    for note in notes:
        by_page: dict[int, list[int]] = {}
        for line in note.lines:
            by_page.setdefault(page_of_line.get(line, 1), []).append(line)
        for page, lines in sorted(by_page.items()):
            said = ", ".join(map(str, lines[:12])) + (" …" if len(lines) > 12 else "")
            out.append((note.code, page, f"line{'s' if len(lines) > 1 else ''} {said}: {note.what}"))
    return out


def read_text_dump_text(text: str, path: str = "<text>", sha256: str | None = None,
                        undecodable: int = 0) -> ExtractedDocument:
    """Read a dump; a `.csv` path reads comma-separated rows (tables exported by tabula and the like).

    Line ends, invisible characters and lone surrogates are made good first (`clean_text.py`);
    `undecodable`: byte sequences the decoder read as U+FFFD. Both are said in page notes."""
    clean = clean_dump_text(text)
    notes = _line_notes(clean, undecodable)
    watched = frozenset(line for note in notes for line in note.lines)
    reader = _DumpReader(clean.text, csv_rows=path.lower().endswith(".csv"), watched=watched)
    blocks = reader.read()
    digest = sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    document = ExtractedDocument(path=path, sha256=digest, method="text", blocks=blocks, n_pages=reader.page)
    document.page_notes.extend(_page_notes(notes, reader.page_of_line))
    return document


def read_text_dump(path: Path) -> ExtractedDocument:
    data = path.read_bytes()
    decoded = decode_dump(data, str(path))
    return read_text_dump_text(decoded.text, str(path), hashlib.sha256(data).hexdigest(), decoded.replaced)
