"""Converter markdown (marker, docling, pymupdf4llm styles) on documents the tests never see.

    .venv/bin/python bench/bench_markdown.py [--seeds N] [--first S]

For each style of tests/mdgen.py, over seeds the tests do not use (from 1000 up), prints:
- header accuracy: the share of header fields (year, title, document, the project fields, the funds
  fields, the overall goal) read exactly as the generator printed them, over every expected record
  (a record not found counts all its fields wrong);
- indicator precision / recall / F1 of (level 1, level 2, level 3, target) tuples, pooled;
- records whose warning codes are exactly the expected ones, and false funds_unparsed alarms;
- tables per CPU-second of records_from_text (this process's CPU time: steadier on a shared machine).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from mdgen import STYLES, make_md_case  # noqa: E402

from jixiao import records_from_text  # noqa: E402
from jixiao.errors import JixiaoError  # noqa: E402

FIRST_UNSEEN_SEED = 1000
HEADER_KEYS = ("year", "title", "document", "overall_goal")


@dataclass
class Tally:
    fields: int = 0
    fields_right: int = 0
    found: int = 0  # indicators read
    expected: int = 0
    right: int = 0  # indicators read that are expected
    records: int = 0
    warnings_exact: int = 0
    false_funds_unparsed: int = 0
    cpu_seconds: float = 0.0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def header_accuracy(self) -> float:
        return self.fields_right / self.fields if self.fields else 1.0

    @property
    def rate(self) -> float:
        """Tables read per CPU-second (the records expected, as bench_notation counts them)."""
        return self.records / self.cpu_seconds if self.cpu_seconds else float("inf")

    @property
    def f1(self) -> float:
        precision = self.right / self.found if self.found else 1.0
        recall = self.right / self.expected if self.expected else 1.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _header_fields(record: dict | None, want) -> list[bool]:
    out = []
    for key in HEADER_KEYS:
        out.append(record is not None and record[key] == getattr(want, key))
    for group in ("project", "funds"):
        for key, value in getattr(want, group).items():
            out.append(record is not None and record[group].get(key) == value)
    return out


def score(seed: int, style: str) -> Tally:
    case = make_md_case(seed, style)
    start = time.process_time()
    try:
        records = records_from_text(case.text, path=f"bench-{seed}.md")
    except JixiaoError:
        records = []
    tally = Tally(records=len(case.expected), cpu_seconds=time.process_time() - start)
    got = Counter((i["level1"], i["level2"], i["level3"], i["target"]) for r in records for i in r["indicators"])
    want = Counter(i for w in case.expected for i in w.indicators)
    tally.found, tally.expected = sum(got.values()), sum(want.values())
    tally.right = sum((got & want).values())
    for k, expected in enumerate(case.expected):
        record = records[k] if k < len(records) else None
        fields = _header_fields(record, expected)
        tally.fields += len(fields)
        tally.fields_right += sum(fields)
        codes = {w["code"] for w in record["warnings"]} if record else set()
        tally.warnings_exact += record is not None and codes == expected.warnings
        tally.false_funds_unparsed += "funds_unparsed" in codes and "funds_unparsed" not in expected.warnings
    return tally


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--first", type=int, default=FIRST_UNSEEN_SEED)
    args = parser.parse_args()
    seeds = range(args.first, args.first + args.seeds)
    print(f"converter markdown: {len(seeds)} unseen documents a style (seeds {seeds.start}–{seeds.stop - 1})")
    print(f"{'style':22} {'records':>7} {'header acc':>10} {'ind. F1':>8} {'warn exact':>10} {'false funds_unparsed':>21} {'CPU t/s':>8}")
    total = Tally()
    for style in STYLES:
        tally = Tally()
        for seed in seeds:
            tally.add(score(seed, style))
        total.add(tally)
        print(f"{style:22} {tally.records:7d} {tally.header_accuracy:10.4f} {tally.f1:8.4f} "
              f"{tally.warnings_exact / tally.records:10.3f} {tally.false_funds_unparsed:21d} {tally.rate:8.0f}")
    print(f"{'all':22} {total.records:7d} {total.header_accuracy:10.4f} {total.f1:8.4f} "
          f"{total.warnings_exact / total.records:10.3f} {total.false_funds_unparsed:21d} {total.rate:8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
