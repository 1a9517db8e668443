"""Notation-free text → tokens: each line split by the separator it uses (pipes, wide gaps, spaces),
labels printed one character at a time or broken over lines joined, glued labels split apart, a page run
together cut at its column names and level labels, wrapped text of space-aligned layout joined in its column.
What each piece is comes from the form's anchors (`TextAnchors.kind`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace
from functools import lru_cache

from .free_glued import spaces_in_cells
from .free_layout import layout_rows, passed_as_printed
from .free_layout_cells import label_and_text, label_then_cell, notes_apart, snap_centred
from .free_model import TextAnchors, Token, is_letter, without_pinyin
from .free_ocr import Boxes, join_box_wraps
from .free_pipes import EMPTY_CELLS
from .model import TextLine
from .page_marks import is_page_mark
from .widths import WIDE_GAP, in_character_cells, measure

_PIPE = re.compile(r"\s*[|｜]\s*")
# A bracketed note printed after a word with a space: part of it (项目资金 (万元), 青岭县财政局 [547510]).
_ANNOTATION = re.compile(r"^[(（\[［【][^()（）\[\]［］【】]{1,16}[)）\]］】]$")
_SPACE = re.compile(r"\s+")
_CLAUSE_ENDS = (",", "，", "、", ";", "；")  # in an OCR box, a space after these goes on with the sentence
_LEAD_IN = re.compile(r"^\S{1,3}[:：]$")  # 其中: 财政拨款 — a lead-in word and its colon begin the cell
LABEL_KINDS = frozenset({"field", "grid_column", "level1", "level2", "section", "trailer", "core_column", "column"})
VALUE_KINDS = frozenset({"number", "value"})


def _split_line(text: str, boxes: bool = False) -> list[str]:
    """A line's cells by the separator it uses: pipes, wide gaps, else single spaces (but not the space after a
    comma inside an OCR box: `boxes`)."""
    return list(_cells_of_line(text, boxes))


@lru_cache(maxsize=32768)  # pure, and each line is split several times (glued? OCR boxes? run together?)
def _cells_of_line(text: str, boxes: bool) -> tuple[str, ...]:
    single = False
    if _has_pipe(text):
        parts = _PIPE.split(text)
    elif _has_wide_gap(text):
        parts = WIDE_GAP.split(text)
    else:
        parts, single = _SPACE.split(text), True
    cells: list[str] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if cells and (_ANNOTATION.match(without_pinyin(part)) or _LEAD_IN.match(without_pinyin(cells[-1])) or
                      boxes and single and cells[-1].endswith(_CLAUSE_ENDS)):
            cells[-1] = f"{cells[-1]} {part}"
        else:
            cells.append(part)
    return tuple(cells)


def _has_pipe(text: str) -> bool:
    """Cells between pipes (a cell between pipes is whole: never split at the labels inside it)."""
    return "|" in text or "｜" in text


def _has_wide_gap(text: str) -> bool:
    """Cells parted by a run of spaces (the character tests first: most lines hold neither)."""
    return ("  " in text or "\u3000" in text) and WIDE_GAP.search(text) is not None


def _join_spaced_letters(parts: list[str], anchors: TextAnchors, apart: bool = False) -> list[str]:
    """产 出 指 标 — a label printed one character at a time — is one cell; a run of such letters that
    holds two labels (绩 效 指 标 产 出 指 标) is cut where the longest label from its start ends. Letters
    `apart` (parted by wide gaps: cells of aligned columns) are joined only into labels."""
    out: list[str] = []
    run: list[str] = []
    for part in [*parts, ""]:
        if part and is_letter(part):
            run.append(part)
            continue
        out += _labels_in_run(run, anchors, apart) if len(run) > 1 else run
        run = []
        if part:
            out.append(part)
    return out


def _labels_in_run(run: list[str], anchors: TextAnchors, apart: bool = False) -> list[str]:
    cells: list[str] = []
    i = 0
    while i < len(run):
        end = next((j for j in range(len(run), i + 1, -1) if anchors.kind_in("".join(run[i:j]), LABEL_KINDS)), None)
        if end is None and (apart or len(run) - i == 2):
            cells += run[i:]  # two letters that make no label are two one-letter cells (无 无, 优 良)
            break
        if end is None:
            cells.append("".join(run[i:]))
            break
        if not anchors.exact_level("".join(run[i:end])) and anchors.exact_level("".join(run[i + 1:end])):
            cells.append(run[i])  # 无 产 出 指 标: a one-letter cell (无) before the label, not the label's head
            i += 1
            continue
        cells.append("".join(run[i:end]))
        i = end
    return cells


def tokens_of(lines: list[TextLine], anchors: TextAnchors, guessed: list[Token] | None = None) -> list[list[Token]]:
    """Each line's tokens (page marks dropped), labels broken over two lines joined; `guessed` gets the
    cells of space-aligned text placed by a guess (free_layout.layout_rows)."""
    out: list[list[Token]] = []
    glued = _glued_block(lines, anchors)
    boxes = Boxes(lines)
    if not glued:  # OCR boxes hold one cell each, never a row glued together
        boxes = join_box_wraps(lines, [len(_cells_of_line(line.text, False)) for line in lines], anchors)
        lines = boxes.lines
    run_chars = _run_together_chars(lines, anchors)
    gaps = [_has_wide_gap(line.text) for line in lines]
    # text set out in columns (pdftotext -layout): most lines part cells by runs of spaces
    spaced = sum(gaps) >= _SPACED_SHARE * len(lines)
    char_cells = any(gaps) and in_character_cells(lines)  # set out one character a cell (as pdftotext prints a page)
    page_marks: set[int] = set()
    kind = anchors.kind
    for k, line in enumerate(lines):
        text, wide = line.text, gaps[k]
        if is_page_mark(text) and not _may_be_a_value(lines, k):
            page_marks.add(line.line or 0)
            continue
        if text == EMPTY_CELLS:  # cells left empty, one a line: an empty cell where a value may stand
            out.append([Token("", "empty", line.page, line.line or 0)])
            continue
        piped = _has_pipe(text)
        parts = _split_line(text, boxes.width is not None)
        whole = spaced and bool(line.indent) and len(parts) > 1 and not glued and not wide and not piped
        if whole or _heading_cut(text, parts, anchors):  # an indented piece of text set out in columns: single spaces part no cells (labels apart)
            parts = [text.strip()]
        if glued and not piped:
            parts = spaces_in_cells(parts, anchors)  # rows glued: 产 出 指 标数量指标, 衔接, 根据 — spaces inside a cell
        parts = _join_spaced_letters(parts, anchors, wide)
        one_part = len(parts) == 1 and not piped
        cut = None if piped else _run_together_cut(line, parts, anchors, run_chars)
        if cut is not None:  # a page run together: header, column names and rows on one line
            parts = cut
        elif one_part and not whole and line.line not in boxes.pieces:  # nothing parts the cells: split at labels
            parts = _as_printed(anchors.segment(parts[0]), parts[0]) if line.indent else anchors.segment(parts[0])
            if glued:  # rows glued together: a quantitative target also parts from its name
                parts = [piece for part in parts for piece in anchors.split_value(part)]
        elif not piped:
            parts = [piece for part in parts for piece in _column_names_in(part, anchors)]
        aligned = wide or line.indent > 0
        if aligned and " " in text and not glued:
            parts = [piece for part in notes_apart(parts, text) for piece in label_then_cell(part, anchors)]
        xs = _starts(line, parts, char_cells) if aligned else [None] * len(parts)
        unparted = cut is not None or one_part
        at, page = line.line or 0, line.page
        row = [Token(part, kind(part), page, at, x, unparted) for part, x in zip(parts, xs)]
        if len(row) == 1 and (at in boxes.pieces or at in boxes.full):
            row = [replace(row[0], boxes=tuple(boxes.pieces.get(at, ())), full=at in boxes.full)]
        if row:
            out.append(row)
    rows: list[list[Token]] = []
    laid_out: set[int] = set()  # the rows a layout made (of cells in columns)
    for form in _forms(_rows_by_blank_lines(out, page_marks)):
        form_rows, laid = _as_laid_out(form, anchors, guessed, char_cells)
        if laid:
            laid_out.update(len(rows) + k for k, row in enumerate(form_rows) if not passed_as_printed(row))
        rows += form_rows
    return _join_broken_labels(rows, anchors, laid_out)


def _forms(rows: list[list[Token]]) -> list[list[list[Token]]]:
    """The rows of each form's title on: each form of a copy holding several is set out on its own (its
    columns where its own cells start, its cells centred or not)."""
    out: list[list[list[Token]]] = [[]]
    for row in rows:
        if out[-1] and all(t.kind == "title" for t in row) and not all(t.kind == "title" for t in out[-1][-1]):
            out.append([])
        out[-1].append(row)
    return out


def _as_laid_out(rows: list[list[Token]], anchors: TextAnchors, guessed: list[Token] | None,
                 char_cells: bool) -> tuple[list[list[Token]], bool]:
    """A form's rows as table rows where its text is set out in columns; else as they are; and whether
    they were laid out."""
    aligned = _in_columns(rows)
    if aligned == "aligned" and not char_cells:  # pdftotext -layout: wrapped text continues in its column
        # (in character cells, a piece centred in its column stands nearer its edge: tested as centred below)
        return layout_rows(rows, anchors, guessed), True
    if aligned is not None:  # … and cells may be centred across their columns
        snapped = snap_centred([label_and_text(row, anchors, char_cells) for row in rows], char_cells)
        across = aligned == "centred" or sum(t.under for row in snapped for t in row) >= _CENTRED_PIECES
        return layout_rows(snapped if across else rows, anchors, guessed, across, char_cells), True
    return rows, False


_CENTRED_PIECES = 3  # pieces centred under the piece above, for a block to be read as centred across its columns


_COLUMN_KINDS = ("core_column", "column")


def _as_printed(segments: list[str], printed: str) -> list[str]:
    """Segments of an aligned line in the characters it prints (２0, not 20: widths place its cells)."""
    if sum(map(len, segments)) != len(printed):
        return segments
    out, at = [], 0
    for segment in segments:
        out.append(printed[at:at + len(segment)])
        at += len(segment)
    return out


def _run_together_cut(line: TextLine, parts: Sequence[str], anchors: TextAnchors, least: int) -> list[str] | None:
    """A long line printing rows run together (spaces in it only where the copy wrapped cells): its pieces."""
    if len(line.text) < least or _has_pipe(line.text):
        return None
    if len(parts) > 1 and sum(anchors.kind(p) != "text" for p in parts) > _CELL_PARTS_SHARE * len(parts):
        return None  # the spaces part labels and values: cells, not wraps
    return anchors.cut_run("".join(parts))


def _run_together_chars(lines: list[TextLine], anchors: TextAnchors) -> int:
    """How long a line must be to be read as rows run together: shorter where a line of the block is."""
    for line in lines:
        if len(line.text) >= RUN_TOGETHER_CHARS and \
                _run_together_cut(line, _cells_of_line(line.text, False), anchors, RUN_TOGETHER_CHARS) is not None:
            return _RUN_ON_CHARS
    return RUN_TOGETHER_CHARS


RUN_TOGETHER_CHARS = 150  # a line this long with no separator may hold many rows, not one glued row
_RUN_ON_CHARS = 40  # … and the lines after such a line, where the run goes on (a copy's page chunks)
_CELL_PARTS_SHARE = 0.25  # pieces between spaces that are labels or values, beyond which the spaces part cells


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


_SPACED_SHARE = 0.3  # lines parting cells by runs of spaces, of a block, for its single spaces to part none
_INDENTED_SHARE = 0.5  # of the lines of a block, for one whose cells start anywhere to be read as aligned …
_CENTRED_COLUMN_SHARE = 0.5  # … when this share of its cell starts falls on its few column positions
_COLUMN_SHARE = 0.85  # of the cell starts of multi-cell lines that fall on the block's few column positions


def _in_columns(lines: list[list[Token]]) -> str | None:
    """Whether the cells of the block start at a few shared display columns (space-aligned layout), not
    wherever runs of spaces happen to end: nearly every cell start is one of the few most used positions
    (as many as twice the cells of the widest line): "aligned" ("aligned_off" when some pieces stand off
    those positions: cells may be centred across their columns); "centred" where cells centred across
    their columns start anywhere in them but most lines are indented and many starts shared; else None."""
    starts = [t.x for row in lines if len(row) >= 2 for t in row[1:] if t.x is not None]  # every line starts at 0
    if len(starts) < 6:
        return None
    shared = Counter(starts)
    widest = max(len(row) for row in lines)
    columns: set[int | None] = {x for x, _ in shared.most_common(2 * widest)}
    around = _within_slack(columns)
    near = sum(x in around for x in starts)
    if near >= _COLUMN_SHARE * len(starts):
        # pieces off the shared columns: as few as that, none can be centred under another (no `across`)
        columns |= {x for x, n in Counter(row[0].x for row in lines).items() if n >= _CENTRED_PIECES}  # line starts
        around = _within_slack(columns)
        off = sum(t.x not in around for row in lines for t in row if t.x and t.kind != "title")
        return "aligned" if off < _CENTRED_PIECES else "aligned_off"
    indented = sum(row[0].x is not None and row[0].x > 0 for row in lines)
    centred = indented >= _INDENTED_SHARE * len(lines) and near >= _CENTRED_COLUMN_SHARE * len(starts)
    return "centred" if centred else None


def _within_slack(columns: set[int | None]) -> set[int]:
    """The positions within _ALIGN_SLACK of a column (a line start may be unknown: None)."""
    return {x + d for x in columns if x is not None for d in range(-_ALIGN_SLACK, _ALIGN_SLACK + 1)}


_GLUED_SHARE = 0.3  # lines whose cells are glued, of the lines of a block, for the block to be read as glued


def _glued_block(lines: list[TextLine], anchors: TextAnchors) -> bool:
    """Rows printed with their cells glued together: many lines hold no separator yet split at labels."""
    single = [line for line in lines if len(_cells_of_line(line.text, False)) == 1]
    if len(single) < 0.6 * len(lines):
        return False
    glued = sum(len(anchors.segment(line.text)) > 1 for line in single)
    return glued >= _GLUED_SHARE * len(lines)


def _starts(line: TextLine, parts: list[str], char_cells: bool = False) -> list[int | None]:
    """Where each cell of a space-aligned line starts, in display columns (or character cells: `char_cells`) from the
    left margin."""
    xs: list[int | None] = []
    cursor = measured = 0
    width, text = measure(char_cells), line.text
    before = line.indent  # where text[measured] starts: widths add up, so each stretch is measured once
    for part in parts:
        at = text.find(part[:1], cursor)
        if at < 0:
            xs.append(None)
            continue
        before += width(text[measured:at])
        measured = at
        xs.append(before)
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
_ROW_LINES = 16  # … or, for forms with wide rows (a self-evaluation's 9 columns), every stretch at most a row long
_MIN_ROW_GAPS = 4


def _rows_by_blank_lines(lines: list[list[Token]], page_marks: set[int]) -> list[list[Token]]:
    """Cell-per-line text whose rows are parted by blank lines: each stretch of lines is one row (a page
    number printed right after a line, its page's blank lines after it, parts no rows)."""
    if len(lines) < 4 or sum(len(r) == 1 for r in lines) < 0.7 * len(lines):
        return lines
    ends = [_last_line(r[-1]) for r in lines]
    gaps = [b[0].line - end > 1 and end + 1 not in page_marks for end, b in zip(ends, lines[1:])]
    # told by blank lines alone: around a page number, blank lines are the page's, not the rows'
    blank = [gap and not any(k in page_marks for k in range(end + 1, b[0].line))
             for gap, end, b in zip(gaps, ends, lines[1:])]
    if all(gaps) or not (sum(blank) >= _BLANK_SEPARATED * len(blank) or _stretches_are_rows(blank)):
        return lines
    rows = [list(lines[0])]
    for gap, line in zip(gaps, lines[1:]):
        if gap:
            rows.append(list(line))
        else:
            rows[-1].extend(line)
    return rows


_HEADING_PARTS = 4  # a heading line's pieces at most (附件 2 | 某县财政局项目支出绩效目标表)
_HEADING_PIECE_KINDS = frozenset({"text", "number", "value", "title"})


def _heading_cut(text: str, parts: list[str], anchors: TextAnchors) -> bool:
    """A heading line its spaces cut into pieces (附件 5, 附件 二：…目标表, ( 2022 年)): one line, which the pieces
    alone are not (the 附件 N line of the next document is no row of the table above it)."""
    return 1 < len(parts) <= _HEADING_PARTS and all(anchors.kind(p) in _HEADING_PIECE_KINDS for p in parts) and \
        anchors.heading(text)  # the pieces' kinds first: they are asked again later, the line's heading test is not


def _last_line(token: Token) -> int:
    """The last line a token was printed on: an OCR cell joined from boxes runs over one line a box."""
    return token.line + max(len(token.boxes), 1) - 1


def _stretches_are_rows(gaps: list[bool]) -> bool:
    """Blank lines that part the text into many stretches none longer than a row has cells."""
    longest = run = 1
    for gap in gaps:
        run = 1 if gap else run + 1
        longest = max(longest, run)
    return sum(gaps) >= _MIN_ROW_GAPS and longest <= _ROW_LINES


def _join_broken_labels(lines: list[list[Token]], anchors: TextAnchors,
                        laid_out: Collection[int] = ()) -> list[list[Token]]:
    """Labels broken over two lines (a row's last piece and the next row's first), or over two pieces of a
    row, joined; `laid_out`: the rows a layout made, whose pieces are cells of their columns already (the
    layout joined the pieces of each cell)."""
    out: list[list[Token]] = []
    for at, row in enumerate(lines):
        row = list(row)
        if out and out[-1] and row and anchors.joins_into_label(out[-1][-1].text, row[0].text):
            last = out[-1][-1]
            joined = last.text + row[0].text
            out[-1][-1] = replace(last, text=joined, kind=anchors.kind(joined))
            row = row[1:]
        if at not in laid_out:  # a laid-out row's pieces are cells of their columns: none joins the next
            row = _labels_joined_in(row, anchors)
        if row:
            out.append(row)
    return out


def _labels_joined_in(row: list[Token], anchors: TextAnchors) -> list[Token]:
    """A row with each label broken over two of its pieces joined."""
    k = 0
    while k + 1 < len(row):
        if anchors.joins_into_label(row[k].text, row[k + 1].text):
            joined = row[k].text + row[k + 1].text
            row[k: k + 2] = [replace(row[k], text=joined, kind=anchors.kind(joined))]
        else:
            k += 1
    return row
