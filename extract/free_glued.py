"""Rows whose cells are printed glued together: one row a line, or rows run together on one line. A line is
cut at its level labels; each stretch after them is dealt to the columns from the name on by what each
column holds (`TextAnchors.split_rows`: figures, comparators, measure words), rows cut where a name follows
a value. A stretch that can be parted two ways as well is not guessed: it is left to the caller's warning."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .free_model import TextAnchors, Token

_LABEL_KINDS = ("section", "level1", "level2")
_MIN_RUN = 6  # characters a line holds past its labels to count as a row (not a lone -定性 mark)
_GLUED_ROWS_SHARE = 0.5  # of a block's worded lines, glued, for each line to be read as glued rows
# A word followed by a figure or a comparator, the least a glued name and its value print.
_FIGURE = re.compile(r"\d")
_OPENS_WITH_FIGURE = re.compile(r"^[\d≥≤<>=＞＜≧≦═＝]")
_NAME_THEN_FIGURE = re.compile(r"[^\W\d_][)）]?[\d≥≤<>=＞＜≧≦═＝]")


@dataclass(slots=True)
class GluedRows:
    rows: list[list[tuple[int, Token]]] = field(default_factory=list)  # (column, cell) of each row parted
    unsure: list[list[Token]] = field(default_factory=list)  # stretches not parted with certainty
    closing: list[list[Token]] = field(default_factory=list)  # 总分 and what follows it, run together


def rows_are_glued(rows: list[list[Token]], roles: list[str | None], anchors: TextAnchors) -> bool:
    """Whether a block's lines are rows printed with their cells glued: most lines print no separator, yet
    part into a name and its values (a line of one cell each, as cell-per-line text prints, does not)."""
    worded = [row for row in rows if len("".join(t.text for t in row if t.kind not in _LABEL_KINDS)) >= _MIN_RUN]
    many = run_together(rows)
    need = _GLUED_ROWS_SHARE * len(worded)
    glued = 0
    for k, row in enumerate(worded):
        if glued + len(worded) - k < need:
            return False
        if all(t.glued for t in row) and _NAME_THEN_FIGURE.search("".join(t.text for t in row)):
            parted = glued_rows(row, roles, anchors, many)
            glued += sum(len(cells) >= 2 for cells in parted.rows) > len(parted.unsure)
    return bool(worded) and glued >= need


def run_together(rows: list[list[Token]]) -> bool:
    """Whether rows run together in these lines: a line prints level labels after a row's cells."""
    return any(len(groups) > 1 and _FIGURE.search("".join(t.text for t in groups[0][1]))
               for groups in map(_label_groups, rows))


def glued_rows(line: list[Token], roles: list[str | None], anchors: TextAnchors, many: bool | None = None
               ) -> GluedRows:
    """The rows a glued line holds (several where `many`), each stretch after its labels parted by what the
    columns hold."""
    out = GluedRows()
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
        placed_labels = _place_labels(labels, roles)
        if len(placed_labels) < len(labels):  # 经济效益指标 | 社会效益指标: a label with no rows under it first
            out.rows.append(placed_labels)
            placed_labels = _place_labels(labels[len(placed_labels):], roles)
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
            if isinstance(piece, str):
                if k == 0 and placed_labels:  # the labels are sure even where the row after them is not
                    out.rows.append(placed_labels)
                out.unsure.append([*(labels if k == 0 else []), Token(piece, "text", first.page, first.line)])
                continue
            cells = [(name_col + j, Token(text, anchors.kind(text), first.page, first.line, glued=True))
                     for j, text in piece]
            out.rows.append((placed_labels if k == 0 else []) + cells)
    return out


def _label_groups(line: list[Token]) -> list[tuple[list[Token], list[Token]]]:
    """The line cut before each run of level labels: (labels, what follows them)."""
    groups: list[tuple[list[Token], list[Token]]] = []
    for token in line:
        is_label = token.kind in _LABEL_KINDS
        if not groups or (is_label and groups[-1][1]) or (token.kind == "trailer" and groups[-1][1]):
            groups.append(([], []))
        (groups[-1][0] if is_label and not groups[-1][1] else groups[-1][1]).append(token)
    return groups


def _place_labels(labels: list[Token], roles: list[str | None]) -> list[tuple[int, Token]]:
    """Level labels in their columns: a level-1 label first, a level-2 label after it (成本指标 is either)."""
    placed: list[tuple[int, Token]] = []
    used: set[str] = set()
    for token in labels:
        want = token.kind if token.kind not in used else "level2"
        col = next((k for k, role in enumerate(roles) if role == want), None)
        if col is None or want in used:
            continue
        used.add(want)
        placed.append((col, token))
    return placed
