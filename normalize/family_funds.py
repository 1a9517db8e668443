"""The funds table of a family record (funds_detail) read as numbers, and its checks.

`funds_mismatch`: totals against the rows they are made of; `execution_rate_mismatch`:
a printed 执行率 against 执行数 / 预算数. Columns and rows are found by their printed
names (family_vocab), never by position. Silent on what cannot be read as numbers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from . import family_vocab as fv
from .chinese import label_key
from .findings import Finding
from .text import compact


# Digit counts capped, so every figure read stays a finite float.
_FIGURE = r"[+-]?\d{1,18}(?:\.\d{1,12})?"
_PLAIN_NUMBER = re.compile(_FIGURE)
_PERCENT = re.compile(rf"({_FIGURE})\s*[%％]")
_SCORE = re.compile(rf"({_FIGURE})\s*分?")
_LETTER_NOTE = re.compile(r"[(（]\s*([A-Z])\s*[)）]")  # 全年预算数(A)
_LETTER_RATIO = re.compile(r"([A-Z])\s*/\s*([A-Z])")  # 执行率(B/A)
_BRACKET = re.compile(r"[(（\[【]")
EPSILON = 1e-9


# --- cells -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Amount:
    value: float
    decimals: int  # printed after the decimal point
    unit: str | None  # a money unit printed in the cell ("300万元")


def _decimals(digits: str) -> int:
    try:
        exponent = Decimal(digits).as_tuple().exponent
    except InvalidOperation:
        return 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def is_empty_cell(value: Any) -> bool:
    return value is None or (isinstance(value, str) and compact(value) in fv.EMPTY_CELLS)


def read_amount(value: Any) -> Amount | None:
    """A money cell as a number: 387664.62, "1,234.5", "300万元"; None when it is not one."""
    if is_number(value):
        return Amount(float(value), _decimals(repr(float(value))) if isinstance(value, float) else 0, None)
    if not isinstance(value, str):
        return None
    text = compact(value).replace(",", "")
    unit = next((u for u in fv.MONEY_SUFFIXES if text.endswith(u)), None)
    digits = text[: -len(unit)] if unit else text
    if not _PLAIN_NUMBER.fullmatch(digits):
        return None
    return Amount(float(digits), _decimals(digits), unit)


def read_number(value: Any) -> float | None:
    """A score or weight: a number, or text such as "8" or "8分"."""
    if value is None:  # the usual case: forms with no 分值 / 得分 column
        return None
    if is_number(value):
        return float(value)
    if isinstance(value, str) and (m := _SCORE.fullmatch(compact(value))):
        return float(m.group(1))
    return None


def label_head(label: str) -> str:
    """A label as matched: spaces, pinyin, traditional forms and a trailing colon gone."""
    return label_key(compact(label)).rstrip(":：")


def column_head(name: str) -> str:
    """A column name without its annotation: 全年预算数(A) → 全年预算数, 执行率(B/A1 → 执行率."""
    return _BRACKET.split(label_head(name), maxsplit=1)[0].rstrip(":：")


# --- the funds table -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FundsTable:
    columns: tuple[str, ...]
    heads: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Any, ...]], ...]  # (label as printed, one value per column)
    groups: tuple[tuple[str, ...], ...]  # printed groups of row labels, if any

    def cell(self, values: tuple[Any, ...], column: int) -> Any:
        return values[column] if column < len(values) else None

    def column(self, heads: tuple[str, ...]) -> int | None:
        """The first column whose head is one of `heads`, in the order of `heads`."""
        for head in heads:
            if head in self.heads:
                return self.heads.index(head)
        return None


@dataclass(frozen=True, slots=True)
class SumBlock:
    total: str  # label of the total row
    parts: tuple[str, ...]  # labels of the rows that make it


def funds_table(record: dict[str, Any]) -> FundsTable | None:
    detail = record.get("funds_detail")
    if not isinstance(detail, dict):
        return None
    columns, rows = detail.get("columns"), detail.get("rows")
    if not isinstance(columns, list) or not isinstance(rows, dict) or not columns:
        return None
    names = tuple(str(c) if c is not None else "" for c in columns)
    table_rows = tuple(
        (str(label), tuple(values) if isinstance(values, list) else (values,)) for label, values in rows.items()
    )
    groups_raw = detail.get("groups")
    groups = tuple(
        tuple(str(label) for label in labels)
        for labels in (groups_raw.values() if isinstance(groups_raw, dict) else ())
        if isinstance(labels, list)
    )
    return FundsTable(names, tuple(column_head(n) for n in names), table_rows, groups)


def is_total_row(label: str) -> bool:
    head = label_head(label)
    return not head.startswith(fv.SUB_ROW_PREFIX) and any(w in head for w in fv.TOTAL_ROW_WORDS)


def is_group_row(label: str, values: tuple[Any, ...]) -> bool:
    head = label_head(label)
    opens = head.startswith(fv.GROUP_ROW_PREFIX) and head.endswith(fv.GROUP_ROW_SUFFIX)
    return opens and all(is_empty_cell(v) for v in values)


def total_row(table: FundsTable) -> tuple[str, tuple[Any, ...]] | None:
    return next(((label, values) for label, values in table.rows if is_total_row(label)), None)


def sum_blocks(table: FundsTable) -> list[SumBlock]:
    """Each total with the rows that should add up to it (a group, or the rows up to the next total)."""
    if table.groups:
        total = total_row(table)
        if total is None:
            return []
        printed = {label for label, _ in table.rows}
        return [SumBlock(total[0], tuple(p for p in group if p in printed and not is_total_row(p)))
                for group in table.groups]
    blocks: list[SumBlock] = []
    for label, values in table.rows:
        if is_total_row(label):
            blocks.append(SumBlock(label, ()))
        elif blocks and is_group_row(label, values):
            blocks.append(SumBlock(blocks[-1].total, ()))
        elif blocks:
            blocks[-1] = SumBlock(blocks[-1].total, (*blocks[-1].parts, label))
    return [b for b in blocks if b.parts]


def part_readings(parts: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every part row; and, for a nested breakdown, the top-level sources alone."""
    sources = tuple(p for p in parts if any(w in label_head(p) for w in fv.SOURCE_ROW_WORDS))
    return [parts, sources] if sources and sources != parts else [parts]


def is_amount_column(name: str) -> bool:
    key = label_head(name)
    return any(w in key for w in fv.AMOUNT_COLUMN_WORDS) and not any(w in key for w in fv.NON_AMOUNT_COLUMN_WORDS)


# --- funds_mismatch -----------------------------------------------------------------


def fmt(value: float) -> str:
    return f"{value:,.6f}".rstrip("0").rstrip(".").replace(",", "")


def _amounts_tolerance(amounts: list[Amount]) -> float:
    """What rounding can explain: each amount off by half a unit of the finest decimal the sum prints
    (an amount printed with fewer decimals, 90 beside 9.93, is taken as exact to that precision)."""
    return len(amounts) * 0.5 * 10.0 ** -max(a.decimals for a in amounts) + EPSILON


def _parts_sum(cells: list[Any]) -> list[Amount] | None:
    """The part amounts, or None when a part is neither a number nor empty, or none is a number."""
    if any(not is_empty_cell(c) and read_amount(c) is None for c in cells):
        return None
    amounts = [a for c in cells if (a := read_amount(c)) is not None]
    return amounts or None


def _block_mismatch(table: FundsTable, block: SumBlock, column: int) -> str | None:
    values = dict(table.rows)
    total = read_amount(table.cell(values[block.total], column))
    if total is None:
        return None
    sums: list[tuple[tuple[str, ...], float]] = []
    for parts in part_readings(block.parts):
        amounts = _parts_sum([table.cell(values[p], column) for p in parts])
        if amounts is None or len({a.unit for a in (total, *amounts)} - {None}) > 1:
            continue
        parts_sum = sum(a.value for a in amounts)
        if abs(parts_sum - total.value) <= _amounts_tolerance([total, *amounts]):
            return None
        sums.append((parts, parts_sum))
    if not sums:
        return None
    parts, parts_sum = sums[0]
    return f"{table.columns[column]}: {block.total} {fmt(total.value)} ≠ {' + '.join(parts)} = {fmt(parts_sum)}"


def check_funds_detail_sums(record: dict[str, Any]) -> list[Finding]:
    table = funds_table(record)
    if table is None:
        return []
    findings = []
    amount_columns = [k for k, name in enumerate(table.columns) if is_amount_column(name)]
    for block in sum_blocks(table):
        for column in amount_columns:
            if message := _block_mismatch(table, block, column):
                findings.append(Finding("funds_mismatch", f"funds_detail.rows.{block.total}", message))
    return findings


def check_transfer_funds(record: dict[str, Any]) -> list[Finding]:
    """Forms of the family whose funds print no grid (转移支付, 部门整体): 总额 = the sum of its two sources,
    when both are printed (a project target form says it as funds_sum_mismatch, a grid as its own rows)."""
    funds = record.get("funds")
    form = str(record.get("form") or "")
    if form == "project_target" or record.get("funds_detail") or not isinstance(funds, dict):
        return []
    total, fiscal, other = (read_amount(funds.get(k)) for k in ("total", "fiscal", "other"))
    if total is None or fiscal is None:
        return []  # an empty 其他资金 is none (as the target form's check reads it); an empty 财政拨款 says nothing
    printed = [a for a in (total, fiscal, other) if a is not None]
    other_value = other.value if other is not None else 0
    if abs(fiscal.value + other_value - total.value) <= _amounts_tolerance(printed):
        return []
    unit = funds.get("unit") or ""
    return [Finding("funds_mismatch", "funds.total",
                    f"总额 {fmt(total.value)}{unit} ≠ {fmt(fiscal.value)} + {fmt(other_value)}")]


# --- execution_rate_mismatch -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RateReading:
    percent: float
    tolerance: float  # percentage points


def rate_readings(value: Any) -> list[RateReading]:
    """A printed 执行率 as percent: "88.41%" → 88.41; 0.8841 or "1" read as a fraction and as percent."""
    if isinstance(value, str):
        text = compact(value)
        if m := _PERCENT.fullmatch(text):
            return [RateReading(float(m.group(1)), max(fv.RATE_TOLERANCE_PP, 10.0 ** -_decimals(m.group(1))))]
        if not _PLAIN_NUMBER.fullmatch(text):
            return []
        digits = text
    elif is_number(value):
        digits = repr(float(value)) if isinstance(value, float) else str(value)
    else:
        return []
    number, places = float(digits), _decimals(digits)
    readings = [RateReading(number, max(fv.RATE_TOLERANCE_PP, 10.0 ** -places))]
    if number <= fv.FRACTION_MAX:
        unit_pp = 100 * 10.0 ** -places if places else 0.0  # "1" is exactly 100 %
        readings.append(RateReading(number * 100, max(fv.RATE_TOLERANCE_PP, unit_pp)))
    return readings


def rate_operands(table: FundsTable, rate_column: int) -> tuple[int, int] | None:
    """(executed, budget) columns of a 执行率 column: by its B/A letters, else by printed names."""
    if m := _LETTER_RATIO.search(compact(table.columns[rate_column])):
        lettered = {n.group(1): k for k, name in enumerate(table.columns) if (n := _LETTER_NOTE.search(compact(name)))}
        if m.group(1) in lettered and m.group(2) in lettered:
            return lettered[m.group(1)], lettered[m.group(2)]
    executed, budget = table.column(fv.EXECUTED_HEADS), table.column(fv.BUDGET_HEADS)
    return (executed, budget) if executed is not None and budget is not None else None


def check_execution_rates(record: dict[str, Any]) -> list[Finding]:
    table = funds_table(record)
    if table is None:
        return []
    findings = []
    for rate_column, head in enumerate(table.heads):
        operands = rate_operands(table, rate_column) if head in fv.EXECUTION_RATE_HEADS else None
        if operands is None:
            continue
        for label, values in table.rows:
            executed = read_amount(table.cell(values, operands[0]))
            budget = read_amount(table.cell(values, operands[1]))
            printed = table.cell(values, rate_column)
            readings = rate_readings(printed)
            if executed is None or budget is None or budget.value <= 0 or not readings:
                continue
            computed = executed.value / budget.value * 100
            if any(abs(r.percent - computed) <= r.tolerance + EPSILON for r in readings):
                continue
            findings.append(Finding(
                "execution_rate_mismatch", f"funds_detail.rows.{label}",
                f"{table.columns[rate_column]} {printed} but {table.columns[operands[0]]} {fmt(executed.value)} / "
                f"{table.columns[operands[1]]} {fmt(budget.value)} = {computed:.2f}%"))
    return findings
