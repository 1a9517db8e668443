"""The types the free-text reader shares with the form knowledge it is given (normalize/anchors.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

# Pinyin a web mirror inserts after characters (財(cái)政): not a cell boundary, not a character of its own.
PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Marks that close a sentence: a piece of text ending with one is words (效益。, a wrapped sentence's tail), never a
# label, and no label's value ends so.
SENTENCE_ENDS = ("。", "；", ";")
# the brackets a label's note is printed in: (必填), 【477580】, 〔2022〕
OPEN_BRACKETS = "(（[［【〔"
CLOSE_BRACKETS = ")）]］】〕"


def without_pinyin(text: str) -> str:
    """The text with the pinyin a mirror inserted dropped (pinyin is bracketed: a piece with no bracket is not
    searched, and most hold none)."""
    return PINYIN.sub("", text) if "(" in text or "（" in text else text


def is_letter(part: str) -> bool:
    """One Chinese character (its inserted pinyin aside): a letter printed on its own."""
    bare = without_pinyin(part)
    return len(bare) == 1 and CJK.match(bare) is not None


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
    # a level-2 label in a short form (社会效益) opening a glued name: (label, rest), or None
    short_level2: Callable[[str], tuple[str, str] | None]
    level2_key: Callable[[str], str | None]  # the canonical level-2 label a text is (成本指标 is level 1 or 2)
    exact_level: Callable[[str], bool]  # a level label printed as the taxonomy has it, not matched fuzzily
    qualitative: Callable[[str], bool]  # a qualitative 指标值 in words (明显, 有效保障): a value's more than a name's
    starts_table: Callable[[str], bool]  # the label a form's table starts with (项目名称, 部门名称 …)
    heading: Callable[[str], bool]  # a form's heading line: its title, its year line, a document's 附件 N line
    # kind(text) in kinds, where kinds are labels' kinds: cheaper than kind for text that can be no label
    kind_in: Callable[[str, frozenset[str]], bool] = lambda text, kinds: False
    # a level-2 label (second) that the taxonomy puts under other level-1 labels than the first
    unpaired: Callable[[str, str], bool] = lambda level1, level2: False


@dataclass(slots=True, unsafe_hash=True, init=False)
class Token:
    """A piece of notation-free text as the reader reads it. Never changed once made (`dataclasses.replace`
    makes a changed copy); not declared frozen because a frozen dataclass is made several times slower and
    a page makes thousands of tokens (equality and hash are those of a frozen one: `unsafe_hash`)."""

    text: str
    kind: TokenKind
    page: int
    line: int
    x: int | None = None  # display column where it starts, in space-aligned (pdftotext -layout) lines
    glued: bool = False  # from a line printed with no separator in it
    boxes: tuple[str, ...] = ()  # the OCR boxes the token was joined from (a box that fills the width may be a cell)
    full: bool = False  # an OCR box that fills the width, the line below not joined to it (a figure may go on it)
    under: bool = False  # centred under a wider piece of the line or two above (pdftotext -layout): its cell's wrap
    col: int | None = None  # the indicator column it stands under, by the column names' order (pdftotext -layout)

    def __init__(self, text: str, kind: TokenKind, page: int, line: int, x: int | None = None, glued: bool = False,
                 boxes: tuple[str, ...] = (), full: bool = False, under: bool = False, col: int | None = None) -> None:
        self.text = text
        self.kind = kind
        self.page = page
        self.line = line
        self.x = x
        self.glued = glued
        self.boxes = boxes
        self.full = full
        self.under = under
        self.col = col

    def moved(self, x: int | None, under: bool | None = None) -> Token:
        """This token put at x (and marked `under`, if told): dataclasses.replace, several times faster."""
        return Token(self.text, self.kind, self.page, self.line, x, self.glued, self.boxes, self.full,
                     self.under if under is None else under, self.col)

    def named(self, col: int | None) -> Token:
        """This token told the indicator column it stands under."""
        return Token(self.text, self.kind, self.page, self.line, self.x, self.glued, self.boxes, self.full,
                     self.under, col)
