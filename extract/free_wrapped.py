"""Rows a copy wrapped: a cell wider than the copy's column goes on at the start of the next line, the
row's next cells after it (or on a line of their own). The line break is no cell boundary: the pieces are
joined where the text says so — a bracket opened on one line and closed on the next (成本指标（20 | 分）),
a figure whose measure word went onto the next line (不超过403.21 | 万元), or a piece that fills the copy's
wrap width (the width many lines break at) followed by words."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .free_model import CLOSE_BRACKETS, OPEN_BRACKETS, SENTENCE_ENDS, TextAnchors, Token
from .widths import display_width

_OPEN = OPEN_BRACKETS + "《"  # a title's brackets too
_CLOSE = CLOSE_BRACKETS + "》"
_MAX_WRAP = 40  # display columns: a column that wraps its cells is narrower than half a printed line
_MIN_FULL_LINES = 3  # lines broken at the same width, for that width to be the copy's wrap width
_MIN_FULL_TEXTS = 2  # … holding different text (one long name printed in every form is no wrap)
_WRAP_SLACK = 1  # display columns a full piece may fall short of the width (a wide character did not fit)
_LABELS = frozenset({"section", "level1", "level2", "field", "core_column", "column", "grid_column"})
_VALUES = frozenset({"value", "number"})
_WORDS = frozenset({"text", "value"})  # pieces a wrap may cut (经费20.23万元，每人 | 每年7.5万元)
_ANNOTATION = re.compile(r"^[(（\[［【][^()（）\[\]［］【】]{1,16}[)）\]］】]$")
_ASCII_RUN = re.compile(r"[\x21-\x7e]{6,}")  # a copy never wraps inside a run of ASCII letters and digits
# what a wrap cannot cut: a character or a run of ASCII letters and figures, the opening marks before it (a line
# never ends with one: 【477580】 goes onto the next line whole) and the closing marks after it
_CHUNK = re.compile(r"^[(（\[［【〔《]*(?:[A-Za-z0-9.,%]+|.)[)）\]］】〕》，,。、：:；;%％]*")
_SENTENCE_LINES = 3  # lines a sentence's tail runs over, from a line that a label's words open
_GRID_NAMES = 2  # a grid's column names in a row: its rows follow
_MAX_UNIT_TAIL = 3  # characters of a measure word (万元, 个工作日 is longer and rarely wraps alone)


def join_wrapped_cells(rows: list[list[Token]], anchors: TextAnchors, width: int | None) -> list[list[Token]]:
    """Lines of rows with each wrapped cell joined again, the cells printed after its tail kept in its row;
    `width`: the copy's wrap width (`wrap_width`), if it wraps."""
    out: list[list[Token]] = []
    tail_only = False  # the line before held nothing but a wrapped cell's tail
    piece = 0  # display width of the last piece printed on the line before (a joined cell's tail, not all of it)
    for row in rows:
        prev = out[-1] if out else None
        full = width is not None and _filled(piece, row[0].text, width)
        piece = display_width(row[-1].text)
        # a row with its value already: only a line holding nothing but the value's tail goes on with it
        full = full and (len(row) == 1 or _lacks_value(prev) or prev[-1].kind == "sign_off") if prev else full
        full = full and not (prev is not None and _is_name(prev) and anchors.fit("level3", row[0].text) < 0)
        goes_on = not tail_only and _name_goes_on(prev, row, anchors) if prev is not None else False
        if prev is not None and (_continues(prev[-1], row[0], full, anchors) or goes_on):
            joined = _joined(prev[-1], row[0], anchors)
            prev[:] = _note_to_label(prev[:-1], joined, anchors)
            prev.extend(row[1:])
            tail_only = len(row) == 1
            continue
        if prev is not None and tail_only and _lacks_value(prev) and row[0].kind not in _LABELS:
            prev.extend(row)  # the cells after a wrapped cell, begun on a line of their own
            tail_only = False
            continue
        out.append(list(row))
        tail_only = False
    return out


def wrap_width(rows: list[list[Token]]) -> int | None:
    """The width at which the copy wraps: the widest pieces of words that end a line, if several lines of
    different text end at it and no piece anywhere is wider (a row that holds a long name whole is no wrap)."""
    ends = [row[-1] for row in rows if row and row[-1].kind == "text"]  # labels broken over lines come joined
    if not ends:
        return None
    widest = max(display_width(t.text) for t in ends)
    if widest > _MAX_WRAP:
        return None
    full = [t.text for t in ends if display_width(t.text) >= widest - _WRAP_SLACK]
    if len(full) < _MIN_FULL_LINES or len(set(full)) < _MIN_FULL_TEXTS:
        return None
    wider = any(t.kind == "text" and display_width(t.text) > widest and not _ASCII_RUN.search(t.text)
                for row in rows for t in row)
    return None if wider else widest


def _filled(piece: int, after: str, width: int) -> bool:
    """Whether a line whose last piece is `piece` columns wide was broken by the wrap: what the next line
    starts with (a character, a run of ASCII letters and figures, with the marks that may not open a line)
    would not have fitted after it."""
    chunk = _CHUNK.match(after)
    return piece <= width < piece + display_width(chunk.group() if chunk else after[:1])


def _continues(last: Token, first: Token, full: bool, anchors: TextAnchors) -> bool:
    """Whether `first` goes on with the cell `last` ended the line above with (`full`: that line's last piece
    reached the copy's wrap width)."""
    if _unclosed(last.text) and _closes(first.text):
        return True  # 成本指标（20 | 分）, (必填硬 | 性指标)
    if last.kind in _VALUES and first.kind == "text" and len(first.text) <= _MAX_UNIT_TAIL and \
            anchors.kind(last.text + first.text) in _VALUES:
        return True  # 不超过403.21 | 万元: the figure's measure word went onto the next line
    if _ANNOTATION.match(first.text) and last.kind in _LABELS:
        return True  # 生态环境成本指标 | （选填）: a label's note gone onto the next line
    if not full:
        return False
    joined_label = anchors.kind(last.text + first.text) in _LABELS  # 服务对象满意度指 | 标（必填）
    if last.kind in _LABELS:
        return joined_label
    if last.kind == "sign_off":
        return True  # 填报单位（盖章）：金 | 沙街道办事处 联系人：…: the sign-off goes on
    if last.kind in _VALUES:  # ２０２２.０1-2０ | 22.0９: a figure cut by the wrap, read as one value again
        return first.kind in _VALUES | _WORDS and anchors.kind(last.text + first.text) in _VALUES
    return last.kind == "text" and (first.kind in _WORDS or joined_label)


def _joined(last: Token, first: Token, anchors: TextAnchors) -> Token:
    text = last.text + first.text
    return replace(last, text=text, kind=anchors.kind(text), glued=last.glued and first.glued)


def _note_to_label(before: list[Token], joined: Token, anchors: TextAnchors) -> list[Token]:
    """A bracketed note made whole again joins the label it was printed after (数量指标 | (必填硬性指标))."""
    if before and joined.text[:1] in _OPEN and before[-1].kind in _LABELS | {"level1", "level2"}:
        label = before[-1]
        text = label.text + joined.text
        return [*before[:-1], replace(label, text=text, kind=anchors.kind(text))]
    return [*before, joined]


def _name_goes_on(prev: list[Token], row: list[Token], anchors: TextAnchors) -> bool:
    """A row of labels and a name with no value, then a line of words and the row's values: the name was
    wrapped, its tail opens the next line (实行网格化管理，网格员走访网 | 格内居民，全覆盖 100%)."""
    return prev[-1].kind == "text" and _lacks_value(prev) and len(row) >= 2 and row[0].kind == "text" and \
        anchors.fit("level3", row[0].text) >= 0 and all(t.kind not in _LABELS for t in row[1:])


def _is_name(row: list[Token]) -> bool:
    """Whether the row's last cell is its name: what follows a name's tail can be part of a name (a sign or a
    定量 is a cell of its own)."""
    return [t.kind in _LABELS for t in row].count(False) == 1


def _lacks_value(row: list[Token]) -> bool:
    """A row of labels and at most a name: its values are still to come."""
    rest = [t for t in row if t.kind not in _LABELS]
    return len(rest) <= 1 and all(t.kind == "text" for t in rest)


def _unclosed(text: str) -> bool:
    depth = Counter(ch in _OPEN for ch in text if ch in _OPEN + _CLOSE)
    return depth[True] > depth[False]


def _closes(text: str) -> bool:
    depth = Counter(ch in _OPEN for ch in text if ch in _OPEN + _CLOSE)
    return depth[False] > depth[True]


def wrap_header(rows: list[list[Token]], width: int) -> list[list[Token]]:
    """Header lines of a copy that wraps at `width`: a line after one whose last piece of words reached it goes
    on with that cell (主管部门 东川区住房和城乡 | 建设局（669264） 实施单位 …), the cells after the tail kept."""
    out: list[list[Token]] = []
    piece = 0
    in_grid = False  # under a grid's column names (任务名称 | 主要内容 | 预算金额): a figure alone is its row's cell
    for k, row in enumerate(rows):
        prev = out[-1] if out else None
        full = _filled(piece, row[0].text, width) and not (in_grid and len(row) == 1 and row[0].kind == "number")
        piece = display_width(row[-1].text)
        in_grid = sum(t.kind == "grid_column" for t in row) >= _GRID_NAMES or (in_grid and row[0].kind not in _LABELS)
        if prev is not None and prev[-1].kind in _WORDS and _unclosed(prev[-1].text) and \
                _closes("".join(t.text for t in row)) and all(t.glued for t in row):
            prev[-1] = replace(prev[-1], text=prev[-1].text + "".join(t.text for t in row))
            continue  # 根据《关于加强 | 项目资金管理的通知》: a label's words inside a quoted title are no label
        if prev is not None and full and prev[-1].kind in _WORDS and _sentence_goes_on(rows, k):
            prev[-1] = replace(prev[-1], text=prev[-1].text + "".join(t.text for t in row))
            continue  # 提高 | 财政资金使用效益。: a label's words at the head of a sentence's tail are no label
        if prev is not None and full and prev[-1].kind in _WORDS and row[0].kind not in _LABELS | {"title"}:
            prev[-1] = replace(prev[-1], text=prev[-1].text + row[0].text)
            prev.extend(row[1:])
            continue
        out.append(list(row))
    return out


def _sentence_goes_on(rows: list[list[Token]], k: int) -> bool:
    """A line printed with no space in it that a label's words open, its words ending a sentence there or on the
    lines of words after it (财政资金 | 使用效益。, 财政资金 | 使用效 then 益。): the tail of a sentence wrapped in its
    cell (a label's value never ends so)."""
    row = rows[k]
    if len(row) < 2 or row[0].kind not in _LABELS or not all(t.glued for t in row) or \
            not all(t.kind in _WORDS for t in row[1:]):
        return False
    for line in rows[k:k + _SENTENCE_LINES]:
        if line is not row and not all(t.kind in _WORDS for t in line):
            return False
        if line[-1].text.rstrip().endswith(SENTENCE_ENDS):
            return True
    return False
