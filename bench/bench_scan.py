"""Scanned-page benchmark: seconds per page for the whole pipeline beside full-page RapidOCR.

    make bench

The same 200-dpi scans (sample pages rendered, rotated 0.8°, noisy, JPEG), one process, best of 2:
- jixiao: scanned PDF → validated records (rules found with OpenCV, cells recognised line by line);
- peer: RapidOCR over the whole page image (detection + recognition), as a user would run it,
  with the same bundled models and thread count.
Target: the pipeline at most 0.5× the full-page OCR time per page. Then peak memory: of this
process (both readers loaded), and of a fresh process reading a long scan (LONG_PAGES pages) alone.
"""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pypdfium2
import rapidocr
from jixiao.extract.scan.ocr import CLS_MODEL, DET_MODEL, REC_MODEL, ocr_threads
from PIL import Image, ImageFilter
from rapidocr import RapidOCR
from timing import best_seconds

from jixiao.pipeline import records_from_path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "samples" / "pdf" / "pingluo-docx.pdf"
PAGES = (0, 1, 2)
DPI = 200
TARGET_RATIO = 0.5
LONG_PAGES = 20


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


def main() -> int:
    images = [scan(i) for i in PAGES]
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "scans.pdf"
        images[0].save(pdf, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
        records_from_path(pdf)  # load the models once, as a batch would
        ours = best_seconds(records_from_path, pdf, repeat=2) / len(PAGES)
        long_per_page, long_peak = long_scan_peak(images, Path(tmp))
    arrays = [np.array(im.convert("RGB")) for im in images]
    peer = full_page_ocr()
    peer(arrays[0])
    start = time.perf_counter()
    for array in arrays:
        peer(array)
    full_page = (time.perf_counter() - start) / len(PAGES)
    ratio = ours / full_page
    print(f"scanned pages: {len(PAGES)} at {DPI} dpi, {ocr_threads()} OCR threads")
    print(f"{'':42} {'s/page':>8} {'vs full-page':>13}")
    print(f"{'jixiao whole pipeline (records, validated)':42} {ours:8.2f} {ratio:12.2f}x")
    print(f"{'peer: RapidOCR over the whole page':42} {full_page:8.2f} {1.0:12.2f}x")
    print(f"target: ≤ {TARGET_RATIO}x the full-page OCR time: {'meets' if ratio <= TARGET_RATIO else 'MISSES'} "
          f"({ratio:.2f}x)")
    print(f"peak memory, this process (pipeline and peer loaded): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"{LONG_PAGES}-page scan in a fresh process: {long_per_page:.2f} s/page (models loaded once), "
          f"peak {long_peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
