"""Indicator rows of text that prints one cell a line with nothing between rows (a `|` after each cell,
or bare lines): the rows are read off the stream of cells as a whole, each cell in the column its
content fits, a row going on to the right or a new one starting at a label or a name, so a row's last
cell (a 偏差原因 text) and the next row's name are told apart by what follows them, not by the next cell
alone. Cells whose column another reading fits nearly as well are said, not guessed in silence."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from operator import add

from .free_model import TextAnchors, Token

_LABEL_ROLES = frozenset({"section", "level1", "level2"})
_ROW_STARTS = _LABEL_ROLES | {"level3"}  # a row's first printed cell: a merged label's first row, or its name
_SKIP = 0.01  # a column left empty: a hair worse, so ties keep cells to the right
_JOIN = 3.0  # a text cell joined to the text cell before it: cells printed a line each are whole, but for …
_JOIN_TAIL = 0.5  # … a short piece: a wrapped cell's tail (报告 | 数)
_TAIL_CHARS = 2
# An OCR box that fills the width joined to the box below it: a gain (boxes wrap more often than a cell just fills
# one), more in the columns of long texts (names, 偏差原因) than in a value's.
_LONG_ROLES = frozenset({"level3", "deviation"})
_BOX_JOIN_NAME = -1.0
_BOX_JOIN_VALUE = -0.3
_FIGURE_JOIN_NAME = 0.5  # a figure below a full box goes on with a name only where the rows say so
_BOX_KINDS = frozenset({"text", "value", "number"})
_NAME_ONLY = 2.0  # a row closed with a name and no value: rows hold values
_LABELS_ONLY = 3.0  # a row of labels alone (a label with no indicator under it)
_VALUE_SKIP = 0.5
_END_SKIP = 0.25  # a value column a row leaves empty: cells are printed more often than not
_AFTER_NATURE = 1  # a 指标值 right after its 指标性质 (定性 | 有效保障)
_EMPTY_LABEL = -5  # an empty cell never stands where a label or a name does
_SIGN_FIT = 2  # how well a 指标性质 (≥, 定性) suits its column
_NOT_HERE = -10.0
_QUALITATIVE_FIT = 1.0  # a qualitative 指标值 in words in a value's column
_WORDED_VALUES = frozenset({"target", "actual", "deviation"})  # a level label in a name's or a value's column
_LOST_POINTS = 1.0  # a text right after a 得分 below its 分值 in a 偏差原因's column: the row says why it lost them
AMBIGUOUS_MARGIN = 1.0  # a cell whose best other column scores within this of the reading taken is said

NO_NAME, NAMED, VALUED = 0, 1, 2  # what the row being read holds so far
_NEG = float("-inf")


@dataclass(slots=True)
class StreamRows:
    rows: list[list[tuple[int, Token]]] = field(default_factory=list)  # each row's (column, token)
    ambiguous: list[Token] = field(default_factory=list)  # cells another column fits nearly as well


def _flag_after(flag: int, role: str | None) -> int:
    if role == "level3":
        return max(flag, NAMED)
    if role in _LABEL_ROLES:
        return flag
    return VALUED if flag >= NAMED else flag


def _scores(tokens: list[Token], roles: list[str | None], anchors: TextAnchors) -> list[list[float]]:
    fit = anchors.fit
    out = []
    deviation = roles.index("deviation") if "deviation" in roles else None
    for k, token in enumerate(tokens):
        if token.kind == "empty":
            out.append([_EMPTY_LABEL if r is None or r in _ROW_STARTS else 0.0 for r in roles])
        elif _label_only(tokens, k):
            out.append([float(fit(r, token.text)) if r in _LABEL_ROLES else _NOT_HERE for r in roles])
        else:
            words = _QUALITATIVE_FIT if anchors.qualitative(token.text) else 0.0
            out.append([float(anchors.fit(r, token.text)) + (words if r in _WORDED_VALUES else 0.0) for r in roles])
            if deviation is not None and token.kind == "text" and _points_lost(tokens, k):
                out[-1][deviation] += _LOST_POINTS
    return out


def _points_lost(tokens: list[Token], k: int) -> bool:
    """Whether the two cells before token k are figures, the second below the first (分值 3 | 得分 2.5)."""
    if k < 2 or tokens[k - 1].kind != "number" or tokens[k - 2].kind != "number":
        return False
    try:
        return float(tokens[k - 1].text) < float(tokens[k - 2].text)
    except ValueError:
        return False


_LABEL_KINDS = frozenset({"section", "level1", "level2"})
_FIGURES = frozenset({"number", "value"})
_OPEN = ("(", "（", "[", "［", "【")  # a bracketed figure after a label is its note ((40-50)分), not a value


def _label_only(tokens: list[Token], k: int) -> bool:
    """A level label stands in a label's column, unless a value follows it and no second one (社会公众满意度 |
    ≥85%: a name worded like a label; 时效指标 | 2022年全年 | 12个月: a label, then a name and its value)."""
    if tokens[k].kind not in _LABEL_KINDS:
        return False
    follows = [t.kind if not t.text.startswith(_OPEN) else "note" for t in tokens[k + 1:k + 3]]
    return not follows or follows[0] not in _FIGURES or (len(follows) > 1 and follows[1] in _FIGURES)


def _close(flag: int) -> float:
    """What closing a row costs: nothing once it holds a name and a value, more the less it holds."""
    return 0.0 if flag == VALUED else (-_NAME_ONLY if flag == NAMED else -_LABELS_ONLY)


def _is_value(role: str | None) -> bool:
    return role not in _ROW_STARTS


@dataclass(frozen=True, slots=True, eq=False)
class _RoleMoves:
    """The steps' parts that depend on the columns alone, worked out once a form's columns: the row-start
    columns, the value columns left of each column, closing a row at (p, f); and, where a stream is walked,
    the move tables between states."""
    roles: tuple[str | None, ...]
    starts: tuple[int, ...]
    value_cols: tuple[int, ...]  # value columns left of column c
    closing: tuple[tuple[float, ...], ...]

    def skipped(self, p: int, c: int) -> float:
        """What leaving the columns between p and c empty costs (p = -1: the row's start)."""
        values = self.value_cols[c] - self.value_cols[p + 1]
        return _SKIP * (c - p - 1 - values) + _VALUE_SKIP * values

    def bonus(self, p: int, c: int) -> float:
        return _AFTER_NATURE if c == p + 1 and self.roles[p] == "nature" and self.roles[c] == "target" else 0.0

    def steps(self) -> _Steps:
        return _steps(self)


@lru_cache(maxsize=64)
def _role_moves(roles: tuple[str | None, ...]) -> _RoleMoves:
    n = len(roles)
    value_cols = tuple(sum(_is_value(r) for r in roles[:c]) for c in range(n + 1))

    def close(p: int, f: int) -> float:
        """Closing a row whose last cell is in column p (the columns after it left empty: a row's last cells
        are left empty more often than the cells between)."""
        base = _close(f)
        return base if base == _NEG else base - _END_SKIP * (value_cols[n] - value_cols[p + 1])

    starts = tuple(c for c, r in enumerate(roles) if r in _ROW_STARTS)
    return _RoleMoves(roles, starts, value_cols, tuple(tuple(close(p, f) for f in range(3)) for p in range(n)))


@dataclass(frozen=True, slots=True, eq=False)
class _Steps:
    """The token-free parts of the moves from each state k = 3·p + f (a token in column p, the row holding f)
    to a state j = 3·c + g: on in the row (j, c and the bonus less the skipped cost, for each c > p), a new
    row (the closing cost, to each row start (j, c)); read-only, shared by every stream of the form. A bonus is
    only ever given next door, where nothing is skipped: score + (bonus - skipped) is exactly the steps'
    score - skipped + bonus."""
    on: tuple[tuple[tuple[int, int, float], ...], ...]  # of each state k: (j, c, bonus - skipped)
    new: tuple[tuple[int, int], ...]  # (j, c) of each row start
    closing: tuple[float, ...]  # of each state k


@lru_cache(maxsize=64)  # the moves of a form's columns, themselves cached
def _steps(moves: _RoleMoves) -> _Steps:
    roles, n = moves.roles, len(moves.roles)
    on = tuple(tuple((3 * c + _flag_after(f, roles[c]), c, moves.bonus(p, c) - moves.skipped(p, c))
                     for c in range(p + 1, n))
               for p in range(n) for f in range(3))
    new = tuple((3 * c + _flag_after(NO_NAME, roles[c]), c) for c in moves.starts)
    return _Steps(on, new, tuple(moves.closing[p][f] for p in range(n) for f in range(3)))


class _Lattice:
    """fwd[i][c][f]: the best score of tokens[:i+1] with token i in column c, the row then holding f."""

    def __init__(self, tokens: list[Token], roles: list[str | None], anchors: TextAnchors,
                 wraps: frozenset[int] = frozenset()) -> None:
        self.tokens, self.roles = tokens, roles
        self.n = len(roles)
        self.moves = _role_moves(tuple(roles))
        self.starts = self.moves.starts
        self.score = _scores(tokens, roles, anchors)
        # how token i may go on with the box before it: a wrap the box joiner saw (2), a full box before a figure (1)
        self.box_join = [2 if i in wraps else 1 if i > 0 and tokens[i - 1].full else 0 for i in range(len(tokens))]
        self.join_cost = [_JOIN_TAIL if len(t.text) <= _TAIL_CHARS else _JOIN for t in tokens]
        signs = [anchors.fit("nature", t.text) >= _SIGN_FIT for t in tokens]  # ≥, 定性: a cell of their own
        self.joinable = [i > 0 and not signs[i] and not signs[i - 1] and (
            tokens[i].kind == "text" and tokens[i - 1].kind == "text" or
            tokens[i - 1].full and tokens[i].kind in _BOX_KINDS and tokens[i - 1].kind in _BOX_KINDS)
            for i in range(len(tokens))]
        self.join_gain = [[-self._join_cost(i, p) for p in range(self.n)] if self.joinable[i] else None
                          for i in range(len(tokens))]

    def close(self, p: int, f: int) -> float:
        return self.moves.closing[p][f]

    def _join_cost(self, i: int, p: int) -> float:
        name = self.roles[p] in _LONG_ROLES
        return (_BOX_JOIN_NAME if name else _BOX_JOIN_VALUE) if self.box_join[i] == 2 else \
            (_FIGURE_JOIN_NAME if name else _BOX_JOIN_VALUE) if self.box_join[i] == 1 else self.join_cost[i]

    def walk(self) -> None:
        """The best score of every state from the left (`fwd`, with the move that reached it: `back`) and
        from the right (`bwd`: what the tokens after add, the last row closed), each m lists of 3·n. Of equal
        scores reaching a state the first move is kept, in the steps' order (column, flag, then on, new, join).
        States no reading reaches are left at -inf both ways (no reading through them is ever asked for)."""
        m, n = len(self.tokens), self.n
        states = 3 * n
        steps = self.moves.steps()
        first = [_NEG] * states
        for c in self.starts:
            first[3 * c + _flag_after(NO_NAME, self.roles[c])] = self.score[0][c]
        fwd, back = [first], [[0] * states]
        for i in range(1, m):
            here, came = self._forward(fwd[-1], self.score[i], self.join_gain[i], steps)
            fwd.append(here)
            back.append(came)
        last = [self.close(c, f) if fwd[m - 1][3 * c + f] > _NEG else _NEG for c in range(n) for f in range(3)]
        bwd = [last]
        for i in range(m - 1, 0, -1):
            bwd.append(self._backward(fwd[i - 1], bwd[-1], self.score[i], self.join_gain[i], steps))
        bwd.reverse()
        self.fwd, self.bwd, self.back = fwd, bwd, back

    @staticmethod
    def _forward(prev: list[float], score: list[float], join: list[float] | None,
                 steps: _Steps) -> tuple[list[float], list[int]]:
        """One token's best scores from the left, and the move that reached each (3·k + how, k the state before):
        the moves tried in the steps' order, a move kept only where it beats those before it."""
        here, came = [_NEG] * len(prev), [0] * len(prev)
        new, closing = steps.new, steps.closing
        for k, was in enumerate(prev):
            if was == _NEG:
                continue
            for j, c, gain in steps.on[k]:
                if (v := was + (score[c] + gain)) > here[j]:
                    here[j], came[j] = v, 3 * k
            if (cl := closing[k]) > _NEG:
                for j, c in new:
                    if (v := was + (score[c] + cl)) > here[j]:
                        here[j], came[j] = v, 3 * k + 1
            if join is not None and (v := was + join[k // 3]) > here[k]:
                here[k], came[k] = v, 3 * k + 2
        return here, came

    @staticmethod
    def _backward(prev_fwd: list[float], after: list[float], score: list[float], join: list[float] | None,
                  steps: _Steps) -> list[float]:
        """What token i and those after it add to each state k of token i - 1 (`after`: token i's)."""
        out = [_NEG] * len(after)
        new, closing = steps.new, steps.closing
        for k, was in enumerate(prev_fwd):
            if was == _NEG:
                continue
            best = _NEG
            for j, c, gain in steps.on[k]:
                if (v := (score[c] + gain) + after[j]) > best:
                    best = v
            if (cl := closing[k]) > _NEG:
                for j, c in new:
                    if (v := (score[c] + cl) + after[j]) > best:
                        best = v
            if join is not None and (v := join[k // 3] + after[k]) > best:
                best = v
            out[k] = best
        return out

    def came_from(self, i: int, c: int, f: int) -> tuple[int, int, str]:
        """The state token i-1 was in, and the move to (c, f) of token i."""
        move = self.back[i][3 * c + f]
        return move // 9, move // 3 % 3, _HOW[move % 3]


_HOW = ("on", "new", "join")


def stream_rows(tokens: list[Token], roles: list[str | None], anchors: TextAnchors) -> StreamRows | None:
    """The rows of a stream of cells (no closing rows in it), or None when no reading fits."""
    tokens, wraps = _as_boxes(tokens, anchors)
    if not tokens:
        return StreamRows()
    lattice = _Lattice(tokens, roles, anchors, wraps)
    lattice.walk()
    m, n = len(tokens), len(roles)
    last = lattice.fwd[m - 1]
    end = max(((c, f) for c in range(n) for f in range(3)),
              key=lambda cf: last[3 * cf[0] + cf[1]] + lattice.close(cf[0], cf[1]))
    total = last[3 * end[0] + end[1]] + lattice.close(end[0], end[1])
    if total == _NEG:
        return None
    path: list[tuple[int, str]] = []  # each token's column and how it was reached
    c, f = end
    for i in range(m - 1, -1, -1):
        p, pf, how = lattice.came_from(i, c, f) if i > 0 else (0, 0, "new")
        path.append((c, how))
        c, f = p, pf
    path.reverse()
    out = StreamRows()
    for token, (col, how) in zip(tokens, path):
        if how == "new" or not out.rows:
            out.rows.append([])
        if how == "join":
            last_col, last_token = out.rows[-1][-1]
            out.rows[-1][-1] = (last_col, _joined(last_token, token))
        else:
            out.rows[-1].append((col, token))
    out.ambiguous = _ambiguous(lattice, total, path)
    return out


def _joined(first: Token, more: Token) -> Token:
    return Token(first.text + more.text, first.kind, first.page, first.line, first.x, first.glued, full=more.full)


def _as_boxes(tokens: list[Token], anchors: TextAnchors) -> tuple[list[Token], frozenset[int]]:
    """OCR cells joined from boxes, parted into their boxes again: whether a box that fills the width goes
    on into the next one is the rows' to tell (every box but the last then fills the width); and the boxes
    that went on with the box before them."""
    out: list[Token] = []
    wraps: set[int] = set()
    for token in tokens:
        if len(token.boxes) < 2 or "".join(token.boxes) != token.text or token.kind not in _BOX_KINDS:
            out.append(token)
            continue
        for k, box in enumerate(token.boxes):
            last = k == len(token.boxes) - 1
            if k:
                wraps.add(len(out))
            out.append(Token(box, anchors.kind(box), token.page, token.line + k, token.x, token.glued,
                             full=token.full if last else True))
    return out, frozenset(wraps)


def _meaning(role: str | None) -> str | None:
    """What a column says of its cell: the level labels alike (the reader tells them by their words)."""
    return "label" if role in _LABEL_ROLES else role


def _ambiguous(lattice: _Lattice, total: float, path: list[tuple[int, str]]) -> list[Token]:
    """Tokens that a reading placing them in another column scores nearly as well as the reading taken."""
    meanings = [_meaning(role) for role in lattice.roles for _ in range(3)]
    others = {m: [other != m for other in meanings] for m in set(meanings)}  # the states of another meaning
    out = []
    for i, (col, how) in enumerate(path):
        if how == "join" or lattice.tokens[i].kind == "empty":
            continue
        best_other = max(compress(map(add, lattice.fwd[i], lattice.bwd[i]), others[meanings[3 * col]]), default=_NEG)
        if best_other > _NEG and total - best_other < AMBIGUOUS_MARGIN:
            out.append(lattice.tokens[i])
    return out


AMBIGUOUS = "text_cells_ambiguous"  # the page-note code for cells another reading places elsewhere nearly as well


def ambiguous_note(cells: list[Token]) -> tuple[str, int, str]:
    said = "; ".join(f"line {t.line}: {t.text}" for t in cells)
    return (AMBIGUOUS, cells[0].page, f"{len(cells)} cells printed one a line with nothing between rows fit another "
            f"column nearly as well as the one they were read in (the row they end, or the next one they start, is "
            f"not certain): {said}")
