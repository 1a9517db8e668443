"""A row's cells printed glued together (补助人数实际发放解困工资人数250人计划标准), parted by what each
column holds: a name is words, a 分值 a bare number, a 度量单位 a measure word, a 指标性质 a comparator, a
指标值 a quantity or a short phrase. The text is cut into atoms by value shape (figures, comparators, the
measure word right after a figure), and the atoms are dealt to the columns in order, best fit first. Where
two ways of parting fit as well (a 分值 glued to a bare figure: 1020), the row is not parted: the caller says
so in a warning rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from . import vocabulary as vocab
from .text import compact

# num a figure, lead a 分值 parted off the figure it was glued to, unit a measure word (date: 年 月 日)
AtomKind = Literal["text", "num", "lead", "cmp", "pct", "unit", "date", "suffix", "dash", "to"]


@dataclass(frozen=True, slots=True)
class Atom:
    kind: AtomKind
    text: str


_MEASURE = sorted(vocab.MEASURE_WORDS, key=len, reverse=True)
_WORDS = "|".join(re.escape(w) for w in _MEASURE)
# 人, 万粒, 元/月/人: a measure word, with a magnitude before it (万, 千 …), and more after a slash
_UNIT_AT = re.compile(f"(?:[百千万亿]{{1,2}}(?:{_WORDS})?|(?:{_WORDS}))(?:/(?:[百千万亿]?(?:{_WORDS})))*")
_NUM_AT = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SIGN_AT = re.compile("[" + re.escape("".join(sorted(vocab.COMPARATOR_SIGNS))) + "]+")
_WORD_CMP = sorted((w for w in vocab.NATURE_WORDS if w not in vocab.QUALITATIVE_NATURES + vocab.QUANTITATIVE_NATURES),
                   key=len, reverse=True)
_KIND_WORDS = sorted(vocab.QUALITATIVE_NATURES + vocab.QUANTITATIVE_NATURES, key=len, reverse=True)
_SUFFIXES = ("以上", "以下", "以内")
_DATE_SUFFIX = re.compile(r"^(?:底前|之前|以前|前|底|内)")
_DASHES = "-—–"
_RANGE_MARKS = "-—–~～至"


def atoms(text: str) -> list[Atom]:
    """The text cut by value shape; a measure word counts as one only right after a figure."""
    plain = compact(text)
    out: list[Atom] = []
    words_from = -1  # where the run of words being read starts
    i = 0
    while i < len(plain):
        found = _atom_at(plain, i, _WORDS_SO_FAR if words_from >= 0 else out[-1] if out else None)
        if found is None:
            words_from = i if words_from < 0 else words_from
            i += 1
            continue
        if words_from >= 0:
            out.append(Atom("text", plain[words_from:i]))
            words_from = -1
        out.append(found)
        i += len(found.text)
    if words_from >= 0:
        out.append(Atom("text", plain[words_from:]))
    return _doubled(out)


def _doubled(pieces: list[Atom]) -> list[Atom]:
    """A phrase printed twice after a figure (显著提升显著提升): a 指标值 and its 实际完成值 printed the same;
    a figure glued after a 分值 and printed again (8550万粒550万粒): the 分值 parts where the repeat begins."""
    out: list[Atom] = []
    for k, atom in enumerate(pieces):
        repeat = _repeated_figure(pieces, k)
        if repeat is not None:
            out += [Atom("lead", atom.text[:-len(repeat)]), Atom("num", repeat)]
            continue
        half = len(atom.text) // 2
        if atom.kind == "text" and k > 0 and pieces[k - 1].kind != "text" and half >= 1 and \
                atom.text[:half] == atom.text[half:]:
            out += [Atom("text", atom.text[:half]), Atom("text", atom.text[half:])]
        else:
            out.append(atom)
    return out


def _repeated_figure(pieces: list[Atom], k: int) -> str | None:
    """The figure a glued 分值 + 指标值 ends with when the next figure (实际完成值) repeats it, unit and all."""
    if k == 0 or k + 3 >= len(pieces) + 1 or pieces[k].kind != "num" or pieces[k - 1].kind != "text":
        return None
    if k + 3 > len(pieces) or pieces[k + 1].kind not in ("unit", "pct") or pieces[k + 2].kind != "num":
        return None
    unit, again = pieces[k + 1].text, pieces[k + 2].text
    follows = pieces[k + 3] if k + 3 < len(pieces) else None
    if follows is None or follows.text != unit:
        return None
    head = pieces[k].text
    return again if len(head) > len(again) and head.endswith(again) else None


def _atom_at(plain: str, i: int, last: Atom | None) -> Atom | None:
    if (last is None or last.kind == "text") and plain[i] not in _OPENS_AFTER_WORDS and not plain[i].isdecimal():
        return None  # most characters of a name: none of the tests of atom_found can find an atom there
    return atom_found(plain, i, last)


def atom_found(plain: str, i: int, last: Atom | None) -> Atom | None:
    """The atom that starts at plain[i], after `last`."""
    rest = plain[i:]
    after_figure = last is not None and last.kind in ("num", "pct", "unit", "date")
    if m := _NUM_AT.match(rest):
        return Atom("num", m.group())
    if m := _SIGN_AT.match(rest):
        return Atom("cmp", m.group())
    if rest[0] in "%％‰":
        return Atom("pct", rest[0])
    if last is not None and last.kind == "num" and (m := _UNIT_AT.match(rest)):
        return Atom("date" if m.group() in _DATE_UNITS else "unit", m.group())
    if after_figure and rest.startswith(_SUFFIXES):
        return Atom("suffix", rest[:2])
    if last is not None and last.kind == "date" and (m := _DATE_SUFFIX.match(rest)):
        return Atom("suffix", m.group())  # 2022年11月底前
    word = next((w for w in _WORD_CMP if rest.startswith(w)), None)
    if word and _NUM_AT.match(rest[len(word):]):
        return Atom("cmp", word)  # 不少于59次: a comparator word only before a figure
    kind_word = next((w for w in _KIND_WORDS if rest.startswith(w)), None)
    if kind_word and len(rest) == len(kind_word) and (last is None or last.kind != "text"):
        return Atom("cmp", kind_word)  # 定量 / 定性 closing the row
    if rest[0] in _RANGE_MARKS and after_figure and _NUM_AT.match(rest[1:]):
        return Atom("to", rest[0])  # 2023.04-2023.10, 5月—9月: a range of figures
    if rest[0] in _DASHES and (last is None or last.kind != "text" or len(rest) == 1 or not _NUM_AT.match(rest[1:])):
        return Atom("dash", rest[0]) if last is None or last.kind != "num" else None
    return None


# What an atom after words (or first) can start with, besides a digit: the tests of atom_found that ask
# nothing of the atom before.
_OPENS_AFTER_WORDS = frozenset((*vocab.COMPARATOR_SIGNS, *"%％‰", *_DASHES,
                                *(w[0] for w in _WORD_CMP + _KIND_WORDS)))
_WORDS_SO_FAR = Atom("text", "")  # the atom before a character of a run of words: only its kind is asked

_VALUE_GRAMMAR = re.compile(r"^(?:cmp )?num(?: (?:pct|unit|date))?(?: suffix)?$|^(?:cmp )?num date(?: num date)+(?: suffix)?$"
                            r"|^num(?: (?:pct|unit|date))?(?: num date)* to num(?: (?:pct|unit|date))?(?: num date)*$")
_DATE_UNITS = ("年", "月", "日")
_CLAUSE_MARKS = ",，、;；。:："
_NAME_ROLES = ("level3",)
_VALUE_ROLES = ("target", "actual", "target_long", "target_adjusted")
_MAX_PHRASE = 10  # a qualitative 指标值 printed as words is short (有效保障, 显著提升)
AMBIGUITY_MARGIN = 0.3


def _score(role: str | None, group: tuple[Atom, ...]) -> float | None:
    """How well a run of atoms suits a column (None: it cannot be that column's cell)."""
    shape = " ".join(a.kind for a in group)
    first = group[0].kind
    if first == "text" and group[0].text[0] in _CLAUSE_MARKS:
        return None  # no cell starts with a comma: the parting would fall inside a sentence (得10分，一般得6分)
    if role in _NAME_ROLES:
        if group[-1].kind == "cmp" or group[-1].text[-1] in _CLAUSE_MARKS:
            return None  # a name does not end in a comparator or halfway through a sentence (稻谷、)
        if shape == "text":
            return 1.0 if len(group[0].text) >= _MIN_NAME else None
        if any(a.kind in ("pct", "cmp") for a in group):
            return None  # a name holds no percentage or comparison: those are values
        if _quotes_then_goes_on(group):
            return None  # 经费20.23万元，每人每年: an amount and a clause after it are a 指标值's sentence
        # 5000吨稻谷…, 2025年全年, 1病害减少…: a figure (and its measure word), or a numbering, may open a name
        opened = first == "num" and len(group) > 1 and (group[1].kind in ("unit", "date") or (
            group[1].kind == "text" and len(group[0].text) <= _MAX_NUMBERING))
        dated = first == "num" and len(group) == 3 and group[1].kind == "date"  # 2025年全年: a year and its words
        worded = dated or any(a.kind == "text" and len(a.text) >= _MIN_NAME for a in group)
        if (first == "text" or opened) and worded and group[-1].kind == "text":
            return 0.0  # figures inside a name: possible, rarer
        return None
    if role in vocab.NUMERIC_ROLES:
        return 2.0 if shape in ("num", "lead") else None
    if role == "unit":
        return 2.0 if shape in ("unit", "pct", "date") else (0.5 if shape == "dash" else None)
    if role == "nature":
        return 2.0 if shape == "cmp" else (0.5 if shape == "dash" else None)
    if role in _VALUE_ROLES:
        if _VALUE_GRAMMAR.match(shape):
            return 2.0 if shape != "num" else 1.5
        if _SENTENCE_VALUE.match(_clause_shape(group)):
            return 1.0  # 20.23万元，每人每年7.5万元: a 指标值 in a sentence of amounts, from its first figure
        if shape == "text" and len(group[0].text) <= _MAX_PHRASE:
            return 1.0
        return 0.5 if shape == "dash" else None
    if first != "text" or group[-1].kind in ("num", "pct"):
        return None  # words ending in a bare figure are the next row's name and value, not this row's note
    return 0.5  # a column of words (指标解释, 备注, 偏差原因 …)


_SENTENCE_VALUE = re.compile(r"^(?:cmp )?num(?: (?:unit|pct))?(?: clause(?: cmp)? num(?: (?:unit|pct))?)+$")


def _clause_shape(group: tuple[Atom, ...]) -> str:
    """The atoms' kinds, words that open with a clause mark told apart (clause)."""
    return " ".join("clause" if a.kind == "text" and a.text[0] in _CLAUSE_MARKS else a.kind for a in group)


def _quotes_then_goes_on(group: tuple[Atom, ...]) -> bool:
    """A figure followed, later, by words that open with a clause mark: a sentence quoting an amount."""
    seen_figure = False
    for atom in group:
        if atom.kind == "num":
            seen_figure = True
        elif atom.kind == "text" and seen_figure and atom.text[0] in _CLAUSE_MARKS:
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Best:
    score: float
    cells: tuple[tuple[int, str], ...]


def split_glued(text: str, roles: tuple[str | None, ...]) -> list[tuple[int, str]] | None:
    """The cells of a glued run of a row, as (index into roles, text), or None where two partings fit as well."""
    return _split(compact(text), roles)


@lru_cache(maxsize=4096)
def _split(plain: str, roles: tuple[str | None, ...]) -> list[tuple[int, str]] | None:
    parsed = parse_row(tuple(atoms(plain)), roles)
    return parsed[0] if parsed is not None else None


@lru_cache(maxsize=16384)
def parse_row(pieces: tuple[Atom, ...], roles: tuple[str | None, ...]) -> tuple[list[tuple[int, str]], float] | None:
    """The one best parting of a row's atoms over the columns, with its score; None where none fits or two fit
    as well."""
    if len(roles) >= 2 and roles[0] in _NAME_ROLES and (roles[1] is None or roles[1] in _NAME_ROLES) and pieces \
            and pieces[0].kind == "text":
        restated = restated_name(pieces[0].text)
        if restated is not None:
            pieces = (Atom("text", restated[0]), Atom("text", restated[1]), *pieces[1:])
        elif roles[1] in _NAME_ROLES:
            return None  # a name and its description (指标内容) glued, with nothing to tell where one ends
    kept = [j for j in range(len(roles)) if j == 0 or roles[j] is not None or roles[j - 1] is not None]
    ranked = _ranked(pieces, tuple(roles[j] for j in kept))  # columns of words side by side: one
    if not ranked or ranked[0].score <= 0:
        return None
    if len(ranked) > 1 and ranked[1].score >= ranked[0].score - AMBIGUITY_MARGIN:
        return None
    cells = [(kept[j], text) for j, text in ranked[0].cells]
    if _digits_may_part(cells, roles) or _words_before_figures(ranked[0].cells, pieces, tuple(roles[j] for j in kept)):
        return None
    return cells, ranked[0].score


_FIGURE_ROLES = (*vocab.NUMERIC_ROLES, *_VALUE_ROLES)
_LEADING_DIGITS = re.compile(r"^\d{2,}")
_TRAILING_DIGITS = re.compile(r"\d{2,}$")


def _digits_may_part(cells: list[tuple[int, str]], roles: tuple[str | None, ...]) -> bool:
    """Whether a run of digits could as well be two figures: a 分值 glued to its 指标值 (20100%, 1020) when the
    column beside it was left empty."""
    filled = {j for j, _ in cells}
    for j, text in cells:
        if roles[j] not in _FIGURE_ROLES:
            continue
        before = _next_figure_column(roles, filled, range(j - 1, -1, -1))
        after = _next_figure_column(roles, filled, range(j + 1, len(roles)))
        if _LEADING_DIGITS.match(text) and before is not None and before not in filled:
            return True
        if _TRAILING_DIGITS.search(text) and after is not None and after not in filled:
            return True
    return False


def _words_before_figures(cells: tuple[tuple[int, str], ...], pieces: tuple[Atom, ...],
                          roles: tuple[str | None, ...]) -> bool:
    """A 指标值 in words followed by a 实际完成值 in figures: words of the name or a note taken for a value."""
    values = [text for j, text in cells if roles[j] in _VALUE_ROLES]
    return len(values) >= 2 and not _STARTS_WITH_FIGURE.match(values[0]) and \
        any(_STARTS_WITH_FIGURE.match(v) for v in values[1:])


_STARTS_WITH_FIGURE = re.compile(r"^[\d≥≤<>=＞＜≧≦═＝]|^(?:不少于|不低于|不高于|不超过|大于|小于)")


def _next_figure_column(roles: tuple[str | None, ...], filled: set[int], order: range) -> int | None:
    """The nearest column of figures in that direction, across empty columns of other kinds."""
    for k in order:
        if roles[k] in _FIGURE_ROLES:
            return k
        if k in filled:
            return None
    return None


_SKIP = 0.01  # a column left empty: a hair worse than filling it


def _ranked(pieces: tuple[Atom, ...], roles: tuple[str | None, ...]) -> list[_Best]:
    """The two best ways to deal the atoms to the columns in order (each column one run or none)."""
    n, m = len(pieces), len(roles)
    # best[i][j]: the two best partings of pieces[i:] over roles[j:]
    best: list[list[list[_Best]]] = [[[] for _ in range(m + 1)] for _ in range(n + 1)]
    for j in range(m + 1):
        best[n][j] = [_Best(-sum(_SKIP * (1 + (m - k) / (m + 1)) for k in range(j, m)), ())]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            skip = _SKIP * (1 + (m - j) / (m + 1))  # leaving an earlier column empty costs more: values fill left
            named = j == 0 and roles[0] in _NAME_ROLES  # a row's name is never left out
            options: list[_Best] = [] if named else [_Best(b.score - skip, b.cells) for b in best[i][j + 1]]
            for k in range(i + 1, n + 1):
                group = pieces[i:k]
                if group[-1].kind == "num" and k < n and pieces[k].kind == "num":
                    continue  # 1020: where one figure ends and the next begins cannot be told
                if group[-1].kind == "num" and k < n and pieces[k].kind in ("pct", "unit", "date") and \
                        not (len(group) == 1 and roles[j] in vocab.NUMERIC_ROLES):
                    continue  # a figure stays with its measure word, unless it is a 分值 before a 度量单位
                fit = _score(roles[j], group)
                if fit is None:
                    continue
                cell = (j, "".join(a.text for a in group))
                options += [_Best(fit + b.score, (cell, *b.cells)) for b in best[k][j + 1]]
            options.sort(key=lambda b: -b.score)
            best[i][j] = _distinct(options, roles)
    return best[0][0]


def _distinct(options: list[_Best], roles: tuple[str | None, ...]) -> list[_Best]:
    """The two best partings that differ: the same pieces with a figure in the next column of figures
    (指标值 or 实际完成值, the other left empty) are one parting, read left first; a name in either of two
    name columns are two."""
    def key(option: _Best) -> tuple[tuple[int | str, str], ...]:
        return tuple(("figure" if roles[j] in _FIGURE_ROLES else j, t) for j, t in option.cells if t)
    out: list[_Best] = []
    for option in options:
        if all(key(o) != key(option) for o in out):
            out.append(option)
        if len(out) == 2:
            break
    return out


_MIN_NAME = 3  # a name (and one restated in its description) is at least this long
_MAX_NUMBERING = 2  # digits of a numbering printed before a name (1病害减少…), not a code (505006…)
_MIN_TAIL = 2  # characters of the name's end that its description ends with


def restated_name(text: str) -> tuple[str, str] | None:
    """A name glued to the description that restates it (补贴覆盖率 | 对符合条件的对象…的覆盖率): parted where
    the name ends as the description does, if there is exactly one such place."""
    places = [k for k in range(_MIN_NAME, len(text) - _MIN_TAIL + 1)
              if text[k:].endswith(text[k - _MIN_TAIL:k]) and len(text) - k > _MIN_TAIL]
    if len(places) != 1:
        return None
    k = places[0]
    return text[:k], text[k:]
