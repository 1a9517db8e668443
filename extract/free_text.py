"""Text with no table notation → page tables, rebuilt from the form's own labels.

Real copies of these forms print every cell on its own line, a row a line with
cells parted by spaces or by a `|` after each cell, cells glued together, or a
whole table on one line. What a piece of text is (项目名称, 一级指标, 数量指标, a
value …) is form knowledge and comes in through `TextAnchors`; this module
only does the structure:

lines → tokens (split by the line's own separator, glued labels split apart)
→ the column-name run that opens the indicator block → header rows (a label and
its values; grids of column names and their rows) and indicator rows (each
row's tokens aligned to the columns their content fits) → one `PageTable`
with the same cells any other reader gives. A table the reader cannot rebuild
is said in a page note, never dropped in silence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from .free_glued import glued_rows, rows_are_glued, run_together
from .free_model import TextAnchors, Token, TokenKind
from .free_pipes import EMPTY_CELLS, as_lines, cell_per_line, lines_not_rows
from .model import Block, Cell, ExtractedDocument, PageTable, TextLine
from .page_marks import is_page_mark
from .widths import display_width

_PIPE = re.compile(r"\s*[|｜]\s*")
_PIPE_IN = re.compile(r"[|｜]")  # a cell between pipes is whole: never split at the labels inside it
# A bracketed note printed after a word with a space: part of it (项目资金 (万元), 青岭县财政局 [547510]).
_ANNOTATION = re.compile(r"^[(（\[［【][^()（）\[\]［］【】]{1,16}[)）\]］】]$")
_WIDE_GAP = re.compile(r"(?<=\S) {2,}(?=\S)|\u3000+")
_SPACE = re.compile(r"\s+")
_LEAD_IN = re.compile(r"^\S{1,3}[:：]$")  # 其中: 财政拨款 — a lead-in word and its colon begin the cell
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Pinyin a web mirror inserts after characters (財(cái)政): not a cell boundary, not a character of its own.
_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")
_LABEL_KINDS = frozenset({"field", "grid_column", "level1", "level2", "section", "trailer", "core_column", "column"})
_VALUE_KINDS = frozenset({"number", "value"})
_MIN_COLUMNS = 2  # core column names that open an indicator block
_MAX_COLUMN_GAP = 3  # tokens between two column names of one header run


def _split_line(text: str) -> list[str]:
    """A line's cells by the separator it uses: pipes, wide gaps, else single spaces."""
    if "|" in text or "｜" in text:
        parts = _PIPE.split(text)
    elif _WIDE_GAP.search(text):
        parts = _WIDE_GAP.split(text)
    else:
        parts = _SPACE.split(text)
    cells: list[str] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if cells and (_ANNOTATION.match(_PINYIN.sub("", part)) or _LEAD_IN.match(_PINYIN.sub("", cells[-1]))):
            cells[-1] = f"{cells[-1]} {part}"
        else:
            cells.append(part)
    return cells


def _is_letter(part: str) -> bool:
    bare = _PINYIN.sub("", part)
    return len(bare) == 1 and _CJK.match(bare) is not None


def _join_spaced_letters(parts: list[str], anchors: TextAnchors) -> list[str]:
    """产 出 指 标 — a label printed one character at a time — is one cell; a run of such letters that
    holds two labels (绩 效 指 标 产 出 指 标) is cut where the longest label from its start ends."""
    out: list[str] = []
    run: list[str] = []
    for part in [*parts, ""]:
        if part and _is_letter(part):
            run.append(part)
            continue
        out += _labels_in_run(run, anchors) if len(run) > 1 else run
        run = []
        if part:
            out.append(part)
    return out


def _labels_in_run(run: list[str], anchors: TextAnchors) -> list[str]:
    cells: list[str] = []
    i = 0
    while i < len(run):
        end = next((j for j in range(len(run), i + 1, -1) if anchors.kind("".join(run[i:j])) in _LABEL_KINDS), None)
        if end is None:
            cells.append("".join(run[i:]))
            break
        cells.append("".join(run[i:end]))
        i = end
    return cells


def tokens_of(lines: list[TextLine], anchors: TextAnchors) -> list[list[Token]]:
    """Each line's tokens (page marks dropped), labels broken over two lines joined."""
    out: list[list[Token]] = []
    glued = _glued_block(lines, anchors)
    run_chars = _run_together_chars(lines, anchors)
    for k, line in enumerate(lines):
        if is_page_mark(line.text) and not _may_be_a_value(lines, k):
            continue
        if line.text == EMPTY_CELLS:  # cells left empty, one a line: an empty cell where a value may stand
            out.append([Token("", "empty", line.page, line.line or 0)])
            continue
        parts = _join_spaced_letters(_split_line(line.text), anchors)
        cut = _run_together_cut(line, parts, anchors, run_chars)
        if cut is not None:  # a page run together: header, column names and rows on one line
            parts = cut
        elif len(parts) == 1 and not _PIPE_IN.search(line.text):  # nothing parts the cells: split at labels
            parts = anchors.segment(parts[0])
            if glued:  # rows glued together: a quantitative target also parts from its name
                parts = [piece for part in parts for piece in anchors.split_value(part)]
        elif not _PIPE_IN.search(line.text):
            parts = [piece for part in parts for piece in _column_names_in(part, anchors)]
        aligned = _WIDE_GAP.search(line.text) is not None or line.indent > 0
        xs = _starts(line, parts) if aligned else [None] * len(parts)
        unparted = cut is not None or (len(_split_line(line.text)) == 1 and not _PIPE_IN.search(line.text))
        row = [Token(part, anchors.kind(part), line.page, line.line or 0, x, unparted) for part, x in zip(parts, xs)]
        if row:
            out.append(row)
    rows = _rows_by_blank_lines(out)
    if _in_columns(rows):  # pdftotext -layout: wrapped text continues in its column
        rows = _join_aligned(rows)
    return _join_broken_labels(rows, anchors)


_COLUMN_KINDS = ("core_column", "column")


def _run_together_cut(line: TextLine, parts: list[str], anchors: TextAnchors, least: int) -> list[str] | None:
    """A long line printing rows run together (spaces in it only where the copy wrapped cells): its pieces."""
    if len(line.text) < least or _PIPE_IN.search(line.text) or len(line.text) < _RUN_PART_CHARS * len(parts):
        return None
    return anchors.cut_run("".join(parts))


def _run_together_chars(lines: list[TextLine], anchors: TextAnchors) -> int:
    """How long a line must be to be read as rows run together: shorter where a line of the block is."""
    for line in lines:
        if _run_together_cut(line, _split_line(line.text), anchors, _RUN_TOGETHER_CHARS) is not None:
            return _RUN_ON_CHARS
    return _RUN_TOGETHER_CHARS
_RUN_TOGETHER_CHARS = 150  # a line this long with no separator may hold many rows, not one glued row
_RUN_ON_CHARS = 40  # … and the lines after such a line, where the run goes on (a copy's page chunks)
_RUN_PART_CHARS = 10  # characters a piece between spaces holds, on average, where spaces part no cells


def _column_names_in(part: str, anchors: TextAnchors) -> list[str]:
    """A cell of a spaced line that is column names glued together (一级指标二级指标三级指标指标值): parted."""
    pieces = anchors.segment(part)
    if len(pieces) < 2 or anchors.kind(pieces[0]) not in _COLUMN_KINDS or \
            sum(anchors.kind(p) in _COLUMN_KINDS for p in pieces) < len(pieces) - 1:
        return [part]
    out: list[str] = []
    for piece in pieces:  # 指标值 | 内容评(扣分标准): the head of a longer name the form does not know
        if out and anchors.kind(piece) not in _COLUMN_KINDS:
            out[-1] += piece
        else:
            out.append(piece)
    return out


_COLUMN_LINES = 3  # lines a column start must be shared by
_IN_COLUMNS_SHARE = 0.7  # of the cells of multi-cell lines that start in a shared column


def _in_columns(lines: list[list[Token]]) -> bool:
    """Whether the cells of the block start at a few shared display columns (space-aligned layout), not
    wherever runs of spaces happen to end."""
    starts = [t.x for row in lines if len(row) >= 2 for t in row[1:] if t.x is not None]  # every line starts at 0
    if len(starts) < 6:
        return False
    shared = Counter(starts)
    def in_column(x: int) -> bool:
        return sum(shared[x + d] for d in range(-_ALIGN_SLACK, _ALIGN_SLACK + 1)) >= _COLUMN_LINES
    return sum(in_column(x) for x in starts) >= _IN_COLUMNS_SHARE * len(starts)


_GLUED_SHARE = 0.3  # lines whose cells are glued, of the lines of a block, for the block to be read as glued


def _glued_block(lines: list[TextLine], anchors: TextAnchors) -> bool:
    """Rows printed with their cells glued together: many lines hold no separator yet split at labels."""
    single = [line for line in lines if len(_split_line(line.text)) == 1]
    if len(single) < 0.6 * len(lines):
        return False
    glued = sum(len(anchors.segment(line.text)) > 1 for line in single)
    return glued >= _GLUED_SHARE * len(lines)


def _starts(line: TextLine, parts: list[str]) -> list[int | None]:
    """Where each cell of a space-aligned line starts, in display columns from the left margin."""
    xs: list[int | None] = []
    cursor = 0
    for part in parts:
        at = line.text.find(part[:1], cursor)
        if at < 0:
            xs.append(None)
            continue
        xs.append(line.indent + display_width(line.text[:at]))
        cursor = at + len(part)
    return xs


_ALIGN_SLACK = 1  # display columns


def _aligned_with(token: Token, row: list[Token]) -> int | None:
    if token.x is None:
        return None
    return next((k for k, t in enumerate(row) if t.x is not None and abs(t.x - token.x) <= _ALIGN_SLACK), None)


def _join_aligned(lines: list[list[Token]]) -> list[list[Token]]:
    """Space-aligned text (pdftotext -layout): a line of text pieces each under a text cell of the line
    above is that cell's wrapped text, continued in its column (a line holding a value is a row)."""
    out: list[list[Token]] = []
    margin = min((t.x for row in lines for t in row if t.x is not None), default=0)
    for row in lines:
        prev = out[-1] if out else None
        at_margin = row[0].x is not None and row[0].x <= margin + _ALIGN_SLACK  # a row's first cell starts there
        slots = [_aligned_with(t, prev) for t in row] if prev and not at_margin else []
        if prev and slots and all(k is not None for k in slots) and \
                all(t.kind == "text" and prev[k].kind in ("text", "value") for t, k in zip(row, slots)):  # type: ignore[index]
            for token, k in zip(row, slots):
                above = prev[k]  # type: ignore[index]
                joined = above.text + token.text
                prev[k] = replace(above, text=joined, kind=above.kind)  # type: ignore[index]
            continue
        out.append(list(row))
    return out


_BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")


def _may_be_a_value(lines: list[TextLine], k: int) -> bool:
    """A bare number on a line of its own is a cell (配备监测设备 | 90) unless blank lines set it apart."""
    if not _BARE_NUMBER.match(lines[k].text):
        return False
    here = lines[k].line or 0
    before = lines[k - 1].line if k > 0 else None
    after = lines[k + 1].line if k + 1 < len(lines) else None
    apart = (before is None or here - (before or 0) > 1) and (after is None or (after or 0) - here > 1)
    return not apart


_BLANK_SEPARATED = 0.3  # share of line gaps that are blank lines, in cell-per-line text, for rows by blank lines


def _rows_by_blank_lines(lines: list[list[Token]]) -> list[list[Token]]:
    """Cell-per-line text whose rows are parted by blank lines: each stretch of lines is one row."""
    if len(lines) < 4 or sum(len(r) == 1 for r in lines) < 0.7 * len(lines):
        return lines
    gaps = [b[0].line - a[-1].line > 1 for a, b in zip(lines, lines[1:])]
    if sum(gaps) < _BLANK_SEPARATED * len(gaps) or all(gaps):
        return lines
    rows = [list(lines[0])]
    for gap, line in zip(gaps, lines[1:]):
        if gap:
            rows.append(list(line))
        else:
            rows[-1].extend(line)
    return rows


def _join_broken_labels(lines: list[list[Token]], anchors: TextAnchors) -> list[list[Token]]:
    out: list[list[Token]] = []
    for row in lines:
        row = list(row)
        if out and out[-1] and row and anchors.joins_into_label(out[-1][-1].text, row[0].text):
            last = out[-1][-1]
            joined = last.text + row[0].text
            out[-1][-1] = replace(last, text=joined, kind=anchors.kind(joined))
            row = row[1:]
        k = 0
        while k + 1 < len(row):
            if anchors.joins_into_label(row[k].text, row[k + 1].text):
                joined = row[k].text + row[k + 1].text
                row[k: k + 2] = [replace(row[k], text=joined, kind=anchors.kind(joined))]
            else:
                k += 1
        if row:
            out.append(row)
    return out


# --- where the indicator block starts ---------------------------------------------------------


def _column_run(flat: list[Token], start: int) -> tuple[int, int] | None:
    """(first, end) of the run of column names that opens an indicator block, from `start` on."""
    for i in range(start, len(flat)):
        if flat[i].kind != "core_column":
            continue
        first, end, cores, gap = i, i + 1, 1, 0
        if first > 0 and flat[first - 1].kind == "section":
            first -= 1
        j = i + 1
        while j < len(flat) and gap <= _MAX_COLUMN_GAP:
            if flat[j].kind in ("core_column", "column"):
                cores += flat[j].kind == "core_column"
                end, gap = j + 1, 0
            else:
                gap += 1
            j += 1
        if cores >= _MIN_COLUMNS:
            return first, end
    return None


# --- rows ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Rows:
    rows: list[list[Cell]] = field(default_factory=list)
    unsure: list[list[Token]] = field(default_factory=list)  # rows not placed with certainty: said, not read

    def add(self, placed: list[tuple[int, Token]]) -> None:
        """A row as every reader gives one: a cell in each column up to its last, empty where nothing is."""
        r = len(self.rows)
        at = {col: t for col, t in placed}
        page, line = (placed[0][1].page, placed[0][1].line) if placed else (1, None)
        self.rows.append([Cell(at[col].text, r, col, at[col].page, line=at[col].line) if col in at
                          else Cell("", r, col, page, line=line) for col in range(max(at, default=-1) + 1)])


def _line_rows(lines: list[list[Token]], lo: int, hi: int, flat_index: dict[int, tuple[int, int]]) -> list[list[Token]]:
    """The tokens flat[lo:hi] grouped by the line they were printed on."""
    rows: list[list[Token]] = []
    last_line: int | None = None
    for k in range(lo, hi):
        li, ti = flat_index[k]
        token = lines[li][ti]
        if last_line != li:
            rows.append([])
            last_line = li
        rows[-1].append(token)
    return rows


_MAX_ROW_TOKENS = 12  # a line holding more cells than a form's row has is a table run onto one line


def _is_row_per_line(rows: list[list[Token]], width: int = _MAX_ROW_TOKENS) -> bool:
    """Lines that hold rows: most hold two cells or more, none holds many more than a row has."""
    if any(len(r) > 2 * width for r in rows):
        return False
    return sum(len(r) >= 2 for r in rows) * 2 >= len(rows)


def _regroup_header(rows: list[list[Token]]) -> list[list[Token]]:
    """Header tokens in rows that start at a label, where the text prints each cell on a line."""
    if _is_row_per_line(rows):
        return rows
    out: list[list[Token]] = []
    for token in (t for r in rows for t in r):
        prev = out[-1] if out else None
        names_row = prev is not None and sum(t.kind == "grid_column" for t in prev) >= 2
        if prev is not None and token.kind == "title" and len(prev) == 1 and prev[0].kind == "field":
            prev.append(token)  # 项目期 | 2022年: a year is a field's value here
        elif prev is None or token.kind in ("field", "title", "sign_off"):
            out.append([token])
        elif token.kind == "grid_column" and prev[-1].kind != "grid_column":
            if all(t.kind == "field" for t in prev):
                prev.append(token)  # 项目资金（万元）then its column names: one row
            else:
                out.append([token])
        elif names_row and token.kind != "grid_column":
            out.append([token])  # the first row under a grid's column names
        else:
            prev.append(token)
    return out


def _wrapped(token: Token) -> bool:
    return token.kind in ("text", "value", "number")


def _join_wrapped_header(rows: list[list[Token]]) -> list[list[Token]]:
    """A line with no label on it continues the last cell of the row above (text wrapped in its cell),
    unless that row names a grid's columns (its values come next)."""
    out: list[list[Token]] = []
    for row in rows:
        prev = out[-1] if out else None
        if prev and len(row) == 1 and _wrapped(row[0]) and _wrapped(prev[-1]) and len(prev) >= 2 and \
                sum(t.kind == "grid_column" for t in prev) < 2:
            last = prev[-1]
            prev[-1] = replace(last, text=last.text + "".join(t.text for t in row))
        else:
            out.append(list(row))
    return out


def _header_rows(rows: list[list[Token]], out: _Rows, anchors: TextAnchors) -> None:
    """Header rows: a label at column 0 and its values after it; a grid's column names from column 1
    (its label, if printed with them, at 0) and the grid's rows under them, values from column 1."""
    in_grid = False
    for row in rows:
        if sum(t.kind == "grid_column" for t in row) >= 2:  # 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
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


def _joined_values(row: list[Token]) -> list[Token]:
    """A label's value printed in pieces (a sentence with spaces in it) is one cell, spaces kept."""
    out: list[Token] = []
    for token in row:
        if out and token.kind not in _LABEL_KINDS and out[-1].kind not in _LABEL_KINDS and token.kind != "title":
            out[-1] = replace(out[-1], text=f"{out[-1].text} {token.text}")
        else:
            out.append(token)
    return out


_JOIN_PENALTY = 0.5  # a text token joined to the cell before it (a cell printed with spaces inside)
_SKIP_PENALTY = 0.01  # a column left empty: a hair worse, so ties keep cells to the right


def _align(tokens: list[Token], roles: list[str | None], anchors: TextAnchors) -> list[tuple[int, Token]]:
    """Each token's column: columns in order, each token in the next column whose role its content fits
    best, or joined to the cell before it (two text pieces of one cell)."""
    n, m = len(roles), len(tokens)
    neg = float("-inf")
    # best[i][c]: tokens[:i] placed, the last in column c-1 (c = 0: none placed yet)
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    back: list[list[tuple[int, bool]]] = [[(0, False)] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for i in range(1, m + 1):
        token = tokens[i - 1]
        for c in range(1, n + 1):
            score = anchors.fit(roles[c - 1], token.text) if token.kind != "empty" else _empty_fit(roles[c - 1])
            for p in range(c):  # the previous token in column p-1
                if best[i - 1][p] == neg:
                    continue
                value = best[i - 1][p] + score - _SKIP_PENALTY * (c - p - 1)
                if value > best[i][c]:
                    best[i][c], back[i][c] = value, (p, False)
            joinable = i > 1 and token.kind == "text" and tokens[i - 2].kind == "text"
            if joinable and best[i - 1][c] > neg and best[i - 1][c] - _JOIN_PENALTY > best[i][c]:
                best[i][c], back[i][c] = best[i - 1][c] - _JOIN_PENALTY, (c, True)
    end = max(range(n + 1), key=lambda c: best[m][c])
    if best[m][end] == neg:
        return list(enumerate(tokens))
    placed: list[tuple[int, Token]] = []
    i, c = m, end
    while i > 0:
        p, joined = back[i][c]
        placed.append((c - 1, tokens[i - 1]))
        i, c = i - 1, p
    placed.reverse()
    return _joined_cells(placed)


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


def _body_token_rows(rows: list[list[Token]], n_values: int) -> list[list[Token]]:
    """Indicator rows: a row a line where lines hold rows; cell-per-line text regrouped by content:
    labels, then one name, then up to as many values as the form has value columns."""
    if _is_row_per_line(rows, n_values + 4):
        return _join_wrapped_names(_at_closing_rows(_without_empty(rows)))
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
        cut = next((k for k in range(1, len(row)) if row[k].kind == "trailer"), None)
        out += [row[:cut], row[cut:]] if cut is not None else [row]
    return out


def _without_empty(rows: list[list[Token]]) -> list[list[Token]]:
    return [kept for kept in ([t for t in row if t.kind != "empty"] for row in rows) if kept]


def _join_wrapped_names(rows: list[list[Token]]) -> list[list[Token]]:
    """A line holding one piece of text, followed by a row that starts with text: a name wrapped in its
    cell, its head on the line above (实行网格化管理，网格员走访网 | 格内居民，全覆盖 100%)."""
    out: list[list[Token]] = []
    pending: Token | None = None
    for row in rows:
        if pending is not None and row[0].kind == "text":
            row = [replace(pending, text=pending.text + row[0].text), *row[1:]]
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
    if any(col >= len(roles) for col, _ in placed):
        return False  # more cells than the form has columns, and none to join: not a row of it
    by_role = {roles[col]: token for col, token in placed}
    if any(t.kind in ("core_column", "column") for t in by_role.values()):
        return False  # a column name among the cells: a header line, not a row
    if any(role in _LABEL_ROLES and t.kind in _VALUE_KINDS for role, t in by_role.items()):
        return False  # a value where a level label stands
    if all(role in _LABEL_ROLES for role in by_role):
        return True  # a row of labels
    name = by_role.get("level3")
    if name is not None and not _may_be_a_name(name):
        return False
    if name is None and not any(role in _LABEL_ROLES for role in by_role) and inferred_rows:
        return False  # values with no name and no label: cells left over from the row before
    values = [t for role, t in by_role.items() if role not in _LABEL_ROLES and role != "level3"]
    return bool(values) or not inferred_rows


_BRACKETED = re.compile(r"^[(（\[［【][^()（）]*[)）\]］】]$")
_WORDLESS = re.compile(r"^[\W_]*$")
# A quantity such as 37442人, 14种, ≥95% (a date such as 2025年全年 may well be a name).
_QUANTITY = re.compile(r"^[≥≤<>=＞＜≧≦]?\d[\d.,]*\s*(?:%|％|[^\d\s年月日]{1,3})?$")


def _may_be_a_name(token: Token) -> bool:
    """An indicator name is words: not a figure or a quantity (37442人), not a level-1 label, not a bracketed
    note (（50分）), not a placeholder (……, -)."""
    bare = _PINYIN.sub("", token.text).strip()
    return token.kind not in ("number", "level1") and not _QUANTITY.match(bare) and not _BRACKETED.match(bare) \
        and not _WORDLESS.match(bare)


def _body_rows(rows: list[list[Token]], roles: list[str | None], out: _Rows, anchors: TextAnchors) -> None:
    if rows_are_glued(rows, roles, anchors):
        _glued_body_rows(rows, roles, out, anchors)
        return
    n_values = sum(r not in (None, "section", "level1", "level2", "level3") for r in roles)
    inferred = not _is_row_per_line(rows, n_values + 4)
    for row in _body_token_rows(rows, n_values):
        if row[0].kind in ("trailer", "sign_off"):
            out.add(list(enumerate(row)))
            continue
        placed = _align(row, roles, anchors)
        if _is_sure(placed, roles, inferred):
            out.add(placed)
        else:
            out.unsure.append(row)


def _glued_body_rows(rows: list[list[Token]], roles: list[str | None], out: _Rows, anchors: TextAnchors) -> None:
    """Rows printed with their cells glued, a line each or run together: parted by what columns hold."""
    many = run_together(rows)
    for row in rows:
        if row[0].kind in ("trailer", "sign_off") and not row[0].glued:
            out.add(list(enumerate(row)))
            continue
        parted = glued_rows(row, roles, anchors, many)
        for placed in parted.rows:
            named = any(roles[col] == "level3" for col, _ in placed) or \
                all(roles[col] in _LABEL_ROLES for col, _ in placed)  # values with no name: unsure
            if named and _is_sure(placed, roles, False):
                out.add(placed)
            else:
                out.unsure.append([t for _, t in placed])
        out.unsure += parted.unsure + parted.closing


# --- a run of lines → blocks ---------------------------------------------------------------------


def _table_from(lines: list[list[Token]], anchors: TextAnchors
                ) -> tuple[list[TextLine], PageTable, list[list[Token]], list[list[Token]]] | None:
    """The first table in the lines: (lines before it, the table, the lines after it, rows not placed)."""
    flat_index: dict[int, tuple[int, int]] = {}
    flat: list[Token] = []
    for li, row in enumerate(lines):
        for ti, token in enumerate(row):
            flat_index[len(flat)] = (li, ti)
            flat.append(token)
    run = _column_run(flat, 0)
    if run is None:
        return None
    first, end = run
    end = _header_line_end(flat, flat_index, end)
    start = next((k for k in range(first) if flat[k].kind == "field"), first)
    before = [TextLine(" ".join(t.text for t in row), row[0].page, row[0].line)
              for row in _without_empty(_line_rows(lines, 0, start, flat_index))]
    stop = _table_end(flat, end)
    out = _Rows()
    header_lines = _without_empty(_line_rows(lines, start, first, flat_index))
    if _is_row_per_line(header_lines):
        header_lines = _join_wrapped_header(header_lines)
    _header_rows(_regroup_header(header_lines), out, anchors)
    header = flat[first:end]
    roles = [anchors.column_role(t.text) if t.kind != "section" else "section" for t in header]
    header, roles = _two_header_rows(header, roles)
    out.add(list(enumerate(header)))
    _body_rows(_line_rows(lines, end, stop, flat_index), roles, out, anchors)
    if stop < len(flat):  # the rest of the text, from the token that ends the table (mid-line, if so)
        li, ti = flat_index[stop]
        rest = ([lines[li][ti:]] if lines[li][ti:] else []) + lines[li + 1:]
    else:
        rest = []
    page = flat[start].page
    return before, PageTable(rows=out.rows, page=page), rest, out.unsure


_LEVEL_ROLES = ("level1", "level2", "level3")


def _two_header_rows(header: list[Token], roles: list[str | None]) -> tuple[list[Token], list[str | None]]:
    """Column names of two header rows printed one after the other (绩效指标 | 年度指标值 | 实际完成值 … then
    一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位): the second row's names take the place of the
    first row's names that span them (绩效指标 the level columns, 年度指标值 the columns of the target)."""
    second = next((k for k in range(1, len(roles)) if roles[k] == "level1" and "level1" not in roles[:k]), None)
    if second is None or "target" not in roles[:second]:
        return header, roles
    sub = list(zip(header[second:], roles[second:]))
    levels = [(t, r) for t, r in sub if r in _LEVEL_ROLES]
    rest = [(t, r) for t, r in sub if r not in _LEVEL_ROLES]
    merged: list[tuple[Token, str | None]] = []
    for token, role in zip(header[:second], roles[:second]):
        if role == "section" and levels:
            merged += levels
            levels = []
        elif role == "target" and rest:
            merged += rest
            rest = []
        else:
            merged.append((token, role))
    merged += levels + rest
    return [t for t, _ in merged], [r for _, r in merged]


def _header_line_end(flat: list[Token], flat_index: dict[int, tuple[int, int]], end: int) -> int:
    """The column names run on to the end of their line where the rest of it is words (指标标准或依据,
    备注): columns the form does not name, read as such, not as the first row."""
    line = flat_index[end - 1][0]
    stop = end
    while stop < len(flat) and flat_index[stop][0] == line:
        if flat[stop].kind != "text":
            return end
        stop += 1
    return stop


def _table_end(flat: list[Token], start: int) -> int:
    """Where the indicator block ends: a new table's first label, a title, or the end."""
    for k in range(start, len(flat)):
        if flat[k].kind == "title" or (flat[k].kind == "field" and k > start and flat[k].text.startswith(("项目名称",
                                                                                                     "部门名称"))):
            return k
    return len(flat)


NOT_REBUILT = "text_not_rebuilt"  # the page-note code for cells the reader could not place with certainty


def rebuild_run(run: list[TextLine], anchors: TextAnchors, notes: list[tuple[str, int, str]]) -> list[Block] | None:
    """Blocks for a run of document lines, or None when no table is printed in them; rows that could
    not be placed with certainty go to `notes` with their text."""
    lines = tokens_of(run, anchors)
    blocks: list[Block] = []
    found = False
    while lines:
        table = _table_from(lines, anchors)
        if table is None:
            break
        before, page_table, rest, unsure = table
        blocks += before
        blocks.append(page_table)
        found = True
        lines = rest
        if unsure:  # one warning a table, naming every row it could not place
            said = "; ".join(f"line {row[0].line}: " + " | ".join(t.text for t in row) for row in unsure)
            notes.append((NOT_REBUILT, unsure[0][0].page, f"{len(unsure)} rows of cells not placed in an indicator "
                                                          f"row with certainty (no table notation): {said}"))
    if not found:
        _say_form_not_rebuilt(lines, notes)
        return None
    blocks += [TextLine(" ".join(t.text for t in row), row[0].page, row[0].line) for row in _without_empty(lines)]
    return blocks


_FORM_EVIDENCE = 3  # titles, column names and level labels a run prints for it to be a form not rebuilt
_LABELS_SAID = 6
_LABEL_CHARS = 16


def _say_form_not_rebuilt(lines: list[list[Token]], notes: list[tuple[str, int, str]]) -> None:
    """Text that prints a form's title and labels with no indicator block found (no column names): said."""
    labels = [t for row in lines for t in row if t.kind in ("level1", "level2", "core_column", "title")]
    if len(labels) < _FORM_EVIDENCE:
        return
    shown = " | ".join(t.text if len(t.text) <= _LABEL_CHARS else t.text[:_LABEL_CHARS] + "…" for t in labels[:_LABELS_SAID])
    notes.append((NOT_REBUILT, labels[0].page, f"text printing a form's title or labels ({shown} …) from line "
                                              f"{labels[0].line} could not be rebuilt into a table: no column "
                                              f"names of an indicator block were found"))


def rebuild_free_tables(document: ExtractedDocument, anchors: TextAnchors) -> ExtractedDocument:
    """The document with every run of plain lines that prints a form table read as a table."""
    blocks: list[Block] = []
    run: list[TextLine] = []
    notes: list[tuple[str, int, str]] = []
    changed = False

    def flush() -> None:
        nonlocal changed
        whole_page = len(run) == 1 and len(run[0].text) >= _RUN_TOGETHER_CHARS  # a page run together on a line
        rebuilt = rebuild_run(run, anchors, notes) if len(run) >= 2 or whole_page else None
        if rebuilt is None:
            blocks.extend(run)
        else:
            blocks.extend(rebuilt)
            changed = True
        run.clear()

    as_text = False  # once a pipe table's lines are no rows, so are those of the tables after it
    for block in document.blocks:
        if isinstance(block, TextLine):
            run.append(block)
        elif isinstance(block, PageTable) and (as_text or cell_per_line(block) or lines_not_rows(block, anchors.kind)):
            run.extend(as_lines(block))  # pipe lines that are no rows: read as the plain lines they are
            as_text = as_text or lines_not_rows(block, anchors.kind)
            changed = True
        else:
            flush()
            blocks.append(block)
    flush()
    if not changed:
        return replace(document, page_notes=[*document.page_notes, *notes]) if notes else document
    return replace(document, blocks=blocks, page_notes=[*document.page_notes, *notes])
