"""Review report benchmark: how fast a 2,000-record report opens in the browser (the target: under 3 s).

    make bench        (or: .venv/bin/python bench/bench_report.py)

A generated batch (tests/reportkit.py: PDFs printed by tests/pdfgen.py, the sample workbook, a
self-evaluation dump) is cycled to 2,000 records, each its own project, and written as one report
with its page crops. Debian's chromium (Playwright, a fresh profile each run) opens it from disk;
timed from navigation to DOMContentLoaded and to the first page of records drawn, best and median
of 5 opens. Also printed: the report's build time and size, and a filter change on 2,000 records.
On a loaded machine only the ratios within one run mean much.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from reportkit import CHROMIUM, chromium, make_batch, many_records  # noqa: E402

N_RECORDS = 2000
OPENS = 5
TARGET_SECONDS = 3.0


def _open_once(html: Path) -> tuple[float, float, float]:
    """Seconds to DOMContentLoaded, to the first page drawn, and for one filter change."""
    with chromium() as context:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(html.as_uri(), wait_until="domcontentloaded")
        loaded = time.perf_counter() - started
        page.wait_for_selector("body[data-rendered]")
        drawn = time.perf_counter() - started
        started = time.perf_counter()
        page.check("#f-warned")
        # polled from here: wait_for_function compiles its text with eval, which the page's policy refuses
        while (page.text_content("#shown-count") or "").startswith("2000 of"):
            time.sleep(0.005)
        filtered = time.perf_counter() - started
    return loaded, drawn, filtered


def main() -> int:
    if not CHROMIUM.exists():
        print("bench_report: no /usr/bin/chromium (make test installs it); skipped")
        return 0
    from jixiao.extract.pdf.fonts import configure_pdfium
    from jixiao.report.build import build_report

    configure_pdfium()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-report-") as folder:
        batch = make_batch(Path(folder))
        records = many_records(batch.records(), N_RECORDS)
        html = Path(folder) / "report.html"
        started = time.perf_counter()
        summary = build_report(records, html)
        built = time.perf_counter() - started
        runs = [_open_once(html) for _ in range(OPENS)]
        drawn = [r[1] for r in runs]
        print(f"review report, {N_RECORDS:,} records ({summary.images} page crops, HTML {html.stat().st_size / 1e6:.1f} MB), "
              f"built in {built:.1f} s")
        print(f"  opened in chromium: DOMContentLoaded best {min(r[0] for r in runs):.2f} s; first page drawn best "
              f"{min(drawn):.2f} s, median {statistics.median(drawn):.2f} s (target < {TARGET_SECONDS:.0f} s: "
              f"{'met' if statistics.median(drawn) < TARGET_SECONDS else 'NOT met'}); a filter change "
              f"{statistics.median(r[2] for r in runs) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
