"""Indicator rows against the column roles the form prints.

Forms with columns beyond 三级指标 | 指标值 (实际完成值, 分值, 得分, 度量单位 …)
read those cells by column. A dump row that lost its leading empty cells after
a page break would then put every value under the wrong name, so such a row
is first re-aligned: of the shifts that keep it inside the grid, the one whose
cells best fit their columns' roles wins (ties keep the row as printed).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from jixiao.extract.model import Cell

from . import vocabulary as vocab
from .labels import is_section_label, looks_like_label, match_level1, match_level2
from .targets import parse_target
from .text import clean_cell_text, compact

if TYPE_CHECKING:
    from .rows import BodyColumns

_MAX_SHIFT = 4
_SHIFT_MARGIN = 2  # a shift must fit this much better than the row as printed
_VALUE_KINDS = frozenset({"number", "range", "date_range", "date"})


def role_at(col: int, cols: BodyColumns) -> str | None:
    if col in cols.extras:
        return cols.extras[col]
    for role in ("level1", "level2", "level3", "target"):
        if getattr(cols, role) == col:
            return role
    return "section" if col < min(cols.level1, cols.level2, cols.level3) else None


def is_number(text: str) -> bool:
    plain = compact(text).replace(",", "").rstrip("分")
    try:
        float(plain)
    except ValueError:
        return False
    return True


def _looks_like_value(text: str) -> bool:
    return parse_target(clean_cell_text(text)).kind in _VALUE_KINDS


def _looks_like_quantity(text: str) -> bool:
    """A number or a range (not a bare date such as 2022年全年, which 时效指标 rows print as their name)."""
    return parse_target(clean_cell_text(text)).kind in ("number", "range")


def _is_label(text: str) -> bool:
    return match_level1(text).canonical is not None or match_level2(text).canonical is not None \
        or looks_like_label(text)


_BEST_FIT = 2  # the most fit() gives


@lru_cache(maxsize=65536)
def fit(role: str | None, text: str) -> int:
    """How well a cell's text suits a column's role (higher is better)."""
    if role is None:
        return -3
    if role == "level1":
        return 2 if match_level1(text).canonical else (1 if _is_label(text) else -2)
    if role == "level2":
        return 2 if match_level2(text).canonical or looks_like_label(text) else (1 if _is_label(text) else -2)
    if role == "section":
        return 1 if is_section_label(text) else -2
    if role == "level3":
        return -2 if is_number(text) or _looks_like_quantity(text) or _is_comparator(text) else (0 if _is_label(text) else 1)
    if role in vocab.NUMERIC_ROLES:
        return 2 if is_number(text) else -2
    if role in ("target", "actual", "target_long", "target_adjusted"):
        return 1 if _looks_like_value(text) else 0
    if role == "unit":
        return 1 if len(compact(text)) <= 4 and not is_number(text) else -1
    if role == "nature":
        return 2 if _is_comparator(text) else -1
    return 0


def _is_comparator(text: str) -> bool:
    plain = compact(text)
    return plain in vocab.NATURE_WORDS or (len(plain) <= 2 and all(ch in vocab.COMPARATOR_SIGNS for ch in plain))


def _shift_score(cells: list[Cell], shift: int, roles: dict[int, str | None]) -> int:
    return sum(fit(roles[c.col + shift], c.text) for c in cells)


def best_shift(row: list[Cell], cols: BodyColumns) -> int:
    """The column shift that best fits a row's cells to their roles (0 when nothing fits better)."""
    if not cols.has_roles or cols.width <= 0:
        return 0
    cells = [c for c in row if not c.is_empty]
    if not cells:
        return 0
    first, last = min(c.col for c in cells), max(c.col for c in cells)
    shifts = [d for d in range(-min(first, _MAX_SHIFT), _MAX_SHIFT + 1) if last + d < cols.width]
    roles = cols.roles_around.get((first, last))
    if roles is None:
        roles = cols.roles_around[first, last] = {col: role_at(col, cols)
                                                  for col in range(first - _MAX_SHIFT, last + _MAX_SHIFT + 1)}
    in_place = _shift_score(cells, 0, roles)
    best, best_score = 0, in_place + _SHIFT_MARGIN - 1
    for shift in shifts:
        score, most = 0, _BEST_FIT * len(cells)  # most: what the cells not yet asked could still add
        for cell in cells:
            most -= _BEST_FIT
            score += fit(roles[cell.col + shift], cell.text)
            if score + most <= best_score:
                break  # this shift can no longer beat the best
        else:
            best, best_score = shift, score
    return best


def realign(row: list[Cell], cols: BodyColumns) -> tuple[list[Cell], bool]:
    """The row with its cells moved to the columns they fit, and whether any moved."""
    shift = best_shift(row, cols)
    if shift == 0:
        return row, False
    return [replace(c, col=c.col + shift) for c in row if not c.is_empty], True


def number_or_text(text: str | None) -> int | float | str | None:
    """A 分值 / 得分 cell as the record holds it: a number where it is one (10, 9.5, 10分)."""
    if text is None:
        return None
    plain = compact(text).replace(",", "")
    plain = plain[:-1] if plain.endswith("分") else plain
    try:
        return float(plain) if "." in plain else int(plain)
    except ValueError:
        return text


def composed_target(value: str | None, nature: str | None, unit: str | None) -> str | None:
    """What a reader sees as the target when a form prints it over 指标性质 | 指标值 | 度量单位.

    The comparator joins in front and the unit behind; a 定性/定量 nature says what
    kind of value it is and is not part of it; a unit the value already ends with
    is not added twice.
    """
    if value is None:
        return None
    text = value
    kind_words = vocab.QUALITATIVE_NATURES + vocab.QUANTITATIVE_NATURES
    if nature and compact(nature) not in kind_words and not text.startswith(nature):
        text = nature + text
    qualitative = nature is not None and compact(nature) in vocab.QUALITATIVE_NATURES
    if unit and not qualitative and not text.endswith(unit):
        text = text + unit
    return text
