"""The form family on documents the tests never use: indicator F1 and header accuracy per form and notation.

    python bench/bench_family.py [N] [PDF_N]

N unseen documents (seeds 5000 on) per form kind and grid notation (tsv, markdown, html), PDF_N per kind as
PDFs; truth from the generators of tests/familygen. An indicator counts when level1, level2, level3, target
and, where the form prints them, actual, weight, score and deviation all equal the truth; a header field
when it equals the truth (project.*, funds.*, year, overall_goal and the keys each form adds).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from familygen import KINDS, family_document, make_family_case  # noqa: E402
from familygen.pdf import FamilyPdfOptions, write_family_pdf  # noqa: E402
from familygen.truth import expected_record  # noqa: E402

from jixiao import records_from_path, records_from_text  # noqa: E402

INDICATOR_KEYS = ("level1", "level2", "level3", "target", "actual", "weight", "score", "deviation")
HEADER_KEYS = ("form", "year", "overall_goal", "overall_goal_actual", "funds_detail", "tasks", "authorities",
               "region", "self_eval_total_score", "total_weight_printed", "grade")
SEED0 = 5000


def _indicator_key(indicator: dict, keys: tuple[str, ...]) -> tuple:
    return tuple(indicator.get(k) for k in keys)


def _score(expected: list[dict], got: list[dict], tally: Counter) -> None:
    for k, want in enumerate(expected):
        have = got[k] if k < len(got) else {}
        keys = tuple(key for key in INDICATOR_KEYS if want["indicators"] and key in want["indicators"][0])
        truth = Counter(_indicator_key(i, keys) for i in want["indicators"])
        found = Counter(_indicator_key(i, keys) for i in have.get("indicators", []))
        tally["tp"] += sum((truth & found).values())
        tally["truth"] += sum(truth.values())
        tally["found"] += sum(found.values())
        fields = [(f"project.{f}", want["project"][f], (have.get("project") or {}).get(f)) for f in want["project"]]
        fields += [(f"funds.{f}", want["funds"][f], (have.get("funds") or {}).get(f)) for f in want["funds"]]
        fields += [(f, want[f], have.get(f)) for f in HEADER_KEYS if f in want]
        tally["fields"] += len(fields)
        tally["fields_ok"] += sum(a == b for _, a, b in fields)


def _line(name: str, tally: Counter, seconds: float, tables: int) -> str:
    recall = tally["tp"] / tally["truth"] if tally["truth"] else 1.0
    precision = tally["tp"] / tally["found"] if tally["found"] else 1.0
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    header = tally["fields_ok"] / tally["fields"] if tally["fields"] else 1.0
    return f"{name:34s} {f1:7.3f} {header:8.3f} {tables / seconds if seconds else 0:9.0f}"


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    pdf_n = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    print(f"form family: {n} unseen documents per form and notation (seeds {SEED0}..), {pdf_n} PDFs per form")
    print(f"{'form / notation':34s} {'ind. F1':>7s} {'header':>8s} {'tables/s':>9s}")
    overall: Counter = Counter()
    for kind in KINDS:
        for notation in ("tsv", "markdown", "html"):
            tally: Counter = Counter()
            seconds, tables = 0.0, 0
            for seed in range(SEED0, SEED0 + n):
                case = make_family_case(seed, kind, notation, "breaks" if seed % 2 else "clean")
                start = time.perf_counter()
                got = records_from_text(case.text, f"{kind}.txt")
                seconds += time.perf_counter() - start
                tables += len(case.expected)
                _score(case.expected, got, tally)
            overall.update(tally)
            print(_line(f"{kind} / {notation}", tally, seconds, tables))
        tally = Counter()
        with tempfile.TemporaryDirectory() as folder:
            for seed in range(SEED0, SEED0 + pdf_n):
                forms, printed = family_document(seed, kind, None, n_forms=1)
                pdf = write_family_pdf(printed[0], Path(folder) / f"{seed}.pdf",
                                       FamilyPdfOptions(style="lines", breaks=1, seed=seed))
                _score([expected_record(f) for f in forms], records_from_path(pdf), tally)
        overall.update(tally)
        print(_line(f"{kind} / pdf", tally, 0.0, 0))
    print(_line("all", overall, 0.0, 0))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
