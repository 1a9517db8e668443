"""The one intermediate type between extract/ and normalize/.

Every reader (text dumps, born-digital PDFs, scans, office files) turns a source
into an `ExtractedDocument`: a sequence of page tables (cells with text, grid
position, spans, page, bbox and confidence) interleaved with the document-level
lines around them (attachment heading, table titles, `( 2022 年度)`).
Everything after this module is source-agnostic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from jixiao.errors import PageUnreadableError

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in page points
Method = Literal["text", "pdf-text", "pdf-ocr", "office"]


@dataclass(slots=True, unsafe_hash=True, init=False)
class Cell:
    """One table cell as the source printed it (after span resolution).

    Never changed once made (`dataclasses.replace` makes a moved copy); not declared frozen
    because a frozen dataclass is made five times slower, and making cells is a large share
    of reading a text dump. Equality and hashing are those of a frozen one (`unsafe_hash`).
    `is_empty` is worked out once, when the cell is made: the record stage asks it of every
    cell many times over.
    """

    text: str
    row: int
    col: int
    page: int = 1
    rowspan: int = 1
    colspan: int = 1
    bbox: BBox | None = None
    confidence: float = 1.0
    line: int | None = None  # 1-based source line, for text dumps
    ref: str | None = None  # where an office file holds it: `Sheet1!B7` (a merge: `Sheet1!A3:A5`), `table 2, row 5, column 3`
    is_empty: bool = field(init=False, repr=False, compare=False)  # no text, or only white space

    def __init__(self, text: str, row: int, col: int, page: int = 1, rowspan: int = 1, colspan: int = 1,
                 bbox: BBox | None = None, confidence: float = 1.0, line: int | None = None,
                 ref: str | None = None) -> None:
        self.text = text
        self.row = row
        self.col = col
        self.page = page
        self.rowspan = rowspan
        self.colspan = colspan
        self.bbox = bbox
        self.confidence = confidence
        self.line = line
        self.ref = ref
        self.is_empty = not text or text.isspace()


@dataclass(slots=True)
class PageTable:
    """A table fragment as found on one page (or one block of a text dump).

    `rows` holds each printed row's cells in column order. Rows are ragged on
    purpose: a text dump row may lose its leading empty cells or carry one cell
    too many, and the merge stage needs to see that as printed.
    `break_before` marks a fragment that follows a page break inside what may
    be the same logical table as the previous fragment.
    """

    rows: list[list[Cell]]
    page: int = 1
    bbox: BBox | None = None
    break_before: bool = False
    strays: list[Cell] = field(default_factory=list)  # text inside the table's box that no cell holds


@dataclass(slots=True, unsafe_hash=True, init=False)
class TextLine:
    """A document-level line outside any table: heading, title, year, page number. Never changed once made;
    not declared frozen for the reason `Cell` is not (a text dump makes one a line)."""

    text: str
    page: int = 1
    line: int | None = None
    heading: bool = False  # printed as a heading (markdown `#`, bold title …)
    indent: int = 0  # display columns of white space before the text (pdftotext -layout aligns cells so)

    def __init__(self, text: str, page: int = 1, line: int | None = None, heading: bool = False,
                 indent: int = 0) -> None:
        self.text = text
        self.page = page
        self.line = line
        self.heading = heading
        self.indent = indent


Block = PageTable | TextLine


@dataclass(slots=True)
class ExtractedDocument:
    """A source read into blocks in reading order."""

    path: str
    sha256: str
    method: Method
    blocks: list[Block] = field(default_factory=list)
    n_pages: int = 1
    page_errors: list[PageUnreadableError] = field(default_factory=list)  # pages no reader could trust
    page_notes: list[tuple[str, int, str]] = field(default_factory=list)  # (warning code, page, message)
    page_methods: dict[int, Method] = field(default_factory=dict)  # pages read otherwise than `method` (OCR'd)
    untold_values: frozenset[tuple[int, int]] = frozenset()  # (page, line) of names a glued 指标值 could not be told from
    reader: str = ""  # the kind of the reader that read it (`jixiao.extract.readers`)

    def method_of(self, pages: Iterable[int]) -> Method:
        """How these pages were read: OCR if any of them was OCR'd, else the document's method."""
        found = {self.page_methods.get(page, self.method) for page in pages}
        return "pdf-ocr" if "pdf-ocr" in found else self.method


@dataclass(frozen=True, slots=True)
class CellJoin:
    """A cell whose text a page break split; `parts` are the printed pieces in order."""

    row: int
    col: int
    parts: tuple[Cell, ...]


@dataclass(slots=True)
class LogicalTable:
    """One table as printed, its fragments stitched across page breaks.

    `lines_before` are the document lines between the previous table and this
    one (title, year, notes); `lines_after` the sign-off lines that close it.
    `break_rows` are the indices of the first row after each page break.
    """

    rows: list[list[Cell]]
    lines_before: list[TextLine] = field(default_factory=list)
    lines_after: list[TextLine] = field(default_factory=list)
    break_rows: list[int] = field(default_factory=list)
    joins: list[CellJoin] = field(default_factory=list)
    repeated_headers: list[list[Cell]] = field(default_factory=list)
    strays: list[Cell] = field(default_factory=list)

    @property
    def pages(self) -> list[int]:
        found = {c.page for row in self.rows for c in row if not c.is_empty}
        found.update(line.page for line in self.lines_before)
        return sorted(found) or [1]
