"""Inputs the fuzz harnesses (fuzz/) found crashing or hanging a reader, kept as regression tests.

Each file under tests/fuzz_cases/ is named `<harness>-<what it did>.<suffix>`; read as a source, it must
give records or a typed one-line error (`JixiaoError`), nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.errors import JixiaoError
from jixiao.pipeline import extract_source, read_source, records_from_document

CASES = sorted((Path(__file__).parent / "fuzz_cases").glob("*-*"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fuzz_case_reads_or_fails_cleanly(case: Path) -> None:
    try:
        records_from_document(read_source(case))
    except JixiaoError as error:
        assert str(error).startswith(str(case)) and "\n" not in str(error)
    result = extract_source(case)
    assert result.error is None or "internal error" not in result.error
