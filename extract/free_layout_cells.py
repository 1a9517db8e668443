"""Cells of space-aligned text (pdftotext -layout) that the gaps alone do not part, and cells centred
across their column put in it (free_layout.py, `across`).

pdftotext prints each piece of text where it stands on the page, but at least one space after the piece
before it: a label wider in characters than on paper pushes the cell after it to one space from its end
(质量指标 (必填) 对所配备…, 年度总体目标 旧小区…). A label (with its bracketed note) followed by one space
and more text is two cells, as is a wrapped label's note tail (填） 社会负面舆情) and text one space before
a label; text after text is one (培训农民 300 人次). A piece pushed so is put back at the start of the
piece above it.

Word and Excel centre a cell's text across its column, every wrapped piece on its own (主管部门及 / 代码):
the pieces of one cell start at different display columns. A piece that lies inside the extent of the
nearest piece above it (a line or two up), centred under it, is put in that piece's column and marked
`under` (its cell's wrap).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import NamedTuple

from .free_layout_geometry import SLACK
from .free_model import CLOSE_BRACKETS, OPEN_BRACKETS, TextAnchors, Token
from .widths import measure, printed_width

_SPLIT_KINDS = frozenset({"field", "level1", "level2", "section"})
_SPACE = re.compile(r" (?=\S)")


def label_then_cell(part: str, anchors: TextAnchors) -> list[str]:
    """A piece of an aligned line parted at a single space where a label (with its note) ends before it,
    or where a label starts after it."""
    if " " not in part:
        return [part]
    for found in _SPACE.finditer(part):
        head, tail = part[:found.start()], part[found.end():]
        if _letter_at(head, -1) and _letter_at(tail, 0):
            continue  # 产 出 指 标: a label printed one character at a time
        if _note_tail(head) and tail[:1] not in CLOSE_BRACKETS:
            return [head, *label_then_cell(tail, anchors)]  # 填） 社会负面舆情: a wrapped label's last piece
        if _unclosed(head) and not _closes_note(tail) and _is_label(head, anchors):
            return [head, *label_then_cell(tail, anchors)]  # 可持续影响指标（ 村干部…: its note wraps, a cell after it
        if tail[:1] in OPEN_BRACKETS or tail[:1] in CLOSE_BRACKETS or head[-1:] in OPEN_BRACKETS:
            continue  # a bracketed note goes with the label: (必填), (元)
        if _unclosed(head) and _closes(tail.split(" ", 1)[0]):
            continue  # inside a note: (必填 硬性)
        if _is_label(head, anchors):
            if anchors.kind(tail) == "number" or anchors.joins_into_label(head, tail):
                continue
        elif head[-1:] in ":：" or not _is_label(tail.split(" ", 1)[0], anchors):
            continue  # 其中: 财政拨款 — a lead-in and its label are one cell
        return [head, *label_then_cell(tail, anchors)]
    return [part]


def _letter_at(text: str, end: int) -> bool:
    """Whether the word at the start (0) or the end (-1) of `text` is a single CJK character."""
    words = text.split(" ")
    word = words[end]
    return len(word) == 1 and _CJK_LETTER.match(word) is not None


_CJK_LETTER = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _is_label(text: str, anchors: TextAnchors) -> bool:
    return anchors.kind_in(text, _SPLIT_KINDS) or anchors.kind(text) in _SPLIT_KINDS


def _note_tail(text: str) -> bool:
    """The end of a bracketed note whose opening went before a wrap (填）, 性指标)): no cell goes on after it."""
    return text[-1:] in CLOSE_BRACKETS and not any(ch in OPEN_BRACKETS for ch in text)


def _closes(text: str) -> bool:
    return any(ch in CLOSE_BRACKETS for ch in text)


def _closes_note(tail: str) -> bool:
    """Whether the text after a space closes a note left open before it (必填 硬性): a closing bracket
    before any opening one; else the note wraps onto the next line and the text is another cell's."""
    return next((ch in CLOSE_BRACKETS for ch in tail if ch in CLOSE_BRACKETS or ch in OPEN_BRACKETS), False)


def _unclosed(text: str) -> bool:
    return sum(ch in OPEN_BRACKETS for ch in text) > sum(ch in CLOSE_BRACKETS for ch in text)


_UNWRAPPED = frozenset({"title", "core_column", "column"})  # the indicator column names' line is read whole
_REACH = 2  # lines up to the piece a centred piece is under (a value's line may fall between)
_CENTRE_SLACK = 2.5  # display columns the centres of two pieces of one centred cell may differ by


def label_and_text(row: list[Token], anchors: TextAnchors, char_cells: bool = False) -> list[Token]:
    """A line at the margin with single spaces only, a header label first (年度总体目标 旧小区…, the label
    pushing its cell's text to one space from it): the label and the text after it, placed; other lines
    as they are."""
    if row[0].x is not None or row[0].kind != "field" or len(row) < 2 or any(t.x is not None for t in row):
        return row
    text = " ".join(t.text for t in row[1:])
    return [replace(row[0], x=0), replace(row[1], text=text, kind=anchors.kind(text), x=measure(char_cells)(row[0].text) + 1)]


class _Placed(NamedTuple):
    """A piece of the last lines, as the pieces under it see it."""
    line: int
    x: int  # where it printed
    end: float  # where it ends: on paper, where the lines are set out in character cells
    at: int  # where it is put (the column it belongs to)
    paper: float | None  # how wide it is on paper, where that is known (of wide characters only, or in character cells)


def snap_centred(lines: list[list[Token]], char_cells: bool = False) -> list[list[Token]]:
    """Each piece centred under a wider piece of the line or two above it moved to that piece's column
    (pieces that touch, a label cut at a label inside it, moved as one); `char_cells`: the lines are set
    out one character a cell."""
    out: list[list[Token]] = []
    recent: list[_Placed] = []  # the last lines' table pieces
    page = lines[0][0].page if lines else 0
    for row in lines:
        line = row[0].line
        if row[0].page != page or any(t.kind in _UNWRAPPED for t in row):
            page, recent = row[0].page, []  # nothing of the page before, or above a title or column names
        recent = [r for r in recent if line - r.line <= _REACH]
        new_row: list[Token] = []
        placed: list[_Placed] = []
        runs = _touching(row, char_cells)
        # where each run ends on paper: in character cells a piece's characters do not say
        papers = [_paper(tokens, True, end - x) if char_cells else None for x, end, tokens in runs]
        ends = [x + (paper or 0) if char_cells else end for (x, end, _), paper in zip(runs, papers)]
        spans = list(zip([x for x, _, _ in runs], ends))
        for k, (x, printed_end, tokens) in enumerate(runs):
            end = ends[k]
            if tokens[0].x is None and k:
                new_row += tokens
                continue
            if k and x - runs[k - 1][1] == 1 and (left := _pushed_back(recent, line, x, end, runs[k - 1][0])) is not None:
                new_row += [t.moved((t.x or 0) - x + left) for t in tokens]
                placed.append(_Placed(line, x, end, left, None))
                continue
            printed = printed_end - x
            paper = papers[k] if char_cells else \
                printed * _PRINTED_SCALE if printed == 2 * sum(len(t.text) for t in tokens) else None  # _paper, inlined
            unwrapped = any(t.kind in _UNWRAPPED for t in tokens)
            above = None if unwrapped else _centred_over(recent, line, x, end, paper)
            if above is not None and sum(above.x <= a and b <= above.end for a, b in spans) > 1:
                above = None  # a piece above two cells of the line spans their columns (a goal's last line)
            at = above.at if above is not None else x
            if above is not None and k and at <= runs[k - 1][1]:  # never touching the piece before it: one piece
                at = runs[k - 1][1] + 1
                above = above if at - above.at <= SLACK else None
                at = at if above is not None else x
            if not unwrapped:  # a title is centred on the page, as is the line under it
                placed.append(_Placed(line, x, end, at, paper))
            new_row += tokens if above is None else [t.moved((t.x or 0) - x + at, True) for t in tokens]
        recent += placed
        out.append(new_row)
    return out


def _pushed_back(recent: list[_Placed], line: int, x: int, end: float, before: int) -> int | None:
    """Where a piece one space after the piece before it on its line (pushed right by that one, wider in
    characters than on paper) stands: at the start of the nearest piece above it that it overlaps, when
    that one starts left of it and right of where the piece before starts, and not where the piece before
    ends (put there, the two would touch: one piece; one column off, it is in that column already)."""
    for r in reversed(recent):
        if r.line >= line or r.end <= x or end <= r.x:
            continue
        return r.at if before < r.at < x - 1 else None
    return None


def _centred_over(recent: list[_Placed], line: int, x: int, end: float, paper: float | None) -> _Placed | None:
    """The nearest piece above that [x, end) overlaps, when it lies inside it centred under it; else None
    (a piece below one of its own width and start is under that one, not the one above both)."""
    for r in reversed(recent):
        if r.line >= line or r.end <= x or end <= r.x:
            continue
        inside = r.x < x and end <= r.end and _centres_meet(r.x, r.end, x, end, r.paper, paper)
        return r if inside else None
    return None


_PRINTED_SCALE = 0.65  # pdftotext prints a CJK character two columns wide; on paper it takes about 1.3


def _paper(tokens: list[Token], char_cells: bool, printed: int) -> float | None:
    """How wide touching pieces are on paper, in the columns they print in (`printed` of them): where
    they are set out in character cells, their printed width; else, for pieces of wide characters only,
    two columns scaled to a character's width on paper; else unknown."""
    if char_cells:
        return sum(printed_width(t.text) for t in tokens)
    return printed * _PRINTED_SCALE if printed == 2 * sum(len(t.text) for t in tokens) else None


def _centres_meet(x1: int, end1: float, x2: int, end2: float, paper1: float | None, paper2: float | None) -> bool:
    """Whether two pieces are centred on one another: in the columns they print in, or in the widths the
    page gives them where both are known (their starts are where the page puts them, their widths the
    printer's)."""
    if abs((x1 + end1) / 2 - (x2 + end2) / 2) <= _CENTRE_SLACK:
        return True
    return paper1 is not None and paper2 is not None and abs(x1 + paper1 / 2 - x2 - paper2 / 2) <= _CENTRE_SLACK


def _touching(row: list[Token], char_cells: bool = False) -> list[tuple[int, int, list[Token]]]:
    """The runs of a line's pieces that touch one another: (start, end, pieces); a line's first piece
    with no position stands at the margin."""
    runs: list[tuple[int, int, list[Token]]] = []
    width = measure(char_cells)
    for k, token in enumerate(row):
        if token.x is None and k:
            runs.append((0, 0, [token]))
            continue
        x = token.x or 0
        end = x + width(token.text)
        if runs and runs[-1][2][-1].x is not None and runs[-1][1] == x:
            runs[-1] = (runs[-1][0], end, runs[-1][2] + [token])
        else:
            runs.append((x, end, [token]))
    return runs


_SHARED_START = 3  # pieces of a page that start at a display column, for it to be a column's left edge
_CLAUSE_END = (",", "，", "、", ";", "；", ":", "：", "。")


def part_at_columns(lines: list[list[Token]], anchors: TextAnchors, char_cells: bool = False) -> list[list[Token]]:
    """Pieces one space from the next cell (生态环境成本指 响, a label's head and a name's tail) parted
    where the text after the space starts at a column's left edge that many pieces of the page start
    at; a sentence's spaces (after a comma), and those between letters printed one at a time, part nothing."""
    starts = Counter(t.x for row in lines for t in row if t.x is not None)
    edges = {x for x, n in starts.items() if n >= _SHARED_START}
    out: list[list[Token]] = []
    for row in lines:
        new_row: list[Token] = []
        for token in row:
            new_row += _parted(token, edges, anchors, char_cells) if token.x is not None and " " in token.text else [token]
        out.append(new_row)
    return out


def _parted(token: Token, edges: set[int], anchors: TextAnchors, char_cells: bool) -> list[Token]:
    x = token.x or 0
    for found in _SPACE.finditer(token.text):
        head, tail = token.text[:found.start()], token.text[found.end():]
        at = x + measure(char_cells)(token.text[:found.end()])
        # spaces around a run of digits or letters are the text's own (经费 100 万元)
        ascii_run = head[-1:].isascii() and head[-1:].isalnum() or tail[:1].isascii() and tail[:1].isalnum()
        letters = _letter_at(head, -1) and _letter_at(tail, 0)  # 产 出 指 标: a label a character at a time
        if at in edges and not ascii_run and not letters and head[-1:] not in _CLAUSE_END and not _unclosed(head) and \
                tail[:1] not in OPEN_BRACKETS + CLOSE_BRACKETS:
            rest = replace(token, text=tail, kind=anchors.kind(tail), x=at, under=False)
            return [replace(token, text=head, kind=anchors.kind(head)), *_parted(rest, edges, anchors, char_cells)]
    return [token]


_NOTE_AFTER_GAP = re.compile(r"^(?P<head>.*\S) (?P<note>[(（\[［【][^()（）\[\]［］【】]{1,16}[)）\]］】])$")


def notes_apart(parts: list[str], text: str) -> list[str]:
    """A bracketed note joined to the cell before it (项目资金 (万元)) parted again where the line prints
    it two spaces or more after that cell: in aligned columns it is a cell of its own (代码   （431156）)."""
    out: list[str] = []
    for part in parts:
        found = _NOTE_AFTER_GAP.match(part)
        if found and re.search(re.escape(found.group("head")) + r" {2,}" + re.escape(found.group("note")), text):
            out += [found.group("head"), found.group("note")]
        else:
            out.append(part)
    return out
