"""Page numbers and page marks printed between fragments: a page break, not content."""

from __future__ import annotations

import re

PAGE_MARK_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"^[-—–－\s]*\d{1,4}[-—–－\s]*$"),
    re.compile(r"^第\s*\d+\s*页(\s*[,，/、]?\s*共\s*\d+\s*页)?$"),
    re.compile(r"^\d+\s*/\s*\d+$"),
    re.compile(r"^(page|Page|PAGE)\s*\d+(\s*(of|/)\s*\d+)?$"),
)


def is_page_mark(text: str) -> bool:
    stripped = text.strip()
    return any(p.match(stripped) for p in PAGE_MARK_PATTERNS)
