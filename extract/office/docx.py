"""`.docx` documents → blocks: paragraphs as document lines, Word tables as page tables.

`word/document.xml` is read with lxml in reading order — what python-docx would give,
without building its object tree (3× faster on a document of a dozen forms):

- a paragraph outside any table is a `TextLine` (the attachment heading, the title,
  the `（2022年度）` line), as the PDF reader gives them; hidden runs (w:vanish),
  deleted revisions and field codes are no text;
- a table is a `PageTable`: `w:gridSpan` is a column span, `w:vMerge` a row span
  (the continuing cells are placeholders), `w:gridBefore` skips grid columns;
- a table nested in a cell that spans the whole outer table (a layout frame around a
  form) is lifted out: the outer rows above it, the cell's own paragraphs and tables,
  then the rows below, in reading order; a table nested in a narrower cell is read
  into that cell's text, row by row;
- pages are counted at explicit page breaks (w:br type="page", pageBreakBefore,
  section breaks): a document has no pages until it is laid out.

Every cell keeps where it came from: `table 3, row 5, column 2` (1-based; tables
numbered in document order, nested ones included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from jixiao.errors import CorruptSourceError

from ..grid import fill_grid
from ..model import Block, Cell, PageTable, TextLine

_W_NAMESPACES = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                 "http://purl.oclc.org/ooxml/wordprocessingml/main")  # transitional, strict
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
_MAX_SPAN = 64
_OFF = frozenset({"0", "false", "off"})
_BREAK_TAG = re.compile(rb"<(?:\w+:)?(?:tab|ptab|br|cr|noBreakHyphen)\b")


class _Tags:
    """The qualified tag names of one namespace (lxml compares them in C)."""

    def __init__(self, namespace: str) -> None:
        for name in ("body", "p", "pPr", "r", "rPr", "t", "tab", "ptab", "br", "cr", "noBreakHyphen", "tbl", "tr",
                     "trPr", "tc", "tcPr", "gridSpan", "vMerge", "gridBefore", "sdt", "sdtContent", "customXml",
                     "vanish", "pageBreakBefore", "sectPr", "pStyle", "outlineLvl", "type", "val"):
            setattr(self, name, f"{{{namespace}}}{name}")
        self.fallback = f"{{{_MC}}}Fallback"
        self.containers = (self.sdt, self.customXml)
        self.spaces = (self.tab, self.ptab)
        self.breaks = (self.br, self.cr)
        self.non_text = (self.tab, self.ptab, self.br, self.cr, self.noBreakHyphen)


def _attr(element: etree._Element | None, child: str, val: str) -> str | None:
    """The w:val of `element`'s child `child` ("" when it has none); None when there is no such child."""
    if element is None:
        return None
    found = next(element.iterchildren(child), None)
    return None if found is None else found.get(val, "")


def _int_attr(element: etree._Element | None, child: str, val: str, default: int) -> int:
    value = _attr(element, child, val)
    try:
        return int(value) if value else default
    except ValueError:
        return default


@dataclass(slots=True)
class _State:
    tags: _Tags
    plain: bool  # no hidden runs and no fallback copies anywhere: text nodes can be read straight
    unbroken: bool = False  # plain, and no tabs, breaks or special hyphens anywhere: a paragraph is its w:t texts
    page: int = 1
    tables: int = 0  # tables numbered so far
    blocks: list[Block] = field(default_factory=list)


def _is_hidden_run(run: etree._Element, tags: _Tags) -> bool:
    hidden = _attr(next(run.iterchildren(tags.rPr), None), tags.vanish, tags.val)
    return hidden is not None and hidden not in _OFF


def _text_nodes(element: etree._Element, tags: _Tags):  # noqa: ANN202 - yields elements
    """The elements under `element` in document order, hidden runs and fallback copies left out."""
    for child in element:
        if child.tag == tags.fallback or (child.tag == tags.r and _is_hidden_run(child, tags)):
            continue
        yield child
        yield from _text_nodes(child, tags)


def _paragraph(p: etree._Element, state: _State, outside_tables: bool) -> str:
    """A paragraph's text; page breaks in it counted into `state` when it is outside any table."""
    tags = state.tags
    t_tag = tags.t
    if state.plain and not outside_tables and (state.unbroken or next(p.iter(*tags.non_text), None) is None):
        return "".join(p.itertext(t_tag, with_tail=False)).strip()  # runs of plain text (most cells): no proxies
    parts: list[str] = []
    props = next(p.iterchildren(tags.pPr), None) if outside_tables else None
    if props is not None and _attr(props, tags.pageBreakBefore, tags.val) not in (None, *_OFF):
        state.page += 1
    nodes = p.iter(t_tag, tags.tab, tags.ptab, tags.br, tags.cr, tags.noBreakHyphen) if state.plain \
        else _text_nodes(p, tags)
    for node in nodes:
        tag = node.tag
        if tag == t_tag:
            parts.append(node.text or "")
        elif tag in tags.spaces:
            parts.append(" ")
        elif tag in tags.breaks:
            if node.get(tags.type) != "page":
                parts.append("\n")
            elif outside_tables:
                state.page += 1
        elif tag == tags.noBreakHyphen:
            parts.append("-")
    if props is not None and next(props.iterchildren(tags.sectPr), None) is not None:
        state.page += 1  # a section break (next page, the usual kind) after this paragraph
    return "".join(parts).strip()


def _is_heading(p: etree._Element, tags: _Tags) -> bool:
    props = next(p.iterchildren(tags.pPr), None)
    style = (_attr(props, tags.pStyle, tags.val) or "").lower()
    return style.startswith(("heading", "title")) or _attr(props, tags.outlineLvl, tags.val) is not None


@dataclass(slots=True)
class _RawCell:
    text: str
    col: int
    colspan: int
    vmerge: str | None  # None, "restart", "continue"
    element: etree._Element


def _opened(element: etree._Element, wanted: tuple[str, ...], tags: _Tags) -> list[etree._Element]:
    """`element`'s children with those tags, content controls (w:sdt, w:customXml) opened."""
    out = []
    for child in element:
        if child.tag in wanted:
            out.append(child)
        elif child.tag in tags.containers:
            content = next(child.iterchildren(tags.sdtContent), None)
            out.extend(_opened(child if content is None else content, wanted, tags))
    return out


def _flat_table_text(tbl: etree._Element, state: _State) -> str:
    tags = state.tags
    rows = []
    for tr in _opened(tbl, (tags.tr,), tags):
        texts = [_cell_text(tc, state) for tc in _opened(tr, (tags.tc,), tags)]
        rows.append(" ".join(t for t in texts if t))
    return "\n".join(r for r in rows if r)


def _cell_text(tc: etree._Element, state: _State) -> str:
    tags = state.tags
    parts = [_paragraph(part, state, False) if part.tag == tags.p else _flat_table_text(part, state)
             for part in _opened(tc, (tags.p, tags.tbl), tags)]
    return "\n".join(p for p in parts if p)


def _raw_row(tr: etree._Element, state: _State) -> list[_RawCell]:
    tags = state.tags
    col = min(_int_attr(next(tr.iterchildren(tags.trPr), None), tags.gridBefore, tags.val, 0), _MAX_SPAN)
    out = []
    for tc in _opened(tr, (tags.tc,), tags):
        props = next(tc.iterchildren(tags.tcPr), None)
        span = max(1, min(_int_attr(props, tags.gridSpan, tags.val, 1), _MAX_SPAN))
        merge = _attr(props, tags.vMerge, tags.val)
        vmerge = None if merge is None else ("restart" if merge == "restart" else "continue")
        out.append(_RawCell(_cell_text(tc, state), col, span, vmerge, tc))
        col += span
    return out


def _grid(rows: list[list[_RawCell]], number: int, page: int) -> list[list[Cell]]:
    """Raw rows with their vertical merges resolved into a filled grid."""
    anchors: list[Cell] = []
    open_at: dict[int, int] = {}  # grid column → index in anchors of the merge open there
    for r, row in enumerate(rows):
        for raw in row:
            if raw.vmerge == "continue" and raw.col in open_at:
                k = open_at[raw.col]
                above = anchors[k]
                anchors[k] = Cell(above.text, above.row, above.col, page, above.rowspan + 1, above.colspan, ref=above.ref)
                continue
            ref = f"table {number}, row {r + 1}, column {raw.col + 1}"
            anchors.append(Cell(raw.text, r, raw.col, page, 1, raw.colspan, ref=ref))
            if raw.vmerge is None:
                open_at.pop(raw.col, None)
            else:
                open_at[raw.col] = len(anchors) - 1
    return fill_grid(anchors, len(rows)) if anchors else []


def _read_table(tbl: etree._Element, state: _State) -> None:
    tags = state.tags
    state.tables += 1
    number = state.tables
    rows = [_raw_row(tr, state) for tr in _opened(tbl, (tags.tr,), tags)]
    width = max((c.col + c.colspan for row in rows for c in row), default=0)
    pending: list[list[_RawCell]] = []
    for row in rows:
        frame = next((c for c in row if c.colspan == width and c.element.find(f".//{tags.tbl}") is not None), None)
        if frame is None:
            pending.append(row)
            continue
        _flush(pending, number, state)
        pending = []
        _read_parts(_opened(frame.element, (tags.p, tags.tbl), tags), state)  # the frame's content, lifted out
    _flush(pending, number, state)


def _flush(rows: list[list[_RawCell]], number: int, state: _State) -> None:
    if not rows:
        return
    grid = _grid(rows, number, state.page)
    if any(not c.is_empty for row in grid for c in row):
        state.blocks.append(PageTable(rows=grid, page=state.page))


def _read_parts(parts: list[etree._Element], state: _State) -> None:
    tags = state.tags
    for part in parts:
        if part.tag == tags.p:
            text = _paragraph(part, state, True)
            if text:
                state.blocks.append(TextLine(text=text, page=state.page, heading=_is_heading(part, tags)))
        elif part.tag == tags.tbl:
            _read_table(part, state)
        elif part.tag in tags.containers:
            content = next(part.iterchildren(tags.sdtContent), None)
            _read_parts(list(part if content is None else content), state)


def read_docx_xml(data: bytes) -> tuple[list[Block], int]:
    """The blocks of a `word/document.xml` in reading order, and the number of pages counted."""
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise CorruptSourceError(f"word/document.xml is damaged: {error}") from error
    namespace = root.tag[1:].split("}", 1)[0] if isinstance(root.tag, str) and root.tag.startswith("{") else ""
    if namespace not in _W_NAMESPACES:
        raise CorruptSourceError("word/document.xml is no WordprocessingML document")
    tags = _Tags(namespace)
    body = root.find(tags.body)
    if body is None:
        raise CorruptSourceError("word/document.xml has no body")
    plain = b"vanish" not in data and b"Fallback" not in data
    unbroken = plain and _BREAK_TAG.search(data) is None
    state = _State(tags, plain, unbroken)
    _read_parts(list(body), state)
    return state.blocks, state.page
