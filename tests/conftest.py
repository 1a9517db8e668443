from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def pytest_configure(config: pytest.Config) -> None:
    """pdfium's fonts set before any test opens a PDF, whatever order the tests run in."""
    from jixiao.extract.pdf.fonts import configure_pdfium

    configure_pdfium()
