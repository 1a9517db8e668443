"""Rebuilt tables' rows: header rows (a label and its values, grids of column names and their rows) and
indicator rows, each row's tokens aligned to the columns whose roles their content fits; rows the reader
cannot place with certainty are kept apart, to be said in a warning."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple

from .free_glued import Levels, glued_rows, rows_are_glued, run_together
from .free_model import TextAnchors, Token, without_pinyin
from .free_stream import stream_rows
from .free_wrapped import join_wrapped_cells
from .free_tokens import LABEL_KINDS as _LABEL_KINDS, VALUE_KINDS as _VALUE_KINDS
from .model import Cell

@dataclass(slots=True)
class Rows:
    rows: list[list[Cell]] = field(default_factory=list)
    unsure: list[list[Token]] = field(default_factory=list)  # rows not placed with certainty: said, not read
    whole: list[Token] = field(default_factory=list)  # glued names read whole, a 指标值 in words untold: said
    ambiguous: list[Token] = field(default_factory=list)  # cells another column fits nearly as well: said
    wrap: int | None = None  # the width the copy wraps its lines at, if it does

    def add(self, placed: list[tuple[int, Token]]) -> None:
        """A row as every reader gives one: a cell in each column up to its last, empty where nothing is."""
        r = len(self.rows)
        page, line = (placed[0][1].page, placed[0][1].line) if placed else (1, None)
        cols = [col for col, _ in placed]
        if any(b <= a for a, b in zip(cols, cols[1:])):  # a column again, or one before: each column's last token
            placed = sorted(dict(placed).items())
        row: list[Cell] = []
        for col, token in placed:
            while len(row) < col:
                row.append(Cell("", r, len(row), page, line=line))
            row.append(Cell(token.text, r, col, token.page, line=token.line))
        self.rows.append(row)


def line_rows(lines: list[list[Token]], lo: int, hi: int, flat_index: list[tuple[int, int]]) -> list[list[Token]]:
    """The tokens flat[lo:hi] grouped by the line they were printed on (`flat_index`: each one's line and place)."""
    if lo >= hi:
        return []
    first, start = flat_index[lo]
    last, end = flat_index[hi - 1]
    if first == last:
        return [lines[first][start:end + 1]]
    return [lines[first][start:], *(row[:] for row in lines[first + 1:last] if row), lines[last][:end + 1]]


_MAX_ROW_TOKENS = 12  # a line holding more cells than a form's row has is a table run onto one line


def is_row_per_line(rows: list[list[Token]], width: int = _MAX_ROW_TOKENS) -> bool:
    """Lines that hold rows: most hold two cells or more, none holds many more than a row has."""
    if any(len(r) > 2 * width for r in rows):
        return False
    return sum(len(r) >= 2 for r in rows) * 2 >= len(rows)


_JOIN_PENALTY = 0.5  # a text token joined to the cell before it (a cell printed with spaces inside)
_SKIP_PENALTY = 0.01  # a column left empty: a hair worse, so ties keep cells to the right
_TIE = 1e-9  # scores this close are equal but for float rounding (distinct ones differ by a penalty or more)


def _align(tokens: list[Token], roles: list[str | None], anchors: TextAnchors) -> list[tuple[int, Token]]:
    """Each token's column: columns in order, each token in the next column whose role its content fits
    best (and the one it stands under, where the layout says so: `Token.col`), or joined to the cell before
    it (two text pieces of one cell)."""
    if not tokens:
        return []
    column_roles = tuple(roles)
    n = len(column_roles)
    terms = _column_terms(column_roles)
    skips, empty_fits, unders = terms.skips, terms.empty_fits, terms.unders
    fit = anchors.fit
    fits = _fit_table(fit, column_roles)
    # row[c]: the best score of the tokens so far placed, the last in column c-1 (c = 0: none placed yet);
    # backs[i][c]: the column (+1) of token i-1 in the best placement that puts token i in column c-1
    backs: list[list[int]] = []
    previous_kind: str | None = None
    for token in tokens:
        kind = token.kind
        if kind == "empty":
            scores = empty_fits
        else:
            scores = fits.get(token.text) or _new_fits(fits, fit, column_roles, token.text)
        col = token.col
        under = col + 1 if col is not None and col < n and unders[col] else 0
        if previous_kind is None:  # the first token: in column c-1, after c-1 columns left empty
            row = [_NEG, *[score - skip for score, skip in zip(scores, skips)]]
            if under:
                row[under] = scores[under - 1] + _UNDER_ITS_NAME - skips[under - 1]
            backs.append([0] * (n + 1))
        else:
            row = _next_row(row, scores, under, kind == "text" and previous_kind == "text", terms, backs)
        previous_kind = kind
    best = max(row)
    if best == _NEG:
        return list(enumerate(tokens))
    c = row.index(best)  # the first column of the best score
    placed: list[tuple[int, Token]] = []
    joined = False  # a token joined to the cell before it: in the same column
    for i in range(len(tokens) - 1, -1, -1):
        placed.append((c - 1, tokens[i]))
        before = backs[i][c]
        joined = joined or before == c
        c = before
    placed.reverse()
    return _joined_cells(placed) if joined else placed


_NEG = float("-inf")


def _next_row(prev: list[float], scores: tuple[int, ...], under: int, joinable: bool,
              terms: _ColumnTerms, backs: list[list[int]]) -> list[float]:
    """`_align`'s best scores with one more token placed (`prev`: those before it), its back pointers
    appended to `backs`."""
    skips, after_nature = terms.skips, terms.after_nature
    neg = _NEG
    n = len(scores)
    if under:
        scores = (*scores[:under - 1], scores[under - 1] + _UNDER_ITS_NAME, *scores[under:])
    here = [neg]
    back = [0]
    # The previous token in column p-1 scores prev[p] + score - skip(c-p-1): for p < c-1 the one that wins
    # is among those of highest prev[p] + skip(p) (its exact sum decides among ties, as in a plain scan).
    leaders: list[int] = []
    lead = neg
    # last: the previous token's best in the column right before c; kept: in column c itself
    for c, score, last, kept, skip, nature in zip(range(1, n + 1), scores, prev, prev[1:], skips, after_nature[1:]):
        top, arg = neg, 0
        for p in leaders:
            value = prev[p] + score - skips[c - p - 1]
            if value > top:
                top, arg = value, p
        if last != neg:
            value = last + score  # skip(0) is 0
            if nature:
                value += _VALUE_AFTER_NATURE
            if value > top:
                top, arg = value, c - 1
            key = last + skip  # column c-1 joins the candidates of the columns after it
            if key > lead + _TIE:
                leaders, lead = [c - 1], key
            elif key >= lead - _TIE:
                leaders.append(c - 1)
                if key > lead:
                    lead = key
        if joinable and kept - _JOIN_PENALTY > top:  # (never where kept is -inf)
            top, arg = kept - _JOIN_PENALTY, c
        here.append(top)
        back.append(arg)
    backs.append(back)
    return here


class _ColumnTerms(NamedTuple):
    """What `_align` scores by the columns alone."""
    skips: tuple[float, ...]  # the penalty for k columns left empty between two tokens
    after_nature: tuple[bool, ...]  # whether column c (from 1) takes the bonus after a 指标性质
    empty_fits: tuple[int, ...]  # an empty cell's fit in each column
    unders: tuple[bool, ...]  # whether a token printed under column k's name takes the bonus (a label's never)


@lru_cache(maxsize=256)  # a table's rows are aligned to its columns' roles one after the other
def _column_terms(roles: tuple[str | None, ...]) -> _ColumnTerms:
    return _ColumnTerms(tuple(_SKIP_PENALTY * k for k in range(len(roles) + 1)),
                        tuple(c >= 2 and _after_nature(roles, c - 1, c) > 0 for c in range(len(roles) + 1)),
                        tuple(_empty_fit(role) for role in roles),
                        tuple(role not in _LABEL_ROLES for role in roles))


_FITS_KEPT = 16384  # texts whose fits a table of fits keeps (emptied past it)


@lru_cache(maxsize=64)  # emptied with the other caches: its tables go with it
def _fit_table(fit: Callable[[str | None, str], int], roles: tuple[str | None, ...]) -> dict[str, tuple[int, ...]]:
    """A table of how well texts fit each of these columns, filled as texts come (`_new_fits`)."""
    return {}


def _new_fits(table: dict[str, tuple[int, ...]], fit: Callable[[str | None, str], int],
              roles: tuple[str | None, ...], text: str) -> tuple[int, ...]:
    """How well a text not in the table yet fits each column, kept in it (one lookup a token where a row is
    aligned again)."""
    if len(table) >= _FITS_KEPT:
        table.clear()
    scores = table[text] = tuple(map(fit, roles, repeat(text)))
    return scores


_UNDER_ITS_NAME = 1  # a name or value printed under its column's name (pdftotext -layout): that column, where its text fits others as ill
_VALUE_AFTER_NATURE = 1  # a 指标值 printed right after its 指标性质 (定性 | 有效保障): its column, not 度量单位's


def _after_nature(roles: Sequence[str | None], prev: int, col: int) -> int:
    """The bonus for a token in the 指标值 column right after a token in the 指标性质 column beside it."""
    return _VALUE_AFTER_NATURE if prev >= 1 and col == prev + 1 and roles[prev - 1] == "nature" and \
        roles[col - 1] == "target" else 0


def _empty_fit(role: str | None) -> int:
    """An empty cell stands in a value's column, never in a label's or a name's."""
    return -5 if role is None or role in ("section", "level1", "level2", "level3") else 0


def _joined_cells(placed: list[tuple[int, Token]]) -> list[tuple[int, Token]]:
    out: list[tuple[int, Token]] = []
    for col, token in placed:
        if out and out[-1][0] == col:
            prev = out[-1][1]
            out[-1] = (col, replace(prev, text=prev.text + token.text))
        else:
            out.append((col, token))
    return out


def _as_name(tokens: list[Token], k: int) -> Token:
    """A label-worded cell followed by a value is a name (社会公众满意度 | ≥85%), not a level label."""
    token = tokens[k]
    follows = tokens[k + 1] if k + 1 < len(tokens) else None
    after = tokens[k + 2] if k + 2 < len(tokens) else None
    if token.kind in ("level1", "level2") and follows is not None and follows.kind in _VALUE_KINDS \
            and (after is None or after.kind not in _VALUE_KINDS):  # 时效指标 | 2022年全年 | 12个月: a label
        return replace(token, kind="text")
    return token


def _body_token_rows(rows: list[list[Token]], n_values: int, anchors: TextAnchors, width: int | None,
                     per_line: bool | None = None) -> list[list[Token]]:
    """Indicator rows: a row a line where lines hold rows; cell-per-line text regrouped by content:
    labels, then one name, then up to as many values as the form has value columns. `per_line`: whether
    the lines hold rows (`is_row_per_line`), where the caller knows it of these rows."""
    if width is not None:  # the copy wraps: its lines are rows once the wrapped cells are joined again
        rows = join_wrapped_cells(without_empty(rows), anchors, width)
        per_line = None
    if is_row_per_line(rows, n_values + 4) if per_line is None else per_line:
        return _join_wrapped_names(_at_closing_rows(join_wrapped_cells(without_empty(rows), anchors, width)), anchors)
    flat = [t for r in rows for t in r]
    grouped: list[list[Token]] = []
    current: list[Token] = []
    values = 0
    named = False
    for k in range(len(flat)):
        token = _as_name(flat, k)
        if token.kind == "empty" and not (named and values == 0):
            continue  # an empty cell that stands for no value
        label = token.kind in ("level1", "level2", "section")
        closing = token.kind in ("trailer", "sign_off")
        new_name = not label and named and (values >= max(1, n_values) or (values >= 1 and token.kind == "text"))
        if current and (closing or (label and named) or new_name):
            grouped.append(current)
            current, values, named = [], 0, False
        current.append(token)
        if label or closing:
            continue
        if not named:
            named = True
        else:
            values += 1
    if current:
        grouped.append(current)
    return grouped


def _at_closing_rows(rows: list[list[Token]]) -> list[list[Token]]:
    """A line that runs on into a closing row (… | 无 | 总分 | 100 | 96): two rows, cut at the closing label."""
    out: list[list[Token]] = []
    for row in rows:
        for cut in range(1, len(row)):
            if row[cut].kind == "trailer":
                out += [row[:cut], row[cut:]]
                break
        else:
            out.append(row)
    return out


def without_empty(rows: list[list[Token]]) -> list[list[Token]]:
    return [kept for kept in ([t for t in row if t.kind != "empty"] for row in rows) if kept]


def _join_wrapped_names(rows: list[list[Token]], anchors: TextAnchors) -> list[list[Token]]:
    """A line holding one piece of text, followed by a row that starts with text: a name wrapped in its
    cell, its head on the line above (实行网格化管理，网格员走访网 | 格内居民，全覆盖 100%); followed by a line
    of cells no name starts with (定性 明显): the name's row, gone on on the next line."""
    out: list[list[Token]] = []
    pending: Token | None = None
    for row in rows:
        if pending is not None and row[0].kind == "text" and anchors.fit("level3", row[0].text) >= 0:
            row = [replace(pending, text=pending.text + row[0].text), *row[1:]]
        elif pending is not None and row[0].kind not in _LABEL_KINDS and anchors.fit("level3", row[0].text) < 0:
            before = out[-1] if out else None  # 定性 明显, ≥ 95 %: no name's words, the row's next cells
            if before is not None and before[-1].kind == "text" and all(t.kind in _LABEL_KINDS for t in before[:-1]):
                before[-1] = replace(before[-1], text=before[-1].text + pending.text)  # the name's tail, between
                before.extend(row)
                pending = None
                continue
            row = [pending, *row]
        elif pending is not None:
            out.append([pending])
        pending = None
        if len(row) == 1 and row[0].kind == "text":
            pending = row[0]
            continue
        out.append(row)
    if pending is not None:
        out.append([pending])
    return out


_LABEL_ROLES = frozenset({"section", "level1", "level2"})


def _is_sure(placed: list[tuple[int, Token]], roles: list[str | None], inferred_rows: bool) -> bool:
    """Whether an aligned row can be trusted: its name is no number, and where the rows were inferred
    from content alone (cells one a line, nothing between rows) it holds a value."""
    n = len(roles)
    by_role: dict[str | None, Token] = {}
    for col, token in placed:
        if col >= n:
            return False  # more cells than the form has columns, and none to join: not a row of it
        by_role[roles[col]] = token
    all_labels, any_label, any_value = True, False, False
    for role, token in by_role.items():
        kind = token.kind
        if kind in _COLUMN_KINDS:
            return False  # a column name among the cells: a header line, not a row
        if role in _LABEL_ROLES:
            if kind in _VALUE_KINDS:
                return False  # a value where a level label stands
            any_label = True
        else:
            all_labels = False
            any_value = any_value or role != "level3"
    if all_labels:
        return True  # a row of labels
    name = by_role.get("level3")
    if name is not None and not _may_be_a_name(name):
        return False
    if name is None and not any_label and inferred_rows:
        return False  # values with no name and no label: cells left over from the row before
    return any_value or not inferred_rows


_COLUMN_KINDS = frozenset({"core_column", "column"})

_BRACKETED = re.compile(r"^[(（\[［【][^()（）]*[)）\]］】]$")
_WORDLESS = re.compile(r"^[\W_]*$")
# A quantity such as 37442人, 14种, ≥95% (a date such as 2025年全年 may well be a name).
_QUANTITY = re.compile(r"^[≥≤<>=＞＜≧≦]?\d[\d.,]*\s*(?:%|％|[^\d\s年月日]{1,3})?$")


def _may_be_a_name(token: Token) -> bool:
    """An indicator name is words: not a figure or a quantity (37442人), not a level-1 label, not a bracketed
    note (（50分）), not a placeholder (……, -)."""
    if token.kind in ("number", "level1"):
        return False
    text = token.text
    bare = without_pinyin(text).strip()
    if bare[:1].isalpha():  # a letter first: no figure, no bracket, not wordless
        return True
    return not _QUANTITY.match(bare) and not _BRACKETED.match(bare) and not _WORDLESS.match(bare)


def body_rows(rows: list[list[Token]], roles: list[str | None], out: Rows, anchors: TextAnchors,
              width: int | None = None) -> None:
    """The indicator rows of a block; `width`: the copy's wrap width, if it wraps (`wrap_width`)."""
    if rows_are_glued(rows, roles, anchors):
        _glued_body_rows(rows, roles, out, anchors)
        return
    n_values = sum(r not in (None, "section", "level1", "level2", "level3") for r in roles)
    per_line: bool | None = is_row_per_line(rows, n_values + 4)
    inferred = not per_line
    unwrapped = join_wrapped_cells(without_empty(rows), anchors, width) if width is not None and inferred else rows
    if inferred and not is_row_per_line(unwrapped, n_values + 4) and "target" in roles:
        rows = _stream_body_rows(rows, roles, out, anchors)  # values told apart by the columns they fit: a 指标值 among them
        per_line = None  # of the rows left, not yet asked
    for row in _body_token_rows(rows, n_values, anchors, width, per_line):
        if row[0].kind in ("trailer", "sign_off"):
            out.add(_closing_row(row, roles))
            continue
        placed = _align(row, roles, anchors)
        if _is_sure(placed, roles, inferred):
            out.add(placed)
        else:
            out.unsure.append(row)


_TOTAL_ROLES = ("weight", "score")


def _closing_row(row: list[Token], roles: list[str | None]) -> list[tuple[int, Token]]:
    """A closing row as printed, but a total's figures (总分 | 100 | 95.5, 合计 | 100) under the 分值 / 得分
    columns they total, where as many figures follow the label as the form has such columns."""
    columns = [c for c, role in enumerate(roles) if role in _TOTAL_ROLES]
    figures = row[1:]
    if row[0].kind == "trailer" and columns and len(figures) == len(columns) and \
            all(t.kind == "number" for t in figures) and columns[0] > 0:
        return [(0, row[0]), *zip(columns, figures)]
    return list(enumerate(row))


def _stream_body_rows(rows: list[list[Token]], roles: list[str | None], out: Rows, anchors: TextAnchors
                      ) -> list[list[Token]]:
    """Cell-per-line rows up to the first closing row read off the stream of cells (free_stream.py); the
    closing rows on, left to be grouped as before."""
    flat = [t for r in without_empty(rows) for t in r]
    if any(t.kind == "empty" for r in rows for t in r):
        flat = [t for r in rows for t in r]
    cut = next((k for k, t in enumerate(flat) if t.kind in ("trailer", "sign_off")), len(flat))
    read = stream_rows(flat[:cut], roles, anchors)
    if read is None:
        return rows
    for placed in read.rows:
        placed = _joined_cells(placed)
        if _is_sure(placed, roles, True):
            out.add(placed)
        else:
            out.unsure.append([t for _, t in placed])
    out.ambiguous += read.ambiguous
    return [[t] for t in flat[cut:]]


def _glued_body_rows(rows: list[list[Token]], roles: list[str | None], out: Rows, anchors: TextAnchors) -> None:
    """Rows printed with their cells glued, a line each or run together: parted by what columns hold."""
    many = run_together(rows)
    levels = Levels()
    for row in rows:
        if row[0].kind in ("trailer", "sign_off") and not row[0].glued:
            out.add(list(enumerate(row)))
            continue
        parted = glued_rows(row, roles, anchors, many, levels)
        for placed in parted.rows:
            named = any(roles[col] == "level3" for col, _ in placed) or \
                all(roles[col] in _LABEL_ROLES for col, _ in placed)  # values with no name: unsure
            if named and _is_sure(placed, roles, False):
                out.add(placed)
                out.whole += [t for _, t in placed if any(t is w for w in parted.whole)]
            else:
                out.unsure.append([t for _, t in placed])
        out.unsure += parted.unsure + parted.closing
