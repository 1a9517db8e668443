"""Page numbers and page marks printed between fragments: a page break, not content."""

from __future__ import annotations

import re

# 第 N 页 as OCR reads it: the 页 may come out as a look-alike (贡, 负 …), so any
# one character other than those that make 第 N … a heading or a count.
_NOT_PAGE = "章节条款项目部篇卷册号次年月日届期批类级名位个人组"
_PAGE_CHAR = rf"[^\s\d{_NOT_PAGE}]"

# Dashes around a page number as printed, and as OCR reads them (一 for -, _ ~ for the rule).
_DASH_CHARS = "-—–－一_~～"
_DASH = rf"[{_DASH_CHARS}\s]"

PAGE_MARK_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"^{_DASH}*\d{{1,4}}{_DASH}*$"),  # - 5 -, — 5 —, 一5一 (OCR)
    re.compile(r"^\{\d{1,4}\}\s*-{3,}$"),  # {4}------ : a page separator of PDF-to-markdown converters (marker)
    re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|(?:[-*_]\s){2,}[-*_])$"),  # ----- , *** : a rule between pages (pymupdf4llm)
    re.compile(rf"^第\s*\d{{1,4}}\s*{_PAGE_CHAR}(\s*[,，/、]?\s*共\s*\d{{1,4}}\s*{_PAGE_CHAR})?$"),
    re.compile(r"^\d+\s*/\s*\d+$"),
    re.compile(r"^(page|Page|PAGE)\s*\d+(\s*(of|/)\s*\d+)?$"),
)


# every pattern is anchored at both ends: one alternation matches where any of them does
_ANY_PAGE_MARK = re.compile("|".join(f"(?:{p.pattern})" for p in PAGE_MARK_PATTERNS))


# what a page mark's first character can be, by the patterns above: a dash, a figure (`str.isdecimal`, as `\d`),
# the brace of {4}, a rule's character, 第, the P of Page
_FIRST_CHARS = frozenset(_DASH_CHARS + "{*_第pP")


def is_page_mark(text: str) -> bool:
    bare = text.strip()
    first = bare[:1]
    if first not in _FIRST_CHARS and not first.isdecimal():  # most lines: no pattern can match
        return False
    return _ANY_PAGE_MARK.match(bare) is not None
