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
