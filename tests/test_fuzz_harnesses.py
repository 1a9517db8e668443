"""The fuzz harnesses stay alive: each runs its seeds and a few mutations without a crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HARNESSES = sorted((ROOT / "fuzz").glob("fuzz_*.py"))
pytest.importorskip("atheris")


@pytest.mark.parametrize("harness", HARNESSES, ids=[h.stem for h in HARNESSES])
def test_harness_runs_its_seeds_and_some_mutations(harness: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()  # libFuzzer wants the folder it writes to; some harnesses make it, some do not
    command = [sys.executable, str(harness), "-runs=40", "-max_total_time=3", f"-artifact_prefix={tmp_path}/",
               str(corpus)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done" in done.stderr and any(corpus.iterdir())
