"""The types the free-text reader shares with the form knowledge it is given (normalize/anchors.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

TokenKind = Literal["empty", "section", "trailer", "sign_off", "core_column", "column", "grid_column", "field",
                    "level1", "level2", "title", "number", "value", "text"]


@dataclass(frozen=True, slots=True)
class TextAnchors:
    kind: Callable[[str], TokenKind]  # what a piece of text is in a form
    segment: Callable[[str], list[str]]  # a glued cell split where labels start inside it
    column_role: Callable[[str], str | None]  # role of an indicator column name
    fit: Callable[[str | None, str], int]  # how well a text suits a column role
    continues_grid: Callable[[str], bool]  # a header label that is a row of the grid above it (其他资金 …)
    joins_into_label: Callable[[str, str], bool]  # two pieces of one label broken over lines (项目完成 | 指标)
    split_value: Callable[[str], list[str]]  # a glued name and its quantitative target, parted
    # a glued run of a row (of rows, if told so) dealt to the columns from the name on: each row's
    # (column, text), or the text of a stretch not parted with certainty
    split_rows: Callable[[str, tuple[str | None, ...], bool], list[list[tuple[int, str]] | str]]
    # a page run together on one line cut at its column names and level labels (None: it prints neither)
    cut_run: Callable[[str], list[str] | None]


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    kind: TokenKind
    page: int
    line: int
    x: int | None = None  # display column where it starts, in space-aligned (pdftotext -layout) lines
    glued: bool = False  # from a line printed with no separator in it
