"""Printed labels → canonical labels, with rapidfuzz and the vocabulary's thresholds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from . import vocabulary as vocab
from .chinese import has_traditional, label_key
from .text import compact

_EDGE_CHARS = frozenset(":：、,，.。;；-—_")
_EDGE_CLASS = "[" + "".join(re.escape(ch) for ch in sorted(_EDGE_CHARS)) + "]"
_EDGE_PUNCT = re.compile(f"^{_EDGE_CLASS}+|{_EDGE_CLASS}+$")
_LEADING_QIZHONG = re.compile(r"^其中[:：]?")


@dataclass(slots=True, unsafe_hash=True)  # never changed once made (not frozen: made several times faster)
class LabelMatch:
    raw: str  # as printed
    canonical: str | None
    score: float

    @property
    def exact(self) -> bool:
        return self.canonical is not None and self.score >= vocab.LABEL_EXACT_SCORE


@lru_cache(maxsize=16384)
def strip_decorations(text: str) -> str:
    """A label without its annotations, spaces, unit and edge punctuation, in simplified characters
    (traditional copies and copies with inserted pinyin are matched after conversion)."""
    label = compact(label_key(text))
    if not _may_be_decorated(label) or _ANY_DECORATION.search(label) is None:  # most text: no pattern below
        return label  # would change it
    for pattern in vocab.DECORATION_PATTERNS:
        label = pattern.sub("", label)
    label = vocab.UNIT_IN_LABEL_PATTERN.sub("", compact(label))
    label = _LEADING_QIZHONG.sub("", label)
    return _EDGE_PUNCT.sub("", label)


# Where none of strip_decorations' patterns matches, each of them leaves the label as it is.
_ANY_DECORATION = re.compile("|".join(f"(?:{p.pattern})" for p in (
    *vocab.DECORATION_PATTERNS, vocab.UNIT_IN_LABEL_PATTERN, _LEADING_QIZHONG, _EDGE_PUNCT)))
# What any of those patterns needs in a label without spaces (tested against them): a bracket, a star or the
# start of 必填 / 选填 anywhere, 其中 or punctuation first, a numeral first and a numbering mark after it, a
# score's 分 or punctuation last. A one-class search in C is many times faster than that of all the patterns.
_DECORATION_CHAR = re.compile("[(（\\[【*＊必选]")
_DECORATED_FIRST = _EDGE_CHARS | {"其"}
_DECORATED_LAST = _EDGE_CHARS | {"分"}
_NUMERALS = frozenset("一二三四五六七八九十")
_NUMBERING_MARK = re.compile("[、.．)）]")


def _may_be_decorated(label: str) -> bool:
    """False where _ANY_DECORATION cannot match `label` (a text with no spaces)."""
    if not label:
        return False
    first = label[0]
    return (first in _DECORATED_FIRST or label[-1] in _DECORATED_LAST or _DECORATION_CHAR.search(label) is not None
            or ((first in _NUMERALS or first.isdecimal()) and _NUMBERING_MARK.search(label) is not None))


_DECORATED_HEAD = _DECORATED_FIRST | _NUMERALS


def joins_undecorated(head: str, tail: str) -> bool:
    """Whether strip_decorations leaves head + tail (compact texts) as they are joined, so the joined text
    need not be stripped: neither holds a traditional character (no conversion), a bracket, a star or 必/选
    (no annotation, no inserted pinyin); the head starts with no numeral (no numbering, wherever the mark
    is), punctuation or 其; the tail ends with no punctuation or 分."""
    return bool(head) and bool(tail) and head[0] not in _DECORATED_HEAD and not head[0].isdecimal() \
        and tail[-1] not in _DECORATED_LAST and _undecorated_inside(head) and _undecorated_inside(tail)


@lru_cache(maxsize=65536)  # asked of both pieces of every pair of neighbouring tokens
def _undecorated_inside(label: str) -> bool:
    return _DECORATION_CHAR.search(label) is None and not has_traditional(label)


def _variant_table(canon: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {variant: canonical for canonical, variants in canon.items() for variant in variants}


_LEVEL1_VARIANTS = _variant_table(vocab.LEVEL1)
_LEVEL2_VARIANTS = _variant_table(vocab.LEVEL2)
_FIELD_VARIANTS = {v: f.key for f in vocab.HEADER_FIELDS for v in f.variants}
_COLUMN_VARIANTS = _variant_table(vocab.COLUMN_ROLES)
_SECTION_VARIANTS = {v: "section" for v in vocab.SECTION_LABELS}


def best_variant(query: str, variants: dict[str, str], accept: float) -> tuple[str | None, float]:
    """The value of the printed variant a query matches exactly, else fuzzily above `accept`, with its score.
    `variants` is one of the vocabulary's tables, never changed once built (its fuzzy matches are cached)."""
    if not query or len(query) > vocab.LABEL_LIKE_MAX_CHARS:
        return None, 0.0
    exact = variants.get(query)
    if exact is not None:
        return exact, 100.0
    return _best_fuzzy(query, _table_of(variants), accept)


@dataclass(frozen=True, slots=True, eq=False)
class _VariantTable:
    variants: dict[str, str]
    letters: frozenset[str]  # every character of every variant
    # (query length, its characters among `letters`, accept) → the variants that may reach `accept`
    choices: dict[tuple[int, int, float], tuple[str, ...]]


_TABLES: dict[int, _VariantTable] = {}


def _table_of(variants: dict[str, str]) -> _VariantTable:
    table = _TABLES.get(id(variants))
    if table is None or table.variants is not variants:
        table = _TABLES[id(variants)] = _VariantTable(variants, frozenset("".join(variants)), {})
    return table


def _may_reach(query_len: int, shared: int, variant_len: int, accept: float) -> bool:
    """fuzz.ratio is 200·LCS / (len a + len b), and the LCS is no longer than either text nor than the
    query's characters found in any variant (`shared`): a variant whose bound stays under `accept` can never
    be the match (a hair of slack for float rounding)."""
    return 200.0 * min(query_len, variant_len, shared) / (query_len + variant_len) >= accept - 1e-6


@lru_cache(maxsize=32768)
def _best_fuzzy(query: str, table: _VariantTable, accept: float) -> tuple[str | None, float]:
    key = (len(query), sum(map(table.letters.__contains__, query)), accept)
    choices = table.choices.get(key)
    if choices is None:  # the variants in their own order, so ties go to the same one as over them all
        reach = {n: _may_reach(key[0], key[1], n, accept) for n in {len(v) for v in table.variants}}
        choices = table.choices[key] = tuple(v for v in table.variants if reach[len(v)])
    if not choices:
        return None, 0.0
    found = process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=accept)
    if found is None:
        return None, 0.0
    variant, score, _ = found
    return table.variants[variant], float(score)


def _best_label(raw: str, variants: dict[str, str]) -> LabelMatch:
    """A level label matched as printed, or in its 值-style form (产出值, 数量值 → 产出, 数量)."""
    label = strip_decorations(raw)
    suffix = vocab.VALUE_STYLE_SUFFIX
    if label.endswith(suffix) and len(label) > 2 and label not in variants:
        canonical, score = best_variant(label[: -len(suffix)], variants, vocab.LABEL_ACCEPT_SCORE)
        if canonical is not None:
            return LabelMatch(raw, canonical, round(score, 1))
    canonical, score = best_variant(label, variants, vocab.LABEL_ACCEPT_SCORE)
    return LabelMatch(raw, canonical, round(score, 1))


@lru_cache(maxsize=16384)  # asked of both pieces of every pair of neighbouring tokens, and of the pair joined
def is_exact_level(raw: str) -> bool:
    """match_level1(raw).exact or match_level2(raw).exact, with no fuzzy search: a match scores 100 only
    where the text matched (the label, or the stem of its 值-style form) is one of the variants as it stands
    (fuzz.ratio of two different texts of at most LABEL_LIKE_MAX_CHARS characters each stays under 97)."""
    return is_exact_level_label(strip_decorations(raw))


def is_exact_level_label(label: str) -> bool:
    """is_exact_level of a label already stripped of its decorations."""
    return _exact_in(label, _LEVEL1_VARIANTS) or _exact_in(label, _LEVEL2_VARIANTS)


def _exact_in(label: str, variants: dict[str, str]) -> bool:
    suffix = vocab.VALUE_STYLE_SUFFIX
    if label.endswith(suffix) and len(label) > 2 and label not in variants:
        label = label[: -len(suffix)]  # _best_label's 值-style form: an exact match of its stem or none
    return 0 < len(label) <= vocab.LABEL_LIKE_MAX_CHARS and label in variants


@lru_cache(maxsize=4096)
def match_level1(raw: str) -> LabelMatch:
    return _best_label(raw, _LEVEL1_VARIANTS)


@lru_cache(maxsize=4096)
def match_level2(raw: str) -> LabelMatch:
    return _best_label(raw, _LEVEL2_VARIANTS)


@lru_cache(maxsize=4096)
def match_field(raw: str) -> str | None:
    """The record key a header label fills (`project.name` …, `authority.中央主管部门`), or None."""
    label = strip_decorations(raw)
    if vocab.AUTHORITY_PATTERN.match(label):
        return f"authority.{label}"
    key, _ = best_variant(label, _FIELD_VARIANTS, vocab.FIELD_ACCEPT_SCORE)
    return key


@lru_cache(maxsize=4096)
def match_column(raw: str) -> str | None:
    """The role of an indicator-block column name (`level1`, `target` …), or None."""
    role, _ = best_variant(strip_decorations(raw), _COLUMN_VARIANTS, vocab.COLUMN_ACCEPT_SCORE)
    return role


@lru_cache(maxsize=4096)
def is_section_label(raw: str) -> bool:
    return strip_decorations(raw) in _SECTION_VARIANTS


@lru_cache(maxsize=4096)
def looks_like_label(raw: str) -> bool:
    """Printed like an indicator label even if it matches no canonical one (…指标, short)."""
    label = strip_decorations(raw)
    return 2 < len(label) <= vocab.LABEL_LIKE_MAX_CHARS and label.endswith(vocab.LABEL_SUFFIXES)
