"""Merged labels of a centred layout (pdftotext -layout of Word and Excel exports) put on their rows.

A merged label is printed in the middle of the rows it covers. pdftotext prints only the lines that
hold text, so the line numbers are no even measure of height: a label's centre falls near, not on,
the centre of its rows. What holds for sure is that a label covers every row its lines fall in, and
both rows around it when it stands on a line between two rows. The labels of one column cover
consecutive runs of rows; among the runs that keep those bounds the one whose centres fit the labels
best is taken, preferring, for an outer column (一级指标), the bounds of the column inside it (二级指标):
a level-1 run ends where a level-2 run ends.
"""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Protocol

_OFF_INNER = 3.0  # lines of misfit that a bound not shared with the inner column costs
_OFF_BOUNDS = 5.0  # … that a run not covering the rows a label's lines fall in costs, a row
_STRETCH = 3  # rows past its bounds a label's run may start
_UNCOVERED = 5.0  # … that rows above a column's first label cost: a column's labels cover all its rows …
_UNCOVERED_RUN_ON = 0.5  # … but on a page the rows run on to, whose top rows' labels the page before printed
_UNPAIRED = 1.0  # … that an inner label the run covers costs where the taxonomy puts it under another label


class Span(Protocol):
    col: int

    @property
    def first(self) -> int: ...

    @property
    def last(self) -> int: ...


@dataclass(slots=True)  # never changed once made (not frozen: a frozen dataclass is made several times slower)
class _Bounds:
    latest_start: int  # the label's run starts at this row or above it
    earliest_end: int  # and ends at this row or below it


def _bounds(label: Span, firsts: list[int], lasts: list[int]) -> _Bounds:
    """Bounds of a label's run of rows, the rows given by their first and last printed lines."""
    top, bottom = label.first, label.last
    earliest = latest = -1  # the first and the last row that the label's lines overlap
    for k, (first, last) in enumerate(zip(firsts, lasts)):
        if first <= bottom and last >= top:
            latest = k
            if earliest < 0:
                earliest = k
    if earliest >= 0:
        return _Bounds(earliest, latest)
    below = next((k for k, first in enumerate(firsts) if first > bottom), len(firsts) - 1)
    return _Bounds(below, max(below - 1, 0))


_PRINTED_WEIGHT = 0.5  # of the misfit counted in printed lines, against that counted in half-lines


class Piece(Protocol):
    line: int


class CellLike(Protocol):
    pieces: list  # of Piece


class RowLike(Protocol):
    cells: list  # of CellLike

    @property
    def first(self) -> int: ...

    @property
    def last(self) -> int: ...


@dataclass(slots=True)  # never changed once made (not frozen, as _Bounds)
class _Measure:
    """Where rows and labels stand, in half-lines from the top of the block, rebuilt from the content
    cells: a row is as tall as its tallest cell, its other cells centred in it (on half-lines where
    their counts of lines differ by an odd number); a line holding only labels lies between the content
    lines around it. pdftotext prints only the lines holding text, so the printed line numbers stretch
    where a label stands on a line of its own: the misfit is taken mostly in half-lines."""
    rows: list[RowLike]
    tops: list[float]  # the top of each row, and the bottom of the last
    at_line: dict[int, float]  # printed content line → its half-line
    firsts: list[int]  # each row's first printed line
    lasts: list[int]  # … and its last
    ordered: list[int]  # the printed content lines, ascending

    @classmethod
    def of(cls, rows: list[RowLike]) -> _Measure:
        tops: list[float] = [0.0]
        at_line: dict[int, float] = {}
        for row in rows:
            height = max((len(c.pieces) for c in row.cells), default=1)
            for cell in row.cells:
                for j, piece in enumerate(cell.pieces):
                    at_line.setdefault(piece.line, tops[-1] + height - len(cell.pieces) + 2 * j)
            tops.append(tops[-1] + 2 * height)
        return cls(rows, tops, at_line, [r.first for r in rows], [r.last for r in rows], sorted(at_line))

    def position(self, line: int) -> float:
        if line in self.at_line:
            return self.at_line[line]
        k = bisect_left(self.ordered, line)  # the content lines around it
        if k == 0 or k == len(self.ordered):
            return self.tops[0] if k == 0 else self.tops[-1]
        return (self.at_line[self.ordered[k - 1]] + self.at_line[self.ordered[k]]) / 2

    def at(self, label: Span) -> float:
        return (self.position(label.first) + self.position(label.last)) / 2

    def misfit(self, label_mid: float, label_at: float, start: int, end: int) -> float:
        """`label_mid`: the label's middle printed line, `label_at`: its middle half-line."""
        lines = abs((self.firsts[start] + self.lasts[end]) / 2 - label_mid)
        half_lines = abs((self.tops[start] + self.tops[end + 1] - 2) / 2 - label_at)
        return _PRINTED_WEIGHT * lines + half_lines / 2


def _column_starts(labels: list[Span], rows: list[RowLike], inner: set[int], runs_on: bool,
                   measure: _Measure, unpaired: list[list[float]]) -> tuple[list[int], list[tuple[int, int]]]:
    """The first row of each label of one column (labels in reading order), and the rows that could as
    well go to the label above as to their own (`_tied`). `unpaired[i][r]`: what the inner labels starting
    above row r that label i does not pair with cost (a run's share the difference at its two ends)."""
    n, last = len(labels), len(rows) - 1
    bounds = [_bounds(label, measure.firsts, measure.lasts) for label in labels]
    label_at = [measure.at(label) for label in labels]
    label_mid = [(label.first + label.last) / 2 for label in labels]

    firsts, lasts, tops = measure.firsts, measure.lasts, measure.tops
    # the misfit's parts that depend on a run's end only, by end: printed lines, half-lines, the inner bound
    end_lines = [lasts[end] for end in range(last + 1)]
    end_tops = [tops[end + 1] - 2 for end in range(last + 1)]
    end_off = [_OFF_INNER if inner and end + 1 <= last and (end + 1) not in inner else 0.0 for end in range(last + 1)]

    def cost(i: int, start: int, end: int) -> float:  # measure.misfit, inlined: the search asks it most
        return (_PRINTED_WEIGHT * abs((firsts[start] + end_lines[end]) / 2 - label_mid[i]) +
                abs((tops[start] + end_tops[end]) / 2 - label_at[i]) / 2 + end_off[end] +
                unpaired[i][end + 1] - unpaired[i][start])

    # best[i][s]: the least misfit of labels 0..i-1 with label i starting at row s; a run past a label's
    # bounds is allowed at a cost (two pieces of one label left apart, a label in the gap of another)
    uncovered = _UNCOVERED_RUN_ON if runs_on else _UNCOVERED
    weight = _PRINTED_WEIGHT
    # an outer column's first run starts where a run of the column inside it starts, as its others end there
    best: list[dict[int, tuple[float, int]]] = [{s: ((uncovered if s else 0.0) + (_OFF_INNER if inner and s not in inner else 0.0), -1)
                                                  for s in range(min(bounds[0].latest_start, last) + 1)}]
    for i in range(1, n):
        here: dict[int, tuple[float, int]] = {}
        # the candidates before row s by their misfit so far (each joins as s passes its row): a run's misfit
        # is at least that plus `fixed`, so the search stops at the first whose sum passes the best found
        # (ties go to the earliest start, as in a scan)
        candidates = {prev: (total, prev, firsts[prev], tops[prev]) for prev, (total, _) in best[i - 1].items()}
        before: list[tuple[float, int, float, float]] = []
        mid, at, latest, earliest = label_mid[i - 1], label_at[i - 1], bounds[i].latest_start, bounds[i - 1].earliest_end
        pairing = unpaired[i - 1]
        for s in range(1, min(latest + _STRETCH, last) + 1):
            end = s - 1
            if end in candidates:
                insort(before, candidates[end])
            fixed = (_OFF_BOUNDS * (s - latest) if s > latest else 0.0) + \
                (_OFF_BOUNDS if end < earliest else 0.0) + end_off[end]
            end_line, end_top, paired_to = end_lines[end], end_tops[end], pairing[s]
            least, chosen = math.inf, -1
            for total, prev, first, top in before:
                if total + fixed > least:  # (the run's pairing cost is never negative)
                    break
                value = total + fixed + weight * abs((first + end_line) / 2 - mid) + abs((top + end_top) / 2 - at) / 2 \
                    + paired_to - pairing[prev]
                if value < least or (value == least and prev < chosen):
                    least, chosen = value, prev
            if chosen >= 0:
                here[s] = (least, chosen)
        if not here:  # more labels than rows
            return [min(b.latest_start, last) for b in bounds], []
        best.append(here)
    ends = {s: total + cost(n - 1, s, last) + (_OFF_BOUNDS if last < bounds[-1].earliest_end else 0.0)
            for s, (total, _) in best[-1].items()}
    s = min(ends, key=lambda k: ends[k])
    starts = [s]
    for i in range(n - 1, 0, -1):
        s = best[i][s][1]
        starts.append(s)
    starts.reverse()
    return starts, _tied(starts, cost, bounds, last)


_TIE = 1e-6  # misfits this close are no reason to prefer one run over the other


def _tied(starts: list[int], cost: Callable[[int, int, int], float], bounds: list[_Bounds],
          last: int) -> list[tuple[int, int]]:
    """(label, row) where the run of a label could as well start a row lower or higher: the row between
    two labels whose misfits the move leaves the same."""
    out: list[tuple[int, int]] = []
    for i in range(1, len(starts)):
        end = starts[i + 1] - 1 if i + 1 < len(starts) else last
        here = cost(i - 1, starts[i - 1], starts[i] - 1) + cost(i, starts[i], end)
        for moved in (starts[i] - 1, starts[i] + 1):
            if not (starts[i - 1] < moved <= end and moved <= bounds[i].latest_start
                    and moved - 1 >= bounds[i - 1].earliest_end):
                continue
            if abs(cost(i - 1, starts[i - 1], moved - 1) + cost(i, moved, end) - here) <= _TIE:
                out.append((i, min(moved, starts[i])))
    return out


def place_centred(labels: list[Span], rows: list[RowLike], runs_on: bool,
                  unpaired: Callable[[Span, Span], bool] = lambda outer, inner: False,
                  ) -> tuple[dict[int, list[Span]], list[tuple[Span, int]]]:
    """Each label on the first row it covers, columns laid from the innermost out; and (label, row) for
    each row that fits as well under the label above it as under its own: the reader's guess, to be said.
    `unpaired(outer, inner)`: the taxonomy puts the inner label under other labels (质量指标 under 成本指标),
    which weighs against a run of the outer label covering it where the lines leave the runs near even."""
    placed: dict[int, list[Span]] = {}
    unsure: list[tuple[Span, int]] = []
    inner: set[int] = set()
    inside: dict[int, Span] = {}  # the labels of the column inside, by the row each starts at
    measure = _Measure.of(rows)  # the rows' heights, one measure for every label column
    zeros = [0.0] * (len(rows) + 1)
    for col in sorted({c.col for c in labels}, reverse=True):
        column = sorted((c for c in labels if c.col == col), key=lambda c: c.first)
        pairing = [_unpaired_above(label, inside, zeros, unpaired) for label in column]
        starts, tied = _column_starts(column, rows, inner, runs_on, measure, pairing)
        for label, start in zip(column, starts):
            placed.setdefault(start, []).append(label)
        unsure += [(column[i], row) for i, row in tied]
        inner = set(starts) | inner
        inside = dict(zip(starts, column))
    return placed, unsure


def _unpaired_above(label: Span, inside: dict[int, Span], zeros: list[float],
                    unpaired: Callable[[Span, Span], bool]) -> list[float]:
    """What the inner labels starting above each row (0..len(zeros) - 1) that a label does not pair with cost
    (`zeros`: as many zeros, shared by the labels that pair with all)."""
    off = {row for row, inner in inside.items() if unpaired(label, inner)}
    if not off:
        return zeros
    return list(accumulate((_UNPAIRED if row in off else 0.0 for row in range(len(zeros) - 1)), initial=0.0))
