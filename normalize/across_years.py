"""The same project from year to year: its targets kept, raised, lowered, dropped, added or changed,
and its funds.

    rows = compare_rows(records)   # one dict per project, indicator and pair of consecutive years
    rows[0]  # {'project': '清水河村道路硬化工程', 'department': '青岭县水务局', 'year_from': 2022,
             #  'year_to': 2023, 'level3': '年度资金总额', 'target_from': '120万元', 'target_to': '150万元',
             #  'change': 'raised', 'level2': None, 'kind': 'funds', 'form': 'project_target'}

A project is followed within one form (project_target, department_target, transfer_target): a
later year's form continues a series when it names the same project (same name key, compatible
department), or a near name with mostly the same indicators. `raised` / `lowered` say the printed
figure went up / down, whatever its comparator (a lower ≤ ceiling is `lowered`); a target whose
comparator, unit or wording differs is `changed`; a deadline moved on by exactly the years between
the two forms (2022年12月底前 → 2023年12月底前) is `kept`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import review_vocab as rv
from .chinese import label_key
from .family_checks import read_quantity
from .family_funds import fmt
from .indicator_match import match_indicators, similarity
from .pairing import department_score, identity_key
from .targets import parse_target

COLUMNS = ("project", "department", "year_from", "year_to", "level3", "target_from", "target_to", "change")
EXTRA_COLUMNS = ("level2", "kind", "form")  # after the contract's columns


@dataclass
class Series:
    form: str
    records: list[dict[str, Any]] = field(default_factory=list)  # one a year, by year

    @property
    def last(self) -> dict[str, Any]:
        return self.records[-1]

    def years(self) -> set[int]:
        return {r["year"] for r in self.records}

    def shown_name(self) -> tuple[str | None, str | None]:
        """The project and department as the latest form prints them."""
        project = self.last.get("project") or {}
        name = project.get("name") or project.get("department")
        departments = [(r.get("project") or {}).get("department") for r in self.records]
        return name, next((d for d in reversed(departments) if d), None)


def _same_department(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Alike where both print one; a form printing none is no evidence against."""
    score = department_score(a, b)
    return score == rv.DEPARTMENT_ABSENT_SCORE or score >= rv.DEPARTMENT_SAME_SCORE


def _continues(series: Series, record: dict[str, Any]) -> float | None:
    """How well `record` continues `series` (0–100), or None."""
    if record["year"] in series.years() or not _same_department(series.last, record):
        return None
    a, b = identity_key(series.last), identity_key(record)
    if a == b:
        return 100.0
    name = similarity(a, b)
    if name < rv.SERIES_NEAR_NAME_SCORE:
        return None
    overlap = match_indicators(series.last.get("indicators") or [], record.get("indicators") or []).overlap()
    return name if overlap >= rv.SERIES_INDICATOR_OVERLAP else None


def project_series(records: Iterable[dict[str, Any]]) -> list[Series]:
    """Series of two or more years, in the order their first record comes. Year by year, each form
    continues the series it fits best (best fits first), or starts one."""
    years: dict[int, list[dict[str, Any]]] = {}
    for record in records:
        if record.get("form") in rv.SERIES_FORMS and isinstance(record.get("year"), int) and identity_key(record):
            years.setdefault(record["year"], []).append(record)
    series: list[Series] = []
    for year in sorted(years):
        found = sorted((-score, n, k) for k, record in enumerate(years[year]) for n, s in enumerate(series)
                       if s.form == record["form"] and (score := _continues(s, record)) is not None)
        taken: set[int] = set()
        placed: set[int] = set()
        for _, n, k in found:
            if n not in taken and k not in placed:
                series[n].records.append(years[year][k])
                taken.add(n)
                placed.add(k)
        series += [Series(r["form"], [r]) for k, r in enumerate(years[year]) if k not in placed]
    return [s for s in series if len(s.records) > 1]


# --- one indicator, two years ---------------------------------------------------------------------


def _words(text: str, dated: bool) -> str:
    key = rv.KEY_DROP.sub("", label_key(text))
    return rv.YEAR_IN_LABEL.sub("#", key) if dated else key


def _is_dated(text: str) -> bool:
    return parse_target(text).kind in ("date", "date_range")


def target_change(before: dict[str, Any], after: dict[str, Any]) -> str:
    """kept / raised / lowered / changed, for one indicator in two years."""
    a, b = str(before.get("target") or ""), str(after.get("target") or "")
    dated = _is_dated(a) and _is_dated(b)
    if _words(a, dated) == _words(b, dated):
        return "kept"
    qa, qb = read_quantity(a), read_quantity(b)  # as printed: a bare figure is "=" on both sides
    if qa is None or qb is None or qa.comparator != qb.comparator or qa.unit != qb.unit:
        return "changed"
    bounds = [(x, y) for x, y in ((qa.value, qb.value), (qa.upper, qb.upper)) if x is not None or y is not None]
    bounds = [(None if x is None else float(x), None if y is None else float(y)) for x, y in bounds]
    if any(x is None or y is None for x, y in bounds):
        return "changed"  # a figure became a range, or the other way
    moves = {(y > x) - (y < x) for x, y in bounds} - {0}
    return {frozenset(): "kept", frozenset({1}): "raised", frozenset({-1}): "lowered"}.get(frozenset(moves), "changed")


# --- funds ---------------------------------------------------------------------------------------------


def _funds_text(record: dict[str, Any]) -> str | None:
    funds = record.get("funds") or {}
    total = funds.get("total")
    return None if total is None else f"{fmt(float(total))}{funds.get('unit') or ''}"


def _yuan(record: dict[str, Any]) -> float | None:
    funds = record.get("funds") or {}
    total, unit = funds.get("total"), funds.get("unit")
    if total is None:
        return None
    return float(total) * rv.MONEY_TO_YUAN.get(unit or "元", 1)


def _funds_change(before: dict[str, Any], after: dict[str, Any]) -> str | None:
    a, b = _yuan(before), _yuan(after)
    if a is None and b is None:
        return None
    if a is None or b is None:
        return "added" if a is None else "dropped"
    return "kept" if abs(a - b) < 0.005 else ("raised" if b > a else "lowered")


# --- rows ---------------------------------------------------------------------------------------------------


def _row(series: Series, before: dict[str, Any], after: dict[str, Any], **cells: Any) -> dict[str, Any]:
    project, department = series.shown_name()
    return {"project": project, "department": department, "year_from": before["year"], "year_to": after["year"],
            **cells, "form": series.form}


def _indicator_row(series: Series, before: dict[str, Any], after: dict[str, Any], old: dict[str, Any] | None,
                   new: dict[str, Any] | None) -> dict[str, Any]:
    change = "added" if old is None else "dropped" if new is None else target_change(old, new)
    shown = new if new is not None else old
    return _row(series, before, after, level3=(shown or {}).get("level3"),
                target_from=(old or {}).get("target"), target_to=(new or {}).get("target"), change=change,
                level2=(shown or {}).get("level2"), kind="indicator")


def pair_rows(series: Series, before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """The funds row, then the earlier year's indicators in order (kept … dropped), then those added."""
    rows = []
    if (funds := _funds_change(before, after)) is not None:
        rows.append(_row(series, before, after, level3=rv.FUNDS_ROW_LABEL, target_from=_funds_text(before),
                         target_to=_funds_text(after), change=funds, level2=None, kind="funds"))
    old, new = before.get("indicators") or [], after.get("indicators") or []
    match = match_indicators(old, new)
    partner = dict(match.pairs)
    for i, indicator in enumerate(old):
        j = partner.get(i)
        rows.append(_indicator_row(series, before, after, indicator, new[j] if j is not None else None))
    rows += [_indicator_row(series, before, after, None, new[j]) for j in match.only_b]
    return rows


def compare_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every series' rows, consecutive years at a time, sorted by project, department and years."""
    rows = []
    for series in project_series(records):
        for before, after in zip(series.records, series.records[1:]):
            rows += pair_rows(series, before, after)
    rows.sort(key=lambda r: (str(r["project"] or ""), str(r["department"] or ""), r["year_from"]))
    return rows
