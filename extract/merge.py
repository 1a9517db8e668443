"""Page-table fragments → logical tables: one mechanism for every source kind.

blocks → (fragments, lines) → continuation decisions → stitched rows (split
cells joined, repeated header rows dropped) → `LogicalTable`s.

What a table start, a column-header row or a noise line looks like is form
knowledge; it comes in through `MergeRules` so this module stays generic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from .model import Cell, CellJoin, ExtractedDocument, LogicalTable, PageTable, TextLine

RowPredicate = Callable[[list[Cell]], bool]
LinePredicate = Callable[[str], bool]


_HEADER_SEARCH_ROWS = 40  # a column-name row sits near a table's top


@dataclass(frozen=True, slots=True)
class MergeRules:
    starts_table: RowPredicate  # first row of a new table (项目名称 …)
    is_column_header: RowPredicate  # the indicator block's column-name row
    is_noise: LinePredicate  # page numbers and the like between fragments
    is_sign_off: LinePredicate  # lines that close the table above them
    is_title: LinePredicate  # a table title or its ( 2022 年度) line
    is_year: LinePredicate  # the ( 2022 年度) line alone
    is_label: LinePredicate  # a cell that is a label of the form (项目名称, 其他资金, 质量指标 …)


@dataclass(slots=True)
class MergedDocument:
    tables: list[LogicalTable]
    noise_lines: list[TextLine]  # page numbers, running headers: kept for tracing


def _filled(row: list[Cell]) -> list[Cell]:
    return [c for c in row if not c.is_empty]


def _compact(text: str) -> str:
    return "".join(text.split())


def _row_key(row: list[Cell]) -> tuple[str, ...]:
    return tuple(_compact(c.text) for c in _filled(row))


def _split_cell_continuation(table_rows: list[list[Cell]], row: list[Cell], rules: MergeRules) -> int | None:
    """The column whose text `row` continues, when `row` is the tail of a split cell.

    The row holds one new cell, in a column where the row above has text (its name, or its
    last filled cell: a value cut in two), and that cell is no label of its own (a bare 其他资金
    row is a row, not a tail). Its other cells, if any, reprint the labels in force above them
    (a page that repeats the merged 绩效指标 / 效益指标 cells), all left of it.
    """
    prev = table_rows[-1]
    fresh = [c for c in _filled(row) if not _repeats_above(table_rows, c)]
    if len(fresh) != 1 or len(_filled(prev)) < 2 or rules.is_label(fresh[0].text):
        return None
    if any(c.col > fresh[0].col for c in _filled(row)):
        return None  # a value right of it that repeats the one above is a value, not a label in force
    col = fresh[0].col
    if col >= len(prev) or prev[col].is_empty:
        return None
    return col


def _repeats_above(table_rows: list[list[Cell]], cell: Cell) -> bool:
    """The cell reprints the text in force in its column: the nearest non-empty cell above it."""
    for above in reversed(table_rows):
        if cell.col < len(above) and not above[cell.col].is_empty:
            return _compact(above[cell.col].text) == _compact(cell.text)
    return False


def _join_cells(head: Cell, tail: Cell) -> Cell:
    return Cell(
        text=f"{head.text}\n{tail.text}",
        row=head.row,
        col=head.col,
        page=head.page,
        rowspan=head.rowspan,
        colspan=head.colspan,
        bbox=head.bbox,
        confidence=min(head.confidence, tail.confidence),
        line=head.line,
    )


def _column_lefts(rows: list[list[Cell]]) -> dict[int, float]:
    """The left edge of each column, from the single-column cells that have boxes."""
    lefts: dict[int, list[float]] = {}
    for row in rows:
        for cell in row:
            if cell.bbox is not None and cell.colspan == 1:
                lefts.setdefault(cell.col, []).append(cell.bbox[0])
    return {col: sum(xs) / len(xs) for col, xs in lefts.items()}


def _aligned(rows: list[list[Cell]], lefts: dict[int, float], tolerance: float = 3.0) -> list[list[Cell]]:
    """A continuation's rows with each cell moved to the table's column at its left edge.

    A page can show fewer columns than the table (a column whose cells there
    have no rules, or are all empty): its grid then numbers columns
    differently, and stitching by index would shift every cell.
    """
    if not lefts:
        return rows
    width = max(lefts) + 1

    def column_of(cell: Cell) -> int | None:
        if cell.bbox is None:
            return None
        col, left = min(lefts.items(), key=lambda item: abs(item[1] - cell.bbox[0]))  # type: ignore[index]
        return col if abs(left - cell.bbox[0]) <= tolerance else None

    moved = []
    for r, row in enumerate(rows):
        placed = {}
        for cell in row:
            if cell.is_empty and cell.rowspan == cell.colspan == 1:
                continue  # a placeholder: laid anew below
            col = column_of(cell)
            if col is None:
                return rows  # a column the table does not have: keep the page's own numbering
            placed[col] = replace(cell, col=col)
        moved.append([placed.get(c) or Cell(text="", row=r, col=c, page=row[0].page if row else 1)
                      for c in range(width)])
    return moved


def _cell_in(row: list[Cell], col: int) -> Cell:
    """The cell printed in column `col` (a row is ragged; its cells carry their columns)."""
    return row[col] if col < len(row) and row[col].col == col else next(c for c in row if c.col == col)


def _append_fragment(table: LogicalTable, fragment: PageTable, header_keys: set[tuple[str, ...]], rules: MergeRules) -> None:
    rows = _aligned(list(fragment.rows), _column_lefts(table.rows))
    while rows and header_keys and _row_key(rows[0]) in header_keys:
        table.repeated_headers.append(rows.pop(0))
    if rows and table.rows:
        prev = table.rows[-1]
        col = _split_cell_continuation(table.rows, rows[0], rules)
        if col is not None:
            tail = _cell_in(rows.pop(0), col)
            head = _cell_in(prev, col)
            prev[prev.index(head)] = _join_cells(head, tail)
            table.joins.append(CellJoin(row=len(table.rows) - 1, col=col, parts=(head, tail)))
    if rows:
        table.break_rows.append(len(table.rows))
        table.rows.extend(list(r) for r in rows)
    table.strays.extend(fragment.strays)


def _running_lines(document: ExtractedDocument, rules: MergeRules) -> set[str]:
    """Lines printed more than once (running headers and footers), year lines aside."""
    counts = Counter(_compact(b.text) for b in document.blocks if isinstance(b, TextLine))
    return {text for text, n in counts.items() if n > 1 and not rules.is_year(text)}


def _continues(table: LogicalTable | None, fragment: PageTable, gap: list[TextLine], rules: MergeRules,
               running: set[str]) -> bool:
    """A fragment continues the table above unless real text or a table start comes between."""
    if table is None or not fragment.rows or rules.starts_table(fragment.rows[0]):
        return False
    return all(rules.is_noise(line.text) or _compact(line.text) in running for line in gap)


def _merged_text(row: list[Cell]) -> Cell | None:
    """The one cell of a row that holds one text: alone, or repeated in every column it covers."""
    first: Cell | None = None
    for cell in row:
        if cell.is_empty:
            continue
        if first is None:
            first = cell
        elif cell.text != first.text and _differ_past_spaces(cell.text, first.text):
            return None
    return first


def _differ_past_spaces(a: str, b: str) -> bool:
    """Whether two texts with something besides white space differ once white space is taken out
    (their first letters tell most pairs apart without taking it out)."""
    return a.lstrip()[0] != b.lstrip()[0] or _compact(a) != _compact(b)


def _is_title_row(row: list[Cell], rules: MergeRules) -> bool:
    cell = _merged_text(row)
    return cell is not None and rules.is_title(cell.text)


def _split_at_titles(fragment: PageTable, rules: MergeRules) -> list[PageTable]:
    """A fragment cut where title or year rows inside it open a new table (forms printed in one grid)."""
    rows = fragment.rows
    titles = [_is_title_row(row, rules) for row in rows]
    cuts = []
    for i in range(1, len(rows)):
        if titles[i] and not titles[i - 1]:
            j = i
            while j < len(rows) and titles[j]:
                j += 1
            if j < len(rows) and rules.starts_table(rows[j]):
                cuts.append(i)
    if not cuts:
        return [fragment]
    pieces = []
    for k, (lo, hi) in enumerate(zip([0, *cuts], [*cuts, len(rows)])):
        pieces.append(PageTable(rows=rows[lo:hi], page=fragment.page, bbox=fragment.bbox,
                                break_before=fragment.break_before if k == 0 else False,
                                strays=fragment.strays if k == 0 else []))
    return pieces


def _peel_titles(fragment: PageTable, rules: MergeRules) -> tuple[PageTable, list[TextLine]]:
    """Title and year rows printed inside the grid, at a fragment's top, as document lines."""
    lines: list[TextLine] = []
    rows = fragment.rows
    while rows:
        filled = [cell] if (cell := _merged_text(rows[0])) is not None else []
        if len(filled) != 1 or not rules.is_title(filled[0].text):
            break
        lines.append(TextLine(filled[0].text, filled[0].page, filled[0].line))
        rows = rows[1:]
    if not lines:
        return fragment, lines
    return PageTable(rows=rows, page=fragment.page, bbox=fragment.bbox, break_before=fragment.break_before), lines


def _blocks(document: ExtractedDocument, rules: MergeRules) -> list[TextLine | PageTable]:
    out: list[TextLine | PageTable] = []
    for block in document.blocks:
        out.extend([block] if isinstance(block, TextLine) else _split_at_titles(block, rules))
    return out


def merge_fragments(document: ExtractedDocument, rules: MergeRules) -> MergedDocument:
    tables: list[LogicalTable] = []
    noise: list[TextLine] = []
    gap: list[TextLine] = []
    current: LogicalTable | None = None
    header_keys: set[tuple[str, ...]] = set()  # the current table's column-name row(s)
    running = _running_lines(document, rules)
    for block in _blocks(document, rules):
        if isinstance(block, TextLine):
            gap.append(block)
            continue
        block, titles = _peel_titles(block, rules)
        gap.extend(titles)
        if not block.rows:
            continue
        if _continues(current, block, gap, rules, running):
            assert current is not None
            noise.extend(gap)
            if not header_keys:
                header = next((r for r in current.rows[:_HEADER_SEARCH_ROWS] if rules.is_column_header(r)), None)
                header_keys = {_row_key(header)} if header else set()
            _append_fragment(current, block, header_keys, rules)
        else:
            before = _settle_gap(current, gap, rules, noise)
            current = LogicalTable(rows=[list(r) for r in block.rows], lines_before=before, strays=list(block.strays))
            header_keys = set()
            tables.append(current)
        gap = []
    trailing = _settle_gap(current, gap, rules, noise)
    if current is not None:
        current.lines_after.extend(trailing)
    return MergedDocument(tables=tables, noise_lines=noise)


def _settle_gap(previous: LogicalTable | None, gap: list[TextLine], rules: MergeRules, noise: list[TextLine]) -> list[TextLine]:
    """Hand sign-offs to the table above, drop noise into `noise`, return the rest."""
    rest: list[TextLine] = []
    for line in gap:
        if rules.is_noise(line.text):
            noise.append(line)
        elif previous is not None and not rest and rules.is_sign_off(line.text):
            previous.lines_after.append(line)
        else:
            rest.append(line)
    return rest


