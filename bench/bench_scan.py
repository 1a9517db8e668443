"""Scanned-page benchmark: seconds per page for the whole pipeline beside full-page RapidOCR.

    make bench        (or: .venv/bin/python bench/bench_scan.py [--repeat 3])

Two sets of scans, each read by both, interleaved in one process, best of --repeat:
- the samples' own kind: 200-dpi grey (pages rendered, rotated 0.8°, noisy, JPEG);
- scans unlike ours, made as bench/scan_accuracy.py makes them: 150 and 250 dpi, bilevel,
  blurry, faint, a few pages of both sample PDFs each.
The readers:
- jixiao: scanned PDF → validated records (rules found with OpenCV, cells recognised line by line);
- peer: RapidOCR over the whole page image as scanned (detection + recognition), as a user would
  run it, with the same bundled models and thread count.
Target: the pipeline at most 0.5× the full-page OCR time over the scans unlike ours (and on the
samples' kind). Then peak memory: of this process (both readers loaded), and of a fresh process
reading a long scan (LONG_PAGES pages) alone.
"""

from __future__ import annotations

import argparse
import io
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2
import rapidocr
from jixiao.extract.scan.ocr import CLS_MODEL, DET_MODEL, REC_MODEL, ocr_threads
from PIL import Image, ImageFilter
from rapidocr import RapidOCR
from scan_accuracy import KINDS, scanned_pages

from jixiao.pipeline import records_from_path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "samples" / "pdf" / "pingluo-docx.pdf"
PAGES = (0, 1, 2)
DPI = 200
TARGET_RATIO = 0.5
LONG_PAGES = 20
UNLIKE_DPIS = (150, 250)
UNLIKE_PAGES = {ROOT / "samples" / "pdf" / "pingluo-docx.pdf": (0, 1), ROOT / "samples" / "pdf" / "pingluo-xlsx.pdf": (0, 1)}


def scan(index: int) -> Image.Image:
    image = pypdfium2.PdfDocument(str(SOURCE))[index].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    image = image.rotate(0.8, fillcolor=255, resample=Image.BICUBIC)
    noisy = np.array(image).astype(np.int16) + np.random.default_rng(index).normal(0, 12, image.size[::-1])
    image = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=75)
    return Image.open(buffer).convert("L")


def full_page_ocr() -> RapidOCR:
    """RapidOCR as a user runs it: its defaults (every core), the same bundled models, no classifier."""
    models = Path(rapidocr.__file__).parent / "models"
    return RapidOCR(params={"Global.log_level": "error", "Global.use_cls": False,
                            "Det.model_path": str(models / DET_MODEL), "Rec.model_path": str(models / REC_MODEL),
                            "Cls.model_path": str(models / CLS_MODEL)})


def long_scan_peak(images: list[Image.Image], tmp: Path) -> tuple[float, float]:
    """(seconds per page, peak MB) of a fresh process reading a LONG_PAGES-page scan into records."""
    pdf = tmp / "long.pdf"
    pages = [images[i % len(images)] for i in range(LONG_PAGES)]
    pages[0].save(pdf, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    code = ("import sys, time; from jixiao.pipeline import records_from_path; t = time.perf_counter(); "
            "records_from_path(sys.argv[1]); print(time.perf_counter() - t)")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run([sys.executable, "-c", code, str(pdf)], check=True, capture_output=True, text=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return float(out.stdout.split()[-1]) / LONG_PAGES, max(peak, before) / 1024


@dataclass(slots=True)
class ScanSet:
    """Scans of one kind: the PDFs jixiao reads, the page images the peer reads, best times so far."""

    kind: str
    pdfs: list[Path]
    images: list[np.ndarray]  # RGB, as scanned
    ours: float = float("inf")
    peer: float = float("inf")
    unlike: bool = True

    @property
    def ratio(self) -> float:
        return self.ours / self.peer


def _saved(pages: list[Image.Image], path: Path, dpi: int) -> Path:
    pages[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return path


def scan_sets(tmp: Path) -> list[ScanSet]:
    samples = [scan(i) for i in PAGES]
    sets = [ScanSet(f"samples' kind {DPI}", [_saved(samples, tmp / "samples.pdf", DPI)],
                    [np.array(im.convert("RGB")) for im in samples], unlike=False)]
    for dpi in UNLIKE_DPIS:
        for kind in KINDS:
            pdfs, images = [], []
            for source, indices in UNLIKE_PAGES.items():
                pages = scanned_pages(source, dpi, kind, indices)
                pdfs.append(_saved(pages, tmp / f"{source.stem}-{dpi}-{kind}.pdf", dpi))
                images.extend(np.array(page.convert("RGB")) for page in pages)
            sets.append(ScanSet(f"{dpi} {kind}", pdfs, images))
    return sets


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def measure(sets: list[ScanSet], peer: RapidOCR, repeat: int) -> None:
    """Best times per page of both readers, set after set, each round (noise on a shared machine
    hits both alike)."""
    for _ in range(repeat):
        for scans in sets:
            pages = len(scans.images)
            scans.ours = min(scans.ours, _seconds(lambda s=scans: [records_from_path(p) for p in s.pdfs]) / pages)
            scans.peer = min(scans.peer, _seconds(lambda s=scans: [peer(im) for im in s.images]) / pages)


def report(sets: list[ScanSet]) -> None:
    print(f"scanned pages, {ocr_threads()} OCR threads; s/page, best of the rounds")
    print(f"{'scans':22} {'pages':>5} {'jixiao':>8} {'full-page':>10} {'ratio':>7}")
    for scans in sets:
        print(f"{scans.kind:22} {len(scans.images):5d} {scans.ours:8.2f} {scans.peer:10.2f} {scans.ratio:6.2f}x")
    unlike = [s for s in sets if s.unlike]
    ours = sum(s.ours * len(s.images) for s in unlike)
    peer = sum(s.peer * len(s.images) for s in unlike)
    ratio = ours / peer
    print(f"{'all scans unlike ours':22} {sum(len(s.images) for s in unlike):5d} "
          f"{ours / sum(len(s.images) for s in unlike):8.2f} {peer / sum(len(s.images) for s in unlike):10.2f} "
          f"{ratio:6.2f}x")
    worst = max(ratio, *(s.ratio for s in sets if not s.unlike))
    print(f"target: ≤ {TARGET_RATIO}x the full-page OCR time: {'meets' if worst <= TARGET_RATIO else 'MISSES'} "
          f"(unlike ours {ratio:.2f}x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="rounds; the best of them counts")
    parser.add_argument("--no-memory", action="store_true", help="skip the long-scan memory run")
    args = parser.parse_args()
    peer = full_page_ocr()
    with tempfile.TemporaryDirectory() as tmp:
        sets = scan_sets(Path(tmp))
        records_from_path(sets[0].pdfs[0])  # load the models once, as a batch would
        peer(sets[0].images[0])
        measure(sets, peer, args.repeat)
        report(sets)
        print(f"peak memory, this process (pipeline and peer loaded): "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        if not args.no_memory:
            long_per_page, long_peak = long_scan_peak([scan(i) for i in PAGES], Path(tmp))
            print(f"{LONG_PAGES}-page scan in a fresh process: {long_per_page:.2f} s/page (models loaded once), "
                  f"peak {long_peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
