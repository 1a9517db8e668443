"""Cell values shown as the spreadsheet shows them: a number under its number format.

A user reads a form on screen, so the text the pipeline reads is the displayed text:
10000 under `0.00` is "10000.00", 0.95 under `0%` is "95%", 44562 under
`yyyy"年"m"月"d"日"` is "2022年1月1日". What the subset below does not understand
(scaling commas, fractions, [DBNum] Chinese numerals, conditions) falls back to the
General format, which never loses a digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

BUILTIN_FORMATS: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "General", 13: "General", 14: "yyyy-mm-dd", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
    18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "yyyy-mm-dd h:mm",
    27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy", 31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: 'yyyy"年"m"月"', 35: 'm"月"d"日"', 36: 'yyyy"年"m"月"',
    37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss.0", 48: "##0.0E+0", 49: "@",
    50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"', 57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}  # fmt: skip
_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)
_BRACKETS = re.compile(r"\[[^\]]*\]")
_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.')
_DATE_TOKENS = re.compile(r"yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|\.0+", re.IGNORECASE)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """One section of a format code, understood: a number pattern, or a date pattern."""

    kind: str  # general, text, number, percent, date, scientific
    prefix: str = ""
    suffix: str = ""
    decimals: int = 0
    thousands: bool = False
    code: str = ""  # the date code, or the whole section for general/text


def format_code(num_fmt_id: int, custom: dict[int, str]) -> str:
    return custom.get(num_fmt_id) or BUILTIN_FORMATS.get(num_fmt_id, "General")


def excel_datetime(serial: float, date1904: bool = False) -> datetime | None:
    """A date serial as a datetime; None out of the range a sheet can show."""
    if not 0 <= serial < 2958466:
        return None
    epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
    if not date1904 and serial < 60:
        serial += 1  # Excel's 1900 leap-year bug: serials before 1900-03-01 are one day off
    return epoch + timedelta(days=serial)


def _literal(section: str) -> str:
    """The section's literal text (quoted strings, escapes) with padding and fills removed."""
    def keep(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith('"'):
            return token[1:-1]
        return token[1] if token.startswith("\\") else ""

    return _QUOTED.sub(keep, section)


def _is_date_code(section: str) -> bool:
    bare = _QUOTED.sub("", _BRACKETS.sub("", section)).lower()
    return bool(re.search(r"[ymdhs]", bare)) and not re.search(r"[0#?]", bare.replace(".0", ""))


@lru_cache(maxsize=512)
def parse_format(code: str) -> tuple[NumberFormat, NumberFormat | None]:
    """The positive section of a format code (and its negative one, when printed)."""
    sections = code.split(";")
    return _parse_section(sections[0]), (_parse_section(sections[1]) if len(sections) > 1 else None)


def _parse_section(section: str) -> NumberFormat:
    lowered = section.strip().lower()
    if not lowered or lowered == "general":
        return NumberFormat("general")
    if "[dbnum" in lowered or "/" in _QUOTED.sub("", section) and not _is_date_code(section):
        return NumberFormat("general")  # Chinese numerals, fractions: not imitated
    if _is_date_code(section):
        return NumberFormat("date", code=_BRACKETS.sub("", section))
    bare = _BRACKETS.sub("", section)
    if bare.strip() == "@":
        return NumberFormat("text")
    literal = _literal(bare)
    found = re.search(r"[0#?][0#?,]*(\.[0#?]*)?(E[+-][0#]+)?%?", literal, re.IGNORECASE)
    if not found:
        return NumberFormat("general")
    pattern = found.group(0)
    decimals = len(found.group(1) or ".") - 1
    kind = "scientific" if found.group(2) else "percent" if pattern.endswith("%") or "%" in literal else "number"
    suffix = literal[found.end():]
    if kind == "percent":
        suffix = suffix.replace("%", "")
    return NumberFormat(kind, literal[: found.start()].replace("@", ""), suffix, decimals, "," in pattern.split(".")[0])


def general_text(value: float) -> str:
    """Excel's General format: integers without a point, others to 10 significant digits at most."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.10g}"
    return text.replace("e+", "E+").replace("e-", "E-")


def _number_text(value: float, fmt: NumberFormat) -> str:
    if fmt.kind == "percent":
        value *= 100
    if fmt.kind == "scientific":
        body = f"{value:.{fmt.decimals}E}"
    elif fmt.thousands:
        body = f"{value:,.{fmt.decimals}f}"
    else:
        body = f"{value:.{fmt.decimals}f}"
    return f"{fmt.prefix}{body}{'%' if fmt.kind == 'percent' else ''}{fmt.suffix}"


def display_number(value: float, code: str, date1904: bool = False) -> str:
    """A number as the sheet shows it under format `code`."""
    positive, negative = parse_format(code)
    fmt = negative if value < 0 and negative is not None else positive
    if fmt.kind == "date":
        when = excel_datetime(value, date1904)
        return display_datetime(when, fmt.code) if when else general_text(value)
    if fmt.kind in ("general", "text"):
        return general_text(value)
    return _number_text(abs(value) if fmt is negative else value, fmt)


def display_datetime(when: datetime | date | time, code: str = "yyyy-mm-dd") -> str:
    """A date or time under a date format code (yyyy, m, d, h, mm, ss, AM/PM, literal text)."""
    if isinstance(when, time):
        when = datetime.combine(date(1899, 12, 30), when)
    elif not isinstance(when, datetime):
        when = datetime.combine(when, time())
    code = _BRACKETS.sub("", code)
    twelve = bool(re.search(r"am/pm|a/p", code, re.IGNORECASE))
    parts: list[str] = []
    tokens = list(_iter_tokens(code))
    for k, (kind, text) in enumerate(tokens):
        if kind == "literal":
            parts.append(text)
            continue
        minute = text.lower() in ("m", "mm") and _is_minute(tokens, k)
        parts.append(_date_part(when, text, minute, twelve))
    return "".join(parts)


def _iter_tokens(code: str):  # noqa: ANN202 - yields (kind, text)
    pos = 0
    while pos < len(code):
        quoted = _QUOTED.match(code, pos)
        if quoted:
            token = quoted.group(0)
            yield "literal", token[1:-1] if token.startswith('"') else token[1] if token.startswith("\\") else ""
            pos = quoted.end()
            continue
        found = _DATE_TOKENS.match(code, pos)
        if found:
            yield "part", found.group(0)
            pos = found.end()
            continue
        yield "literal", code[pos]
        pos += 1


def _is_minute(tokens: list[tuple[str, str]], k: int) -> bool:
    parts = [(i, t.lower()) for i, (kind, t) in enumerate(tokens) if kind == "part"]
    at = next(n for n, (i, _) in enumerate(parts) if i == k)
    before = parts[at - 1][1] if at > 0 else ""
    after = parts[at + 1][1] if at + 1 < len(parts) else ""
    return before.startswith("h") or after.startswith("s")


def _date_part(when: datetime, token: str, minute: bool, twelve: bool) -> str:
    low = token.lower()
    if minute:
        return f"{when.minute:0{len(low)}d}"
    if low.startswith("."):
        return f"{when.microsecond / 1e6:.{len(low) - 1}f}"[1:]
    if low in ("am/pm", "a/p"):
        am = when.hour < 12
        return ("AM" if am else "PM") if low == "am/pm" else ("A" if am else "P")
    hour = (when.hour % 12 or 12) if twelve else when.hour
    values = {
        "yyyy": f"{when.year:04d}", "yy": f"{when.year % 100:02d}",
        "mmmmm": _MONTHS[when.month - 1][0], "mmmm": _MONTHS[when.month - 1], "mmm": _MONTHS[when.month - 1][:3],
        "mm": f"{when.month:02d}", "m": str(when.month),
        "dddd": _DAYS[when.weekday()], "ddd": _DAYS[when.weekday()][:3], "dd": f"{when.day:02d}", "d": str(when.day),
        "hh": f"{hour:02d}", "h": str(hour), "ss": f"{when.second:02d}", "s": str(when.second),
    }  # fmt: skip
    return values.get(low, token)
