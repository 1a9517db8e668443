"""Rows that close an indicator block: 总分 / 合计, 自评等级, 评价结论. They are not indicators."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from jixiao.extract.model import Cell, TextLine

from . import vocabulary as vocab
from .columns import realign
from .labels import best_variant, is_section_label, strip_decorations
from .rows import BodyColumns

_VARIANTS = {variant: kind for kind, variants in vocab.TRAILER_LABELS.items() for variant in variants}


@lru_cache(maxsize=4096)
def trailer_kind(raw: str) -> str | None:
    """total / grade / conclusion for a trailer row's label, or None."""
    kind, _ = best_variant(strip_decorations(raw), _VARIANTS, vocab.FIELD_ACCEPT_SCORE)
    return kind


@dataclass(slots=True)
class Trailers:
    total_weight: Cell | None = None  # 总分 row, 分值 column
    total_score: Cell | None = None  # 总分 row, 得分 column
    grade: Cell | None = None
    conclusion: Cell | None = None
    notes: list[TextLine] = field(default_factory=list)  # what else those rows print


def _first_cell(row: list[Cell]) -> Cell | None:
    for cell in row:  # a loop, not next() over a generator: asked of every body row
        if not cell.is_empty and not is_section_label(cell.text):
            return cell
    return None


def _read_total(row: list[Cell], label: Cell, cols: BodyColumns, found: Trailers) -> bool:
    """The 总分 row's 分值 and 得分; False when the form has no such columns (a 合计 of amounts)."""
    aligned, _ = realign(row, cols)
    placed = False
    for cell in aligned:
        role = cols.extras.get(cell.col)
        if role == "weight" and found.total_weight is None:
            found.total_weight, placed = cell, True
        elif role == "score" and found.total_score is None:
            found.total_score, placed = cell, True
    return placed


def _read_trailer(kind: str, row: list[Cell], label: Cell, cols: BodyColumns, found: Trailers) -> None:
    filled = [c for c in row if not c.is_empty]
    if kind == "total" and _read_total(row, label, cols, found):
        return
    value = next((c for c in filled if c is not label and trailer_kind(c.text) is None), None)
    if kind == "grade" and found.grade is None and value is not None:
        found.grade = value
    elif kind == "conclusion" and found.conclusion is None and value is not None:
        found.conclusion = value
    else:
        found.notes.append(TextLine(" ".join(c.text for c in filled), label.page, label.line))


def split_trailers(rows: list[list[Cell]], cols: BodyColumns) -> tuple[list[list[Cell]], Trailers]:
    """The indicator rows, and what the trailer rows among them say."""
    body: list[list[Cell]] = []
    found = Trailers()
    for row in rows:
        first = _first_cell(row)
        kind = trailer_kind(first.text) if first is not None and first.col <= cols.level3 else None
        if kind is None:
            body.append(row)
        else:
            _read_trailer(kind, row, first, cols, found)
    return body, found
