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

from dataclasses import dataclass, field

from lxml import etree

from jixiao.errors import CorruptSourceError

from ..grid import fill_grid
from ..model import Block, Cell, PageTable, TextLine

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
_MAX_SPAN = 64
_SKIPPED = frozenset({"delText", "instrText", "delInstrText", "fldData"})


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _val(element: etree._Element | None, name: str) -> str | None:
    if element is None:
        return None
    found = next((child for child in element if _local(child.tag) == name), None)
    if found is None:
        return None
    return found.get(f"{{{_W}}}val", "")


def _int_val(element: etree._Element | None, name: str, default: int) -> int:
    value = _val(element, name)
    try:
        return int(value) if value else default
    except ValueError:
        return default


@dataclass(slots=True)
class _State:
    page: int = 1
    tables: int = 0  # tables numbered so far
    blocks: list[Block] = field(default_factory=list)


def _is_hidden_run(run: etree._Element) -> bool:
    props = next((child for child in run if _local(child.tag) == "rPr"), None)
    hidden = _val(props, "vanish")
    return hidden is not None and hidden not in ("0", "false")


def _text_nodes(element: etree._Element):  # noqa: ANN202 - yields elements
    """The elements under `element` in document order, hidden runs and fallback copies left out."""
    for child in element:
        name = _local(child.tag)
        if name == "Fallback" or (name == "r" and _is_hidden_run(child)) or name in _SKIPPED:
            continue
        yield child
        yield from _text_nodes(child)


def _paragraph(p: etree._Element, state: _State | None) -> str:
    """A paragraph's text; page breaks in it counted into `state` (outside tables)."""
    parts: list[str] = []
    props = next((child for child in p if _local(child.tag) == "pPr"), None)
    if state is not None and props is not None:
        if _val(props, "pageBreakBefore") not in (None, "0", "false"):
            state.page += 1
    for node in _text_nodes(p):
        name = _local(node.tag)
        if name == "t":
            parts.append(node.text or "")
        elif name in ("tab", "ptab"):
            parts.append(" ")
        elif name in ("br", "cr"):
            if node.get(f"{{{_W}}}type") == "page":
                if state is not None:
                    state.page += 1
            else:
                parts.append("\n")
        elif name == "noBreakHyphen":
            parts.append("-")
    if state is not None and props is not None and any(_local(c.tag) == "sectPr" for c in props):
        state.page += 1  # a section break (next page, the usual kind) after this paragraph
    return "".join(parts).strip()


def _is_heading(p: etree._Element) -> bool:
    props = next((child for child in p if _local(child.tag) == "pPr"), None)
    style = (_val(props, "pStyle") or "").lower()
    return style.startswith(("heading", "title")) or _val(props, "outlineLvl") is not None


@dataclass(slots=True)
class _RawCell:
    text: str
    col: int
    colspan: int
    vmerge: str | None  # None, "restart", "continue"
    element: etree._Element


def _cell_parts(tc: etree._Element) -> list[etree._Element]:
    """A cell's paragraphs and tables in order (content controls opened)."""
    out = []
    for child in tc:
        name = _local(child.tag)
        if name in ("p", "tbl"):
            out.append(child)
        elif name in ("sdt", "customXml"):
            content = next((c for c in child if _local(c.tag) == "sdtContent"), child)
            out.extend(_cell_parts(content))
    return out


def _flat_table_text(tbl: etree._Element) -> str:
    rows = []
    for tr in _rows(tbl):
        texts = [_cell_text(tc) for tc in _cells(tr)]
        rows.append(" ".join(t for t in texts if t))
    return "\n".join(r for r in rows if r)


def _cell_text(tc: etree._Element) -> str:
    parts = []
    for part in _cell_parts(tc):
        parts.append(_paragraph(part, None) if _local(part.tag) == "p" else _flat_table_text(part))
    return "\n".join(p for p in parts if p)


def _rows(tbl: etree._Element) -> list[etree._Element]:
    out = []
    for child in tbl:
        name = _local(child.tag)
        if name == "tr":
            out.append(child)
        elif name in ("sdt", "customXml"):
            content = next((c for c in child if _local(c.tag) == "sdtContent"), child)
            out.extend(c for c in content if _local(c.tag) == "tr")
    return out


def _cells(tr: etree._Element) -> list[etree._Element]:
    out = []
    for child in tr:
        name = _local(child.tag)
        if name == "tc":
            out.append(child)
        elif name in ("sdt", "customXml"):
            content = next((c for c in child if _local(c.tag) == "sdtContent"), child)
            out.extend(c for c in content if _local(c.tag) == "tc")
    return out


def _raw_row(tr: etree._Element, nested_as_text: bool = True) -> list[_RawCell]:
    row_props = next((child for child in tr if _local(child.tag) == "trPr"), None)
    col = min(_int_val(row_props, "gridBefore", 0), _MAX_SPAN)
    out = []
    for tc in _cells(tr):
        props = next((child for child in tc if _local(child.tag) == "tcPr"), None)
        span = max(1, min(_int_val(props, "gridSpan", 1), _MAX_SPAN))
        merge = _val(props, "vMerge")
        vmerge = None if merge is None else ("restart" if merge == "restart" else "continue")
        out.append(_RawCell(_cell_text(tc), col, span, vmerge, tc))
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
    state.tables += 1
    number = state.tables
    rows = [_raw_row(tr) for tr in _rows(tbl)]
    width = max((c.col + c.colspan for row in rows for c in row), default=0)
    pending: list[list[_RawCell]] = []
    for row in rows:
        frame = next((c for c in row if c.colspan == width and any(_local(p.tag) == "tbl" for p in _cell_parts(c.element))), None)
        if frame is None:
            pending.append(row)
            continue
        _flush(pending, number, state)
        pending = []
        _read_parts(_cell_parts(frame.element), state)  # the frame's content, lifted out
    _flush(pending, number, state)


def _flush(rows: list[list[_RawCell]], number: int, state: _State) -> None:
    if not rows:
        return
    grid = _grid(rows, number, state.page)
    if any(not c.is_empty for row in grid for c in row):
        state.blocks.append(PageTable(rows=grid, page=state.page))


def _read_parts(parts: list[etree._Element], state: _State) -> None:
    for part in parts:
        name = _local(part.tag)
        if name == "p":
            text = _paragraph(part, state)
            if text:
                state.blocks.append(TextLine(text=text, page=state.page, heading=_is_heading(part)))
        elif name == "tbl":
            _read_table(part, state)
        elif name in ("sdt", "customXml"):
            content = next((c for c in part if _local(c.tag) == "sdtContent"), part)
            _read_parts(list(content), state)


def read_docx_xml(data: bytes) -> tuple[list[Block], int]:
    """The blocks of a `word/document.xml` in reading order, and the number of pages counted."""
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise CorruptSourceError(f"word/document.xml is damaged: {error}") from error
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise CorruptSourceError("word/document.xml has no body")
    state = _State()
    _read_parts(list(body), state)
    return state.blocks, state.page
