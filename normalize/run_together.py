"""Rows run together with no separator and no line break between them (…率100%100%库存数量真实率100%…):
cut where a row can start (a name after a value) and each piece parted as one glued row
(normalize/glued.py). The cutting is taken only when it is the one best: where two cuttings fit as well,
nothing is guessed and the run is left to the reader's warning."""

from __future__ import annotations

from functools import lru_cache

from .glued import AMBIGUITY_MARGIN, Atom, atoms, parse_row
from .text import compact

_ROLE_VALUES = ("target", "actual", "weight", "score")
_MAX_ATOMS = 80  # a run longer than this is not cut (the search grows with the square of it)

Row = list[tuple[int, str]]
_Piece = tuple[tuple[int, str], ...] | str  # a row's cells, or the text of a stretch not parted with certainty
_UNSURE = -3.0  # a stretch left unparted, for each place a row could start in it: taken where no row fits


def split_rows(text: str, roles: tuple[str | None, ...], many: bool) -> list[Row | str]:
    """The rows of a glued run (one row unless `many`), each as (index into roles, text), and as plain text
    each stretch that could not be parted with certainty (two cuttings fit as well, or none)."""
    return _split_rows(compact(text), roles, many)


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
