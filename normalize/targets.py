"""Parse one 指标值 (indicator target value) cell into a structured target.

`parse_target` reads values such as "≥95%", "560亩", "4月—9月", "2022年12月底之前",
"建设创业园1个" or "良好" into a `ParsedTarget`. Anything that is not exactly one
quantity, one range, one date (range) or digit-free wording comes back as kind
"text" with no numbers: the parser never guesses.

`money_amounts` lists the money amounts of a text in 元, for the audit that
compares cost indicators (成本指标) with the project total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache

Number = int | float


# Never changed once made; not declared frozen, as a frozen dataclass is made several times slower (each new
# value parses into one): equality and hash are a frozen one's (`unsafe_hash`).
@dataclass(slots=True, unsafe_hash=True)
class ParsedTarget:
    kind: str  # number | range | date | date_range | qualitative | text | empty
    comparator: str | None  # "=", "≥", "≤", ">", "<", "range" or None
    value: Number | None
    upper: Number | None  # ranges only
    unit: str | None
    qualitative: str | None  # the wording, for kind "qualitative"
    subject: str | None = None  # "建设创业园" in "建设创业园1个"
    date_from: str | None = None  # "2023", "2023-07" or "2023-07-31"
    date_to: str | None = None

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in _PARSED_FIELDS}


_PARSED_FIELDS = tuple(f.name for f in fields(ParsedTarget))  # dataclasses.fields() is slow per call


_EMPTY = ParsedTarget("empty", None, None, None, None, None)
_TEXT = ParsedTarget("text", None, None, None, None, None)

# Full-width ASCII (U+FF01–FF5E) folded to ASCII, except "，": it separates
# clauses, and folding it would let "5，000" read as a thousands separator.
_FOLD: dict[int, int | str] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if cp != 0xFF0C}
_FOLD.update({0x3000: " ", ord("〜"): "~", ord("≧"): "≥", ord("≦"): "≤", ord("⩾"): "≥", ord("⩽"): "≤", ord("═"): "=", ord("＝"): "="})
_FOLDED = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_FOLD)) + "]")  # a search in C, not a translation

_PREFIX_CMP = {
    ">=": "≥", "≥": "≥", "大于等于": "≥", "大于或等于": "≥",
    "不低于": "≥", "不少于": "≥", "不小于": "≥", "至少": "≥",
    "<=": "≤", "≤": "≤", "小于等于": "≤", "小于或等于": "≤",
    "不高于": "≤", "不超过": "≤", "不多于": "≤", "不大于": "≤",
    ">": ">", "大于": ">", "高于": ">", "超过": ">", "多于": ">",
    "<": "<", "小于": "<", "低于": "<", "少于": "<",
    "=": "=", "等于": "=",
}  # fmt: skip
_DATE_WORD_CMP = {"不晚于": "≤", "不迟于": "≤", "截至": "≤", "截止": "≤", "截止到": "≤", "不早于": "≥"}
_DATE_PREFIX_CMP = _PREFIX_CMP | _DATE_WORD_CMP
# Checked in order: "及以上" before "以上", "以内" before "内".
_SUFFIX_CMP = (
    ("及以上", "≥"), ("以上", "≥"), ("及以下", "≤"), ("以下", "≤"), ("以内", "≤"), ("之内", "≤"), ("内", "≤"),
)  # fmt: skip


def _alternation(words: dict[str, str]) -> str:
    # Longest first, so "不超过" wins over "超过" and "大于等于" over "大于".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Digit counts are capped so int() never meets the 4300-digit conversion limit.
_NUM = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]{1,12})?|[0-9]{1,18}(?:\.[0-9]{1,12})?"
_UNIT_CH = r"[A-Za-z%‰/°℃㎡²³·\u3400-\u9fff]"
_SEP = r"(?:[-~—–−―‒]+|至|到)"
_MAX_UNIT = 6  # longest unit kept, e.g. "万元/个", "个工作日"; longer tails are prose

_HAS_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
_QUANTITY = re.compile(
    rf"(?P<subj>[A-Za-z\u3400-\u9fff]*?):?(?P<cmp>{_alternation(_PREFIX_CMP)})?"
    rf"(?P<num>{_NUM})(?P<unit>{_UNIT_CH}*)"
)
_RANGE = re.compile(rf"(?P<a>{_NUM})(?P<ua>{_UNIT_CH}*?){_SEP}(?P<b>{_NUM})(?P<ub>{_UNIT_CH}*)")
_DATEISH_UNIT = re.compile(r"[前后底末]")  # "12月底前" is a date without a year, not 12 of "月底前"

_YEAR_DIGITS = r"(?:19|20)[0-9]{2}"
_YEAR = re.compile(_YEAR_DIGITS)
_Y = rf"(?P<y>{_YEAR_DIGITS})"
_MD = r"(?P<m>[0-9]{1,2})月份?(?:(?P<d>[0-9]{1,2})[日号])?"
_DATE_CN = re.compile(rf"{_Y}年(?:{_MD}|度|全年)?")  # 2022年, 2022年度, 2022年12月, 2022年12月31日
# 2023.07, 2023-07, 2022-12-31, 2022/12/31
_DATE_SEP = re.compile(rf"{_Y}(?P<s>[-./])(?P<m>[0-9]{{1,2}})(?:(?P=s)(?P<d>[0-9]{{1,2}}))?")
_DATE_MD = re.compile(_MD)
_YEAR_MONTHS = re.compile(rf"{_Y}年(?P<a>[0-9]{{1,2}})月?{_SEP}(?P<b>[0-9]{{1,2}})月")  # 2022年1-12月
_DATE_RANGE_SEP = re.compile(_SEP)
_DATE_PREFIX = re.compile(rf"(?:{_alternation(_DATE_PREFIX_CMP)})?")
_DATE_SUFFIX = re.compile(
    r"(?P<end>底|末)?(?P<rel>之前|以前|前|截止|止|之内|以内|内|之后|以后|后|起|开始)?(?:完成)?$"
)
_BEFORE = {"之前", "以前", "前", "截止", "止", "之内", "以内", "内"}

_MONEY_MULT = {
    "亿元": 100_000_000, "亿": 100_000_000, "万元": 10_000, "万": 10_000, "千元": 1_000, "元": 1,
}  # fmt: skip
_MONEY_NUM = re.compile(rf"(?<![0-9.,])(?:{_NUM})(?![0-9])")
_MONEY_UNIT = re.compile(r"\s*(亿元|万元|千元|元|亿|万)")
_CLAUSE = re.compile(r"[，、；;。\n]|,(?![0-9])")
_WORD_CH = re.compile(r"[A-Za-z\u3400-\u9fff]")
_RANGE_CH = "-~—–−―‒至到/"


@lru_cache(maxsize=8192)  # pure, and forms repeat their values (≥95%, 12个月 …)
def parse_target(text: str) -> ParsedTarget:
    """Parse one 指标值 cell; never raises."""
    raw = text.strip() if isinstance(text, str) else ""
    if not raw:
        return _EMPTY
    if not _HAS_DIGIT.search(raw):
        return ParsedTarget("qualitative", None, None, None, None, raw)
    s = _SPACES.sub(_space_or_nothing, raw.translate(_FOLD) if _FOLDED.search(raw) else raw)
    if _YEAR.search(s) is None:  # every date (and date range) starts with a year: most values hold none
        return _number_range(s) or _quantity(s) or _TEXT
    return _date_range(s) or _date(s) or _number_range(s) or _quantity(s) or _TEXT


def _space_or_nothing(m: re.Match[str]) -> str:
    """Drop a run of whitespace, except between two digits ("1 2" must not become 12)."""
    before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
    return " " if before.isascii() and before.isdigit() and after.isascii() and after.isdigit() else ""


def _to_number(digits: str) -> Number:
    digits = digits.replace(",", "")
    return float(digits) if "." in digits else int(digits)


def _split_suffix(unit: str) -> tuple[str, str | None]:
    for suffix, cmp in _SUFFIX_CMP:
        if unit.endswith(suffix):
            return unit[: -len(suffix)], cmp
    return unit, None


def _valid_unit(unit: str) -> bool:
    if len(unit) > _MAX_UNIT or _DATEISH_UNIT.search(unit):
        return False
    return unit in ("%", "‰") or ("%" not in unit and "‰" not in unit)


def _quantity(s: str) -> ParsedTarget | None:
    m = _QUANTITY.fullmatch(s)
    if not m:
        return None
    unit, suffix_cmp = _split_suffix(m["unit"])
    prefix_cmp = _PREFIX_CMP[m["cmp"]] if m["cmp"] else None
    if not _valid_unit(unit) or (prefix_cmp and suffix_cmp and prefix_cmp != suffix_cmp):
        return None
    cmp = prefix_cmp or suffix_cmp or "="
    value = _to_number(m["num"])
    return ParsedTarget("number", cmp, value, None, unit or None, None, subject=m["subj"] or None)


def _number_range(s: str) -> ParsedTarget | None:
    m = _RANGE.fullmatch(s)
    if not m:
        return None
    ua, ub = m["ua"], m["ub"]
    if not (_valid_unit(ua) and _valid_unit(ub)) or (ua and ub and ua != ub):
        return None
    # A descending range is kept as printed: "11月—3月" (a heating season) is legitimate.
    return ParsedTarget("range", "range", _to_number(m["a"]), _to_number(m["b"]), ub or ua or None, None)


def _iso(year: str, month: str | None, day: str | None) -> str | None:
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return None
    if day is None:
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}" if 1 <= int(day) <= 31 else None


def _date_point(s: str, year: str | None = None, strict: bool = False) -> str | None:
    """One date; `year` lets "12月" inherit the year of a range's start.

    With `strict`, "2023.07" is refused: alone it reads as well as the number 2023.07.
    """
    if m := _DATE_CN.fullmatch(s):
        return _iso(m["y"], m["m"], m["d"])
    if (m := _DATE_SEP.fullmatch(s)) and not (strict and m["s"] == "." and m["d"] is None):
        return _iso(m["y"], m["m"], m["d"])
    if year and (m := _DATE_MD.fullmatch(s)):
        return _iso(year, m["m"], m["d"])
    return None


def _date_range(s: str) -> ParsedTarget | None:
    if m := _YEAR_MONTHS.fullmatch(s):
        start, end = _iso(m["y"], m["a"], None), _iso(m["y"], m["b"], None)
        return _date_range_result(start, end)
    for sep in _DATE_RANGE_SEP.finditer(s):
        left, right = s[: sep.start()], s[sep.end() :]
        start = _date_point(left)
        if start is None and _YEAR.fullmatch(left) and _DATE_CN.fullmatch(right):
            start = left  # "2023-2025年"
        if start is None:
            continue
        if result := _date_range_result(start, _date_point(right, year=start[:4])):
            return result
    return None


def _date_range_result(start: str | None, end: str | None) -> ParsedTarget | None:
    if start is None or end is None or start > end:
        return None
    return ParsedTarget("date_range", "range", None, None, None, None, date_from=start, date_to=end)


def _date(s: str) -> ParsedTarget | None:
    prefix = _DATE_PREFIX.match(s)
    rest = s[prefix.end() :] if prefix else s
    suffix = _DATE_SUFFIX.search(rest)
    if prefix is None or suffix is None:  # cannot happen (both match the empty string), but stay total
        return None
    # Only date words make "2023.07" a date: "≥2023.07" stays a number, "2023.07前" is a deadline.
    strict = not (prefix.group() in _DATE_WORD_CMP or suffix.group())
    point = _date_point(rest[: suffix.start()], strict=strict)
    if point is None:
        return None
    prefix_cmp = _DATE_PREFIX_CMP.get(prefix.group())
    rel = suffix["rel"]
    suffix_cmp = ("≤" if rel in _BEFORE else "≥") if rel else ("≤" if suffix["end"] else None)
    if prefix_cmp and suffix_cmp and prefix_cmp != suffix_cmp:
        return None
    cmp = prefix_cmp or suffix_cmp or "="
    date_from = point if cmp in ("=", "≥", ">") else None
    date_to = point if cmp in ("=", "≤", "<") else None
    return ParsedTarget("date", cmp, None, None, None, None, date_from=date_from, date_to=date_to)


def money_amounts(text: str, unit_hint: str | None = None) -> list[float]:
    """Money amounts in `text`, in 元, in order of appearance.

    Rates are left out: an amount in a clause with 每 before it, or followed by
    "/" or 每 ("3万/个", "2万元每年"). A bare number counts only with `unit_hint`,
    the money unit printed in the indicator name ("落实运行经费（万元）").
    """
    if not isinstance(text, str):
        return []
    return list(_cached_money_amounts(text, unit_hint if isinstance(unit_hint, str) else None))


@lru_cache(maxsize=8192)  # pure, and cost targets repeat across an archive's forms
def _cached_money_amounts(text: str, unit_hint: str | None) -> tuple[float, ...]:
    return tuple(_money_amounts(text, unit_hint))


def _money_amounts(text: str, unit_hint: str | None) -> list[float]:
    if parse_target(text).kind in ("date", "date_range"):
        return []
    hint = unit_hint.strip(" ()（）") if isinstance(unit_hint, str) else ""
    hint_mult = _MONEY_MULT.get(hint)
    amounts: list[float] = []
    for clause in _CLAUSE.split(text.translate(_FOLD)):
        for m in _MONEY_NUM.finditer(clause):
            if "每" in clause[: m.start()]:
                continue
            mult = _money_multiplier(clause, m.start(), m.end(), hint_mult)
            if mult is not None:
                amounts.append(round(float(_to_number(m.group())) * mult, 2))
    return amounts


def _money_multiplier(clause: str, start: int, end: int, hint_mult: int | None) -> int | None:
    if unit := _MONEY_UNIT.match(clause, end):
        after = clause[unit.end() :].lstrip()
        if after.startswith(("/", "每")):
            return None
        # A bare 万/亿 followed by a word is a count ("1万人"), not money.
        if unit.group(1) in ("万", "亿") and after and _WORD_CH.match(after):
            return None
        return _MONEY_MULT[unit.group(1)]
    before = clause[:start].rstrip()
    if hint_mult is None or clause[end:].strip() or (before and before[-1] in _RANGE_CH):
        return None
    return hint_mult
