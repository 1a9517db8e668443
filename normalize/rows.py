"""Indicator-block rows → indicator drafts, read by what the cells contain.

printed row → `RowReading` (which cell is a level-1 label, a level-2 label,
a name, a value) → labels carried down over the rows they span → runs of rows
whose names and values sit on different rows re-paired in reading order →
`IndicatorDraft`s plus findings.

Position is only a tie-breaker: dumps lose leading empty cells after a page
break, shift a row by a column, or print one name too many in a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from jixiao.extract.model import Cell

from . import vocabulary as vocab
from .findings import Finding
from .columns import realign
from .labels import LabelMatch, is_section_label, looks_like_label, match_level1, match_level2
from .targets import parse_target
from .text import clean_cell_text

_VALUE_KINDS = frozenset({"number", "range", "date_range"})


@dataclass(frozen=True)
class BodyColumns:
    """Where the indicator block's roles sit in the printed grid."""

    level1: int
    level2: int
    level3: int
    target: int
    extras: dict[int, str] = field(default_factory=dict)  # column → role (actual, weight …) or printed name
    width: int = 0  # columns the column-name row prints

    @cached_property  # asked for every body row
    def has_roles(self) -> bool:
        """Whether columns beyond the core ones are read by role (and rows may be re-aligned to them)."""
        return any(name in vocab.INDICATOR_FIELD_ROLES for name in self.extras.values())

    @cached_property
    def roles_around(self) -> dict[tuple[int, int], dict[int, str | None]]:
        """The roles of the columns a row may shift over, by the row's (first, last) cell columns: filled by
        columns.best_shift as rows ask (the rows of a block span the same few)."""
        return {}


@dataclass(slots=True)
class RowReading:
    index: int
    level1: LabelMatch | None = None
    level2: LabelMatch | None = None
    label_cells: list[Cell] = field(default_factory=list)
    names: list[Cell] = field(default_factory=list)
    value: Cell | None = None
    extras: dict[str, Cell] = field(default_factory=dict)
    realigned: bool = False
    ambiguous: bool = False  # one label that reads as level 1 and as level 2
    context1: LabelMatch | None = None  # level-1 label in force on this row
    context2: LabelMatch | None = None


@dataclass(slots=True)
class IndicatorDraft:
    level1: LabelMatch | None
    level2: LabelMatch | None
    name: Cell | None
    value: Cell | None
    extras: dict[str, Cell] = field(default_factory=dict)
    realigned: bool = False
    repaired: bool = False


@dataclass(slots=True)
class BodyReading:
    drafts: list[IndicatorDraft]
    findings: list[Finding]


def _label_roles(cell: Cell) -> tuple[LabelMatch | None, LabelMatch | None]:
    """The cell read as a level-1 and as a level-2 label (None where it is not one).

    A short cell printed like a label (…指标) that matches nothing is a level-2
    label with no canonical match, so the row still reads right and the
    record can warn about it.
    """
    m1, m2 = match_level1(cell.text), match_level2(cell.text)
    as_level1 = m1 if m1.canonical else None
    as_level2 = m2 if m2.canonical or (as_level1 is None and looks_like_label(cell.text)) else None
    return as_level1, as_level2


def _split_value(cells: list[Cell], cols: BodyColumns) -> tuple[list[Cell], Cell | None]:
    if len(cells) >= 2:
        return cells[:-1], cells[-1]
    if cells and cells[0].col >= cols.target:
        return [], cells[0]
    return cells, None


def _take_labels(front: list[Cell]) -> tuple[LabelMatch | None, LabelMatch | None, int, bool]:
    """Level-1 / level-2 labels at the front of a row, the count of cells they use,
    and whether the one label found could be either level (成本指标 is both).

    Parses [level1?] [level2?] name*: a level-1 label followed by a level-2 label
    is always the pair (a new level-1 group prints its first level-2 label on
    the same row); a single label keeps at least one name after it.
    """
    if len(front) < 2:  # a single label keeps a name after it: no room for one
        return None, None, 0, False
    m1, m2 = _label_roles(front[0])
    if m1 and (second := _label_roles(front[1])[1]):
        return m1, second, 2, False
    if m1 or m2:
        return m1, m2, 1, bool(m1 and m2)
    return None, None, 0, False


def _is_section(cell: Cell, cols: BodyColumns) -> bool:
    return is_section_label(cell.text) or (cell.col < cols.level1 and match_level1(cell.text).canonical is None
                                           and "绩效" in cell.text)


def _looks_like_value(text: str) -> bool:
    """A 指标值 rather than a name: a number, a range, a deadline — not a bare date such as
    2022年全年, which 时效指标 rows print as their name."""
    parsed = parse_target(clean_cell_text(text))
    if parsed.kind == "date":
        return parsed.comparator != "="
    return parsed.kind in _VALUE_KINDS and parsed.subject is None


def _reads_in_place(cells: list[Cell], cols: BodyColumns) -> bool:
    """Every cell sits in the column its content belongs to, with one name in 三级指标.

    Tells a row whose 指标值 is empty from a row shifted one column left.
    """
    names = [c for c in cells if c.col == cols.level3]
    if len(names) != 1 or _looks_like_value(names[0].text):
        return False
    for cell in cells:
        if cell.col == cols.level3:
            continue
        as_level1, as_level2 = _label_roles(cell)
        if not ((cell.col == cols.level1 and as_level1) or (cell.col == cols.level2 and as_level2)):
            return False
    return True


def read_row(index: int, row: list[Cell], cols: BodyColumns) -> RowReading:
    row, moved = realign(row, cols)
    cells = [c for c in row if not c.is_empty and not _is_section(c, cols)]
    reading = RowReading(index=index)
    if cols.extras:
        reading.extras = {cols.extras[c.col]: c for c in cells if c.col in cols.extras}
        cells = [c for c in cells if c.col not in cols.extras]
    if len(cells) == 1 and cells[0].col < cols.level3:
        m1, m2 = _label_roles(cells[0])
        if m1 or m2:  # a label printed on a row of its own
            reading.level1, reading.level2 = m1, m2
            reading.ambiguous = bool(m1 and m2)
            reading.label_cells = cells
            return reading
    if len(cells) == 2 and cells[-1].col < cols.level3:
        first, second = _label_roles(cells[0]), _label_roles(cells[1])
        if first[0] and second[1]:  # a level-1 label and the level-2 label it opens with, no name: labels
            reading.level1, reading.level2 = first[0], second[1]
            reading.label_cells = cells
            return reading
    if cells and cells[-1].col < cols.target and _reads_in_place(cells, cols):
        front, value = cells, None  # the 指标值 cell is empty, nothing shifted
    else:
        front, value = _split_value(cells, cols)
    level1, level2, used, ambiguous = _take_labels(front)
    reading.level1, reading.level2, reading.ambiguous = level1, level2, ambiguous
    reading.label_cells = front[:used]
    reading.names = front[used:]
    reading.value = value
    reading.realigned = moved or _printed_elsewhere(reading, cols)
    return reading


def _printed_elsewhere(reading: RowReading, cols: BodyColumns) -> bool:
    """Whether any cell was read into a column other than the one it was printed in."""
    level3 = cols.level3
    for name in reading.names:
        if name.col != level3:
            return True
    if reading.value is not None and reading.value.col != cols.target:
        return True
    labels = reading.label_cells
    if len(labels) == 2:
        return labels[0].col != cols.level1 or labels[1].col != cols.level2
    if labels:
        expected = (cols.level1, cols.level2) if reading.ambiguous else \
            (cols.level1,) if reading.level1 else (cols.level2,)
        return labels[0].col not in expected
    return False


def _resolve_ambiguous(reading: RowReading, level1: LabelMatch | None) -> None:
    """One label that is both levels is a level 2 where the level 1 in force is its usual parent."""
    assert reading.level1 is not None and reading.level2 is not None
    parents = vocab.LEVEL2_PARENTS.get(reading.level2.canonical or "", ())
    if level1 is not None and level1.canonical in parents:
        reading.level1 = None
    else:
        reading.level2 = None


def carry_labels(readings: list[RowReading]) -> None:
    """Give each row the labels in force on it: a label applies until the next one."""
    level1: LabelMatch | None = None
    level2: LabelMatch | None = None
    for reading in readings:
        if reading.ambiguous:
            _resolve_ambiguous(reading, level1)
        if reading.level1 is not None:
            # the level-1 label in force printed again with no level-2 label (a dump that repeats
            # it on every row, a merged cell cut by a page break) keeps the level-2 group in force
            same_group = level1 is not None and reading.level2 is None and \
                reading.level1.canonical is not None and reading.level1.canonical == level1.canonical
            level1 = reading.level1
            level2 = level2 if same_group else reading.level2
        elif reading.level2 is not None:
            level2 = reading.level2
        reading.context1, reading.context2 = level1, level2


def _belongs_under(level1: LabelMatch, reading: RowReading) -> bool:
    """Whether a row's level-2 group sits under `level1` and not under the level-1 label in force on it."""
    level2 = reading.context2.canonical if reading.context2 else None
    parents = vocab.LEVEL2_PARENTS.get(level2 or "", ())
    in_force = reading.context1.canonical if reading.context1 else None
    return level1.canonical in parents and in_force not in parents


def pull_mid_block_labels(readings: list[RowReading]) -> None:
    """A level-1 label printed mid-block (a merged cell centred over its rows) also heads the rows
    above it whose level-2 groups belong under it rather than under the label in force on them."""
    for i, reading in enumerate(readings):
        if reading.level1 is None or reading.level1.canonical is None:
            continue
        j = i - 1
        while j >= 0 and readings[j].level1 is None and _belongs_under(reading.level1, readings[j]):
            readings[j].context1 = reading.level1
            j -= 1


def _is_extra_name_row(reading: RowReading) -> bool:
    return len(reading.names) >= 2


def _find_runs(readings: list[RowReading]) -> list[tuple[int, int, int]]:
    """(first, last, names minus values) of each run of rows whose names and values drifted apart."""
    runs: list[tuple[int, int, int]] = []
    i = 0
    while i < len(readings):
        if not _is_extra_name_row(readings[i]):
            i += 1
            continue
        drift = 0
        j = i
        while j < len(readings):
            drift += len(readings[j].names) - (readings[j].value is not None)
            if drift == 0:
                break
            j += 1
        last = min(j, len(readings) - 1)
        runs.append((i, last, drift))
        i = last + 1
    return runs


def _pair_run(run: list[RowReading]) -> tuple[list[IndicatorDraft], list[Cell]]:
    names = [(n, r.index) for r in run for n in r.names]
    value_rows = [r for r in run if r.value is not None]
    drafts: list[IndicatorDraft] = []
    for k, reading in enumerate(value_rows):
        name, name_row = names[k] if k < len(names) else (None, None)
        drafts.append(
            IndicatorDraft(
                level1=reading.context1,
                level2=reading.context2,
                name=name,
                value=reading.value,
                extras=reading.extras,
                realigned=True,
                repaired=name_row is not None and name_row != reading.index,
            )
        )
    leftover = [n for n, _ in names[len(value_rows):]]
    return drafts, leftover


def _plain_draft(reading: RowReading) -> IndicatorDraft:
    return IndicatorDraft(
        level1=reading.context1,
        level2=reading.context2,
        name=reading.names[0] if reading.names else None,
        value=reading.value,
        extras=reading.extras,
        realigned=reading.realigned,
    )


def read_body(rows: list[list[Cell]], cols: BodyColumns) -> BodyReading:
    readings = [read_row(i, row, cols) for i, row in enumerate(rows)]
    carry_labels(readings)
    pull_mid_block_labels(readings)
    findings: list[Finding] = []
    runs = {first: (last, drift) for first, last, drift in _find_runs(readings)}
    drafts: list[IndicatorDraft] = []
    i = 0
    while i < len(readings):
        if i in runs:
            last, drift = runs[i]
            run = readings[i : last + 1]
            run_drafts, leftover = _pair_run(run)
            first_draft = len(drafts)
            drafts.extend(run_drafts)
            findings.append(_run_finding(run, first_draft, len(drafts) - 1, drift))
            for cell in leftover:
                findings.append(_unplaced(cell, "a level-3 name left over after re-pairing"))
            i = last + 1
            continue
        reading = readings[i]
        if reading.names or reading.value is not None:
            drafts.append(_plain_draft(reading))
        i += 1
    return BodyReading(drafts=drafts, findings=findings)


def _run_finding(run: list[RowReading], first: int, last: int, drift: int) -> Finding:
    cells = [c for r in run for c in [*r.names, *([r.value] if r.value else [])]]
    lines = sorted({c.line for c in cells if c.line is not None})
    pages = sorted({c.page for c in cells})
    n_names = sum(len(r.names) for r in run)
    n_values = sum(r.value is not None for r in run)
    where = f"lines {lines[0]}–{lines[-1]}" if lines else f"page {pages[0]}"
    certainty = "counts agree" if drift == 0 else "counts differ, the pairing after the first gap is uncertain"
    return Finding(
        code="row_shifted",
        field=f"indicators[{first}:{last + 1}]",
        message=(
            f"{len(run)} rows at {where} print {n_names} indicator names against {n_values} values "
            f"in shifted columns; re-paired in reading order ({certainty})"
        ),
        page=pages[0],
        line=lines[0] if lines else None,
    )


def _unplaced(cell: Cell, why: str) -> Finding:
    return Finding(
        code="cell_unplaced",
        field="indicators",
        message=f"{why}: {cell.text!r} (page {cell.page}, row {cell.row}, column {cell.col})",
        page=cell.page,
        line=cell.line,
    )
