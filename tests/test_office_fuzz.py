"""The office fuzz harness stays alive (a few seconds of fuzzing), and every input it once crashed on
(tests/fuzz_regressions/office/) now gives records or a typed jixiao error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.errors import JixiaoError
from jixiao.extract.office import read_office
from jixiao.pipeline import records_from_document

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "fuzz" / "fuzz_office.py"
REGRESSIONS = sorted((ROOT / "tests" / "fuzz_regressions" / "office").glob("*"))
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".docx", ".docm", ".doc", ".ods", ".et")  # as the harness picks them


@pytest.mark.parametrize("found", REGRESSIONS, ids=[p.name[:20] for p in REGRESSIONS])
def test_inputs_the_fuzzer_found(found: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))  # as in the harness: LibreOffice never runs
    data = found.read_bytes()
    path = tmp_path / f"input{SUFFIXES[data[0] % len(SUFFIXES)]}"
    path.write_bytes(data[1:])
    try:
        records_from_document(read_office(path))
    except JixiaoError as error:
        assert "\n" not in str(error)


def test_the_harness_runs_a_few_seconds_without_a_crash(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    done = subprocess.run([sys.executable, str(HARNESS), "-max_total_time=5", "-timeout=60",
                           f"-artifact_prefix={tmp_path}/"], capture_output=True, text=True, timeout=240,
                          cwd=tmp_path, env={**os.environ, "PYTHONHASHSEED": "0"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done" in done.stderr or "INITED" in done.stderr, done.stderr[-2000:]
