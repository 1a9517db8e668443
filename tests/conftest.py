from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def pytest_configure(config: pytest.Config) -> None:
    """pdfium's fonts set before any test opens a PDF, whatever order the tests run in; and no run of
    compiled modules built from older sources than the checkout's (they would test the old code)."""
    from jixiao.compiled import compiled_state
    from jixiao.extract.pdf.fonts import configure_pdfium

    state = compiled_state()
    if state.stale:
        pytest.exit(state.summary(), returncode=2)
    configure_pdfium()


@pytest.fixture
def forked_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batch workers forked whatever threads the test process runs, so that they see what a test
    patched in-process (a spawned worker imports the modules afresh)."""
    import multiprocessing

    from jixiao.batch import pool

    monkeypatch.setattr(pool, "_context", lambda: multiprocessing.get_context("fork"))
