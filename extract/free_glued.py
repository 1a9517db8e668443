"""Rows whose cells are printed glued together: one row a line, or rows run together on one line. A line is
cut at its level labels; each stretch after them is dealt to the columns from the name on by what each
column holds (`TextAnchors.split_rows`: figures, comparators, measure words), rows cut where a name follows
a value. A stretch that can be parted two ways as well is not guessed: it is left to the caller's warning."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .free_model import CJK, TextAnchors, Token, is_letter, without_pinyin

_LABEL_KINDS = ("section", "level1", "level2")
_MIN_RUN = 6  # characters a line holds past its labels to count as a row (not a lone -定性 mark)
_GLUED_ROWS_SHARE = 0.5  # of a block's worded lines, glued, for each line to be read as glued rows
# A word followed by a figure or a comparator, the least a glued name and its value print.
_FIGURE = re.compile(r"\d")
_WORDS = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff][^\d≥≤<>=＞＜≧≦═＝\-—–~～]*$")
_MIN_WORDS = 4  # letters of the shortest name (3) and a one-word 指标值 (无)
_OPENS_WITH_FIGURE = re.compile(r"^[\d≥≤<>=＞＜≧≦═＝]")
_NAME_THEN_FIGURE = re.compile(r"[^\W\d_][)）]?[\d≥≤<>=＞＜≧≦═＝]")


@dataclass(slots=True)
class GluedRows:
    rows: list[list[tuple[int, Token]]] = field(default_factory=list)  # (column, cell) of each row parted
    unsure: list[list[Token]] = field(default_factory=list)  # stretches not parted with certainty
    closing: list[list[Token]] = field(default_factory=list)  # 总分 and what follows it, run together
    whole: list[Token] = field(default_factory=list)  # names read whole: a 指标值 in words glued to them, untold


def rows_are_glued(rows: list[list[Token]], roles: list[str | None], anchors: TextAnchors) -> bool:
    """Whether a block's lines are rows printed with their cells glued: most lines print no separator, yet
    part into a name and its values, or into level labels and a name (a line of one cell each, as cell-per-line
    text prints, does not). A line of words alone tells neither way: a name, or a name glued to words."""
    worded = [row for row in rows if (len("".join(t.text for t in row if t.kind not in _LABEL_KINDS)) >= _MIN_RUN
                                      and not _words_alone(row)) or _value_alone(row)]
    many = run_together(rows)
    need = _GLUED_ROWS_SHARE * len(worded)
    glued = 0
    for k, row in enumerate(worded):
        if glued + len(worded) - k < need:
            return False
        if glued >= need:
            return True  # the rows still to see can only add to it
        if not all(t.glued for t in row):
            continue
        if _labels_then_words(row):
            glued += 1
        elif _NAME_THEN_FIGURE.search("".join(t.text for t in row)):
            parted = glued_rows(row, roles, anchors, many)
            glued += sum(len(cells) >= 2 for cells in parted.rows) > len(parted.unsure)
    return bool(worded) and glued >= need


def _words_alone(row: list[Token]) -> bool:
    return len(row) == 1 and row[0].kind == "text" and _FIGURE.search(row[0].text) is None


def _value_alone(row: list[Token]) -> bool:
    """A value on a line of its own: cells printed one a line, not glued."""
    return len(row) == 1 and row[0].kind in ("value", "number")


def _labels_then_words(row: list[Token]) -> bool:
    """Level labels and a name of words printed on one line with nothing between them."""
    labels = [t for t in row if t.kind in _LABEL_KINDS]
    return len(row) == len(labels) + 1 and bool(labels) and row[-1].kind == "text" and \
        len(row[-1].text) >= _MIN_RUN and _FIGURE.search(row[-1].text) is None


def run_together(rows: list[list[Token]]) -> bool:
    """Whether rows run together in these lines: a line prints level labels after a row's cells."""
    return any(len(groups) > 1 and _FIGURE.search("".join(t.text for t in groups[0][1]))
               for groups in map(_label_groups, rows))


@dataclass(slots=True)
class Levels:
    """The level labels of the rows read so far in a block: whether a level-1 label was, the last level-2's key."""

    level1: bool = False
    level2: str | None = None


def glued_rows(line: list[Token], roles: list[str | None], anchors: TextAnchors, many: bool | None = None,
               levels: Levels | None = None) -> GluedRows:
    """The rows a glued line holds (several where `many`), each stretch after its labels parted by what the
    columns hold; `levels` (the labels of the lines above) is brought up to date."""
    out = GluedRows()
    levels = levels if levels is not None else Levels()
    name_col = next((k for k, role in enumerate(roles) if role == "level3"), None)
    groups = _label_groups(line)
    if many is None:
        many = run_together([line])
    for g, (labels, rest) in enumerate(groups):
        if rest and rest[0].kind in ("trailer", "sign_off") and many:
            out.closing = [labels + rest] + [ls + r for ls, r in groups[g + 1:]]
            break  # 总分 and what follows it (notes on the form) close the rows of a run-together page
        if labels and len(rest) == 1 and rest[0].kind in ("value", "number") and _OPENS_WITH_FIGURE.match(rest[0].text) \
                and labels[-1].kind == "level2":
            labels, rest = labels[:-1], [labels[-1], *rest]  # 社会公众满意度 | ≥85%: a label-worded name
        if not many:
            labels, rest = _short_label_first(labels, rest, levels, anchors)
        placed_labels = _place_labels(labels, roles, _either_is_level2(labels, rest, levels, anchors))
        if len(placed_labels) < len(labels):  # 经济效益指标 | 社会效益指标: a label with no rows under it first
            out.rows.append(placed_labels)
            placed_labels = _place_labels(labels[len(placed_labels):], roles)
        _note_levels(placed_labels, roles, levels, anchors)
        if not rest:
            if placed_labels:
                out.rows.append(placed_labels)
            continue
        if name_col is None or rest[0].kind in ("trailer", "sign_off") or not all(t.glued for t in rest) or \
                len({t.line for t in rest}) > 1:  # cells from lines of their own are no glued run
            out.unsure.append(labels + rest)
            continue
        first = rest[0]
        for k, piece in enumerate(anchors.split_rows("".join(t.text for t in rest), tuple(roles[name_col:]), many)):
            if isinstance(piece, str) and not many and _words_only(piece) and _value_columns_only(roles[name_col + 1:]):
                name = Token(piece, "text", first.page, first.line, glued=True)
                out.rows.append(placed_labels + [(name_col, name)])
                out.whole.append(name)
                continue
            if isinstance(piece, str):
                if k == 0 and placed_labels:  # the labels are sure even where the row after them is not
                    out.rows.append(placed_labels)
                out.unsure.append([*(labels if k == 0 else []), Token(piece, "text", first.page, first.line)])
                continue
            cells = [(name_col + j, Token(text, anchors.kind(text), first.page, first.line, glued=True))
                     for j, text in piece]
            out.rows.append((placed_labels if k == 0 else []) + cells)
    return out


_LINE_LABELS = frozenset({"field", "grid_column", "level1", "level2", "section", "trailer", "core_column", "column"})


def spaces_in_cells(parts: list[str], anchors: TextAnchors) -> list[str]:
    """The pieces of a line of glued rows between spaces, joined where the space is inside a cell: around a
    letter of a label printed one character at a time (产 出 指 标数量指标), before a bracketed note or a code
    (质量指标 (必填), 文化旅游广电局 862330), after a clause mark (衔接, 根据). A space before a label parts
    cells, as on any line (评(扣分标准) 度量单位)."""
    out: list[str] = []
    letter_before = False
    for part in parts:
        letter = is_letter(part)
        if out and (letter or letter_before):
            out[-1] += part
        elif out and anchors.kind(anchors.segment(part)[0]) not in _LINE_LABELS:
            out[-1] += " " + part
        else:
            out.append(part)
        letter_before = letter
    return out


def _words_only(text: str) -> bool:
    """A stretch of words with no figure, sign or dash in it, long enough for a name and a word of value: a name
    and a 指标值 in words (社会负面舆情无, 农村人居环境明显改善) glued, with nothing to tell where the name ends."""
    bare = without_pinyin(text)
    return _WORDS.match(bare) is not None and len(CJK.findall(bare)) >= _MIN_WORDS


def _value_columns_only(roles: list[str | None]) -> bool:
    """Columns after the name that hold values only: words glued to a name are its 指标值, not a description
    (指标内容) or a note the form does not name."""
    return all(role is not None and role not in ("level3", "section") for role in roles)


def _label_groups(line: list[Token]) -> list[tuple[list[Token], list[Token]]]:
    """The line cut before each run of level labels: (labels, what follows them)."""
    groups: list[tuple[list[Token], list[Token]]] = []
    for token in line:
        is_label = token.kind in _LABEL_KINDS
        if not groups or (is_label and groups[-1][1]) or (token.kind == "trailer" and groups[-1][1]):
            groups.append(([], []))
        (groups[-1][0] if is_label and not groups[-1][1] else groups[-1][1]).append(token)
    return groups


def _short_label_first(labels: list[Token], rest: list[Token], levels: Levels, anchors: TextAnchors
                       ) -> tuple[list[Token], list[Token]]:
    """A glued name that opens with a level-2 label in a short form (社会效益受益人口8822人) where a level-2 label
    stands: after a level-1 label with none beside it (满意度指标, either level, is the level-1 label then), or a new one (not the level-2 label the rows above are
    under: a merged label is printed once). A label followed by a bare value is a name (社会公众满意度≥85%)."""
    if not rest or rest[0].kind not in ("text", "value") or not rest[0].glued:
        return labels, rest
    kinds = [t.kind for t in labels if t.kind != "section"]
    if kinds not in ([], ["level1"]):
        return labels, rest
    head = anchors.short_level2(rest[0].text)
    if head is None or _OPENS_WITH_FIGURE.match(head[1]) or (not kinds and anchors.level2_key(head[0]) == levels.level2):
        return labels, rest
    first = rest[0]
    label = Token(head[0], "level2", first.page, first.line, first.x, glued=True)
    return [*labels, label], [Token(head[1], anchors.kind(head[1]), first.page, first.line, glued=True), *rest[1:]]


def _either_is_level2(labels: list[Token], rest: list[Token], levels: Levels, anchors: TextAnchors) -> bool:
    """A label of either level (成本指标) alone before a name, under a level-1 label read above: the level-2
    label (a level-1 label opens its rows with a level-2 label beside it)."""
    kinds = [t.kind for t in labels if t.kind != "section"]
    return kinds == ["level1"] and bool(rest) and levels.level1 and anchors.level2_key(labels[-1].text) is not None


def _note_levels(placed: list[tuple[int, Token]], roles: list[str | None], levels: Levels, anchors: TextAnchors) -> None:
    for col, token in placed:
        if roles[col] == "level1":
            levels.level1, levels.level2 = True, None
        elif roles[col] == "level2":
            levels.level2 = anchors.level2_key(token.text)


def _place_labels(labels: list[Token], roles: list[str | None], as_level2: bool = False) -> list[tuple[int, Token]]:
    """Level labels in their columns: a level-1 label first, a level-2 label after it (成本指标 is either;
    `as_level2`: the one label is the level-2 label)."""
    placed: list[tuple[int, Token]] = []
    used: set[str] = {"level1"} if as_level2 else set()
    for token in labels:
        want = token.kind if token.kind not in used else "level2"
        col = next((k for k, role in enumerate(roles) if role == want), None)
        if col is None or want in used:
            continue
        used.add(want)
        placed.append((col, token))
    return placed


GLUED_WHOLE = "row_unparted"  # the page-note code for glued names read whole


def glued_whole_note(names: list[Token]) -> tuple[str, int, str]:
    """The note naming the glued rows read whole as names: where their 指标值 begins is not guessed."""
    said = "; ".join(f"line {t.line}: {t.text}" for t in names)
    return (GLUED_WHOLE, names[0].page, f"{len(names)} rows printed with their cells glued hold a name and a 指标值 "
            f"in words with nothing to tell where the name ends: read whole as the name, 指标值 left empty: {said}")
