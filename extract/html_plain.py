"""HTML table blocks in the plain markup layout tools print, read without HTMLParser.

`read_plain` gives the same tables `html_tables._TableCollector` gathers through HTMLParser, or
None when the block holds anything else (comments, declarations, a stray "<", raw-text elements
such as <script>): then HTMLParser reads it. Only markup HTMLParser reads the same way is taken
(ASCII white space, names of letters and digits, plainly quoted or bare values).

Speed comes from reading big pieces with one regex each: a whole table of rows of whole cells
(`<td ...>text<br>text</td>`), which is nearly every block, is one match and two nested
`findall`s; whatever that does not take goes through a token loop that mirrors the collector
step for step, a whole cell still one token. tests/test_html_tokens.py holds both to HTMLParser.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape

MAX_SPAN = 1000  # a span larger than this is a broken attribute, read as 1

RawCell = tuple[str, int, int]  # a cell as read: its text pieces joined, rowspan, colspan
RawTable = list[list[RawCell]]


def _tag(name: str) -> str:
    """A tag name in any letter case (not re.IGNORECASE: it also folds the Kelvin sign and the long s)."""
    return "".join(f"[{ch.lower()}{ch.upper()}]" for ch in name)


_WS = "[ \t\n\r\f]"
_ATTR_VALUE = "(?:\"[^\"<]*\"|'[^'<]*'|[^ \t\n\r\f\"'=<>`/]+(?![^ \t\n\r\f>]))"
_ATTR_NAME = "[a-zA-Z_:][-a-zA-Z0-9_:.]*"
_ATTRS = f"(?:{_WS}+{_ATTR_NAME}(?:{_WS}*={_WS}*{_ATTR_VALUE})?)*"
_BR_TAG = f"<{_tag('br')}{_WS}*/?>"
_CONTENT = f"[^<]*+(?:{_BR_TAG}[^<]*+)*+"  # a cell's text and line breaks
_CELL_START = f"<(?:{_tag('td')}|{_tag('th')})"
_CELL_END = f"</(?:{_tag('td')}|{_tag('th')}){_WS}*>"
_WHOLE_CELL = f"{_CELL_START}({_ATTRS}){_WS}*>({_CONTENT}){_CELL_END}"  # groups: attributes, content
_ROW_END = f"</{_tag('tr')}{_WS}*>"
_ROW_BODY = f"[^<]*+(?:{_CELL_START}{_ATTRS}{_WS}*>{_CONTENT}{_CELL_END}[^<]*+)*+"  # whole cells
_SECTIONS = f"(?:{_tag('tbody')}|{_tag('thead')}|{_tag('tfoot')})"
_SECTION_TAG = f"(?:<{_SECTIONS}{_ATTRS}{_WS}*/?>|</{_SECTIONS}{_WS}*>)"
_PLAIN_ROW = f"<{_tag('tr')}{_ATTRS}{_WS}*>{_ROW_BODY}{_ROW_END}"
_TABLE = re.compile(f"<{_tag('table')}{_ATTRS}{_WS}*>([^<]*+(?:(?:{_PLAIN_ROW}|{_SECTION_TAG})[^<]*+)*+)"
                    f"</{_tag('table')}{_WS}*>")  # group: rows and section tags
_CELLS_AND_ROW_ENDS = re.compile(f"{_WHOLE_CELL}|({_ROW_END})")  # in a whole table: nothing else counts
_TOKEN = re.compile(
    f"{_WHOLE_CELL}"  # a whole cell: 1-2
    f"|<([a-zA-Z][a-zA-Z0-9]*)({_ATTRS}){_WS}*(/?)>"  # start tag: 3-5
    f"|</([a-zA-Z][a-zA-Z0-9]*){_WS}*>"  # end tag: 6
    "|([^<]+)"  # text: 7
    "|<"  # any other markup: not plain
)
_CELL, _START, _END, _TEXT = 2, 5, 6, 7  # the token's last group
_BR = re.compile(_BR_TAG)
_ATTR = re.compile(f"({_ATTR_NAME})(?:{_WS}*={_WS}*({_ATTR_VALUE}))?")
_RAW_TEXT_TAGS = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea",
                            "title", "plaintext"})


def span(value: str | None) -> int:
    """A rowspan or colspan attribute's value as a span (1 when missing or broken)."""
    if value is None:
        return 1
    try:
        found = int((value or "1").strip())
    except ValueError:
        return 1
    return found if 1 <= found <= MAX_SPAN else 1


def _attrs(text: str) -> list[tuple[str, str | None]]:
    """A start tag's attributes as HTMLParser gives them: names lower-cased, values unquoted and unescaped."""
    attrs: list[tuple[str, str | None]] = []
    for found in _ATTR.finditer(text):
        value = found.group(2)
        if value is not None and value[:1] in ("'", '"'):
            value = value[1:-1]
        attrs.append((found.group(1).lower(), unescape(value) if value else value))
    return attrs


@lru_cache(maxsize=4096)
def _spans(attrs: str) -> tuple[int, int]:
    """(rowspan, colspan) of a cell's attribute text, the last of each winning as in a dict of them."""
    values = dict(_attrs(attrs))
    return span(values.get("rowspan")), span(values.get("colspan"))


def _pieces(content: str) -> list[str]:
    """A whole cell's content (text and `<br>` tags) as the pieces the collector would have gathered."""
    if "<" not in content:
        return [unescape(content)] if content else []
    pieces: list[str] = []
    for k, text in enumerate(_BR.split(content)):
        if k:
            pieces.append("\n")
        if text:
            pieces.append(unescape(text))
    return pieces


def _raw_cell(attrs: str, content: str) -> RawCell:
    if "<" in content:
        content = "".join(_pieces(content))
    elif "&" in content:
        content = unescape(content)
    return (content, *_spans(attrs)) if attrs else (content, 1, 1)


def _whole_table(inner: str) -> RawTable:
    """A table of rows of whole cells, read as the collector reads it from outside any table:
    text outside cells, row starts and section tags (<tbody> …) count for nothing; each row ends
    at its end tag (one pass over the table, not one for the rows and one for each row's cells)."""
    rows: RawTable = []
    row: list[RawCell] = []
    for attrs, content, row_end in _CELLS_AND_ROW_ENDS.findall(inner):
        if row_end:
            rows.append(row)
            row = []
        elif attrs or "<" in content or "&" in content:
            row.append(_raw_cell(attrs, content))
        else:  # most cells: plain text, no spans (what _raw_cell gives, without the call)
            row.append((content, 1, 1))
    return rows


class _TokenReader:
    """`html_tables._TableCollector`'s state machine, step for step, over plain-markup tokens."""

    __slots__ = ("tables", "depth", "row", "parts", "rowspan", "colspan")

    def __init__(self) -> None:
        self.tables: list[RawTable] = []
        self.depth = 0
        self.row: list[RawCell] | None = None
        self.parts: list[str] | None = None  # the open cell's text pieces
        self.rowspan = self.colspan = 1

    def feed(self, html: str) -> bool:
        """Read `html` token by token; False (half read) when it is not plain markup."""
        for token in _TOKEN.finditer(html):
            kind = token.lastindex
            if kind == _CELL:
                self.whole_cell(token.group(1), token.group(_CELL))
            elif kind == _TEXT:
                if self.parts is not None:
                    self.parts.append(unescape(token.group(_TEXT)))
            elif kind == _START:
                tag, attrs, closed = token.group(3, 4, 5)
                tag = tag.lower()
                if tag in _RAW_TEXT_TAGS:
                    return False
                self.start(tag, attrs)
                if closed:
                    self.end(tag)
            elif kind == _END:
                self.end(token.group(_END).lower())
            else:
                return False
        return True

    def close_cell(self) -> None:
        if self.parts is not None and self.row is not None:
            self.row.append(("".join(self.parts), self.rowspan, self.colspan))
        self.parts = None

    def close_row(self) -> None:
        self.close_cell()
        if self.row is not None and self.tables:
            self.tables[-1].append(self.row)
        self.row = None

    def whole_cell(self, attrs: str, content: str) -> None:
        if self.depth != 1:  # inside a nested table (or outside any): only the text counts, in the open cell
            if self.parts is not None:
                self.parts.extend(_pieces(content))
            return
        self.close_cell()
        if self.row is None:
            self.row = []
        self.row.append(_raw_cell(attrs, content))

    def start(self, tag: str, attrs: str) -> None:
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif tag == "br":
            if self.parts is not None:
                self.parts.append("\n")
        elif self.depth != 1:
            return
        elif tag == "tr":
            self.close_row()
            self.row = []
        elif tag in ("td", "th"):
            self.close_cell()
            if self.row is None:
                self.row = []
            self.rowspan, self.colspan = _spans(attrs) if attrs else (1, 1)
            self.parts = []

    def end(self, tag: str) -> None:
        if tag == "table":
            if self.depth == 1:
                self.close_row()
            self.depth = max(0, self.depth - 1)
        elif self.depth != 1:
            return
        elif tag in ("td", "th"):
            self.close_cell()
        elif tag == "tr":
            self.close_row()


def read_plain(html: str) -> list[RawTable] | None:
    """Every table of `html` (rows of raw cells, empty tables kept) when it is plain markup; None when not.

    A whole table met outside any other (the collector's state then is blank: no row, no cell)
    is read in one piece; the markup between whole tables, and a whole table met inside another,
    token by token. Every "<" starts a token, and no token holds "<table", so cutting the block
    at a whole table's ends cuts no token."""
    reader = _TokenReader()
    at = 0
    for table in _TABLE.finditer(html):
        if not reader.feed(html[at:table.start()]):
            return None
        if reader.depth == 0:
            reader.tables.append(_whole_table(table.group(1)))
        elif not reader.feed(table.group(0)):
            return None
        at = table.end()
    return reader.tables if reader.feed(html[at:]) else None
