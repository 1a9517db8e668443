"""The header block's lines as rows: tokens printed a cell a line regrouped into rows that start at a label,
lines that continue the cell or the row above them joined — the rows of a grid (年度主要任务 | 任务名称 | 主要内容 |
预算金额, then one row a task) holding one value a column name, and a row of funds names printed over their
amounts (年度预算申请 | 资金总额 | 财政拨款 | 其他资金, then 36839 | 36839) kept apart from the amounts."""

from __future__ import annotations

from dataclasses import replace

from .free_model import TextAnchors, Token
from .free_rows import is_row_per_line
from .free_wrapped import wrap_header

_LABEL_STARTS = frozenset({"field", "title", "sign_off"})  # what starts a header row in a copy of a cell a line
_MIN_FUNDS_NAMES = 2  # funds names printed one after the other, nothing between: a row of column names
_MIN_GRID_NAMES = 2  # a grid's column names in a row: a grid whose rows follow
_NAME_KINDS = frozenset({"grid_column", "column"})  # a grid's names: its own, and those indicator columns share (分值)


def _names(row: list[Token]) -> list[Token]:
    """The column names a row holds after its label, if it is a row of a grid's names (年初预算数 | 全年执行数 |
    分值 …, 预期目标 | 实际完成情况: at least two, one of them a grid's own), else []."""
    names = row[1:] if row[0].kind == "field" else row
    if len(names) < _MIN_GRID_NAMES or any(t.kind not in _NAME_KINDS for t in names) or \
            not any(t.kind == "grid_column" for t in names):
        return []
    return names


def _values(row: list[Token]) -> int:
    return sum(t.kind not in _LABEL_STARTS and t.kind not in _NAME_KINDS for t in row)


def _grid_columns(row: list[Token]) -> int:
    """The columns a row of a grid's names opens (0: it is none)."""
    return len(_names(row))


def _names_go_on(prev: list[Token], token: Token) -> bool:
    """A grid's name after the names of the row being read (分值 after 全年执行数, 实际完成情况 after 预期目标)."""
    if token.kind not in _NAME_KINDS or prev[-1].kind not in _NAME_KINDS:
        return False
    return token.kind == "grid_column" or any(t.kind == "grid_column" for t in prev)


def _funds_names_end(tokens: list[Token], k: int, anchors: TextAnchors) -> int | None:
    """Where a run of funds names that a block label opens (年度预算申请 | 资金总额 | 财政拨款 | 其他资金) ends, when
    amounts follow it: the names are a row of their own, the amounts the row under it (in the rows layout every
    name is followed by its amount)."""
    if tokens[k].kind != "field" or _is_funds_name(tokens[k], anchors):
        return None
    end = k + 1
    while end < len(tokens) and _is_funds_name(tokens[end], anchors):
        end += 1
    if end - k - 1 < _MIN_FUNDS_NAMES or end >= len(tokens) or tokens[end].kind != "number":
        return None
    return end


def _amounts_end(tokens: list[Token], start: int, names: int) -> int:
    end = start
    while end < len(tokens) and end - start < names and tokens[end].kind == "number":
        end += 1
    return end


def _is_funds_name(token: Token, anchors: TextAnchors) -> bool:
    return token.kind == "field" and anchors.continues_grid(token.text)


def _funds_names_joined(rows: list[list[Token]], anchors: TextAnchors) -> list[list[Token]]:
    """A block label alone on its line (its wrapped tail joined to it: 年度预算申请(万 | 元)) and the funds names on
    the next line: one row of names."""
    out: list[list[Token]] = []
    for row in rows:
        prev = out[-1] if out else None
        if prev is not None and len(prev) == 1 and prev[0].kind == "field" and not _is_funds_name(prev[0], anchors) \
                and len(row) >= _MIN_FUNDS_NAMES and all(_is_funds_name(t, anchors) for t in row):
            prev.extend(row)
        else:
            out.append(row)
    return out


def _boxes_parted(row: list[Token], needed: int, anchors: TextAnchors) -> list[Token]:
    """A grid row's cells joined from OCR boxes parted at their first box, until the row holds `needed` more
    cells: which box a cell that just fills its box ends with is not printed (信息化平台运行维护 | 保障业务系统全年稳
    | 定运行: the name and its 主要内容, or one cell), the columns say how many cells there are."""
    out = list(row)
    k = 0
    while needed > 0 and k < len(out):
        token = out[k]
        if len(token.boxes) >= 2:
            head, rest = token.boxes[0].strip(), token.boxes[1:]
            tail = "".join(rest).strip()
            out[k:k + 1] = [Token(head, anchors.kind(head), token.page, token.line, token.x, token.glued),
                            Token(tail, anchors.kind(tail), token.page, token.line + 1, token.x, token.glued,
                                  boxes=rest if len(rest) >= 2 else ())]
            needed -= 1
        k += 1
    return out


def _figure_comes_early(prev: list[Token], token: Token, columns: int) -> bool:
    """A figure after fewer words than the grid's columns before its last, in a row of a grid (no label in it)
    holding a cell joined from OCR boxes (年度主要任务's rows: 任务名称 | 主要内容 | 预算金额)."""
    return token.kind == "number" and 0 < _values(prev) < columns - 1 and \
        all(t.kind in ("text", "value") for t in prev) and any(len(t.boxes) >= 2 for t in prev)


def regroup_header(rows: list[list[Token]], anchors: TextAnchors, guessed: list[Token] | None = None
                   ) -> list[list[Token]]:
    """Header tokens in rows that start at a label, where the text prints each cell on a line; under a grid's
    column names a row holds at most one value a name (`guessed` gets the cells parted from OCR boxes by the
    grid's columns: where the parting falls is a guess)."""
    if is_row_per_line(rows):
        return _funds_names_joined(rows, anchors)
    tokens = [t for r in rows for t in r]
    out: list[list[Token]] = []
    columns = 0  # column names of the grid whose rows are being read (0: none)
    k = 0
    while k < len(tokens):
        names_end = _funds_names_end(tokens, k, anchors)
        if names_end is not None:
            amounts_end = _amounts_end(tokens, names_end, names_end - k - 1)
            out += [tokens[k:names_end], tokens[names_end:amounts_end]]
            columns, k = 0, amounts_end
            continue
        token = tokens[k]
        k += 1
        prev = out[-1] if out else None
        if prev is not None and token.kind == "title" and len(prev) == 1 and prev[0].kind == "field":
            prev.append(token)  # 项目期 | 2022年: a year is a field's value here
        elif prev is None or token.kind in _LABEL_STARTS:
            out.append([token])
            if token.kind != "field" or not anchors.continues_grid(token.text):
                columns = 0  # a row of the funds grid (年度资金总额 …) keeps the grid's names
        elif token.kind == "grid_column" and prev[-1].kind not in _NAME_KINDS:
            if all(t.kind == "field" for t in prev):
                prev.append(token)  # 项目资金（万元）then its column names: one row
            else:
                out.append([token])
            columns = _grid_columns(out[-1])
        elif _names_go_on(prev, token):
            prev.append(token)  # the grid's next name (分值 among 全年执行数 | 执行率)
            columns = _grid_columns(prev)
        elif _grid_columns(prev) or (columns and _values(prev) >= columns):
            out.append([token])  # the first row under a grid's column names, or the next row of the grid
        elif columns and _figure_comes_early(prev, token, columns):
            parted = _boxes_parted(prev, columns - 1 - _values(prev), anchors)
            if guessed is not None:
                guessed += [t for t in parted if t not in prev]
            out[-1] = [*parted, token]
        else:
            prev.append(token)
    return out


def _wrapped(token: Token) -> bool:
    return token.kind in ("text", "value", "number")


def _grid_row_goes_on(prev: list[Token], row: list[Token], columns: int, width: int | None) -> bool:
    """A line of values under a row of a grid that has room for them: the row's next cells (a cell that started
    on a new line after a wrapped one, 开展政策宣传和政务信 | 息公开工作 | 12696), not the next row. A copy that wraps
    at a known width had its wraps joined already; with none known, only a figure alone is told so (words alone
    are the tail of the cell above)."""
    if not all(_wrapped(t) for t in prev) or len(row) > columns - _values(prev):
        return False
    return width is not None or (len(row) == 1 and row[0].kind == "number" and prev[-1].kind != "number")


def join_wrapped_header(rows: list[list[Token]], width: int | None = None) -> list[list[Token]]:
    """A line with no label on it continues the last cell of the row above (text wrapped in its cell, the
    pieces after its first kept as printed),
    unless that row names a grid's columns (its values come next); where the copy wraps at `width`, a line
    after one that reached it goes on with its last cell, the cells after the tail kept in that row. Under a
    grid's column names a line is a row of the grid, or the rest of the row above where that has room for it."""
    if width is not None:
        rows = wrap_header(rows, width)
    out: list[list[Token]] = []
    columns = 0  # column names of the grid whose rows are being read (0: none)
    for row in rows:
        prev = out[-1] if out else None
        goes_on = len(row) == 1 or width is not None  # a line of several pieces, only in a copy that wraps
        in_grid = bool(prev) and columns > 0 and all(_wrapped(t) for t in row)
        if in_grid and prev is not None and _grid_row_goes_on(prev, row, columns, width):
            prev.extend(row)
        elif in_grid and width is not None:
            out.append(list(row))  # a copy that wraps: its wraps are joined, a line that does not fit is a row
        elif prev and goes_on and all(_wrapped(t) for t in row) and _wrapped(prev[-1]) and len(prev) >= 2 and \
                not _grid_columns(prev):
            last = prev[-1]  # the line's first piece goes on with the cell, the pieces after it as printed
            prev[-1] = replace(last, text=last.text + row[0].text)
            prev.extend(row[1:])
        else:
            out.append(list(row))
        if _grid_columns(out[-1]):
            columns = _grid_columns(out[-1])
        elif not _wrapped(out[-1][0]):
            columns = 0
    return out
