"""Audit checks over a finished record: each returns findings with stable codes.

Tuned to say little: a finding must point at something an auditor would
want corrected, never at the ordinary variety of how forms are filled in.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from . import vocabulary as vocab
from .chinese import label_key
from .family_checks import audit_family
from .findings import Finding
from .targets import money_amounts

YUAN_PER_UNIT: dict[str, float] = {"元": 1.0, "千元": 1e3, "万元": 1e4, "亿元": 1e8}
_LETTER_IN_FIGURES = re.compile(r"\d[A-Za-z]|[A-Za-z]\d")
_YEAR_RANGE = re.compile(
    r"((?:19|20)\d{2})\s*年?(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?\s*[-—–~～至到]\s*((?:19|20)\d{2})\s*年"
)


def _close(a: float, b: float, tolerance: float = vocab.UNIT_RATIO_TOLERANCE) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)


def _fmt(amount: float) -> str:
    return f"{amount:,.2f}".rstrip("0").rstrip(".").replace(",", "")


def _in_wan(yuan: float) -> str:
    return f"{_fmt(yuan / 1e4)} 万元" if abs(yuan) >= 1e4 else f"{_fmt(yuan)} 元"


def check_funds_sum(funds: dict[str, Any]) -> list[Finding]:
    total, fiscal, other = funds.get("total"), funds.get("fiscal"), funds.get("other")
    if total is None or fiscal is None:
        return []
    parts = fiscal + (other or 0)
    if _close(total, parts, 0.0001):
        return []
    unit = funds.get("unit") or ""
    return [Finding("funds_sum_mismatch", "funds.total",
                    f"年度资金总额 {_fmt(total)}{unit} ≠ 财政拨款 {_fmt(fiscal)} + 其他资金 {_fmt(other or 0)}")]


def _cost_indicators(indicators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in indicators if "成本指标" in (i["level1"], i["level2"])]


def _stated_money(indicator: dict[str, Any]) -> list[float]:
    """The money a cost row states, read on its simplified, pinyin-free text (萬(wàn)元 is 万元); none
    when its name says the money is a rate."""
    name = label_key(indicator["level3"] or "")
    if vocab.RATE_NAME_PATTERN.search(name):
        return []
    unit_hint = vocab.UNIT_IN_LABEL_PATTERN.search(name)
    return money_amounts(label_key(indicator["target"] or ""), unit_hint.group(1) if unit_hint else None)


def _no_money_by_nature(indicator: dict[str, Any]) -> bool:
    """A cost row that is no money by its kind (社会成本 …) or by its target (无, 较小)."""
    target = "".join((indicator["target"] or "").split())
    return indicator["level2"] in vocab.NON_MONEY_COST_GROUPS or target in vocab.NEGLIGIBLE_COST_TARGETS


def check_cost_total(funds: dict[str, Any], indicators: list[dict[str, Any]]) -> list[Finding]:
    """The money in the cost indicators against 年度资金总额 (rows that state no money by nature left out)."""
    total, unit = funds.get("total"), funds.get("unit")
    money = [(i, _stated_money(i)) for i in _cost_indicators(indicators)]
    stated = [amounts for i, amounts in money if amounts or not _no_money_by_nature(i)]
    if total is None or not total or unit not in YUAN_PER_UNIT or not stated:
        return []
    cost_sum = sum(sum(amounts) for amounts in stated)
    if not cost_sum:
        return []
    total_yuan = total * YUAN_PER_UNIT[unit]
    ratio = cost_sum / total_yuan
    said = f"总额 {_fmt(total)} {unit} but cost indicators add up to {_in_wan(cost_sum)}"
    if _close(ratio, 1e4) or _close(ratio, 1e-4):
        return [Finding("funds_unit_suspect", "funds.total", said)]
    if all(stated) and not _close(ratio, 1.0):
        return [Finding("cost_sum_mismatch", "funds.total", said)]
    return []


@lru_cache(maxsize=16384)  # pure, and targets repeat (≥95%, 12个月 …)
def _years_outside(text: str, year: int) -> tuple[int, ...]:
    if "年" not in text:  # every year mention ends in 年
        return ()
    spans = [(m.start(), m.end(), int(m.group(1)), int(m.group(2))) for m in _YEAR_RANGE.finditer(text)]
    found: list[int] = []
    for m in vocab.YEAR_MENTION_PATTERN.finditer(text):
        in_range = [s for s in spans if s[0] <= m.start() < s[1]]
        if in_range and in_range[0][2] <= year <= in_range[0][3]:
            continue
        if int(m.group(1)) != year:
            found.append(int(m.group(1)))
    return tuple(found)


def check_years(record: dict[str, Any]) -> list[Finding]:
    year = record.get("year")
    if year is None:
        return [Finding("year_missing", "year", "no ( YYYY 年度) line above the table")]
    findings: list[Finding] = []
    for name, text in (("project.name", record["project"].get("name")), ("overall_goal", record.get("overall_goal"))):
        _say_years(findings, name, text, year)
    for k, indicator in enumerate(record["indicators"]):
        for key in ("level3", "target"):
            text = indicator[key]
            if text and "年" in text:  # every year mention ends in 年: the field's name made only where one may be said
                _say_years(findings, f"indicators[{k}].{key}", text, year)
    return findings


def _say_years(findings: list[Finding], name: str, text: str | None, year: int) -> None:
    for other in dict.fromkeys(_years_outside(text or "", year)):
        findings.append(Finding("year_mismatch", name, f"{other} 年 in a {year} form: {text}"))


def check_duplicates(indicators: list[dict[str, Any]]) -> list[Finding]:
    seen: dict[tuple[Any, ...], int] = {}
    findings = []
    for k, i in enumerate(indicators):
        key = (i["level1"], i["level2"], i["level3"], i["target"])
        if i["level3"] is None:
            continue
        if key in seen:
            findings.append(Finding("duplicate_row", f"indicators[{k}]",
                                    f"same indicator as indicators[{seen[key]}]: {i['level3']} = {i['target']}"))
        else:
            seen[key] = k
    return findings


def check_missing(record: dict[str, Any]) -> list[Finding]:
    findings = []
    if record["form"].startswith("project") and record["project"].get("name") is None:
        findings.append(Finding("missing_field", "project.name", "项目名称 is empty"))
    if record["funds"].get("total") is None:
        findings.append(Finding("missing_field", "funds.total", "年度资金总额 is empty"))
    for k, i in enumerate(record["indicators"]):
        if i["target"] is None and not i["source"].get("value_untold"):
            findings.append(Finding("missing_value", f"indicators[{k}].target", f"{i['level3']} has no 指标值"))
        if i["level3"] is None:
            findings.append(Finding("missing_name", f"indicators[{k}].level3", f"指标值 {i['target']} has no name"))
    return findings


def check_ocr_values(indicators: list[dict[str, Any]]) -> list[Finding]:
    """An OCR-read 指标值 with figures that does not parse: where a misread digit or sign hides."""
    findings = []
    for k, i in enumerate(indicators):
        confidence = i["source"].get("confidence", 1.0)
        target = i["target"] or ""
        if confidence >= 1.0 or not any(ch.isdigit() for ch in target):
            continue
        letters_in_figures = bool(_LETTER_IN_FIGURES.search(target))  # 9O%, l00, 1S
        if letters_in_figures or (i["parsed"]["kind"] == "text" and confidence < vocab.OCR_VALUE_CONFIDENCE):
            findings.append(Finding("value_unparsed", f"indicators[{k}].target",
                                    f"{i['target']!r} (page {i['source']['page']}, at {i['source'].get('bbox')})",
                                    i["source"]["page"]))
    return findings


def audit(record: dict[str, Any]) -> list[Finding]:
    indicators = record["indicators"]
    return [
        *audit_family(record),
        *check_missing(record),
        *(check_funds_sum(record["funds"]) if record["form"] == "project_target" else []),
        *check_cost_total(record["funds"], indicators),
        *check_years(record),
        *check_duplicates(indicators),
        *check_ocr_values(indicators),
    ]
