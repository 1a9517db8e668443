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

from dataclasses import replace
from itertools import repeat

from .free_model import TextAnchors, Token, TokenKind
from .free_glued import glued_whole_note
from .free_stream import ambiguous_note
from .free_pipes import as_lines, cell_per_line, lines_not_rows
from .free_header import header_rows
from .free_header_lines import join_wrapped_header, regroup_header
from .free_rows import Rows, body_rows, is_row_per_line, line_rows, without_empty
from .free_tokens import RUN_TOGETHER_CHARS, _split_line, tokens_of
from .free_wrapped import wrap_width
from .model import Block, ExtractedDocument, PageTable, TextLine

__all__ = ["NOT_REBUILT", "TextAnchors", "Token", "TokenKind", "_split_line", "rebuild_free_tables", "rebuild_run",
           "tokens_of"]

_MIN_COLUMNS = 2  # core column names that open an indicator block
_MAX_COLUMN_GAP = 3  # tokens between two column names of one header run

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


# --- a run of lines → blocks ---------------------------------------------------------------------


def _table_from(lines: list[list[Token]], anchors: TextAnchors, wraps_at: int | None = None
                ) -> tuple[list[TextLine], PageTable, list[list[Token]], Rows] | None:
    """The first table in the lines: (lines before it, the table, the lines after it, its rows); `wraps_at`:
    the wrap width a table before it in the copy showed."""
    flat_index: list[tuple[int, int]] = []  # each token's (line, place in it)
    flat: list[Token] = []
    for li, row in enumerate(lines):
        flat += row
        flat_index += zip(repeat(li), range(len(row)))
    run = _column_run(flat, 0)
    if run is None:
        return None
    first, end = run
    end = _header_line_end(flat, flat_index, end)
    start = next((k for k in range(first) if flat[k].kind == "field"), first)
    before = [TextLine(" ".join([t.text for t in row]), row[0].page, row[0].line)
              for row in without_empty(line_rows(lines, 0, start, flat_index))]
    stop = _table_end(flat, end, anchors)
    width = wrap_width(lines[flat_index[start][0]:]) or wraps_at  # where the copy wraps its lines, if it does
    out = Rows(wrap=width)
    header_lines = without_empty(line_rows(lines, start, first, flat_index))
    if width is not None or is_row_per_line(header_lines):
        header_lines = join_wrapped_header(header_lines, width)
    parted: list[Token] = []  # cells parted from OCR boxes by a grid's columns
    header_rows(regroup_header(header_lines, anchors, parted), out, anchors)
    out.ambiguous += parted
    header, end = _names_wrapped_on(flat, flat_index, first, end, anchors)
    roles = [anchors.column_role(t.text) if t.kind != "section" else "section" for t in header]
    header, roles = _two_header_rows(header, roles)
    out.add(list(enumerate(header)))
    body_rows(_placed_under(line_rows(lines, end, stop, flat_index), header), roles, out, anchors, width)
    if stop < len(flat):  # the rest of the text, from the token that ends the table (mid-line, if so)
        li, ti = flat_index[stop]
        rest = ([lines[li][ti:]] if lines[li][ti:] else []) + lines[li + 1:]
    else:
        rest = []
    page = flat[start].page
    return before, PageTable(rows=out.rows, page=page), rest, out


def _placed_under(rows: list[list[Token]], header: list[Token]) -> list[list[Token]]:
    """The body rows, with the column each cell stands under (`Token.col`) kept only where the columns are
    the names as the layout counted them."""
    if all(t.col == k for k, t in enumerate(header)) or not any(t.col is not None for row in rows for t in row):
        return rows
    return [[replace(t, col=None) for t in row] for row in rows]


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


def _names_wrapped_on(flat: list[Token], flat_index: list[tuple[int, int]], first: int, end: int,
                      anchors: TextAnchors) -> tuple[list[Token], int]:
    """The column names, with the tails that went onto the next line joined (偏差原因分析及 | 改进措施): a line
    of words alone, each the tail of the name it stands under (the last name, where nothing says where a
    piece stands) that names that column (the same one, if the head named one already); and where the names end then."""
    header = list(flat[first:end])
    if end >= len(flat):
        return header, end
    line = flat_index[end][0]
    stop = end
    while stop < len(flat) and flat_index[stop][0] == line:
        stop += 1
    tails = flat[end:stop]
    if not tails or any(t.kind != "text" for t in tails):
        return header, end
    joined = list(header)
    for tail in tails:
        k = _name_above(joined, tail)
        role = anchors.column_role(joined[k].text)
        text = joined[k].text + tail.text
        after = anchors.column_role(text)
        if after is None or role not in (None, after):
            return header, end
        joined[k] = replace(joined[k], text=text, kind=anchors.kind(text))
    return joined, stop


def _name_above(header: list[Token], tail: Token) -> int:
    if tail.x is not None:
        for k in range(len(header) - 1, -1, -1):
            x = header[k].x
            if x is not None and x <= tail.x + 1:
                return k
    return len(header) - 1


def _header_line_end(flat: list[Token], flat_index: list[tuple[int, int]], end: int) -> int:
    """The column names run on to the end of their line where the rest of it is words (指标标准或依据,
    备注): columns the form does not name, read as such, not as the first row."""
    line = flat_index[end - 1][0]
    stop = end
    while stop < len(flat) and flat_index[stop][0] == line:
        if flat[stop].kind != "text":
            return end
        stop += 1
    return stop


def _table_end(flat: list[Token], start: int, anchors: TextAnchors) -> int:
    """Where the indicator block ends: a new table's first label, a heading (a title, a year line, the 附件 N line
    of the next document), or the end."""
    starts_table = anchors.starts_table
    for k in range(start, len(flat)):
        kind = flat[k].kind
        if kind == "title" or (kind == "field" and k > start and starts_table(flat[k].text)):
            return k
    return len(flat)


LABEL_GUESSED = "label_guessed"  # the page-note code for rows put under a merged label by a guess
NOT_REBUILT = "text_not_rebuilt"  # the page-note code for cells the reader could not place with certainty


def rebuild_run(run: list[TextLine], anchors: TextAnchors, notes: list[tuple[str, int, str]],
                untold: set[tuple[int, int]]) -> list[Block] | None:
    """Blocks for a run of document lines, or None when no table is printed in them; rows that could
    not be placed with certainty go to `notes` with their text, the (page, line) of glued names read
    whole with their 指标值 to `untold`."""
    guessed: list[Token] = []
    lines = tokens_of(run, anchors, guessed)
    if guessed:
        notes.append((LABEL_GUESSED, guessed[0].page, f"{len(guessed)} rows fit under two merged labels alike, "
                      "put under one by a guess: " + "; ".join(t.text for t in guessed)))
    blocks: list[Block] = []
    found = False
    wraps_at: int | None = None
    while lines:
        table = _table_from(lines, anchors, wraps_at)
        if table is None:
            break
        before, page_table, rest, rows = table
        wraps_at = rows.wrap
        unsure = rows.unsure
        blocks += before
        blocks.append(page_table)
        found = True
        lines = rest
        if unsure:  # one warning a table, naming every row it could not place
            said = "; ".join(f"line {row[0].line}: " + " | ".join(t.text for t in row) for row in unsure)
            notes.append((NOT_REBUILT, unsure[0][0].page, f"{len(unsure)} rows of cells not placed in an indicator "
                                                          f"row with certainty (no table notation): {said}"))
        if rows.whole:
            notes.append(glued_whole_note(rows.whole))
            untold.update((t.page, t.line) for t in rows.whole if t.line is not None)
        if rows.ambiguous:
            notes.append(ambiguous_note(rows.ambiguous))
    if not found:
        return None
    blocks += [TextLine(" ".join([t.text for t in row]), row[0].page, row[0].line) for row in without_empty(lines)]
    return blocks


_FORM_EVIDENCE = 3  # distinct titles, section and column names, level labels a run prints for it to be a form not rebuilt
_EVIDENCE_KINDS = frozenset({"level1", "level2", "core_column", "title", "section"})
_LABELS_SAID = 6
_LABEL_CHARS = 16
_LINES_LOOKED_AT = 400  # of a text with no table, for a form printed past rebuilding (a long log is none)


def _say_form_not_rebuilt(lines: list[list[Token]], notes: list[tuple[str, int, str]]) -> None:
    """Text that prints a form's title and labels with no indicator block found (no column names): said."""
    labels = [t for row in lines for t in row if t.kind in _EVIDENCE_KINDS]
    distinct = list(dict.fromkeys(t.text for t in labels))
    if len(distinct) < _FORM_EVIDENCE:
        return
    shown = " | ".join(t if len(t) <= _LABEL_CHARS else t[:_LABEL_CHARS] + "…" for t in distinct[:_LABELS_SAID])
    notes.append((NOT_REBUILT, labels[0].page, f"text printing a form's title or labels ({shown} …) from line "
                                              f"{labels[0].line} could not be rebuilt into a table: no column "
                                              f"names of an indicator block were found"))


def rebuild_free_tables(document: ExtractedDocument, anchors: TextAnchors) -> ExtractedDocument:
    """The document with every run of plain lines that prints a form table read as a table."""
    blocks: list[Block] = []
    run: list[TextLine] = []
    notes: list[tuple[str, int, str]] = []
    untold: set[tuple[int, int]] = set()
    changed = False

    def flush() -> None:
        nonlocal changed
        whole_page = len(run) == 1 and len(run[0].text) >= RUN_TOGETHER_CHARS  # a page run together on a line
        rebuilt = rebuild_run(run, anchors, notes, untold) if len(run) >= 2 or whole_page else None
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
        elif isinstance(block, PageTable) and (as_text or cell_per_line(block) or
                                               lines_not_rows(block, anchors.kind, anchors.kind_in)):
            run.extend(as_lines(block))  # pipe lines that are no rows: read as the plain lines they are
            as_text = as_text or lines_not_rows(block, anchors.kind, anchors.kind_in)
            changed = True
        else:
            flush()
            blocks.append(block)
    flush()
    if not any(isinstance(b, PageTable) for b in blocks):  # no table at all: say the form text that was not read
        notes = [*notes, *_forms_not_rebuilt(blocks, anchors)]
    if not changed:
        return replace(document, page_notes=[*document.page_notes, *notes]) if notes else document
    return replace(document, blocks=blocks, page_notes=[*document.page_notes, *notes],
                   untold_values=document.untold_values | untold)


def _forms_not_rebuilt(blocks: list[Block], anchors: TextAnchors) -> list[tuple[str, int, str]]:
    lines = [b for b in blocks if isinstance(b, TextLine)][:_LINES_LOOKED_AT]
    notes: list[tuple[str, int, str]] = []
    _say_form_not_rebuilt(tokens_of(lines, anchors), notes)
    return notes
