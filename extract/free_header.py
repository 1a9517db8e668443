"""Rebuilt tables' header rows: a label and its values, a grid's column names and the rows under them,
amounts printed under a row of labels."""

from __future__ import annotations

from dataclasses import replace

from .free_model import TextAnchors, Token
from .free_rows import Rows
from .free_tokens import LABEL_KINDS as _LABEL_KINDS, VALUE_KINDS as _VALUE_KINDS


def header_rows(rows: list[list[Token]], out: Rows, anchors: TextAnchors) -> None:
    """Header rows: a label at column 0 and its values after it; a grid's column names from column 1
    (its label, if printed with them, at 0) and the grid's rows under them, values from column 1."""
    in_grid = False
    above: list[Token] = []
    for row in rows:
        if _amounts_under(above, row):  # 年度预算申请 | 资金总额 | 财政拨款 | 其他资金, then 36839 | 36839 | 0
            out.add(list(zip(range(1, len(row) + 1), row)))  # fewer: the last left empty, more often than not
            if len(row) < len(above) - 1:
                out.ambiguous += row
            above = []
            continue
        above = row
        if sum(t.kind == "grid_column" for t in row) >= 2 or _names_row(row):  # 全年预算数 | 全年执行数 | 分值 …
            label = row[:1] if row[0].kind == "field" else []
            names = row[len(label):]
            out.add([(0, t) for t in label] + [(k + 1, t) for k, t in enumerate(names)])
            in_grid = True
            continue
        first = row[0]
        if in_grid and first.kind != "title" and (first.kind != "field" or anchors.continues_grid(first.text)):
            lead = first if first.kind == "field" or (
                first.kind == "text" and len(row) > 1 and all(t.kind in _VALUE_KINDS for t in row[1:])) else None
            values = row[1:] if lead is not None else row
            out.add(([(0, lead)] if lead else []) + [(k + 1, t) for k, t in enumerate(values)])
            continue
        in_grid = False
        out.add(list(enumerate(_joined_values(row))))


def _names_row(row: list[Token]) -> bool:
    """A grid's column names after its label (年度总体目标 | 预期目标 | 实际完成情况): names of a grid, or of
    indicator columns a grid shares (实际完成情况), at least one of them a grid's."""
    names = row[1:] if row[0].kind == "field" else row
    return len(names) >= 2 and all(t.kind in ("grid_column", "column") for t in names) and \
        any(t.kind == "grid_column" for t in names)


def _amounts_under(above: list[Token], row: list[Token]) -> bool:
    """A row of figures alone under a row of labels alone, fewer figures than labels: the amounts of the
    labels after the first (which names the block); fewer still, which label is empty is not printed."""
    return len(above) >= 3 and all(t.kind == "field" for t in above) and 0 < len(row) < len(above) and \
        all(t.kind == "number" for t in row)


def _joined_values(row: list[Token]) -> list[Token]:
    """A label's value printed in pieces (a sentence with spaces in it) is one cell, spaces kept."""
    out: list[Token] = []
    for token in row:
        if out and token.kind not in _LABEL_KINDS and out[-1].kind not in _LABEL_KINDS and token.kind != "title":
            out[-1] = replace(out[-1], text=f"{out[-1].text} {token.text}")
        else:
            out.append(token)
    return out
