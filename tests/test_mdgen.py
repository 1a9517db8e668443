"""Converter markdown (tests/mdgen.py: marker, docling, pymupdf4llm styles) read back by the pipeline
and compared, exactly, with what the generator knows it printed (tests/generator.py's truth)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mdgen import STYLES, MdCase, make_md_case  # noqa: E402
from test_generated import check_record  # noqa: E402

from jixiao import records_from_text  # noqa: E402

SEEDS = range(4)  # bench/bench_markdown.py measures on seeds from 1000 up


def _show(case: MdCase) -> str:
    numbered = "\n".join(f"{k + 1:4d}| {line}" for k, line in enumerate(case.text.split("\n")))
    return f"\n--- converter markdown / {case.style} / seed {case.seed} ---\n{numbered}\n---"


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("style", STYLES)
def test_converter_markdown(style: str, seed: int) -> None:
    case = make_md_case(seed, style)
    shown = _show(case)
    records = records_from_text(case.text, path=f"md-{seed}.md")
    assert len(records) == len(case.expected), (
        f"{len(records)} records, expected {len(case.expected)}: {[r['project']['name'] for r in records]}{shown}")
    for k, (record, want) in enumerate(zip(records, case.expected, strict=True)):
        check_record(k, record, want, shown)
