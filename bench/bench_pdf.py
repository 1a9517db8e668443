"""PDF benchmark: pages/s for the whole pipeline beside pdfplumber's and camelot's bare table finders.

    make bench

Same pages, one process; jixiao and pdfplumber take turns, best of 5 (camelot once):
- jixiao: PDF → validated records (the whole pipeline);
- peer: pdfplumber `page.extract_tables()` on every page (its bare table finder, text included);
- peer: camelot `read_pdf(flavor="lattice")` on every page.
Then peak memory of the whole pipeline on a 300-page PDF (the samples repeated), in a fresh
process (target < 500 MB), and a two-core batch of files beside one core.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pdfplumber
import pypdf
from timing import best_seconds

from jixiao.pipeline import records_from_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "samples" / "pdf" / "pingluo-xlsx.pdf", ROOT / "samples" / "pdf" / "pingluo-docx.pdf"]
BIG_PAGES = 300
TARGET_RATIO = 0.5  # of pdfplumber's bare extract_tables() on the same pages
TARGET_MB = 500
FONT_CHECK_SHARE = 0.10  # of pdfplumber's bare extract_tables() time on the same pages


def n_pages(path: Path) -> int:
    return len(pypdf.PdfReader(str(path)).pages)


def jixiao_pipeline(paths: list[Path]) -> int:
    return sum(len(records_from_path(p)) for p in paths)


def pdfplumber_tables(paths: list[Path]) -> int:
    found = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                found += len(page.extract_tables())
    return found


def camelot_lattice(paths: list[Path]) -> int:
    import camelot

    return sum(len(camelot.read_pdf(str(p), pages="all", flavor="lattice", suppress_stdout=True)) for p in paths)


def side_by_side(ours: Callable[[list[Path]], int], theirs: Callable[[list[Path]], int], paths: list[Path],
                 repeat: int = 5) -> tuple[float, float]:
    """The best of `repeat` runs of each, the two runs taking turns (a shared machine's load falls on both)."""
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        for k, work in enumerate((ours, theirs)):
            start = time.perf_counter()
            work(paths)
            best[k] = min(best[k], time.perf_counter() - start)
    return best[0], best[1]


def font_check_seconds(paths: list[Path]) -> float:
    """What the font check adds to a reading: the walk of every page's objects for text pdfium
    left out (with no text object known kept, so every one is looked at: an upper bound), timed
    alone — opening and parsing the pages is the reader's work with or without it."""
    import pypdfium2 as pdfium

    from jixiao.extract.pdf.glyph_check import survey_text

    spent = 0.0
    for path in paths:
        document = pdfium.PdfDocument(str(path))
        for page in document:
            box = tuple(page.get_bbox())
            start = time.perf_counter()
            survey_text(page.raw, set(), box)
            spent += time.perf_counter() - start
            page.close()
        document.close()
    return spent


def font_setup_seconds() -> float:
    """pdfium restarted with the fallback font's folder and the one-glyph self-test, in a fresh process."""
    code = ("import time; from jixiao.extract.pdf.fonts import configure_pdfium; t = time.perf_counter(); "
            "configure_pdfium(); print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def big_pdf(directory: Path) -> Path:
    writer = pypdf.PdfWriter()
    while len(writer.pages) < BIG_PAGES:
        for sample in SAMPLES:
            writer.append(str(sample))
    target = directory / "big.pdf"
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def peak_mb_of_pipeline(path: Path) -> tuple[float, float]:
    code = (
        "import resource, sys, time; from jixiao.pipeline import records_from_path; t = time.perf_counter(); "
        "records_from_path(sys.argv[1]); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    seconds, mb = out.stdout.split()
    return float(seconds), float(mb)


def batch_seconds(paths: list[Path], workers: int) -> float:
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(records_from_path, paths))
    return time.perf_counter() - start


def main() -> int:
    pages = sum(n_pages(p) for p in SAMPLES)
    jixiao_pipeline(SAMPLES)  # warm imports and caches, as a batch would be
    ours, theirs = side_by_side(jixiao_pipeline, pdfplumber_tables, SAMPLES)
    rows = {
        "jixiao whole pipeline (records, validated)": ours,
        "peer: pdfplumber page.extract_tables()": theirs,
        "peer: camelot lattice": best_seconds(camelot_lattice, SAMPLES, repeat=1),
    }
    base = rows["peer: pdfplumber page.extract_tables()"]
    print(f"PDFs: {pages} pages ({', '.join(p.name for p in SAMPLES)}), one process")
    print(f"{'':44} {'seconds':>8} {'pages/s':>8} {'vs pdfplumber':>14}")
    for name, seconds in rows.items():
        print(f"{name:44} {seconds:8.3f} {pages / seconds:8.1f} {seconds / base:13.2f}x")
    ratio = rows["jixiao whole pipeline (records, validated)"] / base
    print(f"target: whole pipeline ≤ {TARGET_RATIO:.1f}x pdfplumber's bare finder: "
          f"{'meets' if ratio <= TARGET_RATIO else 'MISSES'} ({ratio:.2f}x)")
    check, setup = min(font_check_seconds(SAMPLES) for _ in range(3)), font_setup_seconds()
    share = (check + setup) / base
    print(f"font check: page walk {check * 1000:.1f} ms + pdfium font setup {setup * 1000:.1f} ms once = "
          f"{share:.1%} of pdfplumber's bare finder (target ≤ {FONT_CHECK_SHARE:.0%}: "
          f"{'meets' if share <= FONT_CHECK_SHARE else 'MISSES'})")
    with tempfile.TemporaryDirectory() as tmp:
        big = big_pdf(Path(tmp))
        seconds, mb = peak_mb_of_pipeline(big)
        print(f"{n_pages(big)}-page PDF, whole pipeline in a fresh process: {seconds:.1f} s, peak memory {mb:.0f} MB "
              f"(target < {TARGET_MB} MB: {'meets' if mb < TARGET_MB else 'MISSES'})")
        files = []
        for k in range(8):
            copy = Path(tmp) / f"copy{k}.pdf"
            copy.write_bytes(SAMPLES[k % 2].read_bytes())
            files.append(copy)
        one, two = batch_seconds(files, 1), batch_seconds(files, 2)
        print(f"batch of {len(files)} files: 1 worker {one:.2f} s, 2 workers {two:.2f} s ({one / two:.2f}x)")
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
