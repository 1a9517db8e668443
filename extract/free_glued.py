"""Rows whose cells are printed glued together, one row a line: each line's run after its level labels is
dealt to the columns from the name on by what each column holds (`TextAnchors.split_glued`). A run that
can be parted two ways as well is not guessed: the row is left to the caller's warning."""

from __future__ import annotations

import re

from .free_model import TextAnchors, Token

_LABEL_KINDS = ("section", "level1", "level2")
# A word followed by a figure or a comparator, the least a glued name and its value print.
_NAME_THEN_FIGURE = re.compile(r"[^\W\d_][)）]?[\d≥≤<>=＞＜≧≦═＝]")
_MIN_RUN = 6  # characters a line holds past its labels to count as a row (not a lone -定性 mark)
_GLUED_ROWS_SHARE = 0.5  # of a block's lines, glued, for each line to be read as a row


def rows_are_glued(rows: list[list[Token]], roles: list[str | None], anchors: TextAnchors) -> bool:
    """Whether a block's lines are rows printed with their cells glued: most lines print no separator, yet
    part into a name and its values (a line of one cell each, as cell-per-line text prints, does not)."""
    worded = [row for row in rows if len("".join(t.text for t in row[len(_leading_labels(row)):])) >= _MIN_RUN]
    need = _GLUED_ROWS_SHARE * len(worded)
    glued = 0
    for k, row in enumerate(worded):
        if glued + len(worded) - k < need:
            return False
        if all(t.glued for t in row) and _NAME_THEN_FIGURE.search(row[-1].text):
            parted = glued_cells(row, roles, anchors)
            glued += parted is not None and len(parted[1]) >= 2
    return bool(worded) and glued >= need


def glued_cells(row: list[Token], roles: list[str | None], anchors: TextAnchors
                ) -> tuple[list[Token], list[tuple[int, Token]]] | None:
    """(the row's leading level labels, the rest of it placed in columns from the name on), or None when the
    rest cannot be parted with certainty. A row of labels only gives no placed cells."""
    labels = _leading_labels(row)
    rest = row[len(labels):]
    if not rest:
        return labels, []
    if len({t.line for t in rest}) > 1 or not all(t.glued for t in rest):
        return None  # cells from lines of their own are no glued run
    name_col = next((k for k, role in enumerate(roles) if role == "level3"), None)
    if name_col is None:
        return None
    text = "".join(t.text for t in rest)
    cells = anchors.split_glued(text, tuple(roles[name_col:]))
    if cells is None:
        return None
    first = rest[0]
    return labels, [(name_col + j, Token(piece, anchors.kind(piece), first.page, first.line, glued=True))
                    for j, piece in cells]


def _leading_labels(row: list[Token]) -> list[Token]:
    labels: list[Token] = []
    for token in row:
        if token.kind not in _LABEL_KINDS:
            break
        labels.append(token)
    return labels
