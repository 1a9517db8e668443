"""A generated batch for the review report's tests and bench, and Debian's chromium driven by Playwright.

    batch = make_batch(tmp)          # PDFs printed by tests/pdfgen.py (one with a planted warning),
                                     # a sample workbook, a PDF deleted after extraction; its JSONL folder
    with chromium() as browser:      # a fresh profile, the flags a closed network needs
        page = browser.new_page()
"""

from __future__ import annotations

import contextlib
import json
import random
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from familygen import make_family_case  # noqa: E402
from generator import random_document  # noqa: E402
from pdfgen import PdfOptions, layout_document, write_pdf  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium keeps knocking at a closed network (machines/python.md).
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FLAG_COLOUR = (224, 0, 27)  # --flag in report.css


@dataclass
class Batch:
    sources: Path
    outdir: Path
    planted: str  # the project name of the form carrying the planted funds_unit_suspect
    gone: Path  # a PDF that was read, then deleted

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for path in sorted(self.outdir.glob("*.jsonl")) for line in path.open(encoding="utf-8")]


def _pdf(path: Path, seed: int, variant: str, n_forms: int) -> list[Any]:
    forms = random_document(random.Random(seed), variant, n_forms=n_forms)
    write_pdf(layout_document(forms, PdfOptions(style="lines", seed=seed)), path)
    return forms


def make_batch(folder: Path) -> Batch:
    """Two generated PDFs (one form with funds_unit_suspect planted), the sample workbook, a generated
    self-evaluation dump, and a PDF that is gone by the time the report is made; `jixiao extract` read
    them into folder/out."""
    from jixiao.cli import main

    sources = folder / "sources"
    sources.mkdir(parents=True)
    planted_forms = _pdf(sources / "planted.pdf", 11, "funds_unit_suspect", 2)
    _pdf(sources / "clean.pdf", 12, "clean", 2)
    gone = sources / "gone.pdf"
    _pdf(gone, 13, "clean", 1)
    shutil.copy(ROOT / "samples" / "pdf" / "pingluo-xlsx.xlsx", sources / "workbook.xlsx")
    self_eval = make_family_case(5, "project_self_eval", "tsv", plant="score_exceeds_weight", n_forms=1)
    (sources / "self-eval.txt").write_text(self_eval.text, encoding="utf-8")
    outdir = folder / "out"
    assert main(["extract", str(sources), "-o", str(outdir), "--jobs", "1", "--quiet"]) == 0
    gone.unlink()
    planted = next(f.name for f in planted_forms if "funds_unit_suspect" in f.warnings)
    return Batch(sources, outdir, planted, gone)


@contextlib.contextmanager
def chromium(width: int = 1400, height: int = 1000) -> Iterator[Any]:
    """A browser context of Debian's chromium with a new empty profile (no Playwright browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="jixiao-chromium-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True,
            viewport={"width": width, "height": height}, device_scale_factor=1)
        try:
            yield context
        finally:
            context.close()


def open_report(context: Any, html: Path) -> tuple[Any, list[str]]:
    """The report opened in a new tab, and the list its console errors and page errors are collected in."""
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: errors.append(f"request failed: {request.url}"))
    page.goto(html.resolve().as_uri(), wait_until="load")
    page.wait_for_selector("body[data-rendered]")
    return page, errors


def many_records(records: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """n records cycled from the batch, each a project of its own, over eight years."""
    import copy

    out = []
    for k in range(n):
        record = copy.deepcopy(records[k % len(records)])
        record["project"]["name"] = f"{record['project']['name'] or '项目'}-{k:04d}"
        record["year"] = 2018 + k % 8
        out.append(record)
    return out
