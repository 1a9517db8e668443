"""Shortcuts taken for speed say what the plain definitions say (page marks, display widths)."""

from __future__ import annotations

import random
import unicodedata

from jixiao.extract.page_marks import PAGE_MARK_PATTERNS, is_page_mark
from jixiao.extract.widths import display_width

PIECES = ("-", "—", "一", "_", "~", " ", "\t", "5", "12", "第", "页", "共", "/", "{4}", "---", "***", "* * *",
          "page", "Page", "of", "年", "x", "，", "\n", "贡")


def test_page_mark_alternation_matches_where_one_pattern_does() -> None:
    rng = random.Random(0)
    marks = 0
    for _ in range(20000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))
        expected = any(p.match(text.strip()) for p in PAGE_MARK_PATTERNS)
        assert is_page_mark(text) == expected, repr(text)
        marks += expected
    assert marks > 500


def test_display_width_of_ascii_and_wide_text() -> None:
    for text in ("", "   ", "\t\t x", "ab\tc", "项目 名称", "\u3000１２", "a\x01b"):
        wide = sum(8 if ch == "\t" else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)
        assert display_width(text) == wide, repr(text)


def _plain_best_variant(query: str, variants: dict[str, str], accept: float) -> tuple[str | None, float]:
    """labels.best_variant as first written: every variant scored, no cache, no length filter."""
    from rapidfuzz import fuzz, process

    from jixiao.normalize import vocabulary as vocab

    if not query or len(query) > vocab.LABEL_LIKE_MAX_CHARS:
        return None, 0.0
    if query in variants:
        return variants[query], 100.0
    found = process.extractOne(query, variants.keys(), scorer=fuzz.ratio, score_cutoff=accept)
    return (None, 0.0) if found is None else (variants[found[0]], float(found[1]))


def test_best_variant_matches_every_variant_scored() -> None:
    from jixiao.normalize import grids, labels, trailers

    tables = [labels._LEVEL1_VARIANTS, labels._LEVEL2_VARIANTS, labels._FIELD_VARIANTS, labels._COLUMN_VARIANTS,
              trailers._VARIANTS, *grids._COLUMN_VARIANTS.values()]
    rng = random.Random(1)
    letters = sorted({ch for table in tables for v in table for ch in v}) + list("的了和与及x1")
    fuzzy = 0
    for _ in range(6000):
        table = rng.choice(tables)
        base = list(rng.choice(list(table)))
        for _ in range(rng.randint(0, 3)):  # a few characters changed, dropped or added
            at = rng.randrange(len(base) + 1)
            what = rng.random()
            if what < 0.4 and at < len(base):
                base[at] = rng.choice(letters)
            elif what < 0.7 and at < len(base):
                del base[at]
            else:
                base.insert(at, rng.choice(letters))
        query = "".join(base) if rng.random() < 0.9 else "".join(rng.choice(letters) for _ in range(rng.randint(1, 16)))
        for accept in (85.0, 90.0):
            want = _plain_best_variant(query, table, accept)
            assert labels.best_variant(query, table, accept) == want, (query, accept)
            fuzzy += want[0] is not None and want[1] < 100
    assert fuzzy > 500


def test_cached_splits_are_fresh_lists() -> None:
    from jixiao.extract.free_tokens import _split_line
    from jixiao.normalize.anchors import split_value
    from jixiao.normalize.token_kinds import segment

    for split, text in ((segment, "项目名称农村道路养护"), (split_value, "受益人口3908人"), (_split_line, "a  b  c")):
        first = split(text)
        first.append("changed")
        assert split(text) == first[:-1] and len(first) > 2
