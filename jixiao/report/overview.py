"""The report's overview: sources, records by form and year, warnings by code, failed sources and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from jixiao.batch.entry import SourceEntry
from jixiao.normalize.findings import CODES

FAILED_STATUSES = ("failed", "timed_out", "skipped")


@dataclass(slots=True)
class CodeCount:
    code: str
    warnings: int
    records: int
    meaning: str


@dataclass(slots=True)
class Overview:
    origin: str
    sources_with_records: int
    records: int
    warnings: int
    records_with_warnings: int
    forms: list[str]
    years: list[str]  # as shown in the table's head ("—" for no year)
    by_form_year: dict[str, dict[str, int]]  # form → year → records
    codes: list[CodeCount]
    methods: dict[str, int]  # source.method → records
    sources_known: bool  # a manifest says what happened to every source
    sources_listed: int = 0
    failed: list[SourceEntry] = field(default_factory=list)
    no_form: list[SourceEntry] = field(default_factory=list)


def _year(record: dict[str, Any]) -> str:
    return str(record["year"]) if record.get("year") is not None else "—"


def build_overview(records: list[dict[str, Any]], sources: list[SourceEntry] | None, origin: str) -> Overview:
    forms = sorted({r.get("form", "") for r in records})
    years = sorted({_year(r) for r in records}, key=lambda y: (y == "—", y))
    by_form_year: dict[str, dict[str, int]] = {form: dict.fromkeys(years, 0) for form in forms}
    for record in records:
        by_form_year[record.get("form", "")][_year(record)] += 1
    occurrences = Counter(w["code"] for r in records for w in r.get("warnings") or [])
    holders = Counter(code for r in records for code in {w["code"] for w in r.get("warnings") or []})
    codes = [CodeCount(code, n, holders[code], CODES.get(code, "")) for code, n in occurrences.most_common()]
    overview = Overview(
        origin=origin,
        sources_with_records=len({(r["source"].get("sha256"), r["source"].get("path")) for r in records}),
        records=len(records),
        warnings=sum(occurrences.values()),
        records_with_warnings=sum(1 for r in records if r.get("warnings")),
        forms=forms, years=years, by_form_year=by_form_year, codes=codes,
        methods=dict(Counter(r["source"].get("method", "") for r in records).most_common()),
        sources_known=sources is not None,
    )
    if sources is not None:
        overview.sources_listed = len(sources)
        overview.failed = [s for s in sources if s.status in FAILED_STATUSES]
        overview.no_form = [s for s in sources if s.status == "no_form"]
    return overview
