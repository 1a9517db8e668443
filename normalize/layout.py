"""Where things are in a 绩效目标表: the header block, the indicator block, the lines around.

Also the form knowledge the merge stage needs (`merge_rules`), so that
extract/ stays free of labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from jixiao.extract.merge import MergeRules
from jixiao.extract.model import Cell, TextLine
from jixiao.extract.page_marks import is_page_mark

from . import vocabulary as vocab
from .chinese import label_key
from .grids import Grid, open_grid, read_grid
from .labels import match_column, match_field, match_level1, match_level2, strip_decorations
from .rows import BodyColumns
from .text import cell_or_none, compact

_INDICATOR_ROLES = ("level1", "level2", "level3", "target")
_DEPARTMENT_CODE = re.compile(r"[(（\[【［〔<《]?\s*([0-9][0-9A-Za-z\-]{2,})\s*[)）\]】］〕>》]?")


def _filled(row: list[Cell]) -> list[Cell]:
    return [c for c in row if not c.is_empty]


def column_roles(row: list[Cell]) -> dict[str, int]:
    """role → column for a column-name row (empty dict when it is not one)."""
    roles: dict[str, int] = {}
    for cell in _filled(row):
        role = match_column(cell.text)
        if role is not None and role not in roles:
            roles[role] = cell.col
    return roles


def is_column_header(row: list[Cell]) -> bool:
    roles = column_roles(row)
    return sum(role in roles for role in _INDICATOR_ROLES) >= 2


def starts_table(row: list[Cell]) -> bool:
    filled = _filled(row)
    return bool(filled) and starts_table_label(filled[0].text)


@lru_cache(maxsize=16384)
def is_sign_off(text: str) -> bool:
    plain = compact(label_key(text))
    return bool(vocab.SIGN_OFF_PATTERN.match(plain) or vocab.SIGN_OFF_TAIL_PATTERN.match(plain))


@lru_cache(maxsize=16384)
def is_title_or_year(text: str) -> bool:
    """A heading line of a form: its title, its ( 2022 年度) line, or the 附件 N line of the document it opens."""
    key = label_key(text)
    plain = compact(key)
    return bool(vocab.TITLE_PATTERN.search(plain) or vocab.YEAR_LINE_PATTERN.match(plain)
                or vocab.ATTACHMENT_HEADING_PATTERN.match(key.strip()))


def starts_table_label(text: str) -> bool:
    """The label a form's table starts with (项目名称, 部门名称, 转移支付名称 …: vocab.TABLE_START_FIELDS)."""
    return match_field(text) in vocab.TABLE_START_FIELDS


def is_form_label(text: str) -> bool:
    """A header field label, or an indicator label printed as one (…指标): never a bare word
    such as 成本, which is as likely the tail of a split name."""
    if match_field(text) is not None:
        return True
    return strip_decorations(text).endswith(vocab.LABEL_SUFFIXES) and (
        match_level1(text).canonical is not None or match_level2(text).canonical is not None
    )


def merge_rules() -> MergeRules:
    return MergeRules(
        starts_table=starts_table,
        is_column_header=is_column_header,
        is_noise=is_page_mark,
        is_sign_off=is_sign_off,
        is_title=is_title_or_year,
        is_year=lambda text: bool(vocab.YEAR_LINE_PATTERN.match(compact(text))),
        is_label=is_form_label,
    )


# --- the header block ----------------------------------------------------------


@dataclass(slots=True)
class HeaderReading:
    values: dict[str, Cell] = field(default_factory=dict)  # record key → value cell
    labels: dict[str, Cell] = field(default_factory=dict)  # record key → label cell
    unplaced: list[Cell] = field(default_factory=list)
    grids: dict[str, Grid] = field(default_factory=dict)  # funds / goals / tasks


# Labels that name a block rather than hold a value right of them.
_LABEL_ONLY_FIELDS = vocab.BLOCK_LABEL_FIELDS


def read_header(rows: list[list[Cell]]) -> HeaderReading:
    """Label cells name the field; the cells right of a label up to the next label are its value.

    A label with nothing right of it takes the cell below it, for templates that
    print 年度资金总额 / 财政拨款 / 其他资金 as column names over a row of amounts.
    A row of column names (年初预算数 | 全年执行数 …, 预期目标 | 实际完成情况) opens a
    grid read by column (grids.py).
    """
    header = HeaderReading()
    label_at: dict[tuple[int, int], str] = {}
    r = 0
    while r < len(rows):
        grid = open_grid(rows[r])
        if grid is not None and grid.kind not in header.grids:
            if grid.label_cell is not None and (key := match_field(grid.label_cell.text)) is not None:
                header.labels.setdefault(key, grid.label_cell)
            r = read_grid(grid, rows, r + 1)
            header.grids[grid.kind] = grid
            continue
        _read_label_row(rows[r], r, header, label_at, _labels_above(label_at, r))
        r += 1
    _values_below_labels(rows, label_at, header)
    return header


def _labels_above(label_at: dict[tuple[int, int], str], r: int) -> dict[int, str]:
    """column → field of the labels the row above `r` printed."""
    return {col: key for (row, col), key in label_at.items() if row == r - 1}


def _read_label_row(row: list[Cell], r: int, header: HeaderReading, label_at: dict[tuple[int, int], str],
                    above: dict[int, str]) -> None:
    """A row of the header block: labels and the values right of them.

    A cell that repeats the cell left of it is that cell again (a merged cell that a PDF
    converter printed in every column it covers) — unless each stands under a label of its own
    (资金总额 | 财政拨款 over 36839 | 36839: two amounts that happen to be equal) — and a label already
    read, printed again at a row's start, is the same merged label (printed in every row it
    covers): neither is a value.
    """
    key: str | None = None
    left: Cell | None = None
    for cell in _filled(row):
        repeated = _repeats(left, cell) and not _under_labels_of_their_own(left, cell, above)
        left = cell
        if repeated:
            continue
        found = match_field(cell.text)
        if found is not None and found not in header.labels:
            key = found
            header.labels[key] = cell
            label_at[(r, cell.col)] = key
            continue
        if found is not None and key is None and header.labels[found].col == cell.col:
            key = found  # a merged label printed again on the rows it covers
            continue
        if found is not None and found == key and key not in header.values:
            continue  # the field's label said twice (总体目标 | 年度目标): a sub-label, not its value
        if not strip_decorations(cell.text):
            continue  # a bare "其中:" or a lone colon
        if key is None or key in _LABEL_ONLY_FIELDS:
            header.unplaced.append(cell)
        elif key in header.values:
            header.values[key] = _joined(header.values[key], cell)
        else:
            header.values[key] = cell


def _repeats(left: Cell | None, cell: Cell) -> bool:
    """The cell right before this one in the row holds the same text: one merged cell printed twice."""
    return left is not None and left.col == cell.col - 1 and (
        left.text == cell.text or "".join(left.text.split()) == "".join(cell.text.split()))


def _under_labels_of_their_own(left: Cell | None, cell: Cell, above: dict[int, str]) -> bool:
    return left is not None and left.col in above and cell.col in above and above[left.col] != above[cell.col]


def _values_below_labels(rows: list[list[Cell]], label_at: dict[tuple[int, int], str], header: HeaderReading) -> None:
    for (r, col), key in label_at.items():
        if key in header.values or key in _LABEL_ONLY_FIELDS or r + 1 >= len(rows):
            continue
        below = next((c for c in rows[r + 1] if c.col == col and not c.is_empty), None)
        if below is not None and below in header.unplaced and (r + 1, col) not in label_at:
            header.unplaced.remove(below)
            header.values[key] = below


def _joined(first: Cell, more: Cell) -> Cell:
    return Cell(f"{first.text}{more.text}", first.row, first.col, first.page, bbox=first.bbox,
                confidence=min(first.confidence, more.confidence), line=first.line)


def funds_unit(header: HeaderReading) -> str | None:
    """The money unit printed in the 项目资金 label (or in the total's label)."""
    for key in ("funds.label", "department.budget", "funds.total", "funds.fiscal"):
        label = header.labels.get(key)
        if label is not None:
            found = vocab.UNIT_IN_LABEL_PATTERN.search(compact(label_key(label.text)))
            if found:
                return found.group(1)
    return None


def split_department(text: str | None) -> tuple[str | None, str | None]:
    """主管部门及代码 → (department, code): '平罗县城关镇人民政府 [614001]' → both parts."""
    if not text:
        return None, None
    found = _DEPARTMENT_CODE.search(text)
    if found is None:
        return text, None
    name = (text[: found.start()] + text[found.end():]).strip(" ，,;；:：-—")
    return name or None, found.group(1)


# --- the lines around a table ----------------------------------------------------


@dataclass(slots=True)
class Surroundings:
    title: str | None = None
    year: int | None = None
    attachment: str | None = None
    document_title: str | None = None
    notes: list[TextLine] = field(default_factory=list)


def read_surroundings(lines: list[TextLine], header_rows: list[list[Cell]]) -> Surroundings:
    found = Surroundings()
    for line in lines:
        text = cell_or_none(line.text) or ""
        attachment = vocab.ATTACHMENT_PATTERN.match(text)
        year = vocab.YEAR_LINE_PATTERN.match(compact(text))
        if attachment:
            found.attachment = compact(attachment.group(1))
            found.document_title = attachment.group(2).strip() or None
        elif year and found.year is None:
            found.year = int(year.group(1))
        elif vocab.TITLE_PATTERN.search(compact(label_key(text))):
            if found.title is not None and found.document_title is None:
                found.document_title = found.title  # two titles: the first is the document's
            found.title = text
        else:
            found.notes.append(line)
    if found.year is None:
        found.year = _year_in_rows(header_rows)
    if found.year is None and found.title:
        in_title = vocab.YEAR_MENTION_PATTERN.search(compact(found.title))
        found.year = int(in_title.group(1)) if in_title else None
    return found


def _year_in_rows(rows: list[list[Cell]]) -> int | None:
    """A ( 2022 年度) line printed as a row of its own inside the grid (not a cell such as 项目期 2022年)."""
    for row in rows:
        filled = _filled(row)
        year = vocab.YEAR_LINE_PATTERN.match(compact(filled[0].text)) if len(filled) == 1 else None
        if year:
            return int(year.group(1))
    return None


# --- the indicator block ---------------------------------------------------------


@dataclass(slots=True)
class TableLayout:
    header_rows: list[list[Cell]]
    column_header: list[Cell] | None
    body_rows: list[list[Cell]]
    columns: BodyColumns | None


def split_table(rows: list[list[Cell]]) -> TableLayout:
    for i, row in enumerate(rows):
        roles = column_roles(row)
        if sum(role in roles for role in _INDICATOR_ROLES) >= 2:
            header = list(row)
            body_start = i + 1
            if body_start < len(rows) and _is_sub_header(rows[body_start]):
                header = _merged_header(row, rows[body_start])  # 指标值 over 指标性质 | 指标值 | 度量单位
                body_start += 1
            return TableLayout(rows[:i], header, rows[body_start:], _body_columns(column_roles(header), header))
    return TableLayout(rows, None, [], None)


def _is_sub_header(row: list[Cell]) -> bool:
    """A second row of column names under the first (every cell names a column)."""
    cells = _filled(row)
    return bool(cells) and all(match_column(c.text) is not None for c in cells)


def _merged_header(top: list[Cell], sub: list[Cell]) -> list[Cell]:
    """The column names of a two-row header: a name of the lower row replaces the one above it."""
    below = {c.col: c for c in _filled(sub)}
    merged = [below.pop(c.col, c) for c in top]
    return sorted([*merged, *below.values()], key=lambda c: c.col)


def _body_columns(roles: dict[str, int], header: list[Cell]) -> BodyColumns:
    level3 = roles.get("level3", roles.get("target", 3) - 1)
    target = roles.get("target", level3 + 1)
    level2 = roles.get("level2", level3 - 1)
    level1 = roles.get("level1", level2 - 1)
    # columns with a role of their own (实际完成值, 分值, 度量单位 …) are read at their column by role;
    # other columns right of 指标值 (备注 …) are kept by their printed names
    extras: dict[int, str] = {}
    for cell in _filled(header):
        role = match_column(cell.text)
        if role in vocab.INDICATOR_FIELD_ROLES and roles.get(role) == cell.col:
            extras[cell.col] = role
        elif cell.col > target and (role not in vocab.CORE_COLUMN_ROLES or roles.get(role) != cell.col):
            extras[cell.col] = cell_or_none(cell.text) or ""  # 备注, or a second group of the same columns
        elif level3 < cell.col < target and role == "level3":
            extras[cell.col] = cell_or_none(cell.text) or ""  # 指标内容 beside 三级指标: the name's description
        elif cell.col < level1 and role is None:
            extras[cell.col] = cell_or_none(cell.text) or ""  # 单位名称 | 项目名称 of a grid of several projects
    width = max((c.col for c in _filled(header)), default=target) + 1
    return BodyColumns(level1=level1, level2=level2, level3=level3, target=target, extras=extras, width=width)
