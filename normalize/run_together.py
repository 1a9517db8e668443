"""Rows run together with no separator and no line break between them (…率100%100%库存数量真实率100%…):
cut where a row can start (a name after a value) and each piece parted as one glued row
(normalize/glued.py). The cutting is taken only when it is the one best: where two cuttings fit as well,
nothing is guessed and the run is left to the reader's warning."""

from __future__ import annotations

from functools import lru_cache

import re

from .token_kinds import ANNOTATION, LABEL_AT_START, segment, token_kind
from . import vocabulary as vocab
from .chinese import matchable
from .glued import AMBIGUITY_MARGIN, Atom, atoms, parse_row
from .text import compact

_CJK = re.compile(r"[\u3400-\u9fff]")
_QUANTITY_END = re.compile(r"\d(?:" + "|".join(re.escape(w) for w in sorted(vocab.MEASURE_WORDS, key=len, reverse=True))
                           + r")$")  # …8000亩 质量指标: a label after a figure and its measure word starts a stretch

_ROLE_VALUES = ("target", "actual", "weight", "score")
_MAX_ATOMS = 80  # a run longer than this is not cut (the search grows with the square of it)

Row = list[tuple[int, str]]
_Piece = tuple[tuple[int, str], ...] | str  # a row's cells, or the text of a stretch not parted with certainty
_UNSURE = -3.0  # a stretch left unparted, for each place a row could start in it: taken where no row fits


def split_rows(text: str, roles: tuple[str | None, ...], many: bool) -> list[Row | str]:
    """The rows of a glued run (one row unless `many`), each as (index into roles, text), and as plain text
    each stretch that could not be parted with certainty (two cuttings fit as well, or none). Shapes are
    read on the simplified, pinyin-free text; the cells keep the text as printed."""
    plain = compact(text)
    key, index = matchable(plain)
    printed = _Printed(plain, key, index)
    return [printed.cut(piece) if isinstance(piece, str) else [(j, printed.cut(t)) for j, t in piece]
            for piece in _split_rows(key, roles, many)]


class _Printed:
    """The printed text of consecutive pieces of its matchable form, handed out in order."""

    def __init__(self, plain: str, key: str, index: tuple[int, ...]) -> None:
        self.plain, self.key, self.index, self.pos = plain, key, index, 0

    def cut(self, piece: str) -> str:
        start, end = self.pos, self.pos + len(piece)
        self.pos = end
        begin = self.index[start] if start < len(self.key) else len(self.plain)
        return self.plain[begin: self.index[end] if end < len(self.key) else len(self.plain)]


@lru_cache(maxsize=2048)
def _split_rows(plain: str, roles: tuple[str | None, ...], many: bool) -> list[Row | str]:
    pieces = tuple(atoms(plain))
    if not pieces:
        return []
    if len(pieces) > _MAX_ATOMS:
        return [plain]
    if not many:
        row = _row(pieces, roles)
        return [row[0]] if row is not None else [plain]
    starts = [i for i in range(1, len(pieces)) if pieces[i].kind == "text" and pieces[i - 1].kind != "text"]
    bounds = [0, *starts, len(pieces)]
    # best[b]: the two best cuttings of pieces[bounds[b]:] into rows, as (score, pieces)
    best: list[list[tuple[float, tuple[_Piece, ...]]]] = [[] for _ in bounds]
    best[-1] = [(0.0, ())]
    for b in range(len(bounds) - 2, -1, -1):
        options: list[tuple[float, tuple[_Piece, ...]]] = []
        for e in range(b + 1, len(bounds)):
            run = pieces[bounds[b]:bounds[e]]
            row = _row(run, roles)
            piece: _Piece = tuple(row[0]) if row is not None else "".join(a.text for a in run)
            score = row[1] if row is not None else _UNSURE * (e - b)
            options += [(score + rest_score, _joined(piece, rest)) for rest_score, rest in best[e]]
        best[b] = _two_distinct(options)
    top = best[0]
    if len(top) > 1 and top[1][0] >= top[0][0] - AMBIGUITY_MARGIN:
        return [plain]
    return [list(p) if not isinstance(p, str) else p for p in top[0][1]]


def _joined(piece: _Piece, rest: tuple[_Piece, ...]) -> tuple[_Piece, ...]:
    """Stretches left unparted side by side are one."""
    if isinstance(piece, str) and rest and isinstance(rest[0], str):
        return (piece + rest[0], *rest[1:])
    return (piece, *rest)


def _two_distinct(options: list[tuple[float, tuple[_Piece, ...]]]) -> list[tuple[float, tuple[_Piece, ...]]]:
    out: list[tuple[float, tuple[_Piece, ...]]] = []
    for option in sorted(options, key=lambda o: -o[0]):
        if all(option[1] != o[1] for o in out):
            out.append(option)
        if len(out) == 2:
            break
    return out


def _row(pieces: tuple[Atom, ...], roles: tuple[str | None, ...]) -> tuple[Row, float] | None:
    """One row of the run: a name and at least one value, parted with certainty."""
    parsed = parse_row(pieces, roles)
    if parsed is None:
        return None
    cells, score = parsed
    if not any(roles[j] == "level3" for j, _ in cells) or not any(roles[j] in _ROLE_VALUES for j, _ in cells):
        return None
    return cells, score


_MIN_RUN_COLUMNS = 3  # column names glued one after the other that open the indicator block of a run-together page
_CUT_KINDS = ("level1", "level2", "section", "trailer")  # labels a run of rows is cut at


def cut_run_together(text: str) -> list[str] | None:
    """A page printed as one run (header, column names, rows, no separator): cut into the header's pieces
    (cut at its labels as any glued cell is), the column names one by one, and the rows' stretches cut at
    their level labels. None when the text prints neither column names nor level labels between rows."""
    plain = compact(text)
    key, index = matchable(plain)
    printed = _Printed(plain, key, index)
    found = _column_names(key)
    if found is None:
        body = _cut_at_levels(key)
        return [printed.cut(piece) for piece in body] if len(body) > 1 else None
    start, end, names = found
    header = printed.cut(key[:start])
    columns = [printed.cut(name) for name in names]
    return [*(segment(header) if header else []), *columns, *(printed.cut(p) for p in _cut_at_levels(key[end:]))]


def _labels(plain: str) -> list[tuple[int, int, str]]:
    """Every label printed in the text, with its annotation ((70分)): (start, end, kind)."""
    out: list[tuple[int, int, str]] = []
    for found in LABEL_AT_START.finditer(plain):
        end = found.end()
        note = ANNOTATION.match(plain[end:])
        if note:
            end += note.end()
        out.append((found.start(), end, token_kind(plain[found.start():end])))
    return out


def _column_names(plain: str) -> tuple[int, int, list[str]] | None:
    """(start, end, names) of the first run of column names glued one after the other."""
    labels = _with_short_columns(plain, _labels(plain))
    k = 0
    while k < len(labels):
        j = k
        while j + 1 < len(labels) and labels[j + 1][0] == labels[j][1] and labels[j + 1][2] in _COLUMN_KINDS:
            j += 1
        run = labels[k:j + 1]
        cores = sum(kind == "core_column" for _, _, kind in run)
        if len(run) >= _MIN_RUN_COLUMNS and cores >= 2 and \
                all(kind in _COLUMN_KINDS or kind == "section" for _, _, kind in run):
            return run[0][0], run[-1][1], [plain[a:b] for a, b, _ in run]
        k = j + 1
    return None


_COLUMN_KINDS = ("core_column", "column")


def _with_short_columns(plain: str, labels: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The labels, with the short column names between two of them (分值, 得分: too short to look for
    anywhere) that fill the gap exactly."""
    out: list[tuple[int, int, str]] = []
    for label in labels:
        if out and out[-1][2] in _COLUMN_KINDS and label[0] > out[-1][1]:
            gap = plain[out[-1][1]:label[0]]
            if token_kind(gap) in _COLUMN_KINDS:
                out.append((out[-1][1], label[0], token_kind(gap)))
        out.append(label)
    return out


def _cut_at_levels(plain: str) -> list[str]:
    """The rows' text cut before and after each level label that starts a stretch: at the start, after
    another label, or after a figure (…100%质量指标…), never inside a name (食品安全指标达标率)."""
    cuts: list[tuple[int, int]] = []
    labels = [label for label in _labels(plain) if label[2] in _CUT_KINDS]
    for k, (start, end, _) in enumerate(labels):
        after_label = bool(cuts) and cuts[-1][1] == start
        before_label = k + 1 < len(labels) and labels[k + 1][0] == end  # 绩效指标效益指标: labels side by side
        if start == 0 or after_label or before_label or not _CJK.match(plain[start - 1]) or \
                _QUANTITY_END.search(plain[:start]):
            cuts.append((start, end))
    pieces: list[str] = []
    pos = 0
    for start, end in cuts:
        if start > pos:
            pieces.append(plain[pos:start])
        pieces.append(plain[start:end])
        pos = end
    if pos < len(plain):
        pieces.append(plain[pos:])
    return pieces
