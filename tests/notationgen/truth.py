"""The truth of a notation case: tests/generator.py's `expected_records`, adjusted where the
notation loses information (see the package doc), and the comparison the tests and the bench use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from generator import ExpectedRecord

from .traditional import Mirror

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
HEADER_KEYS = ("year", "title", "document", "project", "funds", "overall_goal")


@dataclass
class Expected:
    """One record's truth: `record` as tests/test_generated.py compares it, and the indicators whose
    name/target boundary the notation lost (`loose`: only name + target together is compared)."""

    record: ExpectedRecord
    loose: set[int] = field(default_factory=set)


def glued_loose(record: ExpectedRecord) -> set[int]:
    """Rows whose target starts with a CJK character: glued to the name, nothing marks where it starts."""
    return {n for n, (_, _, _, target) in enumerate(record.indicators) if target and _CJK.match(target[0])}


def mirrored(record: ExpectedRecord, mirror: Mirror) -> ExpectedRecord:
    """The truth of a traditional mirror: strings as printed (converted, pinyin inserted); level1/level2
    stay the canonical labels; funds.unit stays the unit code; a parse is asserted only where the
    target's text is unchanged by the conversion."""
    m = mirror.convert
    project = {key: (m(value) if key != "department_code" else value) for key, value in record.project.items()}
    document = {"title": m(record.document["title"]), "attachment": m(record.document["attachment"])}
    indicators = [(l1, l2, m(l3), m(t)) for l1, l2, l3, t in record.indicators]
    parsed = {n: p for n, p in record.parsed.items() if m(record.indicators[n][3]) == record.indicators[n][3]}
    return replace(record, title=m(record.title), document=document, project=project,
                   overall_goal=m(record.overall_goal), indicators=indicators, parsed=parsed)


def _indicator_problems(where: str, got: list[tuple], want: Expected) -> list[str]:
    rows = want.record.indicators
    if len(got) != len(rows):
        return [f"{where}: {len(got)} indicators, expected {len(rows)}"]
    out = []
    for n, (g, w) in enumerate(zip(got, rows)):
        if n in want.loose:
            same = g[:2] == w[:2] and (g[2] or "") + (g[3] or "") == w[2] + (w[3] or "")
        else:
            same = g == w
        if not same:
            out.append(f"{where}: indicator {n} is {g}, expected {w}" + (" (name+target)" if n in want.loose else ""))
    return out


LOST_BOUNDARY_CODES = {"row_unparted"}  # what a record may say of rows whose name/value boundary is lost


def problems(records: list[dict], expected: list[Expected]) -> list[str]:
    """[] when the records hold the truth; else what differs."""
    if len(records) != len(expected):
        return [f"{len(records)} records, expected {len(expected)}: {[r['project']['name'] for r in records]}"]
    out: list[str] = []
    for k, (record, want) in enumerate(zip(records, expected)):
        truth = want.record
        where = f"record {k} ({truth.project['name']})"
        if record["form"] != "project_target":
            out.append(f"{where}: form {record['form']!r}")
        out += [f"{where}: {key} is {record[key]!r}, expected {getattr(truth, key)!r}"
                for key in HEADER_KEYS if record[key] != getattr(truth, key)]
        got = [(i["level1"], i["level2"], i["level3"], i["target"]) for i in record["indicators"]]
        out += _indicator_problems(where, got, want)
        for n, (comparator, value, unit) in truth.parsed.items():
            if n in want.loose or n >= len(record["indicators"]):
                continue
            p = record["indicators"][n]["parsed"]
            if (p["comparator"], p["value"], p["unit"]) != (comparator, value, unit) or type(p["value"]) is not type(value):
                out.append(f"{where}: indicator {n} parsed {(p['comparator'], p['value'], p['unit'])}, "
                           f"expected {(comparator, value, unit)}")
        codes = {w["code"] for w in record["warnings"]}
        missing, extra = truth.warnings - codes, codes - truth.warnings
        if missing or extra - (LOST_BOUNDARY_CODES if want.loose else set()):  # a lost boundary is said so
            out.append(f"{where}: warning codes {sorted(codes)}, expected {sorted(truth.warnings)}: "
                       + "; ".join(f"{w['code']}: {w['message']}" for w in record["warnings"]))
    return out
