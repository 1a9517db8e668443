"""Planted audit warnings (issue 10's target): found, and raised where none was planted, on unseen documents.

    .venv/bin/python bench/bench_warnings.py [N]     # N seeds per (notation, content) (default 12)

The generators plant a form inconsistency (funds that do not add up, cost rows off the total, a year
that differs, no year, a duplicate row, a missing value, an unusual label pairing, a mistyped label …)
and name the warning it must raise. Over seeds 1000.. of
- tests/generator.py's dumps (tsv, markdown, HTML) with every content variant and clean forms,
- tests/mdgen.py's converter markdown (clean forms),
- tests/notationgen's notation-free dumps with its content variants,
each record read is paired with the true one at its position, and for the audit codes below prints:
found = planted (record, code) pairs raised / planted; false alarms = records carrying an audit code
not planted / records read (and the codes most often raised so).
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from generator import CONTENT_VARIANTS, ExpectedRecord, make_case  # noqa: E402
from mdgen import STYLES as MD_STYLES  # noqa: E402
from mdgen import make_md_case  # noqa: E402
from notationgen import CONTENTS, NOTATIONS, make_notation_case  # noqa: E402

from jixiao import records_from_text  # noqa: E402
from jixiao.errors import JixiaoError  # noqa: E402

FIRST_SEED = 1000
# the codes that say something about the form's content (the reading's own codes — a cell not placed,
# a row re-paired — are the readers' business, measured by the notation benches)
AUDIT_CODES = frozenset({
    "funds_unit_suspect", "funds_sum_mismatch", "cost_sum_mismatch", "year_mismatch", "year_missing",
    "funds_unparsed", "missing_field", "duplicate_row", "missing_value", "missing_name", "label_fuzzy",
    "label_unmatched", "label_missing", "label_pairing_unusual",
})
TABLE_NOTATIONS = ("tsv", "markdown", "html")


@dataclass
class Tally:
    planted: int = 0
    found: int = 0
    records: int = 0
    false_records: int = 0
    false_codes: Counter = field(default_factory=Counter)

    def add(self, records: list[dict], expected: list[ExpectedRecord]) -> None:
        for k, want in enumerate(expected):
            planted = want.warnings & AUDIT_CODES
            got = {w["code"] for w in records[k]["warnings"]} & AUDIT_CODES if k < len(records) else set()
            self.planted += len(planted)
            self.found += len(planted & got)
        for k, record in enumerate(records):
            planted = expected[k].warnings if k < len(expected) else set()
            extra = {w["code"] for w in record["warnings"]} & AUDIT_CODES - planted
            self.records += 1
            self.false_records += bool(extra)
            self.false_codes.update(extra)

    def line(self, name: str) -> str:
        found = self.found / self.planted if self.planted else 1.0
        false = self.false_records / self.records if self.records else 0.0
        top = ", ".join(f"{c} {n}" for c, n in self.false_codes.most_common(3))
        return f"{name:<16}{self.found:>5}/{self.planted:<5} {found:>6.3f} {self.false_records:>5}/{self.records:<5} " \
               f"{false:>6.3f}  {top}"


def _read(text: str, path: str) -> list[dict]:
    try:
        return records_from_text(text, path)
    except JixiaoError:
        return []


def _table_dumps(seeds: range) -> dict[str, Tally]:
    tallies = {n: Tally() for n in TABLE_NOTATIONS}
    for notation in TABLE_NOTATIONS:
        for content in ("clean", *CONTENT_VARIANTS):
            for seed in seeds:
                case = make_case(seed, notation, content)
                tallies[notation].add(_read(case.text, f"w-{seed}.{notation}"), case.expected)
    return tallies


def _converter_markdown(seeds: range) -> Tally:
    tally = Tally()
    for style in MD_STYLES:
        for seed in seeds:
            case = make_md_case(seed, style)
            tally.add(_read(case.text, f"w-{seed}.md"), case.expected)
    return tally


def _notation_free(seeds: range) -> Tally:
    tally = Tally()
    for notation in NOTATIONS:
        for content in CONTENTS:
            for seed in seeds:
                case = make_notation_case(seed, notation, content=content)
                tally.add(_read(case.text, f"w-{seed}.txt"), [e.record for e in case.expected])
    return tally


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    seeds = range(FIRST_SEED, FIRST_SEED + n)
    print(f"planted audit warnings: {n} unseen documents per notation and content (seeds {seeds.start}..)")
    print(f"{'dumps':<16}{'found':>11} {'share':>6} {'false alarms':>11} {'share':>6}  most raised unplanted")
    total = Tally()
    rows = {**_table_dumps(seeds), "converter md": _converter_markdown(seeds), "notation-free": _notation_free(seeds)}
    for name, tally in rows.items():
        print(tally.line(name))
        total.planted += tally.planted
        total.found += tally.found
        total.records += tally.records
        total.false_records += tally.false_records
        total.false_codes.update(tally.false_codes)
    print(total.line("all"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
