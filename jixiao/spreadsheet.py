"""Cells written for spreadsheets: text a spreadsheet would run as a formula is escaped.

The OWASP rule for CSV injection: a text cell starting with `=`, `+`, `-`, `@`, a tab or a CR
gets a leading `'`, so `=HYPERLINK(…)` shows as text and is never run. A cell that is a plain
number (`-5`, `+0.5`, `-1e3`, `-5%`), typed or written as text, is left as it is: a spreadsheet
reads it as that number, it cannot run anything, and a quote would spoil it.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def escape_formula(value: Any) -> Any:
    """`value` with a leading `'` when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value
